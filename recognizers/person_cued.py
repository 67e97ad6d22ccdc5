"""PERSON found by an explicit cue: trigger words before the name (当事人：、申请人、户主、局长 …), honorifics and
gender marks after it (先生、女士、等3人、，男，), a letter's salutation line, appointment sentences (任命X同志为…)
and line labels of an official role (出席：A、B / 执法人员：C), with whose contact a 联系人 is.

>>> from recognizers.person_lexicon import lexicon
>>> t = "当事人：王小明，男。"
>>> [(t[c.start:c.end], c.attributes["role"]) for c in triggered(NameJudge(lexicon()), t)]
[('王小明', 'private')]
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from recognizers import cues
from recognizers.base import Candidate
from recognizers.person_lexicon import (
    CJK,
    DOTS,
    HONORIFICS,
    KIN_REF,
    KINSHIP_WORDS,
    OFFICIAL_LABEL_ENDS,
    OFFICIAL_TITLES,
    ORG,
    PLACE_AFTER,
    PLACE_FINAL,
    PRIVATE_CONTACT_PREFIX,
    PRIVATE_TRIGGERS,
    RUN,
    STOP_AFTER,
    VERB_AFTER,
    NameJudge,
    after_cjk,
    alt,
    best_tail,
    candidate,
    char_class,
    guarded,
    is_cjk,
    line_matches,
    minority_name,
    minority_part,
    padded,
    run_end_at,
    skip_function_prefix,
    whole_name,
)

_TRIGGER = re.compile(  # opens with the words (no lookahead first): the regex engine skips text fast
    rf"(?P<trig>{alt(PRIVATE_TRIGGERS + OFFICIAL_TITLES)})"
    rf"(?:(?={cues.alternation(cues.words('name_intro'))})|(?![{char_class('trigger_not_before')}]))(?!(?<=人)民)"
    # the relation may stand in brackets between the cue and the name: 监护人（祖母）X
    rf"(?:\((?:{cues.alternation(cues.words('kinship_word'))})\))?"
    rf"(?P<sep>[:：]|为|是|系)?(?:{cues.alternation(cues.words('name_intro'))})?[ ]{{0,4}}[“\"「]?(?=[{CJK}])"
)
#: titles that cue a name only with a colon (记录：X)
_COLON_TITLES = frozenset(cues.words("colon_title"))
_LIST_SEP = re.compile(r"(?:\([^()\n]{0,30}\))?(?:[、 ]{1,3}|[ ]*和[ ]*|[ ]*及[ ]*)")
#: Adverbs and verbs of acting right after a subject name (韦建平立即赶到, 李四第一时间报告).
_ACT_AFTER = VERB_AFTER + cues.words("act_after")
#: punctuation that closes a one-part minority name after a cue (参保人：央金，女)
_PART_END = frozenset(",，、;；。(（\n")
#: An honorific or a count after a name: ``(?<=[CJK])`` + this (the lookbehind is checked by ``guarded``).
_HONORIFIC = re.compile(rf"{alt(HONORIFICS)}|等[0-9一二三四五六七八九十两]+(?:人|名|户|位)")
#: The last character of the separator before a gender mark (，男 / 张三　女).
#: a name opening a line or sentence, then a home address in brackets (X（某小区3号楼2单元501室）反映…)
#: A name opening a sentence or an item, then a bracket of the person's own details: a home address, an ID
#: number (full or masked), a gender, an ethnicity or an age (X（男，…）, X（3607…，某乡）, 某镇X（6岁，…）, X（藏族，…）).
_DETAILS_IN_BRACKETS = re.compile(
    rf"(?:^|(?<=[。;:\n]))[ \t\u3000]*(?:[0-9]+[.、]|[(][一二三四五六七八九十0-9]+[)])?[ \t\u3000]*"
    rf"(?P<name>[{CJK}]{{2,6}})\((?=[^()\n]{{0,30}}?(?:[0-9]+(?:号楼|栋|幢|单元|室|号院)|[村屯][^()\n]{{0,6}}组|[0-9]+号)"
    rf"|[男女][,，、)]|[0-9]{{1,3}}(?:周岁|岁)[,，、)]|[{CJK}]{{1,4}}族[,，、)]|[1-9][0-9]{{5}}[0-9*]{{8,11}}[0-9Xx*](?![0-9]))",
    re.M,
)
#: A bracket of a person's own details right after a name in mid-sentence: a gender, an age or an ethnicity.
_DETAILS_AFTER = re.compile(rf"(?<=[{CJK}])\((?=[男女][,，、)]|[0-9]{{1,3}}(?:周岁|岁)[,，、)]|[{CJK}]{{1,4}}族[,，、)])")
#: A kinship word in brackets right after a name: 茶秀英（祖母）, 于凤霞（母）
_KIN_BRACKET = re.compile(
    rf"(?<=[{CJK}])\(({cues.alternation(cues.words('kinship_word') + cues.words('kin_ref'))})\)"
)
_PAIR_PRIVATE = frozenset(PRIVATE_TRIGGERS) | frozenset(cues.words("kin_ref"))
_PAIR_ROLE_WORDS = frozenset(PRIVATE_TRIGGERS + OFFICIAL_TITLES)
#: what stands right before a two-character name without a surname: a cue word (a trigger, a title, a kinship
#: word, a role's end, a function word), or the start of an item, a line or a clause
_PAIR_CUE = re.compile(
    rf"(?:(?P<cue>{alt(PRIVATE_TRIGGERS + OFFICIAL_TITLES + cues.words('kin_ref') + cues.words('role_end') + cues.words('function_prefix'))})"
    rf"|(?:^|[\n,，;；。:、|\t])[ \t]*(?:[0-9]{{1,3}}[.、]|[(][一二三四五六七八九十0-9]{{1,3}}[)])?[ \t]*)$"
)
#: A neighbour named in a plot's boundaries (四至): 东至X宅、南至X承包地
_NEIGHBOUR = re.compile(
    rf"[东西南北]至(?P<name>[{CJK}]{{2,4}}?)(?:{cues.alternation(cues.words('neighbour_holding'))})+(?=[,，、;；。\s]|$)"
)
#: The division a name may follow in the same run (宝丰镇纳子涵): the name is the run's tail after it.
_DIVISION_BEFORE = re.compile(rf"[{CJK}]{{1,6}}?(?:镇|乡|街道|村|屯|社区)(?=[{CJK}]{{2,4}}$)")
_GENDER_MARK = re.compile(r"[,(、\t ](?=[男女](?:[,、)( \t]|$))", re.M)
#: A salutation line: ``(?m)^`` + this; searched from a line break (a literal first: fast).
_SALUTATION_LINE = rf"[ \t]*([{CJK}]{{2,4}}|[{CJK}]{{2,8}}[·•・‧][{CJK}]{{2,10}})(?:先生|女士|同志)?[:：]?[ \t]*$"
_SALUTATION = re.compile("(?m)^" + _SALUTATION_LINE)
_SALUTATION_NEXT = re.compile("(?m)\n" + _SALUTATION_LINE)
_RUN_BEFORE = re.compile(rf"[{CJK}]+(?:[{DOTS}][{CJK}]+)*$")
#: A role word ending right before a name (业务员, 犯罪嫌疑人, 会计师): two CJK characters at least.
_ROLE_END = re.compile(rf"[{CJK}](?:{cues.alternation(cues.words('role_end'))})$")
_ITEM_START = re.compile(r"(?:^|[\n\t|])[ \t]*(?:[一二三四五六七八九十]{1,3}、|\d{1,3}[、.]|\(\d{1,3}\)|\([一二三四五六七八九十]{1,3}\))[ \t]*$")
_APPOINT = re.compile(
    rf"(?P<verb>{cues.alternation(cues.words('appoint_opener'))})"
    rf"(?P<names>[{CJK}{DOTS}]{{2,8}}?(?:[、,和][{CJK}{DOTS}]{{2,8}}?){{0,12}})"
    rf"(?:同志(?:为|任|兼任|担任|不再|的|职务|$)|等[0-9一二三四五六七八九十]*(?:名|位)?同志)"  # cue-rule: grammar of 同志
)
#: A line label and the start of its list: ``  办案民警:`` / ``(三)记录:``; the next label ends the list.
LINE_LABEL = re.compile(rf"(?m)^[ \t]*(?:[(]?[一二三四五六七八九十0-9]{{1,2}}[)、.]?)?(?P<label>[{CJK}]{{2,10}})[:][ ]*")
_NEXT_LABEL = re.compile(rf"[ ,，;；]*[{CJK}]{{1,6}}[:]|[ ,，;；]*[0-9]")
_CONTINUATION = re.compile(rf"[ ]{{3,}}([{CJK}]{{2,4}}|[{CJK}]{{2,8}}[{DOTS}][{CJK}]{{2,10}})[ ]+(?:联系)?(?:电话|手机|座机|方式)")
_PAREN = re.compile(r"\([^()\n]{0,40}\)")
#: A bracketed affiliation after a listed name that makes the person private (（居民代表）, （某某有限公司）).
_PRIVATE_AFFILIATION = re.compile(cues.alternation(cues.words("private_affiliation")) + "|(?<!采购人)(?<!人大)(?<!党)代表")
#: Characters ending an organisation written before a name in a list item (区住建局吴建新).
_ORG_END = re.compile(cues.alternation(cues.words("org_end")))
#: Characters before 组 that make a working group (考务组, 督查组): officials.
_GROUP_LABEL = re.compile(f"[{char_class('group_label')}]组$")
#: Words in a label that keep its names private whatever it ends with.
_PRIVATE_IN_LABEL = re.compile(cues.alternation(PRIVATE_TRIGGERS + cues.words("private_label_word")) + "|户$")
_DETAIL_LABELS = cues.words("contact_detail_label")
_COMPANY = re.compile(cues.alternation(cues.words("contact_company")))
_GOVERNMENT = re.compile(cues.alternation(cues.words("contact_government")))


def triggered(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Names after a trigger word or a title (当事人：X, 申请人X, 局长X), and the names listed after them."""
    for m in _TRIGGER.finditer(text):
        trig, s = m.group("trig"), m.end()
        role = "official" if trig in OFFICIAL_TITLES else "private"
        if trig == "联系人":
            before = text[max(0, m.start() - 4) : m.start()]  # 项目联系人, or a company line above it
            private = before.endswith(PRIVATE_CONTACT_PREFIX) or contact_owner(text, m.start()) == "private"
            role = "private" if private else "official"
        if trig in _COLON_TITLES and not m.group("sep"):
            continue
        strong = bool(m.group("sep")) or text[m.end() - 1] == " "
        if strong or weak_ok(judge, text, s):
            yield from names_from(judge, text, s, trig, role, strong=strong)


#: a name in Latin letters after a private person's label and a colon (申请人：KIM JIHOON（金智勋）)
_LATIN_NAME = re.compile(
    rf"(?P<trig>{alt(PRIVATE_TRIGGERS)}|姓名)[:][ ]*"
    r"(?P<name>[A-Z][A-Za-z'\-]+(?:[ ][A-Z][A-Za-z'\-]+){1,3})(?=[ ]*[(,，。;；、\n]|[ ]*$)",
    re.M,
)


#: a line that opens with a name, then its employer and post in apposition (X，某某公司车间主任，…; 表彰/简历)
_BIO_OPENING = re.compile(
    rf"^[ \t]*(?:[0-9一二三四五六七八九十]{{1,3}}[.、]\s*)?(?P<name>[{CJK}]{{2,4}}|[{CJK}] {{1,2}}[{CJK}])[,]"
    rf"(?=[^,。\n]{{2,30}}?[{char_class('title_end')}士生工][,。])",
    re.M,
)


def bio_openings(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Names opening a line before their employer and post (费某某，某机械有限公司车间主任，…): the post
    decides the role later (an official's post in apposition, a company's employee).

    >>> t = "三、敬业奉献类\\n费晓东,某精密机械有限公司车间主任,带领班组攻关。\\n徐 敏,某县医院急诊科护士长,从事护理。"
    >>> from recognizers.person_lexicon import lexicon
    >>> [t[c.start:c.end] for c in bio_openings(NameJudge(lexicon()), t)]
    ['费晓东', '徐 敏']
    """
    for m in _BIO_OPENING.finditer(text) if "," in text else ():
        s, e = m.span("name")
        if " " in m.group("name"):
            if padded(judge, text, s) == e:
                yield candidate(s, e, 0.8, "行首姓名+同位单位职务（等宽补空格的两字姓名）", None)
        elif judge.plausible(m.group("name"), strong=True) or minority_name(m.group("name")):
            yield candidate(s, e, 0.8, "行首姓名+同位单位职务", None)


def latin_names(text: str) -> Iterator[Candidate]:
    """Foreign nationals' names in Latin letters after a private label and a colon (2-4 capitalised words).

    >>> [c.start for c in latin_names("申请人:KIM JIHOON(金智勋),韩国籍")]
    [4]
    """
    if ":" not in text:
        return
    for m in _LATIN_NAME.finditer(text):
        yield candidate(m.start("name"), m.end("name"), 0.85, f"触发词“{m.group('trig')}”（外文姓名）", "private")


def weak_ok(judge: NameJudge, text: str, s: int) -> bool:
    """A cue without a colon (当事人未取得...): the next word must really start with a surname."""
    lex = judge.lex
    sur = lex.surname_at(text, s)
    if sur is not None and len(sur) == 2 or _name_end(judge, text, s)[2]:
        return True  # a compound surname, or minority name parts (那日苏, 乌云其其格) however they start
    if text[s] in STOP_AFTER:
        return _function_surname(judge, text, s, sur)
    if lex.negative_word_at(text, s):
        # 投资人包玉芬（患…）: a three-character run closed by a bracket note is a name even when its
        # first two characters make a word (包金); 委托人同意后 stays a word
        run_end = run_end_at(text, s)
        return run_end - s == 3 and text.startswith("(", run_end) and sur is not None and judge.plausible(text[s:run_end], strong=True)
    if sur is not None and lex.surnames.get(sur, 0) >= 50:
        return True
    return _rare_surname_ok(judge, text, s, sur)


def _function_surname(judge: NameJudge, text: str, s: int, sur: str | None) -> bool:
    """A surname that is also a function word (曾, 于, 向) after a cue without a colon: a name only as a whole
    three-character word closed by punctuation or followed by a verb, with usual given-name characters (住户曾海波、…,
    班长于海波安排…); 申请人曾表示 and 申请人于近日提出 are no names."""
    run_end = run_end_at(text, s)
    if run_end - s > 3 and text.startswith(_ACT_AFTER, s + 3):
        run_end = s + 3  # 班长于海波安排…: a three-character name, then a verb
    if sur is None or run_end - s != 3 or run_end >= len(text) or text[run_end] not in "、，,。；;（(" and not (
        text.startswith(_ACT_AFTER, run_end)
    ):
        return False
    given = text[s + 1 : run_end]
    if any(c in STOP_AFTER for c in given) or judge.lex.negative_word_at(text, s + 1):
        return False
    return min(judge.lex.given(c) for c in given) >= 0.5 and judge.plausible(text[s:run_end], strong=True)


def _rare_surname_ok(judge: NameJudge, text: str, s: int, sur: str | None) -> bool:
    """After a cue without a colon, a rare surname (邴, 闵) starts a name only as a whole delimited word
    (其子闵涛（15岁）), a Tibetan or dotted name, or two typical given-name characters (邻居盖秀兰吸入…)."""
    e, run_end, tibetan = _name_end(judge, text, s)
    if tibetan:
        return True  # 其监护人索南旺堆（: a delimited Tibetan name
    if e is not None and any(c in DOTS for c in text[s:e]):
        return judge.plausible(text[s:e], strong=True)  # 同事韩·艾力
    if sur is None or e is None or not 2 <= e - s <= 3:
        return False
    return _delimited_rare(judge, text, s, e, run_end)


def _delimited_rare(judge: NameJudge, text: str, s: int, e: int, run_end: int) -> bool:
    """A rare-surname name ``text[s:e]`` in the run ending at ``run_end``: two typical given-name characters,
    or the whole run (or up to 和/及/与) with a fair statistic."""
    given = judge.lex.given
    if e - s == 3 and min(given(ch) for ch in text[s + 1 : e]) >= 0.8 and (
        e == run_end or given(text[e]) < 0.8 or text.startswith(_ACT_AFTER, e)
    ):
        return True  # 监护人者志刚家中…: two typical given-name characters, then a verb or a word
    if not (e == run_end or text[e] in "和及与" or text.startswith(_ACT_AFTER, e)):
        return False  # the whole run, up to 和/及/与, or up to a verb (其子妥哈里代为办理)
    return judge.plausible(text[s:e], strong=True) and judge.stats(text[s:e])[0] > -2.0


def names_from(judge: NameJudge, text: str, s: int, cue: str, role: str, strong: bool) -> Iterator[Candidate]:
    """The name at ``s`` and any names listed after it with 、 (same cue and role)."""
    first = True
    s = _past_preposition(judge, text, s, strong)
    while True:
        s = _skip_kin(text, s)
        if first and strong and (pad := padded(judge, text, s)) is not None:
            yield candidate(s, pad, 0.85, f"触发词“{cue}”（等宽补空格的两字姓名）", role)
            return
        e, run_end, minority = _name_end(judge, text, s)
        if e is None or not _name_here(judge, text, s, e, run_end, strong=first or e == run_end, minority=minority):
            return
        label = f"触发词“{cue}”" if first else f"与“{cue}”后的姓名并列"
        yield candidate(s, e, 0.85 if first else 0.8, label, role)
        first = False
        m = _LIST_SEP.match(text, e)
        if not m or e != run_end and text[e] not in "和及(":
            return
        s = m.end()


def _past_preposition(judge: NameJudge, text: str, s: int, strong: bool) -> int:
    """Past a function character opening a four-character run before a three-character name (监护人：由金宝山（父）)."""
    run_end = run_end_at(text, s)
    if run_end - s == 4 and skip_function_prefix(text, s, run_end) == s + 1 and judge.plausible(text[s + 1 : run_end], strong):
        return s + 1
    return s


def _name_here(judge: NameJudge, text: str, s: int, e: int, run_end: int, strong: bool, minority: bool = False) -> bool:
    """Is ``text[s:e]`` (in a CJK run ending at ``run_end``) a name: no organisation it opens, plausible
    (``minority``: known minority name parts, 那日苏, need no surname statistic), and no word opening a
    place name (病例为同一小区居民)?"""
    word_ok = _DETAILS_AFTER.match(text, e) is not None  # 外祖父黄金（71岁）: a word, but its own details follow
    if _org_after(text, s, e, run_end) or not (minority or judge.plausible(text[s:e], strong=strong, word_ok=word_ok)):
        return False
    return not (e < run_end and text[e] in PLACE_AFTER and judge.lex.negative_word_at(text, s))


def _skip_kin(text: str, s: int) -> int:
    """Past a kinship word before a name (监护人为其母蒋桂珍: the name follows 其母)."""
    kin = KIN_REF.match(text, s)
    return kin.end() if kin and kin.end() < len(text) and is_cjk(text[kin.end()]) else s


def _name_end(judge: NameJudge, text: str, s: int) -> tuple[int | None, int, bool]:
    """``(end of the name at s or None, end of its CJK run, whether it is a minority name)``: Tibetan or
    Mongolian name parts filling a 3-6 character run are one name (索南旺堆, 乌云其木格), not surname 索 or
    乌 + given name."""
    run_end = run_end_at(text, s)
    e = judge.split(text, s, run_end) if run_end - s >= 2 else None
    if (e is not None or run_end - s >= 3) and 3 <= run_end - s <= 6 and minority_name(text, s, run_end):
        return run_end, run_end, True
    if run_end - s == 2 and run_end < len(text) and text[run_end] in _PART_END and minority_part(text, s, run_end):
        return run_end, run_end, True  # 参保人：央金，女: one name part, closed by punctuation
    for n in range(min(6, run_end - s - 2), 1, -1):  # 侄女拉巴卓嘎代为申请, 其子更登代为: the name, then a verb
        if _minority_before_verb(text, s, n):
            return s + n, run_end, True
    if e is None and 2 <= run_end - s <= 3 and _DETAILS_AFTER.match(text, run_end):
        return run_end, run_end, False  # 外祖父黄金（71岁）: the whole run, its own details follow
    return e, run_end, False


def _minority_before_verb(text: str, s: int, n: int) -> bool:
    """Is ``text[s:s+n]`` a minority name (one part of two characters included) followed by a verb or by 的
    (其父仁青加的社保卡)?"""
    if not (text.startswith(_ACT_AFTER, s + n) or text[s + n] == "的"):
        return False
    return minority_name(text, s, s + n) or n == 2 and minority_part(text, s, s + 2)


def _org_after(text: str, s: int, e: int, run_end: int) -> bool:
    """The name starts an organisation (李宁体育用品公司), unless a verb or adverb follows it (韦建平立即赶到)."""
    if e < run_end and (text[e] in STOP_AFTER or text.startswith(_ACT_AFTER, e)):
        return ORG.search(text, s, e) is not None
    return ORG.search(text, s, run_end) is not None


def after_cues(judge: NameJudge, text: str, cells: Container[int] = frozenset()) -> Iterator[Candidate]:
    """Names right before an honorific (先生/女士/等3人), a gender mark or a home address in brackets, or
    alone on a salutation line.
    ``cells``: starts of table cells whose column already decides (such a cell is no salutation line)."""
    for m in guarded(_HONORIFIC, text, after_cjk):
        c = name_before(judge, text, m.start(), f"敬称/量词“{m.group()}”")
        if c is not None:
            yield c
    yield from _details_in_brackets(judge, text)
    yield from _cued_pairs_before_details(judge, text)
    yield from _kin_brackets(judge, text)
    yield from _neighbours(judge, text)
    for start, word in _genders(text):
        c = _name_before_gender(judge, text, start, f"性别“{word}”") or cued_pair(judge, text, start, f"性别“{word}”")
        if c is not None:
            yield c
    for start, m in _salutations(text):
        name = m.group(1)
        titled = text.startswith(("先生", "女士"), m.end(1))  # 郜建国先生： a rare surname is fine
        if start not in cells and judge.plausible(name, strong=titled) and judge.stats(name)[0] > (-2.0 if titled else 0):
            yield candidate(m.start(1), m.end(1), 0.8, "称呼行（来信/答复对象）", "private")


def _details_in_brackets(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Names opening a sentence or an item before a bracket of their own details (X（男，…）, 某镇X（6岁，…）)."""
    for m in _DETAILS_IN_BRACKETS.finditer(text) if "(" in text else ():
        s, e = m.span("name")
        if (place := _DIVISION_BEFORE.match(text, s, e)) is not None:
            s = place.end()
        s = skip_function_prefix(text, s, e)
        name = text[s:e]
        if e - s <= 4 and judge.plausible(name, strong=True, word_ok=True) or minority_name(name):
            yield candidate(s, e, 0.8, "其后括注个人信息（住址/身份证号/性别/年龄）", "private")


def _kin_brackets(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Names before a bracketed kinship word (监护人 茶秀英（祖母）, 变更为于凤霞（母））: relatives, private."""
    for m in _KIN_BRACKET.finditer(text) if "(" in text else ():
        cue = f"其后括注亲属关系“{m.group(1)}”"
        c = _name_before_gender(judge, text, m.start(), cue)
        name = text[c.start : c.end] if c is not None else ""
        surnamed = judge.lex.surname_at(name, 0) is not None or minority_name(name)
        c = c if c is not None and surnamed and whole_name(judge, name) else cued_pair(judge, text, m.start(), cue)
        if c is not None:  # 烈士遗属（母亲） is a category, 茶秀英（祖母） a relative: a private person
            c.attributes["role"] = "private"
            yield c


def _cued_pairs_before_details(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Two-character names without a known surname (Dai 岩温, 玉香; Hani 咪都) before a bracket of their own
    details in mid-sentence (其妻玉香（28岁）, 教师岩罕（男，45岁）), after a cue word (:func:`cued_pair`)."""
    for m in _DETAILS_AFTER.finditer(text) if "(" in text else ():
        c = cued_pair(judge, text, m.start(), "其后括注个人信息（性别/年龄/民族）")
        if c is not None:
            yield c


def cued_pair(judge: NameJudge, text: str, end: int, cue: str) -> Candidate | None:
    """The two characters ending at ``end`` as a name without a known surname, where a gender mark or a bracket
    of details follows and a cue word stands right before them (病例岩温，男; 其妻玉香（; 3. 尕让，男): no word,
    role, kinship term or place. The role is the cue word's (a trigger: private, a title: official)."""
    s = end - 2
    if s < 0 or not all(is_cjk(c) for c in text[s:end]) or not _pair_ok(judge, text[s:end]):
        return None
    before = _PAIR_CUE.search(text, max(0, s - 8), s)
    if before is None:
        return None
    word = before.group("cue") or ""
    role = "official" if word in OFFICIAL_TITLES else "private" if word in _PAIR_PRIVATE else None
    return candidate(s, end, 0.75, f"{cue}，其前为“{word}”" if word else cue, role)


def _pair_ok(judge: NameJudge, pair: str) -> bool:
    lex = judge.lex
    if pair in lex.words or pair in lex.negative or pair in KINSHIP_WORDS or pair in _PAIR_ROLE_WORDS:
        return False
    return all(lex.given(c) > -9 for c in pair) and pair[-1] not in PLACE_FINAL and ORG.search(pair) is None


def _neighbours(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Neighbours named in a plot's boundaries (四至: 东至X宅)."""
    for m in _NEIGHBOUR.finditer(text) if "至" in text else ():
        if judge.plausible(name := m.group("name"), strong=False) or minority_name(name) or minority_part(name):
            yield candidate(m.start("name"), m.end("name"), 0.8, "四至中的相邻住户", "private")


def _genders(text: str) -> Iterator[tuple[int, str]]:
    """``(start of the separator, 男/女)`` of a gender mark after a name and a separator (张三，男，; 李四　女),
    found from the separator's last character (a fast search).

    >>> list(_genders("张三,男,\\n李四  女\\n王五, 男"))
    [(2, '男'), (8, '女')]
    """
    for m in _GENDER_MARK.finditer(text):
        p = m.start()
        if text[p] == " ":
            while p > 0 and text[p - 1] == " ":
                p -= 1
            if m.end() - p > 8:
                continue
        if after_cjk(text, p):
            yield p, text[m.end()]


def _salutations(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """``(line start, match)`` of the salutation lines, searched from line break to line break.

    >>> [m.group(1) for _s, m in _salutations("王小明：\\n您好！\\n李四先生\\n")]
    ['王小明', '李四先生']
    """
    m = _SALUTATION.match(text)
    pos = 0
    if m is not None:
        yield 0, m
        pos = m.end()
    while (m := _SALUTATION_NEXT.search(text, pos)) is not None:
        yield m.start() + 1, m
        pos = m.end()


def name_before(judge: NameJudge, text: str, end: int, cue: str) -> Candidate | None:
    """The name ending at ``end`` right before a counted group (等3人) or an honorific."""
    if cue.startswith("敬称/量词“等"):
        # 业务员乌云娜等11人: a counted group led by a name right after a role word (…员/…人/…师)
        for n in (3, 2):
            s = end - n
            if s >= 3 and _ROLE_END.search(text, s - 3, s) and all(is_cjk(c) for c in text[s:end]) and judge.plausible(text[s:end], strong=True):
                return candidate(s, end, 0.8, cue + "，其前为身份词", None)
    return _best_name_before(judge, text, end, cue)


def _name_before_gender(judge: NameJudge, text: str, end: int, cue: str) -> Candidate | None:
    """The name before a gender mark (张三，男，): the whole run (after a function word), a padded two-character
    name opening an enumerated item (二、海　玲，女，), else the best 2-4 character tail. A bio line
    (X，男，…现任…) may still be an official's: the role is ``weak``."""
    run = _RUN_BEFORE.search(text, max(0, end - 20), end)
    rs = run.start() if run else end
    max_len = 18 if any(c in DOTS for c in text[rs:end]) else 5
    rs = skip_function_prefix(text, rs, end)
    ps = next((s for s in (end - 3, end - 4) if s >= 0 and padded(judge, text, s) == end
               and _ITEM_START.search(text, max(0, s - 12), s)), None)
    if ps is not None:
        c = candidate(ps, end, 0.8, cue + "（等宽补空格的两字姓名）", "private")
    elif 2 <= end - rs <= max_len and judge.plausible(
        text[rs:end], strong=True, word_ok=_ITEM_START.search(text, max(0, rs - 12), rs) is not None  # 1. 高山，男，
    ):
        c = candidate(rs, end, 0.8, cue, "private")
    else:
        return _best_name_before(judge, text, end, cue)
    c.attributes["weak"] = True
    return c


def _best_name_before(judge: NameJudge, text: str, end: int, cue: str) -> Candidate | None:
    """The most name-like 3, 2 or (compound surname) 4 characters ending at ``end``."""

    def score(name: str, s: int) -> float | None:
        if len(name) == 4 and name[:2] not in judge.lex.compound or len(name) == 2 and name[1] in "人员":
            return None  # 责任人等4人: the tail of a role word, not 任人
        if s > 0 and text[s - 1 : s + 1] in judge.lex.negative:
            return None  # 支付至家属X: 付 ends the word 支付, it opens no name
        return judge.stats(name)[0] if judge.plausible(name, strong=False) else None

    s = best_tail(text, end, (3, 2, 4), score)
    return None if s is None else candidate(s, end, 0.8, cue, None)


def appointments(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Names in appointment/removal sentences: 任命A、B同志为…, 免去C同志的…职务, 关于D等同志职务任免."""
    if "同志" not in text:
        return
    for m in _APPOINT.finditer(text):
        pos = m.start("names")
        for part in re.split(r"[、,]|和", m.group("names")):
            s, pos = pos, pos + len(part) + 1
            if 2 <= len(part) <= 8 and (judge.plausible(part, strong=True) or minority_name(part)):
                yield candidate(s, s + len(part), 0.85, f"任免表述“{m.group('verb')}…同志”", "official")


def label_role(label: str) -> str | None:
    """``"official"`` when a line label names an official role or an official's act, else None.

    >>> label_role("办案民警"), label_role("首席仲裁员"), label_role("当事人"), label_role("考务组")
    ('official', 'official', None, 'official')
    >>> label_role("评标专家"), label_role("出席人员"), label_role("学生")
    (None, 'official', None)
    """
    if re.search(r"(?:组|专班|指挥部)成员$", label) and not re.search("评标|评审|专家|家庭|户", label):
        return "official"
    if _PRIVATE_IN_LABEL.search(label) and not label.endswith(("联系人", "工作人员")):
        return None
    return "official" if label.endswith(OFFICIAL_LABEL_ENDS) or _GROUP_LABEL.search(label) else None


def contact_owner(text: str, pos: int) -> str | None:
    """Whose contact a line-start ``联系人`` at ``pos`` is: the nearest organisation line above it (up to 3
    lines) decides -- a company or agency (private) or a government body (official).

    >>> contact_owner("  采购人:某市教育局\\n  地址:某路1号\\n  联系人:", 22)
    'official'
    >>> contact_owner("  招标代理机构:某某咨询有限公司\\n  联系人:", 20)
    'private'
    """
    ls = text.rfind("\n", 0, pos)
    own = text[ls + 1 : pos]
    if _COMPANY.search(own):
        return "private"
    if own.strip(" \t0123456789.、()一二三四五六七八九十"):
        return "official" if _GOVERNMENT.search(own) else None
    for _ in range(3):
        if ls <= 0:
            return None
        ps = text.rfind("\n", 0, ls) + 1
        line = text[ps:ls]
        if _COMPANY.search(line):
            return "private"
        if _GOVERNMENT.search(line) and not line.lstrip().startswith(_DETAIL_LABELS):
            return "official"
        ls = ps - 1
    return None


def official_lists(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """Names listed after a line label of an official role (办案民警：A、B / 出席：A　区住建局B / 考务组：D　电话：…)
    and on indented continuation lines (　　E　联系电话：…)."""
    if ":" not in text:
        return
    for m in line_matches(LINE_LABEL, text, ":"):
        label = m.group("label")
        if label_role(label) is None:
            continue
        if label.endswith(("联系人", "咨询人")) and (
            label.startswith(PRIVATE_CONTACT_PREFIX) or contact_owner(text, m.start("label")) == "private"
        ):
            continue
        le = text.find("\n", m.end())
        le = len(text) if le < 0 else le
        cue = f"职责标签“{label}：”"
        yield from _label_items(judge, text, m.end(), le, cue)
        while (nm := _CONTINUATION.match(text, le + 1) if le < len(text) else None) is not None:
            span = list_item(judge, text, nm.start(1), nm.end(1))
            if span is not None:
                yield _listed(candidate(span[0], span[1], 0.9, cue, "official"))
            le = text.find("\n", nm.end())
            le = len(text) if le < 0 else le


def _label_items(judge: NameJudge, text: str, start: int, le: int, cue: str) -> Iterator[Candidate]:
    """The names listed on a label's line ``text[start:le]``, up to the next label; a bracketed private
    affiliation after one (（某科技有限公司）, （居民代表）) makes that person private."""
    body = _PAREN.sub(lambda p: " " * len(p.group()), text[start:le])
    stop = _NEXT_LABEL.search(body, 2)
    body = body[: stop.start() if stop else len(body)]
    for item in RUN.finditer(body):
        span = list_item(judge, body, item.start(), item.end())
        if span is None:
            continue
        s, e = start + span[0], start + span[1]
        aff = _PAREN.match(text, e)
        if aff and _PRIVATE_AFFILIATION.search(aff.group()):
            yield candidate(s, e, 0.9, f"{cue}，但括注“{aff.group()[1:-1]}”为私人身份", "private")
        else:
            yield _listed(candidate(s, e, 0.9, cue, "official"))


def _listed(c: Candidate) -> Candidate:
    """Mark an official found only by the line label it is listed under (出席：, 列席：): weaker evidence than
    a private role given to the same name elsewhere in the document."""
    c.attributes["listed"] = True
    return c


def list_item(judge: NameJudge, text: str, s: int, e: int) -> tuple[int, int] | None:
    """The name in one list item: the whole item, or its tail after an organisation or a title."""
    if judge.plausible(text[s:e], strong=True) and not ORG.search(text, s, e):
        return s, e
    if _ORG_END.fullmatch(text, e - 1, e):
        return None  # 市应急管理局办公室: an organisation to its last character, no name at its tail
    for k in (3, 2, 4):
        ns = e - k
        if ns - s < 1 or text[ns - 1 : ns + 1] in judge.lex.words:
            continue  # 办公室: the tail 公室 starts inside a word, it is no name after 办
        prefix = text[s:ns]
        if (_ORG_END.search(prefix[-2:]) or prefix.endswith(OFFICIAL_TITLES)) and judge.plausible(text[ns:e], strong=True):
            return ns, e
    return None
