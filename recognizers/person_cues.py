"""Context around a name candidate that has no trigger word: what comes before and after it, and
foreign/minority transliterations.

Used by :mod:`recognizers.person` for names in running text (news-like prose in petition replies,
meeting minutes, press releases): ``记者张大伟报道``, ``分析师于丽娟告诉记者``, ``兰帕德表示``.
All word lists are written by hand for this project (general Chinese usage, no corpus).

>>> before_cue("据市场部经理", 6)
('经理', 2.5)
>>> after_cue("张三表示同意", 2)
('表示', 1.5)
>>> after_cue("马驹桥镇", 2)
('桥', -4.0)
>>> foreign_end("兰帕德表示", 0, 5)
3
"""

from __future__ import annotations

import re

from recognizers import cues
from recognizers.person_lexicon import CJK

#: Descriptive roles right before a name (neither an official title nor a private-person trigger):
#: they make the next word a name candidate, adding the row's weight. Role stays "unknown" (HIGH)
#: unless other cues decide.
ROLE_BEFORE = cues.words("role_before")
_ROLE_WEIGHT = {c.word: c.weight for c in cues.rows("role_before")}

#: Words right after a name that show a person speaking or acting (the row's weight is the feature).
SPEECH_AFTER = cues.words("speech_after")
_SPEECH_WEIGHT = {c.word: c.weight for c in cues.rows("speech_after")}

#: Characters that make the candidate a place or an organisation, not a person (马驹桥, 张家口).
PLACE_AFTER = frozenset("岛桥镇村湖山河江路街寺庙宫园楼城港州县区市省庄屯坡湾峰岭洞塔馆店厂氏族")

#: Characters that may stand right before a name in running text (besides punctuation and roles).
FUNCTION_BEFORE = frozenset("的和与及在对向被让给把将是由跟同请、为据有了到叫找派送像称")

#: Characters of transliterated foreign names and of minority names (古丽娜·艾买提).
TRANSLIT = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼毕宾波伯勃博布查达戴丹道德登迪蒂丁杜多厄恩尔法菲费芬弗福盖甘"
    "戈哥格贡古哈海汉豪赫亨洪胡霍基吉加佳贾杰捷金卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾黎里丽"
    "利莉连林琳卢鲁伦罗洛吕马玛迈麦曼芒梅蒙米密敏摩莫墨姆穆纳娜奈南内妮尼涅纽努诺欧帕潘庞佩彭皮珀"
    "普齐奇恰乔切钦琼丘让热瑞萨塞赛桑瑟森沙莎尚什舍施史斯松苏索塔泰坦汤唐特滕提汀廷图托瓦万旺威韦"
    "维温沃乌西希锡夏谢辛休雅亚扬耶伊依因英尤约扎詹泽兹佐吐逊买江汗孜别都不合力木热衣提克"
    "保华山茨默霍琪莉薇娃丝罗杰乔艾丽"
)
#: Characters that almost only occur in transliterations (one is required for an undotted name).
FOREIGN_MARK = frozenset("斯尔特克德森顿娜娅莱奥埃弗伯詹姆夫蒂迪佩诺帕贝梅莫妮萨亨乔琼索塔")

#: Common syllables of Tibetan personal names (a name is usually two of them, no surname).
TIBETAN_SYLLABLES = cues.words("tibetan_syllable")

#: Well-known countries, cities, regions and clubs written with transliteration characters: never
#: a person on their own.
FOREIGN_PLACES = frozenset(cues.words("foreign_place"))

_ROLE_RE = re.compile(f"(?:{cues.alternation(ROLE_BEFORE)})$")


def before_cue(text: str, s: int) -> tuple[str | None, float]:
    """What stands right before ``s``: a role word (strong), a boundary (weak) or any other character
    (a penalty: names glued to the previous word are rarely names).

    >>> before_cue("，张三", 1), before_cue("天王寺", 2)
    (('^', 0.5), (None, -1.5))
    """
    if s == 0:
        return "^", 0.5
    prev = text[s - 1]
    if not ("\u4e00" <= prev <= "\u9fff"):
        return "^", 0.5
    m = _ROLE_RE.search(text, max(0, s - 5), s)
    if m:
        return m.group(), _ROLE_WEIGHT[m.group()]
    if prev in FUNCTION_BEFORE:
        return prev, 0.3
    return None, -1.5


def after_cue(text: str, e: int) -> tuple[str | None, float]:
    """What follows ``e``: a speech/act verb or honorific (strong), a place suffix (veto), else 0."""
    if e >= len(text) or not ("\u4e00" <= text[e] <= "\u9fff"):
        return None, 0.8 if e >= len(text) or text[e] not in "0123456789" else 0.0
    if text.startswith(SPEECH_AFTER, e):
        word = next(w for w in SPEECH_AFTER if text.startswith(w, e))
        return word, _SPEECH_WEIGHT[word]
    if text[e] in PLACE_AFTER:
        return text[e], -4.0
    return None, 0.0


def foreign_end(text: str, s: int, limit: int) -> int | None:
    """End of a transliterated name (2-6 characters, one distinctive) starting at ``s``, or None."""
    e = s
    while e < limit and e - s < 6 and text[e] in TRANSLIT:
        e += 1
    if e - s < 2 or not any(c in FOREIGN_MARK for c in text[s:e]) or text[s:e] in FOREIGN_PLACES:
        return None
    return e


def foreign_start(text: str, e: int) -> int | None:
    """Start of a transliterated name ending at ``e`` (2-6 characters, one distinctive), or None."""
    s = e
    while s > 0 and e - s < 6 and text[s - 1] in TRANSLIT:
        s -= 1
    if e - s < 2 or not any(c in FOREIGN_MARK for c in text[s:e]) or text[s:e] in FOREIGN_PLACES:
        return None
    return s


_DOT_NAME = re.compile(rf"[{CJK}]{{1,8}}(?:[·•・‧][{CJK}]{{1,10}})+")


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
    if first - ns < 1 or ne - last < 2:
        return None
    return ns, ne


def foreign_uncued(text: str, s: int, veto: frozenset[str] = frozenset()) -> int | None:
    """An undotted transliterated name with no cue (埃托奥、 / 阿内尔卡为 / 在穆里尼奥的): 3-5 characters,
    one of them distinctive, a boundary on both sides, not a known foreign place, club or brand
    (``veto``: the hand list plus ``data/foreign_places.txt``).

    >>> foreign_uncued("像梅西、埃托奥、亨利", 4)
    7
    """
    e = foreign_end(text, s, min(len(text), s + 6))
    if e is None or not 3 <= e - s <= 5 or text[s:e] in veto:
        return None
    # foreign_end already asked for one distinctive character; the veto list removes the places and
    # clubs that a second one used to keep out (乌迪内斯, 布莱克本)
    if any(text[s:e].startswith(p) or text[s:e].endswith(p) for p in FOREIGN_PLACES if len(p) >= 2 and p in text[s:e]):
        return None
    nxt = text[e] if e < len(text) else ""
    if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in FUNCTION_BEFORE and nxt not in "也就才还都则却曾" and not text.startswith(SPEECH_AFTER, e):
        return None
    return e


def foreign_tail(text: str, s: int, e: int) -> int:
    """End of a name read as Chinese (马尔克, 罗斯达) that goes on in transliteration characters
    (马尔克斯, 罗斯达尔): the longer end when the tail has a distinctive character and the whole has two;
    else ``e``.

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


_TEAM = re.compile(r"[0-9]*(?:vs|VS|Vs|对阵)|队(?![长员])")


def team_context(text: str, s: int, e: int) -> bool:
    """A match-up or a team around the candidate (沙尔克04vs曼城, 09科特布斯vs, 切沃队): a club, not a person.

    >>> team_context("6.乌迪内斯vs切沃", 2, 6), team_context("张伟表示", 0, 2)
    (True, False)
    """
    if _TEAM.match(text, e):
        return True
    before = text[max(0, s - 2) : s]
    return before.lower() == "vs" or before.endswith("对阵")

