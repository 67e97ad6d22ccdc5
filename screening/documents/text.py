"""Plain-text reader (.txt/.md/.csv): BOM / UTF-8 / GB18030 detection, never a silent guess."""

from __future__ import annotations

import codecs

from screening.documents.model import Document, Segment
from screening.errors import DocumentError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB (after a UTF-16/32 BOM check)."""
    head = data[:8192]
    if any(head.startswith(b) for b, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and ctrl / len(head) > 0.05


def detect_encoding(data: bytes) -> str:
    """The encoding of ``data``: a BOM, else strict UTF-8, else strict GB18030.

    Raises :class:`DocumentError` when none decodes: we never guess silently.

    >>> detect_encoding("公示".encode("gbk"))
    'gb18030'
    >>> detect_encoding("公示".encode("utf-8"))
    'utf-8'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    for enc in ("utf-8", "gb18030"):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    raise DocumentError("not valid UTF-8 or GB18030 text (binary or unknown encoding)")


def decode_text(data: bytes) -> tuple[str, str, str]:
    """``(text, encoding, newline)``; line endings are kept as they are in the file."""
    if looks_binary(data):
        raise DocumentError("binary data, not a text file")
    enc = detect_encoding(data)
    text = data.decode(enc)
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
    return text, enc, newline


def read_text(data: bytes, path: str | None = None, fmt: str = "text") -> Document:
    """A one-segment document whose offsets are offsets into the decoded file."""
    try:
        text, enc, newline = decode_text(data)
    except DocumentError as exc:
        raise DocumentError(exc.message, path=path) from None
    return Document(
        path=path,
        format=fmt,
        segments=[Segment(text, {"part": "body"})],
        facts={"encoding": enc, "newline": newline, "chars": len(text)},
    )
