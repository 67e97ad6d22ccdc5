"""The .pdf reader: page text in reading order with a box for every character, metadata,
annotations, form fields, attachments, and what could not be read.

Two parsers, each for what it does best: **pypdfium2** extracts the characters, their boxes and fill
colours and the page's images and filled paths (about 25 ms for a dense Chinese page, where
pdfplumber/pdfminer need ~400 ms for the same 2,000 CID-font characters); **pdfplumber** (pdfminer)
reads the document structures (Info metadata, XMP, annotations, AcroForm fields, attachments),
which does not require parsing the page content. A page count that differs between the two
means a damaged file and is an error.

**One segment per page** (the first page split into its first lines, marked ``first_page_top``, and
the rest): an identifier wrapped over two lines stays one finding, and the locator returns a box per
line it covers. Locations::

    {"page": 3, "bbox": [x0, top, x1, bottom], "boxes": [[x0, top, x1, bottom], ...], "line": 12}

(PDF points, origin top-left as in pdfplumber; ``line`` is 1-based on the page.) Metadata
(``{"part": "metadata", "property": "Author"}``), annotations (``{"page", "annotation", "subtype"}``),
form fields (``{"part": "form_field", "field": name}``) are segments too.

Fail closed: a page without a text layer, or a page mostly covered by images with little text, is an
``UNSCANNED_CONTENT`` finding; white text, text under a box of its own colour, tiny or off-page text
is scanned like any other text *and* reported as ``HIDDEN_TEXT``.

>>> _nth_newline("a\\nb\\nc", 2)
3
"""

from __future__ import annotations

import ctypes
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import partial
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pr
from lxml import etree

from screening.documents.limits import Limits
from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.pdf_layout import layout_spaces, wrap_breaks
from screening.documents.pdf_limits import check_pdf_streams
from screening.documents.pdf_lock import PDFIUM_LOCK
from screening.documents.pdf_residue import unreadable_share
from screening.errors import DocumentError, EncryptedDocument, ResourceLimitExceeded
from screening.findings import Finding

FIRST_PAGE_TOP_LINES = 8
#: a page at least this much covered by images ...
IMAGE_PAGE_COVERAGE = 0.5
#: ... whose characters cover less than this share of the image area is an unscanned (scanned-in) page
TEXT_TO_IMAGE_AREA = 0.05
#: one image covering at least this share of a page that also has text is a partial-page scan
IMAGE_REGION_SHARE = 0.25
#: at least this share of a page's characters as control/private-use codes: a font without ToUnicode
UNREADABLE_SHARE = 0.2
#: at least this many path objects and fewer than a quarter as many characters: text drawn as outlines
OUTLINE_PATHS = 100
TINY_FONT = 1.5  # points
WHITE_LUMINANCE = 0.95
_META_LABELS = {"Author": "作者", "Creator": "创建工具", "Producer": "生成工具", "Title": "标题",
                "Subject": "主题", "Keywords": "关键词"}
_SKIP_META = {"CreationDate", "ModDate", "Trapped"}
_MARKUP = {"Text", "FreeText", "Highlight", "Underline", "StrikeOut", "Squiggly", "Popup", "Ink", "Stamp",
           "Square", "Circle", "Line", "Polygon", "PolyLine", "Caret", "FileAttachment", "Sound", "Redact"}


def _decode(v: Any) -> str:
    """A PDF string/name/number as text."""
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    if isinstance(v, bytes):
        if v.startswith((b"\xfe\xff", b"\xff\xfe")):
            return v.decode("utf-16", errors="replace")
        try:
            return v.decode("utf-8")
        except UnicodeDecodeError:
            return decode_text(v)
    if isinstance(v, PSLiteral):
        return str(v.name)
    if isinstance(v, list):
        return " ".join(_decode(x) for x in v)
    return "" if v is None else str(v)


def _check_tail(path: str) -> None:
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise DocumentError("truncated or damaged PDF (no %%EOF marker at the end)", path=path)


def read_pdf(path: str, limits: Limits | None = None) -> Document:
    """Read a PDF into a :class:`Document` (see the module docstring)."""
    limits = limits or Limits()
    _check_tail(path)
    check_pdf_streams(path, limits)
    try:
        pdf = pdfplumber.open(path, password="", raise_unicode_errors=False)
    except Exception as exc:
        inner = getattr(exc, "args", [None])[0] if exc.args else None
        name = type(inner).__name__ if isinstance(inner, Exception) else type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise EncryptedDocument("encrypted PDF that an empty password does not open; remove the password first",
                                    path=path) from None
        raise DocumentError(f"corrupt PDF ({name}: {inner or exc})"[:300], path=path) from None
    with pdf:
        return _read(pdf, path, limits)


def _read(pdf: Any, path: str, limits: Limits) -> Document:
    segments: list[Segment] = []
    hygiene: list[Finding] = []
    try:
        pages = pdf.pages
    except Exception as exc:
        raise DocumentError(f"corrupt PDF page tree ({type(exc).__name__}: {exc})"[:300], path=path) from None
    if len(pages) > limits.max_pages:
        raise ResourceLimitExceeded(f"PDF has {len(pages)} pages (limit {limits.max_pages})", path=path)
    if not pages:
        raise DocumentError("PDF without pages", path=path)
    meta_segs, meta_findings = _metadata(pdf)
    annot_segs: list[Segment] = []
    chars_total = 0
    with PDFIUM_LOCK:
        try:
            fpdf = pdfium.PdfDocument(path, password="")
        except pdfium.PdfiumError as exc:
            raise DocumentError(f"corrupt PDF ({exc})", path=path) from None
        try:
            count = len(fpdf)
        except BaseException:
            fpdf.close()
            raise
    try:
        if count != len(pages):
            raise DocumentError(f"damaged PDF: page count differs between parsers ({len(pages)} vs {count})",
                                path=path)
        for page in pages:
            n = page.page_number
            with PDFIUM_LOCK:
                fpage = fpdf[n - 1]
                try:
                    pc = _PageChars(fpage)
                finally:
                    fpage.close()
            text, boxes = pc.text, pc.boxes
            chars_total += pc.nchars
            if n == 1:
                cut = _nth_newline(text, FIRST_PAGE_TOP_LINES)
                if cut is not None:
                    segments.append(Segment(text[:cut], {"page": n}, "text", first_page_top=True,
                                            locator=partial(_locate, boxes, text, 0, n, joins=pc.joins), ref={"page": n, "start": 0}))
                    segments.append(Segment(text[cut + 1:], {"page": n}, "text",
                                            locator=partial(_locate, boxes, text, cut + 1, n, joins=pc.joins),
                                            ref={"page": n, "start": cut + 1}))
                else:
                    segments.append(Segment(text, {"page": n}, "text", first_page_top=True,
                                            locator=partial(_locate, boxes, text, 0, n, joins=pc.joins), ref={"page": n, "start": 0}))
            else:
                segments.append(Segment(text, {"page": n}, "text", locator=partial(_locate, boxes, text, 0, n, joins=pc.joins),
                                        ref={"page": n, "start": 0}))
            hygiene.extend(_hidden_findings(pc, n))
            unscanned = _unscanned(pc, n)
            if unscanned:
                # issue 16: OCR the page / its image regions; what OCR read confidently is no longer unscanned
                from screening.documents.ocr import ocr_pdf_page

                regions = unscanned.attributes.get("regions") or pc.images
                ocr_segments, still_unscanned = ocr_pdf_page(path, n, regions, unscanned)
                segments.extend(ocr_segments)
                hygiene.extend(still_unscanned)
            annot_segs.extend(_annotations(page, n))
            page.close()
    finally:
        with PDFIUM_LOCK:
            fpdf.close()
    segments.extend(annot_segs)
    markup = [s for s in annot_segs if s.kind == "annotation"]
    if markup:
        hygiene.append(hygiene_finding("COMMENTS", f"PDF 含 {len(markup)} 条批注/注释", {"part": "annotations"},
                                       attributes={"count": len(markup)}))
    form = _form_fields(pdf)
    segments.extend(form)
    segments.extend(meta_segs)
    hygiene.extend(meta_findings)
    facts = {"pages": len(pages), "chars": chars_total, "metadata": {k: v for k, v in _info(pdf).items()}}
    doc = Document(path=path, format="pdf", segments=segments, facts=facts, hygiene=hygiene)
    # issue 11: every object of the file (outlines, attachments, XMP attributes, JavaScript, streams,
    # earlier revisions): what the reading above did not cover becomes residue segments
    from screening.documents.pdf_residue import sweep_pdf

    swept = sweep_pdf(path, doc, limits)
    segments.extend(swept.segments)
    hygiene.extend(swept.hygiene)
    return doc


def _nth_newline(text: str, n: int) -> int | None:
    pos = -1
    for _ in range(n):
        pos = text.find("\n", pos + 1)
        if pos < 0:
            return None
    return pos


class _PageChars:
    """Characters of one page from pdfium: text (line breaks as ``\\n``), a flat box array
    (``x0, top, x1, bottom`` per character in pdfplumber's top-left coordinates, ``-1`` for
    generated spaces/line breaks), fill luminance and font size per character."""

    def __init__(self, page: Any) -> None:
        tp = page.get_textpage()
        try:
            raw = tp.raw
            n = tp.count_chars()
            x_min, _y_min, _x_max, y_max = page.get_mediabox()
            rect = pr.FS_RECTF()
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            chars: list[str] = []
            boxes = array("d")
            self.lum: list[float] = []
            self.size: list[float] = []
            self.nchars = 0
            generated: list[bool] = []
            for i in range(n):
                u = pr.FPDFText_GetUnicode(raw, i)
                if u == 0:
                    continue
                ch = chr(u) if u < 0x110000 else "\ufffd"
                if ch == "\r":
                    if i + 1 < n and pr.FPDFText_GetUnicode(raw, i + 1) == 10:
                        continue
                    ch = "\n"
                gen = bool(pr.FPDFText_IsGenerated(raw, i))
                generated.append(gen)
                if gen or ch == "\n" or not pr.FPDFText_GetLooseCharBox(raw, i, rect):
                    boxes.extend((-1.0, -1.0, -1.0, -1.0))
                    self.lum.append(-1.0)
                    self.size.append(0.0)
                else:
                    boxes.extend((rect.left - x_min, y_max - rect.top, rect.right - x_min, y_max - rect.bottom))
                    if pr.FPDFText_GetFillColor(raw, i, r, g, b, a) and a.value > 0:
                        self.lum.append((0.299 * r.value + 0.587 * g.value + 0.114 * b.value) / 255)
                    else:
                        self.lum.append(-1.0)
                    self.size.append(pr.FPDFText_GetFontSize(raw, i))
                    if not ch.isspace():
                        self.nchars += 1
                chars.append(ch)
        finally:
            tp.close()
        drop = layout_spaces(chars, _BoxView(boxes), generated, self.size)  # type: ignore[arg-type]  # a sequence view
        if drop:
            keep = [i for i in range(len(chars)) if i not in drop]
            chars = [chars[i] for i in keep]
            boxes = array("d", (v for i in keep for v in boxes[4 * i: 4 * i + 4]))
            self.lum = [self.lum[i] for i in keep]
            self.size = [self.size[i] for i in keep]
        #: positions in :attr:`text` where a soft wrap of a paragraph was joined (one per dropped line break)
        self.joins: list[int] = []
        wraps = wrap_breaks(chars, _BoxView(boxes), self.size)  # type: ignore[arg-type]  # a read-only view with __getitem__ and __len__
        if wraps:
            keep = [i for i in range(len(chars)) if i not in wraps]
            self.joins = [k for k, i in enumerate(keep) if i - 1 in wraps]
            chars = [chars[i] for i in keep]
            boxes = array("d", (v for i in keep for v in boxes[4 * i: 4 * i + 4]))
            self.lum = [self.lum[i] for i in keep]
            self.size = [self.size[i] for i in keep]
        self.text = "".join(chars)
        self.boxes = boxes
        self.width, self.height = page.get_width(), page.get_height()
        self.fills: list[tuple[float, float, float, float, float]] = []
        self.images: list[tuple[float, float, float, float]] = []
        self.paths = 0
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        for obj in page.get_objects(filter=(pr.FPDF_PAGEOBJ_IMAGE, pr.FPDF_PAGEOBJ_PATH), max_depth=4):
            left, bottom, right, top = obj.get_bounds()
            box = (left - x_min, y_max - top, right - x_min, y_max - bottom)
            if obj.type == pr.FPDF_PAGEOBJ_IMAGE:
                self.images.append(box)
                continue
            self.paths += 1
            if (right - left > 2 and top - bottom > 2 and pr.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
                    and fill.value and pr.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a) and a.value > 0):
                self.fills.append((*box, (0.299 * r.value + 0.587 * g.value + 0.114 * b.value) / 255))


class _BoxView:
    """``boxes[i]`` of the flat box array as a tuple (``None`` for generated characters)."""

    def __init__(self, flat: array) -> None:
        self.flat = flat

    def __getitem__(self, i: int) -> tuple[float, float, float, float] | None:
        x0, top, x1, bottom = self.flat[4 * i: 4 * i + 4]
        return None if x0 < 0 else (x0, top, x1, bottom)


def _locate(boxes: array, text: str, base: int, page_no: int, start: int, end: int,
            joins: Sequence[int] = ()) -> dict[str, Any]:
    """Boxes of the characters ``[start, end)`` of a segment starting at ``base`` in the page text; ``joins``
    are the positions where a soft-wrapped line was joined (each starts a new line on the page)."""
    s, e = base + start, base + end
    lines: dict[int, list[float]] = {}
    line0 = text.count("\n", 0, s) + bisect_right(joins, s) + 1
    line = line0
    for i in range(s, min(e, len(text))):
        if text[i] == "\n":
            line += 1
            continue
        if i > s and joins and i in joins:
            line += 1
        x0, top, x1, bottom = boxes[4 * i: 4 * i + 4]
        if x0 < 0:
            continue
        b = lines.setdefault(line, [x0, top, x1, bottom])
        b[0], b[1], b[2], b[3] = min(b[0], x0), min(b[1], top), max(b[2], x1), max(b[3], bottom)
    out: dict[str, Any] = {"page": page_no, "line": line0}
    if lines:
        rows = [[round(v, 2) for v in b] for b in lines.values()]
        out["bbox"] = [min(r[0] for r in rows), min(r[1] for r in rows), max(r[2] for r in rows),
                       max(r[3] for r in rows)]
        out["boxes"] = rows
    return out


def _hidden_findings(pc: _PageChars, n: int) -> list[Finding]:
    """White, covered, tiny and off-page characters (they are scanned anyway)."""
    reasons: dict[str, list[int]] = {}
    b = pc.boxes
    for i, ch in enumerate(pc.text):
        x0 = b[4 * i]
        if x0 < 0 or ch.isspace():
            continue
        top, x1, bottom = b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]
        lum = pc.lum[i]
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        if lum >= WHITE_LUMINANCE:
            reason = "white_text"
        elif 0 < pc.size[i] < TINY_FONT:
            reason = "tiny_text"
        elif cx < 0 or cy < 0 or cx > pc.width or cy > pc.height:
            reason = "off_page"
        elif lum >= 0 and any(fx0 <= cx <= fx1 and ft <= cy <= fb and abs(lum - fl) < 0.15
                              for fx0, ft, fx1, fb, fl in pc.fills):
            reason = "under_filled_box"
        else:
            continue
        reasons.setdefault(reason, []).append(i)
    labels = {"white_text": "白色文字", "tiny_text": "极小字号文字", "off_page": "页面可见区域以外的文字",
              "under_filled_box": "被同色色块遮盖的文字"}
    out = []
    for reason, idx in reasons.items():
        bbox = [round(min(b[4 * i] for i in idx), 2), round(min(b[4 * i + 1] for i in idx), 2),
                round(max(b[4 * i + 2] for i in idx), 2), round(max(b[4 * i + 3] for i in idx), 2)]
        out.append(hygiene_finding(
            "HIDDEN_TEXT", f"第 {n} 页有 {len(idx)} 个{labels[reason]}（读者看不到，但文字仍在文件中，已一并审查）",
            {"page": n, "bbox": bbox}, attributes={"reason": reason, "chars": len(idx)}))
    return out


def _unscanned(pc: _PageChars, n: int) -> Finding | None:
    area = max(pc.width * pc.height, 1.0)
    img_area = 0.0
    for x0, top, x1, bottom in pc.images:
        x0, x1 = max(x0, 0.0), min(x1, pc.width)
        top, bottom = max(top, 0.0), min(bottom, pc.height)
        if x1 > x0 and bottom > top:
            img_area += (x1 - x0) * (bottom - top)
    img_area = min(img_area, area)
    coverage = img_area / area
    bad = unreadable_share(pc.text)
    if pc.nchars == 0 and (pc.images or pc.paths > 50):
        reason, what = "no_text_layer", "没有文字层（扫描页、图片页或转曲文字），未经 OCR 无法审查"
    elif pc.nchars >= 3 and bad >= UNREADABLE_SHARE:
        # a font without a usable /ToUnicode: the glyphs come out as control/private-use codes
        reason, what = "no_unicode", f"的文字（{bad:.0%} 的字符）无法解码为文字（字体缺少 ToUnicode 映射），未经 OCR 无法审查"
    elif pc.paths >= OUTLINE_PATHS and pc.nchars * 4 < pc.paths:
        reason, what = "outlined_text", f"有 {pc.paths} 个矢量路径而文字很少（疑似转曲文字），未经 OCR 无法审查"
    elif coverage >= IMAGE_PAGE_COVERAGE:
        b = pc.boxes
        text_area = sum((b[i + 2] - b[i]) * (b[i + 3] - b[i + 1]) for i in range(0, len(b), 4) if b[i] >= 0)
        if text_area >= TEXT_TO_IMAGE_AREA * img_area:
            return _image_regions(pc, n, area)
        reason, what = "mostly_image", f"大部分（{coverage:.0%}）是图片、文字很少，图片内容未经 OCR 无法审查"
    else:
        return _image_regions(pc, n, area)
    return hygiene_finding("UNSCANNED_CONTENT", f"第 {n} 页{what}", {"page": n},
                           attributes={"reason": reason, "image_coverage": round(coverage, 3)})


def _image_regions(pc: _PageChars, n: int, area: float) -> Finding | None:
    """A page with text *and* an image covering a large share of it (a partial-page scan): the
    image is unscanned content (OCR reads its region when available)."""
    big = []
    for x0, top, x1, bottom in pc.images:
        x0, x1 = max(x0, 0.0), min(x1, pc.width)
        top, bottom = max(top, 0.0), min(bottom, pc.height)
        if x1 > x0 and bottom > top and (x1 - x0) * (bottom - top) >= IMAGE_REGION_SHARE * area:
            big.append((x0, top, x1, bottom))
    if not big:
        return None
    share = max((b[2] - b[0]) * (b[3] - b[1]) for b in big) / area
    return hygiene_finding("UNSCANNED_CONTENT", f"第 {n} 页有图片占页面 {share:.0%}（疑似部分扫描），图片内容未经 OCR 无法审查",
                           {"page": n}, attributes={"reason": "image_region", "image_coverage": round(share, 3),
                                                    "regions": [[round(v, 2) for v in b] for b in big]})


def _annotations(page: Any, n: int) -> list[Segment]:
    out = []
    try:
        annots = page.annots
    except Exception:  # a broken annotation dictionary must not hide the page text
        return [Segment("", {"page": n, "part": "annotations"}, "annotation_error")]
    for i, a in enumerate(annots):
        data = a.get("data") or {}
        subtype = _decode(data.get("Subtype", "")) if isinstance(data, dict) else ""
        bbox = [round(a[k], 2) for k in ("x0", "top", "x1", "bottom")]
        loc = {"page": n, "part": "annotation", "annotation": i, "subtype": subtype, "bbox": bbox}
        if a.get("contents"):
            out.append(Segment(str(a["contents"]), loc, "annotation" if subtype in _MARKUP else "attribute"))
        if a.get("title") and subtype != "Widget":  # a widget's /T is the form field name
            out.append(Segment(f"批注作者：{a['title']}", {**loc, "attribute": "author"}, "metadata"))
        if a.get("uri"):
            out.append(Segment(str(a["uri"]), {**loc, "attribute": "uri"}, "attribute"))
    return out


def _info(pdf: Any) -> dict[str, str]:
    out = {}
    for k, v in (pdf.metadata or {}).items():
        if k in _SKIP_META:
            continue
        text = _decode(v).strip()
        if text:
            out[str(k)] = text
    return out


def _metadata(pdf: Any) -> tuple[list[Segment], list[Finding]]:
    segs = []
    personal = []
    for k, v in _info(pdf).items():
        label = _META_LABELS.get(k, k)
        segs.append(Segment(f"{label}：{v}", {"part": "metadata", "property": k}, "metadata",
                            ref={"property": k, "prefix_len": len(label) + 1}))
        if k not in ("Creator", "Producer", "Title", "Subject", "Keywords"):
            personal.append(k)
    xmp = _xmp_texts(pdf)
    for i, (tag, text) in enumerate(xmp):
        segs.append(Segment(text, {"part": "xmp", "element": i, "tag": tag}, "metadata"))
        if tag in ("creator", "Author", "lastModifiedBy"):
            personal.append(f"XMP {tag}")
    findings = []
    if personal:
        findings.append(hygiene_finding("DOCUMENT_METADATA", "PDF 属性含个人信息：" + "、".join(personal),
                                        {"part": "metadata"}, attributes={"properties": personal}))
    return segs, findings


def _catalog(pdf: Any) -> dict:
    from pdfminer.pdftypes import resolve1

    try:
        cat = resolve1(pdf.doc.catalog)
        return cat if isinstance(cat, dict) else {}
    except Exception:
        return {}


def _xmp_texts(pdf: Any) -> list[tuple[str, str]]:
    from pdfminer.pdftypes import resolve1

    try:
        stream = resolve1(_catalog(pdf).get("Metadata"))
        data = stream.get_data() if stream is not None else None
    except Exception:
        return []
    if not data:
        return []
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    out = []
    for el in root.iter():
        if isinstance(el.tag, str) and el.text and el.text.strip() and len(el) == 0:
            tag = etree.QName(el).localname
            if tag == "li":
                parent = el.getparent()
                grand = parent.getparent() if parent is not None else None
                tag = etree.QName(grand).localname if grand is not None else tag
            if tag not in ("CreateDate", "ModifyDate", "MetadataDate", "DocumentID", "InstanceID", "format"):
                out.append((tag, el.text.strip()))
    return out


def _form_fields(pdf: Any) -> list[Segment]:
    from pdfminer.pdftypes import resolve1

    out: list[Segment] = []
    try:
        form = resolve1(_catalog(pdf).get("AcroForm"))
        fields = resolve1(form.get("Fields")) if isinstance(form, dict) else None
    except Exception:
        return out
    stack: list[tuple[Any, str, int]] = [(f, "", 0) for f in (fields or [])]
    seen = 0
    while stack and seen < 10_000:
        ref, prefix, depth = stack.pop(0)
        seen += 1
        try:
            field = resolve1(ref)
        except Exception:
            continue
        if not isinstance(field, dict) or depth > 32:
            continue
        name = _decode(field.get("T")) if field.get("T") is not None else ""
        full = f"{prefix}.{name}" if prefix and name else (name or prefix)
        value = field.get("V")
        if value is not None:
            text = _decode(resolve1(value)).strip()
            if text:
                label = f"{full}：" if full else ""
                out.append(Segment(label + text, {"part": "form_field", "field": full}, "form_field",
                                   ref={"field": full, "prefix_len": len(label)}))
        kids = resolve1(field.get("Kids"))
        if isinstance(kids, list):
            stack.extend((k, full, depth + 1) for k in kids)
    return out
