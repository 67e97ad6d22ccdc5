"""OCR of images embedded in docx/xlsx/html (issue 16) and of images in OFD pages; redaction burns
the boxes into the embedded image and the output is verified by OCR. OCR-free tests run always
(``SCREENING_OCR=off`` or a stubbed engine); real-OCR tests are slow and skip without the extra.

Images are rendered here from invented text with computed identifiers."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest

from screening.documents import ocr, read_document
from screening.documents.embedded_ocr import data_uri_bytes, local_image
from screening.documents.ocr import OcrLine
from screening.documents.ofd_build import Extras, build_ofd
from screening.redaction import redact_file
from tests.identifier_helpers import make_id

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PID = make_id("620102", "19790521", "318")
PHONE = "13993127745"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason='OCR extra not installed (pip install ".[ocr]")')
needs_font = pytest.mark.skipif(not Path(FONT).exists(), reason="fonts-noto-cjk not installed")


def card_png() -> bytes:
    """A picture of a registration slip: a phone number and an ID number (large, clean print)."""
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGB", (1100, 260), "white")
    d = ImageDraw.Draw(im)
    f = ImageFont.truetype(FONT, 44)
    d.text((40, 40), f"联系电话：{PHONE}", font=f, fill="black")
    d.text((40, 140), f"身份证号：{PID}", font=f, fill="black")
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def blank_png(size=(300, 120)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "PNG")
    return buf.getvalue()


def _docx(path: Path, png: bytes) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("关于报名登记情况的说明")
    d.add_picture(io.BytesIO(png))
    d.save(path)


def _unscanned(doc):
    """UNSCANNED_CONTENT findings, the python-docx template's own thumbnail (docProps/) aside."""
    return [f for f in doc.hygiene if f.entity_type == "UNSCANNED_CONTENT"
            and not str(f.location.get("xml_part", "")).startswith("docProps/")]


# -- without OCR / with a stubbed engine (fast) ---------------------------------------------------------
def test_data_uri_and_local_paths(tmp_path):
    png = blank_png()
    assert data_uri_bytes("data:image/png;base64," + base64.b64encode(png).decode()) == png
    assert data_uri_bytes("https://example.org/a.png") is None
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(png)
    page = str(tmp_path / "p.html")
    assert local_image(page, "img/a.png") == tmp_path / "img" / "a.png"
    assert local_image(page, "img/missing.png") is None
    assert local_image(page, "http://example.org/img/a.png") is None and local_image(page, "/etc/passwd") is None


def test_docx_image_without_ocr_stays_unscanned_with_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENING_OCR", "off")
    p = tmp_path / "a.docx"
    _docx(p, blank_png())
    (f,) = _unscanned(read_document(p))
    assert f.location["xml_part"].startswith("word/media/") and "gongkai-screening[ocr]" in f.explanation


def test_stubbed_ocr_docx_image_is_scanned_and_low_confidence_stays(tmp_path, monkeypatch, screener):
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: [OcrLine(f"电话{PHONE}", (10, 10, 250, 40), 0.97)])
    p = tmp_path / "a.docx"
    _docx(p, blank_png())
    doc = read_document(p)
    assert not _unscanned(doc)  # read confidently: no UNSCANNED_CONTENT, and the sweep does not add one
    hits = [f for f in screener.scan_document(doc) if f.entity_type == "PHONE_NUMBER"]
    assert hits and hits[0].location["part"] == "media" and hits[0].location["ocr"] is True
    assert hits[0].location["image"].startswith("word/media/") and len(hits[0].location["bbox"]) == 4
    seg = next(s for s in doc.segments if s.location.get("ocr"))
    assert not seg.first_page_top  # an embedded picture is never the secrecy header zone
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: [OcrLine("看不清", (10, 10, 250, 40), 0.42)])
    (low,) = _unscanned(read_document(p))
    assert low.attributes["reason"] == "ocr_low_confidence"


def test_stubbed_ocr_html_data_uri_and_local_file(tmp_path, monkeypatch, screener):
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: [OcrLine(f"电话{PHONE}", (10, 10, 250, 40), 0.97)])
    uri = "data:image/png;base64," + base64.b64encode(blank_png()).decode()
    (tmp_path / "pic.png").write_bytes(blank_png((320, 100)))
    p = tmp_path / "p.html"
    p.write_text(f'<html><body><p>公示</p><img src="{uri}"><img src="pic.png"><img src="http://x.invalid/a.png">'
                 "</body></html>", encoding="utf-8")
    doc = read_document(p)
    images = {s.location.get("image") or s.location.get("place") for s in doc.segments if s.location.get("ocr")}
    assert images == {"data uri image", "pic.png"}  # the data: image through the residue sweep, once
    assert not _unscanned(doc)
    monkeypatch.setenv("SCREENING_OCR", "off")
    monkeypatch.undo()
    monkeypatch.setenv("SCREENING_OCR", "off")
    assert len(_unscanned(read_document(p))) == 2  # the remote image is not fetched (offline), not counted


def test_html_without_images_is_unchanged(tmp_path):
    p = tmp_path / "p.html"
    p.write_text('<html><body><p>公示</p><img src="missing.png"></body></html>', encoding="utf-8")
    assert not _unscanned(read_document(p))  # a referenced file that is not there is not this file's bytes


def test_secrecy_mark_only_in_an_embedded_image_is_not_a_header(tmp_path, monkeypatch, screener):
    """OCR text of an embedded picture is not the top of page 1: a 机密 inside a picture of a
    document is reported from the body zone, never as the file's own header mark."""
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: [OcrLine("机密★1年", (10, 10, 250, 40), 0.97)])
    p = tmp_path / "a.docx"
    _docx(p, blank_png())
    doc = read_document(p)
    assert all(not s.first_page_top for s in doc.segments if s.location.get("ocr"))


# -- real OCR (slow) ------------------------------------------------------------------------------------------
@pytest.mark.slow
@needs_ocr
@needs_font
def test_docx_image_ocr_and_redaction_burns_boxes(tmp_path, screener):
    src = tmp_path / "登记.docx"
    _docx(src, card_png())
    doc = read_document(src)
    found = {f.entity_type: f for f in screener.scan_document(doc)}
    assert found["PHONE_NUMBER"].text == PHONE and found["CN_RESIDENT_ID"].text == PID
    assert found["CN_RESIDENT_ID"].location["ocr_confidence"] >= ocr.MIN_CONFIDENCE
    out = tmp_path / "out.docx"
    rep = redact_file(src, out, screener=screener)
    assert rep.verification.ok and any("burned" in n for n in rep.notes)
    text = read_document(out).text  # re-read with OCR: the values are gone from the image
    assert PHONE not in text and PID not in text
    with zipfile.ZipFile(out) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert media and zf.read(media[0]) != card_png()


@pytest.mark.slow
@needs_ocr
@needs_font
def test_html_data_uri_redaction(tmp_path, screener):
    uri = "data:image/png;base64," + base64.b64encode(card_png()).decode()
    src = tmp_path / "p.html"
    src.write_text(f'<html><body><p>报名情况</p><img src="{uri}"></body></html>', encoding="utf-8")
    out = tmp_path / "o.html"
    rep = redact_file(src, out, screener=screener)
    assert rep.verification.ok
    assert PHONE not in read_document(out).text and uri not in out.read_text(encoding="utf-8")


@pytest.mark.slow
@needs_ocr
@needs_font
def test_ofd_page_image_is_ocrd_and_burned(tmp_path, screener):
    src = tmp_path / "图.ofd"
    build_ofd(src, [["关于报名登记情况的说明"]], Extras(images={1: card_png()}))
    doc = read_document(src)
    assert not _unscanned(doc)
    phones = [f for f in screener.scan_document(doc) if f.entity_type == "PHONE_NUMBER"]
    assert phones and phones[0].location["page"] == 1 and phones[0].location["ocr"]
    out = tmp_path / "o.ofd"
    rep = redact_file(src, out, screener=screener)
    assert rep.verification.ok and PHONE not in read_document(out).text


def test_scanned_page_one_top_rows_are_first_page_top_and_only_those(tmp_path, monkeypatch, screener):
    """Issue 16 point 5: OCR text is ``first_page_top`` only when it comes from the top of page 1
    (the rows in its upper third, at most the PDF reader's first lines); a scanned 密级 there reads
    as the header mark, the same word low on the page or on page 2 does not."""
    from PIL import Image

    pages = [Image.new("RGB", (1654, 2339), "white") for _ in range(2)]
    pages[0].save(tmp_path / "s.pdf", "PDF", resolution=200, save_all=True, append_images=pages[1:])
    rows = [OcrLine("机密★1年", (100, 60, 400, 110), 0.97), OcrLine("关于某事项的通报", (500, 200, 1100, 260), 0.97)]
    rows += [OcrLine(f"第{i}段正文内容", (100, 900 + i * 70, 900, 950 + i * 70), 0.97) for i in range(5)]
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: list(rows))
    doc = read_document(tmp_path / "s.pdf")
    ocr_segs = [s for s in doc.segments if s.location.get("ocr")]
    top = [s for s in ocr_segs if s.first_page_top]
    assert [s.text for s in top] == ["机密★1年\n关于某事项的通报"]  # rows below the upper third are not top
    assert all(s.location["page"] == 1 for s in top)
    assert any(s.location["page"] == 2 and not s.first_page_top and "机密" in s.text for s in ocr_segs)
    marks = [f for f in screener.scan_document(doc) if f.entity_type == "SECRECY_MARKING"]
    assert marks and marks[0].location["page"] == 1 and "首页顶部" in marks[0].explanation
    # the split keeps the boxes right: the first body row is located below the top rows
    body = next(s for s in ocr_segs if s.location["page"] == 1 and not s.first_page_top)
    assert body.locator(0, 2)["bbox"][1] > 300  # points: row 900 px at 200 dpi is ~324 pt


def test_image_file_ocr_is_not_first_page_top(tmp_path, monkeypatch):
    from PIL import Image

    Image.new("RGB", (600, 300), "white").save(tmp_path / "a.png")
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: [OcrLine("机密", (10, 10, 100, 40), 0.97)])
    assert not any(s.first_page_top for s in read_document(tmp_path / "a.png").segments)
