"""Big documents: the chunks of one document scanned by several processes give the same findings."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from reader_fixtures import make_id

import screening.engine as engine
from recognizers.bank_card import luhn_ok
from screening import Screener
from screening.documents import read_document

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


def test_roster_chunks_in_two_processes_match_one(tmp_path: Path, small_chunks: None) -> None:
    path = tmp_path / "名单.xlsx"
    build_roster(path, 400)
    doc = read_document(path)
    assert len(engine._chunks(doc.text, engine.CHUNK_CHARS)) >= 10
    one = Screener(fingerprint_key="k", scan_jobs=1)
    two = Screener(fingerprint_key="k", scan_jobs=2)
    assert two._chunk_jobs(10) == 2 and one._chunk_jobs(10) == 1
    a = _dump(one.scan_document(doc))
    b = _dump(two.scan_document(read_document(path)))
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
