"""Issue 11: every less-common place of a .docx where a value can hide is read (the residue sweep),
flagged with its part and place, and cleaned by redaction. One generated fixture per place."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from reader_fixtures import rewrite_zip, tiny_png
from residue_fixtures import (
    ID,
    MOBILE,
    WNS,
    add_rel,
    base_docx,
    base_xlsx,
    edit_member,
    in_body,
    read_member,
    zip_bytes,
)

from screening.documents import read_document
from screening.errors import DocumentError

IDENT = {"CN_RESIDENT_ID", "PHONE_NUMBER"}
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _chart_xml(values: list[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
    return ('<?xml version="1.0" encoding="UTF-8"?><c:chartSpace '
            'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart>'
            f'<c:ser><c:cat><c:strRef><c:f>Sheet1!$A$1</c:f><c:strCache><c:ptCount val="{len(values)}"/>{pts}'
            '</c:strCache></c:strRef></c:cat></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>')


def bookmark(p: Path) -> str:
    in_body(p, f'<w:p><w:bookmarkStart w:id="7" w:name="_身份证{ID}"/><w:bookmarkEnd w:id="7"/></w:p>')
    return "word/document.xml"


def chart_no_workbook(p: Path) -> str:
    rewrite_zip(p, {"word/charts/chart1.xml": _chart_xml(["联系电话", MOBILE]).encode()})
    add_rel(p, "word/_rels/document.xml.rels", "rId90", "chart", "charts/chart1.xml")
    return "word/charts/chart1.xml"


def chart_with_workbook(p: Path) -> str:
    wb = base_xlsx(p.with_suffix(".emb.xlsx")).read_bytes()
    rewrite_zip(p, {"word/charts/chart1.xml": _chart_xml([ID]).encode(),
                    "word/embeddings/Microsoft_Excel_Worksheet.xlsx": wb})
    add_rel(p, "word/_rels/document.xml.rels", "rId90", "chart", "charts/chart1.xml")
    return "word/charts/chart1.xml"


def custom_xml_attr(p: Path) -> str:
    rewrite_zip(p, {"customXml/item2.xml": f'<?xml version="1.0"?><root><person id="{ID}">某人</person></root>'.encode()})
    return "customXml/item2.xml"


def dtd_entity(p: Path) -> str:
    def f(s: str) -> str:
        s = s.replace("<w:document", f'<!DOCTYPE w:document [<!ENTITY pid "{ID}">]><w:document', 1)
        return s.replace("<w:sectPr", "<w:p><w:r><w:t>编号：&pid;</w:t></w:r></w:p><w:sectPr", 1)
    edit_member(p, "word/document.xml", f)
    return "word/document.xml"


def dtd_entity_unused(p: Path) -> str:
    edit_member(p, "word/document.xml",
                lambda s: s.replace("<w:document", f'<!DOCTYPE w:document [<!ENTITY pid "{ID}">]><w:document', 1))
    return "word/document.xml"


def fld_simple(p: Path) -> str:
    in_body(p, f'<w:p><w:fldSimple w:instr=" MERGEFIELD 身份证号 \\\\* {ID} "><w:r><w:t>«x»</w:t></w:r>'
               '</w:fldSimple></w:p>')
    return "word/document.xml"


def hyperlink_target(p: Path) -> str:
    add_rel(p, "word/_rels/document.xml.rels", "rId91", "hyperlink", f"tel:{MOBILE}", external=True)
    in_body(p, f'<w:p><w:hyperlink xmlns:r="{REL_NS}" r:id="rId91"><w:r><w:t>联系我们</w:t></w:r></w:hyperlink></w:p>')
    return "word/_rels/document.xml.rels"


def hyperlink_percent(p: Path) -> str:
    add_rel(p, "word/_rels/document.xml.rels", "rId91", "hyperlink",
            "http://example.invalid/q?id=%33%32%30%31" + ID[4:], external=True)
    return "word/_rels/document.xml.rels"


def tooltip(p: Path) -> str:
    in_body(p, f'<w:p><w:hyperlink w:anchor="x" w:tooltip="联系人电话{MOBILE}"><w:r><w:t>详见</w:t></w:r>'
               '</w:hyperlink></w:p>')
    return "word/document.xml"


def form_default(p: Path) -> str:
    in_body(p, '<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:textInput>'
               f'<w:default w:val="{ID}"/></w:textInput></w:ffData></w:fldChar></w:r></w:p>')
    return "word/document.xml"


def form_dropdown(p: Path) -> str:
    in_body(p, '<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="D1"/><w:ddList>'
               f'<w:listEntry w:val="请选择"/><w:listEntry w:val="{MOBILE}"/></w:ddList></w:ffData></w:fldChar></w:r></w:p>')
    return "word/document.xml"


def math(p: Path) -> str:
    in_body(p, '<w:p><m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
               f'<m:r><m:t>{ID}</m:t></m:r></m:oMath></w:p>')
    return "word/document.xml"


def ruby(p: Path) -> str:
    in_body(p, f'<w:p><w:r><w:ruby><w:rt><w:r><w:t>{MOBILE}</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>联系</w:t></w:r>'
               '</w:rubyBase></w:ruby></w:r></w:p>')
    return "word/document.xml"


def sdt_alias_tag(p: Path) -> str:
    in_body(p, f'<w:sdt><w:sdtPr><w:alias w:val="申请人{ID}"/><w:tag w:val="{MOBILE}"/></w:sdtPr>'
               '<w:sdtContent><w:p><w:r><w:t>内容</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    return "word/document.xml"


def sdt_dropdown(p: Path) -> str:
    in_body(p, '<w:sdt><w:sdtPr><w:dropDownList><w:listItem w:displayText="请选择" w:value="0"/>'
               f'<w:listItem w:displayText="{ID}" w:value="1"/></w:dropDownList></w:sdtPr>'
               '<w:sdtContent><w:p><w:r><w:t>请选择</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    return "word/document.xml"


def smart_tag(p: Path) -> str:
    in_body(p, '<w:p><w:smartTag w:uri="urn:x" w:element="phone"><w:smartTagPr>'
               f'<w:attr w:name="number" w:val="{MOBILE}"/></w:smartTagPr><w:r><w:t>电话</w:t></w:r></w:smartTag></w:p>')
    return "word/document.xml"


def smartart(p: Path) -> str:
    data = ('<?xml version="1.0"?><dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="1">'
            f'<dgm:t><a:p><a:r><a:t>负责人电话{MOBILE}</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>')
    rewrite_zip(p, {"word/diagrams/data1.xml": data.encode()})
    return "word/diagrams/data1.xml"


def wordart(p: Path) -> str:
    in_body(p, '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="w1">'
               f'<v:textpath string="身份证{ID}"/></v:shape></w:pict></w:r></w:p>')
    return "word/document.xml"


def unknown_txt(p: Path) -> str:
    rewrite_zip(p, {"word/notes.txt": f"备忘：身份证号 {ID}\n".encode()})
    return "word/notes.txt"


def alt_pic_cnvpr(p: Path) -> str:
    in_body(p, '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
               'wordprocessingDrawing"><wp:docPr id="1" name="图片 1"/><a:graphic xmlns:a="http://schemas.'
               'openxmlformats.org/drawingml/2006/main"><a:graphicData><pic:pic xmlns:pic="http://schemas.'
               f'openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="x" descr="持证人{ID}"/>'
               '</pic:nvPicPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    return "word/document.xml"


def embedded_xlsx(p: Path) -> str:
    import openpyxl

    x = p.with_suffix(".emb.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.active.append(["某某", ID])
    wb.save(x)
    rewrite_zip(p, {"word/embeddings/Microsoft_Excel_Worksheet1.xlsx": x.read_bytes()})
    add_rel(p, "word/_rels/document.xml.rels", "rId92", "package", "embeddings/Microsoft_Excel_Worksheet1.xlsx")
    return "word/embeddings/Microsoft_Excel_Worksheet1.xlsx!/"


def embedded_docx(p: Path) -> str:
    inner = base_docx(p.with_suffix(".emb.docx"), f"附件：身份证号{ID}").read_bytes()
    rewrite_zip(p, {"word/embeddings/Microsoft_Word_Document1.docx": inner})
    return "word/embeddings/Microsoft_Word_Document1.docx!/word/document.xml"


def doc_vars(p: Path) -> str:
    edit_member(p, "word/settings.xml", lambda s: s.replace(
        "</w:settings>", f'<w:docVars><w:docVar w:name="owner" w:val="{MOBILE}"/></w:docVars></w:settings>'))
    return "word/settings.xml"


PLACES = [bookmark, chart_no_workbook, chart_with_workbook, custom_xml_attr, dtd_entity, dtd_entity_unused,
          fld_simple, hyperlink_target, hyperlink_percent, tooltip, form_default, form_dropdown, math, ruby,
          sdt_alias_tag, sdt_dropdown, smart_tag, smartart, wordart, unknown_txt, alt_pic_cnvpr, embedded_xlsx,
          embedded_docx, doc_vars]


def make(tmp_path: Path, place) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    p = base_docx(tmp_path / f"{place.__name__}.docx")
    return p, place(p)


@pytest.mark.parametrize("place", PLACES, ids=lambda f: f.__name__)
def test_place_is_flagged(tmp_path, screener, place):
    p, part = make(tmp_path, place)
    findings = screener.scan_document(read_document(p))
    hits = [f for f in findings if f.entity_type in IDENT and f.is_flagged]
    assert hits, f"{place.__name__}: nothing flagged"
    assert any(str(f.location.get("part", "")).startswith(part) or f.location.get("xml_part") == part
               for f in hits), [(f.location, f.entity_type) for f in hits]


def test_clean_base_has_no_identifier(tmp_path, screener):
    p = base_docx(tmp_path / "clean.docx")
    findings = screener.scan_document(read_document(p))
    assert not [f for f in findings if f.entity_type in IDENT]


def test_residue_location_names_place(tmp_path, screener):
    p = base_docx(tmp_path / "b.docx")
    bookmark(p)
    hits = [f for f in screener.scan_document(read_document(p)) if f.entity_type == "CN_RESIDENT_ID"]
    assert hits and hits[0].location["place"] == "bookmark"


def test_hard_negative_structural_attributes(tmp_path, screener):
    """rsids, paraIds and style names are not values: no identifier from them."""
    p = base_docx(tmp_path / "n.docx")
    in_body(p, '<w:p w:rsidR="00123456" w:rsidRDefault="00123456" xmlns:w14="http://schemas.microsoft.com/'
               'office/word/2010/wordml" w14:paraId="13912345"><w:r><w:t>正文</w:t></w:r></w:p>')
    findings = screener.scan_document(read_document(p))
    assert not [f for f in findings if f.entity_type in IDENT]


def test_thumbnail_and_stray_image_unscanned(tmp_path):
    p = base_docx(tmp_path / "i.docx")
    rewrite_zip(p, {"word/pictures/extra.png": tiny_png()})
    hy = [f for f in read_document(p).hygiene if f.entity_type == "UNSCANNED_CONTENT"]
    parts = {f.location["part"] for f in hy}
    assert "word/pictures/extra.png" in parts and "docProps/thumbnail.jpeg" in parts


def test_vba_activex_ole_unscanned(tmp_path):
    p = base_docx(tmp_path / "v.docx")
    rewrite_zip(p, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
                    "word/activeX/activeX1.bin": b"\x00\x01\x02\x03" * 50,
                    "word/objects/odd.bin": b"\x00\xff\x10\x80" * 40})
    hy = read_document(p).hygiene
    un = {f.location["part"] for f in hy if f.entity_type == "UNSCANNED_CONTENT"}
    assert {"word/vbaProject.bin", "word/activeX/activeX1.bin", "word/objects/odd.bin"} <= un
    assert any(f.entity_type == "EMBEDDED_OBJECT" for f in hy)


def test_embedded_package_is_read_not_only_reported(tmp_path):
    p, _ = make(tmp_path, embedded_xlsx)
    doc = read_document(p)
    assert any(ID in s.text for s in doc.segments if s.kind == "residue")
    assert any(f.entity_type == "EMBEDDED_OBJECT" for f in doc.hygiene)


def test_duplicate_member_names_refused(tmp_path):
    p = base_docx(tmp_path / "d.docx")
    data = read_member(p, "word/document.xml")
    with zipfile.ZipFile(p, "a") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zf.writestr("word/document.xml", data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing from zipfile may leak as a Python warning
        with pytest.raises(DocumentError, match="duplicate member name"):
            read_document(p)


def test_billion_laughs_is_an_error_not_a_hang(tmp_path):
    p = base_docx(tmp_path / "bl.docx")
    ents = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    edit_member(p, "word/document.xml", lambda s: s.replace(
        "<w:document", f"<!DOCTYPE w:document [{ents}]><w:document", 1).replace(
        "<w:sectPr", "<w:p><w:r><w:t>&i;&i;&i;&i;&i;</w:t></w:r></w:p><w:sectPr", 1))
    with pytest.raises(DocumentError):
        read_document(p)


def test_nested_zip_in_unknown_member(tmp_path, screener):
    p = base_docx(tmp_path / "z.docx")
    rewrite_zip(p, {"word/stuff/archive.zip": zip_bytes({"a/b.txt": f"电话 {MOBILE}"})})
    hits = [f for f in screener.scan_document(read_document(p)) if f.entity_type == "PHONE_NUMBER"]
    assert hits and hits[0].location["part"] == "word/stuff/archive.zip!/a/b.txt"


__all__ = ["PLACES", "make", "WNS"]
