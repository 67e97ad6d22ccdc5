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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from screening.documents import embedded_ocr
from screening.documents.limits import Limits
from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.text import decode_text
from screening.errors import DocumentError

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
    with open(path, "rb") as fh:
        data = fh.read()
    declared = detect_html_encoding(data)
    text = None
    if declared:
        try:
            text = data.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(declared, declared))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        try:
            text, _, _ = decode_text(data)
        except DocumentError as exc:
            raise DocumentError(exc.message, path=path) from None
    doc = read_html_text(text, path)
    doc.facts["encoding"] = declared or "detected"
    return doc


def read_html_text(text: str, path: str | None = None) -> Document:
    """Read HTML given as a string."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        raise DocumentError("empty HTML document", path=path)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"unreadable HTML ({exc})", path=path) from None
    tree = root.getroottree()
    segments: list[Segment] = []
    hidden_blocks = 0
    first = 8
    for block in iter_blocks(root):
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
    hygiene = []
    if hidden_blocks:
        hygiene.append(hygiene_finding("HIDDEN_TEXT", f"网页含 {hidden_blocks} 处隐藏文字（display:none 等，源码中仍可见，已一并审查）",
                                       {"part": "body"}, attributes={"count": hidden_blocks}))
    if comments:
        hygiene.append(hygiene_finding("COMMENTS", f"网页源码含 {comments} 条 HTML 注释（已一并审查）",
                                       {"part": "comment"}, attributes={"count": comments}))
    hygiene.extend(embedded_ocr.html_images(root, tree, path, segments))  # issue 16: <img> data:/local files
    return Document(path=path, format="html", segments=segments, facts={"chars": len(text)}, hygiene=hygiene)


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
