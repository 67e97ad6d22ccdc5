"""The .html writer: visible text and every attribute value (title, alt, meta content, href ...),
script/style too; HTML comments are removed (they are published in the page source), with the rest of the file left byte for byte as it was.

The file is split into tags and text; all text of the page is matched as one run of slots (values
compared without whitespace), so a number split by ``<b>``/``<span>`` or over two lines is still
found; entities are decoded before matching and only the changed text is re-escaped. Encoding and
line endings are kept.

>>> from screening.redaction.writers.slots import ValueSweep
>>> redact_html('<p title="张伟">电话<b>139</b>12345678</p>', ValueSweep({"张伟": "张某", "13912345678": "[电话]"}))[0]
'<p title="张某">电话<b>[电话]</b></p>'
"""

from __future__ import annotations

import bisect
import html
import re
from pathlib import Path
from typing import Any

from screening.documents.embedded_ocr import burn_html_data_uris
from screening.documents.text import decode_text
from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep, log_entry, splice
from screening.redaction.writers.text import encode_like

_TOKEN = re.compile(r"(<!--.*?-->|<![^>]*>|<\?.*?\?>|<[A-Za-z/][^>]*>)", re.S)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9:-]*)")
_ATTR = re.compile(r"""(\s[^\s=/>]+\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""")
_RAW_TEXT = ("script", "style")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _tag(token: str) -> str:
    m = _TAG_NAME.match(token)
    return m.group(1).lower() if m else ""


def _sweep_attrs(token: str, sweep: ValueSweep, hits_out: list[Any]) -> str:
    def fix(m: re.Match[str]) -> str:
        raw = m.group(2)
        quoted = raw[:1] in "\"'"
        value = html.unescape(raw[1:-1] if quoted else raw)
        new, hits = sweep.sub(value)
        if not hits:
            return m.group(0)
        hits_out.extend((_ATTR_NAME(m.group(1)), h) for h in hits)
        return f'{m.group(1)}"{html.escape(new, quote=True)}"'

    return _ATTR.sub(fix, token)


def _ATTR_NAME(prefix: str) -> str:  # noqa: N802 - tiny helper used as a value
    return prefix.strip().rstrip("=").strip()


def redact_html(text: str, sweep: ValueSweep) -> tuple[str, list[dict[str, Any]]]:
    """The redacted HTML and log entries (``{"line", "element", ...}``, no originals)."""
    tokens = _TOKEN.split(text)
    out = list(tokens)
    changes: list[dict[str, Any]] = []
    line_at = [0]
    for t in tokens:
        line_at.append(line_at[-1] + t.count("\n"))
    stack: list[str] = []
    texts: list[tuple[int, str]] = []  # (token index, element path) of every text token
    removed_comments: list[int] = []
    raw_until: str | None = None
    for i, t in enumerate(tokens):
        if i % 2 == 0:  # text
            if raw_until is None:
                if t:
                    texts.append((i, "/".join(stack[-4:]) or "#document"))
            elif t:
                new, hits = sweep.sub(t)
                if hits:
                    out[i] = new
                    changes.extend(log_entry(h, {"line": line_at[i] + 1, "element": raw_until}) for h in hits)
            continue
        name = _tag(t)
        if t.startswith("<!--") and not t.startswith("<!--[if"):
            out[i] = ""  # comments are published in the page source: removed (a hygiene item)
            removed_comments.append(i)
            continue
        if t.startswith("<!--"):  # a conditional comment is markup: keep it, redacted
            new, hits = sweep.sub(t)
            if hits:
                out[i] = new
                changes.extend(log_entry(h, {"line": line_at[i] + 1, "element": "#comment"}) for h in hits)
            continue
        if raw_until is not None:
            if t.lower().startswith(f"</{raw_until}"):
                raw_until = None
            continue
        attr_hits: list[Any] = []
        out[i] = _sweep_attrs(t, sweep, attr_hits)
        changes.extend(log_entry(h, {"line": line_at[i] + 1, "element": name, "attribute": a})
                       for a, h in attr_hits)
        if t.startswith("</"):
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
        elif not t.endswith("/>") and name not in _VOID:
            stack.append(name)
            if name in _RAW_TEXT:
                raw_until = name
    _sweep_text(tokens, out, texts, line_at, sweep, changes)
    if removed_comments:
        changes.append({"entity_type": "COMMENTS", "operator": "remove", "replacement": "",
                        "location": {"lines": [line_at[i] + 1 for i in removed_comments]}})
    return "".join(out), changes


def _sweep_text(tokens: list[str], out: list[str], texts: list[tuple[int, str]], line_at: list[int],
                sweep: ValueSweep, changes: list[dict[str, Any]]) -> None:
    """All text of the page as one run of slots: a value split by tags or lines is still found."""
    slots = [html.unescape(tokens[i]) for i, _ in texts]
    starts, pos = [], 0
    for s in slots:
        starts.append(pos)
        pos += len(s)
    found = sweep.find("".join(slots))
    if not found:
        return
    new = splice(slots, [(s, e, r) for s, e, r, _ in found])
    for (i, _), old, n in zip(texts, slots, new, strict=True):
        if n != old:
            out[i] = html.escape(n, quote=False)
    for s, _e, _r, hit in found:
        i, path = texts[max(0, bisect.bisect_right(starts, s) - 1)]
        changes.append(log_entry(hit, {"line": line_at[i] + 1, "element": path}))


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    data = Path(in_path).read_bytes()
    text, encoding, _newline = decode_text(data)
    new, changes = redact_html(text, ValueSweep.from_plan(plan))
    removed = any(c["entity_type"] == "COMMENTS" for c in changes)
    result = WriteResult(changes=changes, sanitised=["HTML comments removed"] if removed else [])
    new = burn_html_data_uris(new, plan, result)  # issue 16: values OCR read in data: images
    Path(out_path).write_bytes(encode_like(new, encoding, data))
    return result
