"""SECRECY_MARKING: a document's own 密级 and 内部 markings (GB/T 9704 版头), by position and shape.

A marking is a *short standalone line* near the top of the first page (or in a header, footer or
watermark): ``秘密★1年``, ``机密 1年`` (the ★ lost in extraction), ``绝密·核心``, a 6-digit 份号
followed by a 密级 line (the finding is the 密级 line; the 份号 goes into its ``copy_number``
attribute), ``内部资料　注意保存``. The same words inside running text ("加强保密审查",
"不得泄露国家秘密", "标注“工作秘密”字样的文件") are *not* markings, so a document that only
discusses 保密工作 yields no finding.

The line parser here (:func:`marking_lines`) is shared with the process-draft and
publication-attribute recognizers: a line counts as a *mark line* when it consists only of known
marks (secrecy, urgency, draft stage, publication note, 份号) and separators.

>>> from screening.scan_context import ScanContext
>>> text = "000123\\n机密★5年\\n特急\\n\\n关于加强保密审查工作的通知\\n各单位要加强保密审查。"
>>> [(c.start, text[c.start:c.end]) for c in SecrecyMarkingRecognizer().find(text, ScanContext.for_text(text))]
[(7, '机密★5年')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from recognizers.base import Candidate, CnRecognizer
from screening.scan_context import ScanContext

#: How many non-empty lines at the top of a plain text count as the 版头 area.
TOP_LINES = 10
#: How many non-empty lines at the end count as the 版记 area (strong marks only).
BOTTOM_LINES = 3
#: Segment kinds that are page furniture (marks there count wherever they are).
FURNITURE_KINDS = frozenset({"header", "footer", "watermark", "first_page_header", "first_page_footer"})

_NUM = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"
_PERIOD = rf"(?:{_NUM}\s*(?:年|个月|月)|长期|启用前|公布前|解密前)"
_STAR = r"[★☆*✩✭⭐]"
_OPEN = r"[(\[【〔<《「]?"
_CLOSE = r"[)\]】〕>》」]?"

# kind -> pattern of one mark token (matched at a position inside a line)
_MARK_PATTERNS: dict[str, str] = {
    "secret_core": r"绝密\s*[·•・.]\s*核心",
    "secret": rf"(?:密级\s*:?\s*)?(?:绝密|机密|秘密)(?:\s*{_STAR}\s*{_PERIOD}|\s*{_STAR}|\s*{_PERIOD})?"
    rf"|(?:核心|普通)商密(?:\s*{_STAR}\s*{_PERIOD}?)?|保密期限\s*:?\s*{_PERIOD}",
    "internal": r"内部资料|内部使用|注意保存|内部文件|内部参阅|内部刊物|内部传阅|内部明电"
    r"|仅供内部(?:使用|参考|参阅|传阅)?|仅限内部(?:使用|参阅|传阅)?"
    r"|不得外传|严禁外传|请勿外传|禁止外传|工作秘密|内部",
    "urgency": r"(?:紧急程度\s*:?\s*)?(?:特急|加急|特提|平急)|急件",
    "draft": r"征求意见稿|内部讨论稿|讨论稿|送审稿|初稿|草稿|修改稿|修订稿|审议稿|代拟稿|报批稿|送签稿|未定稿"
    rf"|第{_NUM}稿",
    "publication": r"此件(?:公开发布|不予?公开|依申请公开|主动公开|部分公开|删减后公开)|免予公开|不予公开"
    r"|依申请公开|主动公开|部分公开",
    "copy_number": r"(?:No\.?\s*)?\d{6}",
}
_TOKEN = re.compile(
    _OPEN + r"(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _MARK_PATTERNS.items()) + r")" + _CLOSE
)
_SEPARATORS = re.compile(r"[\s,，、;；:：/|]+")

#: Mark kinds whose appearance as a whole line is conclusive anywhere in a plain text.
STRONG_SECRET = re.compile(rf"(?:密级\s*:?\s*)?(?:绝密|机密|秘密)\s*{_STAR}|绝密\s*[·•・.]\s*核心|(?:绝密|机密|秘密)\s*{_PERIOD}")


_LEVEL = re.compile(r"绝密|机密|秘密|核心商密|普通商密")


@dataclass(frozen=True)
class Mark:
    """One mark token on a mark line (normalized offsets)."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MarkLine:
    """A line made only of marks. ``where``: ``top``, ``bottom``, ``body`` or a segment kind."""

    start: int
    end: int
    where: str
    marks: tuple[Mark, ...]

    @property
    def in_zone(self) -> bool:
        """Near the top of the first page, in the 版记 area, or page furniture."""
        return self.where != "body"


def parse_mark_line(text: str, start: int, end: int) -> tuple[Mark, ...] | None:
    """The marks of ``text[start:end]`` if the line is made only of marks and separators.

    >>> t = "秘密★1年　特急"
    >>> [m.kind for m in parse_mark_line(t, 0, len(t))]
    ['secret', 'urgency']
    >>> parse_mark_line("加强保密审查", 0, 6) is None
    True
    """
    pos = start
    marks: list[Mark] = []
    while pos < end:
        sep = _SEPARATORS.match(text, pos, end)
        if sep:
            pos = sep.end()
            continue
        m = _TOKEN.match(text, pos, end)
        if m is None or m.end() == pos:
            return None
        kind = m.lastgroup or ""
        ks, ke = m.span(kind)
        # a mark must end at a separator/line end (绝密文件 is not 绝密 + 文件)
        nxt = m.end()
        if nxt < end and not _SEPARATORS.match(text, nxt, end):
            return None
        marks.append(Mark(kind, ks, ke, text[ks:ke]))
        pos = nxt
    return tuple(marks) or None


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    n = len(text)
    while pos <= n:
        e = text.find("\n", pos)
        if e < 0:
            e = n
        yield pos, e
        pos = e + 1


def _nonempty_lines(text: str, ctx: ScanContext) -> list[tuple[int, int]]:
    cached = ctx.cache.get("nonempty_lines")
    if cached is not None and cached[0] is text:
        return cached[1]
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    ctx.cache["nonempty_lines"] = (text, lines)
    return lines


def _has_layout(ctx: ScanContext) -> bool:
    """Does the reader say where the top of the first page and the page furniture are?"""
    cached = ctx.cache.get("has_layout")
    if cached is None:
        segments = ctx.segments  # only the few layout segments are looked at (cells of big sheets are lazy)
        cached = ctx.cache["has_layout"] = any(
            segments[i].first_page_top or segments[i].kind in FURNITURE_KINDS for i in ctx.layout_segments()
        )
    return cached


def _zone(i: int, s: int, n_lines: int, ctx: ScanContext, layout: bool) -> str:
    """The zone of the ``i``-th of ``n_lines`` non-empty lines, starting at ``s``."""
    if layout:
        seg = ctx.segment_at(s)
        if seg is not None and seg.kind in FURNITURE_KINDS:
            return seg.kind
        if seg is not None and seg.first_page_top:
            return "top"
        return "body"  # the reader knows the layout: no guessing from line numbers
    if i < TOP_LINES and ctx.at_document_start:  # a long text is scanned in chunks
        return "top"
    if i >= n_lines - BOTTOM_LINES and ctx.at_document_end:
        return "bottom"
    return "body"


def zone_of(text: str, ctx: ScanContext, pos: int) -> tuple[int, int, str] | None:
    """``(line_start, line_end, zone)`` of the non-empty line holding ``pos``."""
    if not 0 <= pos <= len(text):
        return None
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    e = len(text) if e < 0 else e
    if not text[s:e].strip():
        return None
    return s, e, _line_zone(text, ctx, s)


def _zones(text: str, ctx: ScanContext) -> list[tuple[int, int, str]]:
    """Every non-empty line with its zone (``top``/``bottom``/``body`` or a furniture kind)."""
    lines = _nonempty_lines(text, ctx)
    layout = _has_layout(ctx)
    return [(s, e, _zone(i, s, len(lines), ctx, layout)) for i, (s, e) in enumerate(lines)]


def marking_lines(text: str, ctx: ScanContext) -> list[MarkLine]:
    """All lines made only of marks, with their zone; cached per scan in ``ctx.cache``.

    >>> t = "内部资料　注意保存\\n\\n工作简报"
    >>> [(ml.where, [m.text for m in ml.marks]) for ml in marking_lines(t, ScanContext.for_text(t))]
    [('top', ['内部资料', '注意保存'])]
    """
    cached = ctx.cache.get("marking_lines")
    if cached is not None and cached[0] is text:
        return cached[1]
    out = []
    for s, e in _candidate_lines(text):
        marks = parse_mark_line(text, s, e) if e - s <= 60 else None  # a marking line is short
        if marks:  # the zone (a segment lookup for read documents) only for real mark lines
            out.append(MarkLine(s, e, _line_zone(text, ctx, s), marks))
            continue
        taken = -1
        for hs, he in _spaced_ends(text, s, e):
            if hs < taken:  # a shorter head of a head already taken
                continue
            marks = parse_mark_line(text, hs, he)
            if marks and any(m.kind == "secret" and STRONG_SECRET.match(m.text) for m in marks):
                out.append(MarkLine(hs, he, _line_zone(text, ctx, s), marks))
                taken = he
        if taken < 0 and (head := _head_before_one_gap(text, s, e)) is not None:
            # one space or a tab after a strong 密级 that opens a line of the 版头 (绝密★启用前　关于…)
            zone = _line_zone(text, ctx, s)
            marks = parse_mark_line(text, *head)
            if zone == "top" and marks and any(m.kind == "secret" and STRONG_SECRET.match(m.text) for m in marks):
                out.append(MarkLine(head[0], head[1], zone, marks))
    ctx.cache["marking_lines"] = (text, out)
    return out


#: a run of two or more spaces (full-width spaces are folded to spaces before matching): GB/T 9704 set
#: apart by it a 密级 that shares its line with the title or the 份号
_WIDE_GAP = re.compile(r"[ \t]{2,}")


def _spaced_ends(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The heads and tails of a line that end (start) at a wide gap, at most 30 characters, longest first:
    where a 密级 stands when it shares a line with the title (``绝密★启用前　　　关于…的通知``).

    >>> t = "000321  机密★1年  关于某事的报告"
    >>> [t[a:b] for a, b in _spaced_ends(t, 0, len(t))]
    ['000321  机密★1年', '000321', '机密★1年  关于某事的报告', '关于某事的报告']
    """
    gaps = list(_WIDE_GAP.finditer(text, s, e))
    a = s + len(text[s:e]) - len(text[s:e].lstrip())
    z = s + len(text[s:e].rstrip())
    heads = [(a, g.start()) for g in reversed(gaps)]
    tails = [(g.end(), z) for g in gaps]
    return [(x, y) for x, y in heads + tails if 0 < y - x <= 30]


#: one space or tab (full-width spaces are folded) after a 密级 that opens the line, ★ or period required
_HEAD_ONE_GAP = re.compile(rf"[ \t]*(?:\d{{6}}[ \t]+)?(?:{_OPEN}(?:密级\s*:?\s*)?(?:绝密|机密|秘密)\s*(?:{_STAR}\s*{_PERIOD}?|{_PERIOD}){_CLOSE}"
                           rf"|绝密\s*[·•・.]\s*核心)(?=[ \t][^ \t])")


def _head_before_one_gap(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The head of a line that is a strong 密级 (with ★ or a period, or 绝密·核心) followed by a single space or
    tab and more text: ``绝密★启用前　关于…的通知`` (one full-width space). ``None`` when there is no such head.

    >>> t = "机密★1年\\t关于某事的报告"
    >>> _head_before_one_gap(t, 0, len(t))
    (0, 5)
    >>> _head_before_one_gap("秘密★级文件 由专人保管", 0, 12) is None
    True
    """
    m = _HEAD_ONE_GAP.match(text, s, e)
    if m is None:
        return None
    a = s + len(text[s : m.end()]) - len(text[s : m.end()].lstrip())
    return a, m.end()


#: a character every mark but a 份号 holds (密级, 内部, 注意保存, 外传, 特急, 特提, …稿, …公开)
_MARK_CHAR = re.compile(r"[密内注外急提稿公]")
#: the break before a line that may be made of 份号 only: it starts with six digits, or with a separator,
#: a bracket or ``No.`` (the line is then parsed; the first line of the text always is)
_COPY_LINE = re.compile(r"\n(?=\d{6}(?!\d)|[\s,，、;；:：/|(\[【〔<《「N])")


def _candidate_lines(text: str) -> list[tuple[int, int]]:
    """The lines that can be mark lines: those holding a mark character or that may start with a 份号
    -- two whole-text searches instead of a parse of every line (a 100,000-row sheet has a million).

    >>> t = "标题\\n000123\\n秘密★1年\\n正文"
    >>> [t[s:e] for s, e in _candidate_lines(t)]
    ['标题', '000123', '秘密★1年']
    """
    n = len(text)
    starts = {0}
    pos = 0
    while (m := _MARK_CHAR.search(text, pos)) is not None:
        starts.add(text.rfind("\n", 0, m.start()) + 1)
        e = text.find("\n", m.start())
        if e < 0:
            break
        pos = e + 1  # one search per line
    starts.update(m.start() + 1 for m in _COPY_LINE.finditer(text))
    out = []
    for s in sorted(starts):
        e = text.find("\n", s)
        out.append((s, n if e < 0 else e))
    return out


def _edge_lines(text: str, ctx: ScanContext) -> tuple[set[int], set[int]]:
    """Starts of the first :data:`TOP_LINES` and the last :data:`BOTTOM_LINES` non-empty lines."""
    cached = ctx.cache.get("edge_lines")
    if cached is not None and cached[0] is text:
        return cached[1]
    top: list[int] = []
    for s, e in _lines(text):
        if len(top) == TOP_LINES:
            break
        if text[s:e].strip():
            top.append(s)
    bottom: list[int] = []
    e = len(text)
    while e >= 0 and len(bottom) < BOTTOM_LINES:
        s = text.rfind("\n", 0, e) + 1
        if text[s:e].strip():
            bottom.append(s)
        e = s - 1
    found = (set(top), set(bottom))
    ctx.cache["edge_lines"] = (text, found)
    return found


def _line_zone(text: str, ctx: ScanContext, s: int) -> str:
    """The zone of the non-empty line starting at ``s`` (:func:`_zone` without listing every line)."""
    if _has_layout(ctx):
        return _zone(0, s, 0, ctx, True)
    top, bottom = _edge_lines(text, ctx)
    if s in top and ctx.at_document_start:
        return "top"
    if s in bottom and ctx.at_document_end:
        return "bottom"
    return "body"


def zone_lines(text: str, ctx: ScanContext) -> list[tuple[int, int, str]]:
    """Non-empty lines with their zone (see :func:`marking_lines`), cached per scan."""
    cached = ctx.cache.get("zone_lines")
    if cached is not None and cached[0] is text:
        return cached[1]
    out = _zones(text, ctx)
    ctx.cache["zone_lines"] = (text, out)
    return out


_WHERE_LABEL = {"top": "首页顶部", "bottom": "文末版记", "body": "正文独立成行"}


def where_label(where: str) -> str:
    return _WHERE_LABEL.get(where, f"页面{where}")


class SecrecyMarkingRecognizer(CnRecognizer):
    """密级和保密期限、绝密·核心、内部资料/工作秘密 等标志 -- standalone lines only (份号 as an attribute)."""

    ENABLED = True
    ENTITIES = ("SECRECY_MARKING",)
    _KINDS = ("secret", "secret_core", "internal")

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        lines = marking_lines(text, ctx)
        for i, ml in enumerate(lines):
            secret = [m for m in ml.marks if m.kind in self._KINDS]
            strong = any(m.kind != "internal" and STRONG_SECRET.match(m.text) for m in secret) or (
                sum(m.kind == "internal" and m.text != "内部" for m in secret) >= 2
            )
            if not secret or not (ml.in_zone or strong):
                continue
            for run in _runs(secret, text):
                kinds = {m.kind for m in run}
                expl = [f"{where_label(ml.where)}的独立标志行", "标志：" + " ".join(m.text for m in run)]
                level = next((lv.group() for m in run if (lv := _LEVEL.search(m.text))), None)
                attrs: dict[str, object] = {"marking": text[run[0].start : run[-1].end], "position": ml.where}
                if level:
                    attrs["level"] = level
                    expl.insert(0, "密级标志（GB/T 9704 版头）")
                    copy = _copy_number(lines[max(0, i - 2) : i + 1], run[0].start)
                    if copy:
                        attrs["copy_number"] = copy
                        expl.append(f"份号 {copy}（份号行本身不是标志，记入属性）")
                score = 0.95 if ("secret" in kinds or "secret_core" in kinds or ml.in_zone) else 0.85
                yield Candidate("SECRECY_MARKING", run[0].start, run[-1].end, score, expl, attrs)


def _copy_number(before: list[MarkLine], start: int) -> str | None:
    """The 6-digit 份号 at the top just before a 密级 mark (same line or up to two mark lines above).

    >>> t = "000042\\n秘密★1年"
    >>> _copy_number([MarkLine(0, 6, "top", parse_mark_line(t, 0, 6))], 7)
    '000042'
    """
    nums = [m for ml in before if ml.where == "top" for m in ml.marks if m.kind == "copy_number" and m.start < start]
    return nums[-1].text if nums else None


def _runs(marks: list[Mark], text: str) -> list[list[Mark]]:
    """Group marks separated only by separators into one finding (内部资料　注意保存)."""
    runs: list[list[Mark]] = []
    for m in marks:
        if runs and _SEPARATORS.fullmatch(text[runs[-1][-1].end : m.start] or " "):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs
