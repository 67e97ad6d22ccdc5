"""Findings of a scan store their attributes and explanation items packed and shared across chunks
(issue 15 item 4: half a million findings of a big roster in little memory); what a caller sees
must be exactly the eager finding's dicts, fresh on every access."""

from __future__ import annotations

import pickle

import pytest
from reader_fixtures import make_id

import screening.engine as engine
from screening import Screener
from screening.findings import Finding
from screening.scanned import ScannedFinding, pack, unpack

_LINES = [f"第{i}条：申请人王秀英联系电话13912{i:06d}，身份证号{make_id(i)}，家住城关镇前进村{i % 3 + 1}组{i % 5 + 1}号。"
          for i in range(240)]
TEXT = "\n".join(_LINES)


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "CHUNK_CHARS", 1_500)  # many chunks from a small document


def _as_dicts(findings: list[Finding]) -> list[tuple[dict, tuple]]:  # type: ignore[type-arg]
    return [(f.attributes, f.explanation_items) for f in findings]


def test_packed_values_are_the_eager_dicts_in_the_same_order() -> None:
    d = {"town": "城关镇", "number": "5号", "cues": ["列标题“姓名”"], "linked_to": {"text": "甲", "start": 3}}
    p = pack(d)
    assert unpack(p) == d and list(unpack(p)) == list(d)  # key order too: JSON output depends on it
    assert unpack(p) is not unpack(p)
    assert pack({}) == () and unpack(()) == {}


def test_many_chunks_give_the_same_values_as_one_and_share_them(small_chunks: None) -> None:
    chunked = Screener(fingerprint_key="k", scan_jobs=1).scan_text(TEXT)
    assert len(engine._chunks(TEXT, engine.CHUNK_CHARS)) >= 10
    engine.CHUNK_CHARS = 10_000_000
    whole = Screener(fingerprint_key="k", scan_jobs=1).scan_text(TEXT)
    assert [f.to_dict() for f in chunked] == [f.to_dict() for f in whole]
    ids = [f for f in chunked if f.entity_type == "CN_RESIDENT_ID"]
    assert len(ids) == 240 and all(isinstance(f, ScannedFinding) for f in ids)
    # equal packed values of different chunks are one object (the memory the packing saves)
    items = {id(i) for f in ids for i in Finding.__dict__["explanation_items"].__get__(f)}
    assert len(items) == len({repr(i) for f in ids for i in f.explanation_items}) == 1  # one column header
    addresses = [f for f in chunked if f.entity_type == "CN_ADDRESS"]
    packed = {id(Finding.__dict__["attributes"].__get__(f)) for f in addresses}
    assert len(addresses) == 240 and len(packed) == len({repr(f.attributes) for f in addresses}) == 15


def test_a_callers_change_never_reaches_the_finding() -> None:
    f = next(f for f in Screener(fingerprint_key="k").scan_text(_LINES[0]) if f.entity_type == "CN_RESIDENT_ID")
    before = (f.attributes, f.explanation_items)
    f.attributes["checksum_ok"] = False
    f.explanation_items[0]["weight"] = 99.0 if f.explanation_items else None
    assert (f.attributes, f.explanation_items) == before
    copy = pickle.loads(pickle.dumps(f))  # pickles as the eager finding, dicts and all
    assert type(copy) is Finding and copy.attributes == before[0] and copy.explanation_items == before[1]
    assert f.eager().attributes == before[0]


def test_a_finding_built_from_dicts_reads_them_back() -> None:
    base = Screener(fingerprint_key="k").scan_text(_LINES[0])[0]
    assert isinstance(base, ScannedFinding)
    attrs = {"role": "private", "cues": ["申请人"]}
    items = ({"feature": "cue_before", "value": "申请人", "weight": 0.4},)
    g = ScannedFinding(base.entity_type, base.start, base.end, base.score, base.severity, base.recognizer,
                       base.explanation, attrs, base._source, items)
    assert g.attributes == attrs and g.explanation_items == items and g == base
