"""``scan --executor dask``: send files to a dask.distributed cluster, get results back in input order.

Files travel as bytes (workers need no shared file system); each worker process builds its
:class:`~screening.engine.Screener` once per :class:`~screening.batch.ScreenerSpec` and scans the bytes
from a private temporary file that is deleted at once. At most ``4 x workers`` files are in flight,
so the client's memory stays bounded on a big site; a file larger than the reader's own size limit is
that file's error before any byte is sent.

Run a cluster (the package installed on every machine; the scheduler reachable only inside the office
network, and over TLS — a plain tcp:// scheduler runs whatever any client on the network sends it)::

    dask scheduler --protocol tls --host 10.0.0.5 --port 8786 --no-dashboard \
        --tls-ca-file ca.pem --tls-cert scheduler.pem --tls-key scheduler.key
    dask worker tls://10.0.0.5:8786 --nthreads 1 --nworkers 2 --no-dashboard \
        --tls-ca-file ca.pem --tls-cert worker.pem --tls-key worker.key
    DASK_DISTRIBUTED__COMM__TLS__CA_FILE=ca.pem DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT=client.pem \
    DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY=client.key \
        screening scan 网站附件/ --executor dask --scheduler tls://10.0.0.5:8786 --format jsonl

>>> scan_bytes_record("a.txt", "电话13912345678".encode(), ScreenerSpec(), {})["findings"][0]["entity_type"]
'PHONE_NUMBER'
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from screening.batch import ScreenerSpec, record_of, result_from_record
from screening.documents.limits import Limits
from screening.errors import ScreeningError
from screening.results import DocumentResult

#: what a client of a tls:// scheduler needs (dask reads its TLS settings from its config or these variables)
TLS_HINT = ("; a tls:// scheduler needs this client's certificate: set DASK_DISTRIBUTED__COMM__TLS__CA_FILE, "
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT and DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY "
            "(or distributed.comm.tls in ~/.config/dask/distributed.yaml)")
_SCREENERS: dict[str, Any] = {}  # keyed by repr(spec): a spec may hold an unhashable genre table
_LOCK = threading.Lock()


def _screener(spec: ScreenerSpec) -> Any:
    """This worker process's Screener for ``spec`` (built once; dask may run tasks on threads)."""
    with _LOCK:
        key = repr(spec)
        found = _SCREENERS.get(key)
        if found is None:
            found = _SCREENERS[key] = spec.build()
        return found


def scan_bytes_record(name: str, data: bytes, spec: ScreenerSpec, limits: dict[str, int]) -> dict[str, Any]:
    """Scan ``data`` (the bytes of the file called ``name``) on a worker; the JSON-ready record.

    The record names ``name``, never the worker's temporary path.
    """
    from screening.results import scan_file

    folder = tempfile.mkdtemp(prefix="screening-dask-")  # 0700, private to this task
    try:
        tmp = Path(folder) / ("input" + Path(name).suffix.lower())
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        record = record_of(scan_file(tmp, _screener(spec), **limits))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    record["path"] = name
    if record.get("error"):
        record["error"] = str(record["error"]).replace(str(tmp), name).replace(folder, "")
    return record


def dask_runner(spec: ScreenerSpec, limits: dict[str, int], scheduler: str | None):  # type: ignore[no-untyped-def]
    """A runner for :func:`screening.batch.scan_results`: ``(index, path)`` pairs in, results out in order."""
    if not scheduler:
        raise ScreeningError("--executor dask needs a scheduler address (e.g. tcp://127.0.0.1:8786)")
    try:
        from distributed import Client
    except ImportError as exc:
        raise ScreeningError("the Dask executor needs the 'dask' extra: pip install 'gongkai-screening[dask]'") \
            from exc
    cap = limits.get("max_total_size") or Limits().max_total_size

    def run(work: Sequence[tuple[int, Path]]) -> Iterator[tuple[int, DocumentResult]]:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TypeError, ValueError) as exc:  # TypeError: tls:// without this client's certificate
            hint = TLS_HINT if scheduler.startswith("tls://") else ""
            raise ScreeningError(f"cannot reach the Dask scheduler {scheduler}: {exc}{hint}"[:1000]) from None
        try:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            window = workers * 4
            pending: deque[tuple[int, Path, Any]] = deque()
            queue = iter(work)

            def submit(i: int, path: Path) -> None:
                pending.append((i, path, _submit(client, path, spec, limits, cap)))

            for i, path in queue:
                submit(i, path)
                if len(pending) >= window:
                    break
            while pending:
                i, path, fut = pending.popleft()
                nxt = next(queue, None)
                if nxt is not None:
                    submit(*nxt)
                yield i, _collect(fut, path)
        finally:
            client.close()

    return run


def _submit(client: Any, path: Path, spec: ScreenerSpec, limits: dict[str, int], cap: int) -> Any:
    """The future scanning ``path`` on a worker, or a DocumentResult when the file cannot be sent."""
    from screening.paths import check_regular

    try:
        st = check_regular(path)
        if st.st_size > cap:
            return DocumentResult(str(path), status="error",
                                  error=f"{path}: {st.st_size:,} bytes is over the size limit ({cap:,} bytes)")
        data = path.read_bytes()
    except (OSError, ScreeningError) as exc:
        return DocumentResult(str(path), status="error", error=f"{path}: cannot read ({exc})")
    return client.submit(scan_bytes_record, str(path), data, spec, limits, pure=False)


def _collect(fut: Any, path: Path) -> DocumentResult:
    if isinstance(fut, DocumentResult):
        return fut
    try:
        return result_from_record(fut.result(), str(path))
    except Exception as exc:  # noqa: BLE001 - a lost worker or a task error is this file's error
        return DocumentResult(str(path), status="error",
                              error=f"{path}: scan on the Dask cluster failed ({type(exc).__name__}: {exc})")
