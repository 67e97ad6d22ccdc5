"""Expand command-line arguments (files, directories, globs) into the files to scan.

Directories are walked recursively in sorted order; symlinked directories are followed once
(a symlink loop is reported, never followed forever); hidden files and directories (``.git``,
``~$`` Office lock files) are skipped. Problems are *yielded* as :class:`DocumentError` so a
batch goes on: a broken link, a directory that cannot be listed, and any entry that is not a
regular file (a FIFO, socket or device would block or never end: it is reported, never opened).

``include``/``exclude`` are globs matched against the file name and against the path relative
to the directory argument (``*.docx``, ``附件/**``, ``**/草稿*``).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.docx").write_bytes(b"x"); _ = (d / "b.txt").write_text("y")
>>> [p.name for p in iter_inputs([d], include=["*.docx"])]
['a.docx']
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from screening.errors import DocumentError
from screening.paths import check_regular, file_kind

#: Files skipped when walking a directory (given explicitly, they are read).
SKIPPED_PREFIXES = (".", "~$")


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    for pat in patterns:
        if fnmatch.fnmatchcase(name, pat) or fnmatch.fnmatchcase(rel, pat) or PurePosixPath(rel).match(pat):
            return True
        if pat.startswith("**/") and fnmatch.fnmatchcase(rel, pat[3:]):
            return True
    return False


def _wanted(rel: str, name: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    if include and not _matches(rel, name, include):
        return False
    return not (exclude and _matches(rel, name, exclude))


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[Path | DocumentError]:
    """Files to scan, in a stable order, or a :class:`DocumentError` per argument/entry that fails."""
    inc, exc = tuple(include), tuple(exclude)
    seen: set[Path] = set()
    for arg in paths:
        p = Path(arg)
        if not os.path.lexists(p) and glob.has_magic(str(arg)):
            matches = sorted(glob.glob(str(arg), recursive=True))
            if not matches:
                yield DocumentError("no file matches this pattern", path=str(arg))
            for m in matches:
                yield from _one(Path(m), inc, exc, seen, explicit=False)
            continue
        yield from _one(p, inc, exc, seen, explicit=True)


def _one(p: Path, inc: tuple[str, ...], exc: tuple[str, ...], seen: set[Path],
         explicit: bool) -> Iterator[Path | DocumentError]:
    try:
        is_dir = p.is_dir()
        exists = p.exists()
    except OSError as e:
        yield DocumentError(f"cannot access: {e.strerror or e}", path=str(p))
        return
    if not exists:
        reason = "broken symbolic link" if p.is_symlink() else "no such file or directory"
        yield DocumentError(reason, path=str(p))
        return
    if is_dir:
        yield from _walk(p, inc, exc, seen)
        return
    if not explicit and not _wanted(p.name, p.name, inc, exc):
        return
    try:
        check_regular(p)  # a FIFO or /dev/zero named on the command line: an error, never opened
    except DocumentError as e:
        yield e
        return
    key = _key(p)
    if key not in seen:
        seen.add(key)
        yield p


def _key(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return p.absolute()


def _walk(root: Path, inc: tuple[str, ...], exc: tuple[str, ...], seen: set[Path]) -> Iterator[Path | DocumentError]:
    """Depth-first, sorted; each real directory is entered once (symlink loops are reported)."""
    visited: set[tuple[int, int]] = set()
    stack: list[Path] = [root]
    while stack:
        d = stack.pop()
        try:
            st = d.stat()
        except OSError as e:
            yield DocumentError(f"cannot access directory: {e.strerror or e}", path=str(d))
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            yield DocumentError("symbolic link loop (directory already visited); skipped", path=str(d))
            continue
        visited.add(ident)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except PermissionError:
            yield DocumentError("permission denied (directory)", path=str(d))
            continue
        except OSError as e:
            yield DocumentError(f"cannot list directory: {e.strerror or e}", path=str(d))
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith(SKIPPED_PREFIXES):
                continue
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            try:
                if entry.is_dir(follow_symlinks=True):
                    if not (exc and _matches(rel, entry.name, exc)):
                        subdirs.append(path)
                    continue
                if not entry.is_file(follow_symlinks=True):
                    if entry.is_symlink() and not path.exists():
                        yield DocumentError("broken symbolic link", path=str(path))
                    elif _wanted(rel, entry.name, inc, exc):  # FIFO, socket, device: reported, never opened
                        kind = file_kind(entry.stat(follow_symlinks=True).st_mode)
                        yield DocumentError(f"not a regular file ({kind}); skipped without opening it",
                                            path=str(path))
                    continue
            except OSError as e:  # ELOOP on a self-referencing link, EACCES ...
                yield DocumentError(f"cannot access: {e.strerror or e}", path=str(path))
                continue
            if not _wanted(rel, entry.name, inc, exc):
                continue
            key = _key(path)
            if key in seen:
                continue
            seen.add(key)
            yield path
        stack.extend(reversed(subdirs))
