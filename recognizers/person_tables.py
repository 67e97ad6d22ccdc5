"""PERSON in tables: cells under a name column (姓名、户主、申请人、领款人 …) in tab/``|``/space-aligned
plain-text rows and docx/xlsx tables, cells holding a name and a phone (联系人及电话), and key-value
records (``姓名：X　身份证号：…``).

>>> from recognizers.person_lexicon import lexicon
>>> t = "姓名:王小明 身份证号:略"  # normalised text (full-width colon and space folded)
>>> [t[c.start:c.end] for c in key_values(NameJudge(lexicon()), t)]
['王小明']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from recognizers.base import Candidate
from recognizers.person_cued import names_from
from recognizers.person_lexicon import CJK, DOTS
from recognizers.person_names import ORG, NameJudge, candidate, padded, run_end_at, whole_name
from screening.scan_context import ScanContext

_TABLE_START = re.compile(rf"(?m)(?:^|(?<=[\t|])|(?<=[ ]{{2}}))[ ]*(?=[{CJK}])")
_NAME_HEADER = re.compile(r"姓名|名字|户主|住户|居民|业主|人$|人员|对象|代表|专家|成员|家属|学生|考生|患者|领款|收款|联系人")
_STRICT_NAME_HEADER = re.compile(r"姓名|名字|户主|^住户$|^业主$|收款人|领款人|申请人|患者|学生")
_CELL = re.compile(rf"(?:[{CJK}]{{2,4}}|[{CJK}]{{2,8}}[{DOTS}][{CJK}]{{2,10}})(?=[ ]{{2,}}|[\t|]|[ ]*$)", re.M)
#: A key-value record: ``姓名：X`` (also 户主姓名：, 申请人姓名：), one record per line or per cell.
_NAME_KEY = re.compile(rf"(?:^|(?<=[^{CJK}]))(?P<key>[{CJK}]{{0,4}}姓名)[:][ ]*(?=[{CJK}])", re.M)
#: A column holding a name and a phone in one cell (代领人及联系电话, 联系人/电话, 姓名及联系方式).
_NAME_PHONE_HEADER = re.compile(r"(?:人|姓名)(?:及|和|与|/|、)?(?:联系)?(?:电话|手机|方式)")
#: The name at the start of such a cell: the name, then a phone number or a bracket (乌云其其格 151…, 张三（女婿）).
_NAME_PHONE_CELL = re.compile(rf"(?:[{CJK}]{{2,5}}|[{CJK}]{{1,8}}[{DOTS}][{CJK}]{{2,10}})(?=[ ]*(?:[0-9]|\()|[ ]*[|\t]|[ ]*$)", re.M)
_NOT_NAME_HEADER = re.compile(r"单位|名称|机构|公司|企业|部门|项目|地址|电话|号码|日期|时间|金额|面积|账号|证号|关系|职务|情况|原因")


def table_cells(judge: NameJudge, text: str, ctx: ScanContext) -> Iterator[Candidate]:
    """Cells under a name column (姓名、户主、申请人 ...): tab/``|`` rows, space-aligned rows, docx/xlsx."""
    if not ctx.segments and "\t" not in text and "|" not in text and "  " not in text:
        return
    skip_until = -1
    for m in _TABLE_START.finditer(text):
        s = m.end()
        if s < skip_until:
            continue
        if not ctx.segments and ctx.table_at(s) is None:
            le = text.find("\n", s)
            skip_until = len(text) if le < 0 else le  # tables are whole lines: skip the rest of this one
            continue
        header = ctx.column_header_at(s)
        if not header or text.startswith(header, s):
            continue  # no header, or the header row itself
        kind = _header_kind(header)
        if kind is None:
            continue
        cue = f"列标题“{header}”"
        if kind == "name_phone":
            c = name_phone_cell(judge, text, s, cue)
            if c is not None:
                yield c
            continue
        if kind == "strict" and (pad := padded(judge, text, s)) is not None:
            yield candidate(s, pad, 0.9, cue + "（等宽补空格的两字姓名）", "private")
            continue
        if kind == "strict":
            cell = _CELL.match(text, s)  # the whole cell under 姓名 (旦增, 蒲洋): a name unless a known word
            name = cell.group() if cell else ""
            if name and not judge.lex.negative_word_at(name, 0) and not ORG.search(name) and "某" not in name:
                yield candidate(s, s + len(name), 0.9, cue, "private")
                continue
        for c in names_from(judge, text, s, cue, "private", strong=True):
            c.explanation = [cue] if c.explanation[0].startswith("触发词") else c.explanation
            c.attributes["cues"] = c.explanation
            c.score = 0.9
            yield c


@lru_cache(maxsize=4096)
def _header_kind(header: str) -> str | None:
    """What a column header says about its cells: ``name_phone``, ``strict`` (姓名/户主 ...),
    ``name`` (a weaker name header) or None. Cached: a big sheet asks once per cell."""
    if _NAME_PHONE_HEADER.search(header):
        return "name_phone"
    if not _NAME_HEADER.search(header) or _NOT_NAME_HEADER.search(header):
        return None
    return "strict" if _STRICT_NAME_HEADER.search(header) else "name"


def name_phone_cell(judge: NameJudge, text: str, s: int, cue: str) -> Candidate | None:
    """The name opening a cell that also holds a phone (乌云其其格 151 3941 0082, 图雅 135…)."""
    m = _NAME_PHONE_CELL.match(text, s)
    if m is None:
        return None
    if not whole_name(judge, m.group()):
        return None
    return candidate(s, m.end(), 0.85, cue + "（姓名+电话）", "private")


def key_values(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Key-value records: ``姓名：X　身份证号：…`` (the padded form 姓名：关　慧 included)."""
    if "姓名" not in text:
        return
    for m in _NAME_KEY.finditer(text):
        cue = f"键值“{m.group('key')}：”"
        s, run_end = m.end(), run_end_at(text, m.end())
        if 3 <= run_end - s <= 18 and (run_end == len(text) or text[run_end] in " \t|,;(\n") and whole_name(judge, text[s:run_end]):
            c = candidate(s, run_end, 0.9, cue + "（整项为姓名）", "private")  # 户主姓名：乌兰图雅　…
            c.attributes["weak"] = True
            yield c
            continue
        for c in names_from(judge, text, s, cue, "private", strong=True):
            c.explanation[0] = c.explanation[0].replace(f"触发词“{cue}”", cue)
            c.attributes["cues"] = list(c.explanation)
            c.attributes["weak"] = True  # 姓名：X … 现任…局长 in a personnel notice may be an official
            yield c
