"""Issue 11, "nothing lost / availability", at the command line: FIFOs and devices, unreadable inputs,
--log/--keep-originals on an input or output, temp files after a kill, `redact` exit status with
unscanned content, no Python warnings on stderr, per-file isolation of MemoryError.

The hanging cases run the CLI in a subprocess with a timeout (a hang fails the test, it does not
stop the suite)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[1]
VALID_ID = "11010519491231002X"
DRAFT = f"当事人：周建平，公民身份号码{VALID_ID}。"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, signals and devices are POSIX")


@pytest.fixture(scope="module", autouse=True)
def _shared_screener(screener):
    """In-process CLI calls reuse the session screener (building one per call is the slow part)."""
    import cli

    original = cli.build_screener
    cli.build_screener = lambda *a, **k: screener
    yield
    cli.build_screener = original


def cli_run(*args: str, timeout: float = 120, **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=kw.pop("cwd", ROOT), **kw)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(DRAFT, encoding="utf-8")
    return p


# --- FIFOs and devices -------------------------------------------------------------------------

def test_fifo_and_dev_zero_on_the_command_line_are_per_file_errors(tmp_path: Path, draft: Path) -> None:
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    args = [str(fifo), str(draft)] + (["/dev/zero"] if os.path.exists("/dev/zero") else [])
    r = cli_run("scan", *args, "--format", "json", timeout=90)
    assert r.returncode == 1, r.stderr
    docs = {d["path"]: d for d in json.loads(r.stdout)["documents"]}
    assert docs[str(fifo)]["status"] == "error" and "not a regular file (FIFO)" in docs[str(fifo)]["error"]
    assert docs[str(draft)]["status"] == "ok" and docs[str(draft)]["flagged"]
    if "/dev/zero" in args:
        assert "character device" in docs["/dev/zero"]["error"]
    assert f"Error: {fifo}: not a regular file (FIFO)" in r.stderr


def test_fifo_in_a_directory_is_reported_and_redact_goes_on(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(DRAFT, encoding="utf-8")
    os.mkfifo(d / "p.txt")
    r = cli_run("scan", str(d), "--format", "json", timeout=90)
    assert r.returncode == 1
    statuses = {Path(x["path"]).name: x["status"] for x in json.loads(r.stdout)["documents"]}
    assert statuses == {"a.txt": "ok", "p.txt": "error"}
    out = tmp_path / "out"
    r = cli_run("redact", str(d), "--out", str(out), "--format", "json", timeout=120)
    assert r.returncode == 1, r.stderr  # the FIFO is this run's error: fail closed
    log = json.loads(r.stdout)
    assert {Path(x["input"]).name: x["status"] for x in log["documents"]} == {"a.txt": "ok", "p.txt": "error"}
    assert (out / "a.txt").is_file() and not (out / "p.txt").exists()


def test_key_file_that_is_a_fifo_is_refused(tmp_path: Path, draft: Path) -> None:
    fifo = tmp_path / "key"
    os.mkfifo(fifo)
    r = cli_run("redact", str(draft), "--out", str(tmp_path / "o.txt"), "--key-file", str(fifo), timeout=60)
    assert r.returncode == 2 and "FIFO" in r.stderr


def test_option_files_that_are_fifos_are_usage_errors(tmp_path: Path, draft: Path) -> None:
    fifo = tmp_path / "词表.txt"
    os.mkfifo(fifo)
    r = cli_run("scan", str(draft), "--wordlist", str(fifo), timeout=60)
    assert r.returncode == 2 and "--wordlist" in r.stderr and "FIFO" in r.stderr
    r = cli_run("scan", str(draft), "--allowlist", str(fifo), timeout=60)
    assert r.returncode == 2 and "FIFO" in r.stderr
    r = cli_run("redact", str(draft), "--out", str(tmp_path / "o.txt"), "--policy", str(fifo), timeout=60)
    assert r.returncode == 2 and "--policy" in r.stderr and "FIFO" in r.stderr


# --- unreadable inputs -------------------------------------------------------------------------

def _unreadable(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make ``path`` unreadable: chmod 000 when we are not root, else every open of it fails with
    EACCES (root reads anything)."""
    if os.geteuid() != 0:
        os.chmod(path, 0)
        return
    import builtins
    import io

    target = os.path.abspath(path)

    def denied(f: Any) -> bool:
        return isinstance(f, str | os.PathLike) and os.path.abspath(os.fspath(f)) == target

    real_open, real_os_open = builtins.open, os.open

    def fake_open(f: Any, *a: Any, **k: Any) -> Any:
        if denied(f):
            raise PermissionError(13, "Permission denied", str(f))
        return real_open(f, *a, **k)

    def fake_os_open(f: Any, *a: Any, **k: Any) -> Any:
        if denied(f):
            raise PermissionError(13, "Permission denied", str(f))
        return real_os_open(f, *a, **k)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)


def test_unreadable_file_is_a_per_file_error_in_scan_and_redact(tmp_path: Path, draft: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(DRAFT, encoding="utf-8")
    _unreadable(monkeypatch, secret)
    r = run("scan", str(secret), str(draft), "--format", "json", "--jobs", "1")  # the patch is in-process
    assert r.exit_code == 1
    docs = {Path(d["path"]).name: d for d in json.loads(r.stdout)["documents"]}
    assert docs["secret.txt"]["status"] == "error" and "permission denied" in docs["secret.txt"]["error"].lower()
    assert docs["a.txt"]["status"] == "ok"
    out = tmp_path / "out"
    r = run("redact", str(secret), str(draft), "--out", str(out))
    assert r.exit_code == 1
    assert (out / "a.txt").is_file() and not (out / "secret.txt").exists()
    assert "permission denied" in r.output.lower()
    r = run("redact", str(secret), "--out", str(tmp_path / "only.txt"))
    assert r.exit_code == 2  # nothing at all could be read


def test_a_path_that_cannot_even_be_looked_at_is_a_per_file_error(tmp_path: Path, draft: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A file inside a folder we may not search (``chmod 000 folder`` as a normal user): even
    ``stat`` fails with EACCES, and ``Path.exists()`` raises instead of answering."""
    hidden = tmp_path / "locked" / "b.txt"
    hidden.parent.mkdir()
    hidden.write_text(DRAFT, encoding="utf-8")
    real_stat = os.stat
    target = str(hidden)

    def stat_(p: Any, *a: Any, **k: Any) -> Any:
        if isinstance(p, str | os.PathLike) and os.fspath(p) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_stat(p, *a, **k)

    monkeypatch.setattr(os, "stat", stat_)
    r = run("scan", str(hidden), str(draft), "--format", "json")
    assert r.exit_code == 1, r.output
    assert [d["status"] for d in json.loads(r.stdout)["documents"]] == ["error", "ok"]
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["redact", str(hidden), str(draft), "--out", str(out), "--format", "json"])
    assert r.exit_code == 1, r.output
    log = json.loads(r.stdout)
    assert [d["status"] for d in log["documents"]] == ["error", "ok"]
    assert "permission denied" in log["documents"][0]["error"] and (out / "a.txt").is_file()


def test_missing_and_dangling_inputs_do_not_abort_a_redact_batch(tmp_path: Path, draft: Path) -> None:
    dangling = tmp_path / "link.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "out"
    r = run("redact", str(dangling), str(tmp_path / "missing.txt"), str(draft), "--out", str(out),
            "--format", "json")
    assert r.exit_code == 1, r.output
    log = json.loads(r.stdout)
    statuses = {Path(x["input"]).name: (x["status"], x["error"]) for x in log["documents"]}
    assert statuses["a.txt"] == ("ok", None)
    assert statuses["link.txt"][0] == "error" and "broken symbolic link" in statuses["link.txt"][1]
    assert statuses["missing.txt"][0] == "error" and "no such file" in statuses["missing.txt"][1]
    assert (out / "a.txt").is_file()


def test_a_folder_that_cannot_be_listed_is_an_error_not_a_silent_skip(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / "in"
    (d / "locked").mkdir(parents=True)
    (d / "a.txt").write_text(DRAFT, encoding="utf-8")
    (d / "locked" / "b.txt").write_text(DRAFT, encoding="utf-8")
    real_scandir = os.scandir
    locked = str(d / "locked")

    def scandir(p: Any = ".") -> Any:
        if os.fspath(p) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(p)

    monkeypatch.setattr(os, "scandir", scandir)
    for cmd in (["scan", str(d), "--format", "json"], ["redact", str(d), "--out", str(tmp_path / "out"),
                                                       "--format", "json"]):
        r = run(*cmd)
        assert r.exit_code == 1, r.output
        assert "locked: permission denied (directory)" in r.output


# --- --log and --keep-originals ----------------------------------------------------------------

def test_log_pointing_at_an_input_is_refused_and_the_input_untouched(tmp_path: Path, draft: Path) -> None:
    before = draft.read_bytes()
    out = tmp_path / "out"
    r = run("redact", str(draft), "--out", str(out), "--log", str(draft))
    assert r.exit_code == 2 and "--log" in r.output and "input" in r.output
    assert draft.read_bytes() == before and not out.exists()
    hard = tmp_path / "hard.txt"
    os.link(draft, hard)  # the same file under another name
    r = run("redact", str(draft), "--out", str(out), "--log", str(hard))
    assert r.exit_code == 2 and draft.read_bytes() == before
    r = run("redact", str(draft), "--out", str(tmp_path / "o.txt"), "--log", str(tmp_path / "o.txt"))
    assert r.exit_code == 2 and "output" in r.output


def test_keep_originals_refused_on_an_output_an_input_the_log_or_inside_the_output_folder(
        tmp_path: Path, draft: Path) -> None:
    out = tmp_path / "out"
    for target, why in ((out / "a.txt", "output"), (draft, "input"), (out / "原值.json", "output folder")):
        r = run("redact", str(draft), "--out", f"{out}/", "--keep-originals", str(target))
        assert r.exit_code == 2 and why in r.output, r.output
        assert not (out / "a.txt").exists()
    log = tmp_path / "same.json"
    r = run("redact", str(draft), "--out", f"{out}/", "--keep-originals", str(log), "--log", str(log))
    assert r.exit_code == 2 and "same file" in r.output


def test_keep_originals_is_written_0600_and_the_log_atomically(tmp_path: Path, draft: Path) -> None:
    orig, log = tmp_path / "原值.json", tmp_path / "记录.json"
    orig.write_text("old", encoding="utf-8")
    os.chmod(orig, 0o644)  # an older, too open file is replaced, not reused
    r = run("redact", str(draft), "--out", str(tmp_path / "o.txt"), "--keep-originals", str(orig),
            "--log", str(log))
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(orig.stat().st_mode) == 0o600
    assert VALID_ID in orig.read_text(encoding="utf-8") and VALID_ID not in log.read_text(encoding="utf-8")
    assert json.loads(log.read_text(encoding="utf-8"))["summary"]["ok"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".screening-tmp.")]


# --- temp files after a kill -------------------------------------------------------------------

KILLED_WRITER = """
import sys, time
sys.path.insert(0, {root!r})
import screening.redaction.run as run

def slow_writer(fmt):
    def write(src, tmp, plan, policy):
        with open(tmp, "wb") as fh:
            fh.write(b"half of an output")
        time.sleep(600)
    return write

run.get_writer = slow_writer
import cli
sys.argv = ["screening", "redact", {src!r}, "--out", {out!r}]
cli.main()
"""


def test_temp_files_of_a_killed_run_are_cleaned_by_the_next(tmp_path: Path, draft: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "killed.py"
    script.write_text(KILLED_WRITER.format(root=str(ROOT), src=str(draft), out=f"{out}/"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not [p for p in out.iterdir() if p.stat().st_size]:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            time.sleep(0.2)
        left = list(out.iterdir())
        assert left and all(p.name.startswith(".screening-tmp.") for p in left), left
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert list(out.iterdir()) == left  # the kill left its temp file behind ...
    r = cli_run("redact", str(draft), "--out", f"{out}/")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.txt"]  # ... and the next run removed it


# --- redact exit status: content nobody read ---------------------------------------------------

def test_redact_exits_1_when_an_output_still_holds_unscanned_content(tmp_path: Path, draft: Path) -> None:
    from reader_fixtures import build_docx

    src = tmp_path / "图片.docx"
    build_docx(src)  # has an embedded image
    out = tmp_path / "out"
    r = run("redact", str(src), str(draft), "--out", str(out), "--format", "json")
    assert r.exit_code == 1, r.output
    assert "不能发布" in r.stderr and "image1.png" in r.stderr and str(out / "图片.docx") in r.stderr
    log = json.loads(r.stdout)
    assert log["summary"]["unscanned"] == [str(src)]
    by_name = {Path(d["input"]).name: d for d in log["documents"]}
    assert by_name["图片.docx"]["status"] == "ok" and by_name["图片.docx"]["unscanned"]
    assert by_name["a.txt"]["unscanned"] == []
    assert (out / "图片.docx").is_file()  # written, but not cleared for publication
    assert run("redact", str(draft), "--out", str(tmp_path / "o.txt")).exit_code == 0


# --- warnings and per-file isolation -----------------------------------------------------------

NOISY_READER = """
import logging, sys, warnings
sys.path.insert(0, {root!r})
import screening.documents as documents
real = documents.read_text

def noisy(data, name, **kw):
    warnings.warn("Duplicate name: 'word/document.xml'", UserWarning)
    logging.getLogger("pdfminer.pdfpage").warning("CropBox missing from /Page, defaulting to MediaBox")
    logging.getLogger("openpyxl.reader").warning("Data Validation extension is not supported")
    return real(data, name, **kw)

documents.read_text = noisy
import cli
sys.argv = ["screening", *sys.argv[1:]]
cli.main()
"""


def test_no_python_warning_or_parser_log_reaches_stderr(tmp_path: Path, draft: Path) -> None:
    script = tmp_path / "noisy.py"
    script.write_text(NOISY_READER.format(root=str(ROOT)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONWARNINGS", None)
    for args in (["scan", str(draft)], ["redact", str(draft), "--out", str(tmp_path / "o.txt")]):
        r = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=120,
                           env=env, cwd=ROOT)
        assert r.returncode in (0, 1), r.stderr
        assert "Warning" not in r.stderr and "CropBox" not in r.stderr and "Duplicate" not in r.stderr, r.stderr


def test_memory_error_or_limit_in_one_file_is_that_files_error(tmp_path: Path, draft: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import screening.documents as documents
    from screening.errors import ResourceLimitExceeded

    real = documents.read_text

    def read_text(data: bytes, name: str, **kw: Any) -> Any:
        if name.endswith("bomb.txt"):
            raise MemoryError
        if name.endswith("limit.txt"):
            raise ResourceLimitExceeded("a part is larger than the limit", path=name)
        return real(data, name, **kw)

    monkeypatch.setattr(documents, "read_text", read_text)
    bomb, limit = tmp_path / "bomb.txt", tmp_path / "limit.txt"
    bomb.write_text(DRAFT, encoding="utf-8")
    limit.write_text(DRAFT, encoding="utf-8")
    r = run("scan", str(bomb), str(limit), str(draft), "--format", "json", "--jobs", "1")  # in-process patch
    assert r.exit_code == 1
    docs = {Path(d["path"]).name: d for d in json.loads(r.stdout)["documents"]}
    assert docs["bomb.txt"]["status"] == "error" and "out of memory" in docs["bomb.txt"]["error"]
    assert docs["limit.txt"]["status"] == "error" and "larger than the limit" in docs["limit.txt"]["error"]
    assert docs["a.txt"]["status"] == "ok"
    out = tmp_path / "out"
    r = run("redact", str(bomb), str(limit), str(draft), "--out", str(out))
    assert r.exit_code == 1 and (out / "a.txt").is_file() and not (out / "bomb.txt").exists()
    assert "out of memory" in r.output
