"""Overlaps resolved where a chunk is scanned (rows, in the chunk workers) give exactly what resolving
the whole document's findings gives: same findings, same order."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reader_fixtures import make_id

import screening.engine as engine
from screening import Screener
from screening.findings import Finding, Severity
from screening.overlaps import resolve_overlap_rows, resolve_overlaps

TYPES = ["PERSON", "PHONE_NUMBER", "CN_RESIDENT_ID", "SENSITIVE_PERSONAL_INFO", "SECRECY_MARKING"]
ITEMS = st.lists(st.tuples(st.integers(0, 120), st.integers(0, 15), st.sampled_from(TYPES),
                           st.sampled_from([0.5, 0.8, 0.95, 0.9501]), st.sampled_from(list(Severity))), max_size=40)


@settings(max_examples=300, deadline=None)
@given(ITEMS, st.lists(st.integers(1, 119), max_size=4))
def test_rows_and_chunks_resolve_as_findings(items, cuts) -> None:  # type: ignore[no-untyped-def]
    rows = [(t, s, s + n, sc, sev, str(i)) for i, (s, n, t, sc, sev) in enumerate(items)]
    findings = [Finding(t, s, e, "x" * (e - s), sc, sev, "r", explanation=x) for t, s, e, sc, sev, x in rows]
    want = [(f.entity_type, f.start, f.end, f.explanation) for f in resolve_overlaps(findings)]
    assert [(r[0], r[1], r[2], r[5]) for r in resolve_overlap_rows(rows)] == want
    # chunks: findings never cross a chunk boundary (each chunk's text holds its findings)
    bounds = [0, *sorted(set(cuts)), 10**6]
    chunked = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        chunked += resolve_overlap_rows([r for r in rows if lo <= r[1] and r[2] <= hi and (r[1] < hi or r[1] == lo)])
    inside = [r for r in rows if any(lo <= r[1] and r[2] <= hi and (r[1] < hi or r[1] == lo)
                                     for lo, hi in zip(bounds, bounds[1:], strict=False))]
    whole = [(r[0], r[1], r[2], r[5]) for r in resolve_overlap_rows(inside)]
    assert [(r[0], r[1], r[2], r[5]) for r in chunked] == whole


def _dump(findings) -> list[str]:  # type: ignore[no-untyped-def]
    return [json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True) for f in findings]


@pytest.mark.parametrize("chunk_chars", [400, 1_500, 10**6])
def test_scan_resolved_in_chunks_equals_resolved_at_the_end(monkeypatch: pytest.MonkeyPatch, chunk_chars: int) -> None:
    # IDs whose digits hold a mobile, cards next to IDs, names inside addresses: overlaps everywhere
    lines = [f"第{i}户：户主王{'伟芳娜秀'[i % 4]}，身份证号{make_id(i)}，电话1391{make_id(i)[6:13]}，"
             f"住城关镇前进村{i % 9 + 1}组，备注：患尿毒症。" for i in range(120)]
    text = "\n".join(lines)
    monkeypatch.setattr(engine, "CHUNK_CHARS", chunk_chars)
    s = Screener(fingerprint_key="k", scan_jobs=1)
    fast = s.scan_text(text)
    calls = []
    real = engine.resolve_overlaps
    monkeypatch.setattr(engine, "resolve_overlaps", lambda fs: calls.append(1) or real(fs))
    # an allowlist (of a word not in the text) makes the engine resolve at the end, as before
    s2 = Screener(fingerprint_key="k", scan_jobs=1, allowlist=["某个不在文中的词"])
    slow = s2.scan_text(text)
    assert calls and _dump(fast) == _dump(slow)
    assert sum(f.entity_type == "CN_RESIDENT_ID" for f in fast) == 120
