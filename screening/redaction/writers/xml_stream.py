"""Streaming rewrite of XML parts: every text node and attribute value passed through a function,
every other character copied as it is.

A part is read from the zip in blocks, decoded, cut into tokens (text, tags, comments, CDATA,
processing instructions) and written out block by block: memory stays bounded by the block size
whatever the size of the part. Values are compared with XML character references decoded
(``&#29579;`` is 王); a token is re-encoded only when its value changed.

>>> rewrite_text('<a t="x&amp;139">电话&#49;39</a>', lambda s: (s.replace("139", "***"), ["hit"] if "139" in s else []))
('<a t="x&amp;***">电话***</a>', 2)
>>> unescape("&#x738B;&lt;&amp;"), escape_text("a<b&c"), escape_attr('a"b', '"')
('王<&', 'a&lt;b&amp;c', 'a&quot;b')
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from screening.errors import ResourceLimitExceeded

BLOCK = 1 << 20  # characters decoded per step
#: a transform: new value and the hits that changed it (an empty list: unchanged)
Transform = Callable[[str], tuple[str, list[Any]]]
#: a tag hook: the raw tag text -> the text to write instead (``None``: keep the tag)
TagHook = Callable[[str], str | None]

_TOKEN = re.compile(
    r"""<!--.*?-->"""
    r"""|<!\[CDATA\[.*?\]\]>"""
    r"""|<\?.*?\?>"""
    r"""|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"""
    r"""|<(?:[^>"']|"[^"]*"|'[^']*')*>"""
    r"""|[^<]+""",
    re.S,
)
_ATTR = re.compile(r"""(\s[^\s=/>]+\s*=\s*)(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _ref(m: re.Match[str]) -> str:
    body = m.group(1)
    if body[0] == "#":
        try:
            code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
            return chr(code)
        except (ValueError, OverflowError):
            return m.group(0)
    return _NAMED[body]


def unescape(text: str) -> str:
    """XML character and predefined entity references decoded (others kept as written)."""
    return _REF.sub(_ref, text) if "&" in text else text


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str, quote: str = '"') -> str:
    out = escape_text(text).replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return out.replace('"', "&quot;") if quote == '"' else out.replace("'", "&apos;")


def tag_name(tag: str) -> str:
    """The local name of a start/end/empty tag: ``<x:row r="1">`` -> ``row``."""
    m = re.match(r"</?([^\s/>]+)", tag)
    return m.group(1).rsplit(":", 1)[-1] if m else ""


def attrs_of(tag: str) -> dict[str, str]:
    """Attribute values of a tag, decoded, by (qualified) name."""
    return {m.group(1).strip().rstrip("=").strip(): unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(tag)}


def set_attr(tag: str, name: str, value: str | None) -> str:
    """The tag with attribute ``name`` set (``None``: removed)."""
    pat = re.compile(r"""\s""" + re.escape(name) + r"""\s*=\s*(?:"[^"]*"|'[^']*')""")
    if pat.search(tag):
        return pat.sub("" if value is None else f' {name}="{escape_attr(value)}"', tag, count=1)
    if value is None:
        return tag
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:end]} {name}="{escape_attr(value)}"{tag[end:]}'


def rewrite_tag(tag: str, transform: Transform) -> tuple[str, int]:
    """A start/empty tag with every attribute value passed through ``transform``."""
    if "=" not in tag or tag.startswith(("</", "<?", "<!")):
        return tag, 0
    hits = 0
    out, pos = [], 0
    for m in _ATTR.finditer(tag):
        quote = '"' if m.group(2) is not None else "'"
        raw = m.group(2) if m.group(2) is not None else m.group(3)
        new, found = transform(unescape(raw))
        if found:
            hits += len(found)
            out.append(tag[pos:m.start()])
            out.append(f"{m.group(1)}{quote}{escape_attr(new, quote)}{quote}")
            pos = m.end()
    if not hits:
        return tag, 0
    out.append(tag[pos:])
    return "".join(out), hits


def rewrite_token(tok: str, transform: Transform, tag_hook: TagHook | None = None) -> tuple[str, int]:
    """One token rewritten: a text node, a tag's attributes, a comment's or CDATA section's text."""
    if tok[0] != "<":
        new, found = transform(unescape(tok))
        return (escape_text(new), len(found)) if found else (tok, 0)
    if tok.startswith("<!--"):
        new, found = transform(tok[4:-3])
        return (f"<!--{new.replace('--', '- -')}-->", len(found)) if found else (tok, 0)
    if tok.startswith("<![CDATA["):
        new, found = transform(tok[9:-3])
        return (escape_text(new), len(found)) if found else (tok, 0)
    if tok.startswith(("<?", "<!")):
        new, found = transform(tok)
        return ("", len(found)) if found else (tok, 0)  # a PI or DTD holding a value is dropped
    if tag_hook is not None:
        hooked = tag_hook(tok)
        if hooked is not None:
            tok = hooked
            if not tok:
                return tok, 0
    return rewrite_tag(tok, transform)


def rewrite_text(text: str, transform: Transform, tag_hook: TagHook | None = None) -> tuple[str, int]:
    """A complete XML text rewritten (see :func:`rewrite_token`)."""
    out, hits = [], 0
    for m in _TOKEN.finditer(text):
        new, n = rewrite_token(m.group(0), transform, tag_hook)
        out.append(new)
        hits += n
    return "".join(out), hits


def member_encoding(head: bytes) -> str:
    """The encoding of an XML part from its first bytes (BOM or declaration; UTF-8 otherwise)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    m = re.match(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", head.lstrip(codecs.BOM_UTF8))
    if m:
        try:
            return codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            return "utf-8"
    return "utf-8"


def iter_decoded(fh: IO[bytes], block: int = BLOCK) -> tuple[str, Iterator[str]]:
    """``(encoding, blocks of decoded text)`` of a binary stream."""
    head = fh.read(block)
    enc = member_encoding(head[:200])
    decoder = codecs.getincrementaldecoder(enc)(errors="replace")

    def gen() -> Iterator[str]:
        data = head
        while data:
            text = decoder.decode(data)
            if text:
                yield text
            data = fh.read(block)
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    return enc, gen()


def iter_tokens(blocks: Iterator[str], max_token: int = 64 << 20) -> Iterator[str]:
    """Complete tokens from decoded blocks (a token cut by a block boundary is carried over)."""
    buf = ""
    for block in blocks:
        buf += block
        pos = 0
        n = len(buf)
        for m in _TOKEN.finditer(buf):
            if m.end() == n or m.start() != pos:
                break  # possibly incomplete (text or a tag cut at the end): wait for more
            yield m.group(0)
            pos = m.end()
        buf = buf[pos:]
        if len(buf) > max_token:
            raise ResourceLimitExceeded(f"an XML token longer than {max_token >> 20} MB")
    pos = 0
    for m in _TOKEN.finditer(buf):
        if m.start() != pos:
            yield buf[pos:m.start()].replace("<", "&lt;")  # a stray "<": kept as text, still searched
        yield m.group(0)
        pos = m.end()
    if pos < len(buf):
        yield buf[pos:].replace("<", "&lt;")


class MemberWriter:
    """Text written into a new zip member, encoded as the input was, in blocks."""

    def __init__(self, out: zipfile.ZipFile, info: zipfile.ZipInfo, encoding: str) -> None:
        zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = info.external_attr
        self._fh = out.open(zi, "w", force_zip64=True)
        self._enc = codecs.getincrementalencoder("utf-16" if encoding.startswith("utf-16") else encoding)()
        self._buf: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        if not text:
            return
        self._buf.append(text)
        self._size += len(text)
        if self._size >= BLOCK:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._fh.write(self._enc.encode("".join(self._buf)))
            self._buf, self._size = [], 0

    def close(self) -> None:
        self.flush()
        self._fh.write(self._enc.encode("", final=True))
        self._fh.close()

    def __enter__(self) -> MemberWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def rewrite_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, out: zipfile.ZipFile, transform: Transform,
                   tag_hook: TagHook | None = None) -> int:
    """Copy one XML member, every text node and attribute value through ``transform``; the hits."""
    hits = 0
    with zf.open(info) as fh:
        enc, blocks = iter_decoded(fh)
        with MemberWriter(out, info, enc) as w:
            for tok in iter_tokens(blocks):
                new, n = rewrite_token(tok, transform, tag_hook)
                hits += n
                w.write(new)
    return hits
