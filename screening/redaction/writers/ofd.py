"""The OFD writer: the characters of every redacted value are removed from the page's ``TextCode``
elements and a filled black box (a ``PathObject`` in a new top layer) is drawn over where they were.

- A ``TextCode`` losing characters is split into the runs of characters it keeps, each a new
  ``TextCode`` with explicit ``X``/``Y`` (where that run was drawn) and the ``DeltaX``/``DeltaY``
  of the run, so the kept text stays where it was; every TextCode of a changed ``TextObject``
  gets explicit ``X``/``Y``. Glyph-index mappings (``CGTransform``) of a changed TextObject are
  dropped (they index the old characters). Where the input had no ``DeltaX`` the start of a run is
  estimated from the font size (full-width characters one em, others half).
- The whole value is covered (a masked ``139****5678`` is one box: no kept digits are redrawn,
  the fonts embedded in an OFD rarely hold the ``*`` or ``某`` glyph).
- Images whose OCR'd text held a value get the boxes burned into their pixels (as the image writer).
- Every other XML part (resources, DocInfo title/keywords, template names) has the values replaced
  in its text and attributes; DocInfo ``Author`` and ``CustomDatas`` are removed; annotations and
  attachments are removed; signatures are removed with a note (a signature over changed content is
  invalid anyway: the public version must be signed again).

The redaction pipeline then re-reads the output with the OFD reader: no value may survive.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from screening.documents.limits import Limits, open_zip, read_member
from screening.documents.ofd_package import (
    Glyph,
    Package,
    _advance,
    kid,
    kids,
    local,
    open_package,
    parse_deltas,
    union,
)
from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep

#: padding around a drawn box (mm)
PAD = 0.3


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    result = WriteResult()
    sweep = ValueSweep.from_plan(plan)
    lim = Limits()
    with open_zip(str(in_path), lim) as zf:
        pkg = open_package(zf, str(in_path), lim)
        ids = _IdSource(pkg)
        changed: set[str] = set()
        for cp in pkg.contents:
            boxes = _redact_content(cp.lines(), sweep, result, {"page": cp.page} if cp.page else
                                    {"template": cp.template}, cp.part)
            if boxes:
                _draw_boxes(cp.root, boxes, ids)
                changed.add(cp.part)
        removed = _sanitise(pkg, result, changed)
        content_parts = {c.part for c in pkg.contents}
        for member, root in pkg.trees.items():
            if member in removed or member in content_parts:
                continue
            if _sweep_tree(root, sweep, result, member):
                changed.add(member)
        ids.store()
        changed.add(pkg.doc_part)
        images = _burn_images(pkg, plan, result)
        _write_zip(zf, out_path, pkg, changed, removed, images)
    return result


class _IdSource:
    """New object IDs above ``MaxUnitID`` (updated in Document.xml at the end)."""

    def __init__(self, pkg: Package) -> None:
        self.el = kid(kid(pkg.doc_root, "CommonData"), "MaxUnitID")
        top = 0
        for root in pkg.trees.values():
            for el in root.iter():
                v = el.get("ID") if isinstance(el.tag, str) else None
                if v and v.isdigit():
                    top = max(top, int(v))
        try:
            top = max(top, int((self.el.text or "0").strip()) if self.el is not None else 0)
        except ValueError:
            pass
        self.next = top + 1

    def take(self) -> str:
        n = self.next
        self.next += 1
        return str(n)

    def store(self) -> None:
        if self.el is not None:
            self.el.text = str(self.next - 1)


# -- page text -----------------------------------------------------------------------------------
def _redact_content(lines: list[Any], sweep: ValueSweep, result: WriteResult, where: dict[str, Any], part: str
                    ) -> list[list[float]]:
    chars: list[Glyph | None] = []
    line_of: list[int] = []
    for i, ln in enumerate(lines):
        chars.extend(ln.chars)
        line_of.extend([i] * len(ln.chars))
        chars.append(None)
        line_of.append(i)
    text = "\n".join(ln.text for ln in lines)
    found = sweep.find(text)
    if not found:
        return []
    remove: dict[int, tuple[etree._Element, set[int]]] = {}
    boxes: list[list[float]] = []
    for s, e, _new, hit in found:
        per_line: dict[int, list[Glyph]] = {}
        for i in range(s, e):
            g = chars[i]
            if g is None:
                continue
            per_line.setdefault(line_of[i], []).append(g)
            remove.setdefault(id(g.code), (g.code, set()))[1].add(g.index)
        rows = [union([g.box for g in gl]) for gl in per_line.values()]
        boxes.extend(rows)
        result.changes.append({"entity_type": hit.entity_type, "operator": "box", "replacement": "█",
                               "location": {**where, "part": part, "bbox": union([(r[0], r[1], r[2], r[3]) for r in rows])
                                            if rows else None}})
    objects: dict[int, etree._Element] = {}
    for code, _idx in remove.values():
        obj = code.getparent()
        if obj is not None:
            objects[id(obj)] = obj
    for obj in objects.values():
        _rewrite_object(obj, {id(c): idx for c, idx in remove.values()})
    return boxes


def _rewrite_object(obj: etree._Element, remove: dict[int, set[int]]) -> None:
    """Split the object's TextCodes around removed characters (positions kept, explicit X/Y)."""
    try:
        size = float(obj.get("Size", "3.5"))
    except ValueError:
        size = 3.5
    x = y = 0.0
    for code in kids(obj, "TextCode"):
        text = code.text or ""
        try:
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
        except ValueError:
            pass
        dx_attr, dy_attr = code.get("DeltaX"), code.get("DeltaY")
        dx = parse_deltas(dx_attr, len(text))
        dy = parse_deltas(dy_attr, len(text))
        xs, ys = [], []
        cx, cy = x, y
        for i, ch in enumerate(text):
            xs.append(cx)
            ys.append(cy)
            cx += dx[i] if i < len(dx) else _advance(ch, size)
            cy += dy[i] if i < len(dy) else 0.0
        gone = remove.get(id(code), set())
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(text):
            if i in gone:
                i += 1
                continue
            j = i
            while j < len(text) and j not in gone:
                j += 1
            runs.append((i, j))
            i = j
        parent = code.getparent()
        pos = parent.index(code)
        attrs = {k: v for k, v in code.attrib.items() if k not in ("X", "Y", "DeltaX", "DeltaY")}
        new_codes = []
        for a, b in runs:
            nc = etree.Element(code.tag, nsmap=code.nsmap)
            nc.set("X", f"{xs[a]:.3f}".rstrip("0").rstrip("."))
            nc.set("Y", f"{ys[a]:.3f}".rstrip("0").rstrip("."))
            for k, v in attrs.items():
                nc.set(k, v)
            if dx_attr and b - a > 1:
                nc.set("DeltaX", " ".join(f"{v:g}" for v in dx[a:b - 1]) if len(dx) >= b - 1 else
                       " ".join(f"{xs[k + 1] - xs[k]:g}" for k in range(a, b - 1)))
            if dy_attr and b - a > 1:
                nc.set("DeltaY", " ".join(f"{ys[k + 1] - ys[k]:g}" for k in range(a, b - 1)))
            nc.text = text[a:b]
            new_codes.append(nc)
        nc_tail = code.tail
        parent.remove(code)
        for k, nc in enumerate(new_codes):
            parent.insert(pos + k, nc)
        if new_codes:
            new_codes[-1].tail = nc_tail
        x, y = cx, cy
    for cg in kids(obj, "CGTransform"):
        obj.remove(cg)
    if not kids(obj, "TextCode") and obj.getparent() is not None:
        obj.getparent().remove(obj)


def _draw_boxes(page_root: etree._Element, boxes: list[list[float]], ids: _IdSource) -> None:
    content = kid(page_root, "Content")
    if content is None:
        return
    ns = etree.QName(page_root).namespace
    tag = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    layer = etree.SubElement(content, tag("Layer"), ID=ids.take(), Type="Foreground")
    for b in boxes:
        x0, y0 = b[0] - PAD, b[1] - PAD
        w, h = b[2] - b[0] + 2 * PAD, b[3] - b[1] + 2 * PAD
        path = etree.SubElement(layer, tag("PathObject"), ID=ids.take(),
                                Boundary=f"{x0:.2f} {y0:.2f} {w:.2f} {h:.2f}", Fill="true", Stroke="false")
        etree.SubElement(path, tag("FillColor"), Value="0 0 0")
        data = etree.SubElement(path, tag("AbbreviatedData"))
        data.text = f"M 0 0 L {w:.2f} 0 L {w:.2f} {h:.2f} L 0 {h:.2f} C"


# -- the rest of the package --------------------------------------------------------------------------
def _sweep_tree(root: etree._Element, sweep: ValueSweep, result: WriteResult, member: str) -> bool:
    """Replace values in every text, tail and attribute of a tree (DocInfo, resources, ...)."""
    hit_any = False
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value and not value.isspace():
                new, hits = sweep.sub(value)
                if hits:
                    setattr(el, attr, new)
                    hit_any = True
                    result.changes.extend({"entity_type": h.entity_type, "operator": h.operator,
                                           "replacement": h.replacement,
                                           "location": {"part": member, "element": local(el.tag)}} for h in hits)
        for k, v in list(el.attrib.items()):
            new, hits = sweep.sub(v)
            if hits:
                el.set(k, new)
                hit_any = True
                result.changes.extend({"entity_type": h.entity_type, "operator": h.operator,
                                       "replacement": h.replacement,
                                       "location": {"part": member, "element": local(el.tag), "attribute": k}}
                                      for h in hits)
    return hit_any


def _sanitise(pkg: Package, result: WriteResult, changed: set[str]) -> set[str]:
    """Remove DocInfo Author/CustomDatas, annotations, attachments and signatures; the members removed."""
    from screening.documents.ofd import attachment_entries, signature_members

    removed: set[str] = set()
    info = kid(pkg.docbody, "DocInfo")
    gone = []
    for name in ("Author", "CustomDatas"):
        for el in kids(info, name):
            info.remove(el)  # type: ignore[union-attr]
            gone.append(name)
    if gone:
        changed.add("OFD.xml")
        result.sanitised.append("OFD DocInfo: " + ", ".join(dict.fromkeys(gone)) + " removed")
    if pkg.annotations_index:
        removed.add(pkg.annotations_index)
        removed.update(m for m, _ in pkg.annotation_parts)
        for el in kids(pkg.doc_root, "Annotations"):
            pkg.doc_root.remove(el)
        result.sanitised.append(f"OFD annotations removed ({len(pkg.annotation_parts)} annotation files)")
    if pkg.attachments_part:
        entries = attachment_entries(pkg)
        removed.add(pkg.attachments_part)
        removed.update(m for _, m in entries if m)
        for el in kids(pkg.doc_root, "Attachments"):
            pkg.doc_root.remove(el)
        result.sanitised.append(f"OFD attachments removed ({len(entries)})")
        result.notes.append(f"ofd: {len(entries)} attachment(s) removed; publish them separately after screening")
    if pkg.signatures_part:
        removed.update(signature_members(pkg))
        for el in kids(pkg.docbody, "Signatures"):
            pkg.docbody.remove(el)
        changed.add("OFD.xml")
        result.sanitised.append("OFD signatures removed")
        result.notes.append("ofd: the electronic signature/seal was removed: a signature over changed content is "
                            "invalid; sign the public version again")
    return removed


def _burn_images(pkg: Package, plan: DocumentPlan, result: WriteResult) -> dict[str, bytes]:
    """Members of images whose OCR'd values are redacted, with the boxes burned in."""
    from screening.redaction.writers.image import burn

    by_member: dict[str, list[list[float]]] = {}
    for r in plan.replacements:
        member = r.location.get("ofd_media")
        boxes = r.location.get("boxes") or ([r.location["bbox"]] if r.location.get("bbox") else [])
        if member:
            by_member.setdefault(member, []).extend(list(b) for b in boxes if len(b) >= 4)
    out: dict[str, bytes] = {}
    for member, boxes in by_member.items():
        if member not in pkg.zf.NameToInfo or not boxes:
            continue
        from PIL import Image

        with Image.open(io.BytesIO(read_member(pkg.zf, member, pkg.path))) as src:
            fmt = src.format if src.format in ("PNG", "JPEG", "BMP", "TIFF") else "PNG"
            image = src.convert("RGB")
        n = burn(image, boxes)
        buf = io.BytesIO()
        image.save(buf, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
        out[member] = buf.getvalue()
        result.notes.append(f"ofd: {n} boxes burned into image {member}")
    return out


def _write_zip(zf: zipfile.ZipFile, out_path: Path, pkg: Package, changed: set[str], removed: set[str],
               images: dict[str, bytes]) -> None:
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zf.infolist():
            name = info.filename
            if name in removed:
                continue
            if name in images:
                data = images[name]
            elif name in changed and name in pkg.trees:
                data = etree.tostring(pkg.trees[name], xml_declaration=True, encoding="UTF-8")
            else:
                data = read_member(zf, name, pkg.path)
            zi = zipfile.ZipInfo(name, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(zi, data)


__all__ = ["write"]
