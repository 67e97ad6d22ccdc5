"""Issue 11, "nothing lost / availability", at the library level (screening/paths.py, read_document,
scan_file, the directory walk, redact_files): non-regular files are refused before they are opened,
side files never land on an input or output, temp files of a killed run are cleaned, one file's
MemoryError is that file's error."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from screening.documents import read_document
from screening.documents.walk import iter_inputs
from screening.errors import DocumentError, RedactionError
from screening.paths import (
    TEMP_PREFIX,
    atomic_write,
    check_regular,
    clean_stale_temps,
    same_file,
    side_file_conflict,
    temp_file,
)
from screening.results import scan_file

VALID_ID = "11010519491231002X"
DRAFT = f"当事人：周建平，公民身份号码{VALID_ID}。"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


def _within(seconds: float, fn: Any) -> Any:
    """Run ``fn`` in a daemon thread; fail (instead of hanging the suite) if it does not return."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still blocked after {seconds} s (the file was opened)"
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    p = tmp_path / "管道.txt"
    os.mkfifo(p)
    return p


def test_check_regular_names_what_the_file_is(tmp_path: Path, fifo: Path) -> None:
    with pytest.raises(DocumentError, match=r"not a regular file \(FIFO\)") as info:
        check_regular(fifo)
    assert str(info.value).startswith(str(fifo))
    if os.path.exists("/dev/zero"):
        with pytest.raises(DocumentError, match=r"character device"):
            check_regular("/dev/zero")
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere")
    with pytest.raises(DocumentError, match="broken symbolic link"):
        check_regular(tmp_path / "link.txt")
    with pytest.raises(DocumentError, match="is a directory"):
        check_regular(tmp_path)
    ok = tmp_path / "a.txt"
    ok.write_text(DRAFT, encoding="utf-8")
    assert stat.S_ISREG(check_regular(ok).st_mode)


def test_read_document_and_scan_file_refuse_a_fifo_without_blocking(fifo: Path, screener) -> None:
    with pytest.raises(DocumentError, match="FIFO"):
        _within(10, lambda: read_document(fifo))
    r = _within(10, lambda: scan_file(fifo, screener))
    assert r.status == "error" and "not a regular file (FIFO)" in r.error and r.sha256 is None


def test_scan_file_refuses_dev_zero(screener) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero on this system")
    r = _within(10, lambda: scan_file("/dev/zero", screener))
    assert r.status == "error" and "character device" in r.error


def test_directory_walk_reports_non_regular_entries_and_never_opens_them(tmp_path: Path, fifo: Path) -> None:
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    items = _within(10, lambda: list(iter_inputs([tmp_path])))
    files = [i for i in items if isinstance(i, Path)]
    errors = [i for i in items if isinstance(i, DocumentError)]
    assert [f.name for f in files] == ["a.txt"]
    assert len(errors) == 1 and errors[0].path == str(fifo) and "FIFO" in str(errors[0])
    # named explicitly: the same error (the walk yields it, nothing hashes it)
    explicit = list(iter_inputs([fifo]))
    assert len(explicit) == 1 and isinstance(explicit[0], DocumentError) and "FIFO" in str(explicit[0])
    # an --include that does not match the FIFO's name: not reported (it is not an input)
    assert not [i for i in iter_inputs([tmp_path], include=["*.docx"]) if isinstance(i, DocumentError)]


def test_output_pairs_collects_walk_problems_instead_of_skipping_them(tmp_path: Path) -> None:
    from screening.redaction import output_pairs

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(DRAFT, encoding="utf-8")
    os.mkfifo(d / "p.txt")
    errors: list[DocumentError] = []
    pairs = output_pairs([d], tmp_path / "out", errors)
    assert [(s.name, o.name) for s, o in pairs] == [("a.txt", "a.txt")]
    assert len(errors) == 1 and "FIFO" in str(errors[0])
    with pytest.raises(DocumentError, match="FIFO"):  # no list to collect them: raised, never dropped
        output_pairs([d], tmp_path / "out")


def test_same_file_and_side_file_conflicts(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("x", encoding="utf-8")
    hard = tmp_path / "hard.txt"
    os.link(a, hard)
    sym = tmp_path / "sym.txt"
    sym.symlink_to(a)
    assert same_file(a, hard) and same_file(a, sym) and same_file(a, tmp_path / "." / "a.txt")
    assert same_file(tmp_path / "new.json", tmp_path / "sub" / ".." / "new.json")  # neither exists yet
    assert not same_file(a, tmp_path / "b.txt")
    assert side_file_conflict(hard, inputs=[a], outputs=[]) == "is also an input of this run"
    assert side_file_conflict(tmp_path / "o.txt", inputs=[a], outputs=[tmp_path / "o.txt"]) == (
        "is also an output of this run")
    assert side_file_conflict(tmp_path, inputs=[a], outputs=[]) == "is a directory"
    assert side_file_conflict(tmp_path / "log.json", inputs=[a], outputs=[tmp_path / "o.txt"]) is None


def test_atomic_write_is_private_from_the_first_byte(tmp_path: Path) -> None:
    p = tmp_path / "原值.json"
    p.write_text("old", encoding="utf-8")
    os.chmod(p, 0o644)
    atomic_write(p, "新内容".encode(), mode=0o600)
    assert p.read_text(encoding="utf-8") == "新内容"
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert not [q for q in tmp_path.iterdir() if q.name.startswith(TEMP_PREFIX)]


def test_stale_temps_of_dead_processes_are_cleaned_live_ones_kept(tmp_path: Path) -> None:
    import subprocess
    import sys

    mine = temp_file(tmp_path, ".docx")  # this process: alive
    dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
    stale = tmp_path / mine.name.replace(f".{os.getpid()}.", f".{dead_pid}.")
    stale.write_bytes(b"partial")
    other_host = tmp_path / f"{TEMP_PREFIX}another-host.{dead_pid}.abc.docx"
    other_host.write_bytes(b"theirs")
    user_file = tmp_path / f".{dead_pid}.notes.tmp.docx"  # not our prefix
    user_file.write_bytes(b"user")
    assert clean_stale_temps(tmp_path) == [stale]
    assert mine.exists() and other_host.exists() and user_file.exists() and not stale.exists()


def test_keep_originals_on_an_input_or_output_is_refused_before_anything_is_written(tmp_path: Path,
                                                                                   screener) -> None:
    from screening.redaction import redact_files

    src, dst = tmp_path / "a.txt", tmp_path / "out" / "a.txt"
    src.write_text(DRAFT, encoding="utf-8")
    before = src.read_bytes()
    for target in (src, dst):
        with pytest.raises(RedactionError, match="keep-originals"):
            redact_files([(src, dst)], screener=screener, keep_originals=target)
    assert src.read_bytes() == before and not dst.exists()
    orig = tmp_path / "originals.json"
    reports = redact_files([(src, dst)], screener=screener, keep_originals=orig)
    assert reports[0].ok and stat.S_IMODE(orig.stat().st_mode) == 0o600 and VALID_ID in orig.read_text("utf-8")


def test_a_memory_error_in_one_file_is_that_files_error(tmp_path: Path, monkeypatch, screener) -> None:
    import screening.documents as documents
    from screening.redaction import redact_files

    real = documents.read_text

    def read_text(data: bytes, name: str, **kw: Any) -> Any:
        if name.endswith("huge.txt"):
            raise MemoryError
        return real(data, name, **kw)

    monkeypatch.setattr(documents, "read_text", read_text)
    huge, good = tmp_path / "huge.txt", tmp_path / "good.txt"
    huge.write_text(DRAFT, encoding="utf-8")
    good.write_text(DRAFT, encoding="utf-8")
    bad = scan_file(huge, screener)
    assert bad.status == "error" and "out of memory" in bad.error and str(huge) in bad.error
    assert scan_file(good, screener).status == "ok"
    reports = redact_files([(huge, tmp_path / "o" / "huge.txt"), (good, tmp_path / "o" / "good.txt")],
                           screener=screener)
    assert [r.status for r in reports] == ["error", "ok"] and "out of memory" in reports[0].error
    assert (tmp_path / "o" / "good.txt").exists() and not (tmp_path / "o" / "huge.txt").exists()


def test_a_parser_surprise_in_the_scan_is_that_files_error(tmp_path: Path, monkeypatch, screener) -> None:
    class Exploding:
        def scan_document(self, doc: Any) -> Any:
            raise RuntimeError("boom")

    p = tmp_path / "a.txt"
    p.write_text(DRAFT, encoding="utf-8")
    r = scan_file(p, Exploding())  # type: ignore[arg-type]
    assert r.status == "error" and "internal error" in r.error and "RuntimeError" in r.error


def test_redaction_report_lists_unscanned_content_of_the_output(tmp_path: Path, screener) -> None:
    from reader_fixtures import build_docx

    from screening.redaction import redact_files, redaction_log

    src = tmp_path / "a.docx"
    build_docx(src)  # holds an image: nobody can read it without OCR
    rep = redact_files([(src, tmp_path / "out.docx")], screener=screener)[0]
    assert rep.status == "ok" and (tmp_path / "out.docx").exists()
    assert rep.unscanned and any("image1.png" in u for u in rep.unscanned)
    assert redaction_log([rep])["summary"]["unscanned"] == [str(src)]
    text = tmp_path / "a.txt"
    text.write_text(DRAFT, encoding="utf-8")
    assert redact_files([(text, tmp_path / "out.txt")], screener=screener)[0].unscanned == []
