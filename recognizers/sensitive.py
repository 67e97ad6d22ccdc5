"""SENSITIVE_PERSONAL_INFO (PIPL art. 28): health, criminal records, religion, minors, finances,
biometrics and whereabouts -- ``high`` when tied to a private person, ``low`` otherwise.

Phrases come from :mod:`recognizers.sensitive_phrases`. This recognizer runs in the engine's
*second pass* (:meth:`document_pass`), where it sees the first-pass PERSON results, and links each
phrase to a private person in the same table row or sentence (``ScanContext.unit``; for strong
evidence, the same paragraph): a PERSON that is not an official, a resident ID, a ``男/女``
apposition, a column headed 姓名/户主, or a person word such as 患者/其子/本人. The link is recorded
in ``attributes["linked_to"]`` and in the explanation. A policy text about 艾滋病防治 mentions the
disease but no person: ``low`` (shown, never gating).

>>> ctx = ScanContext.for_text("患者王某某，女，52岁，确诊为肺结核。各地要做好结核病防治。")
>>> [(ctx.text[r.start:r.end], r.recognition_metadata["cn_severity"].label)
...  for r in SensitiveInfoRecognizer().document_pass(ctx.text, [], ctx)]
[('确诊为肺结核', 'high'), ('结核病', 'low')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import ahocorasick
from presidio_analyzer import RecognizerResult

from recognizers import cues
from recognizers import sensitive_phrases as sp
from recognizers.base import META_ATTRIBUTES, Candidate, CnRecognizer
from recognizers.cn_resident_id import is_valid
from recognizers.person_lexicon import lexicon
from recognizers.scorer import Score
from recognizers.sensitive_phrases import RX, Phrase
from screening.findings import Severity
from screening.scan_context import ScanContext

#: person words that always point at one specific person (cue kind ``sensitive_strong_cue``)
STRONG_CUES = cues.words("sensitive_strong_cue")
#: person words that are specific only when followed by a name or preceded by 该/此/一名 (or in a row):
#: the private roles of the cue table and a few person words that are not roles (患儿, 诉求人)
GENERIC_CUES = cues.words("private_trigger", "sensitive_person_word")
_CUE = re.compile(cues.alternation(STRONG_CUES + GENERIC_CUES))
#: a role or kinship word that is followed by the person's name (邻居盖某某, 伤者李某某, 其妻王某某)
_ROLE_BEFORE_NAME = re.compile(cues.alternation(GENERIC_CUES))
_NAME_HEADERS = cues.words("linked_person_header")
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}[0-9*]{11}[0-9Xx*](?![0-9A-Za-z*])")
#: a masked ID with any number of stars: 5401**********4528, 320102********123X
_MASKED_ID = re.compile(r"(?<![0-9A-Za-z*])[1-9]\d{1,5}\*{3,}[0-9*]{0,7}[0-9Xx*](?![0-9A-Za-z*])")
_GENDER = re.compile(r"(?:(?<=[(\[,，、\s|\t])|^)[男女](?=\s*[,，)\]|\t]|\s*\d{1,3}岁)")
#: a name right before 系/为 and the phrase: 第3户某某某系二级视力残疾人
_CJK_RUN_BEFORE = re.compile(r"[\u4e00-\u9fff]+$")
_SENTENCE_END = "。!?;！？；"
_CLAUSE_END = ",，;；:：。"
PARAGRAPH_LIMIT = 800
#: spans up to this long are searched for names by substring lookups, longer ones by an automaton
_SHORT_SPAN = 12
#: how far back a form field (患病情况：…) looks for the person the form is about
FORM_REACH = 800
#: a blank line: a key-value record ends there
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


@dataclass(frozen=True)
class Link:
    """Why a phrase is tied to a person."""

    text: str
    start: int  # normalized offsets
    end: int
    via: str  # person | column | id | cue | gender | name
    scope: str  # 同行 | 同句 | 同段 | 同表 | 同文
    reason: str


def _number_break(text: str, nl: int) -> bool:
    """Is the line break at ``nl`` inside a number (an ID or phone split over two lines)?"""
    return 0 < nl < len(text) - 1 and text[nl - 1].isdigit() and (text[nl + 1].isdigit() or text[nl + 1] in "Xx")


def _bounds(text: str, pos: int, ctx: ScanContext) -> tuple[int, int, int, int, bool]:
    """(line start, line end, sentence start, sentence end, is_table_row) around ``pos``: the table row
    of ``ctx.unit``, else its line and sentence -- a line joined over breaks inside a number."""
    u = ctx.unit(pos)
    if u.row is not None:
        return u.row[0], u.row[1], u.row[0], u.row[1], True
    ls, le = u.line
    if not _number_break(text, ls - 1) and not _number_break(text, le) and not sp.is_row(text, ls, le, ctx):
        return ls, le, u.sentence[0], u.sentence[1], False
    while ls > 0 and _number_break(text, ls - 1):
        ls = text.rfind("\n", 0, ls - 1) + 1
    while le < len(text) and _number_break(text, le):
        le = ctx.line_at(le + 1)[1]
    if sp.is_row(text, ls, le, ctx):
        return ls, le, ls, le, True
    ss = max(ls, max(text.rfind(ch, ls, pos) for ch in _SENTENCE_END) + 1)
    ends = [i for i in (text.find(ch, pos, le) for ch in _SENTENCE_END) if i >= 0]
    return ls, le, ss, min(ends) + 1 if ends else le, False


class _Persons:
    """PERSON results of the first pass, split into private persons and officials, and the document's
    private names (so a later mention the first pass did not mark counts)."""

    def __init__(self, results: Sequence[RecognizerResult], text: str = "") -> None:
        self.private: list[tuple[int, int]] = []
        self.officials: list[tuple[int, int]] = []
        for r in results:
            if r.entity_type == "PERSON":
                role = ((r.recognition_metadata or {}).get(META_ATTRIBUTES) or {}).get("role")
                (self.officials if role == "official" else self.private).append((r.start, r.end))
        self.private.sort()
        self.officials.sort()
        self.text = text
        official = {text[a:b] for a, b in self.officials}
        self.names = sorted({text[a:b] for a, b in self.private} - official - {""}, key=len, reverse=True)
        self._automaton: ahocorasick.Automaton | None = None
        self._name_set = frozenset(self.names)
        self._name_lengths = sorted({len(n) for n in self.names})

    @staticmethod
    def within(spans: list[tuple[int, int]], s: int, e: int, ps: int = -1, pe: int = -1) -> list[tuple[int, int]]:
        """The spans inside ``[s, e)`` not overlapping the phrase ``[ps, pe)``."""
        lo, hi = bisect.bisect_left(spans, (s, -1)), bisect.bisect_left(spans, (e, -1))
        return [(a, b) for a, b in spans[lo:hi] if b <= e and not (a < pe and ps < b)]

    def preceding_private(self, pos: int) -> tuple[int, int] | None:
        """The last private person mentioned before ``pos`` in the document."""
        i = bisect.bisect_left(self.private, (pos, -1))
        return self.private[i - 1] if i > 0 else None

    def nearest_private(self, s: int, e: int, ps: int, pe: int) -> tuple[int, int] | None:
        cands = self.within(self.private, s, e, ps, pe) or self.mentions(s, e, ps, pe)
        before = [c for c in cands if c[1] <= ps]
        return before[-1] if before else (cands[0] if cands else None)

    def mentions(self, s: int, e: int, ps: int = -1, pe: int = -1) -> list[tuple[int, int]]:
        """Unmarked repeats of a private person's name between ``s`` and ``e`` (not inside the phrase):
        a short span's substrings are looked up in a set, a long one takes one Aho-Corasick pass (the cost
        grows with the span, not with the number of persons: a 100,000-row roster has 100,000 names)."""
        if not self.names or s >= e:
            return []
        out = []
        if e - s <= _SHORT_SPAN:
            for i in range(s, e):
                out += [(i, i + k) for k in self._name_lengths if i + k <= e and self.text[i : i + k] in self._name_set]
        else:
            if self._automaton is None:
                self._automaton = ahocorasick.Automaton()
                for name in self.names:
                    self._automaton.add_word(name, len(name))
                self._automaton.make_automaton()
            for last, k in self._automaton.iter(self.text[s:e]):  # a slice: iter(text, s, e) copies the text
                out.append((s + last + 1 - k, s + last + 1))
        return sorted((a, b) for a, b in out if not (a < pe and ps < b))

    def has_official(self, s: int, e: int, ps: int, pe: int) -> bool:
        return bool(self.within(self.officials, s, e, ps, pe))


def _refers_to_someone(text: str, ls: int, ss: int, se: int, ph: Phrase) -> bool:
    """May the paragraph's person be the subject of this sentence? Yes if the sentence has a person
    word, or if it is a narrative sentence in a paragraph that opens by describing a person (患者甲某，男，
    40岁，… 5月2日就诊，确诊为…). Policy wording counts in the phrase's own clause: 现已规范服药 later in
    the sentence is no policy.

    >>> t = "患者甲某，男，40岁。5月2日确诊为肺结核，现规范服药。各地要规范治疗肺结核。"
    >>> i, j = t.index("确诊"), t.rindex("肺结核")
    >>> _refers_to_someone(t, 0, 11, 27, Phrase("health", i, i + 6, "确诊为肺结核", ""))
    True
    >>> _refers_to_someone(t, 0, 27, len(t), Phrase("health", j, j + 3, "肺结核", ""))
    False
    """
    if _CUE.search(text, ss, se):
        return True
    ce = min([i for i in (text.find(c, ph.end, se) for c in _CLAUSE_END) if i >= 0], default=se)
    if RX["policy"].search(text, _clause_start(text, ss, ph.start), ce):
        return False
    first_end = min([i for i in (text.find(ch, ls, se) for ch in _SENTENCE_END) if i >= 0], default=se)
    return bool(_GENDER.search(text, ls, first_end) or _resident_id(text, ls, first_end))


def _clause_start(text: str, ss: int, pos: int) -> int:
    """Start of the clause (between ，；： in the sentence starting at ``ss``) holding ``pos``."""
    return max([text.rfind(c, ss, pos) for c in _CLAUSE_END] + [ss - 1]) + 1


def _resident_id(text: str, s: int, e: int) -> re.Match[str] | None:
    """A valid or masked resident ID between ``s`` and ``e`` (case numbers failing the check don't count)."""
    for m in _ID_LIKE.finditer(text, s, e):
        if ("*" in m.group() and m.group().count("*") >= 4) or is_valid(m.group()):
            return m
    return next((m for m in _MASKED_ID.finditer(text, s, e) if 14 <= len(m.group()) <= 18), None)


def _name_before(text: str, ph: Phrase) -> Link | None:
    """A name directly before 系/为/因 and the phrase (第3户某某某系二级视力残疾人, 某某某因患肺结核).

    >>> t = "2.第3户严秀珍系二级视力残疾人"
    >>> i = t.index("二级")
    >>> _name_before(t, Phrase("health", i, i + 6, t[i : i + 6], "")).text
    '严秀珍'
    """
    run = _CJK_RUN_BEFORE.search(text, max(0, ph.start - 9), ph.start - 1) if ph.start >= 3 else None
    if run is None or text[ph.start - 1] not in "系为是因":
        return None
    for k in (3, 2, 4):
        w, before = run.group()[-k:], run.group()[:-k][-1:]
        if len(w) == k and (not before or before in "户号名") and _name_like(w):
            s = ph.start - 1 - k
            return Link(w, s, s + k, "name", "同句", f"紧接其前的“{w}{text[ph.start - 1]}”")
    return None


def _role_name(text: str, s: int, ph: Phrase) -> Link | None:
    """A role word and a plausible name before the phrase in its sentence: 邻居盖某某吸入性损伤.

    >>> t = "邻居严秀珍吸入性损伤"
    >>> _role_name(t, 0, Phrase("health", 5, 10, t[5:], "")).text
    '严秀珍'
    """
    for m in _ROLE_BEFORE_NAME.finditer(text, s, ph.start):
        for k in (3, 2, 4):
            w = text[m.end() : m.end() + k]
            if m.end() + k < ph.end and len(w) == k and _name_like(w):
                return Link(w, m.end(), m.end() + k, "name", "同句", f"同句“{m.group()}{w}”")
    return None


def _name_like(w: str) -> bool:
    """A run before a phrase that may be a name: no pronoun, unit or place character, and name-like."""
    return not sp.CHARS["not_in_name"] & set(w) and _looks_like_name(w)


def _looks_like_name(w: str) -> bool:
    """A surname followed by characters common in given names (贲国庆 yes; 经鉴定, 现调整 no)."""
    lex = lexicon()
    sur = lex.surname_at(w, 0)
    if sur is None or len(w) == len(sur) or lex.negative_word_at(w, 0):
        return False
    given = [lex.given(ch) for ch in w[len(sur) :]]
    return min(given) > -1.5 and sum(given) > 0.5


def _states_rule(text: str, s: int, e: int) -> bool:
    """Does ``text[s:e]`` state a rule or a condition (如…, 应当…, 各地要…) rather than a fact about someone?"""
    return bool(RX["conditional"].match(text, s, e) or RX["policy"].search(text, s, e))


def _back_reference(text: str, ph: Phrase, persons: _Persons, ls: int, ss: int, se: int) -> Link | None:
    """申请人/患者/病例/当事人/其 in a narrative sentence -- or opening its paragraph (病例于某月某日…) --
    refers to the document's private person named earlier."""
    if ph.subtype not in ("health", "criminal") or _states_rule(text, ss, se):
        return None
    first_end = min([i for i in (text.find(ch, ls, ss) for ch in _SENTENCE_END) if i >= 0], default=ss)
    units = [(ss, se)] + ([(ls, first_end)] if ls < first_end and not RX["policy"].search(text, ls, first_end) else [])
    m = next((m for s, e in units for m in RX["anaphor"].finditer(text, s, e) if not ph.start <= m.start() < ph.end),
             None)
    p = persons.preceding_private(ph.start) if m else None
    if m is None or p is None:
        return None
    name = text[p[0] : p[1]]
    return Link(name, p[0], p[1], "person", "同文", f"“{m.group()}”回指前文个人“{name}”")


def _specific(text: str, m: re.Match[str]) -> bool:
    """Is a generic person word about one person: 该/此/一名 before it, a name (or a 某某) after it, or
    既往 (患儿既往有…)?"""
    after = RX["name_after"].match(text[m.end() : m.end() + 7])
    return bool(
        RX["specific_before"].search(text, max(0, m.start() - 4), m.start())
        or (after and ("某" in after.group() or _looks_like_name(after.group().rstrip(",，(（、"))))
        or text.startswith("既往", m.end())
    )


def _cue_in(text: str, s: int, e: int, ps: int, pe: int, row: bool) -> tuple[int, int] | None:
    """A person word in the unit pointing at someone: a strong cue, a pronoun 他/她 (not 他们, 其他, 利他),
    any person word in a table row, or a specific one outside a rule."""
    rule = None  # whether the unit states a rule (学生/申请人 there is anyone, not someone): asked once
    for m in _CUE.finditer(text, s, e):
        if ps <= m.start() and m.end() <= pe:
            continue  # a word inside the phrase itself (…班学生) is no separate person
        if m.group() in ("他", "她"):
            if not (text[m.end() : m.end() + 1] in ("们", "人") or m.start() > 0 and text[m.start() - 1] in "其利吉"):
                return m.span()
            continue
        if m.group() in STRONG_CUES or row:
            return m.span()
        rule = _states_rule(text, s, e) if rule is None else rule
        if not rule and _specific(text, m):
            return m.span()
    return None


def _form_subject(text: str, ph: Phrase, persons: _Persons) -> Link | None:
    """The private person a form field is about: a PERSON, a resident ID or a 姓名：field above it.

    >>> t = "姓名:甲某某\\n病情:左胫骨骨裂"
    >>> _form_subject(t, Phrase("health", 10, 15, "左胫骨骨裂", "", "form"), _Persons([])).text
    '甲某某'
    """
    lo = max(0, ph.start - FORM_REACH)
    p = persons.preceding_private(ph.start)
    if p is not None and p[0] >= lo:
        return Link(text[p[0] : p[1]], p[0], p[1], "person", "同表", f"表单所述个人“{text[p[0] : p[1]]}”")
    m = _resident_id(text, lo, ph.start)
    if m:
        return Link(m.group(), m.start(), m.end(), "id", "同表", "表单中有身份证号")
    n = next(reversed(list(RX["form_name"].finditer(text, lo, ph.start))), None)
    return Link(n.group("n"), n.start("n"), n.end("n"), "column", "同表", f"表单栏目“{n.group()}”") if n else None


def generic_reason(text: str, ph: Phrase, ctx: ScanContext | None = None) -> str:
    """Why a phrase is about nobody in particular whatever surrounds it ("" when it may be about someone)."""
    if ph.detail == "category" or ph.detail == "status" and _category_cell(text, ph, ctx):
        return "待遇/补贴类别名称"  # 失能老年人护理补贴, 保障类别 | 社会散居孤儿: a benefit group
    if ph.detail == "diagnosis" and RX["generic_tail"].search(ph.text):
        return "泛指某类人员（…者/…的学生）"
    if ph.detail.startswith("symptom") and RX["generic_tail"].match(text, ph.end):
        return "泛指出现症状的人员"  # 出现发热等症状的人员: anyone
    if RX["counted_after"].match(text, ph.end):
        return "统计数字（…患者N人/…管理率）"
    return ""


def _category_cell(text: str, ph: Phrase, ctx: ScanContext | None) -> bool:
    """Is ``ph`` in a table cell under a category header (保障类别, 人员类型)?"""
    if ctx is None:
        return False
    ls, le = ctx.line_at(ph.start)
    if not sp.is_row(text, ls, le, ctx):
        return False
    return any(s <= ph.start < e and RX["category_header"].search(h) for s, e, h in sp.row_cells(text, ctx, ls, le))


def find_link(text: str, ph: Phrase, persons: _Persons, ctx: ScanContext) -> tuple[Link | None, bool]:
    """The person ``ph`` is about, and whether only officials were found near it: the same sentence (or table
    row) first, then -- in prose -- the paragraph, then a word referring back to the document's person."""
    if generic_reason(text, ph, ctx):
        return None, False
    ls, le, ss, se, row = _bounds(text, ph.start, ctx)
    if RX["group_subject"].match(text, _clause_start(text, ss, ph.start)):
        return None, False  # …骨折，另有2名伤者为轻微伤: the clause is about a counted group
    link = _form_subject(text, ph, persons) if ph.detail == "form" else _record_link(text, ph, persons, ls, row)
    scope, line = ("同行", (ls, le)) if row else ("同句", None)
    link = link or _person_or_id(text, ph, persons, ctx, (ss, se, scope), line)
    link = link or _sentence_link(text, ph, ctx, ss, se, scope, line)
    if _group_between(text, link, ph):
        return None, False
    if not row and _sentence_may_refer(text, persons, ss, se):
        link = link or _paragraph_link(text, ph, persons, ctx, (ls, le, ss, se))
        link = link or _back_reference(text, ph, persons, ls, ss, se)
    return (link, False) if link else (None, persons.has_official(ss, se, ph.start, ph.end))


def _group_between(text: str, link: Link | None, ph: Phrase) -> bool:
    """A group of people between the linked person and the phrase (法定代表人X……对部分参保患者实行…住院):
    the phrase is about the group, not X."""
    return link is not None and link.end <= ph.start and RX["group_between"].search(text, link.end, ph.start) is not None


def _record_link(text: str, ph: Phrase, persons: _Persons, ls: int, row: bool) -> Link | None:
    """On a line of a key-value record (体貌特征：…右手食指缺失; not a table row), the record's person: as a
    form field's, if no blank line stands between them."""
    if row or RX["form_line"].match(text, ls) is None:
        return None
    link = _form_subject(text, ph, persons)
    return None if link is None or _BLANK_LINE.search(text, link.end, ph.start) else link


def _sentence_may_refer(text: str, persons: _Persons, ss: int, se: int) -> bool:
    """May the sentence ``text[ss:se]`` be about a person named elsewhere in its paragraph? Not when it is
    about a counted group (其余3例病情较轻) or is a heading that names nobody ((三)儿童慢病管理存在空白。)."""
    if RX["group_subject"].match(text, ss):
        return False
    return RX["heading_open"].match(text, ss) is None or any(ss <= ps < se for ps, _pe in persons.private)


def _person_or_id(
    text: str, ph: Phrase, persons: _Persons, ctx: ScanContext, unit: tuple[int, int, str], row: tuple[int, int] | None
) -> Link | None:
    """A private person (in a row with several: the one under the name header -- a village in the address
    column read as a name is not the row's person) or a resident ID in the unit."""
    s, e, sc = unit
    p = persons.nearest_private(s, e, ph.start, ph.end)
    cands = persons.within(persons.private, *row, ph.start, ph.end) if p and row else []
    cell = _name_cell(text, ctx, row) if row and len(cands) >= 2 else None
    p = next((c for c in cands if cell and cell.start <= c[0] and c[1] <= cell.end), p)
    if p:
        return Link(text[p[0] : p[1]], p[0], p[1], "person", sc, f"{sc}有个人姓名“{text[p[0]:p[1]]}”")
    m = _resident_id(text, s, e)
    if m and not RX["example"].search(text, s, e):
        return Link(m.group(), m.start(), m.end(), "id", sc, f"{sc}有身份证号")
    return None


def _name_cell(text: str, ctx: ScanContext, row: tuple[int, int]) -> Link | None:
    """In a table row, the cell under a 姓名/户主 header."""
    found = sp.name_column(text, ctx, *row, _NAME_HEADERS)
    if found is None:
        return None
    s, e, header = found
    return Link(text[s:e], s, e, "column", "同行", f"同行“{header}”列为“{text[s:e]}”")


def _sentence_link(
    text: str, ph: Phrase, ctx: ScanContext, s: int, e: int, sc: str, row: tuple[int, int] | None
) -> Link | None:
    """A name the first pass missed, a person word, a 男/女 apposition or a 某某 in the sentence or row."""
    link = _name_cell(text, ctx, row) if row else _name_before(text, ph) or _role_name(text, s, ph)
    if link:
        return link
    c = _cue_in(text, s, e, ph.start, ph.end, row is not None)
    if c:
        return Link(text[c[0] : c[1]], c[0], c[1], "cue", sc, f"{sc}指向个人的“{text[c[0] : c[1]]}”")
    for rx, via, why in ((_GENDER, "gender", "性别等个人描述"), (RX["somebody"], "cue", "“某某”指代的个人")):
        g = rx.search(text, s, e)
        if g and not (g.start() < ph.end and ph.start < g.end()):
            return Link(g.group(), g.start(), g.end(), via, sc, f"{sc}有{why}")
    return None


def _paragraph_link(
    text: str, ph: Phrase, persons: _Persons, ctx: ScanContext, bounds: tuple[int, int, int, int]
) -> Link | None:
    """For strong evidence, the paragraph: a person, an ID or a 男/女 apposition, when the sentence may be
    about the paragraph's person (:func:`_refers_to_someone`)."""
    ls, le, ss, se = bounds
    if le - ls > PARAGRAPH_LIMIT or not _refers_to_someone(text, ls, ss, se, ph):
        return None
    link = _person_or_id(text, ph, persons, ctx, (ls, le, "同段"), None)
    g = None if link else _GENDER.search(text, ls, le)
    return link or (Link(g.group(), g.start(), g.end(), "gender", "同段", "同段有性别年龄等个人描述") if g else None)


def _without_person(text: str, ph: Phrase, link: Link | None, persons: _Persons) -> Phrase:
    """A phrase grown over the name before it (伤者某某某左腿Ⅲ度烧伤) starts after the name."""
    names = persons.within(persons.private, ph.start, ph.end) + persons.mentions(ph.start, ph.end)
    ends = [b for a, b in names if a >= ph.start]
    if link is not None and ph.start <= link.start < ph.end:
        ends.append(link.end)
    cut = max(ends, default=ph.start)
    if ph.start < cut < ph.end and ph.detail not in ("form", "column"):
        return replace(ph, start=cut, text=text[cut : ph.end])
    return ph


def _is_child(text: str, ph: Phrase, ctx: ScanContext) -> bool:
    """Is a 14-17 year old's age about a child? A child word (子女、学生、高一 …) in the same sentence or
    row, a school column in the row, or the age in brackets right after the person's description."""
    ls, _, ss, se, row = _bounds(text, ph.start, ctx)
    if not row and RX["form_line"].match(text, ls):  # 年龄：约15岁 in a record: its other lines (就读于…初二) count
        ss, se = _record(text, ls)
    return ph.child or any(c in text[ss:se] for c in sp.CHILD_CUES) or text[max(0, ph.start - 1) : ph.start] in "(（["


def _record(text: str, ls: int) -> tuple[int, int]:
    """The key-value record around the line starting at ``ls``: from the blank line before to the one after."""
    before = [m.end() for m in _BLANK_LINE.finditer(text, max(0, ls - FORM_REACH), ls + 1)]
    after = _BLANK_LINE.search(text, ls, ls + FORM_REACH)
    return (before[-1] if before else max(0, ls - FORM_REACH)), (after.start() if after else min(len(text), ls + FORM_REACH))


def _phrases(text: str, ctx: ScanContext) -> list[Phrase]:
    """Lexicon and pattern phrases, cells under sensitive headers and values of health form fields (a
    phrase that is a form field's label, 住院情况：, gives way to the value)."""
    phrases = sp.merge_phrases(text, sp.find_phrases(text) + sp.header_phrases(text, ctx))
    forms = sp.form_phrases(text)
    if forms:
        phrases = sp.merge_phrases(text, [p for p in phrases if not _in_label(text, p)] + forms)
    return phrases


def _in_label(text: str, ph: Phrase) -> bool:
    """Is ``ph`` the label of a form field (住院情况：), not its value?"""
    return ph.subtype == "health" and text[ph.end : ph.end + 3].lstrip(" ").startswith((":", "情况:", "状况:"))


_ENTITY = "SENSITIVE_PERSONAL_INFO"


class SensitiveInfoRecognizer(CnRecognizer):
    """Sensitive personal information, linked to the person it is about (second pass)."""

    ENABLED = True
    ENTITIES = (_ENTITY,)

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        return ()  # everything happens in document_pass, which sees the PERSON results

    def document_pass(self, text: str, results: list[RecognizerResult], ctx: ScanContext) -> list[RecognizerResult]:
        persons = _Persons(results, text)
        linked = []
        with sp.as_of(sp.document_date(text)):  # ages counted at the document's date
            for ph in _phrases(text, ctx):
                ph = _without_person(text, ph, None, persons)  # 村民张建军左腿截肢: the name is the link, not the phrase
                link, officials_only = find_link(text, ph, persons, ctx)
                linked.append((_without_person(text, ph, link, persons), link, officials_only))
        # sentence/row units that hold a tied phrase other than ethnicity (for the ethnicity rule)
        units = {_bounds(text, ph.start, ctx)[2] for ph, link, _ in linked if link and ph.detail != "ethnicity"}
        return [self.to_result(self._candidate(text, *one, ctx, units)) for one in linked]

    def _candidate(
        self, text: str, ph: Phrase, link: Link | None, officials_only: bool, ctx: ScanContext, units: set[int]
    ) -> Candidate:
        attrs: dict[str, Any] = {"subtype": ph.subtype, **({"detail": ph.detail} if ph.detail else {})}
        expl = [ph.how, f"类别：{ph.subtype}（个人信息保护法第二十八条）"]
        evidence = ("form_label" if ph.detail == "form" else "column_header") if ph.cue else "lexicon"
        score = Score().add(evidence, ph.cue or ph.how, 0.4)
        if link and ph.subtype == "minor" and ph.detail == "age" and (ph.age or 0) >= 14 and not _is_child(text, ph, ctx):
            score.add("veto", "14-17岁且同句/同行无学生、子女等指向未成年人的词", 0.0)  # 14-17: only a pupil's/child's
            link = None
        if link is None:
            return self._unlinked(text, ph, officials_only, score, expl, attrs, ctx)
        s, e = ctx.norm.to_original(link.start), ctx.norm.to_original_end(link.end)
        attrs["linked_to"] = {"text": link.text, "start": s, "end": e, "via": link.via, "scope": link.scope}
        expl.append(f"与个人关联：{link.reason}")
        score.add("person_link", f"{link.scope}·{link.via}：{link.text}", 0.45)
        sev, rules = self._severity(text, ph, link, ctx, units)
        expl.extend(rules)
        for rule in rules:
            score.add("severity_rule", rule, 0.0)
        return Candidate(_ENTITY, ph.start, ph.end, score.total, expl, attrs, severity=sev, features=score.items)

    @staticmethod
    def _unlinked(
        text: str, ph: Phrase, officials_only: bool, score: Score, expl: list[str], attrs: dict[str, Any],
        ctx: ScanContext | None = None,
    ) -> Candidate:
        """A phrase tied to nobody: LOW, with why (a benefit group, only officials, a policy text)."""
        generic = generic_reason(text, ph, ctx)
        why = f"未关联到具体个人（{generic}）：仅提示" if generic else (
            "同句/同行仅涉及公职人员" if officials_only else "未关联到具体个人（政策性表述）：仅提示")
        expl.append(why)
        if not score.has("veto"):
            score.add("veto", why, 0.0)
        attrs["linked_to"] = None
        return Candidate(_ENTITY, ph.start, ph.end, score.total, expl, attrs, severity=Severity.LOW, features=score.items)

    @staticmethod
    def _severity(text: str, ph: Phrase, link: Link, ctx: ScanContext, units: set[int]) -> tuple[Severity, list[str]]:
        """HIGH for a tied phrase, except ethnicity (LOW unless it comes with other sensitive facts about a
        private person) and household figures (人均收入 is an eligibility computation, not a person's assets)."""
        specific = link.via in ("person", "id", "column", "name") and link.scope in ("同行", "同句")
        if ph.detail == "symptom":
            return Severity.LOW, ["仅一般性症状表述（如“发热、咳嗽等症状”），未描述具体病情，仅提示"]
        if ph.detail == "stay":
            return Severity.LOW, ["仅住院/入院经历及时长（如“住院5天”），未述病情，仅提示"]
        if ph.detail == "ethnicity":
            ls, le, ss, _, _ = _bounds(text, ph.start, ctx)
            if RX["appointment"].search(text, max(0, ls - 300), le):
                return Severity.LOW, ["民族：任免/干部简历中的公开信息，仅提示"]
            if specific and ss in units:
                return Severity.MEDIUM, ["民族：与同一个人的其他敏感信息同时出现，提请审核（非第二十八条列举项）"]
            return Severity.LOW, ["民族：单独出现不构成敏感个人信息（非第二十八条列举项），仅提示"]
        if ph.subtype == "financial" and "人均" in ph.text:
            return Severity.LOW, ["人均收入为家庭核算口径，非个人财产明细，仅提示"]
        if ph.subtype == "financial" and not specific:
            return Severity.LOW, ["财产信息仅经代词/上下文关联，未指向具名个人，仅提示"]
        return Severity.HIGH, []
