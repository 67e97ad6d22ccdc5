"""Table rows for sensitive-information screening: cells, header-cued phrases and the name column.

In a 公示 table the column header says what a cell holds: under 疾病名称/病情/诊断/残疾类别及等级/
健康状况 the whole cell is health information (``肝包虫病术后``, ``肢体二级``), under 年龄 a value
below 18 is a minor's age, under 就读学校/班级 the cell is a pupil's school or class. Headers come from
``ctx.column_header_at`` (tab-, ``|``- and space-aligned plain-text tables, docx/xlsx cells).

>>> from screening.scan_context import ScanContext
>>> ctx = ScanContext.for_text("序号\\t姓名\\t病情\\t年龄\\n1\\t甲某某\\t左胫骨骨裂\\t12岁\\n")
>>> [(p.subtype, p.text) for p in header_phrases(ctx.text, ctx)]
[('health', '左胫骨骨裂'), ('minor', '12岁')]
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from operator import itemgetter

from recognizers import cues
from recognizers.sensitive_phrases import Phrase
from screening.scan_context import ScanContext

#: cell separators inside one row: tab, |, or a run of 2+ spaces between two cells
_CELL = re.compile(r"[^\t|\n]+?(?=\t|\||  |$)", re.M)
_SPACE_RUNS = re.compile(r"\S {2,}(?=\S)")

HEALTH_HEADERS = cues.words("health_header")
SCHOOL_HEADERS = cues.words("school_header")
AGE_HEADERS = cues.words("age_header")
#: a birth date column: a date that makes the person younger than 18 is a minor's
BIRTH_HEADERS = cues.words("birth_header")
#: headers naming something else about the same topic (残疾证号, 病种数量, 补贴标准)
_OTHER_HEADER = re.compile(cues.alternation(cues.words("other_header")))
#: cell values that say nothing about a person's health or schooling
EMPTY_VALUES = frozenset(cues.words("empty_value"))
_AGE_CELL = re.compile(r"(\d{1,3})\s*(?:周?岁)?")
_TRAILING_AGE = re.compile(r"\s*\(\s*\d{1,3}\s*周?岁\s*\)$")
_CHILD_HEADER = re.compile(cues.alternation(cues.words("school_header", "pupil_header")))


def is_row(text: str, ls: int, le: int, ctx: ScanContext | None) -> bool:
    """Is ``text[ls:le]`` a table row (tab/``|`` separated, or space-aligned under a header)?"""
    line = text[ls:le]
    if "\t" not in line and "|" not in line and "  " not in line:  # most lines (and every sheet cell)
        return False
    if line.count("\t") >= 2 or line.count("|") >= 2:
        return True
    if ctx is None or len(_SPACE_RUNS.findall(line.strip())) < 2:
        return False
    return ctx.column_header_at(ls + len(line) - len(line.lstrip())) is not None


def cells(text: str, ls: int, le: int) -> Iterator[tuple[int, int]]:
    """Spans of the non-empty, stripped cells of the row ``text[ls:le]``.

    >>> t = "1     甲某某    女    视力一级"
    >>> [t[s:e] for s, e in cells(t, 0, len(t))]
    ['1', '甲某某', '女', '视力一级']
    """
    for m in _CELL.finditer(text, ls, le):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


_BIRTH_CELL = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年./\-]?\s*(?P<m>[01]?\d)(?:\s*[月./\-]?\s*(?P<d>[0-3]?\d)\s*日?|\s*月)?(?:出生|生)?"
)


def age_from_birth(cell: str, today: _dt.date | None = None) -> int | None:
    """Age in whole years of a birth date cell (``2016年3月5日``, ``2016.03``, ``20160305``), or None.

    >>> age_from_birth("2016年3月5日", _dt.date(2026, 12, 7)), age_from_birth("1975.06", _dt.date(2026, 12, 7))
    (10, 51)
    >>> age_from_birth("2030-01-01", _dt.date(2026, 12, 7)) is None, age_from_birth("男", _dt.date(2026, 12, 7))
    (True, None)
    """
    m = _BIRTH_CELL.fullmatch(cell.strip())
    if m is None:
        return None
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d") or 1)
    try:
        born = _dt.date(y, mo, d)
    except ValueError:
        return None
    today = today or _dt.date.today()
    if born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _kind(header: str) -> str | None:
    if any(h in header for h in BIRTH_HEADERS):
        return "birth"
    if _OTHER_HEADER.search(header):
        return None
    if any(h in header for h in HEALTH_HEADERS):
        return "health"
    if any(h in header for h in AGE_HEADERS):
        return "age"
    if any(h in header for h in SCHOOL_HEADERS):
        return "school"
    return None


def row_cells(text: str, ctx: ScanContext | None, ls: int, le: int) -> list[tuple[int, int, str]]:
    """``(start, end, header)`` of the cells of the row at ``ls`` -- a reader table row (a sheet
    row, a docx table row: one segment per cell) or a plain-text row ``text[ls:le]``."""
    if ctx is not None:
        cells_ = ctx.row_cells(ls)
        if cells_:
            return [(s, e, seg.column_header or "") for s, e, seg in cells_ if s < e]
    return [(s, e, (ctx.column_header_at(s) if ctx is not None else None) or "") for s, e in cells(text, ls, le)]


def header_phrases(text: str, ctx: ScanContext) -> list[Phrase]:
    """Cells that are sensitive because of their column header (the header row itself excluded)."""
    out: list[Phrase] = []
    done_rows: set[int] = set()
    for seg_start in _header_cells(ctx):  # read documents: each cell knows its column header
        cells_ = ctx.row_cells(seg_start)
        if cells_ and cells_[0][0] not in done_rows:
            done_rows.add(cells_[0][0])
            out.extend(_cells_phrases(text, [(s, e, sg.column_header or "") for s, e, sg in cells_ if s < e]))
    for ls, le in _separated_lines(text):
        if is_row(text, ls, le, ctx):
            out.extend(_row_phrases(text, ls, le, ctx))
    out.extend(bare_disability_cells(text, ctx))
    return out


#: a table cell that only says the person is disabled (a 备注 column: 残疾, 重度残疾)
_BARE_DISABILITY = re.compile(r"[ ]*(?:重度|轻度)?残疾人?[ ]*")


def bare_disability_cells(text: str, ctx: ScanContext) -> Iterator[Phrase]:
    """Table cells whose whole value is 残疾 / 重度残疾 / 残疾人: the row's person is disabled (health).

    In prose the word is a topic (残疾人两项补贴); alone in a cell of a table row it is a fact about the
    person of the row, whatever the column is called (备注, 情况说明).

    >>> from screening.scan_context import ScanContext
    >>> ctx = ScanContext.for_text("序号\\t姓名\\t备注\\n1\\t甲某某\\t残疾\\n2\\t乙某\\t残疾人两项补贴\\n")
    >>> [p.text for p in bare_disability_cells(ctx.text, ctx)]
    ['残疾']
    """
    i = text.find("残疾")
    while i >= 0:
        ls = text.rfind("\n", 0, i) + 1
        le = text.find("\n", i)
        le = len(text) if le < 0 else le
        s = max(text.rfind("\t", ls, i), text.rfind("|", ls, i), ls - 1) + 1  # the cell, within its line
        e = min((x for x in (text.find("\t", i, le), text.find("|", i, le)) if x >= 0), default=le)
        m = _BARE_DISABILITY.fullmatch(text, s, e)
        if m and (ctx.row_cells(i) or is_row(text, ls, le, ctx)):
            v = m.group().strip()
            vs = text.index(v, m.start())
            yield Phrase("health", vs, vs + len(v), v, "表格行中单独成格的“残疾”（残疾状况）", "column")
        i = text.find("残疾", i + 2)


def _separated_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines holding a tab, a ``|`` or two spaces: the only ones that can be
    rows (see :func:`is_row`), found with ``str.find`` instead of a look at each of a sheet's lines.

    >>> t = "标题\\n1\\t甲\\t乙\\n正文  一  二\\n"
    >>> [t[s:e] for s, e in _separated_lines(t)]
    ['1\\t甲\\t乙', '正文  一  二']
    """
    n = len(text)
    spans: dict[int, int] = {}
    for sep in ("\t", "|", "  "):
        i = text.find(sep)
        while i >= 0:
            s = text.rfind("\n", 0, i) + 1
            e = text.find("\n", i)
            e = n if e < 0 else e
            spans[s] = e
            i = text.find(sep, e)
    return sorted(spans.items())


def _header_cells(ctx: ScanContext) -> Iterator[int]:
    """Normalized start offsets of reader cells whose column header names health/age/school
    (``ctx.headed_segments()``: no segment object is built for the cells of other columns).

    A sheet has a few dozen headers: each is judged once, and a sheet whose headers name none of these
    is done without a Python-level look at each cell.
    """
    if not ctx.segments:
        return
    headed = list(ctx.headed_segments())
    wanted = {h for h in dict.fromkeys(map(itemgetter(1), headed)) if _kind(h) is not None}
    if not wanted:
        return
    n = len(ctx.norm.original)
    for j, header in headed:
        if header in wanted:
            local = ctx._seg_starts[j] - ctx.base
            if 0 <= local < n:
                yield ctx._to_norm(local)


def _row_phrases(text: str, ls: int, le: int, ctx: ScanContext) -> Iterator[Phrase]:
    return _cells_phrases(text, [(s, e, ctx.column_header_at(s) or "") for s, e in cells(text, ls, le)])


def _cells_phrases(text: str, row: list[tuple[int, int, str]]) -> Iterator[Phrase]:
    child = any(_CHILD_HEADER.search(h) for _, _, h in row)
    for s, e, header in row:
        kind = _kind(header) if header else None
        if kind is not None and text[s:e] != header and text[s:e] not in EMPTY_VALUES:
            ph = _cell_phrase(text, s, e, header, kind, child)
            if ph is not None:
                yield ph


def _cell_phrase(text: str, s: int, e: int, header: str, kind: str, child: bool) -> Phrase | None:
    """The phrase a cell under a health/age/birth/school header is (None: a value that says nothing)."""
    cell, why = text[s:e], f"列“{header}”下的单元格"
    if kind == "health":
        age = _TRAILING_AGE.search(cell)  # 视力二级(15周岁): the age is a separate (minor) phrase
        e = s + age.start() if age and age.start() > 0 else e
        return Phrase("health", s, e, text[s:e], why, "column", cue=header)
    if kind == "school":
        return Phrase("minor", s, e, cell, f"{why}：学生的学校/班级", "school", cue=header) if child else None
    m = _AGE_CELL.fullmatch(cell) if kind == "age" else None
    n = (int(m.group(1)) if m else None) if kind == "age" else age_from_birth(cell)
    if n is None or n >= 18:
        return None
    what = "年龄" if kind == "age" else "出生日期"
    return Phrase("minor", s, e, cell, f"{why}：未成年人{what}（{n}岁）", kind, n, child=True, cue=header)


#: key-value form fields whose value is health information: 患病情况：…, 诊断：…, 既往病史：…
FORM_LABELS = cues.words("health_form_label")
# A label at a line start or after a gap: each label opens with its first character and then looks back over
# it (a pattern that opens with literals lets the regex engine skip ahead fast).
_FORM = re.compile(
    r"(?P<label>"
    + "|".join(f"{w[0]}(?<![^\\s\\t|].){w[1:]}" for w in sorted(FORM_LABELS, key=len, reverse=True))
    + r")\s*:\s*(?P<value>[^\t\n|]+?)(?=\s{2,}|[\t\n|]|$)"
)
#: a clause of the value that says what the care cost, not what the illness is (医疗费用1.5万元)
_COST_CLAUSE = re.compile(r"费用|报销|金额|补助|救助|\d\s*万?元")


def form_phrases(text: str) -> list[Phrase]:
    """Values of key-value form fields labelled as health information, at a line start or after a gap.

    Whether the form is about a private person is decided when linking. Clauses about costs are cut off.

    >>> t = "申请人姓名:甲某某\\n患病情况:2023年确诊为肺癌,化疗4次,医疗费用3.2万元\\n健康状况:良好\\n"
    >>> [p.text for p in form_phrases(t)]
    ['2023年确诊为肺癌,化疗4次']
    """
    out: list[Phrase] = []
    for m in _FORM.finditer(text):
        s, e = m.span("value")
        for c in re.finditer(r"[^,;。]+", text[s:e]):
            if _COST_CLAUSE.search(c.group()):
                e = s + c.start()
                break
        while e > s and text[e - 1] in ",;。 ":
            e -= 1
        if e > s and text[s:e] not in EMPTY_VALUES:
            out.append(Phrase("health", s, e, text[s:e], f"表单栏目“{m.group('label')}”的内容", "form",
                              cue=m.group("label")))
    return out


def name_column(text: str, ctx: ScanContext, ls: int, le: int, headers: tuple[str, ...]) -> tuple[int, int, str] | None:
    """In a table row, the span and header of the cell under a name header (姓名/户主 ...)."""
    for s, e, header in row_cells(text, ctx, ls, le):
        if any(h in header for h in headers) and text[s:e] != header:
            return s, e, header
    return None
