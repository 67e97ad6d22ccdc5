"""Resource limits for readers: zip bombs, oversize parts, huge files.

Limits are checked *before* anything is decompressed, from the zip central directory
(``ZipInfo.file_size`` / ``compress_size``). :mod:`zipfile` never inflates a member past its
declared ``file_size``, so a lying header cannot get past these checks either.

>>> lim = Limits(max_parts=2)
>>> lim.max_parts, Limits().max_parts > 2
(2, True)
>>> Limits.from_options(max_total_size=10).max_total_size
10
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, fields, replace
from typing import Any

from screening.errors import DocumentError, ResourceLimitExceeded

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Configurable limits (bytes unless said otherwise).

    ``max_total_size``: sum of the decompressed sizes of all zip members.
    ``max_parts``: number of members in a zip package.
    ``max_part_size``: decompressed size of one member.
    ``max_ratio``: decompressed/compressed size of one member larger than 1 MB (zip bombs reach 1000+;
    real XML rarely exceeds 100).
    ``max_file_size``: size of the file on disk.
    ``max_text_size``: plain-text/HTML files are read whole; bigger ones are refused.
    ``max_pages``: PDF pages.
    ``max_residue_chars``: characters of text the residue sweep collects outside the parts a reader
    understands (:mod:`screening.documents.residue`); each is scanned, so a package of repeated text
    in odd places must not grow without bound.
    ``max_text_chars``: characters of text one zip package's reader may extract (every cell and
    paragraph); past it the file is refused with a clear error instead of taking gigabytes. The
    default is twice a 100,000-row, 10-column roster (8.4 M characters); scanning costs ~4 s and
    ~60 MB per million characters of dense Chinese text.
    ``max_xml_part_size``: decompressed size of the XML parts read as whole trees (the Word parts,
    each and together; a worksheet is streamed), and of any one part the residue sweep reads. Dense
    paragraphs cost ~13x their bytes to read and the scan/redaction of their text as much again
    (measured: 23 MB of XML, 7 M characters: scan 0.5 GB, redact 0.75 GB), so 24 MB keeps one file
    under ~1 GB; it is still thousands of pages.
    ``max_pdf_stream_size``: decompressed size of one PDF stream that is not an image (page content,
    fonts, metadata, attachments); measured before any reader inflates it (see
    :mod:`screening.documents.pdf_limits`). A dense page's content is well under 1 MB.
    """

    max_total_size: int = 1024 * MB
    max_parts: int = 10_000
    max_part_size: int = 512 * MB
    max_ratio: float = 200.0
    max_file_size: int = 2048 * MB
    max_text_size: int = 64 * MB
    max_pages: int = 5_000
    max_residue_chars: int = 4_000_000
    max_text_chars: int = 16_000_000
    max_xml_part_size: int = 24 * MB
    max_pdf_stream_size: int = 64 * MB

    @classmethod
    def from_options(cls, base: Limits | None = None, **options: Any) -> Limits:
        """``Limits`` with some values overridden; ``None`` values are ignored.

        Raises ``TypeError`` for an unknown option name (a typo must not silently do nothing).
        """
        known = {f.name for f in fields(cls)}
        unknown = set(options) - known
        if unknown:
            raise TypeError(f"unknown limit(s) {sorted(unknown)}; known: {sorted(known)}")
        given = {k: v for k, v in options.items() if v is not None}
        return replace(base or cls(), **given)


def _human(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{int(n)} bytes"


def check_zip(zf: zipfile.ZipFile, limits: Limits, path: str | None = None) -> None:
    """Raise :class:`ResourceLimitExceeded` if the package breaks a limit (nothing is inflated)."""
    infos = zf.infolist()
    if len(infos) > limits.max_parts:
        raise ResourceLimitExceeded(
            f"zip package has {len(infos)} parts (limit {limits.max_parts})", path=path
        )
    total = 0
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise DocumentError(f"duplicate member name {info.filename!r} in the zip package "
                                "(one copy would be read, another shown)", path=path)
        seen.add(info.filename)
        if info.file_size > limits.max_part_size:
            raise ResourceLimitExceeded(
                f"part {info.filename!r} inflates to {_human(info.file_size)} "
                f"(limit {_human(limits.max_part_size)})",
                path=path,
            )
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ResourceLimitExceeded(
                f"part {info.filename!r} has compression ratio "
                f"{info.file_size / max(info.compress_size, 1):.0f}:1 (limit {limits.max_ratio:.0f}:1; zip bomb?)",
                path=path,
            )
        total += info.file_size
        if total > limits.max_total_size:
            raise ResourceLimitExceeded(
                f"zip package inflates to more than {_human(limits.max_total_size)} (zip bomb?)", path=path
            )


def open_zip(path: str, limits: Limits) -> zipfile.ZipFile:
    """Open a zip package and check it against ``limits``.

    Raises :class:`DocumentError` for a corrupt zip, :class:`ResourceLimitExceeded` for a bomb.
    """
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"corrupt or truncated zip package ({exc})", path=path) from None
    except (OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError(f"cannot open zip package ({exc})", path=path) from None
    try:
        check_zip(zf, limits, path)
    except BaseException:
        zf.close()
        raise
    return zf


def check_text_size(chars: int, limits: Limits, path: str | None, what: str) -> None:
    """Raise :class:`ResourceLimitExceeded` once a reader has extracted more than
    ``limits.max_text_chars`` characters (a zip bomb of repeated text inside the size limits)."""
    if chars > limits.max_text_chars:
        raise ResourceLimitExceeded(
            f"more than {limits.max_text_chars:,} characters of text in {what} (limit max_text_chars; "
            "a zip bomb of repeated text?)", path=path)


def check_tree_part(zf: zipfile.ZipFile, name: str, limits: Limits, path: str | None) -> None:
    """Raise :class:`ResourceLimitExceeded` before a part too big to parse as one tree is inflated."""
    info = zf.NameToInfo.get(name)
    if info is not None and info.file_size > limits.max_xml_part_size:
        raise ResourceLimitExceeded(
            f"part {name!r} inflates to {_human(info.file_size)}, more than can be parsed as one tree "
            f"(limit max_xml_part_size {_human(limits.max_xml_part_size)})", path=path)


def check_tree_parts(zf: zipfile.ZipFile, names: list[str], limits: Limits, path: str | None) -> None:
    """:func:`check_tree_part` for each part, and for their sum: a reader keeps every tree it parsed,
    so four parts just under the limit must not take four times the memory (an in-limit zip bomb)."""
    total = 0
    for name in names:
        check_tree_part(zf, name, limits, path)
        info = zf.NameToInfo.get(name)
        total += info.file_size if info is not None else 0
        if total > limits.max_xml_part_size:
            raise ResourceLimitExceeded(
                f"the parts read as trees inflate to {_human(total)} together (at {name!r}), more than can be "
                f"parsed (limit max_xml_part_size {_human(limits.max_xml_part_size)}; a zip bomb?)", path=path)


def read_member(zf: zipfile.ZipFile, name: str, path: str | None = None) -> bytes:
    """Read one member; a corrupt member becomes :class:`DocumentError`."""
    try:
        return zf.read(name)
    except KeyError:
        raise DocumentError(f"missing part {name!r}", path=path) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise DocumentError(f"corrupt part {name!r} ({exc})", path=path) from None
    except Exception as exc:  # zlib.error and friends
        raise DocumentError(f"corrupt part {name!r} ({type(exc).__name__}: {exc})", path=path) from None
