"""Batches on every core: a process pool of workers that each build one :class:`Screener`
(:func:`pool_results`; a worker that dies costs only the file it was scanning).

A worker sends a document back as a compact *record* (the JSON-ready fields of a
:class:`~screening.results.DocumentResult`, findings as dicts); :func:`result_from_record` turns it
back into a result whose report is byte-for-byte the one an in-process scan writes. Results come
back in input order whatever the number of jobs, so ``--jobs 4`` and ``--jobs 1`` print the same.

The same records are what :mod:`screening.cache` stores and what the HTTP service's workers send.

>>> spec = ScreenerSpec(min_score=0.5)
>>> spec.min_score, spec.entities
(0.5, ())
>>> r = result_from_record({"path": "a.txt", "status": "ok", "sha256": None, "format": "text",
...                         "facts": {}, "column_summary": [], "findings": []})
>>> r.path, r.flagged
('a.txt', False)
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from screening.errors import ScreeningError

if TYPE_CHECKING:
    from screening.cache import ResultCache
    from screening.engine import Screener
    from screening.results import DocumentResult


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ScreenerSpec:
    """Everything needed to build the same :class:`Screener` in another process (picklable).

    ``fingerprint_key`` is passed to every worker so that fingerprints of one run agree across
    processes (``None``: the ``SCREENING_FINGERPRINT_KEY`` environment variable or, failing that,
    one random key for the whole run, chosen by :meth:`for_run`).
    """

    min_score: float = 0.0
    entities: tuple[str, ...] = ()
    exclude_entities: tuple[str, ...] = ()
    wordlists: tuple[str, ...] = ()
    allowlists: tuple[str, ...] = ()
    fingerprint_key: bytes | None = field(default=None, repr=False)
    #: the genre table (:class:`screening.Screener`'s ``genres``: None built-in, a path, False off)
    genres: str | bool | None = None

    def for_run(self) -> ScreenerSpec:
        """This spec with a fingerprint key every process of the run shares."""
        if self.fingerprint_key is not None:
            return self
        from screening.engine import FINGERPRINT_KEY_ENV

        env = os.environ.get(FINGERPRINT_KEY_ENV)
        key = env.encode("utf-8") if env is not None else os.urandom(32)
        return dataclasses.replace(self, fingerprint_key=key)

    def validate(self) -> None:
        """Load the word lists now (cheap) so a bad one is a usage error before any worker starts.

        Raises :class:`ScreeningError`, ``KeyError`` or ``ValueError``.
        """
        from screening.findings import entity_type
        from screening.wordlists import load_allowlist, load_wordlist_recognizer

        for name in (*self.entities, *self.exclude_entities):
            entity_type(name)
        if self.wordlists:
            load_wordlist_recognizer(self.wordlists, self.allowlists)
        if self.allowlists:
            load_allowlist(self.allowlists)
        if self.genres not in (None, True, False):
            from screening.genres import load_genres

            load_genres(self.genres)  # type: ignore[arg-type]

    def build(self) -> Screener:
        """The :class:`Screener` (about 2 s: build once per process)."""
        from screening.engine import Screener
        from screening.wordlists import load_allowlist, load_wordlist_recognizer

        extra = [load_wordlist_recognizer(self.wordlists, self.allowlists)] if self.wordlists else []
        allow = load_allowlist(self.allowlists) if self.allowlists else ()
        return Screener(entities=list(self.entities) or None, exclude_entities=list(self.exclude_entities),
                        min_score=self.min_score, extra_recognizers=extra, allowlist=allow,
                        fingerprint_key=self.fingerprint_key, genres=self.genres)


# -- records ------------------------------------------------------------------------------------------
def record_of(result: DocumentResult) -> dict[str, Any]:
    """A result as plain JSON-ready data (what crosses a process boundary or sits in the cache)."""
    return {
        "path": result.path,
        "status": result.status,
        "error": result.error,
        "sha256": result.sha256,
        "format": result.format,
        "facts": dict(result.facts),
        "column_summary": [dict(c) for c in result.column_summary],
        "findings": [f.to_dict() for f in result.findings],
    }


def result_from_record(record: dict[str, Any], path: str | None = None) -> DocumentResult:
    """The :class:`DocumentResult` of a record (``path`` replaces the recorded one)."""
    from screening.findings import Finding
    from screening.results import DocumentResult

    return DocumentResult(
        path if path is not None else record["path"],
        status=record["status"],
        error=record.get("error"),
        sha256=record.get("sha256"),
        format=record.get("format"),
        facts=dict(record.get("facts") or {}),
        findings=[Finding.from_dict(f) for f in record.get("findings") or ()],
        column_summary=list(record.get("column_summary") or ()),
    )


# -- worker side ----------------------------------------------------------------------------------------
_worker_screener: Screener | None = None


def init_worker(spec: ScreenerSpec) -> None:
    """Pool initializer: build this process's one Screener."""
    global _worker_screener
    _worker_screener = spec.build()


def worker_screener() -> Screener:
    if _worker_screener is None:
        raise RuntimeError("init_worker() was not called in this process")
    return _worker_screener


def scan_record(path: str, limits: dict[str, int]) -> dict[str, Any]:
    """Scan one file with this worker's Screener; the record of the result (never raises for a bad file)."""
    from screening.results import scan_file

    return record_of(scan_file(path, worker_screener(), **limits))


# -- the batch ----------------------------------------------------------------------------------------
@dataclass
class Progress:
    """``files done/total · findings · rate · ETA`` on one terminal line, redrawn at most 10 times a second."""

    total: int
    stream: IO[str] | None = None
    done: int = 0
    findings: int = 0
    started: float = field(default_factory=time.monotonic)
    _drawn: float = 0.0

    @classmethod
    def for_stderr(cls, total: int) -> Progress | None:
        """A progress line on stderr when it is a terminal, else None (silent)."""
        return cls(total, sys.stderr) if sys.stderr is not None and sys.stderr.isatty() else None

    def update(self, findings: int) -> None:
        self.done += 1
        self.findings += findings
        now = time.monotonic()
        if self.done == self.total or now - self._drawn >= 0.1:
            self._drawn = now
            self.draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max(1e-6, (now if now is not None else time.monotonic()) - self.started)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        bar = "█" * filled + "·" * (width - filled)
        eta = f"{int(left) // 60}:{int(left) % 60:02d}"
        return (f"{bar} {self.done}/{self.total} 个文件 files · {self.findings} 处发现 findings · "
                f"{rate:.1f}/s · ETA {eta}")

    def draw(self, now: float | None = None) -> None:
        if self.stream is not None:
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def clear(self) -> None:
        """Erase the line (before someone else writes to the terminal); the next update draws it again."""
        if self.stream is not None and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = 0.0

    def close(self) -> None:
        """Leave the final line on the terminal."""
        if self.stream is not None and self.done:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()


def _error_result(item: ScreeningError) -> DocumentResult:
    from screening.results import DocumentResult

    return DocumentResult(item.path or "?", status="error", error=str(item))


def scan_results(
    items: Iterable[Path | ScreeningError],
    spec: ScreenerSpec,
    limits: dict[str, int] | None = None,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    progress: bool | Progress | None = None,
    screener: Screener | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[DocumentResult]:
    """Scan every item (a path, or the error that stands for an input that could not be listed) and
    yield the results **in input order**.

    ``jobs == 1`` (or a single file) scans in this process with ``screener`` (built from ``spec`` if
    not given); more jobs use a process pool whose workers build their Screener once. ``cache``
    answers unchanged files without scanning them (see :mod:`screening.cache`). ``progress``: True
    draws a progress line on stderr when it is a terminal. ``executor="dask"`` sends files to the
    dask.distributed scheduler at ``scheduler`` (see :mod:`screening.dask_executor`).
    """
    limits = dict(limits or {})
    items = list(items)
    bar = Progress.for_stderr(len(items)) if progress is True else (progress or None)
    todo = [(i, item) for i, item in enumerate(items) if not isinstance(item, ScreeningError)]
    runner: Callable[[Sequence[tuple[int, Path]]], Iterator[tuple[int, DocumentResult]]]
    if executor == "dask":
        from screening.dask_executor import dask_runner

        runner = dask_runner(spec.for_run(), limits, scheduler)
    elif jobs <= 1 or len(todo) <= 1:
        runner = _in_process_runner(screener, spec, limits)
    else:
        runner = _pool_runner(spec.for_run(), limits, jobs)
    try:
        ready: dict[int, DocumentResult] = {}
        misses: list[tuple[int, Path]] = []
        digests: dict[int, str] = {}
        for i, item in todo:
            if cache is None:
                misses.append((i, item))
                continue
            hit, digest = cache.lookup(item)
            if hit is not None:
                ready[i] = hit
            else:
                misses.append((i, item))
                if digest is not None:
                    digests[i] = digest
        produced = runner(misses) if misses else iter(())
        for i, entry in enumerate(items):
            if isinstance(entry, ScreeningError):
                result = _error_result(entry)
            elif i in ready:
                result = ready.pop(i)
            else:
                j, result = next(produced)
                assert j == i, "results out of order"
                if cache is not None and i in digests:
                    cache.store(digests[i], result)
            if bar is not None:
                bar.update(len(result.findings))
                if result.status != "ok":
                    bar.clear()  # the caller says what went wrong on a line of its own
            yield result
    finally:
        if bar is not None:
            bar.close()


def _in_process_runner(screener: Screener | None, spec: ScreenerSpec, limits: dict[str, int]):  # type: ignore[no-untyped-def]
    def run(work: Sequence[tuple[int, Path]]) -> Iterator[tuple[int, DocumentResult]]:
        from screening.results import scan_file

        scr = screener if screener is not None else spec.build()
        for i, path in work:
            yield i, scan_file(path, scr, **limits)

    return run


def _pool_runner(spec: ScreenerSpec, limits: dict[str, int], jobs: int):  # type: ignore[no-untyped-def]
    def run(work: Sequence[tuple[int, Path]]) -> Iterator[tuple[int, DocumentResult]]:
        return pool_results(work, spec, limits, jobs)

    return run


# -- the process pool -----------------------------------------------------------------------------------
#: a worker that dies this many times in a row before it is ready means the pool cannot start
START_FAILURES = 3
#: seconds a worker gets to finish after the batch is done before it is killed
STOP_TIMEOUT = 5.0

Task = Callable[[str, dict[str, int]], dict[str, Any]]


def _pool_worker(conn: Connection, spec: ScreenerSpec, task: Task) -> None:
    """A pool process: build the Screener, say ready, then scan one file per message until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the main process, which stops us
    try:
        init_worker(spec)
    except Exception as exc:  # noqa: BLE001 - reported by the main process as a usage problem
        conn.send(("failed", f"{type(exc).__name__}: {exc}"[:500]))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        i, path, limits = job
        try:
            record = task(path, limits)
        except Exception as exc:  # noqa: BLE001 - scan_file never raises; another task might
            from screening.results import DocumentResult

            record = record_of(DocumentResult(path, status="error",
                                              error=f"{path}: scan failed ({type(exc).__name__}: {exc})"[:300]))
        conn.send(("done", i, record))


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    job: tuple[int, str] | None = None  # (index, path) of the file it is scanning
    lost: bool = False  # its pipe broke: it gets no more files

    def stop(self, timeout: float) -> None:
        if self.process.is_alive() and timeout > 0:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
            self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


def _death(process: Any) -> str:
    process.join(1)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}" if code is not None else "it stopped answering"


def pool_results(work: Sequence[tuple[int, Path]], spec: ScreenerSpec, limits: dict[str, int], jobs: int,
                 task: Task = scan_record) -> Iterator[tuple[int, DocumentResult]]:
    """Scan ``(index, path)`` pairs on ``jobs`` worker processes; yield ``(index, result)`` in the order given.

    Each worker scans one file at a time over its own pipe, so the pool always knows which file a worker
    holds. A worker that dies (out of memory, a reader that crashes, SIGKILL) costs only that file: its
    result is an error naming it (and how the worker died), a fresh worker takes its place and the other
    workers go on. At most ``4 x jobs`` files are in flight or waiting for their turn in the output, so
    memory stays bounded. ``task`` is what a worker runs per file (a module-level function; tests pass
    one that can be killed at a known moment). Raises :class:`ScreeningError` when workers cannot start.
    """
    from screening.results import DocumentResult

    work = list(work)
    if not work:
        return
    size = max(1, min(jobs, len(work)))
    window = size * 4
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    workers: list[_Worker] = []
    start_failures = 0

    def spawn() -> None:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_pool_worker, args=(child, spec, task), daemon=True, name="screening-batch")
        proc.start()
        child.close()
        workers.append(_Worker(proc, parent))

    queue = deque(work)
    order = deque(i for i, _ in work)
    done: dict[int, DocumentResult] = {}
    in_flight = 0
    clean = False
    try:
        for _ in range(size):
            spawn()
        while order:
            if order[0] in done:
                i = order.popleft()
                yield i, done.pop(i)
                continue
            for w in workers:  # hand out files while the window allows
                if not queue or in_flight + len(done) >= window:
                    break
                if w.ready and w.job is None and not w.lost:
                    i, path = queue.popleft()
                    try:
                        w.conn.send((i, str(path), limits))
                    except (OSError, ValueError):  # died since it last answered: the file goes to another
                        queue.appendleft((i, path))
                        w.lost = True
                        continue
                    w.job = (i, str(path))
                    in_flight += 1
            if not workers:  # pragma: no cover - a death with files left always spawns a successor
                raise ScreeningError("the batch lost every worker process")
            waiting = {w.conn: w for w in workers} | {w.process.sentinel: w for w in workers}
            for obj in wait(list(waiting)):
                w = waiting[obj]
                if w not in workers:
                    continue  # already handled through its other handle
                try:
                    message = w.conn.recv() if w.conn.poll() else None
                except Exception:  # noqa: BLE001 - pipe closed or a torn message: it is dead or dying
                    message = None
                else:
                    if message is None and w.process.is_alive():
                        continue  # woken with nothing to read yet
                if message is None:
                    workers.remove(w)
                    how = _death(w.process)
                    w.stop(0)
                    if w.job is not None:
                        i, path = w.job
                        in_flight -= 1
                        done[i] = DocumentResult(path, status="error", error=(
                            f"{path}: the worker process scanning it died ({how}: out of memory, a crash in a "
                            f"reader, or killed); the file was not scanned"))
                    elif not w.ready:
                        start_failures += 1
                        if start_failures >= START_FAILURES:
                            raise ScreeningError(f"the batch's worker processes cannot start ({how})")
                    if queue:
                        spawn()
                elif message[0] == "ready":
                    w.ready = True
                    start_failures = 0
                elif message[0] == "done":
                    _, i, record = message
                    w.job = None
                    in_flight -= 1
                    done[i] = result_from_record(record)
                elif message[0] == "failed":
                    raise ScreeningError(f"the batch's worker processes cannot start: {message[1]}")
        clean = True
    finally:
        for w in workers:
            w.stop(STOP_TIMEOUT if clean else 0)
