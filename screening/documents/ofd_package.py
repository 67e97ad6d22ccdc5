"""The structure of an OFD package (GB/T 33190), shared by the reader (:mod:`.ofd`) and the writer
(:mod:`screening.redaction.writers.ofd`): ``OFD.xml`` -> ``DocBody``/``DocRoot`` ``Document.xml`` ->
pages (``Pages/Page_N/Content.xml``) and template pages, resources (``PublicRes``/``DocumentRes``:
fonts, images), annotations, attachments, signatures; every ``TextCode`` character placed on the
page (``X``/``Y``, ``DeltaX``/``DeltaY`` with the ``g`` repeat syntax, the ``TextObject``'s
``Boundary``, ``Size`` and ``CTM``) and the characters regrouped into lines by position.

Coordinates are millimetres, origin top-left of the page, as OFD itself; boxes are
``[x0, top, x1, bottom]``.

>>> parse_deltas("g 3 4.2 1 g 2 0.5")
[4.2, 4.2, 4.2, 1.0, 0.5, 0.5]
>>> parse_deltas("g 99999999 1", limit=4)
[1.0, 1.0, 1.0, 1.0]
>>> resolve("Doc_0", "Pages/Page_0/Content.xml"), resolve("Doc_0/Pages/Page_0", "/Doc_0/Res/a.png")
('Doc_0/Pages/Page_0/Content.xml', 'Doc_0/Res/a.png')
"""

from __future__ import annotations

import posixpath
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from screening.documents.limits import Limits, check_tree_part, read_member
from screening.errors import DocumentError, ResourceLimitExceeded

OFD_NS = "http://www.ofdspec.org/2016"
#: ascent and descent of a glyph box, as shares of the font size (a box must cover the whole glyph)
ASCENT, DESCENT = 0.92, 0.22
#: a gap wider than this many font sizes between two characters on a line becomes a space (table columns)
COLUMN_GAP = 0.9

_PARSER = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False)


def local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kids(el: etree._Element | None, name: str) -> list[etree._Element]:
    """Child elements of ``el`` with local name ``name`` (OFD files use the namespace, or none)."""
    if el is None:
        return []
    return [c for c in el if local(c.tag) == name]


def kid(el: etree._Element | None, name: str) -> etree._Element | None:
    found = kids(el, name)
    return found[0] if found else None


def descendants(el: etree._Element, name: str) -> Iterator[etree._Element]:
    for d in el.iter():
        if local(d.tag) == name:
            yield d


def text_of(el: etree._Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def resolve(base_dir: str, loc: str) -> str:
    """A path inside the package: absolute (``/Doc_0/...``) or relative to ``base_dir``."""
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, loc)) if base_dir else posixpath.normpath(loc)


def parse_deltas(value: str | None, limit: int = 1 << 20) -> list[float]:
    """``DeltaX``/``DeltaY``: numbers, ``g N D`` meaning N times D; at most ``limit`` values (a
    hostile ``g 1000000000 1`` is no memory bomb: a TextCode needs no more deltas than characters)."""
    if not value:
        return []
    toks = value.split()
    out: list[float] = []
    i = 0
    while i < len(toks) and len(out) < limit:
        t = toks[i]
        if t == "g" and i + 2 < len(toks):
            try:
                n, d = int(float(toks[i + 1])), float(toks[i + 2])
            except ValueError:
                break
            out.extend([d] * max(0, min(n, limit - len(out))))
            i += 3
            continue
        try:
            out.append(float(t))
        except ValueError:
            break
        i += 1
    return out


def numbers(value: str | None, n: int) -> list[float] | None:
    try:
        vals = [float(v) for v in (value or "").replace(",", " ").split()]
    except ValueError:
        return None
    return vals if len(vals) >= n else None


def _advance(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.5


@dataclass
class Glyph:
    """One character of a ``TextCode`` where it is drawn on the page."""

    ch: str
    box: tuple[float, float, float, float]
    code: etree._Element
    index: int  # the character's index in the TextCode's text
    size: float

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass
class Line:
    glyphs: list[Glyph]
    text: str
    chars: list[Glyph | None]  # per character of ``text`` (None for an inserted space)


@dataclass
class ContentPart:
    """A page or template page: its member name, parsed tree and the characters drawn on it."""

    part: str
    root: etree._Element
    page: int | None  # 1-based page number, None for a template page
    template: str | None = None
    glyphs: list[Glyph] = field(default_factory=list)
    images: list[tuple[etree._Element, str]] = field(default_factory=list)  # (ImageObject, ResourceID)

    def lines(self) -> list[Line]:
        return group_lines(self.glyphs)


@dataclass
class Package:
    """One OFD document (the first ``DocBody`` unless told otherwise) and where its parts are."""

    zf: zipfile.ZipFile
    path: str | None
    limits: Limits
    ofd_root: etree._Element
    docbody: etree._Element
    doc_part: str
    doc_root: etree._Element
    trees: dict[str, etree._Element] = field(default_factory=dict)
    contents: list[ContentPart] = field(default_factory=list)
    fonts: dict[str, str] = field(default_factory=dict)
    media: dict[str, str] = field(default_factory=dict)  # resource ID -> member
    res_parts: list[str] = field(default_factory=list)
    annotation_parts: list[tuple[str, int | None]] = field(default_factory=list)  # (member, page)
    annotations_index: str | None = None
    attachments_part: str | None = None
    signatures_part: str | None = None
    page_ids: dict[str, int] = field(default_factory=dict)

    @property
    def doc_dir(self) -> str:
        return posixpath.dirname(self.doc_part)

    def xml(self, member: str) -> etree._Element:
        """A member parsed once (safe parser, size checked first)."""
        if member not in self.trees:
            check_tree_part(self.zf, member, self.limits, self.path)
            data = read_member(self.zf, member, self.path)
            try:
                root = etree.fromstring(data, _PARSER)
            except etree.XMLSyntaxError as exc:
                raise DocumentError(f"corrupt XML in OFD part {member!r} ({exc})", path=self.path) from None
            if root is None:
                raise DocumentError(f"empty XML part {member!r}", path=self.path)
            self.trees[member] = root
        return self.trees[member]

    def member(self, base_dir: str, loc: str) -> str | None:
        """The member a ``BaseLoc``/``FileLoc`` names, or None when the package lacks it."""
        if not loc.strip():
            return None
        for cand in (resolve(base_dir, loc), resolve("", loc), resolve(self.doc_dir, loc)):
            if cand in self.zf.NameToInfo:
                return cand
        return None


def open_package(zf: zipfile.ZipFile, path: str | None, limits: Limits, body: int = 0) -> Package:
    """Parse the package structure and place every character of every page and template page."""
    if "OFD.xml" not in zf.NameToInfo:
        raise DocumentError("not an OFD package: OFD.xml is missing", path=path)
    trees: dict[str, etree._Element] = {}
    tmp = Package(zf, path, limits, etree.Element("x"), etree.Element("x"), "", etree.Element("x"), trees)
    ofd_root = tmp.xml("OFD.xml")
    bodies = kids(ofd_root, "DocBody")
    if not bodies:
        raise DocumentError("OFD.xml has no DocBody", path=path)
    docbody = bodies[body]
    root_loc = text_of(kid(docbody, "DocRoot"))
    doc_part = tmp.member("", root_loc) if root_loc else None
    if doc_part is None:
        raise DocumentError(f"OFD DocRoot {root_loc!r} is missing from the package", path=path)
    pkg = Package(zf, path, limits, ofd_root, docbody, doc_part, tmp.xml(doc_part), trees)
    sig = text_of(kid(docbody, "Signatures"))
    pkg.signatures_part = pkg.member("", sig) if sig else None
    common = kid(pkg.doc_root, "CommonData")
    for res_name in ("PublicRes", "DocumentRes"):
        for el in kids(common, res_name):
            m = pkg.member(pkg.doc_dir, text_of(el))
            if m:
                pkg.res_parts.append(m)
                _read_res(pkg, m)
    templates: dict[str, str] = {}
    for t in kids(common, "TemplatePage"):
        m = pkg.member(pkg.doc_dir, t.get("BaseLoc", ""))
        if m:
            templates[t.get("ID", "")] = m
    pages = kids(kid(pkg.doc_root, "Pages"), "Page")
    if len(pages) > limits.max_pages:
        raise ResourceLimitExceeded(f"OFD has {len(pages)} pages (limit {limits.max_pages})", path=path)
    for n, page in enumerate(pages, 1):
        m = pkg.member(pkg.doc_dir, page.get("BaseLoc", ""))
        pkg.page_ids[page.get("ID", "")] = n
        if m is None:
            raise DocumentError(f"OFD page {n} ({page.get('BaseLoc')!r}) is missing from the package", path=path)
        proot = pkg.xml(m)
        for r in kids(proot, "PageRes"):  # page-level resources
            rm = pkg.member(posixpath.dirname(m), text_of(r))
            if rm and rm not in pkg.res_parts:
                pkg.res_parts.append(rm)
                _read_res(pkg, rm)
        pkg.contents.append(_content(pkg, m, proot, n))
    for tid, m in templates.items():
        pkg.contents.append(_content(pkg, m, pkg.xml(m), None, tid))
    annots = text_of(kid(pkg.doc_root, "Annotations"))
    if annots:
        idx = pkg.member(pkg.doc_dir, annots)
        pkg.annotations_index = idx
        if idx:
            base = posixpath.dirname(idx)
            for p in kids(pkg.xml(idx), "Page"):
                fm = pkg.member(base, text_of(kid(p, "FileLoc")))
                if fm:
                    pkg.annotation_parts.append((fm, pkg.page_ids.get(p.get("PageID", ""))))
    att = text_of(kid(pkg.doc_root, "Attachments"))
    pkg.attachments_part = pkg.member(pkg.doc_dir, att) if att else None
    return pkg


def _read_res(pkg: Package, member: str) -> None:
    root = pkg.xml(member)
    base = resolve(posixpath.dirname(member), root.get("BaseLoc", "")) if root.get("BaseLoc") else \
        posixpath.dirname(member)
    for f in descendants(root, "Font"):
        pkg.fonts[f.get("ID", "")] = f.get("FontName", "") or f.get("FamilyName", "")
    for mm in descendants(root, "MultiMedia"):
        loc = text_of(kid(mm, "MediaFile"))
        m = pkg.member(base, loc) if loc else None
        if m:
            pkg.media[mm.get("ID", "")] = m


def _content(pkg: Package, member: str, root: etree._Element, page: int | None, template: str | None = None
             ) -> ContentPart:
    cp = ContentPart(member, root, page, template)
    content = kid(root, "Content")
    if content is None:
        return cp
    budget = [pkg.limits.max_text_chars]
    for el in content.iter():
        name = local(el.tag)
        if name == "TextObject":
            cp.glyphs.extend(text_object_glyphs(el, budget, pkg.path))
        elif name == "ImageObject" and el.get("ResourceID"):
            cp.images.append((el, el.get("ResourceID", "")))
    return cp


def _ctm(el: etree._Element) -> tuple[float, ...]:
    vals = numbers(el.get("CTM"), 6)
    return tuple(vals[:6]) if vals else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def text_object_glyphs(obj: etree._Element, budget: list[int] | None = None, path: str | None = None
                       ) -> list[Glyph]:
    """Every character of a ``TextObject`` with its box on the page (mm, top-left origin)."""
    bnd = numbers(obj.get("Boundary"), 4) or [0.0, 0.0, 0.0, 0.0]
    ox, oy = bnd[0], bnd[1]
    try:
        size = float(obj.get("Size", "3.5"))
    except ValueError:
        size = 3.5
    a, b, c, d, e, f = _ctm(obj)

    def tr(x: float, y: float) -> tuple[float, float]:
        return a * x + c * y + e + ox, b * x + d * y + f + oy

    out: list[Glyph] = []
    x = y = 0.0
    for code in kids(obj, "TextCode"):
        text = code.text or ""
        if budget is not None:
            budget[0] -= len(text)
            if budget[0] < 0:
                raise ResourceLimitExceeded("more characters of text in the OFD pages than the limit "
                                            "(max_text_chars; a bomb of repeated text?)", path=path)
        try:
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
        except ValueError:
            pass
        dx = parse_deltas(code.get("DeltaX"), len(text))
        dy = parse_deltas(code.get("DeltaY"), len(text))
        for i, ch in enumerate(text):
            adv = dx[i] if i < len(dx) else _advance(ch, size)
            w = adv if 0 < adv < 3 * size else _advance(ch, size)
            if not ch.isspace():
                pts = [tr(x, y - size * ASCENT), tr(x + w, y - size * ASCENT), tr(x, y + size * DESCENT),
                       tr(x + w, y + size * DESCENT)]
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                out.append(Glyph(ch, (min(xs), min(ys), max(xs), max(ys)), code, i, size))
            x += adv
            if i < len(dy):
                y += dy[i]
    return out


def group_lines(glyphs: list[Glyph]) -> list[Line]:
    """Characters regrouped into lines by position: a character joins a line whose vertical middle
    is within half a glyph height of its own; lines top to bottom, characters left to right; a wide
    gap (:data:`COLUMN_GAP` font sizes) becomes a space."""
    rows: list[list[Glyph]] = []
    mids: list[float] = []
    for g in sorted(glyphs, key=lambda g: g.cy):
        h = g.box[3] - g.box[1]
        if rows and abs(g.cy - mids[-1]) < 0.5 * h:
            rows[-1].append(g)
            mids[-1] = sum(x.cy for x in rows[-1]) / len(rows[-1])
            continue
        rows.append([g])
        mids.append(g.cy)
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda g: g.box[0])
        chars: list[Glyph | None] = []
        text: list[str] = []
        prev: Glyph | None = None
        for g in row:
            if prev is not None and (g.box[0] - prev.box[2] > COLUMN_GAP * max(g.size, prev.size)
                                     or (g.code is prev.code and g.index > prev.index + 1)):  # a space was drawn
                chars.append(None)
                text.append(" ")
            chars.append(g)
            text.append(g.ch)
            prev = g
        out.append(Line(row, "".join(text), chars))
    return out


def union(boxes: list[tuple[float, float, float, float]]) -> list[float]:
    return [round(min(b[0] for b in boxes), 2), round(min(b[1] for b in boxes), 2),
            round(max(b[2] for b in boxes), 2), round(max(b[3] for b in boxes), 2)]
