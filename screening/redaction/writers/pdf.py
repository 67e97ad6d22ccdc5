"""The .pdf writer: true removal, not a black box over copyable text.

For each page, the content stream is interpreted (:mod:`.pdf_glyphs`); every glyph belonging to a
planned value (found by its text, and by the reader's character boxes) is deleted from its
``Tj``/``TJ`` string and replaced by a kerning number of its exact width, so the glyphs after it
stay where they were. A masked character is drawn as the mask character (``*``, Helvetica) in the
text flow, so ``620602********1234`` reads as in the text outputs and kept digits cannot run into
the next number; anything else removed gets a black box where it was. A page that cannot be rewritten safely
(Type 3 or vertical fonts, text in form XObjects, strings the fonts do not decode, or a value the
rewrite did not remove) is rasterised with pypdfium2 with the boxes burned in (``pdf_fallback:
rasterize``), and the report lists those pages. Metadata (Info, XMP), annotations, form fields,
attachments, JavaScript/actions, page thumbnails and the tag structure (which may hold
``/ActualText``) are removed. PyMuPDF is not used (AGPL).

>>> _user_box([10, 20, 30, 40], (0, 0, 600, 800))
(10.0, 760.0, 30.0, 780.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf

from screening.errors import RedactionError
from screening.normalize import fold
from screening.redaction.plan import DocumentPlan, squeeze
from screening.redaction.policy import Policy
from screening.redaction.search import Containers, ValueIndex
from screening.redaction.writers import WriteResult
from screening.redaction.writers.pdf_clean import clean
from screening.redaction.writers.pdf_glyphs import FontCache, Glyph, PageGlyphs, Unsupported, interpret
from screening.redaction.writers.pdf_raster import BOX_PAD, Box, rasterise
from screening.redaction.writers.slots import ValueSweep, log_entry

PLACEHOLDER_FONT = "/FRedact"  # Helvetica (a standard font: nothing embedded) for mask characters
HELVETICA_WIDTHS = {"*": 389, "×": 584, "x": 500, "X": 667, "#": 556, "-": 333, "_": 556, "?": 556}


def _user_box(bbox: list[float], mediabox: tuple[float, float, float, float]) -> Box:
    """A pdfplumber box ``[x0, top, x1, bottom]`` (origin top-left) in PDF user space."""
    x0, top, x1, bottom = (float(v) for v in bbox[:4])
    mx0, _my0, _mx1, my1 = mediabox
    return (x0 + mx0, my1 - bottom, x1 + mx0, my1 - top)


def _mediabox(page: pikepdf.Page) -> tuple[float, float, float, float]:
    mb = [float(v) for v in page.mediabox]
    return (min(mb[0], mb[2]), min(mb[1], mb[3]), max(mb[0], mb[2]), max(mb[1], mb[3]))


def _page_text_replacements(plan: DocumentPlan) -> list[tuple[int, Any]]:
    """``(1-based page, replacement)`` for values in a page's text (annotations, form fields and
    metadata are removed by the cleaner, not found in the content stream)."""
    out = []
    for r in plan.replacements:
        page = r.location.get("page")
        if isinstance(page, int) and "part" not in r.location:
            out.append((page, r))
    return out


def _plan_boxes(plan: DocumentPlan) -> dict[int, list[list[float]]]:
    """Reader character boxes of every planned replacement, by page."""
    out: dict[int, list[list[float]]] = {}
    for page, r in _page_text_replacements(plan):
        boxes = r.location.get("boxes") or ([r.location["bbox"]] if r.location.get("bbox") else [])
        out.setdefault(page, []).extend(list(b) for b in boxes if isinstance(b, list | tuple) and len(b) >= 4)
    return out


def _page_values(plan: DocumentPlan) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for page, r in _page_text_replacements(plan):
        out.setdefault(page, set()).add(squeeze(r.original))
    return out


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    result = WriteResult()
    sweep = ValueSweep.from_plan(plan)
    values = _visible_parts(sweep)
    kept = {squeeze(k) for k, v in sweep.value_map.items() if k == v}
    boxes_by_page = _plan_boxes(plan)
    values_by_page = _page_values(plan)
    fonts = FontCache()
    search = PageSearch(values, kept)
    with pikepdf.open(in_path) as pdf:
        to_raster: dict[int, list[Box]] = {}
        for n, page in enumerate(pdf.pages, start=1):
            mb = _mediabox(page)
            reader_boxes = [_user_box(b, mb) for b in boxes_by_page.get(n, [])]
            try:
                pg = interpret(page, fonts)
                marked = _mark(pg, search, reader_boxes, values_by_page.get(n, set()))
                if marked or pg.marked_content_text:
                    _rewrite_page(pdf, page, pg, marked)
                if marked:
                    result.changes.extend(_page_changes(pg, marked, n, sweep))
            except Unsupported as exc:
                if policy.document.get("pdf_fallback") == "fail":
                    raise RedactionError(f"page {n} cannot be rewritten ({exc}) and pdf_fallback is 'fail'",
                                         path=str(in_path)) from None
                to_raster[n] = reader_boxes
                result.notes.append(f"page {n} rasterised: {exc}")
        if to_raster:
            rasterise(pdf, in_path, to_raster, result)
        clean(pdf, sweep, result)
        pdf.remove_unreferenced_resources()
        pdf.save(out_path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    result.sanitised = sorted(set(result.sanitised))
    return result


# -- marking and rewriting ------------------------------------------------------------------------
def keep_flags(original: str, replacement: str) -> list[bool]:
    """Which characters of a (squeezed) value stay visible in the PDF: those a mask keeps in place,
    or the common prefix (the surname of 张某, the kept levels of a generalised address).

    >>> keep_flags("13912345678", "139****5678")
    [True, True, True, False, False, False, False, True, True, True, True]
    >>> keep_flags("张伟", "张某"), keep_flags("张伟", "[姓名]")
    ([True, False], [False, False])
    """
    if len(original) == len(replacement):
        return [a == b for a, b in zip(original, replacement, strict=True)]
    n = 0
    while n < min(len(original), len(replacement)) and original[n] == replacement[n]:
        n += 1
    return [i < n for i in range(len(original))]


def placeholders(original: str, replacement: str) -> list[str | None]:
    """Per character of a (squeezed) value: ``""`` it stays visible, a mask character to draw in its
    place (a masked digit shows as ``*``, so the kept digits cannot run into the next number), or
    ``None`` for a black box.

    >>> placeholders("13912345678", "139****5678")[2:5]
    ['', '*', '*']
    >>> placeholders("张伟", "张某")
    ['', None]
    """
    flags = keep_flags(original, replacement)
    if len(original) == len(replacement):
        return ["" if keep else (replacement[i] if _drawable(replacement[i]) else None)
                for i, keep in enumerate(flags)]
    return ["" if keep else None for keep in flags]


def _drawable(ch: str) -> bool:
    try:
        return len(ch.encode("cp1252")) == 1 and not ch.isspace()
    except UnicodeEncodeError:
        return False


def _visible_parts(sweep: ValueSweep) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for k, v in sweep.value_map.items():
        sk = squeeze(k)
        if k != v and len(sk) >= 2:
            out[sk] = placeholders(sk, squeeze(v))
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def _in_boxes(pg: PageGlyphs, boxes: list[Box]) -> set[int]:
    """Glyphs whose centre lies in one of the reader's character boxes of a planned value."""
    out = set()
    for i, g in enumerate(pg.glyphs):
        if g.text and g.text.isspace():
            continue
        cx, cy = (g.box[0] + g.box[2]) / 2, (g.box[1] + g.box[3]) / 2
        if any(b[0] - 0.5 <= cx <= b[2] + 0.5 and b[1] - 0.5 <= cy <= b[3] + 0.5 for b in boxes):
            out.add(i)
    return out


class PageSearch:
    """The values to redact and the kept values, each searched in a page's text in one pass."""

    def __init__(self, values: dict[str, list[str | None]], kept: set[str]) -> None:
        self.values = values
        self.kept = kept
        self.order = {sv: i for i, sv in enumerate(v for v in values if len(v) >= 2 and v not in kept)}
        self.redacted = ValueIndex(self.order)
        self.shields = ValueIndex(kv for kv in kept if len(kv) >= 2)

    def to_redact(self, text: str) -> list[tuple[int, str]]:
        """``(pos, value)`` of every occurrence of a value to redact: longest value first (the order
        of ``values``), each value's occurrences left to right."""
        return sorted(self.redacted.occurrences(text), key=lambda o: (self.order[o[1]], o[0]))


def _mark(pg: PageGlyphs, search: PageSearch, reader_boxes: list[Box], expected: set[str]
          ) -> dict[int, str | None]:
    """Glyphs to delete -> placeholder to draw (``None``: a black box); raises :class:`Unsupported`
    when a value cannot be located.

    A kept value (the official 张伟华) shields a redacted value wholly inside it (张伟), except where
    the plan put a replacement (the reader's boxes): a planned position always wins.
    """
    chars, owner = _glyph_text(pg, range(len(pg.glyphs)))
    text = "".join(chars)
    if any(sv and sv not in text and sv not in search.kept for sv in expected):
        # glyphs drawn out of reading order (one positioned glyph at a time): read them by position
        chars, owner = _glyph_text(pg, reading_order(pg.glyphs))
        text = "".join(chars)
    planned = _in_boxes(pg, reader_boxes)
    kept_spans = [(p, p + len(kv)) for p, kv in search.shields.occurrences(text)
                  if not planned.intersection(owner[p : p + len(kv)])]
    inside_kept = Containers(kept_spans)
    shield = bytearray(len(text))  # characters already handled by a longer value
    marked: dict[int, str | None] = {}
    handled: set[int] = {i for s0, e0 in kept_spans for i in owner[s0:e0]}  # kept, or located by text
    for pos, sv in search.to_redact(text):
        end = pos + len(sv)
        if inside_kept.inside(pos, end) or shield.find(1, pos, end) >= 0:
            continue
        flags = search.values[sv]
        for j in range(len(sv)):
            if flags[j] != "":
                marked[owner[pos + j]] = flags[j] if pg.glyphs[owner[pos + j]].size else None
        handled.update(owner[pos:end])
        shield[pos:end] = b"\x01" * len(sv)
    for i in planned - handled:
        marked[i] = None
    _check_forms(pg, search, reader_boxes)
    missing = [sv for sv in expected if sv and sv not in text and sv not in search.kept]
    if missing and not marked:
        raise Unsupported("the text to redact is not decodable from the content stream")
    remaining = "".join("\x00" if o in marked else ch for ch, o in zip(chars, owner, strict=True))
    for pos, sv in search.redacted.iter(remaining):
        if not inside_kept.inside(pos, pos + len(sv)):
            raise Unsupported("a value survived the rewrite")
    if any(not g.text for i, g in enumerate(pg.glyphs) if i in marked) and not reader_boxes:
        raise Unsupported("glyphs without Unicode inside a redacted span")
    return marked


def _glyph_text(pg: PageGlyphs, order: Any) -> tuple[list[str], list[int]]:
    """The page's non-space characters in ``order`` of glyphs, and the glyph of each."""
    chars: list[str] = []
    owner: list[int] = []
    for i in order:
        for ch in fold(pg.glyphs[i].text):
            if not ch.isspace():
                chars.append(ch)
                owner.append(i)
    return chars, owner


def reading_order(glyphs: list[Glyph]) -> list[int]:
    """Glyph indices by position: lines top to bottom (a baseline within half a glyph height is the
    same line), left to right within a line.

    >>> g = [Glyph(0, 0, b"", c, (x, y, x + 5, y + 10), 0.0) for c, x, y in
    ...      [("b", 10, 700), ("a", 0, 700.5), ("c", 0, 680)]]
    >>> reading_order(g)
    [1, 0, 2]
    """
    by_y = sorted(range(len(glyphs)), key=lambda i: -(glyphs[i].box[1] + glyphs[i].box[3]) / 2)
    lines: list[list[int]] = []
    last_y = None
    for i in by_y:
        b = glyphs[i].box
        cy, h = (b[1] + b[3]) / 2, max(b[3] - b[1], 1.0)
        if last_y is None or last_y - cy > 0.5 * h:
            lines.append([])
            last_y = cy
        lines[-1].append(i)
    return [i for line in lines for i in sorted(line, key=lambda i: glyphs[i].box[0])]


def _check_forms(pg: PageGlyphs, search: PageSearch, reader_boxes: list[Box]) -> None:
    form = "".join(fold(pg.form_text).split())
    if form and next(search.redacted.iter(form), None) is not None:
        raise Unsupported("a value to redact is drawn inside a form XObject")
    for b in reader_boxes:
        if any(b[0] <= (f[0] + f[2]) / 2 <= b[2] and b[1] <= (f[1] + f[3]) / 2 <= b[3] for f in pg.form_boxes):
            raise Unsupported("a value to redact is drawn inside a form XObject")


def _rewrite_page(pdf: pikepdf.Pdf, page: pikepdf.Page, pg: PageGlyphs, marked: dict[int, str | None]) -> None:
    by_op: dict[int, list[Glyph]] = {}
    for i in sorted(marked):
        by_op.setdefault(pg.glyphs[i].op, [])
    glyphs_of: dict[int, list[tuple[int, Glyph]]] = {}
    for i, g in enumerate(pg.glyphs):
        if g.op in by_op:
            glyphs_of.setdefault(g.op, []).append((i, g))
    new: list[Any] = []
    for idx, ins in enumerate(pg.instructions):
        if isinstance(ins, pikepdf.ContentStreamInlineImage):
            new.append(ins)
            continue
        op = str(ins.operator)
        operands = list(ins.operands)
        if op in ("BDC", "DP") and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            props = pikepdf.Dictionary({k: v for k, v in operands[1].items()
                                        if k not in ("/ActualText", "/Alt", "/E")})
            new.append(pikepdf.ContentStreamInstruction([operands[0], props], ins.operator))
            continue
        if idx not in glyphs_of:
            new.append(ins)
            continue
        shows = _rebuild(operands, op, glyphs_of[idx], marked)
        if op == "'":
            new.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")))
        elif op == '"':
            new.append(pikepdf.ContentStreamInstruction([operands[0]], pikepdf.Operator("Tw")))
            new.append(pikepdf.ContentStreamInstruction([operands[1]], pikepdf.Operator("Tc")))
            new.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")))
        new.extend(shows)
    boxes = _merge_boxes([pg.glyphs[i].box for i in sorted(marked) if marked[i] is None])
    body = pikepdf.unparse_content_stream(new)
    tail = b"".join(b"%.2f %.2f %.2f %.2f re f\n" % (b[0] - BOX_PAD, b[1] - BOX_PAD, b[2] - b[0] + 2 * BOX_PAD,
                                                    b[3] - b[1] + 2 * BOX_PAD) for b in boxes)
    content = b"q\n" + body + b"\nQ\n"
    if tail:
        content += b"q 0 0 0 rg\n" + tail + b"Q\n"
    if any(marked.values()):
        _add_placeholder_font(page)
    page.obj.Contents = pdf.make_stream(content)


def _add_placeholder_font(page: pikepdf.Page) -> None:
    resources = page.obj.get("/Resources")
    if resources is None:
        page.obj.Resources = resources = pikepdf.Dictionary()
    if "/Font" not in resources:
        resources.Font = pikepdf.Dictionary()
    resources.Font[PLACEHOLDER_FONT] = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                          BaseFont=pikepdf.Name.Helvetica,
                                                          Encoding=pikepdf.Name.WinAnsiEncoding)


def _placeholder(g: Glyph, ch: str) -> list[Any]:
    """TJ items drawing ``ch`` (Helvetica) centred where glyph ``g`` was and ending exactly where
    ``g`` ended, so the glyphs after it keep their places."""
    width = HELVETICA_WIDTHS.get(ch, 556) / 1000.0
    total = (width - g.w0 - (g.tw_space / g.tf_size if g.tf_size else 0.0)) * 1000.0
    before = -((g.w0 - width) / 2) * 1000.0
    return [round(before, 3), pikepdf.String(ch.encode("cp1252")), round(total - before, 3)]


def _rebuild(operands: list[Any], op: str, glyphs: list[tuple[int, Glyph]], marked: dict[int, str | None]
             ) -> list[Any]:
    """The show operator without the marked glyphs: ``TJ`` arrays whose kerning numbers stand in for
    the deleted widths, with mask placeholders drawn in between (in their own font)."""
    items = list(operands[0]) if op == "TJ" else [operands[-1]]
    queue = iter(glyphs)
    result: list[Any] = []
    out: list[Any] = []
    buf = b""
    pending = 0.0

    def flush_string() -> None:
        nonlocal buf
        if buf:
            out.append(pikepdf.String(buf))
            buf = b""

    def flush_number() -> None:
        nonlocal pending
        if pending:
            out.append(round(pending, 3))
            pending = 0.0

    def flush_array() -> None:
        flush_string()
        flush_number()
        if out:
            result.append(pikepdf.ContentStreamInstruction([pikepdf.Array(out)], pikepdf.Operator("TJ")))
            out.clear()

    placeholder: list[Any] = []  # consecutive mask characters share one TJ in the placeholder font
    last: list[Glyph] = []

    def flush_placeholder() -> None:
        if placeholder:
            g = last[0]
            result.extend([
                pikepdf.ContentStreamInstruction([pikepdf.Name(PLACEHOLDER_FONT), g.tf_size], pikepdf.Operator("Tf")),
                pikepdf.ContentStreamInstruction([pikepdf.Array(placeholder)], pikepdf.Operator("TJ")),
                pikepdf.ContentStreamInstruction([g.font_name, g.tf_size], pikepdf.Operator("Tf"))])
            placeholder.clear()
            last.clear()

    for item_i, item in enumerate(items):
        if not isinstance(item, pikepdf.String):
            if placeholder:
                placeholder.append(float(item))
            else:
                flush_string()
                pending += float(item)
            continue
        data = bytes(item)
        consumed = 0
        while consumed < len(data):
            i, g = next(queue)
            if g.item != item_i:
                raise Unsupported("glyph bookkeeping mismatch")
            consumed += len(g.code)
            ch = marked.get(i, "") if i in marked else ""
            if i in marked and ch:
                flush_array()
                placeholder.extend(_placeholder(g, ch))
                last[:] = [g]
                continue
            flush_placeholder()
            if i in marked:
                flush_string()
                pending += g.adjust
            else:
                flush_number()
                buf += g.code
    flush_placeholder()
    flush_array()
    return result


def _merge_boxes(boxes: list[Box]) -> list[Box]:
    """Adjacent glyph boxes on one line become one box."""
    out: list[list[float]] = []
    for b in boxes:
        if out:
            p = out[-1]
            same_line = abs(p[1] - b[1]) < 1 and abs(p[3] - b[3]) < 1
            if same_line and -1 <= b[0] - p[2] <= 2:
                p[2] = max(p[2], b[2])
                continue
        out.append(list(b))
    return [tuple(b) for b in out]  # type: ignore[misc]


def _page_changes(pg: PageGlyphs, marked: dict[int, str | None], n: int, sweep: ValueSweep) -> list[dict[str, Any]]:
    """One log entry per run of adjacent deleted glyphs (no original text)."""
    runs: list[list[int]] = []
    for i in sorted(marked):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    entries: list[dict[str, Any]] = []
    for run in runs:
        text = "".join(pg.glyphs[i].text for i in run)
        found = sweep.find(text)
        box = _merge_boxes([pg.glyphs[i].box for i in run])[0]
        loc = {"page": n, "bbox_user_space": [round(v, 2) for v in box]}
        if found:
            entries.extend(log_entry(hit, loc) for *_, hit in found)
        else:
            entries.append({"entity_type": "", "operator": "remove", "replacement": "", "location": loc})
    return entries
