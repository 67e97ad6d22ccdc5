"""Issue 11 (left from session 4): a PDF decompression bomb -- one Flate stream that inflates to
hundreds of MB from a few hundred KB -- is refused with a clear limit error naming the file before any
reader inflates it, within bounded memory; ordinary PDFs, images and ASCII-wrapped streams pass."""

from __future__ import annotations

import base64
import time
import zlib
from pathlib import Path

import pikepdf
import pytest
from test_zip_bomb import _run

from screening.documents import read_document
from screening.documents.limits import Limits
from screening.documents.pdf_limits import check_pdf_streams
from screening.errors import ResourceLimitExceeded

MB = 1 << 20


def _deflated_zeros(mb: int) -> bytes:
    z = zlib.compressobj(9)
    chunk = b"0 0 m\n" * (MB // 6)
    out = [z.compress(chunk) for _ in range(mb)]
    return b"".join(out) + z.flush()


def _pdf(path: Path, content: bytes | None = None, filters: list[str] | None = None, extra: int = 0,
         image: tuple[int, int] | None = None) -> Path:
    """A one-page PDF with text; ``content`` (already encoded with ``filters``) becomes the page content
    stream, ``extra`` private 1 MB Flate streams are added, ``image`` adds an image XObject of that size."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    text = b"BT /F1 12 Tf 72 720 Td (notice) Tj ET\n"
    if content is None:
        page.Contents = pdf.make_stream(text)
    else:
        stream = pikepdf.Stream(pdf, content)
        stream.Filter = pikepdf.Array([pikepdf.Name(f) for f in filters or ["/FlateDecode"]])
        page.Contents = pdf.make_indirect(stream)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))))
    kept = pikepdf.Array()
    for _ in range(extra):
        s = pikepdf.Stream(pdf, zlib.compress(b" " * MB))
        s.Filter = pikepdf.Name.FlateDecode
        kept.append(pdf.make_indirect(s))
    if extra:
        pdf.Root.PrivateData = kept  # referenced, so the writer keeps them
    if image:
        img = pikepdf.Stream(pdf, zlib.compress(b"\x00" * 64))
        img.Type, img.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        img.Width, img.Height, img.BitsPerComponent = image[0], image[1], 8
        img.ColorSpace, img.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.FlateDecode
        page.Resources.XObject = pikepdf.Dictionary(Im1=pdf.make_indirect(img))
    pdf.save(path)
    return path


def test_one_flate_stream_past_the_limit_is_refused_naming_the_file(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "炸弹.pdf", _deflated_zeros(8))
    assert p.stat().st_size < 200_000
    with pytest.raises(ResourceLimitExceeded, match="max_pdf_stream_size") as exc:
        read_document(p, max_pdf_stream_size=4 * MB)
    assert exc.value.path == str(p)


def test_many_streams_are_refused_by_their_sum(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "many.pdf", extra=12)
    check_pdf_streams(str(p), Limits())  # each 1 MB: fine by default
    with pytest.raises(ResourceLimitExceeded, match="max_total_size"):
        check_pdf_streams(str(p), Limits(max_total_size=8 * MB))


def test_ascii85_in_front_of_flate_is_measured_too(tmp_path: Path) -> None:
    wrapped = base64.a85encode(_deflated_zeros(6)) + b"~>"
    p = _pdf(tmp_path / "a85.pdf", wrapped, ["/ASCII85Decode", "/FlateDecode"])
    with pytest.raises(ResourceLimitExceeded, match="max_pdf_stream_size"):
        check_pdf_streams(str(p), Limits(max_pdf_stream_size=4 * MB))
    check_pdf_streams(str(p), Limits(max_pdf_stream_size=8 * MB))


def test_an_image_is_judged_by_its_declared_size_without_inflating(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "img.pdf", image=(20_000, 20_000))  # 1.2 GB of RGB pixels declared
    with pytest.raises(ResourceLimitExceeded, match="max_part_size"):
        check_pdf_streams(str(p), Limits())
    check_pdf_streams(str(_pdf(tmp_path / "small.pdf", image=(2_000, 3_000))), Limits())  # 18 MB: fine


def test_hard_negative_an_ordinary_pdf_reads_as_before(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "ok.pdf", zlib.compress(b"BT /F1 12 Tf 72 720 Td (notice 13912345678) Tj ET\n"))
    check_pdf_streams(str(p), Limits(max_pdf_stream_size=MB))
    doc = read_document(p)
    assert "13912345678" in doc.text


def test_a_damaged_flate_stream_is_left_to_the_reader(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "bad.pdf", zlib.compress(b"BT ET\n" * 1000)[:-20] + b"garbage")
    check_pdf_streams(str(p), Limits())  # counts what inflated; the reader reports the damage itself


@pytest.mark.slow
def test_300mb_pdf_bomb_scan_and_redact_stay_small(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "bomb.pdf", _deflated_zeros(300))
    assert p.stat().st_size < 2 * MB
    for args in (["scan", str(p)], ["redact", str(p), "--out", str(tmp_path / "out.pdf")]):
        t0 = time.monotonic()
        rc, err, peak = _run(args)
        print(f"pdf bomb {args[0]}: {time.monotonic() - t0:.1f} s, peak {peak} MB")
        assert peak < 400, (args[0], peak)
        assert rc != 0 and p.name in err and "max_pdf_stream_size" in err, err
        assert "Traceback" not in err, err
    assert not (tmp_path / "out.pdf").exists()
