"""The JSON report written in blocks of findings (issue 15 item 4: a 100,000-row roster's half a
million findings rendered in a few seconds) is, byte for byte, the report written one finding at a
time with ``json.dumps``: the fast finding encoder, the blocks, the UTF-8 bytes the CLI writes."""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from reader_fixtures import build_xlsx, make_id

import screening.engine as engine
import screening.reports.json_report as jr
from screening import Screener
from screening.documents import read_document
from screening.documents.model import Document, Segment
from screening.findings import SCHEMA_VERSION, Finding, Severity
from screening.results import DocumentResult, result_for_document, scan_bytes_as_text, scan_file, summarize
from screening.scanned import ScannedFinding

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

TRICKY = ("申请人王秀英，联系电话13912345678，身份证号" + make_id(7) + "。\n"
          '引号"与反斜杠\\、制表\t、回车\r、\x01控制符、emoji 😀、全角　空格：李四 电话 13812345678\n'
          "住址：城关镇前进村3组5号；邮箱 wang.xy@example.com；" + "\u2028行分隔\u2029段分隔" + "\n")


def _reference_json(results: list[DocumentResult], indent: int | None = 2) -> str:
    """The report as written before blocks: one ``json.dumps`` per finding, one piece each."""
    pad = " " * (indent or 0)
    nl = "\n" if indent else ""
    out = [f'{{{nl}{pad}"schema_version": {SCHEMA_VERSION},{nl}{pad}"documents": [']
    for i, r in enumerate(results):
        head = json.dumps(r.to_dict(findings=False), ensure_ascii=False, indent=indent)
        if indent:
            head = textwrap.indent(head, pad * 2)
        out.append(("," if i else "") + nl + head[: head.rstrip().rfind("}")].rstrip())
        out.append(f',{nl}{pad * 3}"findings": [')
        for j, f in enumerate(r.findings):
            out.append(("," if j else "") + nl + pad * 4 + json.dumps(f.to_dict(), ensure_ascii=False))
        out.append(f"{nl}{pad * 3}]" if r.findings else "]")
        out.append(f"{nl}{pad * 2}}}")
    summary = json.dumps(summarize(results), ensure_ascii=False, indent=indent)
    if indent:
        summary = textwrap.indent(summary, pad).lstrip()
    out.append(f"{nl}{pad}]," if results else "],")
    out.append(f'{nl}{pad}"summary": {summary}{nl}}}')
    return "".join(out)


def _reference_jsonl(r: DocumentResult) -> str:
    head = json.dumps({"schema_version": SCHEMA_VERSION, **r.to_dict(findings=False)}, ensure_ascii=False)
    return head[:-1] + ', "findings": [' + ", ".join(json.dumps(f.to_dict(), ensure_ascii=False)
                                                     for f in r.findings) + "]}"


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(fingerprint_key="k")


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory, screener: Screener) -> DocumentResult:
    """Cells visible and in hidden rows, columns and sheets, a comment, header/footer, properties."""
    path = tmp_path_factory.mktemp("blocks") / "名单.xlsx"
    build_xlsx(path)
    return result_for_document(read_document(path), screener, str(path), "0" * 64)


def _assert_same(results: list[DocumentResult]) -> None:
    expected = _reference_json(results)
    assert jr.render_json(results) == expected
    assert b"".join(jr.iter_json_utf8(results)) == expected.encode("utf-8")
    assert jr.render_json(results, indent=None) == _reference_json(results, indent=None)
    for r in results:
        assert jr.render_jsonl_line(r) == _reference_jsonl(r)
        assert b"".join(jr.iter_jsonl_line_utf8(r)) == _reference_jsonl(r).encode("utf-8")
    assert json.loads(expected)["summary"]["documents"] == len(results)


def test_each_finding_is_its_json_dumps(sheet: DocumentResult, screener: Screener) -> None:
    text = scan_bytes_as_text(TRICKY, screener)
    fs = sheet.findings + text.findings
    assert sum(type(f) is ScannedFinding for f in fs) >= 10 and any(type(f) is not ScannedFinding for f in fs)
    hidden = [f for f in sheet.findings if type(f) is ScannedFinding and f.location.get("hidden")]
    assert {f.location["hidden"] for f in hidden} >= {"row", "column", "sheet"}
    encode = jr.FindingEncoder()
    for _ in range(2):  # the second time from the encoder's memory of shared values
        for f in fs:
            assert encode(f) == json.dumps(f.to_dict(), ensure_ascii=False), f.to_dict()


def test_tricky_text_non_ascii_and_escapes(screener: Screener) -> None:
    r = scan_bytes_as_text(TRICKY, screener, path='草稿 "一" \\ 😀.txt')
    assert any("\\" in f.context or '"' in f.context for f in r.findings)
    _assert_same([r])
    assert "\\u" not in jr.render_json([r]).replace("\\u2028", "").replace("\\u2029", "").replace("\\u0001", "")


def test_empty_reports_and_documents_without_findings(screener: Screener) -> None:
    _assert_same([])
    _assert_same([DocumentResult("a.txt")])
    _assert_same([DocumentResult("坏.docx", status="error", error="无法读取 \"x\"")])
    _assert_same([scan_bytes_as_text("无个人信息。", screener), DocumentResult("b.txt")])


def test_many_documents_and_blocks_of_findings(monkeypatch: pytest.MonkeyPatch, sheet: DocumentResult,
                                               screener: Screener) -> None:
    monkeypatch.setattr(jr, "BLOCK", 4)  # blocks of 4: every boundary case from a few findings
    monkeypatch.setattr(jr, "_SHARED", 2)  # the encoder's memory of shared values emptied again and again
    docs = [scan_bytes_as_text(TRICKY * k, screener, path=f"d{k}.txt") for k in range(4)]
    assert {len(d.findings) % 4 for d in docs} >= {0, 2}
    _assert_same([sheet, *docs, DocumentResult("empty.txt"), sheet])


def test_a_single_cell_sheet_has_no_offsets(screener: Screener) -> None:
    from screening.documents.cells import SegmentList

    segs = SegmentList()
    segs.add_cell(make_id(3), "表", 2, 3, None, "身份证号", False)
    segs.finish()
    doc = Document("one.xlsx", "xlsx", segs)
    r = result_for_document(doc, screener, "one.xlsx", None)
    assert r.findings and "offset" not in r.findings[0].location
    _assert_same([r])


def test_eager_findings_from_a_cache_or_a_pool(sheet: DocumentResult) -> None:
    eager = DocumentResult(sheet.path, findings=[f.eager() if isinstance(f, ScannedFinding) else f
                                                 for f in sheet.findings])
    odd = Finding("PERSON", 0, 2, "张三", 0.123456, Severity.HIGH, "r", "说明\n", "【张三】", {"cell": "B2"},
                  {"x": [1.5, None, True]}, "ab", ({"feature": "f", "value": "v", "weight": 1e-7},))
    _assert_same([eager, DocumentResult("odd.txt", findings=[odd])])


def test_many_chunks_of_a_roster(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, screener: Screener) -> None:
    from readers import build_roster_xlsx

    monkeypatch.setattr(engine, "CHUNK_CHARS", 1_500)
    path = tmp_path / "roster.xlsx"
    build_roster_xlsx(path, 300)
    r = result_for_document(read_document(path), screener, str(path), None)
    assert len(r.findings) > 1_000
    _assert_same([r])


@pytest.mark.parametrize("key", [b"k", b"x" * 64, "长密钥".encode() * 30])
def test_fingerprints_are_hmac_sha256(key: bytes) -> None:
    s = Screener(fingerprint_key=key)
    for et, value, role in [("PHONE_NUMBER", "139 1234\n5678", ""), ("PERSON", "王秀英", "private")]:
        material = "\x1f".join((et, value.replace(" ", "").replace("\n", ""), role)).encode()
        assert s.fingerprint(et, value, role) == hmac.new(key, material, hashlib.sha256).hexdigest()[:24]


def test_cli_writes_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cli

    src = tmp_path / "草稿.txt"
    src.write_text(TRICKY, encoding="utf-8")
    monkeypatch.setenv(engine.FINGERPRINT_KEY_ENV, "k")
    monkeypatch.setattr(cli, "_MANY_FINDINGS", 1)  # the collector frozen before writing, as for a big roster
    r = scan_file(src, Screener(fingerprint_key="k"))
    runner = CliRunner()
    try:
        out = runner.invoke(cli.main, ["scan", str(src), "--format", "json", "--jobs", "1"])
        lines = runner.invoke(cli.main, ["scan", str(src), "--format", "jsonl", "--jobs", "1"])
        report = tmp_path / "报告.json"
        to_file = runner.invoke(cli.main, ["scan", str(src), "--format", "json", "-o", str(report), "--jobs", "1"])
    finally:
        gc.unfreeze()
    assert out.exit_code == 1, out.output
    assert out.stdout_bytes == (_reference_json([r]) + "\n").encode("utf-8")
    assert lines.stdout_bytes == (_reference_jsonl(r) + "\n").encode("utf-8")
    assert to_file.exit_code == 1 and report.read_bytes() == out.stdout_bytes


def test_segments_of_plain_documents_keep_their_locations(screener: Screener) -> None:
    doc = Document("a.docx", "docx", [Segment("标题", {"part": "body", "paragraph": 1}),
                                      Segment("联系电话：13912345678", {"part": "body", "paragraph": 2})])
    r = result_for_document(doc, screener, "a.docx", None)
    assert r.findings[0].location["paragraph"] == 2
    _assert_same([r])


# -- findings encoded while the chunk workers scan (Prerender) --------------------------------------
def _fed(prerender: jr.Prerender, findings: list[Finding], cuts: list[int]) -> list[Finding]:
    """Feed ``findings`` to ``prerender`` as the engine does: one growing list, a call per chunk."""
    grown: list[Finding] = []
    for lo, hi in zip([0, *cuts], [*cuts, len(findings)], strict=True):
        start = len(grown)
        grown.extend(findings[lo:hi])
        prerender(grown, start)
    return grown


def _bytes_with(prerender: jr.Prerender | None, results: list[DocumentResult]) -> tuple[bytes, list[bytes]]:
    return (b"".join(jr.iter_json_utf8(results, prerender=prerender)),
            [b"".join(jr.iter_jsonl_line_utf8(r, prerender)) for r in results])


@pytest.mark.parametrize("sep", [jr.JSON_SEP, jr.JSONL_SEP])
def test_prerendered_findings_are_copied_where_they_are_the_results(sep: str, screener: Screener) -> None:
    a = scan_bytes_as_text(TRICKY * 3, screener, path="a.txt")
    b = scan_bytes_as_text(TRICKY * 2, screener, path="b.txt")
    other = scan_bytes_as_text(TRICKY, screener, path="c.txt")
    p = jr.Prerender(sep)
    with p.listening():
        from screening.engine import CHUNK_FINDINGS

        assert CHUNK_FINDINGS.get() is p
    grown_a = _fed(p, a.findings[1:], [0, 2, 2, 7])  # after one (hygiene-like) finding; empty chunks too
    grown_b = _fed(p, b.findings, [3])
    _fed(p, other.findings[:-1], [1])  # findings dropped after the chunks: not these results'
    assert a.findings[1:] == grown_a and grown_b == b.findings
    expected = _bytes_with(None, [a, b, other])
    if sep == jr.JSON_SEP:
        assert _bytes_with(p, [a, b, other])[0] == expected[0]
    else:
        assert _bytes_with(p, [a, b, other])[1] == expected[1]
    assert len(p.spans) == 1  # the two used spans are forgotten; the third never matched
    p.close()


def test_prerender_gives_up_quietly(screener: Screener, monkeypatch: pytest.MonkeyPatch) -> None:
    r = scan_bytes_as_text(TRICKY * 2, screener)
    p = jr.Prerender(jr.JSON_SEP)
    grown = [*r.findings]
    p(grown[:0], 0)  # nothing yet
    late: list[Finding] = []
    late.extend(r.findings)
    p(late, 2)  # a document whose first findings were not seen: not encoded here
    assert not p.spans
    assert p.take(r.findings, jr.JSON_SEP) is None and p.take(r.findings, jr.JSONL_SEP) is None

    class Full:
        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

        def tell(self) -> int:
            return 0

    p.file = Full()
    p(grown, 0)  # never raises into the scan
    assert p.spans is None and p.take(r.findings, jr.JSON_SEP) is None
    assert b"".join(jr.iter_json_utf8([r], prerender=p)) == jr.render_json([r]).encode()


_FORKED = """
import json, sys
sys.path[:0] = [sys.argv[2], sys.argv[2] + "/bench"]
import screening.engine as engine
import screening.reports.json_report as jr
from readers import build_roster_xlsx
from screening import Screener
from screening.results import scan_file
engine.CHUNK_CHARS = 1_500
build_roster_xlsx(sys.argv[1], 300)
s = Screener(fingerprint_key="k", scan_jobs=2)
assert s._chunk_jobs(10) == 2, "this fresh process must fork"
p = jr.Prerender(jr.JSON_SEP)
with p.listening():
    r = scan_file(sys.argv[1], s)
assert len(p.spans) == 1 and p.spans[0][1] == len(r.findings) - 1, "every finding but the reader's, encoded"
fast = b"".join(jr.iter_json_utf8([r], prerender=p))
assert not p.spans, "the prerendered findings were used"
assert fast == jr.render_json([r]).encode("utf-8")
print(json.dumps({"findings": len(r.findings), "bytes": len(fast)}))
"""


def test_findings_encoded_beside_the_chunk_workers(tmp_path: Path) -> None:
    import subprocess

    out = subprocess.run([sys.executable, "-c", _FORKED, str(tmp_path / "roster.xlsx"), str(ROOT)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout.strip().splitlines()[-1])["findings"] > 1_000
