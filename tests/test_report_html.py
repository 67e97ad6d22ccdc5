"""The reviewer report (screening/reports/html.py): structure, masking, items, CLI."""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import CARD, ID1, ID2, MOBILE1, MOBILE2, write_draft, write_roster

from screening.reports import html as report_html
from screening.results import DocumentResult, scan_file
from screening.review.keys import context_key

ROOT = Path(__file__).resolve().parents[1]
RAW = [ID1, ID2, MOBILE1, MOBILE2, CARD]


def _page(results, screener, **kw) -> str:
    return report_html.render_html(results, screener=screener, **kw)


def _blobs(page: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/json" id="data-\d+">(.*?)</script>', page)]


@pytest.fixture()
def draft(tmp_path, screener):
    path = write_draft(tmp_path)
    return path, scan_file(path, screener)


def _leaks(page: str, values: list[str]) -> list[str]:
    """Values present in the page as text, as HTML character references or as \\u escapes."""
    text = htmllib.unescape(page)
    unescaped = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return [v for v in values if v in page or v in text or v in unescaped]


def test_default_report_holds_no_raw_value(draft, screener):
    _path, result = draft
    page = _page([result], screener)
    assert _leaks(page, RAW) == []
    assert not re.search(r"&#[xX]0*3[0-9];|&#0*(4[89]|5[0-7]);", page)  # no digits as character references
    assert not re.search(r"\\u003[0-9]", page)  # nor as \u escapes
    # masked with the policy's mask instead
    assert ID1[:6] + "*" * 8 + ID1[-4:] in page
    assert MOBILE1[:3] + "****" + MOBILE1[-4:] in page
    assert "张某" in page


def test_show_values_reveals_them(draft, screener):
    page = _page([draft[1]], screener, show_values=True)
    assert all(v in page for v in RAW)
    assert "显示了原始值" in page


def test_every_flagged_finding_is_an_element_with_its_keys(draft, screener):
    _path, result = draft
    page = _page([result], screener)
    elements = re.findall(r'<div class="it s\d"[^>]*>', page)
    found = {(re.search(r'data-fingerprint="([0-9a-f]+)"', e).group(1),
              re.search(r'data-context-key="([0-9a-f]+)"', e).group(1),
              re.search(r'data-entity-type="([A-Z_]+)"', e).group(1)) for e in elements}
    flagged = [f for f in result.findings if f.is_flagged]
    assert len(flagged) >= 7 and len(elements) == len(flagged)
    assert found == {(f.fingerprint, context_key(screener, f), f.entity_type) for f in flagged}
    low = [f for f in result.findings if not f.is_flagged]
    assert all(f'data-fingerprint="{f.fingerprint}"' not in page for f in low if f.fingerprint not in
               {g.fingerprint for g in flagged})


def test_self_contained_no_network_references(draft, screener):
    page = _page([draft[1]], screener)
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert not re.search(r"<script[^>]+src=", page)
    assert "@media print" in page and "Content-Security-Policy" in page
    assert page.count("<script") == 3  # the document's data, the config, the inlined script


def test_data_blob_is_masked_and_complete(draft, screener):
    _path, result = draft
    blob = _blobs(_page([result], screener))[0]
    text = "\n".join(b[1] for b in blob["blocks"])
    assert not any(v in text for v in RAW)
    assert "〔2026〕12号" in text and blob["doc_number"] == "甘民发〔2026〕12号"
    assert blob["title"] == "关于做好最低生活保障复核工作的通知"
    items = blob["items"]
    flagged = [f for f in result.findings if f.is_flagged]
    assert sorted(items["fp"]) == sorted(f.fingerprint for f in flagged)
    # each item points at its masked value in its block
    for i, fp in enumerate(items["fp"]):
        block = blob["blocks"][items["b"][i]][1]
        shown = block[items["o"][i]:items["e"][i]]
        f = next(f for f in flagged if f.fingerprint == fp)
        assert shown and shown != f.text
        if f.entity_type == "CN_RESIDENT_ID":
            assert shown == f.text[:6] + "********" + f.text[-4:]
    assert blob["sha256"] == result.sha256 and blob["static"] is True


def test_proposed_replacement_follows_policy(draft, screener):
    page = _page([draft[1]], screener, policy="strict", show_values=True)
    blob = _blobs(page)[0]
    reps = set(blob["reps"])
    assert "[身份证号]" in reps or any("*" in r for r in reps)
    with pytest.raises(Exception, match="policy"):
        _page([draft[1]], screener, policy="no-such-policy")


def test_roster_groups_by_column_and_paged_rendering(tmp_path, screener, monkeypatch):
    path, values = write_roster(tmp_path, rows=12)
    result = scan_file(path, screener)
    monkeypatch.setattr(report_html, "STATIC_ITEMS", 5)
    page = _page([result], screener)
    assert _leaks(page, values) == []
    blob = _blobs(page)[0]
    assert blob["static"] is False and not re.search(r'class="it s\d"', page)  # rendered a page at a time by the script
    groups = {label: n for label, n in blob["groups"]}
    assert any("列 C" in g and "身份证号" in g and n == 12 for g, n in groups.items()), groups
    assert any("列 D" in g and "电话号码" in g and n == 12 for g, n in groups.items()), groups
    assert blob["blocks"][1][0] == "名单 第2行" and "\t" in blob["blocks"][1][1]
    flagged = [f for f in result.findings if f.is_flagged]
    assert set(blob["items"]["fp"]) == {f.fingerprint for f in flagged}
    i = blob["items"]["l"].index("C2")
    assert blob["groups"][blob["items"]["g"][i]][0].startswith("名单 列 C")


def test_documents_needing_attention_come_first(tmp_path, screener):
    clean = tmp_path / "clean.txt"
    clean.write_text("本通知自发布之日起施行。\n", encoding="utf-8")
    ok = scan_file(clean, screener)
    draft = scan_file(write_draft(tmp_path), screener)
    bad = DocumentResult(str(tmp_path / "坏.docx"), status="error", error="坏.docx: not a zip file")
    page = _page([ok, draft, bad], screener)
    order = [b["path"] for b in _blobs(page)]
    assert order == [bad.path, draft.path, ok.path]
    assert "无法读取" in page and "not a zip file" in page
    assert '"gate":"fail"' in page


def test_process_key_is_warned(draft):
    from screening import Screener

    s = Screener()  # random per-process key
    if os.environ.get("SCREENING_FINGERPRINT_KEY"):
        pytest.skip("SCREENING_FINGERPRINT_KEY is set: no per-process key to warn about")
    page = _page([scan_file(draft[0], s)], s)
    assert "未配置指纹密钥" in page


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": "test-key"}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_html_to_file_and_stdout(tmp_path):
    path = write_draft(tmp_path)
    out = tmp_path / "报告.html"
    p = _cli("scan", str(path), "--format", "html", "-o", str(out), cwd=tmp_path)
    assert p.returncode == 1, p.stderr  # flagged
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert _leaks(page, RAW) == [] and p.stdout == ""
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
    p2 = _cli("scan", str(path), "--format", "html", "--show-values", "--policy", "strict", cwd=tmp_path)
    assert p2.returncode == 1 and ID1 in p2.stdout and "strict" in p2.stdout
    p3 = _cli("scan", str(path), "--format", "html", "--policy", "nonesuch", cwd=tmp_path)
    assert p3.returncode == 2 and "nonesuch" in p3.stderr
    p4 = _cli("scan", str(path), "--format", "json", "--output", str(tmp_path / "r.json"), cwd=tmp_path)
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["gate"] == "fail"
    assert p4.returncode == 1


def test_offsets_count_utf16_units_after_astral_characters(tmp_path, screener):
    path = tmp_path / "a.txt"
    path.write_text(f"备注：𠀀𠀁说明。申请人身份证号{ID1}，电话{MOBILE1}。\n", encoding="utf-8")
    blob = _blobs(_page([scan_file(path, screener)], screener))[0]
    items = blob["items"]
    for i in range(len(items["fp"])):
        block = blob["blocks"][items["b"][i]][1].encode("utf-16-le")
        shown = block[2 * items["o"][i]:2 * items["e"][i]].decode("utf-16-le")
        assert shown in (ID1[:6] + "*" * 8 + ID1[-4:], MOBILE1[:3] + "****" + MOBILE1[-4:])


@pytest.mark.parametrize("builder", ["build_docx", "build_xlsx", "build_pdf", "build_html"])
def test_reader_formats(builder, tmp_path, screener):
    import reader_fixtures

    ext = {"build_docx": "docx", "build_xlsx": "xlsx", "build_pdf": "pdf", "build_html": "html"}[builder]
    path = tmp_path / f"fixture.{ext}"
    getattr(reader_fixtures, builder)(path)
    result = scan_file(path, screener)
    page = _page([result], screener)
    flagged = [f for f in result.findings if f.is_flagged]
    assert flagged
    for f in flagged:
        assert f'data-fingerprint="{f.fingerprint}" data-context-key="{context_key(screener, f)}"' in page
    numbers = [f.text for f in flagged if f.entity_type in ("CN_RESIDENT_ID", "PHONE_NUMBER", "CN_BANK_CARD")
               and len(f.text) >= 11]
    assert _leaks(page, numbers) == []


def test_findings_without_their_document_are_masked_too(screener):
    from screening.findings import Finding, Severity

    f = Finding("CN_RESIDENT_ID", 5, 23, ID1, 1.0, Severity.HIGH, "r", "校验位正确", context=f"身份证号：【{ID1}】",
                fingerprint="ab" * 12)
    page = _page([DocumentResult("detached.json", sha256="0" * 64, findings=[f])], screener)
    assert _leaks(page, [ID1]) == [] and 'data-fingerprint="' + "ab" * 12 + '"' in page
    assert ID1[0] + "*" * 16 + ID1[-1] in page


def test_markup_is_escaped(tmp_path, screener):
    path = tmp_path / "<b>x&y.txt"
    path.write_text(f"申请人身份证号{ID1}。</script><script>alert(1)</script>\n", encoding="utf-8")
    page = _page([scan_file(path, screener)], screener)
    assert "<b>x&y" not in page and "</script><script>alert" not in page
    assert _blobs(page)[0]["path"] == str(path)
