"""OCR of images embedded in documents (issue 16): ``word/media/*`` and ``xl/media/*`` of .docx and
.xlsx packages, and HTML ``<img src>`` that are ``data:`` URIs or local files (relative paths).

With the OCR extra and text read at acceptable confidence, an image becomes an OCR segment scanned
like any text; its findings' locations name the part and the image (``{"part": "media",
"xml_part": "word/media/image1.png", "image": "word/media/image1.png", "bbox": [...], "boxes":
[...], "ocr": true, "ocr_confidence": 0.97}`` in the image's pixels) and carry ``ocr_media``, the
member (or, for HTML, ``data:`` / the file) the redaction burns the boxes into. Lines read below
:data:`screening.documents.ocr.MIN_CONFIDENCE` stay ``UNSCANNED_CONTENT`` (fail closed), as does an
image OCR finds no text in, or one it cannot decode (EMF/WMF drawings, corrupt data); without the
extra the finding says how to enable OCR. OCR text is never ``first_page_top``: an embedded picture
is not the top of page 1 (the secrecy header zone).

Redaction (:func:`burn_zip_media`, :func:`burn_html_data_uris`): the boxes of every redacted value
read from an image are burned into its pixels (:func:`screening.redaction.writers.image.burn`);
an image that cannot be re-encoded is replaced by a blank one of the same size, with a note. The
pipeline's verification re-reads the output, OCR included: no value may be read back.

>>> data_uri_bytes("data:image/png;base64,iVBORw0KGgo=")[:4]
b'\\x89PNG'
>>> data_uri_bytes("http://example.org/a.png") is None
True
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from screening.documents.model import Segment, hygiene_finding
from screening.findings import Finding

#: embedded images larger than this (bytes) are not OCR'd: they stay UNSCANNED_CONTENT
MAX_EMBEDDED_IMAGE = 32 * 2**20
#: image formats Pillow decodes for OCR (EMF/WMF vector drawings are not)
_RASTER = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_DATA_URI = re.compile(r"^data:(image/[a-z0-9.+-]+)?(;[^,]*)?,", re.I)


def is_raster(data: bytes) -> bool:
    return data.startswith(_RASTER) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _unscanned(loc: dict[str, Any], what: str, reason: str = "image") -> Finding:
    from screening.documents import ocr

    f = hygiene_finding("UNSCANNED_CONTENT", f"{what}未经文字识别（OCR），无法确认不含个人信息", loc,
                        text=str(loc.get("image", "")), attributes={"reason": reason})
    return f if ocr.available() else ocr.with_hint(f)


def ocr_image(data: bytes, loc: dict[str, Any], what: str) -> tuple[list[Segment], list[Finding]]:
    """OCR one embedded image: ``(segments, findings)``; segments are ``text`` segments, never
    ``first_page_top``; findings are UNSCANNED_CONTENT for what was not read confidently."""
    from screening.documents import ocr

    if len(data) > MAX_EMBEDDED_IMAGE:
        return [], [_unscanned(loc, f"{what}过大（{len(data) // 2**20} MB），")]
    if not is_raster(data):
        return [], [_unscanned(loc, f"{what}（非位图，如 EMF/WMF 矢量图）")]
    segs, findings = ocr.ocr_image_bytes(data, loc, what, name=str(loc.get("image", "")))
    for s in segs:
        s.first_page_top = False  # an embedded picture is not the top of page 1
    return segs, findings


# -- docx / xlsx -------------------------------------------------------------------------------------
def ooxml_media(zf: zipfile.ZipFile, prefix: str, path: str | None, segments: Any,
                hygiene: list[Finding]) -> set[str]:
    """OCR every image under ``prefix`` ``media/`` (``word/`` or ``xl/``): segments appended to
    ``segments``, UNSCANNED_CONTENT findings to ``hygiene``; returns the members OCR read (for the
    residue sweep, which must not report them again)."""
    from screening.documents.limits import read_member

    done: set[str] = set()
    for name in sorted(zf.NameToInfo):
        if not name.startswith(prefix + "media/") or name.endswith("/"):
            continue
        loc = {"part": "media", "xml_part": name, "image": name, "ocr_media": name}
        what = f"嵌入图片 {name} "
        info = zf.NameToInfo[name]
        if info.file_size > MAX_EMBEDDED_IMAGE:
            hygiene.append(_unscanned(loc, f"{what}过大，"))
            done.add(name)
            continue
        data = read_member(zf, name, path)
        segs, findings = ocr_image(data, loc, what)
        segments.extend(segs)
        hygiene.extend(findings)
        done.add(name)
    return done


# -- HTML ----------------------------------------------------------------------------------------------
def data_uri_bytes(src: str) -> bytes | None:
    """The bytes of a ``data:`` URI (base64 or percent-encoded), else None."""
    m = _DATA_URI.match(src.strip())
    if not m:
        return None
    payload = src.strip()[m.end():]
    if m.group(2) and "base64" in m.group(2).lower():
        try:
            return base64.b64decode(re.sub(r"\s+", "", payload), validate=False)
        except (binascii.Error, ValueError):
            return b""
    return unquote(payload).encode("latin-1", "replace")


def local_image(html_path: str | None, src: str) -> Path | None:
    """A local file an ``<img src>`` names by a relative path (no scheme, no host), if it exists."""
    s = src.strip()
    if not html_path or not s or re.match(r"^[a-z][a-z0-9+.-]*:", s, re.I) or s.startswith(("//", "/", "\\")):
        return None
    rel = unquote(s.split("#", 1)[0].split("?", 1)[0])
    p = Path(os.path.dirname(os.path.abspath(html_path))) / posixpath.normpath(rel)
    try:
        return p if p.is_file() else None
    except OSError:
        return None


def html_images(root: Any, tree: Any, path: str | None, segments: list[Segment]) -> list[Finding]:
    """OCR the ``<img>`` of an HTML page that are ``data:`` URIs or local files; segments appended
    to ``segments``, findings returned. Remote images (``http:``) are not fetched (offline): they
    are published from elsewhere and screened there."""
    findings: list[Finding] = []
    seen: set[str] = set()
    n_data = 0  # data: images numbered in document order (the writer numbers them the same way)
    for el in root.iter("img"):
        src = (el.get("src") or "").strip()
        if not src or src in seen:
            continue
        seen.add(src)
        data = data_uri_bytes(src)
        loc: dict[str, Any] = {"path": tree.getpath(el), "line": el.sourceline, "attribute": "src"}
        if data is not None:
            # data: images anywhere in the page (img, CSS url(), scripts) are read by the HTML residue
            # sweep (OCR or UNSCANNED_CONTENT) and removed by the writer: one mechanism, not two
            n_data += 1
            continue
        else:
            p = local_image(path, src)
            if p is None:
                continue
            try:
                data = p.read_bytes() if p.stat().st_size <= MAX_EMBEDDED_IMAGE else b"\0" * 0
            except OSError:
                continue
            loc.update(image=src, ocr_media=str(p))
            what = f"网页图片 {src} "
        if not data:
            findings.append(_unscanned(loc, what))
            continue
        segs, f = ocr_image(data, loc, what)
        segments.extend(segs)
        findings.extend(f)
    return findings


# -- redaction -----------------------------------------------------------------------------------------
def planned_boxes(plan: Any) -> dict[str, list[list[float]]]:
    """``ocr_media`` -> boxes (pixels) of every planned value read from that image."""
    out: dict[str, list[list[float]]] = {}
    for r in plan.replacements:
        media = r.location.get("ocr_media")
        if not media:
            continue
        boxes = r.location.get("boxes") or ([r.location["bbox"]] if r.location.get("bbox") else [])
        out.setdefault(media, []).extend(list(b) for b in boxes if isinstance(b, list | tuple) and len(b) >= 4)
    return out


def burn_bytes(data: bytes, boxes: list[list[float]]) -> tuple[bytes, str]:
    """The image with ``boxes`` burned in, in its own format (from pixels: no metadata kept), and
    what was done (``burned`` / ``blanked`` when it could not be decoded: a white image instead)."""
    from PIL import Image

    from screening.redaction.writers.image import burn

    try:
        with Image.open(io.BytesIO(data)) as src:
            fmt = src.format if src.format in ("PNG", "JPEG", "BMP", "TIFF", "GIF") else "PNG"
            image = src.convert("RGB")
        burn(image, boxes)
        how = "burned"
    except Exception:  # noqa: BLE001 - undecodable: replaced by a blank image
        image, fmt, how = Image.new("RGB", (16, 16), (255, 255, 255)), "PNG", "blanked"
    buf = io.BytesIO()
    image.save(buf, format=fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    return buf.getvalue(), how


def burn_zip_media(out_path: Path, plan: Any, result: Any) -> None:
    """After a docx/xlsx writer: burn the planned boxes into the package's images (the zip at
    ``out_path`` is rewritten in place: it is the pipeline's temp file)."""
    wanted = {m: b for m, b in planned_boxes(plan).items() if not m.startswith("data:")}
    if not wanted:
        return
    types = {r.location.get("ocr_media"): r.entity_type for r in plan.replacements}
    tmp = Path(str(out_path) + ".media")
    with zipfile.ZipFile(out_path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in wanted:
                data, how = burn_bytes(data, wanted[info.filename])
                result.notes.append(f"image {info.filename}: {len(wanted[info.filename])} boxes {how} over the "
                                    "values read by OCR" if how == "burned" else
                                    f"image {info.filename} could not be redacted: replaced by a blank image")
                result.changes.append({"entity_type": types.get(info.filename, ""),
                                       "operator": "box" if how == "burned" else "remove", "replacement": "█",
                                       "location": {"xml_part": info.filename, "image": info.filename}})
            zout.writestr(info, data)
    os.replace(tmp, out_path)


def burn_html_data_uris(html_text: str, plan: Any, result: Any) -> str:
    """Burn the planned boxes into the ``data:`` URI images of a page (in the order the reader
    numbered them); images read from local files are reported (they are separate files: redact
    them with ``screening redact`` too)."""
    boxes = planned_boxes(plan)
    if not boxes:
        return html_text
    order: list[str] = []

    def fix(m: re.Match[str]) -> str:
        src = m.group(2)
        if src in order:
            key = "data:" + str(order.index(src) + 1)
        else:
            order.append(src)
            key = "data:" + str(len(order))
        if key not in boxes or data_uri_bytes(src) is None:
            return m.group(0)
        data, how = burn_bytes(data_uri_bytes(src) or b"", boxes[key])
        result.notes.append(f"html: a data: image had {len(boxes[key])} boxes {how} over the values read by OCR")
        kind = "jpeg" if data[:3] == b"\xff\xd8\xff" else "png"
        return f'{m.group(1)}"data:image/{kind};base64,{base64.b64encode(data).decode()}"'

    out = re.sub(r"""(<img\b[^>]*?\ssrc\s*=\s*)["']?(data:[^"'\s>]+)["']?""", fix, html_text, flags=re.I)
    for media in boxes:
        if not media.startswith("data:"):
            result.notes.append(f"html: the image file {os.path.basename(media)} holds values read by OCR; it is a "
                                "separate file: redact it too (screening redact FILE)")
    return out
