"""PERSON in tables: cells under a name column (姓名、户主、申请人 …) in plain-text rows (tab, ``|``, aligned
spaces) and docx/xlsx tables, cells holding a name and a phone (联系人及电话), key-value records (姓名：X).

>>> from recognizers.person_lexicon import lexicon
>>> t = "姓名:王小明 身份证号:略"  # normalised text (full-width colon and space folded)
>>> [t[c.start:c.end] for c in key_values(NameJudge(lexicon()), t)]
['王小明']
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from recognizers import cues
from recognizers.base import Candidate
from recognizers.person_cued import names_from
from recognizers.person_lexicon import (
    CJK,
    DOTS,
    KIN_REF,
    KINSHIP_WORDS,
    NOT_IN_NAME,
    OFFICIAL_TITLES,
    ORG,
    PRIVATE_TRIGGERS,
    SURNAME_TITLES,
    Marks,
    NameJudge,
    candidate,
    padded,
    run_end_at,
    whole_name,
)
from screening.scan_context import ScanContext

_TABLE_START = re.compile(rf"(?m)(?:^|(?<=[\t|])|(?<=[ ]{{2}}))[ ]*(?=[{CJK}])")
_NAME_HEADER = re.compile(cues.alternation(cues.words("name_header")) + "|人$")
#: strict words anywhere in the header, or the whole header 住户 / 业主
_STRICT_NAME_HEADER = re.compile(cues.alternation(cues.words("strict_name_header")) + "|^住户$|^业主$")
_NOT_NAME_HEADER = re.compile(cues.alternation(cues.words("not_name_header")))
#: A column holding a name and a number in one cell (代领人及联系电话, 联系人/电话, 姓名及联系方式, 收款人/账号).
_NAME_PHONE_HEADER = re.compile(
    r"(?:人|姓名)(?:及|和|与|/|、)?(?:联系)?(?:" + cues.alternation(cues.words("name_number_header")) + "|方式)"
)
#: An address column (家庭住址, 户籍地; the ADDRESS recognizer's headers) or another place column (籍贯, 出生地).
_ADDRESS_HEADER = re.compile(cues.alternation(cues.words("address_header", "place_header")))
_CELL = re.compile(rf"(?:[{CJK}]{{2,4}}|[{CJK}]{{2,8}}[{DOTS}][{CJK}]{{2,10}})(?=[ ]{{2,}}|[ ]*[\t|]|[ ]*$)", re.M)
_WORD_START = re.compile(rf"(?<=[^ \n] )(?=[{CJK}])")
#: a word cell that may be a name: a short CJK run followed by a single space or the line's end
_WORD_CELL = re.compile(rf"[{CJK}]{{2,4}}(?:[{DOTS}][{CJK}]{{2,10}})?(?= [^ ]|[ ]*$)", re.M)
_WHOLE_CELL = re.compile(rf"[{CJK}]{{2,4}}")
#: The name opening a name-and-phone cell: then a number or a bracket (乌云其其格 151…, 张三（女婿）).
_NAME_PHONE_CELL = re.compile(rf"(?:[{CJK}]{{2,5}}|[{CJK}]{{1,8}}[{DOTS}][{CJK}]{{2,10}})(?=[ ]*(?:[0-9]|\()|[ ]*[|\t]|[ ]*$)", re.M)
#: A key-value record: ``姓名：X`` (also 户主姓名：, 申请人姓名：), one record per line or per cell.
_NAME_KEY = re.compile(  # 姓名：自述名为“X”: a word introducing the name and a quote may stand before it
    rf"(?:^|(?<=[^{CJK}]))(?P<key>[{CJK}]{{0,4}}姓名)[:][ ]*(?:{cues.alternation(cues.words('name_intro'))})?[“\"「]?(?=[{CJK}])",
    re.M)
#: A key-value row of a ``|`` form: ``| 申请人姓名 | X | 性别 | 女 |`` (the key's cell, then the value's)
_NAME_KEY_CELL = re.compile(rf"(?:^|(?<=\|))[ ]*(?P<key>[{CJK}]{{0,4}}姓名)[ ]*\|[ ]*(?=[{CJK}][^|\n]*\|[ ]*[{CJK}])", re.M)
#: A place written in a table cell (白塔镇, 杨庄村, 团结社区, 3组): never a name.
PLACE_END = cues.words("cell_place_end")
#: What a name column holds when it holds no name: totals, blanks, notes, the role of the row.
FILLERS = frozenset(cues.words("cell_filler"))
_ROLE_WORDS = frozenset(PRIVATE_TRIGGERS + OFFICIAL_TITLES) | KINSHIP_WORDS
#: Characters no whole name cell holds past its surname (张某, 李×, 您, 他们; 么学军 is a name); 那 also ends
#: Mongolian names (那顺, 那日松, 图那).
_NEVER_IN_NAME = NOT_IN_NAME - {"那"}


@dataclass
class TableCells:
    """The reader cells (docx/xlsx) of one text under a name or an address column, in text order, as
    parallel lists (a big sheet has a million cells: no object per cell), and ``plain``: the other
    segments that may hold a plain-text table. Built once per scan (``ctx.cache``)."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    #: ``(start, end)`` of the cells under a name column (any kind but ``address``) / an address column
    names: list[tuple[int, int]] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)
    plain: list[tuple[int, int]] = field(default_factory=list)

    def __contains__(self, pos: object) -> bool:
        """Whether a cell starts at ``pos``."""
        if not isinstance(pos, int):
            return False
        i = bisect.bisect_left(self.starts, pos)
        return i < len(self.starts) and self.starts[i] == pos

    def at(self, pos: int) -> int:
        """Index of the cell holding ``pos``, or -1."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.ends[i] else -1


class _HeaderKinds(dict[str, str | None]):
    """raw column header -> its kind, computed on first use: a sheet has a few headers and a million cells."""

    def __missing__(self, raw: str) -> str | None:
        kind = self[raw] = _header(raw)[1]
        return kind


@lru_cache(maxsize=4096)
def _header(raw: str) -> tuple[str, str | None]:
    """The header as ``column_header_at`` gives it (padding spaces removed: 姓　名) and its kind."""
    header = re.sub(r"[ \u3000]+", "", raw)
    return header, header_kind(header)


def table_cell_map(text: str, ctx: ScanContext) -> TableCells:
    """The :class:`TableCells` of ``text``, cached in ``ctx.cache``: the headed segments of
    ``ctx.headed_segments()`` and the other segments holding a tab, ``|`` or two spaces."""
    cells = ctx.cache.get("person.cells")
    if cells is not None:
        return cells
    cells = ctx.cache["person.cells"] = TableCells()
    n, span, kinds = len(text), ctx.segment_span, _HeaderKinds()
    starts, ends, cell_kinds, headers = cells.starts, cells.ends, cells.kinds, cells.headers
    for i, raw in [(i, raw) for i, raw in ctx.headed_segments() if kinds[raw] is not None]:
        s, e = span(i)
        if 0 <= s <= e <= n:
            header, kind = _header(raw)
            starts.append(s)
            ends.append(e)
            cell_kinds.append(kind)  # type: ignore[arg-type]  # only headers with a kind get here
            headers.append(header)
            (cells.places if kind == "address" else cells.names).append((s, e))
    if ctx.segments:
        cells.plain = _plain_segments(text, ctx)
    return cells


def _plain_segments(text: str, ctx: ScanContext) -> list[tuple[int, int]]:
    """Spans of the segments without a column header that hold a tab, ``|`` or two spaces (they may
    hold a plain-text table), from one search of the text: a sheet rarely has any."""
    out: list[tuple[int, int]] = []
    segments, n, pos = ctx.segments, len(text), 0
    marks = Marks(text, ("\t", "|", "  "))
    while (p := marks.find(pos)) >= 0:
        pos = p + 1
        i = bisect.bisect_right(range(len(segments)), p, key=lambda j: ctx.segment_span(j)[0]) - 1
        if i < 0:
            continue
        s, e = ctx.segment_span(i)
        if not s <= p < e:
            continue  # not in a segment
        pos = max(pos, e)
        if not segments[i].column_header:
            out.append((max(0, s), min(n, e)))
    return out


_MASK = "\x00"


def masked(text: str, cells: TableCells, found: Iterable[tuple[int, int]]) -> str:
    """``text`` with the reader cells that need no more reading blanked (same offsets): the address
    cells and the name cells whose whole text is a ``found`` name.

    >>> t = "姓名|王小明|家庭住址|白塔镇3组"
    >>> masked(t, TableCells(names=[(3, 6)], places=[(12, 17)]), [(3, 6)]).replace(_MASK, "_")
    '姓名|___|家庭住址|_____'
    """
    spans = set(found)
    blank = sorted(cells.places + [span for span in cells.names if span in spans])
    out, last = [], 0
    for s, e in blank:
        out += [text[last:s], _MASK * (e - s)]
        last = e
    return "".join(out) + text[last:] if blank else text


def not_in_cell(text: str, ctx: ScanContext, s: int, e: int) -> bool:
    """The candidate ``text[s:e]`` is vetoed by its table cell: an address column's (白塔镇和平社区 under
    家庭住址), or, in any cell, one that reads as a place (杨庄村, 团结社区)."""
    if not ctx.segments and "\t" not in text and "|" not in text and "  " not in text:
        return False
    cells = table_cell_map(text, ctx)
    i = cells.at(s)
    if i >= 0:  # a reader cell under a name or an address column
        kind: str | None = cells.kinds[i]
    else:  # a reader row (a cell under another column, or none) or a plain-text table row
        unit = ctx.unit(s)
        if unit.row is None:
            return False
        kind = header_kind(unit.header) if unit.header else None
    return kind == "address" or text.endswith(PLACE_END, s, e)


def table_cells(judge: NameJudge, text: str, ctx: ScanContext) -> Iterator[Candidate]:
    """Cells under a name column (姓名、户主、申请人 ...): tab/``|`` rows, space-aligned rows, docx/xlsx."""
    if not ctx.segments:
        if "\t" in text or "|" in text or "  " in text:
            yield from _plain_cells(judge, text, ctx, 0, len(text))
        return
    cells = table_cell_map(text, ctx)  # reader cells are judged by their column header
    yield from _reader_cells(judge, text, cells)
    for ps, pe in cells.plain:  # other segments may hold a plain-text table
        yield from _plain_cells(judge, text, ctx, ps, pe)


def _reader_cells(judge: NameJudge, text: str, cells: TableCells) -> Iterator[Candidate]:
    """The names in the reader cells under a name column (the roster's hot loop: the usual whole 2-4
    character cell costs one memoised verdict)."""
    n = len(text)
    for cs, ce, kind, header in zip(cells.starts, cells.ends, cells.kinds, cells.headers, strict=True):
        if kind == "address":
            continue
        if (
            kind != "name_phone" and _WHOLE_CELL.fullmatch(text, cs, ce)
            and (cs == 0 or text[cs - 1] == "\n") and (ce == n or text[ce] == "\n")
            and not text.startswith(header, cs)
        ):
            verdict = _whole_cell(judge, text[cs:ce], kind)
            if verdict is not None:
                if verdict is not False:
                    yield candidate(cs, ce, 0.9, f"列标题“{header}”{verdict}", "private")
                continue
        for m in _TABLE_START.finditer(text, cs, ce):
            if not text.startswith(header, m.end()):
                yield from _cell(judge, text, m.end(), header, kind)


def _plain_cells(judge: NameJudge, text: str, ctx: ScanContext, start: int, end: int) -> Iterator[Candidate]:
    """Name-column cells of plain-text tables (and reader cells without a header) in ``[start, end)``."""
    skip_until = -1
    for m in _TABLE_START.finditer(text, start, end):
        s = m.end()
        if s < skip_until:
            continue
        if ctx.table_at(s) is None:
            le = text.find("\n", s)
            skip_until = len(text) if le < 0 else le  # tables are whole lines: skip the rest of this one
            continue
        header = ctx.column_header_at(s)
        if not header or text.startswith(header, s):
            continue  # no header, or the header row itself
        kind = header_kind(header)
        if kind is not None and kind != "address":
            yield from _cell(judge, text, s, header, kind)
    yield from _word_cells(judge, text, ctx, start, end)


def _word_cells(judge: NameJudge, text: str, ctx: ScanContext, start: int, end: int) -> Iterator[Candidate]:
    """Cells set apart by single spaces in a space-aligned table read word by word (序号 名称 经营者 …:
    ``1 某某茶水铺 季香 3212…``): the cells :func:`_plain_cells` does not reach."""
    for table in ctx.text_tables():
        if not table.header_words or table.end <= start or table.start >= end:
            continue
        for m in _WORD_START.finditer(text, max(start, table.start), min(end, table.end)):
            s = m.end()
            header = ctx.column_header_at(s)
            if not header or text.startswith(header, s) or text[s - 2 : s] == "  ":
                continue  # no header, the header row, or a cell _plain_cells read
            kind = header_kind(header)
            if kind is not None and kind != "address" and _WORD_CELL.match(text, s):
                yield from _cell(judge, text, s, header, kind)


@lru_cache(maxsize=1 << 16)
def _whole_cell(judge: NameJudge, name: str, kind: str) -> str | Literal[False] | None:
    """What :func:`_cell` decides for a cell that is exactly ``name`` under a ``strict`` or ``name``
    column: False (never a name), the suffix of the cue of a whole-cell name, or None (read it)."""
    if cell_veto(judge, name):
        return False
    if name in judge.lex.negative and surname_word(judge, name):
        return "（整格为姓名，虽为常用词）"
    if kind == "strict" and not judge.lex.negative_word_at(name, 0):
        # no regular surname (旦增, 乌兰图雅): a name only with usual name characters (not 不详, 暂无)
        if judge.lex.surname_at(name, 0) is not None or any(c in DOTS for c in name):
            return ""
        if sum(judge.lex.given(c) for c in name) > -3.0:
            return ""
    return None


def _cell(judge: NameJudge, text: str, s: int, header: str, kind: str) -> Iterator[Candidate]:
    """The name(s) in the cell starting at ``s`` under a name column ``header`` of ``kind``."""
    cue = f"列标题“{header}”"
    if kind == "name_phone":  # 乌云其其格 151 3941 0082, 图雅 135…
        m = _NAME_PHONE_CELL.match(text, s)
        if m is not None and whole_name(judge, m.group()):
            yield candidate(s, m.end(), 0.85, cue + "（姓名+电话）", "private")
        return
    if kind == "strict" and (pad := padded(judge, text, s)) is not None:
        yield candidate(s, pad, 0.9, cue + "（等宽补空格的两字姓名）", "private")
        return
    cell = _CELL.match(text, s)  # the whole cell under 姓名 (旦增, 蒲洋): a name unless a known word
    verdict = _whole_cell(judge, cell.group(), kind) if cell else None
    if verdict is False:
        return
    if cell and verdict is not None:
        yield candidate(s, cell.end(), 0.9, cue + verdict, "private")
        return
    for c in names_from(judge, text, s, cue, "private", strong=True):  # read as after a strong cue
        c.explanation = [cue] if c.explanation[0].startswith("触发词") else c.explanation
        c.attributes["cues"] = c.explanation
        c.score = 0.9
        yield c


def cell_veto(judge: NameJudge, name: str) -> bool:
    """A whole name-column cell that is never a name: a filler (合计, 以下空白), a role or kinship word, an
    organisation, a place (白塔镇), a de-identified form (张某) or a surname with a form of address (王先生).

    >>> from recognizers.person_lexicon import lexicon
    >>> [cell_veto(NameJudge(lexicon()), w) for w in ("吴晓东", "韩国", "合计", "白塔镇", "王先生")]
    [False, False, True, True, True]
    """
    given = name[1:] if name[:1] in judge.lex.surnames else name  # 么学军: a surname never given
    if name in FILLERS or name in _ROLE_WORDS or not _NEVER_IN_NAME.isdisjoint(given) or name.endswith(PLACE_END):
        return True
    if ORG.search(name) is not None or KIN_REF.match(name) is not None:
        return True
    sur = judge.lex.surname_at(name, 0)
    return sur is not None and name[len(sur) :] in SURNAME_TITLES


def surname_word(judge: NameJudge, name: str) -> bool:
    """A whole name-column cell that is also a word (韩国, 黄金, 金花) is a name when its surname is common
    (or compound) and its other one or two characters are usual in given names.

    >>> from recognizers.person_lexicon import lexicon
    >>> [surname_word(NameJudge(lexicon()), w) for w in ("韩国", "金花", "金额", "合计")]
    [True, True, False, False]
    """
    lex = judge.lex
    sur = lex.surname_at(name, 0)
    if sur is None or not 1 <= len(name) - len(sur) <= 2:
        return False
    return (len(sur) == 2 or lex.surnames[sur] >= 50) and all(lex.given(c) > -1.0 for c in name[len(sur) :])


@lru_cache(maxsize=4096)
def header_kind(header: str) -> str | None:
    """What a column header says about its cells: ``name_phone``, ``strict`` (姓名/户主 ...), ``name`` (a
    weaker name header), ``address`` (家庭住址, 户籍地) or None.

    >>> header_kind("户主姓名"), header_kind("救助对象"), header_kind("家庭住址"), header_kind("金额")
    ('strict', 'name', 'address', None)
    """
    if _NAME_PHONE_HEADER.search(header):
        return "name_phone"
    if not _NAME_HEADER.search(header) or _NOT_NAME_HEADER.search(header):
        return "address" if _ADDRESS_HEADER.search(header) else None
    return "strict" if _STRICT_NAME_HEADER.search(header) else "name"


def key_values(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Key-value records: ``姓名：X　身份证号：…`` (the padded form 姓名：关　慧 included), and the key and value
    cells of a ``|`` form row (``| 申请人姓名 | X | 性别 | 女 |``)."""
    if "姓名:" not in text and "姓名 |" not in text:  # a key needs its colon or its own cell (a header is none)
        return
    for m in itertools.chain(_NAME_KEY.finditer(text), _NAME_KEY_CELL.finditer(text)):
        cue = f"键值“{m.group('key')}：”"
        s, run_end = m.end(), run_end_at(text, m.end())
        if 3 <= run_end - s <= 18 and (run_end == len(text) or text[run_end] in " \t|,;(\n") and whole_name(judge, text[s:run_end]):
            found = [candidate(s, run_end, 0.9, cue + "（整项为姓名）", "private")]  # 户主姓名：乌兰图雅　…
        else:
            found = list(names_from(judge, text, s, cue, "private", strong=True))
            for c in found:
                c.explanation[0] = c.explanation[0].replace(f"触发词“{cue}”", cue)
                c.attributes["cues"] = list(c.explanation)
        for c in found:
            c.attributes["weak"] = True  # 姓名：X … 现任…局长 in a personnel notice may be an official
            yield c
