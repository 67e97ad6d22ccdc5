"""PERSON in running text without a trigger word (news-like prose in petition replies, minutes, press
releases): a descriptive role before the name or a speech verb after it (记者张大伟, 于丽娟告诉),
transliterated and dotted foreign/minority names (兰帕德表示, 古丽娜·艾买提), lists joined by 、, Tibetan
names, speaker labels (张颐武：), and last surname + given-name statistics (uncued names stay MEDIUM).

>>> from recognizers.person_lexicon import lexicon
>>> t = "记者张大伟报道"
>>> sorted({t[c.start:c.end] for c in context_cued(NameJudge(lexicon()), t, set())})
['张大伟']
>>> before_cue("据市场部经理", 6), after_cue("张三表示同意", 2), after_cue("马驹桥镇", 2)
(('经理', 2.5), ('表示', 1.5), ('桥', -4.0))
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from recognizers import cues
from recognizers.base import Candidate
from recognizers.person_lexicon import (
    CJK,
    FOREIGN_MARK,
    FOREIGN_PLACES,
    FUNCTION_BEFORE,
    FUNCTION_PREFIXES,
    HONORIFICS,
    OFFICIAL_AFTER,
    PLACE_AFTER,
    STOP_AFTER,
    TIBETAN_SYLLABLES,
    TRANSLIT,
    VERB_AFTER,
    Covered,
    NameJudge,
    after_cjk,
    alt,
    best_tail,
    candidate,
    chars,
    guarded,
    is_cjk,
    line_matches,
    minority_name,
    run_end_at,
)
from recognizers.scorer import Feature, Score
from screening.findings import Severity

#: Descriptive roles right before a name (记者, 经理: neither an official title nor a private trigger) and
#: words right after it that show a person speaking or acting (表示, 告诉): the row's weight is the feature.
ROLE_BEFORE = cues.words("role_before")
SPEECH_AFTER = cues.words("speech_after")
_WEIGHT = {c.word: c.weight for c in cues.rows("role_before", "speech_after")}
_ROLE_RE = re.compile(f"(?:{cues.alternation(ROLE_BEFORE)})$")
_ROLE_CUE = re.compile(rf"(?:{alt(ROLE_BEFORE)})(?=[{CJK}])")
#: a speech verb after a name: ``(?<=[CJK]{2})`` + this (the lookbehind is checked by ``guarded``)
_SPEECH_CUE = re.compile(alt([w for w in SPEECH_AFTER if len(w) >= 2] + [w for w in OFFICIAL_AFTER if w[0] != "("]))
_ADVERB_AFTER = chars("adverb_after")
_LABEL_END = chars("speaker_label_end")
_TITLE_END = chars("title_end")
_TEAM = re.compile(r"[0-9]*(?:vs|VS|Vs|对阵)|队(?![长员])")
# Patterns scanned over whole texts open with a character class (no lookbehind or lookahead first): the
# regex engine then skips the text fast. ``X(?<![X].)`` is ``(?<![X])X``.
_FOREIGN_START = re.compile(rf"[{''.join(sorted(TRANSLIT))}](?<![{''.join(sorted(TRANSLIT))}].)")
_NAME_LIST = re.compile(rf"[{CJK}](?<![{CJK}].)[{CJK}]{{1,3}}(?:、[{CJK}]{{2,4}}){{2,}}(?![{CJK}])")
_LINE_LABEL = re.compile(rf"(?m)^[ \t]*([{CJK}]{{2,4}})(?=[:：])")
_DOTTED_RUN = re.compile(rf"[{CJK}]{{1,12}}(?:[·•・‧][{CJK}]{{1,12}})+")
_DOT = re.compile("[·•・‧]")
#: Words of an official document's title: a name inside it may be a real party (《关于张三同志任职的通知》).
_DOC_TITLE = re.compile(cues.alternation(cues.words("doc_title")) + "|[局市县区镇乡处科部厅]长")
_SYLLABLE = alt(TIBETAN_SYLLABLES)
_SYLLABLE2 = alt(w for w in TIBETAN_SYLLABLES if len(w) == 2)
#: two common Tibetan syllables standing alone (次仁央宗); ``(?<![CJK])`` is checked by ``guarded``
_TIBETAN_BODY = re.compile(rf"(?:{_SYLLABLE})(?:{_SYLLABLE})(?![{CJK}])")
#: a Tibetan name glued to a function or kinship word before it and closed by a bracket, a comma or a
#: contact word: 其中才让拉姆（5岁…, 其父更登措电话… (a two-character syllable + one character only after kin)
_TIBETAN_AFTER_WORD = re.compile(
    rf"(?:{cues.alternation(FUNCTION_PREFIXES)}|(?P<kin>其(?:{cues.alternation(cues.words('kin_ref'))})))"
    rf"(?P<n>(?:{_SYLLABLE})(?:{_SYLLABLE})|(?(kin)(?:{_SYLLABLE2})[{CJK}]|(?!)))"
    r"(?=[(,、;。 ]|电话|手机|联系电话)"
)
_GLUE_FIRST = tuple({w[:1] for w in FUNCTION_PREFIXES} | {"其"})
#: Manchu clan names used as compound surnames before a dotted given name (爱新觉罗·文涛).
_MANCHU = re.compile(rf"(?:{alt(cues.words('manchu_surname'))})$")
_CLAN_AFTER = chars("clan_after")


def before_cue(text: str, s: int) -> tuple[str | None, float]:
    """What stands right before ``s``: a role word (strong), a boundary (weak) or any other character (a
    penalty: names glued to the previous word are rarely names).

    >>> before_cue("，张三", 1), before_cue("天王寺", 2)
    (('^', 0.5), (None, -1.5))
    """
    if s == 0 or not is_cjk(text[s - 1]):
        return "^", 0.5
    m = _ROLE_RE.search(text, max(0, s - 5), s)
    if m:
        return m.group(), _WEIGHT[m.group()]
    return (text[s - 1], 0.3) if text[s - 1] in FUNCTION_BEFORE else (None, -1.5)


def after_cue(text: str, e: int) -> tuple[str | None, float]:
    """What follows ``e``: a speech/act verb or honorific (strong), a place suffix (veto), else 0."""
    if e >= len(text) or not is_cjk(text[e]):
        return None, 0.8 if e >= len(text) or text[e] not in "0123456789" else 0.0
    if text.startswith(SPEECH_AFTER, e):
        word = next(w for w in SPEECH_AFTER if text.startswith(w, e))
        return word, _WEIGHT[word]
    return (text[e], -4.0) if text[e] in PLACE_AFTER else (None, 0.0)


def _foreign_word(word: str) -> bool:
    """2-6 transliteration characters with a distinctive one, no known foreign place."""
    return len(word) >= 2 and any(c in FOREIGN_MARK for c in word) and word not in FOREIGN_PLACES


def foreign_end(text: str, s: int, limit: int) -> int | None:
    """End of a transliterated name (2-6 characters, one distinctive) starting at ``s``, or None.

    >>> foreign_end("兰帕德表示", 0, 5)
    3
    """
    e = s
    while e < limit and e - s < 6 and text[e] in TRANSLIT:
        e += 1
    return e if _foreign_word(text[s:e]) else None


def foreign_start(text: str, e: int) -> int | None:
    """Start of a transliterated name ending at ``e`` (2-6 characters, one distinctive), or None."""
    s = e
    while s > 0 and e - s < 6 and text[s - 1] in TRANSLIT:
        s -= 1
    return s if _foreign_word(text[s:e]) else None


def trim_dotted(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Trim a dotted run (海军发言人萨勒曼·阿里就表示 -> 萨勒曼·阿里) to its transliterated part.

    >>> t = "发言人萨勒曼·阿里就表示"
    >>> t[slice(*trim_dotted(t, 0, len(t)))]
    '萨勒曼·阿里'
    """
    first = min(text.find(d, s, e) for d in "·•・‧" if text.find(d, s, e) >= 0)
    ns = first
    while ns > s and text[ns - 1] in TRANSLIT and first - ns < 8:
        ns -= 1
    last = max(text.rfind(d, s, e) for d in "·•・‧")
    ne = last + 1
    while ne < e and text[ne] in TRANSLIT and ne - last <= 10:
        ne += 1
    return None if first - ns < 1 or ne - last < 2 else (ns, ne)


def foreign_uncued(text: str, s: int, veto: frozenset[str] = frozenset()) -> int | None:
    """An undotted transliterated name with no cue (埃托奥、 / 阿内尔卡为 / 在穆里尼奥的): 3-5 characters, a
    boundary on both sides, no known foreign place, club or brand (``veto``: ``data/foreign_places.txt``).

    >>> foreign_uncued("像梅西、埃托奥、亨利", 4)
    7
    """
    e = foreign_end(text, s, min(len(text), s + 6))
    if e is None or not 3 <= e - s <= 5 or text[s:e] in veto:
        return None
    word = text[s:e]  # nor a known place at either end (乌迪内斯, 布莱克本)
    if any(word.startswith(p) or word.endswith(p) for p in FOREIGN_PLACES if len(p) >= 2 and p in word):
        return None
    nxt = text[e] if e < len(text) else ""
    if nxt and is_cjk(nxt) and nxt not in FUNCTION_BEFORE and nxt not in _ADVERB_AFTER and not text.startswith(SPEECH_AFTER, e):
        return None
    return e


def foreign_tail(text: str, s: int, e: int) -> int:
    """End of a name read as Chinese (马尔克, 罗斯达) that goes on in transliteration characters (马尔克斯): the
    longer end when the tail has a distinctive character and the whole has two; else ``e``.

    >>> foreign_tail("原作者马尔克斯，", 3, 6), foreign_tail("张伟表示", 0, 2)
    (7, 2)
    """
    if e >= len(text) or text[e] not in TRANSLIT or not all(c in TRANSLIT for c in text[s + 1 : e]):
        return e
    fe = foreign_end(text, s + 1, min(len(text), s + 7))
    if fe is None or fe <= e or not any(c in FOREIGN_MARK for c in text[e:fe]):
        return e
    if sum(c in FOREIGN_MARK for c in text[s:fe]) < 2 or text[s:fe] in FOREIGN_PLACES:
        return e
    return fe


def team_context(text: str, s: int, e: int) -> bool:
    """A match-up or a team around the candidate (沙尔克04vs曼城, 切沃队): a club, not a person.

    >>> team_context("6.乌迪内斯vs切沃", 2, 6), team_context("张伟表示", 0, 2)
    (True, False)
    """
    before = text[max(0, s - 2) : s]
    return _TEAM.match(text, e) is not None or before.lower() == "vs" or before.endswith("对阵")


def context_cued(judge: NameJudge, text: str, busy: Container[int]) -> Iterator[Candidate]:
    """Names right after a descriptive role (记者张大伟, 主帅兰帕德) or right before a speech verb (于丽娟告诉,
    彼得森表示), Chinese or transliterated; the other side must be a boundary."""
    for m in _ROLE_CUE.finditer(text):
        s = m.end()
        found = None if s in busy else _after_role(judge, text, s)
        if found is None:
            continue
        cue, bonus = after_cue(text, found[0])
        if bonus >= 0:
            expl = f"前置身份词“{m.group()}”（{found[1]}）" + (f"，其后“{cue}”" if cue else "")
            yield candidate(s, found[0], 0.7, expl, None)
    for m in guarded(_SPEECH_CUE, text, lambda t, p: p > 1 and is_cjk(t[p - 1]) and is_cjk(t[p - 2])):
        e = m.start()
        found = None if e - 1 in busy else _before_speech(judge, text, e)
        if found is not None:
            yield candidate(found[0], e, 0.7, f"其后“{m.group()}”（{found[1]}）", None)


def _after_role(judge: NameJudge, text: str, s: int) -> tuple[int, str] | None:
    """``(end, kind)`` of the name right after a role word at ``s``: a Chinese name (a speech verb after
    it, 总经理左创宏介绍, is a second cue that lets a weaker name through) or a transliteration."""
    run_end = run_end_at(text, s)
    e = judge.split(text, s, run_end) if run_end - s >= 2 else None
    if e is not None:
        need = -1.5 if after_cue(text, e)[1] >= 0.8 else 0.5
        if judge.plausible(text[s:e], strong=need < 0) and judge.stats(text[s:e])[0] >= need:
            return e, "姓氏+名字"
    fe = foreign_end(text, s, run_end)
    return None if fe is None else (fe, "外文译名")


def _before_speech(judge: NameJudge, text: str, e: int) -> tuple[int, str] | None:
    """``(start, kind)`` of the name right before a speech verb at ``e``: the best 3 or 2 character Chinese
    name, else a transliteration after a boundary (a two-character one without a distinctive character,
    鲁尼表示, when it is no ordinary word, surname word or known place)."""
    s = _best_cn_before(judge, text, e)
    if s is not None:
        return s, "姓氏+名字"
    fs = foreign_start(text, e)
    lex, w = judge.lex, text[e - 2 : e]
    if fs is None and e >= 2 and all(c in TRANSLIT for c in w) and not (e > 2 and text[e - 3] in TRANSLIT):
        if not (w in lex.words or w in lex.foreign_places or w in FOREIGN_PLACES or w in lex.negative):
            fs = e - 2
    if fs is None or before_cue(text, fs)[1] <= 0 or lex.negative_word_at(text, fs):
        return None
    return fs, "外文译名"


def _best_cn_before(judge: NameJudge, text: str, e: int) -> int | None:
    """Start of the best 3 or 2 character Chinese name ending at ``e``; a title-like word before a
    three-character one (副领事史某某介绍) is a cue on both sides."""

    def score(name: str, s: int) -> float | None:
        titled = len(name) == 3 and s > 0 and text[s - 1] in _TITLE_END and not judge.lex.negative_word_at(text, s)
        if not judge.plausible(name, strong=titled):
            return None
        value = judge.stats(name)[0]
        return value if value >= (0.5 if titled or before_cue(text, s)[1] > 0 else 3.5) else None

    return best_tail(text, e, (3, 2), score)


def foreign_uncued_names(judge: NameJudge, text: str, busy: Container[int]) -> Iterator[Candidate]:
    """Transliterated names standing alone between boundaries (埃托奥、, 阿内尔卡为核心): MEDIUM; not inside a work
    title (《洛丽塔》), as the tail of a longer name (约翰·|沃尔什), with an ordinary word inside (森林|里) or
    a place suffix (库克山)."""
    for m in _FOREIGN_START.finditer(text):
        s = m.start()
        if s in busy or before_cue(text, s)[1] <= 0:
            continue
        e = foreign_uncued(text, s, judge.lex.foreign_places)
        if e is None or any(i in busy for i in range(s, e)):
            continue
        if s > 0 and text[s - 1] in "·•・‧.-" or in_title(text, s) or text[e - 1] in PLACE_AFTER:
            continue
        if not any(text[i : i + 2] in judge.lex.words for i in range(s, e - 1)):
            c = candidate(s, e, 0.55, "外文译名用字（无上下文线索）", None)
            c.severity = Severity.MEDIUM
            yield c


def in_title(text: str, s: int) -> bool:
    """``s`` lies inside a 《work title》 on its line (《洛丽塔》), not an official document's title.

    >>> in_title("纳博科夫的《洛丽塔》被译为", 6), in_title("《通知》中洛丽塔说", 6), in_title("《关于张三同志任职的通知》", 3)
    (True, False, False)
    """
    opened = text.rfind("《", max(0, s - 40), s)
    if opened < 0 or max(text.rfind("\n", opened, s), text.rfind("》", opened, s)) >= 0:
        return False
    close = text.find("》", s, s + 40)
    return close < 0 or not _DOC_TITLE.search(text, opened, close)


def name_lists(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """A run of >= 3 items joined by 、 that all look like names (rare surnames allowed): 符秀妹、羊国兴、麦玉兰."""
    lex = judge.lex
    for m in _NAME_LIST.finditer(text):
        items, pos = [], m.start()
        for part in m.group().split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        names = [text[s:e] for s, e in items]
        if sum(len(n) == 3 for n in names) * 3 < len(names) * 2:
            continue
        if all(judge.plausible(n, strong=True) and lex.surname_at(n, 0) for n in names) and not any(
            lex.negative_word_at(n, 0) for n in names
        ):
            for s, e in items:
                yield candidate(s, e, 0.75, f"顿号并列的{len(items)}个姓名", None)


def tibetan(text: str) -> Iterator[Candidate]:
    """Tibetan names (two common syllables, no surname) standing alone (次仁央宗, 扎西顿珠) or right after
    其中/其父 … (其中才让拉姆（5岁）, 其父更登措电话…)."""
    for m in guarded(_TIBETAN_BODY, text, lambda t, p: not after_cjk(t, p)):
        yield candidate(m.start(), m.end(), 0.75, "藏族姓名（常见音节组合）", None)
    if any(w in text for w in _GLUE_FIRST):
        for m in _TIBETAN_AFTER_WORD.finditer(text):
            yield candidate(m.start("n"), m.end("n"), 0.75, "藏族姓名（紧随“其中/其父”等词）", "private")


def speaker_labels(judge: NameJudge, text: str) -> Iterator[Candidate]:
    """An interview/minutes speaker label at a line start (张颐武：...) when it looks like a name."""
    for m in line_matches(_LINE_LABEL, text, ":"):
        name = m.group(1)
        if judge.plausible(name, strong=True) and judge.stats(name)[0] >= -1.0 and name[-1] not in _LABEL_END:
            yield candidate(m.start(1), m.end(1), 0.7, "行首发言人标记（姓名：）", None)


def list_neighbours(judge: NameJudge, text: str, found: list[Candidate]) -> Iterator[Candidate]:
    """Names listed with 、 next to a found name (格罗索、马特拉齐、莱罗塔列), also after a bracketed note
    (王某（教授）、那日苏（高工）): same shape, same cue."""
    seen = {(c.start, c.end) for c in found}
    todo = sorted(found, key=lambda c: c.start)
    while todo:
        c = todo.pop()
        for span in (_item_before(text, c.start), _item_after(text, c.end)):
            if span is None or span in seen:
                continue
            s, e = span
            if judge.plausible(text[s:e], strong=True) or foreign_end(text, s, e) == e or minority_name(text, s, e):
                n = candidate(s, e, 0.7, f"与姓名“{text[c.start:c.end]}”并列", c.attributes["role"])
                n.attributes["listed_with"] = (c.start, c.end)  # its role follows the anchor's (CnPersonRecognizer)
                seen.add(span)
                todo.append(n)
                yield n


def _item_after(text: str, end: int) -> tuple[int, int] | None:
    """The CJK run of the list item after the 、 that follows a name ending at ``end`` (a bracketed note
    after the name skipped: 王某（某大学教授）、李某); None when there is none or it is over 5 characters."""
    if text.startswith("(", end) and 0 < (close := text.find(")", end, end + 24)):
        end = close + 1
    if end >= len(text) or text[end] != "、":
        return None
    ne = run_end_at(text, end + 1)
    return (end + 1, ne) if 0 < ne - end - 1 <= 5 else None


def _item_before(text: str, start: int) -> tuple[int, int] | None:
    """The whole CJK run of the list item before the 、 that ends at ``start`` (a bracketed note after it
    skipped): 管某某（组长）、[found] -> 管某某; None when the run is not 2-5 characters."""
    j = start - 1
    if j < 1 or text[j] != "、":
        return None
    if text[j - 1] == ")" and (k := text.rfind("(", max(0, j - 24), j - 1)) >= 0:
        j = k
    rs = j
    while rs > 0 and is_cjk(text[rs - 1]) and j - rs <= 5:
        rs -= 1
    return (rs, j) if 2 <= j - rs <= 5 and not (rs > 0 and is_cjk(text[rs - 1])) else None


def uncued_names(judge: NameJudge, text: str, taken: list[tuple[int, int]], threshold: float) -> Iterator[Candidate]:
    """Surname + plausible given name with no trigger: the statistics plus what stands before (role word,
    boundary, or a glued character) and after (speech verb, place suffix)."""
    lex = judge.lex
    busy = Covered(taken)
    pos = 0
    while (m := judge.uncued_start.search(text, pos)) is not None:
        s = m.start()
        pos = s + 1
        if s in busy or (s > 0 and is_cjk(text[s - 1]) and lex.negative_word_at(text, s - 1)):
            continue
        if lex.negative_word_at(text, s):
            continue
        e = judge.split(text, s, run_end_at(text, s))
        if e is not None and e - s == 2 and lex.negative_word_at(text, e - 1):
            continue  # 独任仲裁员: a one-character given name that opens a word (仲裁) is no name
        c = None if e is None or e - s < 2 else _uncued(judge, text, s, e, threshold)
        if c is not None:
            pos = c.end
            yield c


def _around(bcue: str | None, acue: str | None) -> str:
    """The explanation's part for the cues before (a word, not a boundary) and after a name."""
    return (f"，其前“{bcue}”" if bcue and bcue != "^" else "") + (f"，其后“{acue}”" if acue else "")


#: the rest of a document number's prefix and its year in brackets (…调〔2026〕017号)
_DOCNO_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}[〔\[［]\s*(?:19|20)[0-9]{2}\s*[〕\]］]")


def _uncued(judge: NameJudge, text: str, s: int, e: int, threshold: float) -> Candidate | None:
    """The uncued candidate ``text[s:e]`` when its statistic plus the cues around it reach ``threshold``;
    its score's parts are its features (0.45 at the threshold, 0.05 per log-odds unit of each signal,
    capped at 0.75). Stats alone (no cue after, no role before) stay MEDIUM."""
    name = text[s:e]
    stat, _ = judge.stats(name)
    bcue, b = before_cue(text, s)
    acue, a = after_cue(text, e)
    if a == 0.0 and (text[e] in STOP_AFTER or text.startswith(VERB_AFTER, e)):
        a = 0.8
    score = stat + b + a
    if score < threshold or a < 0 or not judge.plausible(name, strong=False) or _DOCNO_AFTER.match(text, e):
        return None  # 金凤长调〔2026〕17号: the prefix of a document number
    raw = 0.45 + 0.05 * (score - threshold)
    prob = min(0.75, raw)
    c = candidate(s, e, round(prob, 3), f"姓氏+名字用字统计（{stat:.1f}）" + _around(bcue, acue), None)
    sur = judge.lex.surname_at(name, 0) or ""
    prior = judge.lex.surname_prior(sur)
    feats = Score(0.45 - 0.05 * threshold, f"无线索阈值{threshold}")
    feats.add("surname_prior", f"{sur}({prior:+.1f})", 0.05 * prior)
    feats.add("given_name", f"{name[len(sur):]}({stat - prior:+.1f})", 0.05 * (stat - prior))
    feats.add("cue_before", bcue.replace("^", "边界") if bcue else "", 0.05 * b).add("cue_after", acue or "", 0.05 * a)
    c.features = [*feats.items, *([Feature("cap", "0.75", prob - raw)] if prob < raw else [])]
    if score < threshold + 1.5 and not acue and b < 2:
        c.severity = Severity.MEDIUM  # stats only: flagged for review, not as a confident finding
        c.explanation.append("无上下文线索，仅用字统计（中）")
    return c


def dotted(text: str) -> Iterator[Candidate]:
    """Dotted names: a Manchu clan surname + given name (爱新觉罗·文涛) or a minority/foreign name (古丽娜·艾买提)."""
    if not any(d in text for d in "·•・‧"):
        return
    last = -1
    for d in _DOT.finditer(text):  # anchor on the dots: scanning every CJK run is slow
        s = d.start()
        if s < last:
            continue
        while s > 0 and d.start() - s < 12 and is_cjk(text[s - 1]):
            s -= 1
        m = _DOTTED_RUN.match(text, s)
        if m is None:
            continue
        last = m.end()
        clan = manchu_name(text, d.start())
        if clan is not None:
            yield candidate(*clan, 0.85, "满族复姓+间隔号名", None)
        elif (span := trim_dotted(text, m.start(), m.end())) is not None:
            yield candidate(*span, 0.75, "少数民族/外国姓名（间隔号）", None)


def manchu_name(text: str, dot: int) -> tuple[int, int] | None:
    """Span of a Manchu clan surname, the dot and a one- or two-character given name, or None.

    >>> t = "其中爱新觉罗·文涛同志在暴雨中"
    >>> t[slice(*manchu_name(t, t.index("·")))]
    '爱新觉罗·文涛'
    """
    m = _MANCHU.search(text, max(0, dot - 5), dot)
    if m is None or dot + 1 >= len(text) or text[dot + 1] in _CLAN_AFTER:
        return None  # 爱新觉罗·家族的历史: the clan itself
    run_end = run_end_at(text, dot + 1)
    for e in (dot + 3, dot + 2):
        if e <= run_end and (e == run_end or text[e] in STOP_AFTER or text.startswith(HONORIFICS + VERB_AFTER, e)):
            return m.start(), e
    return None
