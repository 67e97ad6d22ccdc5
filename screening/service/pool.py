"""The service's worker pool: one process per core, each holding one Screener built once.

Each worker talks to the server over its own pipe and runs one job at a time; a request waits for an
idle worker (bounded concurrency). A job that overruns the time limit has its worker killed; a
worker that dies (out of memory, a parser crash, SIGKILL) is replaced in the background. The
request that was on it gets an error; later requests are served by the others and the replacement.

Jobs are small tuples and the replies are plain data, so nothing but the pipe is shared. Workers
never log document content.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from screening.batch import ScreenerSpec

log = logging.getLogger("screening.service")

START_TIMEOUT = 300.0  # building a Screener takes ~2 s alone, much longer on a busy machine
TEST_HOOKS_ENV = "SCREENING_SERVICE_TEST_HOOKS"


class PoolError(Exception):
    """A job could not be run; ``status`` is the HTTP status the service answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection
    pid: int = 0
    started: float = field(default_factory=time.monotonic)

    def kill(self) -> None:
        try:
            if self.process.is_alive():
                os.kill(self.process.pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=5)
        self.conn.close()


def _worker_main(conn: Connection, spec: ScreenerSpec, test_hooks: bool) -> None:
    """A worker process: build the Screener, say ready, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    from screening.batch import init_worker
    from screening.service import jobs

    init_worker(spec)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        kind, args, hooks = job
        if test_hooks and hooks.get("crash"):
            os._exit(3)  # the crash test: the server must replace us
        if test_hooks and hooks.get("sleep"):
            time.sleep(float(hooks["sleep"]))  # the time-limit test
        try:
            reply: tuple[str, Any] = ("ok", jobs.run(kind, *args))
        except jobs.JobError as exc:
            reply = ("error", (exc.status, exc.message))
        except MemoryError:
            reply = ("error", (507, "the document needs more memory than this worker has"))
        except Exception as exc:  # noqa: BLE001 - answer with a message, never a traceback
            reply = ("error", (500, f"internal error while processing the document ({type(exc).__name__})"))
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class WorkerPool:
    """``size`` worker processes; :meth:`run` sends one job to an idle one and awaits its reply."""

    def __init__(self, size: int, spec: ScreenerSpec) -> None:
        self.size = max(1, size)
        self.spec = spec
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()
        self._closed = False
        self.replaced = 0
        self._test_hooks = os.environ.get(TEST_HOOKS_ENV) == "1"

    # -- life cycle ------------------------------------------------------------------------------
    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        if self._closed:
            return
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(child, self.spec, self._test_hooks), daemon=True,
                                 name="screening-worker")
        proc.start()
        child.close()
        worker = _Worker(proc, parent)
        self._workers.add(worker)
        task = asyncio.get_running_loop().create_task(self._await_ready(worker))
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _await_ready(self, worker: _Worker) -> None:
        try:
            ready = await asyncio.wait_for(asyncio.to_thread(_recv_ready, worker.conn), START_TIMEOUT)
        except (TimeoutError, EOFError, OSError):
            ready = None
        if ready is None or self._closed:
            log.error("worker failed to start; starting another in 5 s")
            self._drop(worker)
            await asyncio.sleep(5)
            self._spawn()
            return
        worker.pid = ready
        log.info("worker %d ready after %.1f s", worker.pid, time.monotonic() - worker.started)
        assert self._idle is not None
        self._idle.put_nowait(worker)

    def _drop(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        worker.kill()

    def _replace(self, worker: _Worker, why: str) -> None:
        log.warning("worker %d %s; replacing it", worker.pid, why)
        self._drop(worker)
        self.replaced += 1
        self._spawn()

    async def close(self) -> None:
        self._closed = True
        for task in list(self._starting):
            task.cancel()
        for w in list(self._workers):
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in list(self._workers):
            await asyncio.to_thread(w.process.join, 5)
            w.kill()
        self._workers.clear()

    @property
    def ready(self) -> int:
        """Workers started and alive (idle or busy)."""
        return sum(1 for w in self._workers if w.pid and w.process.is_alive())

    @property
    def idle(self) -> int:
        return self._idle.qsize() if self._idle is not None else 0

    # -- jobs ------------------------------------------------------------------------------------
    async def run(self, kind: str, args: tuple[Any, ...], *, timeout: float, hooks: dict[str, Any] | None = None
                  ) -> Any:
        """The reply of one job. Raises :class:`PoolError`: 503 no worker free in time or the worker died,
        504 the job overran ``timeout`` (its worker is killed and replaced), else the job's own status."""
        assert self._idle is not None, "start() the pool first"
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise PoolError(503, "every worker is busy; try again later") from None
        while not worker.process.is_alive():  # died while idle (SIGKILL from outside)
            self._replace(worker, "died while idle")
            try:
                worker = await asyncio.wait_for(self._idle.get(), max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                raise PoolError(503, "no worker is available (one was restarting); try again later") from None
        try:
            await asyncio.to_thread(worker.conn.send, (kind, args, hooks or {}))
            status, payload = await asyncio.wait_for(asyncio.to_thread(worker.conn.recv),
                                                     max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            self._replace(worker, "overran the time limit")
            raise PoolError(504, f"the document took longer than the time limit ({timeout:g} s)") from None
        except (EOFError, OSError, ValueError):
            self._replace(worker, "died during a job")
            raise PoolError(503, "the worker processing the document died (a crash or out of memory); "
                                 "it has been replaced — try again") from None
        except asyncio.CancelledError:  # the client went away: the worker's state is unknown
            self._replace(worker, "was abandoned by a cancelled request")
            raise
        self._idle.put_nowait(worker)
        if status == "error":
            code, message = payload
            raise PoolError(code, message)
        return payload


def _recv_ready(conn: Connection) -> int | None:
    msg = conn.recv()
    if isinstance(msg, tuple) and msg and msg[0] == "ready":
        return int(msg[1])
    return None
