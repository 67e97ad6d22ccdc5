"""The PDF residue sweep (issue 11): every object of the file is read, whatever the reader did not
cover is scanned, and redaction removes it. One fixture per place, each built here from invented
text and fictional values; each asserts that the scan flags the value at that place and that
``redact`` leaves no trace of it in any object of the output (decoded)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from reader_fixtures import CJK_FONT, _cjk_canvas, build_docx, make_id
from test_redact_pdf import pdf_leaks

from screening.documents import read_document
from screening.documents.pdf_residue import count_revisions, pdf_text
from screening.redaction import redact_file

MOBILE = "13987654321"


def base_pdf(path: Path, line: str = "某某县关于开展社区服务活动的通知") -> Path:
    c, (_w, h) = _cjk_canvas(path)
    c.setFont(CJK_FONT, 12)
    c.drawString(60, h - 60, line)
    c.drawString(60, h - 90, "请各单位按时报送材料。")
    c.showPage()
    c.save()
    return path


def _u16(text: str) -> pikepdf.String:
    return pikepdf.String(b"\xfe\xff" + text.encode("utf-16-be"))


def _xlsx_bytes(value: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号"])
    ws.append(["王某某", value])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plant_outline(pdf: pikepdf.Pdf, v: str) -> None:
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem(f"联系人身份证号{v}", 0))


def plant_annotation_subject(pdf: pikepdf.Pdf, v: str) -> None:
    annot = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=[100, 100, 200, 150],
        Subj=_u16(f"身份证号：{v}")))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annot]))


def plant_form_options(pdf: pikepdf.Pdf, v: str) -> None:
    field = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Ch, T=pikepdf.String("choice"),
        Rect=[100, 300, 200, 320], Opt=pikepdf.Array([_u16("请选择"), _u16(f"身份证号 {v}")]),
        TU=_u16("证件选择")))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([field]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))


def plant_xmp_attribute(pdf: pikepdf.Pdf, v: str) -> None:
    xmp = (f'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           f'<rdf:Description rdf:about="" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/" '
           f'pdfx:Contact="联系人身份证号 {v}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    stream = pdf.make_stream(xmp.encode("utf-8"))
    stream.Type, stream.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = stream


def plant_javascript_names(pdf: pikepdf.Pdf, v: str) -> None:
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String(f'var idno = "{v}"; app.alert("ok");')))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([_u16("init"), action])))


def plant_open_action_stream(pdf: pikepdf.Pdf, v: str) -> None:
    js = pdf.make_stream(f'// 联系电话\nvar phone = "{MOBILE}"; var idno = "{v}";'.encode())
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=js)


def plant_page_action(pdf: pikepdf.Pdf, v: str) -> None:
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String(f"this.info = '身份证 {v}';")))


def plant_private_stream(pdf: pikepdf.Pdf, v: str) -> None:
    pdf.Root.PieceInfo = pikepdf.Dictionary(App=pikepdf.Dictionary(
        Private=pdf.make_stream(f"申报人身份证号：{v}\n".encode())))


def plant_info_name(pdf: pikepdf.Pdf, v: str) -> None:
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("通知"),
                                                            Reviewer=pikepdf.Array([_u16(f"身份证号 {v}")])))


def plant_attachment_xlsx(pdf: pikepdf.Pdf, v: str) -> None:
    pdf.attachments["名单.xlsx"] = pikepdf.AttachedFileSpec(pdf, _xlsx_bytes(v), mime_type="application/vnd.ms-excel")


def plant_file_attachment_annotation(pdf: pikepdf.Pdf, v: str) -> None:
    spec = pikepdf.AttachedFileSpec(pdf, f"联系人：王某某\n身份证号：{v}\n".encode(), filename="note.txt")
    annot = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[50, 50, 70, 70],
        FS=spec.obj, Contents=pikepdf.String("附件")))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annot]))


def plant_root_af_docx(pdf: pikepdf.Pdf, v: str, tmp: Path) -> str:
    docx = tmp / "inner.docx"
    ids = build_docx(docx)
    spec = pikepdf.AttachedFileSpec(pdf, docx.read_bytes(), filename="说明.docx")
    pdf.Root.AF = pdf.make_indirect(pikepdf.Array([spec.obj]))
    return ids["body"]


PLACES: dict[str, tuple[Callable[..., object], str | tuple[str, ...]]] = {
    "outline": (plant_outline, "outline"),
    "annotation subject": (plant_annotation_subject, "annotation"),
    "form field options": (plant_form_options, "form field"),
    "XMP attribute": (plant_xmp_attribute, "xmp"),
    "JavaScript name tree": (plant_javascript_names, "javascript"),
    "OpenAction JS stream": (plant_open_action_stream, "javascript"),
    "page AA action": (plant_page_action, "javascript"),
    "private stream": (plant_private_stream, "stream"),
    "document info array": (plant_info_name, ("document info", "metadata")),
    "attachment name tree (xlsx)": (plant_attachment_xlsx, "attachment:名单.xlsx"),
    "FileAttachment annotation (txt)": (plant_file_attachment_annotation, "attachment:note.txt"),
}


def _build(tmp: Path, name: str) -> tuple[Path, str]:
    plant, _part = PLACES[name]
    src = base_pdf(tmp / "src.pdf")
    value = make_id(700 + list(PLACES).index(name))
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        plant(pdf, value)
        pdf.save(src)
    return src, value


def _flagged(screener, path: Path, value: str) -> list:
    doc = read_document(path)
    return [f for f in screener.scan_document(doc) if f.entity_type == "CN_RESIDENT_ID" and f.text == value]


@pytest.mark.parametrize("name", list(PLACES))
def test_place_flagged_and_cleaned(name: str, screener, tmp_path: Path) -> None:
    src, value = _build(tmp_path, name)
    hits = _flagged(screener, src, value)
    assert hits, f"{name}: the value is not flagged"
    part = PLACES[name][1]
    assert any(str(f.location.get("part", "")).startswith(part) for f in hits), [f.location for f in hits]
    out = tmp_path / "out.pdf"
    rep = redact_file(src, out, "publication", screener=screener)
    assert rep.ok and rep.verification.ok, (rep.status, rep.error, rep.verification.to_dict())
    assert pdf_leaks(src, [value]) or name.startswith(("attachment", "FileAttachment"))
    assert pdf_leaks(out, [value]) == []
    assert not _flagged(screener, out, value)


def test_root_af_docx_attachment(screener, tmp_path: Path) -> None:
    src = base_pdf(tmp_path / "src.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        value = plant_root_af_docx(pdf, "", tmp_path)
        pdf.save(src)
    doc = read_document(src)
    hits = [f for f in screener.scan_document(doc) if f.text == value]
    assert hits and all(f.location["part"].startswith("attachment:说明.docx") for f in hits)
    assert any(h.entity_type == "EMBEDDED_OBJECT" for h in doc.hygiene)
    out = tmp_path / "out.pdf"
    rep = redact_file(src, out, "publication", screener=screener)
    assert rep.verification.ok, rep.verification.to_dict()
    with pikepdf.open(out) as pdf:
        assert "/AF" not in pdf.Root and not any(
            isinstance(o, pikepdf.Stream) and o.get("/Type") == "/EmbeddedFile" for o in pdf.objects)


def test_unsupported_attachment_is_unscanned(screener, tmp_path: Path) -> None:
    src = base_pdf(tmp_path / "src.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.attachments["data.bin"] = pikepdf.AttachedFileSpec(pdf, bytes(range(256)) * 40)
        pdf.save(src)
    doc = read_document(src)
    un = [h for h in doc.hygiene if h.entity_type == "UNSCANNED_CONTENT"]
    assert un and un[0].location["part"] == "attachment:data.bin"
    out = tmp_path / "out.pdf"
    rep = redact_file(src, out, "publication", screener=screener)
    assert rep.verification.ok
    assert not [h for h in read_document(out).hygiene if h.entity_type in ("UNSCANNED_CONTENT", "EMBEDDED_OBJECT")]


def test_clean_pdf_has_no_residue(tmp_path: Path) -> None:
    """Hard negative: a plain reportlab PDF (fonts, CMaps, content) gives no residue and no
    unscanned content, and its own page text is not repeated as residue."""
    src = base_pdf(tmp_path / "src.pdf", f"联系电话 {MOBILE}")
    doc = read_document(src)
    assert [s for s in doc.segments if s.kind == "residue"] == []
    assert [h for h in doc.hygiene if h.entity_type == "UNSCANNED_CONTENT"] == []


def test_pdf_text_decodings() -> None:
    assert pdf_text(b"\xfe\xff" + "王某".encode("utf-16-be")) == ["王某"]
    assert pdf_text(b"\xff\xfe" + "王某".encode("utf-16-le")) == ["王某"]
    assert pdf_text(b"caf\xe9") == ["café"]  # PDFDocEncoding
    assert "王某" in pdf_text("王某".encode())


# -- incremental updates --------------------------------------------------------------------------
def incremental_update(src: Path, new_line: str) -> None:
    """Append a revision to ``src`` whose page shows ``new_line`` instead (the old bytes stay)."""
    data = src.read_bytes()
    with pikepdf.open(src) as pdf:
        size = int(pdf.trailer.Size)
        root_ref = pdf.Root.objgen
        page = pdf.pages[0].obj
        page_num = page.objgen[0]
        font = next(iter(page.Resources.Font.keys()))
        page_dict = {k: v for k, v in page.items() if k != "/Contents"}
    content = f"BT {font} 12 Tf 60 760 Td <{new_line.encode('utf-16-be').hex()}> Tj ET".encode()
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    body = b"\n"
    off_content = len(data) + len(body)
    body += b"%d 0 obj\n<< /Length %d >>\nstream\n" % (size, len(content)) + content + b"\nendstream\nendobj\n"
    off_page = len(data) + len(body)
    items = " ".join(f"{k} {_unparse(v)}" for k, v in page_dict.items())
    body += f"{page_num} 0 obj\n<< {items} /Contents {size} 0 R >>\nendobj\n".encode()
    off_xref = len(data) + len(body)
    body += (b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n%d 1\n%010d 00000 n \n"
             % (page_num, off_page, size, off_content))
    body += b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1, root_ref[0], root_ref[1], startxref, off_xref)
    src.write_bytes(data + body)


def _unparse(v: object) -> str:
    return v.unparse(resolved=False).decode("latin-1") if isinstance(v, pikepdf.Object) else str(v)


def test_two_revisions_detected_and_output_has_one(screener, tmp_path: Path) -> None:
    value = make_id(777)
    src = tmp_path / "rev.pdf"
    c, (_w, h) = _cjk_canvas(src)
    c.setFont(CJK_FONT, 12)
    c.drawString(60, h - 60, f"申请人身份证号：{value}")
    c.showPage()
    c.save()
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:  # a classic xref table, one revision
        pdf.save(src, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    incremental_update(src, "申请人信息已删除")
    assert count_revisions(src.read_bytes()) == 2
    doc = read_document(src)
    assert value not in "".join(s.text for s in doc.segments if s.kind == "text")  # the current page
    rev = [h for h in doc.hygiene if h.attributes.get("reason") == "incremental_update"]
    assert rev and rev[0].attributes["revisions"] == 2
    hits = [f for f in screener.scan_document(doc) if f.text == value]
    assert hits and hits[0].location["part"].startswith("revision:1")
    out = tmp_path / "out.pdf"
    rep = redact_file(src, out, "publication", screener=screener)
    assert rep.verification.ok, rep.verification.to_dict()
    assert count_revisions(out.read_bytes()) == 1
    assert value.encode() not in out.read_bytes()
    assert not [h for h in read_document(out).hygiene if h.attributes.get("reason") == "incremental_update"]


def test_checksums_and_dates_are_not_residue(tmp_path: Path) -> None:
    """Hard negative: a hex /DocChecksum name (as LibreOffice writes it) and PDF dates hold digits
    but no document text."""
    src = base_pdf(tmp_path / "src.pdf")
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.trailer.DocChecksum = pikepdf.Name("/2C67E00B2FE10CF7C97C3E918660D5E3")
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(CreationDate=pikepdf.String("D:20261207094433Z'")))
        pdf.save(src)
    assert [s for s in read_document(src).segments if s.kind == "residue"] == []


@pytest.mark.slow
def test_libreoffice_pdf_has_no_residue(tmp_path: Path) -> None:
    """Hard negative: a PDF exported by LibreOffice (embedded subset fonts, XMP, checksums)."""
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) not installed")
    build_docx(tmp_path / "lo.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "lo.docx")],
                   capture_output=True, timeout=180, check=True)
    doc = read_document(tmp_path / "lo.pdf")
    assert [s for s in doc.segments if s.kind == "residue"] == []
    assert [h for h in doc.hygiene if h.entity_type == "UNSCANNED_CONTENT" and "page" not in h.location] == []
