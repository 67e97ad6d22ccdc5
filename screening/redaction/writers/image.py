"""The image writer (.png .jpg .tif .bmp read by OCR): filled black boxes burned over every
redacted value's region, the image saved again from its pixels (no EXIF, XMP or text chunks
survive), in its own format. The whole value is covered (a masked ``139****5678`` is one box: the
kept digits are not redrawn). The redaction pipeline then verifies the output by OCR: no value may
be read back.

>>> _pixel_box([10.2, 5.0, 20.7, 9.9], 1.0, 100, 100)
(9, 4, 22, 11)
"""

from __future__ import annotations

from pathlib import Path

from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult

PAD = 1  # pixels around each box
_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "TIFF": "TIFF", "BMP": "BMP"}


def _pixel_box(b: list[float], scale: float, width: int, height: int) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = (float(v) * scale for v in b[:4])
    return (max(0, int(x0) - PAD), max(0, int(top) - PAD), min(width, int(x1 + 0.999) + PAD),
            min(height, int(bottom + 0.999) + PAD))


def image_boxes(plan: DocumentPlan) -> list[list[float]]:
    """The boxes (image pixels / page points, as the reader gave them) of every planned value."""
    out: list[list[float]] = []
    for r in plan.replacements:
        boxes = r.location.get("boxes") or ([r.location["bbox"]] if r.location.get("bbox") else [])
        out.extend(list(b) for b in boxes if isinstance(b, list | tuple) and len(b) >= 4)
    return out


def burn(image: object, boxes: list[list[float]], scale: float = 1.0) -> int:
    """Fill ``boxes`` black on a Pillow image in place; the number of boxes drawn."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)  # type: ignore[arg-type]
    w, h = image.size  # type: ignore[attr-defined]
    n = 0
    for b in boxes:
        x0, y0, x1, y1 = _pixel_box(b, scale, w, h)
        if x1 > x0 and y1 > y0:
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=(0, 0, 0))
            n += 1
    return n


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    from PIL import Image, ImageOps

    result = WriteResult()
    with Image.open(in_path) as src:
        fmt = _FORMATS.get(src.format or "", "PNG")
        image = ImageOps.exif_transpose(src) if fmt == "JPEG" else src.copy()
    image = image.convert("RGB")
    boxes = image_boxes(plan)
    drawn = burn(image, boxes)
    params = {"quality": 95, "subsampling": 0} if fmt == "JPEG" else {}
    image.save(out_path, format=fmt, **params)  # from pixels: no EXIF/XMP/text chunks carried over
    for r in plan.replacements:
        loc = {k: v for k, v in r.location.items() if k in ("image", "bbox", "ocr_confidence")}
        result.changes.append({"entity_type": r.entity_type, "operator": "box", "replacement": "█",
                               "location": loc, "fingerprint": r.fingerprint})
    result.sanitised.append("image metadata (EXIF/XMP/text chunks)")
    result.notes.append(f"image: {drawn} black boxes burned over the redacted values; the output is checked by OCR")
    return result
