"""The .html reader (CMS output): visible text by block, published attributes, comments.

One segment per block element (``p``, ``div``, ``td``, ``li``, ``h1`` ...) holding the text of its
inline content, so ``身份证号：<b>1101...</b>`` stays one piece of text; ``<br>`` is a line break.
``<script>``/``<style>``/``<template>`` are ignored; entities are decoded by the parser.
Published attributes (``title``, ``alt``, ``aria-label``, ``placeholder``, ``value``, ``<meta>``
description/keywords/author, ``mailto:``/``tel:`` links) are ``attribute`` segments; HTML comments
are ``comment`` segments (they are in the published source). Text hidden with ``display:none`` /
``visibility:hidden`` / ``hidden`` is scanned and reported as ``HIDDEN_TEXT``.

Location: ``{"path": "/html/body/div[2]/p[3]", "line": 41}`` (+ ``"attribute": "alt"``).

>>> doc = read_html_text('<p>电话：<b>139</b>1234<!-- x -->5678</p><script>var a="110"</script>')
>>> [s.text for s in doc.segments]
['电话：13912345678', 'x']
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, unquote_plus, unquote_to_bytes

import lxml.html
from lxml import etree

from screening.documents import embedded_ocr
from screening.documents.limits import Limits
from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.residue import interesting, text_variants
from screening.errors import DocumentError, ResourceLimitExceeded
from screening.findings import Finding

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody td tfoot th thead "
    "title tr ul option legend label button".split()
)
SKIP_TAGS = frozenset({"script", "style", "template", "noframes"})
PUBLISHED_ATTRS = ("title", "alt", "aria-label", "placeholder", "value", "summary", "abbr")
META_NAMES = frozenset({"description", "keywords", "author", "subject", "og:title", "og:description",
                        "twitter:title", "twitter:description", "dc.creator", "dc.title"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class Block:
    """A block element and the text pieces it shows: ``(node, "text" | "tail", string)``."""

    element: etree._Element
    pieces: list[tuple[etree._Element, str, str]] = field(default_factory=list)
    hidden: bool = False

    @property
    def text(self) -> str:
        return "".join(p[2] for p in self.pieces)


def _is_hidden(el: etree._Element) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or "")) or (
        (el.get("aria-hidden") or "").lower() == "true" and el.tag not in BLOCK_TAGS)


def iter_blocks(root: etree._Element) -> Iterator[Block]:
    """Blocks of visible text in document order (a writer edits ``pieces`` in place)."""
    out: list[Block] = []

    def walk(el: etree._Element, block: Block, hidden: bool) -> Block:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.lower() in SKIP_TAGS or not isinstance(child.tag, str):
                # comments/PIs are read separately; skipped elements keep their tail text
                if child.tail:
                    block.pieces.append((child, "tail", child.tail))
                continue
            child_hidden = hidden or _is_hidden(child)
            if tag.lower() in BLOCK_TAGS:
                inner = Block(child, hidden=child_hidden)
                out.append(inner)
                if child.text:
                    inner.pieces.append((child, "text", child.text))
                walk(child, inner, child_hidden)
                if child.tail:
                    block = Block(el, hidden=hidden)
                    out.append(block)
                    block.pieces.append((child, "tail", child.tail))
                continue
            if tag.lower() == "br":
                block.pieces.append((child, "br", "\n"))
            if child.text:
                if child_hidden and not block.hidden:
                    hb = Block(child, hidden=True)
                    out.append(hb)
                    hb.pieces.append((child, "text", child.text))
                    walk(child, hb, True)
                else:
                    block.pieces.append((child, "text", child.text))
                    walk(child, block, child_hidden)
            else:
                walk(child, block, child_hidden)
            if child.tail:
                block.pieces.append((child, "tail", child.tail))
        return block

    top = Block(root, hidden=_is_hidden(root))
    out.append(top)
    if root.text:
        top.pieces.append((root, "text", root.text))
    walk(root, top, top.hidden)
    for b in out:
        if b.text.strip():
            yield b


def detect_html_encoding(data: bytes) -> str | None:
    """The ``<meta charset>`` of the first 4 KB, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def read_html(path: str, limits: Limits | None = None) -> Document:
    """Read an .html file (see :func:`decode_html` for the charset). A document that decodes as
    nothing is one ``UNSCANNED_CONTENT`` finding, never text read as Latin-1."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text, encoding, _bom = decode_html(data)
    except DocumentError as exc:
        return Document(path=path, format="html", segments=[], facts={"encoding": None}, hygiene=[hygiene_finding(
            "UNSCANNED_CONTENT", f"网页编码无法识别（{exc.message}），未被审查，无法确认不含个人信息",
            {"part": "html"}, attributes={"reason": "undecodable"})])
    doc = read_html_text(text, path, limits)
    doc.facts["encoding"] = encoding
    return doc


def read_html_text(text: str, path: str | None = None, limits: Limits | None = None) -> Document:
    """Read HTML given as a string: the visible text (blocks), published attributes and comments,
    then the residue sweep (:func:`sweep_source`) adds everything else as ``residue`` segments."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        raise DocumentError("empty HTML document", path=path)
    limits = limits or Limits()
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"unreadable HTML ({exc})", path=path) from None
    tree = root.getroottree()
    segments: list[Segment] = []
    hidden_blocks = 0
    first = 8
    deep = _depth(root) > MAX_TREE_DEPTH
    shown: set[str] = set()
    for block in ([] if deep else iter_blocks(root)):
        shown.update(_norm(p[2]) for p in block.pieces)
        el = block.element
        loc = {"path": tree.getpath(el), "line": el.sourceline}
        kind = "hidden" if block.hidden else ("title" if el.tag == "title" else "text")
        if block.hidden:
            hidden_blocks += 1
            loc["hidden"] = True
        top = first > 0 and not block.hidden
        if top:
            first -= 1
        segments.append(Segment(block.text.strip("\n"), loc, kind, first_page_top=top,
                                ref={"path": loc["path"]}))
    comments = 0
    for el in root.iter():
        if isinstance(el, etree._Comment):
            if el.text and el.text.strip():
                comments += 1
                segments.append(Segment(el.text.strip(), {"path": tree.getpath(el.getparent()), "line": el.sourceline,
                                                          "part": "comment"}, "comment"))
            continue
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
            continue
        for attr in _attrs(el):
            value = (el.get(attr) or "").strip()
            if attr == "href":
                value = value if value.lower().startswith(("mailto:", "tel:")) else ""
            if value:
                segments.append(Segment(value, {"path": tree.getpath(el), "line": el.sourceline, "attribute": attr},
                                        "attribute"))
    hygiene: list[Finding] = []
    _add_residue(text, segments, hygiene, shown, deep, limits, path)
    if hidden_blocks:
        hygiene.append(hygiene_finding("HIDDEN_TEXT", f"网页含 {hidden_blocks} 处隐藏文字（display:none 等，源码中仍可见，已一并审查）",
                                       {"part": "body"}, attributes={"count": hidden_blocks}))
    if comments:
        hygiene.append(hygiene_finding("COMMENTS", f"网页源码含 {comments} 条 HTML 注释（已一并审查）",
                                       {"part": "comment"}, attributes={"count": comments}))
    hygiene.extend(embedded_ocr.html_images(root, tree, path, segments))  # issue 16: <img> data:/local files
    return Document(path=path, format="html", segments=segments, facts={"chars": len(text)}, hygiene=hygiene)


_PARSER = lxml.html.HTMLParser(huge_tree=True)  # 2048 levels, not 256: the file size is capped (max_text_size)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _depth(root: etree._Element) -> int:
    depth = deepest = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _add_residue(text: str, segments: list[Segment], hygiene: list[Finding], shown: set[str], deep: bool,
                 limits: Limits, path: str | None) -> None:
    """The residue sweep: every value the blocks above did not read becomes a ``residue`` segment
    ``{"part": "html" | "html!/iframe srcdoc" | "html!/data uri", "place": "attribute data-phone",
    "line": 12}``; text the parser dropped (nesting deeper than it allows) is read from the tokens."""
    try:
        from screening.documents import ocr

        use_ocr = ocr.available()
    except Exception:  # noqa: BLE001 - no OCR: data: images are unscanned content
        use_ocr = False
    found = sweep_source(text, limits, ocr=use_ocr)
    seen: set[tuple[str, str, str]] = set()
    joined = "\n".join(shown) if shown else ""
    chars = 0
    for p in found.pieces:
        place = p.place
        if p.covered and p.part == "html":
            if place != "text":
                continue
            norm = _norm(p.text)
            if not norm or norm in shown or (len(norm) < 4000 and norm in joined):
                continue
            if deep:
                segments.append(Segment(p.text.strip(), {"line": p.line, "part": "html", "place": "deeply nested"},
                                        "text", ref={"line": p.line}))
                continue
            place = "unparsed text"
        value = p.text.strip()
        if not value or not interesting("\n".join(text_variants(value))):
            continue
        key = (p.part, place, value)
        if key in seen:
            continue
        seen.add(key)
        value = "\n".join(text_variants(value))
        chars += len(value)
        if chars > limits.max_residue_chars:
            raise ResourceLimitExceeded(
                f"more than {limits.max_residue_chars:,} characters of HTML outside the visible text "
                f"(limit max_residue_chars; last at {p.part} {place})", path=path)
        segments.append(Segment(value, {"part": p.part, "place": place, "line": p.line}, kind="residue"))
    segments.extend(found.segments)
    hygiene.extend(found.hygiene)


def _attrs(el: etree._Element) -> list[str]:
    if el.tag == "meta":
        name = (el.get("name") or el.get("property") or "").lower()
        return ["content"] if name in META_NAMES else []
    out = [a for a in PUBLISHED_ATTRS if a in el.attrib]
    if el.tag == "a" and "href" in el.attrib:
        out.append("href")
    if el.tag == "input" and (el.get("type") or "").lower() == "hidden":
        out = [a for a in out if a != "value"] + (["value"] if "value" in el.attrib else [])
    return out


# -- decoding the bytes --------------------------------------------------------------------------------
_EBCDIC = ("cp037", "cp500", "cp1140", "cp273", "cp1026", "cp875", "cp1047")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ebcdic-cp-us": "cp037",
            "ibm037": "cp037", "ibm500": "cp500", "ebcdic-international": "cp500", "ibm1047": "cp1047"}.get(name, name)
    if name == "cp1047":
        return "cp500"  # close enough for the letters, digits and punctuation a value is made of
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes) -> tuple[str, str, bytes]:
    """``(text, codec, bom)`` of an HTML file: a BOM, else the byte pattern of UTF-16/32 without one,
    else EBCDIC (``<`` is 0x4C there), else the ``<meta charset>`` (also inside UTF-16 or EBCDIC
    text), else strict UTF-8 / GB18030. Raises :class:`DocumentError` when nothing decodes: a
    document is never read as Latin-1 by default.

    >>> decode_html('<meta charset="utf-16le"><p>电话</p>'.encode("utf-16-le"))[:2]
    ('<meta charset="utf-16le"><p>电话</p>', 'utf-16-le')
    >>> decode_html('<html><meta charset="cp037"><p>13907314826</p>'.encode("cp037"))[1]
    'cp037'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            enc = "utf-8" if enc == "utf-8-sig" else enc
            try:
                return body.decode(enc), enc, bom
            except UnicodeDecodeError:
                raise DocumentError(f"the {enc} byte-order mark does not match the bytes") from None
    head = data[:4096]
    guessed: str | None = None
    if len(head) >= 4 and head.count(0) * 4 >= len(head):
        if head.count(0) * 4 >= len(head) * 3 - 8:
            guessed = "utf-32-le" if head[0] else "utf-32-be"
        else:
            even = head[0::2].count(0)
            guessed = "utf-16-be" if even > head[1::2].count(0) else "utf-16-le"
    elif head.lstrip()[:1] != b"<" and head.lstrip(b"\x40\x25\x15\x0d\x05")[:1] == b"\x4c" and re.search(
            r"<\s*(!doctype|html|head|meta|body|p|div|title)\b", head.decode("cp037"), re.I):
        guessed = "cp037"  # EBCDIC: spaces 0x40, '<' 0x4C
    if guessed:
        try:
            probe = head.decode(guessed, errors="ignore")
        except LookupError:  # pragma: no cover
            probe = ""
        m = _META_CHARSET.search(probe.encode("ascii", "ignore"))
        declared = _codec(m.group(1).decode()) if m else None
        if guessed.startswith("cp") and declared in _EBCDIC:
            guessed = declared
        elif declared and declared.startswith(("utf-16", "utf-32")) and declared.endswith(("le", "be")):
            guessed = declared if declared[:6] == guessed[:6] else guessed
        try:
            return data.decode(guessed), guessed, b""
        except UnicodeDecodeError:
            raise DocumentError(f"looks like {guessed} but does not decode as it") from None
    m = _META_CHARSET.search(head)
    declared = _codec(m.group(1).decode("ascii")) if m else None
    if declared and not declared.startswith(("utf-16", "utf-32")) and declared not in _EBCDIC:
        try:
            return data.decode(declared), declared, b""
        except UnicodeDecodeError:
            pass  # a wrong declaration: detected below (strictly), never read as Latin-1
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc, b""
        except UnicodeDecodeError:
            continue
    raise DocumentError("not decodable as its declared charset, UTF-8 or GB18030")


# -- the residue sweep: every node, attribute, comment, script and style ---------------------------------
#: a tag token; quoted attribute values may hold ``>`` (``srcdoc="<p>x</p>"``)
TOKEN = re.compile(r"(<!--.*?-->|<![^>]*>|<\?.*?\?>|<[A-Za-z/](?:[^>\"']|\"[^\"]{0,200000}\"|'[^']{0,200000}')*>"
                   r"|<[A-Za-z/][^>]*>)", re.S)
TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9:-]*)")
ATTR = re.compile(r"""(\s[^\s=/>"']+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+))?""")
RAW_TEXT = ("script", "style", "xmp", "textarea", "title")
#: elements whose content the visible-text reader does not read (their text is residue)
UNSHOWN = frozenset({"template", "noframes"})
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.){1,20000})"|\'((?:[^\'\\\n]|\\.){1,20000})\'|`((?:[^`\\]|\\.){1,20000})`',
                        re.S)
_JS_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(.))", re.S)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|\\(.)", re.S)
_CSS_CONTENT = re.compile(r"content\s*:\s*((?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^;}\"']+)+)", re.I | re.S)
_CSS_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'", re.S)
DATA_URI = re.compile(r"data:[\w.+-]*/?[\w.+-]*(?:;[\w.+-]+(?:=[\w.+\"-]+)?)*,[^\s\"'()<>]*", re.I)
_QUERY = re.compile(r"[?&#]([^=&#]*)=([^&#]*)")
MAX_NESTING = 4
#: deeper than this, blocks are read from the token stream (the tree walk would need a frame per level)
MAX_TREE_DEPTH = 200


def js_unescape(text: str, safe_only: bool = False) -> str:
    r"""JavaScript / JSON string escapes decoded (``\u5f20``, ``\u{5f20}``, ``\x41``, ``\n``).
    ``safe_only``: leave an escape whose character would end or break a string (quotes, ``\``,
    control characters) as it is, so the decoded script still runs.

    >>> js_unescape(r"\u5f20\u{4e09} \x31\n")
    '张三 1\n'
    """
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}

    def one(m: re.Match[str]) -> str:
        if m.group(5) is not None:
            ch = simple.get(m.group(5), m.group(5))
        else:
            hexa = m.group(1) or m.group(2) or m.group(3)
            try:
                ch = chr(int(hexa, 16)) if hexa else chr(int(m.group(4), 8))
            except (ValueError, OverflowError):
                return m.group(0)
        if safe_only and (ch in "\"'`\\<>&" or ord(ch) < 32 or 0xD800 <= ord(ch) < 0xE000):
            return m.group(0)
        return ch

    return _JS_ESCAPE.sub(one, text)


def css_unescape(text: str, safe_only: bool = False) -> str:
    r"""CSS escapes decoded: ``\5F20 \4E09`` is 张三.

    >>> css_unescape(r'"\5F20 \4E09" \31 3907')
    '"张三" 13907'
    """
    def one(m: re.Match[str]) -> str:
        if m.group(2) is not None:
            return m.group(0) if safe_only else m.group(2)
        try:
            ch = chr(int(m.group(1), 16))
        except (ValueError, OverflowError):
            return m.group(0)
        if safe_only and (ch in "\"'\\<>&;{}()" or ord(ch) < 33 or 0xD800 <= ord(ch) < 0xE000):
            return m.group(0)
        return ch

    return _CSS_ESCAPE.sub(one, text)


def split_data_uri(uri: str) -> tuple[str, dict[str, str], bool, str] | None:
    """``(mime, params, base64, payload)`` of a ``data:`` URI, or ``None``."""
    m = re.match(r"\s*data:([^,]*),(.*)\Z", uri, re.S | re.I)
    if not m:
        return None
    parts = [p.strip() for p in m.group(1).split(";")]
    b64 = bool(parts) and parts[-1].lower() == "base64"
    if b64:
        parts = parts[:-1]
    mime = (parts[0].lower() if parts and "=" not in parts[0] else "") or "text/plain"
    params = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    return mime, {k.lower(): v.strip('"') for k, v in params.items()}, b64, m.group(2)


def data_uri_bytes(uri: str) -> tuple[str, dict[str, str], bytes] | None:
    """The decoded payload of a ``data:`` URI (``None`` when it is not one or does not decode)."""
    parts = split_data_uri(uri)
    if parts is None:
        return None
    mime, params, b64, payload = parts
    try:
        raw = base64.b64decode(re.sub(r"\s+", "", unquote(payload)) + "==="[: (-len(payload)) % 4], validate=False) \
            if b64 else unquote_to_bytes(payload)
    except (ValueError, binascii.Error):
        return None
    return mime, params, raw


def is_markup_mime(mime: str) -> bool:
    return mime in ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml")


def is_text_mime(mime: str) -> bool:
    return mime.startswith("text/") or mime.endswith(("json", "javascript", "xml", "csv")) or mime == "text/plain"


@dataclass
class Piece:
    """One decoded value of the source: where it was and whether the visible-text reader read it."""

    place: str
    text: str
    line: int
    covered: bool = False
    part: str = "html"


@dataclass
class SourceSweep:
    """Every value of an HTML source (:func:`sweep_source`)."""

    pieces: list[Piece] = field(default_factory=list)
    hygiene: list[Finding] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)  # OCR of data: images
    chars: int = 0


def _covered_attrs(tag: str, attrs: dict[str, str]) -> set[str]:
    """What :func:`_attrs` (the visible-text reader's attribute list) reads on this tag: the
    coverage, declared once."""
    if tag == "meta":
        name = (attrs.get("name") or attrs.get("property") or "").lower()
        return {"content"} if name in META_NAMES else set()
    out = {a for a in PUBLISHED_ATTRS if a in attrs}
    if tag == "a" and (attrs.get("href") or "").strip().lower().startswith(("mailto:", "tel:")):
        out.add("href")
    return out


class _SourceWalker:
    def __init__(self, limits: Limits, ocr: bool) -> None:
        self.limits, self.ocr = limits, ocr
        self.out = SourceSweep()

    def add(self, part: str, place: str, text: str, line: int, covered: bool = False) -> None:
        if not text or text.isspace():
            return
        self.out.chars += len(text)
        if self.out.chars > self.limits.max_residue_chars + self.limits.max_text_size:
            raise ResourceLimitExceeded(
                f"more than {self.out.chars:,} characters of decoded HTML values (limit max_residue_chars "
                f"{self.limits.max_residue_chars:,} plus max_text_size; at {part} {place})")
        self.out.pieces.append(Piece(place, text, line, covered, part))

    def unscanned(self, part: str, place: str, line: int, reason: str, what: str) -> None:
        loc = {"part": part, "place": place, "line": line}
        self.out.hygiene.append(hygiene_finding("UNSCANNED_CONTENT", f"网页中的{what}未被审查，无法确认不含个人信息",
                                                loc, attributes={"reason": reason}))

    # -- the token stream ---------------------------------------------------------------------------
    def source(self, text: str, part: str, depth: int) -> None:
        tokens = TOKEN.split(text)
        line = 1
        raw: tuple[str, dict[str, str], int, int] | None = None  # (tag, attrs, first token, line)
        unshown: list[str] = []
        for i, t in enumerate(tokens):
            if raw is not None:
                if i % 2 and t[:2] == "</" and _tag(t) == raw[0]:
                    body = "".join(tokens[raw[2]:i])
                    self.raw_text(raw[0], raw[1], body, part, raw[3], depth)
                    raw = None
                else:
                    line += t.count("\n")
                    continue
            if i % 2 == 0:
                if t and not t.isspace():
                    value = html.unescape(t)
                    if unshown:
                        self.add(part, unshown[-1], value, line)
                    else:
                        self.add(part, "text", value, line, covered=True)
                line += t.count("\n")
                continue
            if t.startswith("<!--"):
                self.add(part, "comment", t[4:-3], line, covered=not t.startswith("<!--[if"))
            elif t.startswith(("<!", "<?")):
                if not t[:9].lower().startswith("<!doctype"):
                    self.add(part, "declaration", t[2:-1], line)
            else:
                name = _tag(t)
                if t.startswith("</"):
                    if name in unshown:
                        del unshown[len(unshown) - 1 - unshown[::-1].index(name):]
                else:
                    pairs = [(m.group(1).strip().lower(), html.unescape(_unquote(m.group(3) or "")))
                             for m in ATTR.finditer(t[len(name) + 1:-1])]
                    attrs = dict(reversed(pairs))  # the first of duplicate names is the one shown
                    self.tag(name, pairs, part, line, depth)
                    if not t.endswith("/>"):
                        if name in UNSHOWN:
                            unshown.append(name)
                        elif name in RAW_TEXT:
                            raw = (name, attrs, i + 1, line)
            line += t.count("\n")
        if raw is not None:  # an unclosed <script>: the rest of the file is its text
            self.raw_text(raw[0], raw[1], "".join(tokens[raw[2]:]), part, raw[3], depth)

    def tag(self, name: str, pairs: list[tuple[str, str]], part: str, line: int, depth: int) -> None:
        names = [a for a, _ in pairs]
        covered = {a for a in _covered_attrs(name, dict(reversed(pairs))) if names.count(a) == 1}
        for attr, value in pairs:  # every copy of a duplicated attribute is residue
            if any(ch.isdigit() for ch in attr) or _CJK_RE.search(attr):
                self.add(part, "attribute name", attr, line)
            if not value.strip():
                continue
            place = f"attribute {attr}"
            if attr in covered:
                self.add(part, place, value, line, covered=True)
                for v in text_variants(value)[1:]:  # decoded forms the reader does not read
                    self.add(part, place, v, line)
            self.value(name, attr, value, part, place, line, depth, raw=attr not in covered)

    def value(self, tag: str, attr: str, value: str, part: str, place: str, line: int, depth: int,
              raw: bool = True) -> None:
        if attr == "srcdoc":
            self.nested_html(value, f"{part}!/iframe srcdoc", line, depth)
            return
        if attr == "style":
            self.css(value, part, "style attribute", line, depth)
            return
        if attr.startswith("on"):
            self.js(value, part, f"{place} (script)", line)
            return
        uris = DATA_URI.findall(value) if "data:" in value.lower() else []
        for uri in uris:
            self.data_uri(uri, part, line, depth)
        rest = DATA_URI.sub(" ", value) if uris else value
        if rest.strip():
            if raw:
                self.add(part, place, rest, line)
            if "=" in rest and ("?" in rest or "&" in rest):
                for k, v in _QUERY.findall(rest):
                    self.add(part, f"{place} query {unquote_plus(k)[:40]}", unquote_plus(v), line)
            if "+" in rest and "%" in rest:
                self.add(part, place, unquote_plus(rest), line)

    def raw_text(self, tag: str, attrs: dict[str, str], body: str, part: str, line: int, depth: int) -> None:
        if not body.strip():
            return
        if tag == "style":
            self.css(body, part, "style element", line, depth)
            return
        if tag in ("textarea", "title", "xmp"):
            self.add(part, "text", html.unescape(body) if tag != "xmp" else body, line, covered=tag != "xmp")
            return
        kind = (attrs.get("type") or "").lower()
        if "json" in kind:
            place = "json-ld" if "ld+json" in kind else "script json"
            try:
                data = json.loads(body)
            except ValueError:
                self.js(body, part, place, line)
                return
            for leaf in _json_leaves(data):
                self.add(part, place, leaf, line)
            return
        if kind and not any(k in kind for k in ("javascript", "ecmascript", "module", "jscript")):
            self.nested_html(body, f"{part}!/script {kind}", line, depth)  # a template: markup
            return
        if attrs.get("src", "").lower().startswith("data:"):
            return
        self.js(body, part, "script", line)

    def js(self, body: str, part: str, place: str, line: int) -> None:
        for n, row in enumerate(js_unescape(body).splitlines()):
            if interesting(row):
                self.add(part, place, row, line + n)
        joined = ["".join(js_unescape(next(g for g in m.groups() if g is not None))
                          for m in _JS_STRING.finditer(row)) for row in body.splitlines() if row.count('"') > 3]
        for row in joined:
            self.add(part, f"{place} string literals", row, line)
        for uri in DATA_URI.findall(body):
            self.data_uri(uri, part, line, MAX_NESTING)

    def css(self, body: str, part: str, place: str, line: int, depth: int) -> None:
        decoded = css_unescape(body)
        for m in _CSS_CONTENT.finditer(body):
            strings = [css_unescape(a or b) for a, b in _CSS_STRING.findall(m.group(1))]
            self.add(part, "css content", "".join(strings) or css_unescape(m.group(1)), line)
        for uri in DATA_URI.findall(body):
            self.data_uri(uri, part, line, depth)
        rest = DATA_URI.sub(" ", decoded)
        for n, row in enumerate(rest.splitlines()):
            if interesting(row) or "%" in row:
                self.add(part, place, row, line + n)

    def nested_html(self, text: str, part: str, line: int, depth: int) -> None:
        if depth + 1 > MAX_NESTING:
            self.unscanned(part, "nesting", line, "nesting", "嵌套过深的内嵌网页")
            return
        first = len(self.out.pieces)
        self.source(text, part, depth + 1)
        # text that would be shown in the nested page is not read by the visible-text reader
        for p in self.out.pieces[first:]:
            p.covered = False

    def data_uri(self, uri: str, part: str, line: int, depth: int) -> None:
        decoded = data_uri_bytes(uri)
        inner = f"{part}!/data uri"
        if decoded is None:
            self.unscanned(inner, "data uri", line, "undecodable", "无法解码的 data: 链接")
            return
        mime, params, raw = decoded
        if not raw.strip():
            return
        if len(raw) > self.limits.max_text_size:
            self.unscanned(inner, "data uri", line, "too_large", "过大的 data: 链接")
            return
        if mime.startswith("image/") and not is_markup_mime(mime):
            if self.ocr:
                from screening.documents.ocr import ocr_image_bytes

                segs, findings = ocr_image_bytes(raw, {"part": inner, "place": "data uri image", "line": line},
                                                 "data: 链接中的图片")
                self.out.segments.extend(segs)
                self.out.hygiene.extend(findings)
            else:
                self.unscanned(inner, "data uri image", line, "image", "data: 链接中的图片")
            return
        text = None
        charset = _codec(params.get("charset", "")) if params.get("charset") else None
        if charset:
            try:
                text = raw.decode(charset)
            except UnicodeDecodeError:
                text = None
        if text is None:
            try:
                text = decode_html(raw)[0]
            except DocumentError:
                text = None
        if text is None:
            self.unscanned(inner, "data uri", line, "binary", f"data: 链接中的 {mime} 内容")
            return
        if is_markup_mime(mime) or text.lstrip()[:1] == "<":
            self.nested_html(text, inner, line, depth)
        else:
            for n, row in enumerate(text.splitlines()):
                self.add(inner, "data uri", row, line + n)


_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def _unquote(v: str) -> str:
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'" else v


def _tag(token: str) -> str:
    m = TAG_NAME.match(token)
    return m.group(1).lower() if m else ""


def _json_leaves(data: Any) -> Iterator[str]:
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            for k, v in x.items():
                yield str(k)
                stack.append(v)
        elif isinstance(x, list):
            stack.extend(reversed(x))
        elif x is not None and not isinstance(x, bool):
            yield str(x)


def sweep_source(text: str, limits: Limits | None = None, ocr: bool = False) -> SourceSweep:
    """Every value of an HTML source, decoded, with its place: text, comments, every attribute
    (percent-encoding, query strings, ``\\uXXXX``), ``<script>`` (JSON leaves, JS string literals),
    CSS (``content:`` strings, escapes), ``<template>``, ``iframe srcdoc`` and ``data:`` URIs
    (recursively). ``covered`` marks what the visible-text reader reads itself.

    >>> [(p.place, p.text) for p in sweep_source('<i data-t="%E5%BC%A0">x</i>').pieces]
    [('attribute data-t', '%E5%BC%A0'), ('text', 'x')]
    """
    walker = _SourceWalker(limits or Limits(), ocr)
    walker.source(text, "html", 0)
    return walker.out


def decoded_views(text: str, limits: Limits | None = None) -> Iterator[tuple[str, str]]:
    """``(place, text)`` of every value in decoded form (verification searches them all)."""
    for p in sweep_source(text, limits).pieces:
        for v in text_variants(p.text):
            yield f"{p.part} {p.place} line {p.line}", v
