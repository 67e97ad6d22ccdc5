"""The `--jobs` pool survives a worker that dies mid-batch (SIGKILL, a crash in a reader): the file it was
scanning gets an error naming it, a new worker takes its place, the batch goes on and keeps its order."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.identifier_helpers import make_id
from tests.test_batch import FP_KEY, ROOT

CRASH_DIR_ENV = "BATCH_CRASH_TEST_DIR"


def killable_scan(path: str, limits: dict[str, int]) -> dict:
    """The pool's task for these tests: a file named ``*hang*`` writes this worker's pid to the test's folder
    and waits to be killed; a file named ``*exit*`` makes the worker exit at once; others are scanned."""
    from screening.batch import scan_record

    name = Path(path).name
    if "hang" in name:
        (Path(os.environ[CRASH_DIR_ENV]) / "pid").write_text(str(os.getpid()))
        time.sleep(300)
    if "exit" in name:
        os._exit(3)
    return scan_record(path, limits)


def _drafts(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, name in enumerate(names):
        p = folder / name
        p.write_text(f"第{i}号\n联系人：李建国，身份证号：{make_id('110105', '19700101', f'{100 + i:03d}')}。\n",
                     encoding="utf-8")
        out.append(p)
    return out


def _kill_when_hanging(folder: Path, stop: threading.Event) -> None:
    marker = folder / "pid"
    while not stop.is_set():
        if marker.exists() and marker.read_text():
            os.kill(int(marker.read_text()), signal.SIGKILL)
            return
        time.sleep(0.05)


@pytest.mark.slow
def test_a_killed_worker_costs_only_its_file(tmp_path, monkeypatch):
    from screening.batch import ScreenerSpec, pool_results, scan_results

    names = [f"{i:02d}.txt" for i in range(3)] + ["03-hang.txt"] + [f"{i:02d}.txt" for i in range(4, 7)] \
        + ["07-exit.txt"] + [f"{i:02d}.txt" for i in range(8, 11)]
    paths = _drafts(tmp_path / "site", names)
    monkeypatch.setenv(CRASH_DIR_ENV, str(tmp_path))  # the spawned workers inherit it
    spec = ScreenerSpec(fingerprint_key=b"k")
    stop = threading.Event()
    killer = threading.Thread(target=_kill_when_hanging, args=(tmp_path, stop), daemon=True)
    killer.start()
    try:
        got = list(pool_results(list(enumerate(paths)), spec, {}, 2, task=killable_scan))
    finally:
        stop.set()
    assert [i for i, _ in got] == list(range(len(paths)))  # input order
    results = [r for _, r in got]
    assert [Path(r.path).name for r in results] == names
    hang, exited = results[3], results[7]
    assert hang.status == "error" and "03-hang.txt" in hang.error and "SIGKILL" in hang.error
    assert "worker process scanning it died" in hang.error and "not scanned" in hang.error
    assert exited.status == "error" and "07-exit.txt" in exited.error and "exit status 3" in exited.error
    reference = list(scan_results([p for p in paths if "hang" not in p.name and "exit" not in p.name], spec))
    others = [r for r in results if r.status == "ok"]
    assert len(others) == len(names) - 2
    assert [(r.path, r.findings) for r in others] == [(r.path, r.findings) for r in reference]


def _workers_of(pid: int) -> list:
    import psutil

    out = []
    for child in psutil.Process(pid).children():
        try:
            cmd = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "resource_tracker" not in cmd:  # a worker, forked (the parent's command line) or spawned
            out.append(child)
    return out


@pytest.mark.slow
def test_cli_batch_goes_on_when_a_worker_is_killed_from_outside(tmp_path):
    """`screening scan DIR --jobs 2 --format jsonl` with one of its workers SIGKILLed while it scans: every
    other document is the one `--jobs 1` reports, in the same order; at most the one file it held is an
    error naming it."""
    pytest.importorskip("psutil")
    site = tmp_path / "site"
    _drafts(site, [f"通知{i:03d}.txt" for i in range(400)])  # enough work that the workers still scan after the first result
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": FP_KEY}
    cmd = [sys.executable, str(ROOT / "cli.py"), "scan", str(site), "--format", "jsonl"]
    ref = subprocess.run([*cmd, "--jobs", "1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    proc = subprocess.Popen([*cmd, "--jobs", "2"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # a first result is out: the workers are past their start, scanning files
    killed = None
    deadline = time.monotonic() + 300
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        for w in _workers_of(proc.pid):
            try:
                w.send_signal(signal.SIGKILL)
            except Exception:  # noqa: BLE001 - it may have exited in between
                continue
            killed = w.pid
            break
        time.sleep(0.01)
    rest, err = proc.communicate(timeout=600)
    out = first + rest
    assert killed is not None, "no worker was seen scanning"
    assert proc.returncode == 1, err
    want = [json.loads(line) for line in ref.stdout.splitlines()]
    got = [json.loads(line) for line in out.splitlines()]
    assert [d["path"] for d in got] == [d["path"] for d in want]
    errors = [g for g, w in zip(got, want, strict=True) if g != w]
    assert len(errors) <= 1, errors  # the kill may also land between two files: then nothing is lost
    for e in errors:
        assert e["status"] == "error" and Path(e["path"]).name in e["error"] and "SIGKILL" in e["error"]
        assert e["error"] in err  # and it is said on stderr like any bad file
    assert "Traceback" not in err
