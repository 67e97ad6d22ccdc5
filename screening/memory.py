"""Giving freed memory back to the system between the phases of a big run.

CPython frees small objects into its own arenas and bigger blocks into the C heap; glibc keeps much
of a freed heap mapped (the top of the heap and whole free pages inside it stay resident until
``malloc_trim`` is called). After a phase that built and dropped hundreds of MB (a roster's findings
once planned, the value automaton of the verification) the next phase would otherwise grow the
process further instead of reusing those pages in place of new ones -- and forked workers share
(and count) what the parent still holds.

The other lever is not to fork: a forked helper (the big sheet's second reader, the chunk workers
of a scan) is cheap next to a process that holds only the document, but a process that already holds
a document, its plan and the verification's expectations pays for each worker's own memory on top
of all that. :func:`single_process` makes the reads and scans inside it run in this process.

>>> trim_heap() in (True, False)
True
>>> with single_process():
...     forking_allowed()
False
>>> forking_allowed()
True
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_MALLOC_TRIM: Any = None  # glibc's malloc_trim, once looked up (False: not there)


def _malloc_trim() -> Any:
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        try:
            import ctypes

            fn = ctypes.CDLL(None).malloc_trim
            fn.argtypes = [ctypes.c_size_t]
            fn.restype = ctypes.c_int
            _MALLOC_TRIM = fn
        except (OSError, AttributeError, ImportError, TypeError):  # not glibc (musl, macOS, Windows), or no ctypes
            _MALLOC_TRIM = False
    return _MALLOC_TRIM


def trim_heap() -> bool:
    """Return the C heap's free memory to the system (glibc's ``malloc_trim(0)``); a no-op where
    the C library has no such call. True when glibc was asked (whether or not it freed anything)."""
    fn = _malloc_trim()
    if not fn:
        return False
    try:
        fn(0)
    except (OSError, ValueError):  # (ctypes reports a failing call this way; nothing to do about it)
        return False
    return True


_lock = threading.Lock()
_single = 0  # single_process() blocks currently open (in any thread)


@contextmanager
def single_process() -> Iterator[None]:
    """Inside it, readers and scans fork no helper or chunk worker (:func:`forking_allowed` is
    False): they run in this process, with the same results. Nested and concurrent blocks count."""
    global _single
    with _lock:
        _single += 1
    try:
        yield
    finally:
        with _lock:
            _single -= 1


def forking_allowed() -> bool:
    """False inside :func:`single_process`; the callers also check everything else (fork support,
    a single-threaded main process, the configured number of jobs)."""
    return _single == 0


__all__ = ["forking_allowed", "single_process", "trim_heap"]
