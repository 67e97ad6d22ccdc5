"""The .docx reader: an ID planted in every part is found, with the right location."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from reader_fixtures import _WNS, build_docx, make_id, rewrite_zip

from screening import Screener
from screening.documents import read_document
from screening.documents.docx import iter_paragraphs, paragraph_text


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("docx") / "处罚决定书.docx"
    return path, build_docx(path)


@pytest.fixture(scope="module")
def found(planted: tuple[Path, dict[str, str]], screener: Screener) -> dict[str, dict]:
    doc = read_document(planted[0])
    return {f.text: f.location for f in screener.scan_document(doc) if f.entity_type == "CN_RESIDENT_ID"}


EXPECTED = {
    "heading": {"part": "body", "paragraph": 0},
    "body": {"part": "body", "xml_part": "word/document.xml"},
    "split_runs": {"part": "body"},
    "table": {"part": "table", "table": 1, "row": 2, "col": 3},
    "nested_table": {"part": "table", "table": 2, "row": 1, "col": 2, "nesting": [{"table": 1, "row": 3, "col": 3}]},
    "header": {"part": "header", "section": 1, "header_type": "default"},
    "first_header": {"part": "header", "header_type": "first"},
    "even_header": {"part": "header", "header_type": "even"},
    "footer": {"part": "footer", "footer_type": "default", "xml_part": "word/footer1.xml"},
    "footnote": {"part": "footnote", "xml_part": "word/footnotes.xml", "note_id": "1"},
    "endnote": {"part": "endnote", "xml_part": "word/endnotes.xml"},
    "comment": {"part": "comment", "author": "科员乙", "xml_part": "word/comments.xml"},
    "inserted": {"part": "body"},
    "deleted": {"part": "body", "content": "deleted"},
    "hidden": {"part": "body", "content": "hidden"},
    "field": {"part": "body", "content": "field"},
    "textbox": {"part": "textbox"},
    "alt_text": {"attribute": "descr"},
    "core_property": {"part": "properties", "property": "description"},
    "custom_property": {"part": "properties", "xml_part": "docProps/custom.xml"},
    "custom_xml": {"part": "custom_xml", "xml_part": "customXml/item1.xml"},
}


@pytest.mark.parametrize("where", sorted(EXPECTED))
def test_planted_id_found_with_location(where: str, planted, found) -> None:
    value = planted[1][where]
    assert value in found, f"{where}: {value} not found"
    loc = found[value]
    for key, want in EXPECTED[where].items():
        assert loc.get(key) == want, (where, key, loc)
    assert "offset" in loc


def test_every_planted_item_is_covered_by_a_test(planted) -> None:
    assert set(planted[1]) == set(EXPECTED)


def test_body_text_is_what_a_reader_sees(planted) -> None:
    doc = read_document(planted[0])
    body = [s.text for s in doc.segments if s.kind == "text"]
    ids = planted[1]
    assert "原证件号已删除" in body  # the deletion is not in the visible text
    assert "可见文字" in body
    assert "《域结果》" in body  # a field shows its result, not its code
    assert f"联系人证件：{ids['inserted']}" in body  # tracked insertions are visible
    assert not any(ids["deleted"] in t or ids["hidden"] in t for t in body)


def test_hygiene_findings(planted) -> None:
    doc = read_document(planted[0])
    kinds = {f.entity_type: f for f in doc.hygiene}
    assert kinds["TRACKED_CHANGES"].attributes == {"insertions": 1, "deletions": 1, "authors": ["审核人甲"]}
    assert kinds["COMMENTS"].attributes["authors"] == ["科员乙"]
    assert kinds["HIDDEN_TEXT"].attributes["count"] == 1
    assert set(kinds["DOCUMENT_METADATA"].attributes["properties"]) >= {"creator", "lastModifiedBy"}
    assert kinds["UNSCANNED_CONTENT"].attributes["reason"] == "image"
    authors = {s.text for s in doc.segments if s.kind == "metadata"}
    assert {"作者：张三", "最后修改者：李四", "批注作者：科员乙", "修订者：审核人甲"} <= authors


def test_table_header_is_context_and_first_page_top(planted) -> None:
    doc = read_document(planted[0])
    cell = next(s for s in doc.segments if s.text == planted[1]["table"])
    assert cell.kind == "table_cell" and cell.column_header == "证件号码"
    assert doc.segments[0].first_page_top
    assert any(s.first_page_top for s in doc.segments if s.kind == "header")
    assert not any(s.first_page_top for s in doc.segments if s.kind == "footer")


def test_writer_helpers_compute_the_same_text(planted) -> None:
    doc = read_document(planted[0])
    by_loc = {(s.location["xml_part"], s.location["paragraph"]): s.text
              for s in doc.segments if s.kind in ("text", "table_cell", "header", "footer", "comment", "textbox")}
    with zipfile.ZipFile(planted[0]) as zf:
        refs = list(iter_paragraphs(zf))
    for ref in refs:
        key = (ref.xml_part, ref.index)
        if key in by_loc:
            assert ref.text == by_loc[key]
            root = ref.element.getroottree().getroot()
            assert list(root.iter(ref.element.tag)).index(ref.element) == ref.index


def test_alternate_content_text_box_is_read_once(tmp_path: Path, screener: Screener) -> None:
    src = tmp_path / "a.docx"
    import docx

    d = docx.Document()
    d.add_paragraph("正文")
    d.save(src)
    value = make_id(7)
    box = (f'<w:p {_WNS}><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
           f'<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>{value}</w:t></w:r></w:p>'
           f'</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>{value}</w:t>'
           '</w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("word/document.xml").decode()
    rewrite_zip(src, {"word/document.xml": xml.replace("<w:sectPr", box + "<w:sectPr", 1).encode()})
    found = [f for f in screener.scan_document(read_document(src)) if f.entity_type == "CN_RESIDENT_ID"]
    assert [f.location["part"] for f in found] == ["textbox"]


def test_hidden_paragraph_style_and_explicit_unhide() -> None:
    p = etree.fromstring(f'<w:p {_WNS}><w:pPr><w:pStyle w:val="Secret"/></w:pPr><w:r><w:t>x</w:t></w:r>'
                         '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>y</w:t></w:r></w:p>')
    assert paragraph_text(p) == "xy"
    assert paragraph_text(p, frozenset({"Secret"})) == "y"


def test_docx_named_txt_is_read_as_docx(planted, tmp_path: Path) -> None:
    other = tmp_path / "草稿.txt"
    shutil.copy(planted[0], other)
    assert read_document(other).format == "docx"


def test_grid_span_gives_grid_column(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for j, h in enumerate(["姓名", "地址", "身份证号"]):
        t.cell(0, j).text = h
    t.cell(1, 0).merge(t.cell(1, 1)).text = "张某 某地"
    t.cell(1, 2).text = make_id(9)
    path = tmp_path / "m.docx"
    d.save(path)
    seg = next(s for s in read_document(path).segments if s.text == make_id(9))
    assert (seg.location["row"], seg.location["col"], seg.column_header) == (2, 3, "身份证号")
