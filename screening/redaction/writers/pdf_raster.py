"""The PDF fallback: a page the content-stream rewriter cannot handle becomes an image of itself
(pypdfium2, 150 dpi) with black boxes burned in; its text layer is gone. ``/Rotate`` is kept: the
image is the unrotated page, so the page looks and measures as before.

Memory is bounded: a page whose 150-dpi image would exceed :data:`MAX_RENDER_PIXELS` (a hostile
MediaBox of several metres) is rendered at the scale that fits (the report notes the lower
resolution), and one whose image would still be under :data:`MIN_RENDER_DPI` is refused with a
:class:`RedactionError` naming the page, rather than taking gigabytes.

>>> RASTER_DPI, render_scale(595, 842)
(150, 2.0833333333333335)
>>> round(render_scale(100_000, 100_000) * 72, 1)
3.5
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf

from screening.documents.pdf_lock import PDFIUM_LOCK
from screening.errors import RedactionError
from screening.redaction.writers import WriteResult

RASTER_DPI = 150
#: at most this many pixels per rendered page (RGB: ~3 bytes each, plus pdfium's own BGRA bitmap)
MAX_RENDER_PIXELS = 24_000_000
#: below this resolution the image of a page is useless: refuse instead
MIN_RENDER_DPI = 2.0
BOX_PAD = 0.3  # points added around each black box
Box = tuple[float, float, float, float]


def render_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per point for a page of that size: 150 dpi, or less to stay under the pixel cap."""
    scale = RASTER_DPI / 72.0
    pixels = max(width_pt, 1.0) * max(height_pt, 1.0) * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    return scale


def rasterise(pdf: pikepdf.Pdf, in_path: Path, pages: dict[int, list[Box]], result: WriteResult) -> None:
    with PDFIUM_LOCK:
        _rasterise(pdf, in_path, pages, result)


def _rasterise(pdf: pikepdf.Pdf, in_path: Path, pages: dict[int, list[Box]], result: WriteResult) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(in_path))
    try:
        for n, boxes in sorted(pages.items()):
            page = pdf.pages[n - 1]
            src = doc[n - 1]
            src.set_rotation(0)
            scale = render_scale(src.get_width(), src.get_height())
            if scale * 72.0 < MIN_RENDER_DPI:
                size = f"{src.get_width():.0f} x {src.get_height():.0f} pt"
                src.close()
                raise RedactionError(f"page {n} is {size}: too large to rasterise within {MAX_RENDER_PIXELS:,} "
                                     "pixels", path=str(in_path))
            if scale < RASTER_DPI / 72.0:
                result.notes.append(f"page {n} rasterised at {scale * 72:.0f} dpi (page too large for "
                                    f"{RASTER_DPI} dpi within {MAX_RENDER_PIXELS:,} pixels)")
            bitmap = src.render(scale=scale, draw_annots=False, rev_byteorder=True)
            arr = bitmap.to_numpy()[:, :, :3].copy()
            bitmap.close()
            height, width = arr.shape[0], arr.shape[1]
            cx0, cy0, cx1, cy1 = (float(v) for v in src.get_cropbox())
            for b in boxes:
                x0 = max(0, int((b[0] - BOX_PAD - cx0) * scale))
                x1 = min(width, int((b[2] + BOX_PAD - cx0) * scale) + 1)
                y0 = max(0, int((cy1 - b[3] - BOX_PAD) * scale))
                y1 = min(height, int((cy1 - b[1] + BOX_PAD) * scale) + 1)
                arr[y0:y1, x0:x1] = 0
            image = pikepdf.Stream(pdf, zlib.compress(arr.tobytes(), 3))
            image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
            image.Width, image.Height = width, height
            image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
            image.Filter = pikepdf.Name.FlateDecode
            page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
            content = b"q %.4f 0 0 %.4f %.4f %.4f cm /Im0 Do Q\n" % (cx1 - cx0, cy1 - cy0, cx0, cy0)
            page.obj.Contents = pdf.make_stream(content)  # /Rotate is kept: the image is the unrotated page
            del arr
            result.rasterised_pages.append(n)
            result.changes.append({"entity_type": "", "operator": "rasterise", "replacement": "",
                                   "location": {"page": n, "boxes": len(boxes)}})
            src.close()
    finally:
        doc.close()
