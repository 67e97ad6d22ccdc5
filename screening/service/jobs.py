"""What a service worker does with one job (runs inside the worker process, with its one Screener).

Every job reads a file from the request's private temporary directory and answers with plain data;
paths of that directory never leave the worker (they are replaced by the upload's file name).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from screening.batch import record_of, worker_screener


class JobError(Exception):
    """An answer with an HTTP status other than 200 (the message is shown to the client)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _scrub(value: Any, private: list[str], name: str) -> Any:
    """``value`` with every occurrence of the private paths replaced by the upload's name."""
    if isinstance(value, str):
        for p in private:
            if p in value:
                value = value.replace(p, name)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, private, name) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, private, name) for v in value]
    return value


def scan(path: str, name: str, limits: dict[str, int]) -> dict[str, Any]:
    """The record of one uploaded file (``status`` may be ``error``: the reader's message)."""
    from screening.results import scan_file

    record = record_of(scan_file(path, worker_screener(), **limits))
    record = _scrub(record, [path, str(Path(path).parent)], name)
    record["path"] = name
    return record


def scan_text(text: str, name: str) -> dict[str, Any]:
    from screening.results import scan_bytes_as_text

    return record_of(scan_bytes_as_text(text, worker_screener(), path=name))


def redact(path: str, name: str, policy: str, out_dir: str) -> dict[str, Any]:
    """Redact into ``out_dir``; the log and the output's bytes (``None`` when nothing was written)."""
    from screening.errors import ScreeningError
    from screening.redaction import bundled_policies, load_policy, redact_files, redaction_log

    if policy not in bundled_policies():
        raise JobError(422, f"unknown policy {policy!r}; known: {', '.join(bundled_policies())}")
    # a bundled preset by its resource path: never a file the server's working directory happens to hold
    pol = load_policy(str(resources.files("screening") / "policies" / f"{policy}.yaml"))
    dst = Path(out_dir) / name
    try:
        report = redact_files([(path, dst)], pol, worker_screener())[0]
    except ScreeningError as exc:
        raise JobError(422, str(exc).replace(path, name)) from None
    log = redaction_log([report])
    content = dst.read_bytes() if report.ok and dst.exists() else None
    log = _scrub(log, [str(dst), path, out_dir, str(Path(path).parent)], name)
    for doc in log["documents"]:
        doc["input"] = name
        doc["output"] = name if content is not None else None
    log["summary"]["failed"] = [name for _ in log["summary"]["failed"]]
    log["summary"]["blocked"] = [name for _ in log["summary"]["blocked"]]
    return {"ok": report.ok, "blocked": report.blocked, "error": log["documents"][0]["error"], "log": log,
            "content": content}


def check(path: str, name: str, decisions_path: str, limits: dict[str, int],
          require_levels: tuple[str, ...] = ("初审",)) -> dict[str, Any]:
    """The review gate (:mod:`screening.review`) for an upload and its decisions file."""
    from screening.errors import ScreeningError
    from screening.review import check_review, load_decisions, record_for, require_key, review_scan

    screener = worker_screener()
    result = review_scan(path, screener, **limits)
    result.path = name
    try:
        require_key(screener)
        records = load_decisions(decisions_path)
    except ScreeningError as exc:
        raise JobError(422, f"decisions: {str(exc).replace(decisions_path, 'decisions')}") from None
    gate = check_review(result, record_for(records, result), require_levels, screener=screener)
    return _scrub({"schema_version": 1, "passed": gate.passed, "required_levels": list(require_levels),
                   "documents": [gate.to_dict()]}, [path, decisions_path, str(Path(path).parent)], name)


_JOBS: dict[str, Callable[..., Any]] = {"scan": scan, "text": scan_text, "redact": redact, "check": check}


def run(kind: str, *args: Any) -> Any:
    if kind == "hello":
        return os.getpid()
    try:
        job = _JOBS[kind]
    except KeyError:
        raise JobError(400, f"unknown job {kind!r}") from None
    return job(*args)
