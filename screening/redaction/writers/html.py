"""The .html writer: visible text and every attribute value (title, alt, meta content, href ...),
script/style too; HTML comments are removed (they are published in the page source), with the rest of the file left byte for byte as it was.

The file is split into tags and text; text runs separated only by inline tags (``<b>``,
``<span>`` ...) are one unit, so a number split by formatting is still found; entities are decoded
before matching and the changed text is re-escaped. Encoding and line endings are kept.

>>> from screening.redaction.writers.slots import ValueSweep
>>> redact_html('<p title="张伟">电话<b>139</b>12345678</p>', ValueSweep({"张伟": "张某", "13912345678": "[电话]"}))[0]
'<p title="张某">电话<b>[电话]</b></p>'
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from screening.documents.text import decode_text
from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep, log_entry, splice
from screening.redaction.writers.text import encode_like

_TOKEN = re.compile(r"(<!--.*?-->|<![^>]*>|<\?.*?\?>|<[A-Za-z/][^>]*>)", re.S)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9:-]*)")
_ATTR = re.compile(r"""(\s[^\s=/>]+\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""")
INLINE = frozenset("a abbr b bdi bdo big cite code data del dfn em font i ins kbd label mark q s samp small span "
                   "strike strong sub sup time tt u var wbr".split())
_RAW_TEXT = ("script", "style", "textarea", "title")


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
    unit: list[int] = []
    line_at = [0]
    for t in tokens:
        line_at.append(line_at[-1] + t.count("\n"))
    stack: list[str] = []

    def flush() -> None:
        if not unit:
            return
        slots = [html.unescape(tokens[i]) for i in unit]
        found = sweep.find("".join(slots))
        if found:
            new = splice(slots, [(s, e, r) for s, e, r, _ in found])
            for i, old, n in zip(unit, slots, new, strict=True):
                if n != old:
                    out[i] = html.escape(n, quote=False)
            where = {"line": line_at[unit[0]] + 1, "element": "/".join(stack[-4:]) or "#document"}
            changes.extend(log_entry(h, where) for *_, h in found)
        unit.clear()

    raw_until: str | None = None
    removed_comments: list[int] = []
    for i, t in enumerate(tokens):
        if i % 2 == 0:  # text
            if raw_until is None:
                unit.append(i)
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
        if name not in INLINE:
            flush()
        attr_hits: list[Any] = []
        out[i] = _sweep_attrs(t, sweep, attr_hits)
        changes.extend(log_entry(h, {"line": line_at[i] + 1, "element": name, "attribute": a})
                       for a, h in attr_hits)
        if t.startswith("</"):
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
        elif not t.endswith("/>") and name not in ("br", "img", "meta", "link", "hr", "input", "wbr"):
            stack.append(name)
            if name in _RAW_TEXT and name != "title":
                raw_until = name
    flush()
    if removed_comments:
        changes.append({"entity_type": "COMMENTS", "operator": "remove", "replacement": "",
                        "location": {"lines": [line_at[i] + 1 for i in removed_comments]}})
    return "".join(out), changes


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    data = Path(in_path).read_bytes()
    text, encoding, _newline = decode_text(data)
    new, changes = redact_html(text, ValueSweep.from_plan(plan))
    Path(out_path).write_bytes(encode_like(new, encoding, data))
    removed = any(c["entity_type"] == "COMMENTS" for c in changes)
    return WriteResult(changes=changes, sanitised=["HTML comments removed"] if removed else [])
