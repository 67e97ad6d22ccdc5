"""One-call helpers on a shared default :class:`~screening.engine.Screener`.

CMS plugins that scan many documents should build their own ``Screener`` once and pass it; these
helpers build a default one on first use (thread-safe) so scripts can stay short.

>>> from screening import scan_text
>>> [f.entity_type for f in scan_text("公民身份号码：11010519491231002X")]
['CN_RESIDENT_ID']
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening.engine import Screener
    from screening.findings import Finding
    from screening.results import DocumentResult

_lock = threading.Lock()
_default: Screener | None = None


def default_screener() -> Screener:
    """The process-wide default Screener, built on first use."""
    global _default
    with _lock:
        if _default is None:
            from screening.engine import Screener

            _default = Screener()
        return _default


def scan_text(text: str, screener: Screener | None = None) -> list[Finding]:
    """Findings in ``text`` (offsets into ``text``)."""
    return (screener or default_screener()).scan_text(text)


def scan_file(path: str | os.PathLike[str], screener: Screener | None = None, **read_options: Any) -> DocumentResult:
    """Read and scan one file; a bad file gives ``status == "error"`` rather than an exception.

    Never blocks or aborts on a hostile path: a FIFO, socket or device (``/dev/zero``) is refused
    before it is opened, and an unreadable file, a size limit hit, a ``MemoryError`` or a parser's
    surprise is that file's error (the caller's batch goes on; the gate fails for it).

    >>> import os, tempfile
    >>> fifo = os.path.join(tempfile.mkdtemp(), "pipe.txt"); os.mkfifo(fifo)
    >>> r = scan_file(fifo)
    >>> r.status, "not a regular file (FIFO)" in r.error
    ('error', True)
    """
    from screening.results import scan_file as _scan_file

    return _scan_file(path, screener or default_screener(), **read_options)
