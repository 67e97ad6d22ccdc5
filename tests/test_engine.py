"""The engine: offline, context scoring on Chinese, offsets into the original, overlaps, threads."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from screening import Finding, Screener, Severity
from screening.overlaps import resolve_overlaps

VALID_ID = "11010519491231002X"


def test_import_and_scan_open_no_network_connection():
    # A fresh interpreter, so that import-time code paths are covered too.
    code = textwrap.dedent(
        """
        import socket
        def guard(*a, **k):
            raise SystemExit("network access attempted: %r" % (a,))
        socket.socket.connect = guard
        socket.socket.connect_ex = guard
        socket.create_connection = guard
        socket.getaddrinfo = guard
        import screening
        from screening import Screener
        s = Screener()
        found = s.scan_text("身份证号：11010519491231002X 手机13912345678 邮箱 zhang@163.com")
        assert found, found
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    assert out.stdout.strip().endswith("ok")


def test_in_process_scan_does_not_touch_sockets(monkeypatch, screener):
    def guard(*a, **k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
    monkeypatch.setattr(socket, "getaddrinfo", guard)
    assert screener.scan_text(f"公民身份号码{VALID_ID}")


def _id_finding(screener, text):
    found = [f for f in screener.scan_text(text) if f.entity_type == "CN_RESIDENT_ID"]
    assert len(found) == 1, found
    return found[0]


def test_context_keyword_raises_score(screener):
    with_kw = _id_finding(screener, f"申请人身份证号码：{VALID_ID}")
    without = _id_finding(screener, f"附件编码 {VALID_ID} 已登记")
    assert with_kw.score > without.score
    assert "关键词“身份证”" in with_kw.explanation
    assert "关键词" not in without.explanation


def test_missing_context_lowers_or_drops_weak_pattern(screener):
    bad_check = "110105194912310021"  # wrong MOD 11-2 check digit
    with_kw = _id_finding(screener, f"身份证号：{bad_check}")
    assert with_kw.attributes["checksum_ok"] is False and "校验位不符" in with_kw.explanation
    assert not [f for f in screener.scan_text(f"订单号 {bad_check}") if f.entity_type == "CN_RESIDENT_ID"]


def test_context_window_is_in_characters_and_bounded(screener):
    far = "身份证" + "，" * 40 + "110105194912310021"
    assert not [f for f in screener.scan_text(far) if f.entity_type == "CN_RESIDENT_ID"]


def test_column_header_is_context(screener):
    table = "序号\t姓名\t身份证号码\n1\t某某\t110105194912310021\n"
    f = _id_finding(screener, table)
    assert "列标题" in f.explanation


def test_offsets_refer_to_original_text(screener):
    text = "身份证\u200b号：１１０１０５１９４９１２３１００２Ｘ。"
    f = _id_finding(screener, text)
    assert text[f.start : f.end] == f.text == "１１０１０５１９４９１２３１００２Ｘ"


def test_findings_have_the_contract_fields(screener):
    f = _id_finding(screener, f"身份证号：{VALID_ID}")
    d = f.to_dict()
    assert set(d) == {"entity_type", "start", "end", "text", "score", "severity", "recognizer",
                      "explanation", "context", "location", "attributes", "fingerprint", "explanation_items"}
    assert d["severity"] == "high" and d["recognizer"] == "CnResidentIdRecognizer"
    assert "【" + VALID_ID + "】" in d["context"]
    assert Finding.from_dict(d) == f


def test_fingerprint_is_keyed_and_stable():
    a = Screener(fingerprint_key="k1").scan_text(f"身份证号：{VALID_ID}")[0].fingerprint
    b = Screener(fingerprint_key="k1").scan_text(f"身份证号 {VALID_ID}")[0].fingerprint
    c = Screener(fingerprint_key="k2").scan_text(f"身份证号：{VALID_ID}")[0].fingerprint
    import hashlib

    assert a == b != c
    assert a not in hashlib.sha256(VALID_ID.encode()).hexdigest()


def test_entity_filters_and_typos():
    only = Screener(entities=["CN_RESIDENT_ID_MASKED"])
    assert {f.entity_type for f in only.scan_text(f"身份证号：{VALID_ID}，110105********002X")} == {
        "CN_RESIDENT_ID_MASKED"
    }
    excl = Screener(exclude_entities=["CN_RESIDENT_ID"])
    assert not [f for f in excl.scan_text(f"身份证号：{VALID_ID}") if f.entity_type == "CN_RESIDENT_ID"]
    with pytest.raises(KeyError, match="unknown entity type"):
        Screener(entities=["CN_RESIDENT"])


def test_min_score_drops_weak_findings():
    s = Screener(min_score=0.99)
    assert not s.scan_text(f"编码 {VALID_ID}")


def test_thread_safe_concurrent_scans(screener):
    texts = [f"第{i}号 身份证号：{VALID_ID} " * (i % 5 + 1) for i in range(40)]
    expected = [len(screener.scan_text(t)) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: len(screener.scan_text(t)), texts))
    assert got == expected


def test_empty_and_whitespace_text(screener):
    assert screener.scan_text("") == []
    assert screener.scan_text(" \n\t　") == []


def _f(t, s, e, score, sev=Severity.HIGH):
    return Finding(t, s, e, "x" * (e - s), score, sev, "r")


def test_overlaps_id_beats_phone_and_card():
    got = resolve_overlaps([_f("PHONE_NUMBER", 2, 13, 0.9), _f("CN_RESIDENT_ID", 0, 18, 1.0),
                            _f("CN_BANK_CARD", 0, 18, 0.9)])
    assert [g.entity_type for g in got] == ["CN_RESIDENT_ID"]


def test_overlaps_longer_wins_on_equal_score_and_other_families_coexist():
    got = resolve_overlaps([_f("PERSON", 0, 2, 0.8), _f("CN_ADDRESS", 0, 10, 0.8),
                            _f("SENSITIVE_PERSONAL_INFO", 0, 10, 0.8), _f("CN_USCC", 20, 38, 1.0)])
    assert [g.entity_type for g in got] == ["CN_ADDRESS", "SENSITIVE_PERSONAL_INFO", "CN_USCC"]
    # positionless (hygiene) findings are always kept
    hyg = Finding("COMMENTS", -1, -1, "", 1.0, Severity.MEDIUM, "reader")
    assert hyg in resolve_overlaps([hyg, _f("PERSON", 0, 2, 0.8)])


def test_severity_order_and_flagging():
    assert [s.label for s in sorted(Severity, reverse=True)] == ["blocking", "high", "medium", "low", "info"]
    assert [s.is_flagged for s in sorted(Severity, reverse=True)] == [True, True, True, False, False]
    with pytest.raises(ValueError, match="unknown severity"):
        Severity.parse("critical")


def test_long_documents_are_chunked_with_exact_offsets(monkeypatch):
    import screening.engine as engine

    monkeypatch.setattr(engine, "CHUNK_CHARS", 500)
    s = Screener(fingerprint_key="k")
    body = "".join(f"第{i}行，公民身份号码：{VALID_ID}。\n" for i in range(200))
    text = "秘密★1年\n" + body + "\n内部资料\n" + body
    found = s.scan_text(text)
    ids = [f for f in found if f.entity_type == "CN_RESIDENT_ID"]
    assert len(ids) == 400 and all(text[f.start : f.end] == VALID_ID for f in ids)
    marks = [f for f in found if f.entity_type == "SECRECY_MARKING"]
    # the top of the document is a marking; a chunk that happens to start mid-document is not a "top"
    assert [f.text for f in marks] == ["秘密★1年"]


@pytest.mark.parametrize(
    "table, cell, header",
    [
        ("序号\t姓名\t身份证号\n1\t某甲\t110\n", "110", "身份证号"),
        ("| 序号 | 姓名 | 电话 |\n|---|---|---|\n| 1 | 某乙 | 139 |\n", "139", "电话"),
        ("序号    姓名      残疾类别及等级\n1       某丙      肢体二级\n2       某丁      视力一级\n", "视力一级", "残疾类别及等级"),
        ("　　序号　　姓名　　年龄\n　　1　　某戊　　15岁\n", "15岁", "年龄"),  # ideographic spaces, indented
    ],
)
def test_plain_text_table_headers(table, cell, header):
    from screening.scan_context import ScanContext

    ctx = ScanContext.for_text(table)
    assert ctx.column_header_at(ctx.text.index(cell)) == header


@pytest.mark.parametrize(
    "text",
    [
        "　　公示期间如有异议，请联系。\n　　电话：0891-1234567\n",  # indented prose is not a table
        "一、总体要求  二、主要任务\n",  # a single line is not a table
    ],
)
def test_prose_is_not_a_table(text):
    from screening.scan_context import ScanContext

    ctx = ScanContext.for_text(text)
    assert all(ctx.column_header_at(i) is None for i in range(len(ctx.text)))


def test_overlap_resolution_equals_the_greedy_definition():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from screening.overlaps import _priority

    spans = st.lists(st.tuples(st.integers(0, 80), st.integers(1, 15), st.sampled_from(["PERSON", "PHONE_NUMBER"]),
                               st.sampled_from([0.5, 0.8, 0.95])), max_size=30)

    @settings(max_examples=150, deadline=None)
    @given(spans)
    def check(items):
        fs = [Finding(t, s, s + n, "x" * n, sc, Severity.HIGH, "r", explanation=str(i))
              for i, (s, n, t, sc) in enumerate(items)]
        chosen: list[Finding] = []
        for f in sorted(fs, key=_priority, reverse=True):  # the definition: best first, no overlaps
            if not any(f.start < c.end and c.start < f.end for c in chosen):
                chosen.append(f)
        want = sorted((f.start, f.end, f.explanation) for f in chosen)
        assert sorted((f.start, f.end, f.explanation) for f in resolve_overlaps(fs)) == want

    check()


def test_padded_headers_are_compacted():
    # 姓　名 (padded with an ideographic space to the column width) is the 姓名 column
    from screening.scan_context import ScanContext

    ctx = ScanContext.for_text("序号  姓　名    残疾类别\n1     冉　刚    肢体二级\n2     母德华    视力一级\n")
    assert ctx.column_header_at(ctx.text.index("母德华")) == "姓名"


def test_big_scans_pause_the_collector_and_restore_it(monkeypatch):
    import gc

    import screening.engine as engine_module

    monkeypatch.setattr(engine_module, "_BIG_CHARS", 10)
    seen = []
    screener = Screener()
    original = screener._scan_document

    def spy(doc, context):
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return original(doc, context)

    monkeypatch.setattr(screener, "_scan_document", spy)
    assert gc.isenabled()
    assert screener.scan_text("身份证号：11010519491231002X，以及更多文字")
    assert seen == [(False, True)]  # paused and the document frozen during the scan
    assert gc.isenabled() and gc.get_freeze_count() == 0  # restored after it
    gc.disable()
    try:
        screener.scan_text("身份证号：11010519491231002X，以及更多文字")
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()
    screener.scan_text("短")  # below the size: untouched
    assert seen[-1] == (True, False)
