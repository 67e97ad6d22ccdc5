"""PDF cleaning: document information and XMP metadata, annotations, form fields, attachments
(the ``/EmbeddedFiles`` name tree, ``/AF`` of the catalog, pages and any other object, every
``/EF`` of a file specification), JavaScript and other actions (``/OpenAction``, ``/AA`` anywhere,
outline actions other than going to a page or link), page thumbnails, the tag structure (it may hold
``/ActualText``), a sweep of every string, name and key left in a dictionary (bookmark titles, link
URIs), and any other stream holding a value (private data, see
:func:`screening.documents.pdf_residue.text_streams`) emptied. The file is then written whole
(never an incremental update), so no earlier revision survives.

>>> "/AcroForm" in _ROOT_REMOVE and "/Annots" in _PAGE_REMOVE and "/AF" in _ROOT_REMOVE
True
"""

from __future__ import annotations

from typing import Any

import pikepdf

from screening.documents.pdf_residue import pdf_text, text_streams
from screening.documents.residue import decode_text
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep, log_entry

_ROOT_REMOVE = ("/AcroForm", "/OpenAction", "/AA", "/Metadata", "/PieceInfo", "/StructTreeRoot", "/MarkInfo",
                "/Perms", "/SpiderInfo", "/URI", "/Threads", "/Collection", "/AF")
_PAGE_REMOVE = ("/Annots", "/AA", "/Thumb", "/PieceInfo", "/Metadata", "/StructParents", "/B", "/AF")
_NAME_TREES_REMOVE = ("/EmbeddedFiles", "/JavaScript", "/AlternatePresentations", "/Renditions")
#: actions an outline item may keep (they run nothing and carry no file)
_SAFE_ACTIONS = ("/GoTo", "/URI", "/Named")
_REDACTED_NAME = pikepdf.Name("/Redacted")


def clean(pdf: pikepdf.Pdf, sweep: ValueSweep, result: WriteResult) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
        result.sanitised.append("document information (author, title ...) removed")
    root = pdf.Root
    for key in _ROOT_REMOVE:
        if key in root:
            del root[key]
            result.sanitised.append(f"{key[1:]} removed")
    if "/Names" in root:
        for key in _NAME_TREES_REMOVE:
            if key in root.Names:
                del root.Names[key]
                result.sanitised.append(f"{key[1:]} removed")
    if root.get("/PageMode") == "/UseAttachments":
        root.PageMode = pikepdf.Name.UseNone
    for page in pdf.pages:
        for key in _PAGE_REMOVE:
            if key in page.obj:
                del page.obj[key]
                if key == "/Annots":
                    result.sanitised.append("annotations removed")
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Metadata" in obj:
            del obj["/Metadata"]  # XMP attached to pages, images or fonts
            result.sanitised.append("XMP metadata removed")
        if isinstance(obj, pikepdf.Dictionary) and not isinstance(obj, pikepdf.Stream):
            _clean_dict(obj, result, 0)
            _sweep_strings(obj, sweep, result, 0)
    for stream in list(text_streams(pdf)):
        _clean_stream(stream, sweep, result)


def _clean_dict(obj: Any, result: WriteResult, depth: int) -> None:
    """Attachments (``/EF``, ``/AF``), JavaScript and actions that run something, in any
    dictionary (an outline item, a link, an XObject)."""
    if depth > 32:
        return
    if isinstance(obj, pikepdf.Dictionary):
        for key in ("/EF", "/AF", "/AA", "/JS"):
            if key in obj:
                del obj[key]
                result.sanitised.append({"/EF": "attachment removed", "/AF": "associated files removed",
                                         "/AA": "actions removed", "/JS": "JavaScript removed"}[key])
        action = obj.get("/A")
        if isinstance(action, pikepdf.Dictionary) and str(action.get("/S", "")) not in _SAFE_ACTIONS:
            del obj["/A"]
            result.sanitised.append("action removed")
        if "/Next" in obj and str(obj.get("/S", "")) and isinstance(obj.get("/Next"), pikepdf.Dictionary | pikepdf.Array):
            del obj["/Next"]  # chained actions
        values = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        values = list(obj)
    else:
        return
    for v in values:
        if isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect:
            _clean_dict(v, result, depth + 1)


def _clean_stream(stream: pikepdf.Stream, sweep: ValueSweep, result: WriteResult) -> None:
    """A stream outside the pages (private data, a script) that holds a value is emptied."""
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        data = stream.read_raw_bytes()
    text = decode_text(data)
    views = [text] if text is not None else [data.decode("latin-1")]
    for view in views:
        _new, hits = sweep.sub(view)
        if hits:
            stream.write(b"")
            result.changes.extend(log_entry(h, {"pdf_stream": f"object {stream.objgen[0]}"}) for h in hits)
            result.sanitised.append(f"stream object {stream.objgen[0]} emptied")
            return


def _sweep_strings(obj: Any, sweep: ValueSweep, result: WriteResult, depth: int) -> None:
    """Bookmark titles, link URIs and any other string, name or key left in a dictionary."""
    if depth > 32:
        return
    items = obj.items() if isinstance(obj, pikepdf.Dictionary) else enumerate(obj)
    for key, value in list(items):
        if isinstance(key, str):
            _k, hits = sweep.sub(key[1:])
            if hits:
                del obj[key]
                result.changes.extend(log_entry(h, {"pdf_key": "(removed)"}) for h in hits)
                continue
        if isinstance(value, pikepdf.String):
            for text in pdf_text(bytes(value)):
                new, hits = sweep.sub(text)
                if hits:
                    obj[key] = pikepdf.String(new)
                    result.changes.extend(log_entry(h, {"pdf_string": str(key)}) for h in hits)
                    break
        elif isinstance(value, pikepdf.Name):
            _n, hits = sweep.sub(str(value)[1:])
            if hits:
                obj[key] = _REDACTED_NAME
                result.changes.extend(log_entry(h, {"pdf_name": str(key)}) for h in hits)
        elif isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
            _sweep_strings(value, sweep, result, depth + 1)
