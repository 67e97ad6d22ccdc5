"""Offline OCR of scanned pages and images (the optional extra ``pip install "gongkai-screening[ocr]"``).

The engine is rapidocr-onnxruntime 1.4.x: PP-OCRv4 detection/recognition and the direction
classifier run on ONNX Runtime, with the models inside the wheel, so nothing is downloaded (a test
runs it with sockets blocked). It is built once per process, lazily, under a lock, and each call
runs under the same lock (one page at a time per process; ``--jobs`` parallelises across files).

OCR text becomes :class:`Segment` objects, one per page or image, one line per detected text line;
a finding's location carries ``page``/``image``, ``bbox`` and ``boxes`` in page coordinates (PDF
points, origin top-left, as the PDF reader) or image pixels, and ``ocr_confidence`` (the lowest
confidence of the lines it covers). Character boxes inside a line are estimated from the line box
(full-width characters count one, others 0.56), padded by :data:`BOX_PAD_EM` of the line height.

Fail closed: ``UNSCANNED_CONTENT`` is dropped only for a page/image OCR really read; every line read
with a confidence below :data:`MIN_CONFIDENCE` stays an ``UNSCANNED_CONTENT`` finding with its box
(its text is scanned all the same). Without the extra, or with ``SCREENING_OCR=off``, the finding
stays and says how to enable OCR.

>>> line = OcrLine("电话13912345678", (0.0, 0.0, 130.0, 20.0), 0.99)
>>> [round(b[0]) for b in char_boxes(line)][:4]
[0, 16, 32, 41]
"""

from __future__ import annotations

import importlib.util
import io
import os
import threading
import unicodedata
from dataclasses import dataclass
from functools import partial
from typing import Any

from screening.documents.model import Segment, hygiene_finding
from screening.findings import Finding

#: mean recognition confidence of a text line below which the line is not trusted: it stays an
#: UNSCANNED_CONTENT finding (PP-OCRv4 reads clean print at 0.95-1.0; smudged, tiny or rotated text
#: falls under 0.8 long before it is misread silently)
MIN_CONFIDENCE = 0.80
#: resolution at which PDF pages (and image regions of pages) are rendered for OCR
OCR_DPI = 200
#: images larger than this many pixels are scaled down before OCR (memory bound)
MAX_PIXELS = 16_000_000  # A3 at 200 dpi is 7.8 Mpx; past this the render's copies cost ~10 MB/Mpx (issue 11)
#: the text detector's longest side (RapidOCR's default) and its largest input area (A4 at 2,000 px)
DET_MAX_SIDE = 2000
DET_MAX_PIXELS = 2_900_000
#: an image or region smaller than this (pixels per side) is not OCR'd: too small to hold text
MIN_SIDE = 16
#: padding of estimated character boxes, as a share of the line height: vertical, and horizontal
#: (wider: the character positions inside a line are estimates, a box must cover the whole value)
BOX_PAD_EM = 0.15
BOX_PAD_X_EM = 0.45
ENABLE_HINT = '安装 OCR 组件即可识别：pip install "gongkai-screening[ocr]"'
ENABLE_HINT_EN = 'pip install "gongkai-screening[ocr]" enables OCR'

_engine: Any = None
_engine_lock = threading.Lock()
#: pypdfium2 is not thread-safe; renders for OCR take this lock (the PDF reader runs in one thread)
from screening.documents.pdf_lock import PDFIUM_LOCK  # noqa: E402  -- one lock for every pypdfium2 call


@dataclass(frozen=True)
class OcrLine:
    """One detected text line: its text, box ``(x0, top, x1, bottom)`` in the image's pixels, and
    recognition confidence (0-1)."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float


def available() -> bool:
    """The OCR extra is installed and not switched off (``SCREENING_OCR=off``)."""
    if os.environ.get("SCREENING_OCR", "").lower() in ("0", "off", "no", "false"):
        return False
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def hint() -> str:
    """What to tell a reviewer whose page/image was not OCR'd."""
    return f"{ENABLE_HINT}（{ENABLE_HINT_EN}）"


def engine() -> Any:
    """The process's RapidOCR engine (built on first use)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # text_score=0: every recognised line comes back, we judge confidence ourselves
            _engine = RapidOCR(text_score=0.0, print_verbose=False)
        return _engine


def ocr_array(arr: Any) -> list[OcrLine]:
    """OCR an RGB ``numpy`` image (H x W x 3, uint8) into lines, top to bottom."""
    eng = engine()
    with _engine_lock:
        eng.max_side_len = det_side(arr.shape[0], arr.shape[1])  # issue 11: bounded detector memory
        result, _elapsed = eng(arr)
    lines = []
    for item in result or []:
        pts, text, score = item[0], str(item[1]), float(item[2])
        if not text.strip():
            continue
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        lines.append(OcrLine(text, (float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))), score))
    return lines


def det_side(height: int, width: int) -> int:
    """The longest side the text detector works at: RapidOCR's 2,000 px, or less so that the
    detector's input stays under :data:`DET_MAX_PIXELS` (its memory grows with that area: ~0.8 GB
    for a 2,000 x 2,000 page). An A4 page keeps the full 2,000 px.

    >>> det_side(2339, 1654), det_side(6000, 6000)
    (2000, 1702)
    """
    long_side, short_side = max(height, width, 1), max(min(height, width), 1)
    return int(min(DET_MAX_SIDE, (DET_MAX_PIXELS * long_side / short_side) ** 0.5))


def load_image(data: bytes, name: str = "") -> tuple[Any, float]:
    """A Pillow RGB image from bytes (first frame) and the factor its pixels were scaled by to keep
    under :data:`MAX_PIXELS`. Raises ``ValueError`` for undecodable data."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
        if w * h > 50 * MAX_PIXELS:
            raise ValueError(f"image of {w}x{h} pixels is too large")
        im.draft("RGB", (w, h))
        scale = 1.0
        if w * h > MAX_PIXELS:
            scale = (MAX_PIXELS / (w * h)) ** 0.5
        out = ImageOps.exif_transpose(im) if name.lower().endswith((".jpg", ".jpeg")) else im
        out = out.convert("RGB")
        if scale < 1.0:
            out = out.resize((max(1, int(w * scale)), max(1, int(h * scale))))
        return out, scale


def ocr_pil(image: Any) -> list[OcrLine]:
    import numpy as np

    if min(image.size) < MIN_SIDE:
        return []
    return ocr_array(np.asarray(image if image.mode == "RGB" else image.convert("RGB")))


# -- characters, segments and findings ----------------------------------------------------------
def _width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.56  # Latin digits ~0.55 em


def char_boxes(line: OcrLine) -> list[tuple[float, float, float, float]]:
    """Estimated box of every character of a line: the line width shared out by character width."""
    x0, top, x1, bottom = line.box
    weights = [_width(c) for c in line.text]
    total = sum(weights) or 1.0
    out, x = [], x0
    for w in weights:
        nx = x + (x1 - x0) * w / total
        out.append((x, top, nx, bottom))
        x = nx
    return out


def _locate(lines: list[OcrLine], starts: list[int], factor: float, start: int, end: int) -> dict[str, Any]:
    """Boxes (scaled by ``factor`` into the location's unit) of characters ``[start, end)``."""
    rows, confidence = [], 1.0
    for line, s in zip(lines, starts, strict=True):
        e = s + len(line.text)
        if e <= start or s >= end:
            continue
        cb = char_boxes(line)[max(start, s) - s: min(end, e) - s]
        if not cb:
            continue
        height = line.box[3] - line.box[1]
        pad, pad_x = height * BOX_PAD_EM, height * BOX_PAD_X_EM
        rows.append([round(v * factor, 2) for v in (max(line.box[0] - pad, cb[0][0] - pad_x), line.box[1] - pad,
                                                     min(line.box[2] + pad, cb[-1][2] + pad_x), line.box[3] + pad)])
        confidence = min(confidence, line.confidence)
    out: dict[str, Any] = {}
    if rows:
        out["bbox"] = [min(r[0] for r in rows), min(r[1] for r in rows), max(r[2] for r in rows),
                       max(r[3] for r in rows)]
        out["boxes"] = rows
        out["ocr_confidence"] = round(confidence, 3)
    return out


def ocr_segment(lines: list[OcrLine], location: dict[str, Any], factor: float = 1.0,
                offset: tuple[float, float] = (0.0, 0.0), **kw: Any) -> Segment | None:
    """One segment of OCR text (lines joined with ``\\n``), its locator giving boxes in the unit of
    ``location`` (``factor`` converts pixels, ``offset`` is added in pixels for an image region)."""
    if not lines:
        return None
    if offset != (0.0, 0.0):
        dx, dy = offset
        lines = [OcrLine(ln.text, (ln.box[0] + dx, ln.box[1] + dy, ln.box[2] + dx, ln.box[3] + dy), ln.confidence)
                 for ln in lines]
    lines, seps = reading_order(lines)
    starts, pos, parts = [], 0, []
    for ln, sep in zip(lines, seps, strict=True):
        starts.append(pos)
        parts.append(ln.text + sep)
        pos += len(ln.text) + len(sep)
    loc = {**location, "ocr": True}
    return Segment("".join(parts).rstrip("\n"), loc, "text", locator=partial(_locate, lines, starts, factor),
                   ref={"ocr": True, **kw})


def reading_order(lines: list[OcrLine]) -> tuple[list[OcrLine], list[str]]:
    r"""Lines grouped into rows (boxes that overlap vertically by half their height: the cells of a
    table row, a label and its value), rows top to bottom, boxes left to right; the separator after
    each box: a space inside a row, ``\n`` at its end (a table row reads 姓名 身份证号 电话 as on paper).

    >>> ls = [OcrLine("13912345678", (300, 12, 420, 40), 0.9), OcrLine("张三", (10, 10, 60, 38), 0.9),
    ...       OcrLine("合计", (10, 60, 60, 88), 0.9)]
    >>> [(ln.text, sep) for ln, sep in zip(*reading_order(ls))]
    [('张三', ' '), ('13912345678', '\n'), ('合计', '\n')]
    """
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        if rows:
            last = rows[-1]
            top = max(min(o.box[1] for o in last), ln.box[1])
            bottom = min(max(o.box[3] for o in last), ln.box[3])
            height = min(ln.box[3] - ln.box[1], max(o.box[3] - o.box[1] for o in last))
            if bottom - top > 0.5 * height:
                last.append(ln)
                continue
        rows.append([ln])
    ordered: list[OcrLine] = []
    seps: list[str] = []
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
        ordered.extend(row)
        seps.extend([" "] * (len(row) - 1) + ["\n"])
    return ordered, seps


#: OCR rows of page 1 count as its top (the GB/T 9704 版头, where a secrecy mark stands) only while
#: they start in this upper share of the page, and at most the PDF reader's FIRST_PAGE_TOP_LINES rows
TOP_SHARE = 1 / 3


def split_first_page_top(seg: Segment, height: float, share: float = TOP_SHARE) -> list[Segment]:
    r"""A full-page OCR segment of page 1 split into its top rows, marked ``first_page_top`` (as the
    PDF reader marks the first lines of a text page), and the rest. Rows lower than ``share`` of the
    page height (``height`` in the pixels of the OCR'd image) are never top, however few rows there are.

    >>> lines = [OcrLine("机密★1年", (10, 10, 200, 40), 0.9), OcrLine("正文", (10, 700, 80, 730), 0.9)]
    >>> [(s.text, s.first_page_top) for s in split_first_page_top(ocr_segment(lines, {"page": 1}), 1000)]
    [('机密★1年', True), ('正文', False)]
    """
    from screening.documents.pdf import FIRST_PAGE_TOP_LINES

    if seg.locator is None:
        return [seg]
    lines, starts, factor = seg.locator.args  # type: ignore[attr-defined]
    text = seg.text
    cut, row_start, rows = 0, 0, 0
    while rows < FIRST_PAGE_TOP_LINES and row_start < len(text):
        end = text.find("\n", row_start)
        end = len(text) if end < 0 else end
        tops = [ln.box[1] for ln, st in zip(lines, starts, strict=True) if row_start <= st < end]
        if not tops or min(tops) >= share * height:
            break
        cut, row_start, rows = end, end + 1, rows + 1
    if cut == 0:
        return [seg]
    top = Segment(text[:cut], dict(seg.location), "text", first_page_top=True,
                  locator=partial(_locate, lines, starts, factor), ref=seg.ref)
    if cut >= len(text):
        return [top]
    shifted = [st - (cut + 1) for st in starts]
    rest = Segment(text[cut + 1:], dict(seg.location), "text", locator=partial(_locate, lines, shifted, factor),
                   ref=seg.ref)
    return [top, rest]


def low_confidence(lines: list[OcrLine], location: dict[str, Any], where: str, factor: float = 1.0,
                   offset: tuple[float, float] = (0.0, 0.0)) -> list[Finding]:
    """An ``UNSCANNED_CONTENT`` finding for the lines read below :data:`MIN_CONFIDENCE` (one per
    page/image, with every such line's box)."""
    low = [ln for ln in lines if ln.confidence < MIN_CONFIDENCE]
    if not low:
        return []
    dx, dy = offset
    boxes = [[round((ln.box[0] + dx) * factor, 2), round((ln.box[1] + dy) * factor, 2),
              round((ln.box[2] + dx) * factor, 2), round((ln.box[3] + dy) * factor, 2)] for ln in low]
    worst = min(ln.confidence for ln in low)
    return [hygiene_finding(
        "UNSCANNED_CONTENT",
        f"{where}有 {len(low)} 行文字 OCR 识别置信度低于 {MIN_CONFIDENCE:.0%}（最低 {worst:.0%}），识别结果不可靠，须人工核对",
        {**location, "bbox": boxes[0], "boxes": boxes, "ocr_confidence": round(worst, 3)},
        attributes={"reason": "ocr_low_confidence", "lines": len(low), "ocr_confidence": round(worst, 3)})]


def with_hint(f: Finding) -> Finding:
    """The same UNSCANNED_CONTENT finding whose explanation says how to enable OCR."""
    from dataclasses import replace

    return replace(f, explanation=f"{f.explanation}；{hint()}",
                   attributes={**f.attributes, "ocr": "not installed"})


# -- PDF pages -------------------------------------------------------------------------------
def render_page(path: str, page_no: int, dpi: int = OCR_DPI, fit_detector: bool = False) -> tuple[Any, float]:
    """Page ``page_no`` (1-based) of a PDF as a Pillow RGB image at ``dpi`` -- or lower, so that it stays
    under :data:`MAX_PIXELS` (a huge MediaBox is no memory bomb) -- and its pixels per point.

    ``fit_detector``: the whole page goes to OCR, whose engine shrinks it to :func:`det_side` and reads
    the shrunk image; the page is rendered at that size directly (an A4 page at ~171 dpi instead of
    200), so no full-size copy is held while the detector runs (issue 11: ~100 MB less at the peak)."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(path)
        try:
            page = doc[page_no - 1]
            w_pt, h_pt = page.get_size()
            scale = dpi / 72.0
            pixels = max(w_pt, 1.0) * max(h_pt, 1.0) * scale * scale
            if pixels > MAX_PIXELS:
                scale *= (MAX_PIXELS / pixels) ** 0.5
            if fit_detector:
                w_px, h_px = max(w_pt, 1.0) * scale, max(h_pt, 1.0) * scale
                scale *= min(1.0, det_side(int(h_px), int(w_px)) / max(w_px, h_px))
            bitmap = page.render(scale=scale, draw_annots=False)
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
        finally:
            doc.close()
    return image, scale


def ocr_pdf_page(path: str, page_no: int, images: list[tuple[float, float, float, float]],
                 finding: Finding) -> tuple[list[Segment], list[Finding]]:
    """The PDF reader's hook for a page it found unscannable (``finding``, reason ``no_text_layer``
    or ``mostly_image``): OCR the page (or, on a page with a text layer, its image regions ``images``
    in points, top-left origin) and return ``(segments, findings)``; ``findings`` replaces the page's
    UNSCANNED_CONTENT: empty when OCR read the page confidently, the low-confidence lines otherwise,
    the original finding (with how to enable OCR) when OCR is not available."""
    if not available():
        return [], [with_hint(finding)]
    whole_page = finding.attributes.get("reason") not in ("mostly_image", "image_region") or not images
    try:
        page_img, scale = render_page(path, page_no, fit_detector=whole_page)
    except Exception as exc:  # noqa: BLE001 - a page pdfium cannot render stays unscanned
        return [], [_failed(finding, f"{type(exc).__name__}")]
    factor = 1.0 / scale
    loc = {"page": page_no}
    where = f"第 {page_no} 页"
    if whole_page:
        lines = ocr_pil(page_img)
        seg = ocr_segment(lines, loc, factor, page=page_no)
        if seg is None:
            return [], [_no_text(finding)]
        segs = split_first_page_top(seg, page_img.size[1]) if page_no == 1 else [seg]
        return segs, low_confidence(lines, loc, where, factor)
    segments: list[Segment] = []
    findings: list[Finding] = []
    w, h = page_img.size
    for i, (x0, top, x1, bottom) in enumerate(images):
        box = (max(0, int(x0 / factor)), max(0, int(top / factor)), min(w, int(x1 / factor) + 1),
               min(h, int(bottom / factor) + 1))
        if box[2] - box[0] < MIN_SIDE or box[3] - box[1] < MIN_SIDE:
            continue
        lines = ocr_pil(page_img.crop(box))
        rloc = {**loc, "image": i}
        seg = ocr_segment(lines, rloc, factor, (float(box[0]), float(box[1])), page=page_no)
        if seg:
            segments.append(seg)
        elif not findings:
            findings.append(_no_text(finding))
        findings.extend(low_confidence(lines, rloc, f"{where}图片 {i + 1} ", factor, (float(box[0]), float(box[1]))))
    return segments, findings


def _no_text(finding: Finding) -> Finding:
    """OCR ran and found no text: a photo, a stamp, handwriting the detector missed. Fail closed: the
    finding stays (a reviewer looks at it), saying OCR found nothing."""
    from dataclasses import replace

    return replace(finding, explanation=f"{finding.explanation}（OCR 未识别出文字，请人工查看）",
                   attributes={**finding.attributes, "ocr": "no_text"})


def _failed(finding: Finding, why: str) -> Finding:
    from dataclasses import replace

    return replace(finding, explanation=f"{finding.explanation}（OCR 失败：{why}）",
                   attributes={**finding.attributes, "ocr": "failed"})


def ocr_image_bytes(data: bytes, location: dict[str, Any], where: str, name: str = ""
                    ) -> tuple[list[Segment], list[Finding]]:
    """OCR an embedded or stand-alone image; ``(segments, findings)`` as :func:`ocr_pdf_page`.
    Boxes are in the image's own pixels. Without OCR: one UNSCANNED_CONTENT finding with the hint."""
    base = hygiene_finding("UNSCANNED_CONTENT", f"{where}是图片，未经 OCR 无法审查", location,
                           attributes={"reason": "image"})
    if not available():
        return [], [with_hint(base)]
    try:
        image, scale = load_image(data, name)
    except Exception as exc:  # noqa: BLE001 - undecodable image data stays unscanned
        return [], [_failed(base, f"图片无法解码 {type(exc).__name__}")]
    lines = ocr_pil(image)
    factor = 1.0 / scale
    seg = ocr_segment(lines, location, factor, **{k: v for k, v in location.items() if k in ("image", "part")})
    if seg is None:
        return [], [_no_text(base)]
    return [seg], low_confidence(lines, location, where, factor)
