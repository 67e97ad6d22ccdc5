"""Fail closed on PDF pages whose text cannot be read from the text layer (issue 11): a font without
ToUnicode whose glyphs extract as control codes, text drawn as outlines, a partial-page scan (an
image covering a large share of a page that also has text). Each is ``UNSCANNED_CONTENT`` unless OCR
read it; hard negatives: an ordinary text page and a page with a small logo are not flagged."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from reader_fixtures import CJK_FONT, _cjk_canvas, make_id
from test_pdf_glyph_layout import raw_pdf

from screening.documents import ocr, read_document

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def _unscanned(path: Path) -> list:
    return [h for h in read_document(path).hygiene if h.entity_type == "UNSCANNED_CONTENT"]


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setenv("SCREENING_OCR", "off")


def type3_without_tounicode(path: Path) -> Path:
    """Glyphs of a Type 3 font with private glyph names and no /ToUnicode: pdfium returns the codes."""
    raw_pdf(path, "BT /T3 12 Tf 60 700 Td <0102030405060708090a0b> Tj ET\n")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        proc = pdf.make_stream(b"500 0 0 0 400 700 d1 0 0 400 700 re f")
        names = [pikepdf.Name(f"/g{i}") for i in range(1, 12)]
        page.Resources.Font.T3 = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 500, 700],
            FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary({str(n): proc for n in names}),
            Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=pikepdf.Array([1, *names])),
            FirstChar=1, LastChar=11, Widths=[500] * 11, Resources=pikepdf.Dictionary()))
        pdf.save(path)
    return path


def test_font_without_tounicode_is_unscanned(no_ocr, tmp_path: Path) -> None:
    un = _unscanned(type3_without_tounicode(tmp_path / "t3.pdf"))
    assert [h.attributes["reason"] for h in un] == ["no_unicode"] and un[0].location["page"] == 1


def test_outlined_text_is_unscanned(no_ocr, tmp_path: Path) -> None:
    """150 glyph-sized filled paths and a three-character heading: text drawn as outlines."""
    paths = "".join(f"{60 + (i % 30) * 16} {700 - (i // 30) * 20} 12 14 re f\n" for i in range(150))
    src = raw_pdf(tmp_path / "outlines.pdf", f"BT /F1 12 Tf 60 760 Td (Page) Tj ET\n{paths}")
    un = _unscanned(src)
    assert [h.attributes["reason"] for h in un] == ["outlined_text"]


def test_ordinary_pages_are_not_flagged(no_ocr, tmp_path: Path) -> None:
    """Hard negatives: a text page with a ruled table (many paths, more text) and a small logo."""
    from PIL import Image

    src = tmp_path / "table.pdf"
    c, (w, h) = _cjk_canvas(src)
    c.setFont(CJK_FONT, 10)
    for r in range(20):
        for col in range(4):
            c.rect(60 + col * 120, h - 100 - r * 20, 120, 20)
            c.drawString(64 + col * 120, h - 94 - r * 20, f"第{r + 1}行第{col + 1}列数据")
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 60), "red").save(logo)
    c.drawImage(str(logo), w - 100, h - 80, width=40, height=40)
    c.showPage()
    c.save()
    assert _unscanned(src) == []


def _partial_scan(path: Path, image) -> Path:  # type: ignore[no-untyped-def]
    from reportlab.lib.utils import ImageReader

    c, (w, h) = _cjk_canvas(path)
    c.setFont(CJK_FONT, 11)
    for i in range(22):
        c.drawString(50, h - 50 - i * 16, f"第{i + 1}条 各有关单位应按照通知要求认真组织实施，按时报送材料和统计数据。")
    buf = io.BytesIO()
    image.save(buf, "PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 40, 40, width=w - 80, height=h * 0.45)
    c.showPage()
    c.save()
    return path


def test_partial_page_scan_is_unscanned_without_ocr(no_ocr, tmp_path: Path) -> None:
    from PIL import Image

    src = _partial_scan(tmp_path / "partial.pdf", Image.new("RGB", (800, 500), (235, 235, 235)))
    un = _unscanned(src)
    assert [h.attributes["reason"] for h in un] == ["image_region"]
    assert 0.3 < un[0].attributes["image_coverage"] < 0.6


@pytest.mark.slow
@pytest.mark.skipif(not ocr.available(), reason='OCR extra not installed (pip install ".[ocr]")')
@pytest.mark.skipif(not Path(FONT).exists(), reason="fonts-noto-cjk not installed")
def test_partial_page_scan_is_ocrd(screener, tmp_path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    value = make_id(612)
    im = Image.new("RGB", (1500, 700), "white")
    ImageDraw.Draw(im).text((80, 200), f"公民身份号码：{value}", font=ImageFont.truetype(FONT, 56), fill="black")
    doc = read_document(_partial_scan(tmp_path / "partial.pdf", im))
    assert value in {f.text for f in screener.scan_document(doc)}
