"""Big documents: the chunks of one document scanned by several processes give the same findings."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from reader_fixtures import make_id

import screening.engine as engine
from recognizers.bank_card import luhn_ok
from screening import Screener

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜秀英敏静丽强磊军洋"


def _card(rnd: random.Random) -> str:
    while True:
        c = f"622848{rnd.randrange(10**13):013d}"
        if luhn_ok(c):
            return c


def build_roster(path: Path, rows: int, seed: int = 3) -> None:
    """An invented 低保-style roster: every row a different fictional person."""
    rnd = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["序号", "姓名", "身份证号", "家庭住址", "联系电话", "银行账号", "备注"])
    for i in range(rows):
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(("", rnd.choice(GIVEN)))
        ws.append([i + 1, name, make_id(i % 997), f"城关镇前进村{rnd.randrange(1, 9)}组{rnd.randrange(1, 80)}号",
                   f"139{rnd.randrange(10**8):08d}", _card(rnd), rnd.choice(["", "", "残疾", "患尿毒症长期透析"])])
    wb.save(path)


def _dump(findings) -> list[str]:  # type: ignore[no-untyped-def]
    return [json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True) for f in findings]


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "CHUNK_CHARS", 1_500)  # many chunks from a small document


_TWO_PROCESSES = """
import json, sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
import screening.engine as engine
from screening import Screener
from screening.documents import read_document
engine.CHUNK_CHARS = 1_500
path = sys.argv[1]
doc = read_document(path)
assert len(engine._chunks(doc.text, engine.CHUNK_CHARS)) >= 10
one = Screener(fingerprint_key="k", scan_jobs=1)
two = Screener(fingerprint_key="k", scan_jobs=2)
assert two._chunk_jobs(10) == 2 and one._chunk_jobs(10) == 1, "this fresh process must fork"
dump = lambda fs: [json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True) for f in fs]
print(json.dumps([dump(one.scan_document(doc)), dump(two.scan_document(read_document(path)))]))
"""


def test_roster_chunks_in_two_processes_match_one(tmp_path: Path) -> None:
    # A fresh interpreter: threads left by earlier tests in this process (rightly) stop the fork.
    path = tmp_path / "名单.xlsx"
    build_roster(path, 400)
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", _TWO_PROCESSES, str(path), str(root), str(root / "tests")],
                         capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    a, b = json.loads(out.stdout)
    assert a == b
    types = {json.loads(x)["entity_type"] for x in a}
    assert {"CN_RESIDENT_ID", "PHONE_NUMBER", "CN_BANK_CARD", "PERSON", "CN_ADDRESS"} <= types
    assert sum(json.loads(x)["entity_type"] == "CN_RESIDENT_ID" for x in a) == 400


def test_plain_text_chunks_match_and_offsets_are_document_offsets(small_chunks: None) -> None:
    lines = [f"第{i}条：申请人联系电话13912{i:06d}，身份证号{make_id(i)}，家住城关镇前进村{i % 9 + 1}组。"
             for i in range(300)]
    text = "\n".join(lines)
    one = Screener(fingerprint_key="k", scan_jobs=1).scan_text(text)
    two = Screener(fingerprint_key="k", scan_jobs=2).scan_text(text)
    assert _dump(one) == _dump(two)
    ids = [f for f in two if f.entity_type == "CN_RESIDENT_ID"]
    assert len(ids) == 300 and all(text[f.start:f.end] == f.text for f in ids)


def test_no_fork_below_three_chunks_in_threads_or_when_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Screener(fingerprint_key="k")
    assert s._chunk_jobs(2) == 1  # a small document never forks
    monkeypatch.setenv(engine.SCAN_JOBS_ENV, "1")
    assert s._chunk_jobs(50) == 1
    monkeypatch.setenv(engine.SCAN_JOBS_ENV, "2")
    assert s._chunk_jobs(50) == 2 or threading.active_count() > 1
    seen: list[int] = []
    t = threading.Thread(target=lambda: seen.append(s._chunk_jobs(50)))
    t.start()
    t.join()
    assert seen == [1]  # another thread is running: forking would be unsafe


# -- redact --jobs ----------------------------------------------------------------------------------
def _batch_inputs(d: Path) -> list[Path]:
    import docx
    from test_redaction_helpers import draft

    d.mkdir()
    paths = []
    (d / "a.txt").write_text(draft(), encoding="utf-8")
    (d / "b.html").write_text(f"<html><body><p>{draft()}</p></body></html>", encoding="utf-8")
    doc = docx.Document()
    for line in draft().splitlines():
        doc.add_paragraph(line)
    doc.save(d / "c.docx")
    build_roster(d / "d.xlsx", 60)
    (d / "e.txt").write_text("没有个人信息的通知。", encoding="utf-8")
    (d / "f.txt").write_bytes(b"\xff\xfe\x00bad")  # an odd file: whatever happens must be the same
    paths = sorted(d.iterdir())
    return paths


def _members(path: Path) -> dict[str, bytes] | bytes:
    import zipfile

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return {i.filename: zf.read(i) for i in zf.infolist()}
    return path.read_bytes()


def test_redact_jobs_two_matches_one(tmp_path: Path) -> None:
    from screening.redaction import redact_files, redaction_log

    paths = _batch_inputs(tmp_path / "in")
    screener = Screener(fingerprint_key="k")
    logs, outputs = [], []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        out.mkdir()
        pairs = [(p, out / p.name) for p in paths]
        reports = redact_files(pairs, "publication", screener, jobs=jobs, key=b"pseudo",
                               keep_originals=tmp_path / f"orig{jobs}.json")
        log = redaction_log(reports)
        text = json.dumps(log, ensure_ascii=False, sort_keys=True).replace(f"out{jobs}", "OUT")
        logs.append(text)
        outputs.append({p.name: _members(out / p.name) for p in paths if (out / p.name).exists()})
        assert sum(r.ok for r in reports) >= 5, [r.error for r in reports]
    assert logs[0] == logs[1]
    assert outputs[0] == outputs[1] and len(outputs[0]) >= 5
    o1 = json.loads((tmp_path / "orig1.json").read_text(encoding="utf-8"))
    o2 = json.loads((tmp_path / "orig2.json").read_text(encoding="utf-8"))
    assert json.dumps(o1, sort_keys=True).replace("out1", "OUT") == json.dumps(o2, sort_keys=True).replace("out2", "OUT")


def test_cli_redact_jobs_flag(tmp_path: Path) -> None:
    import subprocess
    import sys

    paths = _batch_inputs(tmp_path / "in")
    root = Path(__file__).resolve().parent.parent
    env = {"PYTHONPATH": str(root), "SCREENING_FINGERPRINT_KEY": "k", "PATH": "/usr/bin:/bin"}
    outs = []
    for jobs in ("1", "2"):
        proc = subprocess.run([sys.executable, "cli.py", "redact", str(tmp_path / "in"), "--out",
                               str(tmp_path / f"cli{jobs}") + "/", "--jobs", jobs, "--format", "json"],
                              capture_output=True, text=True, cwd=root, env=env, timeout=600, check=False)
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
        assert "\r" not in proc.stderr  # no progress line when stderr is not a terminal
        outs.append((proc.returncode, proc.stdout.replace(f"cli{jobs}", "OUT")))
    assert outs[0] == outs[1]
    assert json.loads(outs[0][1])["summary"]["ok"] >= len(paths) - 1
