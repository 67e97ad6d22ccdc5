"""PDF cleaning: document information and XMP metadata, annotations, form fields, attachments,
JavaScript and other actions, page thumbnails, the tag structure (it may hold ``/ActualText``), and
a sweep of every string left in a dictionary (bookmark titles, link URIs).

>>> "/AcroForm" in _ROOT_REMOVE and "/Annots" in _PAGE_REMOVE
True
"""

from __future__ import annotations

from typing import Any

import pikepdf

from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep, log_entry

_ROOT_REMOVE = ("/AcroForm", "/OpenAction", "/AA", "/Metadata", "/PieceInfo", "/StructTreeRoot", "/MarkInfo",
                "/Perms", "/SpiderInfo", "/URI", "/Threads", "/Collection")
_PAGE_REMOVE = ("/Annots", "/AA", "/Thumb", "/PieceInfo", "/Metadata", "/StructParents", "/B")
_NAME_TREES_REMOVE = ("/EmbeddedFiles", "/JavaScript", "/AlternatePresentations", "/Renditions")


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
            _sweep_strings(obj, sweep, result, 0)


def _sweep_strings(obj: Any, sweep: ValueSweep, result: WriteResult, depth: int) -> None:
    """Bookmark titles, link URIs and any other string left in a dictionary."""
    if depth > 6:
        return
    items = obj.items() if isinstance(obj, pikepdf.Dictionary) else enumerate(obj)
    for key, value in list(items):
        if isinstance(value, pikepdf.String):
            text = str(value)
            new, hits = sweep.sub(text)
            if hits:
                obj[key] = pikepdf.String(new)
                result.changes.extend(log_entry(h, {"pdf_string": str(key)}) for h in hits)
        elif isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
            _sweep_strings(value, sweep, result, depth + 1)
