"""The .html writer: visible text and every attribute value (title, alt, meta content, href ...),
scripts and styles; HTML comments are removed (they are published in the page source), with the rest
of the file left byte for byte as it was.

The file is split into tags and text (the reader's own tokenizer,
:data:`screening.documents.html.TOKEN`); all text of the page is matched as one run of slots (values
compared without whitespace), so a number split by ``<b>``/``<span>`` or over two lines is still
found; entities are decoded before matching and only the changed text is re-escaped. Encoding and
line endings are kept.

Every place the residue sweep reads is cleaned in its decoded form (issue 11):

- attribute values: percent-encoded links and query strings (``mailto:?body=``) are decoded,
  rewritten and re-encoded; ``\\uXXXX`` escapes are decoded where a value hides behind them;
- ``iframe srcdoc`` is redacted recursively as HTML and re-escaped;
- ``data:`` URIs: text and HTML payloads are decoded, redacted (HTML recursively) and re-encoded
  as they were (base64 or percent); images and undecodable payloads are removed (``data:,``) with
  a note, since nobody read them;
- ``<script type=…json>`` (JSON-LD): the JSON is parsed, its strings and numbers rewritten and
  dumped again; other scripts and ``style`` / CSS ``content:`` are searched with their JS / CSS
  escapes decoded.

>>> from screening.redaction.writers.slots import ValueSweep
>>> redact_html('<p title="张伟">电话<b>139</b>12345678</p>', ValueSweep({"张伟": "张某", "13912345678": "[电话]"}))[0]
'<p title="张某">电话<b>[电话]</b></p>'
>>> redact_html('<a href="mailto:?body=%E5%BC%A0%E4%BC%9F">x</a>', ValueSweep({"张伟": "张某"}))[0]
'<a href="mailto:?body=%E5%BC%A0%E6%9F%90">x</a>'
"""

from __future__ import annotations

import base64
import bisect
import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_from_bytes, unquote

from screening.documents.embedded_ocr import burn_html_data_uris
from screening.documents.html import (
    DATA_URI,
    TOKEN,
    css_unescape,
    data_uri_bytes,
    decode_html,
    is_markup_mime,
    js_unescape,
    split_data_uri,
)
from screening.errors import DocumentError, RedactionError
from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import Hit, ValueSweep, log_entry, splice

_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9:-]*)")
_ATTR = re.compile(r"""(\s[^\s=/>"']+\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""")
_RAW_TEXT = ("script", "style")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_URL_SAFE = "!#$&'()*+,/:;=?@~-._"
MAX_NESTING = 4


def _tag(token: str) -> str:
    m = _TAG_NAME.match(token)
    return m.group(1).lower() if m else ""


class _Cleaner:
    """The decoded places of one page (and the pages nested in it); ``notes`` say what was removed."""

    def __init__(self, sweep: ValueSweep) -> None:
        self.sweep = sweep
        self.notes: list[str] = []

    def text(self, value: str) -> tuple[str, list[Hit]]:
        """A value, then its percent-decoded and ``\\u``-decoded forms (re-encoded when changed)."""
        new, hits = self.sweep.sub(value)
        if "%" in new:
            try:
                dec = unquote(new, errors="strict")
            except UnicodeDecodeError:
                dec = new
            if dec != new:
                d2, h2 = self.sweep.sub(dec)
                if h2:
                    new, hits = quote(d2, safe=_URL_SAFE), hits + h2
        if "\\u" in new or "\\x" in new:
            dec = js_unescape(new, safe_only=True)
            d2, h2 = self.sweep.sub(dec)
            if h2:
                new, hits = d2, hits + h2
        return new, hits

    def attr(self, name: str, value: str, depth: int) -> tuple[str, list[Hit]]:
        if name == "srcdoc":
            return self.page(value, depth + 1)
        if name == "style":
            return self.css(value, depth)
        if name.startswith("on"):
            return self.js(value, depth)
        hits: list[Hit] = []
        if "data:" in value.lower():
            value = self.data_uris(value, depth, hits)
        new, more = self.text(value)
        return new, hits + more

    def page(self, text: str, depth: int) -> tuple[str, list[Hit]]:
        if depth > MAX_NESTING:
            self.notes.append("too deeply nested page (srcdoc / data: URI) removed")
            return "", [Hit("UNSCANNED_CONTENT", "remove", "")]
        new, changes = _redact(text, self, depth)
        return new, [Hit(c["entity_type"], c["operator"], c["replacement"]) for c in changes
                     if c["entity_type"] != "COMMENTS"] + ([Hit("COMMENTS", "remove", "")] if new != text and not
                                                           any(c["entity_type"] != "COMMENTS" for c in changes) else [])

    def data_uris(self, value: str, depth: int, hits: list[Hit]) -> str:
        def one(m: re.Match[str]) -> str:
            new, h = self.data_uri(m.group(0), depth)
            hits.extend(h)
            return new

        return DATA_URI.sub(one, value)

    def data_uri(self, uri: str, depth: int) -> tuple[str, list[Hit]]:
        parts, decoded = split_data_uri(uri), data_uri_bytes(uri)
        if parts is None or decoded is None:
            self.notes.append("undecodable data: URI removed")
            return "data:,", [Hit("UNSCANNED_CONTENT", "remove", "data:,")]
        mime, params, raw = decoded
        if not raw.strip():
            return uri, []
        if mime.startswith("image/") and not is_markup_mime(mime):
            self.notes.append(f"data: URI image ({mime}) removed: images are not read")
            return "data:,", [Hit("UNSCANNED_CONTENT", "remove", "data:,")]
        charset = params.get("charset") or ""
        try:
            text = raw.decode(charset) if charset else decode_html(raw)[0]
        except (LookupError, UnicodeDecodeError, DocumentError):
            self.notes.append(f"data: URI ({mime}) that decodes as no text removed")
            return "data:,", [Hit("UNSCANNED_CONTENT", "remove", "data:,")]
        if is_markup_mime(mime) or text.lstrip()[:1] == "<":
            new, hits = self.page(text, depth + 1)
        else:
            new, hits = self.text(text)
        if not hits or new == text:
            return uri, hits
        header = uri[: uri.index(",")]
        data = new.encode(charset or "utf-8")
        if not charset and mime.startswith("text/"):
            header = header.replace(mime, mime + ";charset=utf-8", 1) if mime in header else header
        payload = base64.b64encode(data).decode("ascii") if parts[2] else quote_from_bytes(data, safe=_URL_SAFE)
        return f"{header},{payload}", hits

    def js(self, body: str, depth: int) -> tuple[str, list[Hit]]:
        hits: list[Hit] = []
        if "data:" in body:
            body = self.data_uris(body, depth, hits)
        new, more = self.sweep.sub(body)
        hits += more
        dec = js_unescape(new, safe_only=True)
        if dec != new:
            d2, h2 = self.sweep.sub(dec)
            if h2:
                new, hits = d2, hits + h2
        return new, hits

    def css(self, body: str, depth: int) -> tuple[str, list[Hit]]:
        hits: list[Hit] = []
        if "data:" in body:
            body = self.data_uris(body, depth, hits)
        new, more = self.text(body)
        hits += more
        dec = css_unescape(new, safe_only=True)
        if dec != new:
            d2, h2 = self.sweep.sub(dec)
            if h2:
                new, hits = d2, hits + h2
        return new, hits

    def script(self, kind: str, body: str, depth: int) -> tuple[str, list[Hit]]:
        if "json" in kind:
            try:
                data = json.loads(body)
            except ValueError:
                return self.js(body, depth)
            hits: list[Hit] = []
            new_data = self.json(data, hits)
            if not hits:
                return body, []
            return json.dumps(new_data, ensure_ascii=False).replace("</", "<\\/"), hits
        if kind and not any(k in kind for k in ("javascript", "ecmascript", "module", "jscript")):
            return self.page(body, depth + 1)  # an HTML template in a script element
        return self.js(body, depth)

    def json(self, data: Any, hits: list[Hit]) -> Any:
        if isinstance(data, dict):
            return {self.json(k, hits) if isinstance(k, str) else k: self.json(v, hits) for k, v in data.items()}
        if isinstance(data, list):
            return [self.json(v, hits) for v in data]
        if isinstance(data, str):
            new, h = self.text(data)
            hits.extend(h)
            return new
        if isinstance(data, int | float) and not isinstance(data, bool):
            new, h = self.sweep.sub(str(data))
            if h:
                hits.extend(h)
                return new
        return data


def _sweep_attrs(token: str, cleaner: _Cleaner, depth: int, hits_out: list[Any]) -> str:
    def fix(m: re.Match[str]) -> str:
        raw = m.group(2)
        quoted = raw[:1] in "\"'"
        value = html.unescape(raw[1:-1] if quoted else raw)
        name = _attr_name(m.group(1)).lower()
        new, hits = cleaner.attr(name, value, depth)
        if not hits:
            return m.group(0)
        hits_out.extend((name, h) for h in hits)
        return f'{m.group(1)}"{html.escape(new, quote=True)}"'

    return _ATTR.sub(fix, token)


def _attr_name(prefix: str) -> str:
    return prefix.strip().rstrip("=").strip()


def redact_html(text: str, sweep: ValueSweep) -> tuple[str, list[dict[str, Any]]]:
    """The redacted HTML and log entries (``{"line", "element", ...}``, no originals)."""
    cleaner = _Cleaner(sweep)
    new, changes = _redact(text, cleaner, 0)
    if cleaner.notes:
        changes.append({"entity_type": "UNSCANNED_CONTENT", "operator": "remove", "replacement": "",
                        "location": {"notes": sorted(set(cleaner.notes))}})
    return new, changes


def _redact(text: str, cleaner: _Cleaner, depth: int) -> tuple[str, list[dict[str, Any]]]:
    sweep = cleaner.sweep
    tokens = TOKEN.split(text)
    out = list(tokens)
    changes: list[dict[str, Any]] = []
    line_at = [0]
    for t in tokens:
        line_at.append(line_at[-1] + t.count("\n"))
    stack: list[str] = []
    texts: list[tuple[int, str]] = []  # (token index, element path) of every text token
    removed_comments: list[int] = []
    raw: tuple[str, str, int] | None = None  # (element, type attribute, first token of its text)

    def close_raw(end: int) -> None:
        assert raw is not None
        name, kind, first = raw
        body = "".join(tokens[first:end])
        if not body.strip():
            return
        new, hits = cleaner.css(body, depth) if name == "style" else cleaner.script(kind, body, depth)
        if hits and new != body:
            out[first:end] = [new] + [""] * (end - first - 1)
            changes.extend(log_entry(h, {"line": line_at[first] + 1, "element": name}) for h in hits)

    for i, t in enumerate(tokens):
        if raw is not None:
            if i % 2 and t[:2] == "</" and _tag(t) == raw[0]:
                close_raw(i)
                raw = None
            else:
                continue
        if i % 2 == 0:  # text
            if t:
                texts.append((i, "/".join(stack[-4:]) or "#document"))
            continue
        name = _tag(t)
        if t.startswith("<!--") and not t.startswith("<!--[if"):
            out[i] = ""  # comments are published in the page source: removed (a hygiene item)
            removed_comments.append(i)
            continue
        if t.startswith("<!"):  # a conditional comment is markup; a declaration: keep them, redacted
            new, hits = cleaner.text(t)
            if hits:
                out[i] = new
                changes.extend(log_entry(h, {"line": line_at[i] + 1, "element": "#comment"}) for h in hits)
            continue
        attr_hits: list[Any] = []
        out[i] = _sweep_attrs(t, cleaner, depth, attr_hits)
        changes.extend(log_entry(h, {"line": line_at[i] + 1, "element": name, "attribute": a})
                       for a, h in attr_hits)
        if t.startswith("</"):
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
        elif not t.endswith("/>") and name not in _VOID:
            stack.append(name)
            if name in _RAW_TEXT:
                m = re.search(r"""\stype\s*=\s*["']?([^"'\s>]+)""", t, re.I)
                raw = (name, (m.group(1).lower() if m else ""), i + 1)
    if raw is not None:
        close_raw(len(tokens))
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
    for start, _e, _r, hit in found:
        i, path = texts[max(0, bisect.bisect_right(starts, start) - 1)]
        changes.append(log_entry(hit, {"line": line_at[i] + 1, "element": path}))


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    data = Path(in_path).read_bytes()
    try:
        text, codec, bom = decode_html(data)
    except DocumentError as exc:
        raise RedactionError(f"cannot redact an HTML page that decodes as nothing ({exc.message})",
                             path=str(in_path)) from None
    new, changes = redact_html(text, ValueSweep.from_plan(plan))
    sanitised = ["HTML comments removed"] if any(c["entity_type"] == "COMMENTS" for c in changes) else []
    for c in changes:
        if c["entity_type"] == "UNSCANNED_CONTENT":
            sanitised.extend(c["location"].get("notes", []))
    changes = [c for c in changes if not (c["entity_type"] == "UNSCANNED_CONTENT" and "notes" in c["location"])]
    result = WriteResult(changes=changes, sanitised=sanitised)
    new = burn_html_data_uris(new, plan, result)  # issue 16: values OCR read in data: images still present
    Path(out_path).write_bytes(bom + new.encode(codec, errors="xmlcharrefreplace"))
    return result
