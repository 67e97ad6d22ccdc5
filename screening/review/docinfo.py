"""What a decisions record and a 审查记录 say about the document: its title and 文号.

Found in the first lines of the text by simple rules (a 文号 is ``机关代字〔年份〕序号号``; the
title is the first line that reads like one: ``关于……的通知`` or a line ending in a document
kind). A flagged value inside the title (a name in ``关于张伟同志任职的通知``) is masked, so the
record never holds a value in the clear.

>>> find_doc_number("某市人民政府办公室\\n某政办发〔2026〕12号\\n关于印发某办法的通知")
'某政办发〔2026〕12号'
>>> find_title("某市人民政府办公室\\n某政办发〔2026〕12号\\n关于印发某办法的通知\\n各区：")
(24, 34)
"""

from __future__ import annotations

import os
import re
from typing import Any

from screening.errors import DocumentError
from screening.findings import Finding
from screening.review.masking import mask_value

HEAD_LINES = 40  # only the head of a document is searched
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,16}\s*[〔\[【（(]\s*(?:19|20)\d{2}\s*[〕\]】）)]\s*第?\s*\d{1,5}\s*号")
_KINDS = ("通知", "决定", "决定书", "公告", "通告", "报告", "办法", "意见", "方案", "批复", "函", "公示", "规定",
          "细则", "规划", "名单", "纪要", "请示", "通报", "答复书", "告知书", "条例")
_DRAFT_TAIL = re.compile(r"[（(](?:征求意见稿|送审稿|草案|试行)[）)]$")
_NOT_TITLE = re.compile(r"(秘密|机密|绝密|★|内部|公开属性|主动公开|依申请公开|不予公开|[:：]$|^附件)")


def find_doc_number(text: str) -> str | None:
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    m = _DOC_NUMBER.search(head)
    return re.sub(r"\s+", "", m.group(0)) if m else None


def find_title(text: str) -> tuple[int, int] | None:
    """Offsets of the title line in ``text`` (stripped), or None."""
    candidates: list[tuple[int, int, str]] = []
    pos = 0
    for i, line in enumerate(text.splitlines(keepends=True)):
        if i >= HEAD_LINES:
            break
        stripped = line.strip()
        start = pos + (len(line) - len(line.lstrip()))
        pos += len(line)
        if not 4 <= len(stripped) <= 80 or not re.search(r"[\u4e00-\u9fff]", stripped):
            continue
        if _DOC_NUMBER.search(stripped) or _NOT_TITLE.search(stripped):
            continue
        candidates.append((start, start + len(stripped), stripped))
    for start, end, line in candidates:
        if line.startswith("关于") or _DRAFT_TAIL.sub("", line).endswith(_KINDS):
            return start, end
    return (candidates[0][0], candidates[0][1]) if candidates else None


def title_of(text: str, findings: list[Finding]) -> str | None:
    """The title with every flagged value inside it masked."""
    span = find_title(text)
    if span is None:
        return None
    start, end = span
    out = text[start:end]
    for f in sorted((f for f in findings if f.is_flagged and f.start >= start and f.end <= end),
                    key=lambda f: -f.start):
        out = out[: f.start - start] + mask_value(f.text) + out[f.end - start:]
    return out


def review_scan(path: str | os.PathLike[str], screener: Any, **read_options: Any) -> Any:
    """:func:`screening.results.scan_file` plus ``facts["title"]`` and ``facts["doc_number"]``.

    Never raises for a bad input (the result has ``status="error"``).
    """
    from screening.documents import read_document
    from screening.results import DocumentResult, result_for_document, sha256_file

    name = str(path)
    try:
        digest = sha256_file(path)
    except OSError as exc:
        return DocumentResult(name, status="error", error=f"{name}: cannot read: {exc.strerror or exc}")
    try:
        doc = read_document(path, **read_options)
    except DocumentError as exc:
        return DocumentResult(name, status="error", error=str(exc), sha256=digest)
    result = result_for_document(doc, screener, name, digest)
    text = doc.text
    result.facts["title"] = title_of(text, result.findings)
    number = find_doc_number(text)
    result.facts["doc_number"] = number
    return result
