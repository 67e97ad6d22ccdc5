"""Path safety shared by the CLI and the library: what may be opened, what may be written where.

* :func:`check_regular` refuses a FIFO, socket or device **before** anything opens it (reading a
  FIFO blocks forever, ``/dev/zero`` never ends) and names what it is;
* :func:`same_file` / :func:`side_file_conflict` stop a ``--log`` or ``--keep-originals`` file
  from landing on an input or on an output of the same run;
* :func:`atomic_write` writes a temp file beside the target and renames it; temp files carry
  :data:`TEMP_PREFIX`, the host and the writing process id, so :func:`clean_stale_temps` removes
  those a killed run left behind (only ours, only when that process is gone).

>>> import os, tempfile
>>> d = tempfile.mkdtemp(); fifo = os.path.join(d, "pipe"); os.mkfifo(fifo)
>>> try:
...     check_regular(fifo)
... except DocumentError as exc:
...     print(exc.message)
not a regular file (FIFO); refused without opening it
>>> p = os.path.join(d, "a.json"); atomic_write(p, b"{}", mode=0o600); oct(os.stat(p).st_mode & 0o777)
'0o600'
>>> side_file_conflict(p, inputs=[p], outputs=[])
'is also an input of this run'
"""

from __future__ import annotations

import os
import re
import socket
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from screening.errors import DocumentError

#: temp files (and nothing else) we write start with this; ``.``-prefixed so walks skip them
TEMP_PREFIX = ".screening-tmp."
_TEMP_RE = re.compile(re.escape(TEMP_PREFIX) + r"(?P<host>[A-Za-z0-9-]+)\.(?P<pid>\d+)\.")

PathLike = str | os.PathLike[str]


def file_kind(mode: int) -> str:
    """What a ``st_mode`` is, in words (``regular file``, ``FIFO``, ``socket`` ...)."""
    for test, name in ((stat.S_ISREG, "regular file"), (stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def check_regular(path: PathLike) -> os.stat_result:
    """The ``stat`` of ``path`` if it is a regular file (symlinks followed); else a
    :class:`DocumentError` naming the file and what it is. Never opens the file."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(name) else "no such file"
        raise DocumentError(reason, path=name) from None
    except PermissionError:
        raise DocumentError("permission denied", path=name) from None
    except OSError as exc:  # ELOOP, ENAMETOOLONG, ENOTDIR ...
        raise DocumentError(f"cannot access: {exc.strerror or exc}", path=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError("is a directory", path=name)
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(f"not a regular file ({file_kind(st.st_mode)}); refused without opening it", path=name)
    return st


def open_regular(path: PathLike) -> int:
    """A read-only descriptor of ``path``, refused (closed again) unless it is a regular file.

    Opened non-blocking so that a file swapped for a FIFO after :func:`check_regular` cannot block
    the open itself; the type is checked on the open descriptor (no race), then blocking is restored.
    """
    check_regular(path)
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except PermissionError:
        raise DocumentError("permission denied", path=name) from None
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}", path=name) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise DocumentError(f"not a regular file ({file_kind(mode)}); refused without reading it", path=name)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


def same_file(a: PathLike, b: PathLike) -> bool:
    """``a`` and ``b`` name the same file: the same inode when both exist (hard links, symlinks,
    ``./x`` vs ``x``), else the same fully resolved path."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def side_file_conflict(path: PathLike, inputs: Iterable[PathLike], outputs: Iterable[PathLike],
                       others: Iterable[PathLike] = ()) -> str | None:
    """Why ``path`` (a log or originals file) must not be written, or None when it may.

    It may not be an input, an output of the same run, another side file (``others``), or an
    existing directory.
    """
    if os.path.isdir(path):
        return "is a directory"
    if any(same_file(path, i) for i in inputs):
        return "is also an input of this run"
    if any(same_file(path, o) for o in outputs):
        return "is also an output of this run"
    if any(same_file(path, o) for o in others):
        return "is the same file as another output option"
    return None


def is_inside(path: PathLike, folder: PathLike) -> bool:
    """``path`` lies in ``folder`` or below it (both resolved)."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
    except (OSError, ValueError):
        return False


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname() or "host")[:40] or "host"


def temp_file(folder: PathLike, suffix: str = "") -> Path:
    """A new empty temp file (0600) in ``folder``, named so :func:`clean_stale_temps` knows it."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{_host()}.{os.getpid()}.", suffix=suffix)
    os.close(fd)
    return Path(name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or we cannot tell): keep its files
    return True


def clean_stale_temps(folder: PathLike) -> list[Path]:
    """Remove temp files a killed run left in ``folder``: only names with :data:`TEMP_PREFIX`
    written on this host by a process that no longer exists. Returns what was removed."""
    removed: list[Path] = []
    host = _host()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if m is None or m["host"] != host or _alive(int(m["pid"])):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _umask() -> int:
    """This process's umask, read without changing it (``os.umask`` sets it: not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def atomic_write(path: PathLike, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and :func:`os.replace`
    (readers see the old file or the whole new one, never a part); the file gets ``mode`` less the
    umask. Stale temp files of killed runs in that folder are removed first.
    A file written with ``mode=0o600`` is never readable by others, not even for a moment."""
    target = Path(path)
    clean_stale_temps(target.parent)
    tmp = temp_file(target.parent, suffix=target.suffix)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode & ~_umask())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
