"""OFD (GB/T 33190): reading text with positions, metadata, annotations, attachments, signatures,
images; redaction by removing TextCode characters and drawing boxes, verified by re-reading.

Fixtures are built here (screening.documents.ofd_build) from invented text with fictional values."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from identifier_helpers import make_id
from lxml import etree

from screening.documents import read_document
from screening.documents.ofd_build import Annotation, Attachment, Extras, Line, build_ofd
from screening.documents.ofd_package import group_lines, parse_deltas, text_object_glyphs
from screening.errors import DocumentError, ResourceLimitExceeded
from screening.redaction import redact_file

PID = make_id("620602", "19850317", "123")
MOBILE = "13912345678"
OTHER_MOBILE = "13812345678"
NS = {"ofd": "http://www.ofdspec.org/2016"}


def _types(findings):
    return {f.entity_type for f in findings}


def _scan(screener, path):
    doc = read_document(path)
    return doc, screener.scan_document(doc)


def _basic(path: Path, extras: Extras | None = None) -> None:
    build_ofd(path, [["机密★1年", "关于张建国同志违规情况的通报", Line("身份证号：" + PID, split=True),
                      "联系电话：" + MOBILE],
                     ["第二页 经办人王小明 电话 " + OTHER_MOBILE]], extras)


# -- parsing -----------------------------------------------------------------------------------------
def test_deltas_repeat_syntax_and_cap():
    assert parse_deltas("1 g 3 2.5 0.5") == [1.0, 2.5, 2.5, 2.5, 0.5]
    assert parse_deltas("g 2147483647 1", limit=3) == [1.0, 1.0, 1.0]
    assert parse_deltas("") == [] and parse_deltas(None) == []


def test_glyph_positions_follow_deltax_and_ctm():
    obj = etree.fromstring(
        '<ofd:TextObject xmlns:ofd="http://www.ofdspec.org/2016" Boundary="10 20 100 10" Size="5" '
        'CTM="2 0 0 2 0 0"><ofd:TextCode X="1" Y="5" DeltaX="g 2 6 3">甲乙丙丁</ofd:TextCode></ofd:TextObject>')
    gl = text_object_glyphs(obj)
    assert [g.ch for g in gl] == list("甲乙丙丁")
    # x = 10 + 2 * (1 + sum of deltas)
    assert [round(g.box[0], 2) for g in gl] == [12.0, 24.0, 36.0, 42.0]
    assert gl[0].box[3] > 30 > gl[0].box[1]  # baseline 20 + 2*5 = 30 inside the box


def test_lines_rebuilt_from_positions_not_document_order():
    # characters of one line written as separate TextObjects in reverse order, a second line above
    xml = ('<ofd:Layer xmlns:ofd="http://www.ofdspec.org/2016">'
           '<ofd:TextObject Boundary="40 50 20 6" Size="4"><ofd:TextCode X="0" Y="4">5678</ofd:TextCode>'
           '</ofd:TextObject><ofd:TextObject Boundary="20 50 20 6" Size="4"><ofd:TextCode X="0" Y="4" '
           'DeltaX="g 6 2">1391234</ofd:TextCode></ofd:TextObject>'
           '<ofd:TextObject Boundary="20 30 20 6" Size="4"><ofd:TextCode X="0" Y="4">标题</ofd:TextCode>'
           '</ofd:TextObject></ofd:Layer>')
    layer = etree.fromstring(xml)
    glyphs = [g for t in layer for g in text_object_glyphs(t)]
    lines = group_lines(glyphs)
    assert [ln.text for ln in lines] == ["标题", "1391234 5678"]  # a wide gap is a space, not a join


def test_scan_finds_id_mobile_name_and_secrecy_with_page_and_box(tmp_path, screener):
    p = tmp_path / "通报.ofd"
    _basic(p)
    doc, findings = _scan(screener, p)
    assert doc.format == "ofd" and doc.facts["pages"] == 2
    by = {f.entity_type: f for f in findings if f.start >= 0}
    assert by["CN_RESIDENT_ID"].text == PID  # drawn one TextCode per character
    assert by["CN_RESIDENT_ID"].location["page"] == 1
    x0, top, x1, bottom = by["CN_RESIDENT_ID"].location["bbox"]
    assert by["CN_RESIDENT_ID"].location["unit"] == "mm" and 0 < x0 < x1 < 210 and 0 < top < bottom < 297
    assert {f.text for f in findings if f.entity_type == "PHONE_NUMBER"} == {MOBILE, OTHER_MOBILE}
    assert any(f.entity_type == "PERSON" and f.text == "张建国" for f in findings)
    secrecy = [f for f in findings if f.entity_type == "SECRECY_MARKING"]
    assert secrecy and secrecy[0].location["page"] == 1
    assert doc.segments[0].first_page_top and not doc.segments[1].first_page_top


def test_hard_negative_plain_notice_is_clean(tmp_path, screener):
    p = tmp_path / "通知.ofd"
    build_ofd(p, [["关于开展2024年度安全生产检查的通知", "各有关单位：", "请于2024年6月30日前报送材料。"]])
    _doc, findings = _scan(screener, p)
    assert not [f for f in findings if f.is_flagged], [(f.entity_type, f.text) for f in findings]


def test_docinfo_annotation_attachment_values_flagged(tmp_path, screener):
    p = tmp_path / "附件.ofd"
    att = "附件名单：刘红梅 电话13700001111".encode()
    build_ofd(p, [["关于某事项的说明"]],
              Extras(title="说明", author="赵国强", keywords=["名单"], custom={"经办人": "钱丽 13600002222"},
                     annotations=[Annotation(1, "请核对 13500003333", "孙志刚")],
                     attachments=[Attachment("名单.txt", att, "txt")]))
    doc, findings = _scan(screener, p)
    phones = {f.text: f.location for f in findings if f.entity_type == "PHONE_NUMBER"}
    assert phones["13600002222"]["part"] == "properties"  # DocInfo CustomDatas
    assert phones["13500003333"]["part"] == "annotation"
    assert phones["13700001111"]["part"] == "attachment" and phones["13700001111"]["attachment"] == "名单.txt"
    types = _types(doc.hygiene)
    assert {"DOCUMENT_METADATA", "COMMENTS", "EMBEDDED_OBJECT"} <= types
    assert "UNSCANNED_CONTENT" not in types  # a text attachment is read


def test_unreadable_attachment_and_image_stay_unscanned(tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENING_OCR", "off")
    from reader_fixtures import tiny_png

    p = tmp_path / "a.ofd"
    build_ofd(p, [["正文"]], Extras(attachments=[Attachment("x.bin", bytes(range(256)) * 8)],
                                  images={1: tiny_png()}))
    doc = read_document(p)
    reasons = [f.attributes.get("reason") for f in doc.hygiene if f.entity_type == "UNSCANNED_CONTENT"]
    assert "attachment" in reasons and "image" in reasons
    img = next(f for f in doc.hygiene if f.attributes.get("reason") == "image")
    assert img.location["page"] == 1 and "ocr" in img.explanation.lower()


def test_signature_is_a_hygiene_finding(tmp_path):
    p = tmp_path / "s.ofd"
    build_ofd(p, [["正文"]], Extras(signature=True))
    doc = read_document(p)
    sig = [f for f in doc.hygiene if f.attributes.get("reason") == "signature"]
    assert sig and sig[0].entity_type == "EMBEDDED_OBJECT"


def test_residue_sweep_reads_text_outside_the_pages(tmp_path, screener):
    p = tmp_path / "r.ofd"
    build_ofd(p, [["正文"]])
    buf = io.BytesIO()
    with zipfile.ZipFile(p) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("Doc_0/Extra/custom.xml", "<x><note>联系人 13400004444</note></x>")
    p.write_bytes(buf.getvalue())
    _doc, findings = _scan(screener, p)
    hit = [f for f in findings if f.entity_type == "PHONE_NUMBER"]
    assert hit and hit[0].location["part"] == "Doc_0/Extra/custom.xml"


def test_zip_safety_and_bad_packages(tmp_path):
    p = tmp_path / "dup.ofd"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("OFD.xml", "<OFD/>")
        with pytest.warns(UserWarning):
            zf.writestr("OFD.xml", "<OFD/>")
    with pytest.raises(DocumentError, match="duplicate"):
        read_document(p)
    q = tmp_path / "noroot.ofd"
    with zipfile.ZipFile(q, "w") as zf:
        zf.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>'
                               "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    with pytest.raises(DocumentError, match="DocRoot"):
        read_document(q)
    r = tmp_path / "many.ofd"
    build_ofd(r, [["一"], ["二"], ["三"]])
    with pytest.raises(ResourceLimitExceeded):
        read_document(r, max_pages=2)


def test_text_bomb_in_one_textcode_is_refused(tmp_path):
    p = tmp_path / "bomb.ofd"
    build_ofd(p, [["正" * 2000]])
    with pytest.raises(ResourceLimitExceeded):
        read_document(p, max_text_chars=1000)


# -- redaction ---------------------------------------------------------------------------------------
def _page_xml(path: Path, n: int = 0) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(f"Doc_0/Pages/Page_{n}/Content.xml").decode()


def test_redact_removes_characters_draws_boxes_and_verifies(tmp_path, screener):
    src = tmp_path / "通报.ofd"
    _basic(src)
    before = src.read_bytes()
    out = tmp_path / "out" / "通报.ofd"
    rep = redact_file(src, out, screener=screener)
    assert src.read_bytes() == before  # the input is never modified
    assert rep.verification.ok and rep.format == "ofd"
    doc = read_document(out)
    for value in (PID, MOBILE, OTHER_MOBILE, "张建国"):
        assert value not in doc.text
    page = _page_xml(out)
    assert PID not in page and MOBILE not in page and "PathObject" in page
    root = etree.fromstring(page.encode())
    boxes = root.findall(".//ofd:PathObject", NS)
    assert len(boxes) >= 3 and all(b.get("Fill") == "true" for b in boxes)
    assert "联系电话" in doc.text and "同志违规情况的通报" in doc.text  # the rest is kept, in place
    # the kept text after a removed name stays where it was drawn: X of the split TextCode
    code = [c for c in root.iterfind(".//ofd:TextCode", NS) if (c.text or "").startswith("同志")][0]
    assert float(code.get("X")) == pytest.approx(4.2 * 5)  # 关于 + 3 removed characters
    assert code.get("DeltaX").split() == ["4.2"] * (len(code.text) - 1)
    assert any(c["operator"] == "box" for c in rep.changes)


def test_redact_cleans_docinfo_annotations_attachments_signatures(tmp_path, screener):
    src = tmp_path / "附件.ofd"
    att = "名单：刘红梅 电话13700001111".encode()
    build_ofd(src, [["关于某事项的说明"]],
              Extras(title="说明 13600002222", author="赵国强", custom={"经办人": "钱丽"},
                     annotations=[Annotation(1, "请核对 13500003333", "孙志刚")],
                     attachments=[Attachment("名单.txt", att, "txt")], signature=True))
    out = tmp_path / "out.ofd"
    rep = redact_file(src, out, screener=screener)
    assert rep.verification.ok
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        blob = b"".join(zf.read(n) for n in names).decode("utf-8", "replace")
    for value in ("13600002222", "13500003333", "13700001111", "赵国强", "钱丽", "刘红梅"):
        assert value not in blob
    assert not any("Signs" in n or "Attachs" in n or "Annots" in n for n in names)
    assert any("signature" in n for n in rep.notes)
    doc = read_document(out)
    assert not ({"DOCUMENT_METADATA", "COMMENTS", "EMBEDDED_OBJECT"} & _types(doc.hygiene))
    assert "说明" in doc.text  # the title is kept, only the value is replaced


def test_cli_scan_and_redact_ofd(tmp_path):
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    src = tmp_path / "d.ofd"
    _basic(src)
    env = {**os.environ, "PYTHONPATH": str(root)}
    r = subprocess.run([sys.executable, "cli.py", "scan", str(src), "--format", "json"], cwd=root, env=env,
                       capture_output=True, text=True, timeout=300)
    data = json.loads(r.stdout)
    assert data["documents"][0]["status"] != "error"
    assert "CN_RESIDENT_ID" in {f["entity_type"] for f in data["documents"][0]["findings"]}
    r = subprocess.run([sys.executable, "cli.py", "redact", str(src), "--out", str(tmp_path / "o") + "/", "--format",
                        "json"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    log = json.loads(r.stdout)
    assert log["documents"][0]["verification"]["ok"] and (tmp_path / "o" / "d.ofd").exists()
