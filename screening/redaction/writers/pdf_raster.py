"""The PDF fallback: a page the content-stream rewriter cannot handle becomes an image of itself
(pypdfium2, 150 dpi) with black boxes burned in; its text layer is gone. ``/Rotate`` is kept: the
image is the unrotated page, so the page looks and measures as before.

>>> RASTER_DPI
150
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf

from screening.redaction.writers import WriteResult

RASTER_DPI = 150
BOX_PAD = 0.3  # points added around each black box
Box = tuple[float, float, float, float]


def rasterise(pdf: pikepdf.Pdf, in_path: Path, pages: dict[int, list[Box]], result: WriteResult) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(in_path))
    try:
        for n, boxes in sorted(pages.items()):
            page = pdf.pages[n - 1]
            src = doc[n - 1]
            src.set_rotation(0)
            scale = RASTER_DPI / 72.0
            bitmap = src.render(scale=scale, draw_annots=False, rev_byteorder=True)
            arr = bitmap.to_numpy()[:, :, :3].copy()
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
            result.rasterised_pages.append(n)
            result.changes.append({"entity_type": "", "operator": "rasterise", "replacement": "",
                                   "location": {"page": n, "boxes": len(boxes)}})
            bitmap.close()
            src.close()
    finally:
        doc.close()
