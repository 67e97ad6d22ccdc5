"""A small PDF content-stream interpreter: every glyph with its text, box and operator.

pikepdf parses the content stream; pdfminer's font classes (already a dependency through
pdfplumber) decode the strings to CIDs, Unicode and widths, so simple, TrueType and CID fonts
(Identity-H, UniGB-UCS2-H ...) are all measured the same way the reader measured them. The
writer uses the glyph list to delete glyphs from ``Tj``/``TJ`` strings and put a kerning number
of exactly the deleted width in their place: the following glyphs do not move.

Anything this interpreter does not handle safely (vertical writing, Type 3 fonts, text inside
form XObjects, unknown font programs) raises :class:`Unsupported`: the caller rasterises the page.

>>> mul((1, 0, 0, 1, 10, 20), (2, 0, 0, 2, 0, 0))
(2, 0, 0, 2, 20, 40)
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pdfminer.cmapdb import CMap, IdentityCMap, IdentityCMapByte
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFType3Font, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import LIT

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
SHOW_OPS = {"Tj", "TJ", "'", '"'}


class Unsupported(Exception):
    """This page cannot be rewritten safely (say why): rasterise it instead."""


def mul(m1: Matrix, m2: Matrix) -> Matrix:
    """``m1 × m2`` in PDF's row-vector convention."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


# -- fonts ----------------------------------------------------------------------------------------
def to_miner(obj: Any, depth: int = 0) -> Any:
    """A pikepdf object as the plain Python/pdfminer objects pdfminer's font code expects."""
    if depth > 12:
        return None
    if isinstance(obj, pikepdf.Name):
        return LIT(str(obj)[1:])
    if isinstance(obj, pikepdf.String):
        return bytes(obj)
    if isinstance(obj, bool | int | float):
        return obj
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    if isinstance(obj, pikepdf.Stream):
        attrs = {str(k)[1:]: to_miner(v, depth + 1) for k, v in obj.items()
                 if k not in ("/Filter", "/DecodeParms", "/Length")}
        try:
            data = obj.read_bytes()
        except pikepdf.PdfError:
            data = b""
        return PDFStream(attrs, data)
    if isinstance(obj, pikepdf.Array):
        return [to_miner(v, depth + 1) for v in obj]
    if isinstance(obj, pikepdf.Dictionary):
        return {str(k)[1:]: to_miner(v, depth + 1) for k, v in obj.items() if k != "/Parent"}
    try:
        return float(obj)
    except (TypeError, ValueError):
        return None


class FontCache:
    """pdfminer fonts built once per font object of a document."""

    def __init__(self) -> None:
        self.rsrc = PDFResourceManager(caching=False)
        self.fonts: dict[Any, PDFFont] = {}

    def get(self, font_obj: Any) -> PDFFont:
        key = font_obj.objgen if font_obj.is_indirect else id(font_obj)
        if key not in self.fonts:
            try:
                spec = to_miner(font_obj)
                font = self.rsrc.get_font(None, spec)
            except Exception as exc:  # noqa: BLE001 - any font we cannot model: rasterise
                raise Unsupported(f"font {font_obj.get('/BaseFont', '?')}: {type(exc).__name__}") from None
            if isinstance(font, PDFType3Font):
                raise Unsupported("Type 3 font")
            if font.is_vertical():
                raise Unsupported("vertical writing")
            self.fonts[key] = font
        return self.fonts[key]


def split_codes(font: PDFFont, data: bytes) -> list[tuple[int, bytes]]:
    """``(cid, code bytes)`` for each character code of a shown string."""
    if not isinstance(font, PDFCIDFont):
        return [(b, bytes([b])) for b in data]
    cmap = font.cmap
    if isinstance(cmap, IdentityCMapByte):
        return [(b, bytes([b])) for b in data]
    if isinstance(cmap, IdentityCMap):
        if len(data) % 2:
            raise Unsupported("odd-length string in a 2-byte font")
        return [(int.from_bytes(data[i : i + 2], "big"), data[i : i + 2]) for i in range(0, len(data), 2)]
    if isinstance(cmap, CMap):
        out, d, start = [], cmap.code2cid, 0
        for i, byte in enumerate(data):
            x = d.get(byte) if isinstance(d, dict) else None
            if isinstance(x, int):
                out.append((x, data[start : i + 1]))
                d, start = cmap.code2cid, i + 1
            elif isinstance(x, dict):
                d = x
            else:
                raise Unsupported("a code the font's CMap does not map")
        if start != len(data):
            raise Unsupported("a truncated multi-byte code")
        return out
    raise Unsupported(f"CMap {type(cmap).__name__}")


def unicode_of(font: PDFFont, cid: int) -> str:
    try:
        return font.to_unichr(cid)
    except (PDFUnicodeNotDefined, KeyError, IndexError, ValueError, TypeError):
        return ""


# -- interpretation -------------------------------------------------------------------------------
@dataclass
class Glyph:
    op: int  # index of the show operator in the page's instruction list
    item: int  # index of the string within a TJ array (0 for Tj/'/")
    code: bytes
    text: str
    box: tuple[float, float, float, float]  # user space: x0, y0, x1, y1
    adjust: float  # TJ number (thousandths) that replaces this glyph's advance
    origin: tuple[float, float] = (0.0, 0.0)  # baseline origin in user space
    size: float = 0.0  # font size in user space (0 when the text is rotated or skewed)
    font_name: Any = None  # the Tf operand in force (to switch back after a placeholder)
    tf_size: float = 0.0  # the Tf size in force
    w0: float = 0.0  # glyph width in text space units (per unit font size)
    tw_space: float = 0.0  # word spacing applied to this glyph


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    font: Any = None
    font_name: Any = None
    size: float = 0.0
    tc: float = 0.0
    tw: float = 0.0
    th: float = 1.0
    tl: float = 0.0
    rise: float = 0.0


@dataclass
class PageGlyphs:
    instructions: list[Any]
    glyphs: list[Glyph] = field(default_factory=list)
    form_text: str = ""  # text shown inside form XObjects (detection only)
    form_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    marked_content_text: bool = False  # BDC/DP property lists carrying ActualText/Alt/E


def _num(v: Any) -> float:
    return float(v)


def interpret(page: pikepdf.Page, fonts: FontCache) -> PageGlyphs:
    """Every glyph the page's own content stream shows (forms: text only, for detection)."""
    try:
        instructions = list(pikepdf.parse_content_stream(page))
    except pikepdf.PdfError as exc:
        raise Unsupported(f"content stream does not parse: {exc}") from None
    out = PageGlyphs(instructions)
    _run(instructions, page.obj.get("/Resources", pikepdf.Dictionary()), IDENTITY, fonts, out, top=True, depth=0)
    return out


def _run(instructions: list[Any], resources: Any, ctm: Matrix, fonts: FontCache, out: PageGlyphs, *,
         top: bool, depth: int) -> None:
    st = _State(ctm=ctm)
    stack: list[_State] = []
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY
    font_res = resources.get("/Font", pikepdf.Dictionary()) if resources is not None else pikepdf.Dictionary()
    for idx, ins in enumerate(instructions):
        if isinstance(ins, pikepdf.ContentStreamInlineImage):
            continue
        ops, op = ins.operands, str(ins.operator)
        if op == "q":
            stack.append(_State(**st.__dict__))
        elif op == "Q":
            if stack:
                st = stack.pop()
        elif op == "cm":
            st.ctm = mul(tuple(_num(v) for v in ops), st.ctm)  # type: ignore[arg-type]
        elif op == "BT":
            tm = tlm = IDENTITY
        elif op == "Tf":
            name = ops[0]
            if name not in font_res:
                raise Unsupported(f"font {name} not in the page resources")
            st.font, st.font_name, st.size = fonts.get(font_res[name]), name, _num(ops[1])
        elif op == "Tc":
            st.tc = _num(ops[0])
        elif op == "Tw":
            st.tw = _num(ops[0])
        elif op == "Tz":
            st.th = _num(ops[0]) / 100.0
        elif op == "TL":
            st.tl = _num(ops[0])
        elif op == "Ts":
            st.rise = _num(ops[0])
        elif op in ("Td", "TD"):
            tx, ty = _num(ops[0]), _num(ops[1])
            if op == "TD":
                st.tl = -ty
            tlm = mul((1, 0, 0, 1, tx, ty), tlm)
            tm = tlm
        elif op == "Tm":
            tm = tlm = tuple(_num(v) for v in ops)  # type: ignore[assignment]
        elif op == "T*":
            tlm = mul((1, 0, 0, 1, 0, -st.tl), tlm)
            tm = tlm
        elif op in SHOW_OPS:
            if op in ("'", '"'):
                if op == '"':
                    st.tw, st.tc = _num(ops[0]), _num(ops[1])
                tlm = mul((1, 0, 0, 1, 0, -st.tl), tlm)
                tm = tlm
            items = list(ops[0]) if op == "TJ" else [ops[-1]]
            tm = _show(idx, items, st, tm, out, top)
        elif op in ("BDC", "DP") and len(ops) == 2 and isinstance(ops[1], pikepdf.Dictionary):
            if any(k in ops[1] for k in ("/ActualText", "/Alt", "/E")):
                out.marked_content_text = True
        elif op == "Do" and depth < 8:
            _form(ops[0], resources, st.ctm, fonts, out, depth)


def _show(idx: int, items: list[Any], st: _State, tm: Matrix, out: PageGlyphs, top: bool) -> Matrix:
    if st.font is None:
        raise Unsupported("text shown without a font")
    font = st.font
    asc = font.get_ascent() or 0.88
    desc = font.get_descent() or -0.12
    asc, desc = (asc, desc) if asc > 0 else (0.88, -0.12)
    for item_i, item in enumerate(items):
        if not isinstance(item, pikepdf.String):
            tm = mul((1, 0, 0, 1, -_num(item) / 1000.0 * st.size * st.th, 0), tm)
            continue
        for cid, code in split_codes(font, bytes(item)):
            w0 = font.char_width(cid)
            space = st.tw if len(code) == 1 and code == b" " else 0.0
            adv = (w0 * st.size + st.tc + space) * st.th
            trm = mul(tm, st.ctm)
            wx, ylo, yhi = w0 * st.size * st.th, st.rise + desc * st.size, st.rise + asc * st.size
            if trm[1] == 0 and trm[2] == 0:  # upright text: no rotation, the common case
                xa, xb = trm[4], trm[4] + trm[0] * wx
                ya, yb = trm[5] + trm[3] * ylo, trm[5] + trm[3] * yhi
                box = (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
            else:
                corners = [apply(trm, x, y) for x in (0.0, wx) for y in (ylo, yhi)]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                box = (min(xs), min(ys), max(xs), max(ys))
            text = unicode_of(font, cid)
            if top:
                adjust = -(adv / st.th) * 1000.0 / st.size if st.size else 0.0
                upright = abs(trm[1]) < 1e-6 and abs(trm[2]) < 1e-6 and trm[0] > 0 and trm[3] > 0
                out.glyphs.append(Glyph(idx, item_i, code, text, box, adjust, apply(trm, 0.0, st.rise),
                                        st.size * trm[3] if upright else 0.0, st.font_name, st.size, w0, space))
            else:
                out.form_text += text
                out.form_boxes.append(box)
            tm = mul((1, 0, 0, 1, adv, 0), tm)
    return tm


def _form(name: Any, resources: Any, ctm: Matrix, fonts: FontCache, out: PageGlyphs, depth: int) -> None:
    xobjs = resources.get("/XObject", pikepdf.Dictionary()) if resources is not None else {}
    if name not in xobjs:
        return
    xo = xobjs[name]
    if xo.get("/Subtype") != "/Form":
        return
    matrix = tuple(_num(v) for v in xo.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    try:
        instructions = list(pikepdf.parse_content_stream(xo))
    except pikepdf.PdfError as exc:
        raise Unsupported(f"form XObject does not parse: {exc}") from None
    _run(instructions, xo.get("/Resources", resources), mul(matrix, ctm), fonts, out,  # type: ignore[arg-type]
         top=False, depth=depth + 1)
