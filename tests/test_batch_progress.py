"""The batch progress line (files done, findings, rate, ETA) is drawn on stderr only when stderr is a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from tests.test_batch import FP_KEY, ROOT, make_site

pty = pytest.importorskip("pty", reason="no pseudo-terminals on this platform")


def _run_with_tty_stderr(args: list[str]) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal and stdout on a pipe: (status, stdout, terminal text)."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": FP_KEY}
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every writer of the terminal is gone
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out = proc.stdout.read() if proc.stdout else b""
    proc.wait(timeout=600)
    return proc.returncode, out.decode("utf-8"), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_progress_on_a_terminal_and_nothing_elsewhere(tmp_path):
    site = make_site(tmp_path / "site", n_text=5)  # 8 files, one of them unreadable
    args = ["scan", str(site), "--format", "jsonl", "--jobs", "1"]
    code, out, term = _run_with_tty_stderr(args)
    assert code == 1
    assert "\r" in term and "ETA " in term and "/s" in term
    assert "8/8 个文件 files" in term  # files done of the total
    findings = sum(len(json.loads(line)["findings"]) for line in out.splitlines())
    assert findings and f"8/8 个文件 files · {findings} 处发现 findings" in term  # findings so far
    # what the terminal shows: of each line, the text after its last carriage return, erasures applied
    lines = [line.split("\r")[-1].replace("\x1b[K", "") for line in term.replace("\r\n", "\n").split("\n")]
    (error,) = [line for line in lines if "坏的.docx" in line]  # the error still reaches the terminal,
    assert error.startswith("Error: ")  # on a line of its own: the progress line was erased first
    assert lines[-2].startswith("█" * 24 + " 8/8") and lines[-1] == ""  # the final progress line stays
    assert "个文件" not in out and "█" not in out  # stdout (a pipe) holds the report alone
    assert len(out.splitlines()) == 8

    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": FP_KEY}
    piped = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=600)
    assert piped.returncode == 1 and piped.stdout == out
    assert "ETA" not in piped.stderr and "\r" not in piped.stderr and "个文件" not in piped.stderr
    assert "坏的.docx" in piped.stderr


def test_progress_counts_rate_and_eta():
    from screening.batch import Progress

    buf = io.StringIO()
    p = Progress(4, buf, started=0.0)
    p.done, p.findings = 2, 9
    line = p.line(now=4.0)  # 2 files in 4 s: 0.5/s, 2 left: 4 s
    assert "2/4 个文件 files" in line and "9 处发现 findings" in line and "0.5/s" in line and "ETA 0:04" in line
    p.done = 4
    assert "ETA 0:00" in p.line(now=8.0)


def test_no_progress_object_unless_stderr_is_a_terminal(monkeypatch):
    from screening.batch import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert Progress.for_stderr(3) is None
    monkeypatch.setattr(sys, "stderr", None)
    assert Progress.for_stderr(3) is None
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    bar = Progress.for_stderr(3)
    assert bar is not None
    bar.update(1)
    bar.close()
    assert "1/3" in tty.getvalue() and tty.getvalue().endswith("\n")
