"""The .pdf writer: glyphs truly removed (positions of the rest kept), boxes drawn, file cleaned,
rasterised fallback for pages the rewriter cannot handle."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from reader_fixtures import CJK_FONT, _cjk_canvas, build_pdf, make_id
from test_redaction_helpers import decoded_views, redact_built

from screening.errors import RedactionError
from screening.redaction import redact_file


def pdf_leaks(path: Path, values: list[str]) -> list[tuple[str, str]]:
    """Independent byte-level check: every stream decompressed, every string, two text extractors."""
    views: list[tuple[str, str]] = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                views.extend(("stream", v) for v in decoded_views(obj.read_bytes()))
            elif isinstance(obj, pikepdf.String):
                views.append(("string", str(obj)))
            elif isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
                views.append(("object", "".join(str(obj).split())))
        views.extend(("trailer", str(k) + str(v)) for k, v in pdf.trailer.items())
    with pdfplumber.open(path) as p:
        views.extend(("pdfplumber", "".join((pg.extract_text() or "").split())) for pg in p.pages)
    doc = pdfium.PdfDocument(str(path))
    views.extend(("pdfium", "".join(doc[i].get_textpage().get_text_range().split())) for i in range(len(doc)))
    doc.close()
    return [(where, v) for v in values for where, view in views if v in view]


@pytest.fixture(scope="module")
def redacted(screener, tmp_path_factory):
    return redact_built(tmp_path_factory.mktemp("pdf"), build_pdf, ".pdf", screener)


def test_no_planted_value_survives(redacted) -> None:
    src, out, ids, rep = redacted
    assert rep.ok and rep.verification.ok and rep.rasterised_pages == []
    assert pdf_leaks(src, [ids["body"], ids["author"]])  # the check finds them in the input
    assert pdf_leaks(out, list(ids.values())) == []


def test_pages_kept_and_readable(redacted) -> None:
    src, out, _, _ = redacted
    with pdfplumber.open(src) as a, pdfplumber.open(out) as b:
        assert len(a.pages) == len(b.pages)
        assert [(p.width, p.height) for p in a.pages] == [(p.width, p.height) for p in b.pages]
        for p in b.pages:
            p.extract_text()
    doc = pdfium.PdfDocument(str(out))
    assert len(doc) == 3
    for i in range(len(doc)):
        doc[i].get_textpage().get_text_range()
        doc[i].render(scale=0.5)
    doc.close()


def test_glyphs_removed_in_place_and_masks_kept(redacted) -> None:
    src, out, ids, _ = redacted
    with pdfplumber.open(src) as a, pdfplumber.open(out) as b:
        for pa, pb in zip(a.pages, b.pages, strict=True):
            before = {(c["text"], round(c["x0"], 2), round(c["top"], 2)) for c in pa.chars}
            after = {(c["text"], round(c["x0"], 2), round(c["top"], 2)) for c in pb.chars if c["text"] != "*"}
            stars = sum(c["text"] == "*" for c in pb.chars)
            assert after <= before  # nothing moved, nothing added but the mask characters
            removed = before - after
            assert all(t.isdigit() or t in "Xx" for t, _, _ in removed)  # only ID digits went
            assert stars == len(removed)  # each masked digit shows as * (a mask, not a gap)
        text = b.pages[0].extract_text()
    v = ids["body"]
    assert f"身份证号：{v[:6]}********{v[-4:]}" in text  # the 6+4 mask is honoured in the PDF too


def test_file_cleaned(redacted) -> None:
    src, out, ids, rep = redacted
    with pikepdf.open(out) as pdf:
        assert "/Info" not in pdf.trailer
        for key in ("/AcroForm", "/Metadata", "/OpenAction"):
            assert key not in pdf.Root
        assert all("/Annots" not in p.obj for p in pdf.pages)
        content = pdf.pages[0].Contents.read_bytes()
    assert b"/FRedact" in content  # mask characters drawn in the text flow
    assert "annotations removed" in rep.sanitised


def test_strict_draws_black_boxes(redacted, screener, tmp_path: Path) -> None:
    src, _, ids, _ = redacted
    rep = redact_file(src, tmp_path / "strict.pdf", "strict", screener)
    assert rep.ok and pdf_leaks(tmp_path / "strict.pdf", list(ids.values())) == []
    with pikepdf.open(tmp_path / "strict.pdf") as pdf:
        assert b"re f" in pdf.pages[0].Contents.read_bytes()  # labels in a PDF: a black box, glyphs gone


def _form_pdf(path: Path) -> tuple[str, str]:
    c, (_w, h) = _cjk_canvas(path)
    in_form, in_body = make_id(7), make_id(8)
    c.beginForm("f1")
    c.setFont(CJK_FONT, 12)
    c.drawString(60, h - 100, f"表单内身份证号：{in_form}")
    c.endForm()
    c.doForm("f1")
    c.setFont(CJK_FONT, 12)
    c.drawString(60, h - 60, f"正文身份证号：{in_body}")
    c.setFont("Helvetica", 11)
    c.drawString(60, h - 140, "Tel: 13912345678  Email: wangfang1985@163.com  End.")
    c.showPage()
    c.setFont("Helvetica", 11)
    c.drawString(60, h - 60, "Page two Tel: 13912345678 mobile")
    c.showPage()
    c.save()
    return in_form, in_body


def test_rasterised_fallback_for_text_in_a_form(screener, tmp_path: Path) -> None:
    in_form, in_body = _form_pdf(tmp_path / "in.pdf")
    rep = redact_file(tmp_path / "in.pdf", tmp_path / "out.pdf", "publication", screener)
    assert rep.ok and rep.rasterised_pages == [1]
    assert any("page 1 rasterised" in n for n in rep.notes)
    assert pdf_leaks(tmp_path / "out.pdf", [in_form, in_body, "13912345678", "wangfang1985@163.com"]) == []
    with pdfplumber.open(tmp_path / "in.pdf") as a, pdfplumber.open(tmp_path / "out.pdf") as b:
        assert [(p.width, p.height) for p in a.pages] == [(p.width, p.height) for p in b.pages]
        page2 = b.pages[1].extract_text()
    assert "Page two Tel: 139****5678 mobile" in page2  # page 2 rewritten in place (1-byte font)
    doc = pdfium.PdfDocument(str(tmp_path / "out.pdf"))
    img = doc[0].render(scale=1).to_numpy()
    assert (img[:, :, :3].sum(axis=2) == 0).sum() > 500  # black boxes burned into the image
    doc.close()


def test_fallback_can_be_refused_by_policy(screener, tmp_path: Path) -> None:
    _form_pdf(tmp_path / "in.pdf")
    policy = {"name": "no-raster", "extends": "publication", "document": {"pdf_fallback": "fail"}}
    with pytest.raises(RedactionError, match="cannot be rewritten"):
        redact_file(tmp_path / "in.pdf", tmp_path / "out.pdf", policy, screener)
    assert not (tmp_path / "out.pdf").exists()


def _raw_pdf(path: Path, content: bytes) -> None:
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica,
                                                Encoding=pikepdf.Name.WinAnsiEncoding))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                              Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


def test_text_state_operators_keep_positions(screener, tmp_path: Path) -> None:
    """TJ kerning, character/word spacing, horizontal scaling, ' and " all move glyphs: the rewrite
    must leave every kept glyph exactly where it was."""
    pid = make_id(9, "620602", "19850716")
    content = (b"BT /F1 12 Tf 1.5 Tc 4 Tw 90 Tz 16 TL 50 700 Td "
               b"[(Tel: 139) -40 (1234) 25 (5678 end)] TJ "
               b"(ID card " + pid.encode() + b" checked) ' "
               b"6 0.5 (mail zhangwei1985@163.com sent) \" "
               b"T* (Tel 13912345678 again) Tj ET")
    _raw_pdf(tmp_path / "in.pdf", content)
    rep = redact_file(tmp_path / "in.pdf", tmp_path / "out.pdf", "publication", screener)
    assert rep.ok and rep.rasterised_pages == []
    assert pdf_leaks(tmp_path / "out.pdf", ["13912345678", pid, "zhangwei1985@163.com"]) == []
    # pdfium, not pdfminer: pdfminer's '"' operator does not move to the next line
    before, after = _pdfium_chars(tmp_path / "in.pdf"), _pdfium_chars(tmp_path / "out.pdf")
    after_kept = {c for c in after if c[0] != "*"}
    assert after_kept <= before  # every kept glyph exactly where it was
    assert len(before - after_kept) == 8 + 4 + 4 + 20 and sum(c[0] == "*" for c in after) == 8 + 4 + 4
    doc = pdfium.PdfDocument(str(tmp_path / "out.pdf"))
    text = "".join(doc[0].get_textpage().get_text_range().split())  # wide Tc: pdfium adds spaces
    doc.close()
    assert "Tel:139****5678end" in text and "Tel139****5678again" in text
    assert f"IDcard{pid[:6]}********{pid[-4:]}checked" in text and "mailsent" in text


def _pdfium_chars(path: Path) -> set[tuple[str, float, float]]:
    doc = pdfium.PdfDocument(str(path))
    tp = doc[0].get_textpage()
    out = set()
    for i in range(tp.count_chars()):
        ch = tp.get_text_range(i, 1)
        if ch.strip():
            left, bottom, _right, _top = tp.get_charbox(i)
            out.add((ch, round(left, 1), round(bottom, 1)))
    tp.close()
    doc.close()
    return out


def test_a_value_only_in_an_annotation_does_not_rasterise(screener, tmp_path: Path) -> None:
    c, (_w, h) = _cjk_canvas(tmp_path / "in.pdf")
    c.setFont(CJK_FONT, 12)
    c.drawString(60, h - 60, "本页正文没有个人信息。")
    value = make_id(31)
    c.textAnnotation(f"批注：身份证号 {value}", Rect=(60, h - 120, 200, h - 100))
    c.showPage()
    c.save()
    rep = redact_file(tmp_path / "in.pdf", tmp_path / "out.pdf", "publication", screener)
    assert rep.ok and rep.rasterised_pages == [] and "annotations removed" in rep.sanitised
    assert pdf_leaks(tmp_path / "out.pdf", [value]) == []
