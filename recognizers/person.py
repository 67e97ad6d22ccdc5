"""PERSON: Chinese personal names, with the role (private person or official) that sets the severity.

The finders (tables, cues, prose: :mod:`recognizers.person_tables`, :mod:`recognizers.person_cued`,
:mod:`recognizers.person_prose`) propose names with the cue that found them; the surname prior and the
given-name statistics (:class:`~recognizers.person_lexicon.NameJudge`) let them through. A role cue (a title or
label around the name, an appointment, the ``official_allowlist`` option) makes a name ``official`` (LOW), a
private trigger ``private`` (HIGH); otherwise HIGH with the reason 角色不明. A document-wide pass finds later
mentions of every name found once (张伟 ... 张伟表示) and the other openers of a roster's lines.
De-identified forms (张某, 李某某) are never findings.

>>> from screening.scan_context import ScanContext
>>> r = CnPersonRecognizer()
>>> t = "当事人：王小明，男。执法人员：李建国。"
>>> [(t[c.start:c.end], c.attributes["role"]) for c in r.find(t, ScanContext.for_text(t))]
[('王小明', 'private'), ('李建国', 'official')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from presidio_analyzer import RecognizerResult

from recognizers import cues
from recognizers.base import META_ATTRIBUTES, Candidate, CnRecognizer
from recognizers.person_cued import (
    after_cues,
    appointments,
    bio_openings,
    latin_names,
    official_lists,
    triggered,
)
from recognizers.person_lexicon import (
    CJK,
    DOTS,
    ENTITY,
    OFFICIAL_AFTER,
    OFFICIAL_LABEL_ENDS,
    OFFICIAL_TITLES,
    PRIVATE_TRIGGERS,
    Covered,
    NameJudge,
    candidate,
    cue_feature,
    is_cjk,
    lexicon,
    line_matches,
)
from recognizers.person_prose import (
    context_cued,
    dotted,
    foreign_tail,
    foreign_uncued_names,
    in_title,
    list_neighbours,
    name_lists,
    speaker_labels,
    team_context,
    tibetan,
    uncued_names,
)
from recognizers.person_tables import key_values, masked, not_in_cell, table_cell_map, table_cells, whole_name
from recognizers.scorer import Feature
from screening.findings import Severity
from screening.scan_context import ScanContext

#: Appointment verbs before ``NAME同志`` (任命张三同志为…, 免去李四同志的…职务).
APPOINT_BEFORE = re.compile(f"(?:{cues.alternation(cues.words('appoint_verb'))})$")
#: What follows ``NAME同志`` in an appointment (为…局长, 任…, 的…职务, 不再担任…): a grammar, not a word list.
APPOINT_AFTER = re.compile(r"同志(?:为|任|兼任|担任|不再|的[^。\n]{0,40}职务|职务|同志|等|[、,，])")  # cue-rule: grammar
#: A document whose title (its first lines) announces personnel decisions.
_APPOINT_TITLE = re.compile(
    cues.alternation(cues.words("appoint_title")) + r"|干部.{0,6}公示|聘任.{0,6}通知"  # cue-rule: two patterns
)
#: A biography line of an official (现任…, 历任…) unless the job is in a company (现任某贸易公司经理).
BIO_LINE = re.compile(cues.alternation(cues.words("bio_official")))
BIO_PRIVATE = re.compile(cues.alternation(cues.words("bio_private")))


def appointment_document(text: str) -> bool:
    """True when the first ~6 lines (the title block) announce appointments or removals."""
    lines = text[:4096].lstrip().splitlines()  # a big sheet's text is megabytes: split its start
    if len(lines) < 7:  # the sixth line may be cut (or the start is blank): the whole text
        lines = text.lstrip().splitlines()
    head = "\n".join(lines[:6])
    return _APPOINT_TITLE.search(head) is not None


_HEAD_TITLES = frozenset(OFFICIAL_TITLES + OFFICIAL_LABEL_ENDS)
_HEAD = re.compile(f"(?P<word>{cues.alternation(_HEAD_TITLES | set(PRIVATE_TRIGGERS))})[:]?[{CJK}{DOTS}]{{2,10}}$")


def list_head_role(text: str, s: int, max_items: int = 12) -> tuple[str, str] | None:
    """``(role, word)`` of the role word heading the 、-list that holds the name at ``s``:
    ``考官甲乙丙、王丽君`` -> official, ``学生张三、李四`` -> private; None when not in such a list.

    >>> t = "主考官张某某,考官吉克阿依、王丽君、邱华"
    >>> list_head_role(t, t.index("邱华"))
    ('official', '考官')
    """
    pos = s
    for _ in range(max_items):
        if pos < 2 or text[pos - 1] != "、":
            return None
        j = rs = pos - 1
        while rs > 0 and j - rs < 14 and (is_cjk(text[rs - 1]) or text[rs - 1] in DOTS):
            rs -= 1
        run = text[rs:j]
        if rs > 0 and text[rs - 1] == ":" and 2 <= len(run) <= 10:
            m = _HEAD.search(text, max(0, rs - 12), j)
        else:
            m = _HEAD.search(run)
        if m is not None:
            word = m.group("word")
            return ("official" if word in _HEAD_TITLES else "private"), word
        if len(run) > 8:
            return None
        pos = rs
    return None


#: a bracket right after a name that ends with an official job title (（保障科科长）, （社区民警）)
#: a bare role inside a committee or panel (（组长）, （主任委员）): says nothing about who the member is
_COMMITTEE_ROLES = frozenset(cues.words("committee_role"))
_BRACKET_TITLE = re.compile(rf"\(([^()\n]{{0,18}}?(?:{cues.alternation(OFFICIAL_TITLES)}))\)")
#: a post filled by the name that follows: 副主考由X兼任, 办公室主任由X担任
_POST_BY = re.compile(f"(?:{cues.alternation(OFFICIAL_TITLES + OFFICIAL_LABEL_ENDS)})(?:一职)?由$")
_POST_TAKEN = re.compile(f"(?:同志)?(?:{cues.alternation(cues.words('post_verb'))})")
#: a government unit written right before a name, or as the label of its contact line (押运负责人为县公安局X,
#: 值守人员：市应急局X, 某镇征迁指挥部：X，电话…)
_UNIT_BEFORE = re.compile(
    rf"[省市县区州盟旗镇乡街][{CJK}]{{0,10}}?(?:{cues.alternation(cues.words('unit_end'))})"
    rf"(?:[{CJK}]{{0,4}}(?:{cues.alternation(cues.words('unit_staff_word'))}))?(?::\s*)?$"  # 县疾控中心流调人员X
)
#: a government unit, a post in it and a colon, opening the line before a name: 某镇卫生院精防医生：X
_UNIT_LABEL = re.compile(
    rf"(?:^|(?<=\n))[ \t]*[{CJK}]{{0,10}}?[省市县区州盟旗镇乡街][{CJK}]{{0,10}}?(?:{cues.alternation(cues.words('unit_end'))})"
    rf"(?P<role>[{CJK}]{{1,6}}):\s*$"
)
#: a post that is a private party's, not a job (来访人, 申请人, 学员, 代表 ...)
_PRIVATE_ROLE = re.compile(rf"人$|{cues.alternation(cues.words('private_label_word'))}")
#: a company and a job title right before a name (某热力有限公司副总经理X, 某建筑公司项目部经理X): a private person
_COMPANY_BEFORE = re.compile(rf"(?:{cues.alternation(cues.words('contact_company'))})[{CJK}]{{0,8}}$")
#: an official post in apposition after a name: X，大队长。 / X，某镇安全生产监管站站长，
_POST_AFTER = re.compile(rf"[,，]\s*(?![原前退已])(?P<post>[{CJK}]{{0,14}}?(?:{cues.alternation(OFFICIAL_TITLES)}))[,，。;；]")
_NEXT_CELL = re.compile(rf"(?:\t|[ \u3000]{{2,}}|[ \u3000]*\|[ \u3000]*)([{CJK}]{{2,14}})(?=[\t| \u3000]|$)")
_POST_HEADER = re.compile("职务|职位")
_COMPANY_IN = re.compile(cues.alternation(cues.words("contact_company")) + "|车间|班组|项目部")
_PRIVATE_IN_BRACKET = re.compile(cues.alternation(cues.words("private_bracket")) + "|之[子女妻夫父母兄弟姐妹]|其[子女妻夫父母]")

#: a line that opens with a name (maybe padded: 万　晴) followed by a gap (names are padded to one width,
#: so a four-character name may be followed by a single space) or a tab
_ROSTER_LINE = re.compile(
    rf"^[ \t]*(?P<name>[{CJK}]{{2,8}}[{DOTS}][{CJK}]{{1,10}}|[{CJK}]{{2,4}}|[{CJK}] [{CJK}])(?=[ ]+[^ \n]|\t)", re.M
)


def _names_found(text: str, results: list[RecognizerResult]) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """Every PERSON name found by the first pass with its role (private wins, then a known role) and
    the spans found."""
    names: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    for r in results:
        if r.entity_type != ENTITY:
            continue
        spans.append((r.start, r.end))
        name = text[r.start : r.end]
        role = (r.recognition_metadata or {}).get(META_ATTRIBUTES, {}).get("role", "unknown")
        if name not in names or names[name] == "unknown" or role == "private":
            names[name] = role
    return names, spans


def _surroundings_role(text: str, ctx: ScanContext, c: Candidate, appoint_doc: bool) -> tuple[str, str] | None:
    """``(role, reason)`` from the surroundings of an undecided (or weakly private) name, in order: an
    employer and job title before it (某某有限公司副总经理X), an appointment (任命X同志为), an official biography
    line (X，男，…现任…), the head of the 、-list
    holding the name (考官A、B、C), a personnel document (任免通知)."""
    if (company := _COMPANY_BEFORE.search(text, max(0, c.start - 24), c.start)) is not None:
        return "private", f"其前所在企业及职务“{company.group()}”"
    if APPOINT_AFTER.match(text, c.end) and (appoint_doc or APPOINT_BEFORE.search(text, max(0, c.start - 4), c.start)):
        return "official", "任免/职务表述（…同志为/的…职务）"
    if c.attributes.get("weak") and _bio_line(text, ctx.unit(c.start).line, c.start):
        return "official", "任职人员简历（现任/拟任）"
    if c.attributes["role"] == "unknown" and (head := list_head_role(text, c.start)) is not None:
        return head[0], f"与“{head[1]}”后的姓名并列"
    return ("official", "人事任免文件中的姓名") if appoint_doc else None


def _post_column(text: str, ctx: ScanContext, e: int) -> str | None:
    """In a table row, the next cell after a name under a 职务/职位 column holding an official's post
    (区司法局 | 罗某 | 副局长): why the name is an official's, else None."""
    line_end = text.find("\n", e)
    m = _NEXT_CELL.match(text, e, len(text) if line_end < 0 else line_end)
    if m is None or not text.endswith(OFFICIAL_TITLES, m.start(1), m.end(1)) or _COMPANY_IN.search(m.group(1)):
        return None
    header = ctx.column_header_at(m.start(1))
    return f"同行职务列“{m.group(1)}”" if header and _POST_HEADER.search(header) else None


def _official_around(text: str, s: int, e: int, undecided: bool) -> str | None:
    """Why the name ``text[s:e]`` is an official's from the words around it, or None: a title after it
    (X局长), a job title in brackets or in apposition after it (X（某所所长）, X，大队长。); for an
    ``undecided`` name also a title
    before it, a post it fills (…主任由X担任) or a government unit right before it (县公安局X)."""
    if text.startswith(OFFICIAL_AFTER, e, e + 8):
        return f"其后职务“{text[e : e + 5]}”"
    if (
        text.startswith("(", e) and (title := _BRACKET_TITLE.match(text, e))
        and not _PRIVATE_IN_BRACKET.search(title.group(1)) and title.group(1) not in _COMMITTEE_ROLES
    ):
        return f"其后括注职务“{title.group(1)}”"  # 杨丽萍（凤凰北街司法所所长）, 马建平（主管医师）
    if (post := _POST_AFTER.match(text, e)) is not None and not _COMPANY_IN.search(post.group("post")):
        return f"其后同位职务“{post.group('post')}”"  # X，大队长。 / X，某镇安全监管站站长，建议…
    if (label := _UNIT_LABEL.search(text, max(0, s - 24), s)) is not None and not _PRIVATE_ROLE.search(label["role"]):
        return f"其前为机关的岗位栏目“{label.group().rstrip(': ')}”（履职人员）"  # 某镇卫生院精防医生：X　电话…
    if not undecided:
        return None
    if text.endswith(OFFICIAL_TITLES, max(0, s - 8), s):
        return "其前职务"
    if _POST_BY.search(text, max(0, s - 10), s) and _POST_TAKEN.match(text, e):
        return "由其兼任/担任的职务"
    unit = _UNIT_BEFORE.search(text, max(0, s - 14), s)
    return f"其前所在机关“{unit.group()}”（履职人员）" if unit else None


def _labelled_win(found: dict[tuple[int, int], Candidate], labelled: list[Candidate]) -> None:
    """The names of an official line label replace what overlaps them: 出席：区住建局X is one official."""
    if not labelled:
        return
    covered = {i for c in labelled for i in range(c.start, c.end)}
    for key in [k for k in found if any(i in covered for i in range(*k))]:
        del found[key]
    found.update(((c.start, c.end), c) for c in labelled)


def _bio_line(text: str, line: tuple[int, int], start: int) -> bool:
    """The name at ``start`` opens an official's biography line (X，男，…现任…局长), not a company's."""
    ls, le = line
    if text[ls:start].strip():
        return False
    return BIO_LINE.search(text, ls, le) is not None and BIO_PRIVATE.search(text, ls, le) is None


def _roster_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of consecutive lines that each open with a name followed by a wide gap (``万　晴　　某某公司职工``).

    >>> [[m.group("name") for m in run] for run in _roster_runs("王小明  职工\\n不是\\n李四\\t农民\\n张三  农民")]
    [['王小明'], ['李四', '张三']]
    """
    run: list[re.Match[str]] = []
    last_line_end = -2
    for m in line_matches(_ROSTER_LINE, text, " ", "\t"):  # a roster line needs the gap after its name
        if run and text.rfind("\n", 0, m.start()) + 1 != last_line_end + 1:
            yield run
            run = []
        run.append(m)
        last_line_end = text.find("\n", m.end())
        if last_line_end < 0:
            last_line_end = len(text)
    yield run


def mentions(text: str, names: list[str]) -> Iterator[tuple[int, int]]:
    """Spans of the names (>= 2 characters each) in ``text``, leftmost first and the longest name at
    a position, never overlapping (what a regex alternation of the names, longest first, finds).
    Every occurrence is looked up in a set at the positions where a name's first character is
    followed by a name's second one (one fast regex search): a sheet of 100,000 rows has as many
    names, and an automaton walking every character of it is slower.

    >>> t = "王小明和王小明华，王小"
    >>> [t[s:e] for s, e in mentions(t, ["王小明", "王小明华", "王小"])]
    ['王小明', '王小明华', '王小']
    """
    if not names:
        return
    known = set(names)
    lengths = sorted({len(n) for n in known}, reverse=True)
    first = re.escape("".join(sorted({n[0] for n in known})))
    second = re.escape("".join(sorted({n[1] for n in known})))
    starts: list[tuple[int, int]] = []
    end = len(text)
    for m in re.finditer(f"[{first}](?=[{second}])", text):
        p = m.start()
        for n in lengths:
            if p + n <= end and text[p : p + n] in known:
                starts.append((p, -n))
    last = 0
    for s, neg in sorted(starts):
        if s >= last:
            last = s - neg
            yield s, last


class CnPersonRecognizer(CnRecognizer):
    """Chinese personal names: private persons (HIGH) and officials (LOW)."""

    ENABLED = True
    ENTITIES = (ENTITY,)
    UNCUED_THRESHOLD = 3.2

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.judge = NameJudge(lexicon())

    # -- first pass --------------------------------------------------------------------------------
    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        allow = frozenset(ctx.options.get("official_allowlist") or ())
        found: dict[tuple[int, int], Candidate] = {}
        judge = self.judge
        self._add_all(text, found, table_cells(judge, text, ctx))
        cells = table_cell_map(text, ctx)
        # the prose finders read the text without the cells already decided: address cells
        # (白塔镇和平社区9组 holds no name) and name cells whose whole text is a name found above
        prose = masked(text, cells, found)
        # in order; each finder is started when the ones before it are done (it may skip what they found)
        finders: tuple[Callable[[], Iterable[Candidate]], ...] = (
            lambda: triggered(judge, prose),
            lambda: after_cues(judge, prose, cells),  # a decided cell is no salutation line
            lambda: key_values(judge, prose),
            lambda: context_cued(judge, prose, Covered(found)),
            lambda: uncued_names(judge, prose, sorted(found), self.UNCUED_THRESHOLD),
            lambda: speaker_labels(judge, prose),
            lambda: name_lists(judge, prose),
            lambda: tibetan(prose),
            lambda: foreign_uncued_names(judge, prose, Covered(found)),
            lambda: list_neighbours(judge, text, list(found.values())),
            lambda: dotted(prose),
            lambda: appointments(judge, prose),
            lambda: latin_names(prose),
            lambda: bio_openings(judge, prose),
        )
        for finder in finders:
            self._add_all(text, found, finder())
        _labelled_win(found, list(official_lists(judge, prose)))
        cands = sorted(
            (c for c in found.values() if not not_in_cell(text, ctx, c.start, c.end)), key=lambda c: (c.start, c.end)
        )
        self._resolve_roles(text, ctx, cands)
        for c in cands:
            self._finalise(text, c, allow)
        self._neighbour_roles(text, cands)
        return cands

    def _neighbour_roles(self, text: str, cands: list[Candidate]) -> None:
        """A name found only as a list neighbour (县信访局罗某、谢某) takes the role its anchor ended with."""
        by_span = {(c.start, c.end): c for c in cands}
        for c in cands:  # in text order: a chain of neighbours follows its first name
            anchor = by_span.get(c.attributes.pop("listed_with", None))  # type: ignore[arg-type]
            if anchor is None or c.attributes["role"] != "unknown" or anchor.attributes["role"] == "unknown":
                continue
            if c.explanation and c.explanation[-1].startswith("角色不明"):
                c.explanation.pop()
            c.explanation.append(f"与“{text[anchor.start : anchor.end]}”同列，身份相同")
            self.set_role(c, anchor.attributes["role"])

    @staticmethod
    def _add_all(text: str, found: dict[tuple[int, int], Candidate], cands: Iterable[Candidate]) -> None:
        """Keep each candidate that is no club or work title, the best score per span."""
        for c in cands:
            if c.attributes["role"] == "unknown":
                c.end = foreign_tail(text, c.start, c.end)  # 马尔克|斯 -> 马尔克斯
                if team_context(text, c.start, c.end) or in_title(text, c.start):
                    continue  # 沙尔克04vs曼城: a club in a match-up; 《洛丽塔》: a work's title
            key = (c.start, c.end)
            old = found.get(key)
            if old is None or c.score > old.score:
                found[key] = c

    def _resolve_roles(self, text: str, ctx: ScanContext, cands: list[Candidate]) -> None:
        """Roles from the surroundings (see :func:`_surroundings_role`), then the earliest mention of
        the same name with a known role -- except that a private role wins over an official one given only
        by a line label (列席：X, where X is a company's manager elsewhere): fail closed."""
        appoint_doc = appointment_document(text)
        for c in cands:
            if c.attributes["role"] == "private" and (post := _post_column(text, ctx, c.end)) is not None:
                self._set(c, "official", post)  # 姓名 | 职务 columns: 王某某 | 副局长
                continue
            role = c.attributes["role"]
            if role == "official" or role == "private" and not c.attributes.get("weak"):
                continue
            found = _surroundings_role(text, ctx, c, appoint_doc)
            if found is not None:
                self._set(c, *found)
        self._same_name_roles(text, cands)

    def _same_name_roles(self, text: str, cands: list[Candidate]) -> None:
        """Undecided mentions take the role of the name's earliest decided mention; a private role wins over
        an official one given only by a line label (列席：X, X being a company's manager elsewhere)."""
        known: dict[str, str] = {}
        for c in cands:
            if c.attributes["role"] != "unknown" and not c.attributes.get("weak"):
                name = text[c.start : c.end]
                if known.get(name) != "private" and not (c.attributes.get("listed") and name in known):
                    known[name] = c.attributes["role"]  # the first role, but a private one wins over a listing
        for c in cands:
            role = known.get(text[c.start : c.end])
            if c.attributes.get("listed") and role == "private" and c.attributes["role"] == "official":
                self._set(c, role, "同文另处为私人身份（名单标签不改变身份）")
                continue
            if c.attributes["role"] != "unknown" and not c.attributes.get("weak"):
                continue  # decided
            if role and c.attributes["role"] != role:
                self._set(c, role, "同文前述姓名")

    @staticmethod
    def _set(c: Candidate, role: str, reason: str) -> None:
        c.attributes["role"] = role
        c.attributes.pop("weak", None)
        c.explanation.append(reason)
        c.features.append(Feature("role_cue", f"{role}:{reason}", 0.0))

    # -- role and severity ----------------------------------------------------------------------------
    def _finalise(self, text: str, c: Candidate, allow: frozenset[str]) -> None:
        s, e = c.start, c.end
        name = text[s:e]
        role = c.attributes.get("role", "unknown")
        if all(f.feature == "role_cue" for f in c.features):  # a cued finder: the cue sets the score
            cue = cue_feature((c.attributes.get("cues") or c.explanation)[0], c.score)
            c.features = [cue, *self.judge.features(name), *c.features]
        reason = "公职人员名单" if name in allow else _official_around(text, s, e, role == "unknown")
        if reason is not None:  # a role cue around the name decides it
            role = "official"
            c.explanation.append(reason)
            c.features.append(Feature("role_cue", f"{role}:{reason}", 0.0))
        c.attributes.pop("weak", None)
        sur = self.judge.lex.surname_at(name, 0)
        if sur:
            c.explanation.insert(0, f"姓氏“{sur}”")
        self.set_role(c, role)

    @staticmethod
    def set_role(c: Candidate, role: str) -> None:
        c.attributes["role"] = role
        if role == "official":
            c.severity = Severity.LOW
            c.explanation.append("公职人员履职（低）")
        elif role == "private":
            c.severity = Severity.HIGH
            c.explanation.append("私人个人信息（高）")
        elif c.severity == Severity.MEDIUM:
            c.explanation.append("角色不明（中）")
        else:
            c.severity = Severity.HIGH
            c.explanation.append("角色不明，按私人处理（高）")

    # -- second pass: later mentions ------------------------------------------------------------------
    def _roster_run(
        self, text: str, run: list[re.Match[str]], found: set[tuple[int, int]], names: dict[str, str],
        allow: frozenset[str],
    ) -> Iterable[RecognizerResult]:
        """Rosters without a header (表彰名单, 参会名单): when at least two of a run's line openers are names
        found by the first pass, the other openers that can be names are names too, with their role."""
        if len(run) < 3:
            return
        known = [m for m in run if m.span("name") in found]
        if len(known) < 2:
            return
        roles = [names.get(text[m.start("name") : m.end("name")], "unknown") for m in known]
        role = "private" if "private" in roles or "unknown" in roles else roles[0]
        for m in run:
            if m.span("name") in found:
                continue
            name = m.group("name").replace(" ", "")
            if not whole_name(self.judge, name):
                continue
            c = candidate(m.start("name"), m.end("name"), 0.8, "名单行首（同一名单已有姓名）", role)
            self._finalise(text, c, allow)
            yield self.to_result(c)

    def document_pass(self, text: str, results: list[RecognizerResult], ctx: ScanContext) -> list[RecognizerResult]:
        names, spans = _names_found(text, results)
        if not names:
            return []
        allow = frozenset(ctx.options.get("official_allowlist") or ())
        found = set(spans)
        out = [r for run in _roster_runs(text) for r in self._roster_run(text, run, found, names, allow)]
        out = [r for r in out if not not_in_cell(text, ctx, r.start, r.end)]
        busy = Covered(spans + [(r.start, r.end) for r in out])
        for s, e in mentions(text, [n for n in names if len(n) >= 2]):
            if s in busy or e - 1 in busy or not self._mention_ok(text, ctx, s, e):
                continue
            c = candidate(s, e, 0.75, "同文前述姓名", names[text[s:e]])
            self._finalise(text, c, allow)
            out.append(self.to_result(c))
        return out

    def _mention_ok(self, text: str, ctx: ScanContext, s: int, e: int) -> bool:
        """A later mention is the name, not the start of a longer word (王府井), a de-identified form
        (王某), a place in a table cell (杨庄 inside 杨庄村 under 家庭住址) or -- for a name that is also a
        word (温暖, 田野) -- the word in a phrase with 的 (组织的温暖, 田野的巡护)."""
        lex = self.judge.lex
        longer = lex.negative_word_at(text, s)
        if longer and len(longer) > e - s or (e < len(text) and is_cjk(text[e]) and text[e] in "某"):
            return False
        if (text[s - 1 : s] == "的" or text[e : e + 1] == "的") and lex.common_word(text[s:e]):
            return False
        return not not_in_cell(text, ctx, s, e)
