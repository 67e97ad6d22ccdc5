"""Sensitive-information phrases (PIPL art. 28, GB/T 35273 B.2): lexicon and pattern hits, table cells
under sensitive headers and health form values.

The patterns are data (``recognizers/data/sensitive_phrases.tsv``, cue words from ``cues.tsv``); this
module is their one matcher. It only finds *phrases* (``患有抑郁症``, ``肢体残疾三级``, ``11岁``,
``刑满释放``); whether one is tied to a private person is decided by :mod:`recognizers.sensitive`.
Offsets are into the normalized text (``（`` → ``(``, ``，`` → ``,``).

>>> [(p.subtype, p.text) for p in find_phrases("王某某确诊为肺结核,住院治疗。")]
[('health', '确诊为肺结核'), ('health', '住院治疗')]
>>> [(p.subtype, p.text) for p in find_phrases("其子(9岁,城南小学三年级(2)班)")]
[('minor', '9岁'), ('minor', '城南小学三年级(2)班')]
>>> ctx = ScanContext.for_text("序号\\t姓名\\t病情\\t年龄\\n1\\t甲某某\\t左胫骨骨裂\\t12岁\\n")
>>> [(p.subtype, p.text) for p in header_phrases(ctx.text, ctx)]
[('health', '左胫骨骨裂'), ('minor', '12岁')]
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path

from recognizers import cues
from recognizers.sensitive_words import cjk, snap
from screening.scan_context import ScanContext

PATH = Path(__file__).resolve().parent / "data" / "sensitive_phrases.tsv"


@dataclass(frozen=True)
class Phrase:
    """A sensitive phrase before linking: subtype, span, and how it was found."""

    subtype: str
    start: int
    end: int
    text: str
    how: str  # a short Chinese reason
    detail: str = ""  # e.g. "diagnosis", "disability", "age", "school", "ethnicity", "column"
    age: int | None = None
    child: bool = False  # known to be about a pupil/child (a school column in the same table row)
    cue: str = ""  # the column header or form label that made a cell a phrase


@dataclass(frozen=True)
class Spec:
    """One phrase pattern of the data file (its fields are described there)."""

    name: str
    fields: dict[str, str]
    rx: re.Pattern[str]
    trigger: str
    reach: int

    def __getattr__(self, field: str) -> str:
        """A field of the row (subtype, how, kind, group ...), "" when the row has none."""
        return self.__dict__.get("fields", {}).get(field, "")


def _expand(value: str, defs: dict[str, str]) -> str:
    """``<NAME>``, ``<cue:KIND>`` and ``<heads:X>`` of a data value replaced by what they stand for."""

    def one(m: re.Match[str]) -> str:
        what, arg = m.group(1), m.group(2)
        if what == "cue":
            return cues.alternation(cues.words(arg))
        if what == "heads":  # a disease head not opening an everyday word (病毒, 症状)
            rest = [w[1:] for w in cues.words("health_head_veto") if w[0] == arg]
            return f"{arg}(?!{cues.alternation(rest)})" if rest else arg
        return defs[m.group(3)]

    return re.sub(r"<(?:(cue|heads):([^>]+)|([A-Z][A-Z0-9_]*))>", one, value)


def _rows() -> tuple[dict[str, str], dict[str, dict[str, list[str]]]]:
    """The macros (expanded) and, per name, the values of each field of the data file, in file order."""
    defs: dict[str, str] = {}
    rows: dict[str, dict[str, list[str]]] = {}
    last: tuple[str, str] = ("", "")
    for line in PATH.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line == "name\tfield\tvalue":
            continue
        name, field, value = line.split("\t")
        if field == "+":  # continues the value above
            name, field = last
            rows[name][field][-1] += value
        else:
            rows.setdefault(name, {}).setdefault(field, []).append(value)
        last = (name, field)
        if field == "def":
            defs[name] = _expand("".join(rows[name]["def"]), defs)
    return defs, rows


def _load() -> tuple[dict[str, re.Pattern[str]], dict[str, frozenset[str]], list[Spec]]:
    """The helper regexes, the character sets and the phrase patterns of the data file, in file order."""
    defs, rows = _rows()
    helpers = {n: re.compile(_expand("".join(f["rx"]), defs)) for n, f in rows.items() if "rx" in f}
    chars = {n: frozenset("".join(f["chars"]).replace("\\t", "\t").replace("\\n", "\n")) for n, f in rows.items()
             if "chars" in f}
    return helpers, chars, [_spec(name, f, defs) for name, f in rows.items() if "alt" in f]


def _spec(name: str, f: dict[str, list[str]], defs: dict[str, str]) -> Spec:
    pattern = "|".join(_expand(a, defs) for a in f["alt"])
    first = "".join(f.get("first", ()))
    rx = re.compile(f"(?=[{first}])(?:{pattern})" if first else pattern, re.M if f.get("flags") == ["M"] else 0)
    one = {k: v[0] for k, v in f.items() if k != "alt"}
    trigger = one["trigger"]
    if one.get("kind") == "term":  # a new term's first character, unless the term holds a trigger already
        trigger += "".join(sorted({t[0] for t in HEALTH_TERMS if not set(t) & set(trigger)}))
    return Spec(name, one, rx, trigger, int(one["reach"]))


#: disease / treatment words (cue kind ``health_term``); a row's window is how far the phrase grows left
HEALTH_TERMS = cues.words("health_term")
GROW_LEFT = {c.word: c.window for c in cues.rows("health_term")}
#: everyday words ending in a family head (疾病, 看病, 技术): cue kind ``health_family_negative``
FAMILY_NEGATIVES = frozenset(cues.words("health_family_negative"))
_FAMILY_NEGATIVE_LENGTHS = sorted({len(n) for n in FAMILY_NEGATIVES})
#: words showing an age belongs to a child (for ages 14-17): cue kind ``child_cue``
CHILD_CUES = cues.words("child_cue")
RX, CHARS, SPECS = _load()
#: per health term, the everyday words holding it and where (cue kind ``health_term_negative``: 意外伤害)
_TERM_NEGATIVES: dict[str, list[tuple[str, int]]] = {}
for _neg in cues.words("health_term_negative"):
    for _held in (t for t in HEALTH_TERMS if t in _neg):
        _TERM_NEGATIVES.setdefault(_held, []).append((_neg, _neg.index(_held)))
_ANY_TRIGGER = re.compile("[" + re.escape("".join(sorted({c for s in SPECS for c in s.trigger}))) + "]")
#: texts shorter than this are matched whole (windows only pay off on long texts)
WINDOWED_FROM = 20_000


class _Scanner:
    """Runs each phrase pattern only on the lines around the characters its matches need.

    A 100,000-row roster is mostly digits, names and addresses: one pass over the text finds every
    trigger character, and each pattern then searches merged windows of whole lines around its own
    triggers -- the same matches as a search of the whole text, as a match holds a trigger and reaches
    no further than the pattern's reach from it.

    >>> t = "x" * 50 + "\\n患者确诊为肺结核\\n" + "y" * 50
    >>> [m.group() for m in _Scanner(t, windowed_from=0).finditer(SPECS[0])]
    ['确诊为肺结核']
    """

    def __init__(self, text: str, windowed_from: int = WINDOWED_FROM) -> None:
        self.text = text
        self.hits: dict[str, list[int]] | None = None
        if len(text) >= windowed_from:
            self.hits = {}
            for m in _ANY_TRIGGER.finditer(text):
                self.hits.setdefault(text[m.start()], []).append(m.start())

    def finditer(self, spec: Spec) -> Iterator[re.Match[str]]:
        if self.hits is None:
            yield from spec.rx.finditer(self.text)
            return
        for a, b in self._windows(spec.trigger, spec.reach):
            yield from spec.rx.finditer(self.text, a, b)

    def _windows(self, trigger: str, reach: int) -> list[tuple[int, int]]:
        """Merged ``[start, end)`` windows of whole lines (line break included) around the hits."""
        assert self.hits is not None
        lists = [self.hits[c] for c in trigger if c in self.hits]
        positions = lists[0] if len(lists) == 1 else sorted(i for h in lists for i in h)
        out: list[tuple[int, int]] = []
        for i in positions:
            if out and i - reach < out[-1][1]:
                if i + reach > out[-1][1]:  # grow the last window to this hit's reach
                    out[-1] = (out[-1][0], self._line_end(i + reach))
                continue
            a = self.text.rfind("\n", 0, max(0, i - reach)) + 1
            b = self._line_end(i + reach)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def _line_end(self, pos: int) -> int:
        """The end of the line holding ``pos``, after its line break."""
        e = self.text.find("\n", pos) if pos < len(self.text) else -1
        return len(self.text) if e < 0 else e + 1


def _extend(text: str, start: int, end: int, left: int = 8, right: int = 8) -> tuple[int, int]:
    """Grow a disease word to the surrounding phrase (胃癌术后化疗), not past punctuation."""
    stop = CHARS["punct_stop"] | CHARS["extend_stop"]
    s = start
    while s > 0 and start - s < left and text[s - 1] not in stop and (cjk(text[s - 1]) or text[s - 1] in "ⅠⅡⅢⅣⅤ"):
        s -= 1  # Roman numerals of a type or a degree (Ⅱ型呼吸衰竭) are part of the phrase
    e = end
    while e < len(text) and e - end < right and text[e] not in stop and cjk(text[e]):
        e += 1
    return s, e


def _grown(text: str, seed_start: int, seed_end: int, left: int, right: int = 8) -> tuple[int, int]:
    """A seed word grown over its modifiers (:func:`_extend`), both edges on word boundaries."""
    s, e = _extend(text, seed_start, seed_end, left=left, right=right)
    return snap(text, s, e, seed_start, seed_end)


Matcher = Callable[[str, Spec, re.Match[str]], Iterator[Phrase]]


def _plain(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    """The match (or its first matched group), grown, vetoed and age-checked as its row says."""
    g = next((g for g in sp.group.split(",") if g and m.group(g)), 0)
    s, e = m.span(g)
    if sp.grow:
        s, e = _grown(text, s, e, *map(int, sp.grow.split(",")))
    if sp.veto and RX_VETO[sp.name].search(text, max(0, s - 2), s + 1):
        return
    n = int(m.group(sp.age)) if sp.age else None
    if sp.birth:
        n = age_from_birth("".join(m.group(sp.birth).split()))
        if n is None:
            return
    if n is None or n < 18:
        yield Phrase(sp.subtype, s, e, text[s:e], sp.how.format(n=n), sp.detail, n, bool(sp.child))


def _diagnosis(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    s, e = m.span()
    if e < len(text) and cjk(text[e]):  # stopped by the length limit: end on a word
        cue = len(m.group()) - len(m.group().lstrip("被确诊为患有经罹身上了"))
        s, e = snap(text, s, e, s, s + max(cue, 1))
    yield Phrase("health", s, e, text[s:e], sp.how, sp.detail)


def _term(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    """A lexicon word (``health_term`` rows), grown over its modifiers as far as the row's window says."""
    w = m.group()
    if RX["institution_after"].match(text, m.end()) or _label_or_cost(text, m.end()) or _inside_negative(text, m):
        return  # 肿瘤科, 肿瘤医院, 住院号, 住院费用; 意外伤害 (an accident, not a wound)
    s, e = _grown(text, m.start(), m.end(), left=GROW_LEFT[w])
    if "病历" in text[s:e] and (RX["record_verb"].search(text, max(0, s - 8), s)
                                         or RX["record_list"].match(text, e) or RX["record_list"].match(text, m.end())):
        return  # 拒绝提供病历, 复印病历, (住院)病历及出院记录: a record in a procedure or among papers, no illness
    setting = RX["treatment_setting"].fullmatch(w) is not None and not RX["treatment_cause"].search(text, max(0, s - 30), s)
    stay = (s, e) == m.span() and (setting or w in ("住院", "入院") and bool(
        RX["stay_after"].match(text, e) or RX["stay_count"].search(text, max(0, s - 4), s)))
    yield Phrase("health", s, e, text[s:e], sp.how.format(word=w), "stay" if stay else sp.detail)


def _label_or_cost(text: str, end: int) -> bool:
    """Does a number label (住院号) or a cost or paper word (住院费用, 门诊发票) follow the care word?"""
    return RX["number_label"].match(text, end) is not None or RX["cost_after"].match(text, end) is not None


def _inside_negative(text: str, m: re.Match[str]) -> bool:
    return any(text.startswith(neg, m.start() - at) for neg, at in _TERM_NEGATIVES.get(m.group(), ()) if m.start() >= at)


def _family(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    """A modifier + a disease/injury/procedure head (肝包虫病, 软组织挫伤, 植皮术后), not an everyday word."""
    group = m.lastgroup or "h"
    left = {g[0]: int(g[1:]) for g in sp.grow.split(",")}[group]
    s, e = _extend(text, m.start(), m.end(), left=left)
    s = max((i + 1 for i in range(s, m.start()) if text[i] in CHARS["family_stop"]), default=s)
    if s < m.start():  # grown over its modifiers, not over a verb (…介绍了结核病 → 结核病), on word boundaries
        s = snap(text, s, m.end(), m.start(), m.end())[0]
    if e > m.end():
        e = snap(text, m.end() - 1, e, m.end() - 1, m.end())[1]
    if _everyday(text, m, group, s):
        return
    if group == "p":  # the procedure ends at 术/术后 and starts after the place it was done in
        s = max([c.end() for c in RX["procedure_place"].finditer(text, s, m.end()) if c.end() <= m.start()], default=s)
        yield Phrase("health", s, m.end(), text[s : m.end()], f"手术/治疗词族“…{m.group()}”", "procedure")
    else:
        yield Phrase("health", s, e, text[s:e], sp.how.format(word=m.group()), sp.detail)


def _everyday(text: str, m: re.Match[str], group: str, s: int) -> bool:
    """Is the family word starting at ``s`` an everyday word, a department or a bare head?"""
    word = text[s : m.end()]
    return bool(
        (group != "p" and any(word[-k:] in FAMILY_NEGATIVES for k in _FAMILY_NEGATIVE_LENGTHS))  # 重特大疾病
        or RX["org_after"].match(text, m.end())  # 重症医学科, 结核病防治, 包虫病监测: a department or programme
        or (group == "h" and s == m.start())  # a bare 病/症/炎 is no disease name
        or (group == "p" and s == m.start() and len(m.group()) <= 2)  # nor a bare 术后 (…手术，术后需…)
        or (m.group() == "功能障碍" and (s == m.start() or RX["not_body"].search(text, s, m.end())))
    )


def _symptoms(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    """出现发热(最高38.9℃)、乏力及皮疹: ``symptoms`` for a clinical picture (three or more symptoms, two
    listed without 等, a measured value, a treatment), ``symptom`` for a short mention (出现发热、咳嗽等症状,
    出现头晕) that stays a hint."""
    s, e = m.span("list")
    if m.group("etc"):
        e = m.end("etc")
    n = len(RX["symptom"].findall(m.group("list")))
    clinical = n >= 3 or n == 2 and not m.group("etc") or bool(re.search(r"\(\D{0,6}\d", m.group("list")))
    treated = RX["treatment_after"].match(text, e)
    if treated:  # 伴有失眠症状,需进行治疗: a condition that is being treated
        e, clinical = treated.end(), True
    yield Phrase("health", s, e, text[s:e], sp.how.format(n=n), "symptoms" if clinical else "symptom")


def _school(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    """A school with a grade or a class; the name starts after the last function word (在人和街小学)."""
    if m.group("grade") or m.group("cls"):
        s, head = m.start("school"), m.group("school")
        s += next((i + 1 for i in range(len(head) - 3, -1, -1) if head[i] in CHARS["school_stop"]), 0)
        yield Phrase("minor", s, m.end(), text[s : m.end()], sp.how, sp.detail)


def _kin_ages(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    for a in RX["age_in_list"].finditer(text, m.start(), m.end()):
        n = int(a.group("n"))
        if n < 18:
            yield Phrase("minor", a.start(), a.end(), a.group(), sp.how.format(n=n), sp.detail, n, child=True)


def _minor_word(text: str, sp: Spec, m: re.Match[str]) -> Iterator[Phrase]:
    if sp.veto and RX_VETO[sp.name].search(text, max(0, m.start() - 2), m.start() + 1):
        return  # 义务辅导留守儿童: the people served, not the person described
    age = RX["bracket_age"].match(text, m.end())
    if age:  # 未成年人(13岁): the status and its age are one phrase
        n = int(age.group("n"))
        yield Phrase("minor", m.start(), age.end(), text[m.start() : age.end()], f"未成年人身份及年龄（{n}岁）",
                     "age", n, child=True)
    else:
        yield Phrase("minor", m.start(), m.end(), m.group(), sp.how, sp.detail)


MATCHERS: dict[str, Matcher] = {
    "": _plain, "diagnosis": _diagnosis, "term": _term, "family": _family, "symptoms": _symptoms,
    "school": _school, "kin_ages": _kin_ages, "minor_word": _minor_word,
}
RX_VETO = {s.name: re.compile(s.veto) for s in SPECS if s.veto}


def find_phrases(text: str) -> list[Phrase]:
    """Every sensitive phrase in ``text`` (overlapping phrases of one subtype merged), by position."""
    scan = _Scanner(text)
    health: list[Phrase] = []
    other: list[Phrase] = []
    for sp in SPECS:
        for m in scan.finditer(sp):
            (health if sp.subtype == "health" else other).extend(MATCHERS[sp.kind](text, sp, m))
    health = [p for p in health if p.detail == "diagnosis" or not RX["risk_after"].match(text, p.end)]
    return [_category(text, p) for p in merge_phrases(text, _procedures_kept(text, health) + other)]


def _procedures_kept(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """Drop a procedure that only leads to the diagnosis after it (膝关节手术后出现右侧神经损伤: the injury
    is the health information); a procedure overlapping a disease (乳腺癌术后) or ending the description
    (骨折,髋关节置换术后) stays.

    >>> [p.text for p in find_phrases("在某医院行膝关节手术后出现右侧神经损伤")]
    ['右侧神经损伤']
    """
    out = []
    others = [q for q in phrases if q.detail not in ("procedure", "stay")]
    for p in phrases:
        if p.detail == "procedure":
            if not any(q.start < p.end and p.start < q.end for q in others):
                nxt = [q.start for q in others if p.end <= q.start <= p.end + 8]
                if nxt and RX["procedure_then"].match(text[p.end : min(nxt)]):
                    continue
            p = replace(p, detail="condition")
        out.append(p)
    return out


def _category(text: str, ph: Phrase) -> Phrase:
    """A health word that names a benefit group (失能老年人护理补贴) is a category, about nobody."""
    if ph.subtype == "health" and ph.detail not in ("diagnosis", "column") and RX["category_after"].match(text, ph.end):
        return replace(ph, detail="category", how=f"{ph.how}；待遇/补贴类别名称")
    return ph


def merge_phrases(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """Merge health phrases that overlap or touch; drop exact duplicates of other subtypes."""
    out: list[Phrase] = []
    for p in sorted(phrases, key=lambda p: (p.start, -p.end)):
        last = out[-1] if out else None
        if last is not None and last.subtype == p.subtype and p.start <= last.end and (
            p.subtype == "health" or p.end <= last.end
        ):
            end = max(last.end, p.end)
            child, cue = last.child or p.child, last.cue or p.cue
            if end != last.end or child != last.child or cue != last.cue or text[last.start : end] != last.text:
                out[-1] = replace(last, end=end, text=text[last.start : end], child=child, cue=cue)
            continue
        out.append(p)
    return out


# -- table cells and form fields -------------------------------------------------------------------
#: cell separators inside one row: tab, |, or a run of 2+ spaces between two cells
_CELL = re.compile(r"[^\t|\n]+?(?=\t|\||  |$)", re.M)
_SPACE_RUNS = re.compile(r"\S {2,}(?=\S)")
_AGE_CELL = re.compile(r"(\d{1,3})\s*(?:周?岁)?")
#: a Markdown table's rule row cell (|---|:--:|): no value
_RULE_CELL = re.compile(r"\s*:?-{2,}:?\s*")
_TRAILING_AGE = re.compile(r"\s*\(\s*\d{1,3}\s*周?岁\s*\)$")
_BIRTH_CELL = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年./\-]?\s*(?P<m>[01]?\d)(?:\s*[月./\-]?\s*(?P<d>[0-3]?\d)\s*日?|\s*月)?(?:出生|生)?"
)
#: the column kinds a header may name (a birth date first: 出生日期 is no 日期 of anything else)
_HEADER_KINDS = (("birth", cues.words("birth_header")), ("health", cues.words("health_header")),
                 ("age", cues.words("age_header")), ("school", cues.words("school_header")))
#: headers naming something else about the same topic (残疾证号, 病种数量, 补贴标准)
_OTHER_HEADER = re.compile(cues.alternation(cues.words("other_header")))
_CHILD_HEADER = re.compile(cues.alternation(cues.words("school_header", "pupil_header")))
#: a school cell naming a university or college: its students are adults (征兵/招聘 tables), no minor's school
_ADULT_SCHOOL = re.compile(f"(?:{cues.alternation(cues.words('adult_school'))})$")
#: cell values that say nothing about a person's health or schooling
EMPTY_VALUES = frozenset(cues.words("empty_value"))
#: key-value form fields whose value is health information (患病情况：…, 既往病史：…), at a line start or
#: after a gap: each label opens with its first character, then looks back (the regex engine skips fast)
_FORM = re.compile(
    "(?P<label>"
    + "|".join(f"{w[0]}(?<![^\\s\\t|].){w[1:]}" for w in sorted(cues.words("health_form_label"), key=len, reverse=True))
    + r")\s*:\s*(?P<value>[^\t\n|]+?)(?=\s{2,}|[\t\n|]|$)"
)


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


def row_cells(text: str, ctx: ScanContext, ls: int, le: int) -> list[tuple[int, int, str]]:
    """``(start, end, header)`` of the non-empty cells of the row at ``ls``: a reader table row (one
    segment per cell) or the stripped cells of a plain-text row ``text[ls:le]``.

    >>> t = "1     甲某某    女    视力一级"
    >>> [t[s:e] for s, e, _ in row_cells(t, ScanContext.for_text(t), 0, len(t))]
    ['1', '甲某某', '女', '视力一级']
    """
    found = ctx.row_cells(ls)
    if found:
        return [(s, e, seg.column_header or "") for s, e, seg in found if s < e]
    out = []
    for m in _CELL.finditer(text, ls, le):
        s, e = m.start() + len(m.group()) - len(m.group().lstrip()), m.start() + len(m.group().rstrip())
        if s < e:
            out.append((s, e, ctx.column_header_at(s) or ""))
    return out


#: the day ages are counted at: the document's own date while a document is scanned (see :func:`as_of`)
_AS_OF: ContextVar[_dt.date | None] = ContextVar("screening_as_of", default=None)
#: a full date alone on its line (the 落款 date of a document's last lines)
_FULL_DATE = re.compile(r"^[ \t\u3000]*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[ \t\u3000]*$", re.M)


def document_date(text: str, tail: int = 400) -> _dt.date | None:
    """The document's date: the last full date alone on a line in its last ``tail`` characters (the 落款), if
    not in the future (a date in a table row or a sentence is no document date).

    >>> document_date("……特此公告。\\n某县民政局\\n2024年6月3日\\n")
    datetime.date(2024, 6, 3)
    >>> document_date("定于2099年1月1日开会") is None
    True
    """
    found = None
    for m in _FULL_DATE.finditer(text, max(0, len(text) - tail)):
        try:
            found = _dt.date(*map(int, m.groups()))
        except ValueError:
            continue
    return found if found is not None and found <= _dt.date.today() else None


@contextmanager
def as_of(day: _dt.date | None) -> Iterator[None]:
    """Count ages at ``day`` (a document's date: a pupil of 17 in a notice dated two years ago was a minor
    in it) inside the block; None: today."""
    token = _AS_OF.set(day)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def age_from_birth(cell: str, today: _dt.date | None = None) -> int | None:
    """Age in whole years of a birth date cell (``2016年3月5日``, ``2016.03``, ``20160305``), or None.

    >>> age_from_birth("2016年3月5日", _dt.date(2026, 12, 7)), age_from_birth("1975.06", _dt.date(2026, 12, 7))
    (10, 51)
    >>> age_from_birth("2030-01-01", _dt.date(2026, 12, 7)) is None, age_from_birth("男", _dt.date(2026, 12, 7))
    (True, None)
    """
    m = _BIRTH_CELL.fullmatch(cell.strip())
    try:
        born = _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d") or 1)) if m else None
    except ValueError:
        return None
    today = today or _AS_OF.get() or _dt.date.today()
    if born is None or born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _kind(header: str) -> str | None:
    """What a column holds by its header: birth, health, age, school, or None."""
    for kind, words in _HEADER_KINDS:
        if kind == "health" and _OTHER_HEADER.search(header):
            return None
        if any(h in header for h in words):
            return kind
    return None


def header_phrases(text: str, ctx: ScanContext) -> list[Phrase]:
    """Cells that are sensitive because of their column header (the header row itself excluded), and
    cells whose whole value is 残疾 (:func:`bare_disability_cells`)."""
    out: list[Phrase] = []
    done_rows: set[int] = set()
    for seg_start in _header_cells(ctx):  # read documents: each cell knows its column header
        found = ctx.row_cells(seg_start)
        if found and found[0][0] not in done_rows:
            done_rows.add(found[0][0])
            out.extend(_cells_phrases(text, [(s, e, sg.column_header or "") for s, e, sg in found if s < e]))
    for ls, le in _separated_lines(text):
        if is_row(text, ls, le, ctx):
            out.extend(_cells_phrases(text, row_cells(text, ctx, ls, le)))
    out.extend(bare_disability_cells(text, ctx))
    return out


def bare_disability_cells(text: str, ctx: ScanContext) -> Iterator[Phrase]:
    """Table cells whose whole value is 残疾 / 重度残疾 / 残疾人: the row's person is disabled (health).
    In prose the word is a topic (残疾人两项补贴); alone in a cell of a row it is a fact about the row's person.

    >>> ctx = ScanContext.for_text("序号\\t姓名\\t备注\\n1\\t甲某某\\t残疾\\n2\\t乙某\\t残疾人两项补贴\\n")
    >>> [p.text for p in bare_disability_cells(ctx.text, ctx)]
    ['残疾']
    """
    i = text.find("残疾")
    while i >= 0:
        ls, le = ctx.line_at(i)
        s = max(text.rfind("\t", ls, i), text.rfind("|", ls, i), ls - 1) + 1  # the cell, within its line
        e = min((x for x in (text.find("\t", i, le), text.find("|", i, le)) if x >= 0), default=le)
        m = RX["bare_disability"].fullmatch(text, s, e)
        if m and (ctx.row_cells(i) or is_row(text, ls, le, ctx)):
            v = m.group().strip()
            vs = text.index(v, m.start())
            yield Phrase("health", vs, vs + len(v), v, "表格行中单独成格的“残疾”（残疾状况）", "column")
        i = text.find("残疾", i + 2)


def _separated_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines holding a tab, a ``|`` or two spaces: the only ones that can be
    rows (see :func:`is_row`), found with ``str.find`` instead of a look at each of a sheet's lines."""
    spans: dict[int, int] = {}
    for sep in ("\t", "|", "  "):
        i = text.find(sep)
        while i >= 0:
            s, e = text.rfind("\n", 0, i) + 1, text.find("\n", i)
            e = len(text) if e < 0 else e
            spans[s] = e
            i = text.find(sep, e)
    return sorted(spans.items())


def _header_cells(ctx: ScanContext) -> Iterator[int]:
    """Normalized start offsets of reader cells whose column header names health/age/school: each of a
    sheet's few dozen headers is judged once, and no segment object is built for other columns' cells."""
    if not ctx.segments:
        return
    headed = list(ctx.headed_segments())
    wanted = {h for h in dict.fromkeys(map(itemgetter(1), headed)) if _kind(h) is not None}
    n = len(ctx.norm.original)
    for j, header in headed if wanted else ():
        if header in wanted:
            local = ctx._seg_starts[j] - ctx.base
            if 0 <= local < n:
                yield ctx._to_norm(local)


def _cell_age(cell: str, kind: str | None) -> int | None:
    """The age an age cell (15, 15岁) or a birth cell (2010.07) states, else None."""
    if kind == "age":
        m = _AGE_CELL.fullmatch(cell.strip())
        return int(m.group(1)) if m else None
    return age_from_birth(cell) if kind == "birth" else None


def _adult_row(text: str, row: list[tuple[int, int, str]]) -> bool:
    """Does an age or birth cell of the row make its person 18 or older (a pupil table's adult student)?"""
    return any((n := _cell_age(text[s:e], _kind(h) if h else None)) is not None and n >= 18 for s, e, h in row)


def _cells_phrases(text: str, row: list[tuple[int, int, str]]) -> Iterator[Phrase]:
    child = any(_CHILD_HEADER.search(h) for _, _, h in row) and not _adult_row(text, row)
    for s, e, header in row:
        kind = _kind(header) if header else None
        if kind is not None and text[s:e] != header and text[s:e] not in EMPTY_VALUES and not _RULE_CELL.fullmatch(text[s:e]):
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
        if not child or _ADULT_SCHOOL.search(cell.strip()):
            return None
        return Phrase("minor", s, e, cell, f"{why}：学生的学校/班级", "school", cue=header)
    n = _cell_age(cell, kind)
    if n is None or n >= 18:
        return None
    what = "年龄" if kind == "age" else "出生日期"
    return Phrase("minor", s, e, cell, f"{why}：未成年人{what}（{n}岁）", kind, n, child=True, cue=header)


def form_phrases(text: str) -> list[Phrase]:
    """Values of key-value form fields labelled as health information, at a line start or after a gap;
    clauses about costs are cut off (whether the form is about a private person is decided when linking).

    >>> t = "申请人姓名:甲某某\\n患病情况:2023年确诊为肺癌,化疗4次,医疗费用3.2万元\\n健康状况:良好\\n"
    >>> [p.text for p in form_phrases(t)]
    ['2023年确诊为肺癌,化疗4次']
    """
    out: list[Phrase] = []
    for m in _FORM.finditer(text):
        s, e = m.span("value")
        e = next((s + c.start() for c in re.finditer(r"[^,;。]+", text[s:e]) if RX["cost_clause"].search(c.group())), e)
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
