"""The data and the name judge of the PERSON recognizer: surnames, given-name character statistics, the
negative lexicon, the character sets (``data/person_chars.tsv``), the cue words it reads from
``data/cues.tsv``, the :class:`NameJudge` (surname prior + given-name statistics + negative lexicon: where a
name ends in a run of CJK characters, whether it is plausible) and the scanning helpers the finders share.

Data files live in ``recognizers/data`` (built by ``scripts/build_data.py``); the lexicon is loaded once per
process, lazily and thread-safely, on first use.

>>> lex = lexicon()
>>> lex.surname_at("欧阳春生", 0), lex.surname_at("王磊", 0)
('欧阳', '王')
>>> lex.given("伟") > 0 > lex.given("局")
True
>>> "许可" in lex.negative, "曾" in STOP_AFTER
(True, True)
>>> j = NameJudge(lex)
>>> j.plausible("王小明", strong=False), j.plausible("许可证", strong=False)
(True, False)
>>> t = "张伟表示同意"
>>> t[: j.split(t, 0, run_end_at(t, 0))]
'张伟'
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from recognizers import cues, sensitive_words
from recognizers.base import Candidate
from recognizers.scorer import Feature

DATA = Path(__file__).resolve().parent / "data"
CJK = "\u4e00-\u9fff"
DOTS = "·•・‧."


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]


_CHARS = {r[0]: frozenset(r[1]) for r in _rows("person_chars.tsv")[1:]}  # [0]: the header row


def chars(name: str) -> frozenset[str]:
    """The character set ``name`` of ``data/person_chars.tsv`` (its ``meaning`` column says what it is for)."""
    return _CHARS[name]


def char_class(name: str) -> str:
    """The characters of the set ``name`` for a regex class ``[...]``."""
    return re.escape("".join(sorted(_CHARS[name])))


# -- cue words: rows of ``data/cues.tsv`` ------------------------------------------------------------
#: role words before a name that mark a private person (HIGH)
PRIVATE_TRIGGERS = cues.words("private_trigger")
#: titles before a name (局长X) and right after it (X局长): an official acting in office (LOW)
OFFICIAL_TITLES = tuple(c.word for c in cues.rows("official_title") if c.side != "after")
#: role words that, with ordinary words, make up a phrase that is no name (群众代表, 村民委员)
_ROLE_WORDS = frozenset(w for w in PRIVATE_TRIGGERS + OFFICIAL_TITLES if 2 <= len(w) <= 4)
OFFICIAL_AFTER = tuple(c.word for c in cues.rows("official_title") if c.side != "before")
#: endings of a line label (办案民警：, 出席：) whose listed names act in their office
OFFICIAL_LABEL_ENDS = cues.words("official_label")
PRIVATE_CONTACT_PREFIX = cues.words("private_contact_prefix")
HONORIFICS = cues.words("honorific")
VERB_AFTER = cues.words("verb_after")
FUNCTION_PREFIXES = cues.words("function_prefix")
TIBETAN_SYLLABLES = cues.words("tibetan_syllable")
FOREIGN_PLACES = frozenset(cues.words("foreign_place"))
SURNAME_TITLES = frozenset(cues.words("surname_title"))
KINSHIP_WORDS = frozenset(cues.words("kinship_word"))
#: kinship references never names themselves (监护人为其母X, 受援人之兄X): skipped before a name
KIN_REF = re.compile(f"(?:其|之)(?:{cues.alternation(cues.words('kin_ref'))})")
ORG = re.compile(cues.alternation(cues.words("org_word")))

STOP_AFTER = chars("stop_after")
NOT_IN_NAME = chars("not_in_name")
TRANSLIT = chars("translit")
FOREIGN_MARK = chars("foreign_mark")
PLACE_AFTER = chars("place_after")
FUNCTION_BEFORE = chars("function_before")


@dataclass(frozen=True)
class Lexicon:
    surnames: dict[str, int]
    compound: frozenset[str]
    given_scores: dict[str, float]
    negative: frozenset[str]
    #: frequent two-character ordinary words: where the word after a glued name starts (张捷|永远)
    words: frozenset[str] = frozenset()
    #: foreign places/clubs/brands in transliteration characters (乌迪内斯, 布莱克本): never a lone person
    foreign_places: frozenset[str] = frozenset()

    def surname_at(self, text: str, i: int) -> str | None:
        """The surname starting at ``i`` (compound surnames first), or None."""
        two = text[i : i + 2]
        if two in self.compound:
            return two
        one = text[i : i + 1]
        return one if one in self.surnames else None

    def surname_prior(self, surname: str) -> float:
        """log-odds-like prior: 王 ~ +2, a rare/doubtful surname ~ -3."""
        f = self.surnames.get(surname, 0)
        if f <= 0:
            return -4.0
        if len(surname) == 2:
            return 0.5  # compound surnames are distinctive (words like 东方 are in the negative lexicon)
        return max(-3.0, min(2.0, math.log(f / 300.0)))

    def given(self, ch: str) -> float:
        if ch in NOT_IN_NAME:
            return -9.0
        return self.given_scores.get(ch, -0.5)

    def negative_word_at(self, text: str, i: int) -> str | None:
        """The longest negative-lexicon word starting at ``i`` (2-4 characters)."""
        for n in (4, 3, 2):
            w = text[i : i + n]
            if len(w) == n and w in self.negative:
                return w
        return None

    def common_word(self, name: str) -> bool:
        """Is ``name`` also an everyday word (温暖, 田野, 许可): in the negative lexicon, or frequent in jieba's
        dictionary (>= 200) with a surname that is not among the most common (李娜 stays a name)?

        >>> [lexicon().common_word(w) for w in ("温暖", "田野", "李娜", "王小明")]
        [True, True, False, False]
        """
        if name in self.negative:
            return True
        sur = self.surname_at(name, 0)
        if sur is not None and self.surnames.get(sur, 0) >= 1000:
            return False
        return sensitive_words.lexicon().lookup(name)[1] >= 200

    def all_words(self, name: str) -> bool:
        """Is ``name`` (3+ characters) made only of words of 2-4 characters -- negative-lexicon words and
        the role words of the cue table -- a phrase such as 居民代表 or 群众代表 rather than a name
        (乌云其木格 holds 乌云, but 其木格 is no word)?

        >>> [lexicon().all_words(w) for w in ("居民代表", "群众代表", "乌云其木格", "方向东")]
        [True, True, False, False]
        """
        n = len(name)
        ok = [True] + [False] * n  # ok[i]: name[:i] is a sequence of words
        for i in range(n):
            if ok[i]:
                for k in (2, 3, 4):
                    if i + k <= n and (name[i : i + k] in self.negative or name[i : i + k] in _ROLE_WORDS):
                        ok[i + k] = True
        return n >= 3 and ok[n]


_LOCK = threading.Lock()
_CACHE: dict[str, Lexicon] = {}


def lexicon() -> Lexicon:
    """The process-wide lexicon (loaded once, thread-safe)."""
    lex = _CACHE.get("lex")
    if lex is not None:
        return lex
    with _LOCK:
        if "lex" not in _CACHE:
            surnames = {r[0]: int(r[1]) for r in _rows("surnames.tsv")}
            _CACHE["lex"] = Lexicon(
                surnames=surnames,
                compound=frozenset(s for s in surnames if len(s) == 2),
                given_scores={r[0]: float(r[1]) for r in _rows("given_chars.tsv")},
                negative=frozenset(r[0] for r in _rows("surname_words.txt")),
                words=frozenset(r[0] for r in _rows("common_words.txt")),
                foreign_places=frozenset(r[0] for r in _rows("foreign_places.txt")),
            )
    return _CACHE["lex"]


ENTITY = "PERSON"
#: a regex alternation of words, longest first (the cue table's one helper)
alt = cues.alternation
RUN = re.compile(rf"[{CJK}]+(?:[{DOTS}][{CJK}]+)*")
_MAX_RUN = 12
_TIBETAN_SYLLABLES = alt(TIBETAN_SYLLABLES)
_MINORITY_PARTS = TIBETAN_SYLLABLES + cues.words("mongolian_syllable")
_MINORITY_WORD = re.compile(f"(?:{alt(_MINORITY_PARTS)}){{2,3}}|{alt(w for w in _MINORITY_PARTS if len(w) >= 3)}")


def minority_name(text: str, s: int = 0, e: int | None = None) -> bool:
    """Is ``text[s:e]`` a Tibetan or Mongolian name without a surname: two or three common parts (索南旺堆,
    乌云其木格, 格日勒图) or one part of three characters or more (那日苏)? Used where a cue says a name is there.

    >>> [minority_name(w) for w in ("索南旺堆", "乌云其木格", "那日苏", "王建国", "扎西")]
    [True, True, True, False, False]
    """
    return _MINORITY_WORD.fullmatch(text, s, len(text) if e is None else e) is not None


_MINORITY_PART_SET = frozenset(_MINORITY_PARTS)


def minority_part(text: str, s: int = 0, e: int | None = None) -> bool:
    """Is ``text[s:e]`` one Tibetan or Mongolian name part (央金, 尼玛, 巴图)? A name only where a cue and
    punctuation delimit it (参保人：央金，女).

    >>> [minority_part(w) for w in ("央金", "尼玛", "王建", "巴图")]
    [True, True, False, True]
    """
    return text[s : len(text) if e is None else e] in _MINORITY_PART_SET
PLACE_FINAL = chars("place_final")
_DOTTED = re.compile(rf"[{CJK}]{{2,8}}(?:[·•・‧][{CJK}]{{2,10}})+")
_DOTTED_ANY = re.compile(rf"[{CJK}]{{1,8}}(?:[{DOTS}][{CJK}]{{2,10}})+")
#: A dotted name whose first part is one character (韩·艾力): accepted only after a strong cue.
_DOTTED_SHORT = re.compile(rf"[{CJK}]{{1,8}}[{DOTS}][{CJK}]{{2,10}}")
#: Characters after a dotted name that start the next word (艾合买提·阿不力孜的…, …阿不力孜持护照).
_DOT_TAIL_STOP = STOP_AFTER | chars("dot_tail_stop")
#: A two-character name padded to three characters' width (田　静, 关 慧): surname, 1-2 spaces, one character.
#: A compound surname is padded the same way (宗政　浩).
_PADDED = re.compile(rf"(?<![{CJK}])([{CJK}]{{1,2}})[ ]{{1,2}}([{CJK}])(?![{CJK}])")
#: Single function characters glued before a name; stripped only before a full three-character name.
FUNCTION_CHARS = chars("function_char")


def skip_function_prefix(text: str, s: int, e: int) -> int:
    """Move ``s`` past a function word glued before a name (其中陈浩然 -> 陈浩然), keeping >= 2 chars."""
    for w in FUNCTION_PREFIXES:
        if text.startswith(w, s) and e - s - len(w) >= 2:
            return s + len(w)
    if e - s == 4 and text[s] in FUNCTION_CHARS:
        return s + 1
    return s


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class Marks:
    """Where any of a few fixed strings next occurs in a text, asked at increasing positions with
    ``str.find`` (much faster than a regex search; a big sheet often holds none of them).

    >>> m = Marks("a|b  c\\td", ("\\t", "|", "  "))
    >>> m.find(0), m.find(2), m.find(5), m.find(7)
    (1, 3, 6, -1)
    """

    def __init__(self, text: str, marks: tuple[str, ...]) -> None:
        self.text = text
        self.next = dict.fromkeys(marks, -2)  # mark -> its next position found (-1: none left)

    def find(self, pos: int) -> int:
        """The first position >= ``pos`` where a mark starts, or -1 (``pos`` never decreases)."""
        best = -1
        for mark, p in self.next.items():
            if -1 != p < pos:
                p = self.next[mark] = self.text.find(mark, pos)
            if p >= 0 and (best < 0 or p < best):
                best = p
        return best


class Covered:
    """The positions covered by some spans, as merged sorted intervals: ``pos in covered`` is
    ``pos in {i for s, e in spans for i in range(s, e)}`` without a set entry per character (a
    big sheet has a hundred thousand names).

    >>> c = Covered([(5, 8), (0, 2), (7, 9)])
    >>> [i for i in range(11) if i in c]
    [0, 1, 5, 6, 7, 8]
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(spans):
            if s >= e:
                continue
            if ends and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self.starts, self.ends = starts, ends

    def __contains__(self, pos: object) -> bool:
        if not isinstance(pos, int):
            return False
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


def guarded(pattern: re.Pattern[str], text: str, ok: Callable[[str, int], bool]) -> Iterator[re.Match[str]]:
    """``finditer`` of ``pattern`` with a lookbehind in front that ``ok(text, start)`` decides:
    the regex engine skips text fast only for a pattern that opens with its characters.

    >>> [m.start() for m in guarded(re.compile("先生"), "王先生和先生", lambda t, s: s > 0 and is_cjk(t[s - 1]))]
    [1, 4]
    """
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        s = m.start()
        if ok(text, s):
            yield m
            pos = m.end() if m.end() > s else s + 1
        else:
            pos = s + 1


def after_cjk(text: str, s: int) -> bool:
    """``(?<=[CJK])`` at ``s``."""
    return s > 0 and "\u4e00" <= text[s - 1] <= "\u9fff"


#: the score feature a finder's cue label stands for (label prefix -> feature); the quoted word is its value
_CUE_FEATURES = (
    ("触发词", "cue_before"), ("键值", "cue_before"), ("职责标签", "cue_before"), ("任免表述", "cue_before"),
    ("前置身份词", "cue_before"), ("列标题", "column_header"), ("敬称/量词", "cue_after"), ("性别", "cue_after"),
    ("其后", "cue_after"), ("称呼行", "line_unit"), ("行首发言人", "line_unit"), ("名单行首", "row_unit"),
    ("与", "list_unit"), ("顿号并列", "list_unit"), ("同文前述", "mention"),
)
_QUOTED = re.compile("“([^”]*)”")


@functools.lru_cache(maxsize=4096)
def cue_feature(label: str, score: float) -> Feature:
    """The named score feature of a finder's cue label: what kind of cue it was, the word, the score.

    >>> cue_feature("触发词“申请人”", 0.85), cue_feature("列标题“户主姓名”", 0.9)[:2]
    (Feature(feature='cue_before', value='申请人', weight=0.85), ('column_header', '户主姓名'))
    >>> cue_feature("藏族姓名（常见音节组合）", 0.75)[:2]
    ('name_shape', '藏族姓名（常见音节组合）')
    """
    feature = next((f for prefix, f in _CUE_FEATURES if label.startswith(prefix)), "name_shape")
    quoted = _QUOTED.search(label)
    return Feature(feature, quoted.group(1) if quoted else label, score)


def candidate(s: int, e: int, score: float, cue: str, role: str | None) -> Candidate:
    """A PERSON candidate with its first cue and role (``unknown`` until decided)."""
    return Candidate(ENTITY, s, e, score, [cue], {"role": role or "unknown", "cues": [cue]})


def run_end_at(text: str, s: int) -> int:
    """End of the run of CJK characters (dotted parts included, at most 12) starting at ``s``."""
    m = RUN.match(text, s, min(len(text), s + _MAX_RUN))
    return m.end() if m else s


def best_tail(text: str, e: int, lengths: tuple[int, ...], score: Callable[[str, int], float | None]) -> int | None:
    """Start of the most name-like CJK tail ending at ``e``, of one of ``lengths`` (in order of preference):
    ``score(name, start)`` rates a tail or rejects it (None); a later length wins only by more than 0.5.

    >>> best_tail("据悉王小明", 5, (3, 2), lambda name, s: 1.0 if name == "王小明" else None)
    2
    """
    best = None
    for n in lengths:
        s = e - n
        if s < 0 or not all(is_cjk(c) for c in text[s:e]):
            continue
        value = score(text[s:e], s)
        if value is not None and (best is None or value > best[0] + 0.5):
            best = (value, s)
    return None if best is None else best[1]


def line_matches(pattern: re.Pattern[str], text: str, *marks: str) -> Iterator[re.Match[str]]:
    r"""``pattern.finditer(text)`` for a pattern anchored at a line start (``(?m)^``) that matches only
    lines holding one of ``marks`` and never crosses a line: only those lines are tried (a sheet of
    100,000 rows has a million lines and few colons or spaces).

    >>> label = re.compile(r"(?m)^(\w{2,4}):")
    >>> [m.group(1) for m in line_matches(label, "甲乙:\n说\n张颐武:好:", ":")]
    ['甲乙', '张颐武']
    """
    found = Marks(text, marks)
    pos = 0
    while (p := found.find(pos)) >= 0:
        m = pattern.match(text, text.rfind("\n", 0, p) + 1)
        if m is not None:
            yield m
        pos = text.find("\n", p)
        if pos < 0:
            return


class NameJudge:
    """Scores a name candidate with the lexicon; its pure functions of a name are memoised (names repeat)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.stats = functools.lru_cache(maxsize=65536)(self.stats)  # type: ignore[method-assign]
        self.plausible = functools.lru_cache(maxsize=65536)(self.plausible)  # type: ignore[method-assign]
        self._split = functools.lru_cache(maxsize=65536)(self._split_run)
        self.features = functools.lru_cache(maxsize=65536)(self.features)  # type: ignore[method-assign]
        strong = "".join(sorted(s for s, f in lex.surnames.items() if len(s) == 1 and f >= 100 and s not in STOP_AFTER and s != "其"))
        comp: dict[str, list[str]] = {}
        for s in sorted(s for s, f in lex.surnames.items() if len(s) == 2 and f >= 5):
            comp.setdefault(s[0], []).append(s[1])
        good = "".join(sorted(c for c, v in lex.given_scores.items() if v >= 0.8 and len(c) == 1))
        #: where an uncued name may start: a common surname (compound ones first), then a typical
        #: given-name character. Written to open with a character class (the first character of a
        #: surname) so the regex engine skips the rest of the text fast.
        after_first = "|".join(f"(?<={re.escape(a)})[{''.join(b)}]" for a, b in comp.items())
        self.uncued_start = re.compile(rf"[{''.join(sorted(set(strong) | set(comp)))}](?:(?:{after_first})|(?<=[{strong}]))[{good}]")

    def features(self, name: str) -> tuple[Feature, ...]:
        """The surname prior and the given-name statistic of ``name`` as features that explain (weight 0:
        for a cued name the cue sets the score). Memoised per name: a roster repeats its names.

        >>> [(f.feature, f.value) for f in NameJudge(lexicon()).features("王小明")]
        [('surname_prior', '王(+2.0)'), ('given_name', '小明(+2.7)')]
        """
        lex = self.lex
        sur = lex.surname_at(name, 0)
        if sur is None or any(c in DOTS for c in name):
            return ()
        given = name[len(sur) :]
        g = sum(lex.given(c) for c in given)
        return (Feature("surname_prior", f"{sur}({lex.surname_prior(sur):+.1f})", 0.0),
                Feature("given_name", f"{given}({g:+.1f})", 0.0))

    def stats(self, name: str) -> tuple[float, str | None]:
        """(score, surname): surname prior + given-name character log-odds."""
        if any(ch in DOTS for ch in name):
            return 2.0, None
        sur = self.lex.surname_at(name, 0)
        if sur is None or len(name) <= len(sur):
            return -6.0, sur
        given = name[len(sur) :]
        if len(given) > 2:
            return -6.0, sur
        g = sum(self.lex.given(c) for c in given)
        if len(given) == 1:
            g += 0.3  # two-character names are common; one given char carries less evidence
        return self.lex.surname_prior(sur) + g, sur

    def split(self, text: str, start: int, end: int) -> int | None:
        """Best end of a name starting at ``start`` inside the CJK run ``text[start:end]`` (memoised on the
        run and the character after it)."""
        e = self._split(text[start : end + 1], end - start)
        return None if e is None else start + e

    def _split_run(self, text: str, end: int) -> int | None:
        start = 0
        run = text[start:end]
        if any(c in DOTS for c in run):
            m = _DOTTED_ANY.match(text, start, end)  # 买合木提.阿西木 (full-width ．) is judged by plausible()
            if m is None:
                return None
            last = max(text.rfind(d, start, m.end()) for d in DOTS)
            for p in range(last + 3, m.end()):  # 韩·艾力已另行申请: the name ends before 已
                if text[p] not in TRANSLIT and (text[p] in _DOT_TAIL_STOP or text.startswith(VERB_AFTER, p)):
                    return p
            return m.end()
        sur = self.lex.surname_at(text, start)
        slen = len(sur) if sur else 1
        if len(run) <= slen + 2:
            return end if len(run) > slen else None
        best, best_score = None, -99.0
        for glen in (1, 2):
            e = start + slen + glen
            if e > end:
                break
            score = self.stats(text[start:e])[0] + self._boundary(text, e, glen)
            if score > best_score:
                best, best_score = e, score
        return best

    def _boundary(self, text: str, e: int, glen: int) -> float:
        """How well a name of ``glen`` given-name characters ending at ``e`` ends there: the next word
        starts at ``e`` (+1.5); with two given characters, the last one starts a word (张捷|永远) or
        is no given-name character (-1.5, -2.5)."""
        lex = self.lex
        bonus = 0.0
        if text[e] in STOP_AFTER or lex.negative_word_at(text, e) or text.startswith(VERB_AFTER, e) or text[e : e + 2] in lex.words:
            bonus += 1.5
        if glen == 2 and text[e - 1 : e + 1] in lex.words:
            bonus -= 1.5
        if glen == 2 and (lex.given(text[e - 1]) < -1.0 or text[e - 1] in STOP_AFTER):
            bonus -= 2.5
        return bonus

    def plausible(self, name: str, strong: bool, word_ok: bool = False) -> bool:
        """A cued candidate: rare surnames allowed when the cue is strong; ``word_ok``: the structure
        around it says it is a name even when it is also a word (温暖（女，…）)."""
        if len(name) < 2 or any(c in "某" for c in name) or KIN_REF.match(name):
            return False  # 其母蒋桂珍: 其母 is the kinship word before the name
        if any(c in DOTS for c in name):
            return _DOTTED.fullmatch(name) is not None or (strong and _DOTTED_SHORT.fullmatch(name) is not None)
        if not word_ok and (
            self.lex.negative_word_at(name, 0) and name in self.lex.negative or name[:2] in self.lex.negative and len(name) == 2
        ):
            return False
        return self._plausible_stats(name, strong)

    def _plausible_stats(self, name: str, strong: bool) -> bool:
        """:meth:`plausible` for an undotted name that is no known word: the surname and given-name
        statistics, no form of address (王先生), no family or place (李家, 马驹桥) unless strongly cued."""
        score, sur = self.stats(name)
        if any(self.lex.given(c) <= -9 for c in name[len(sur or "") :]):
            return False  # 那 may be a surname (那丽华) but never a given-name character
        if sur is None or len(name) - len(sur) > 2:
            return strong and self._surnameless(name)
        if name in KINSHIP_WORDS or name[len(sur) :] in SURNAME_TITLES:
            return False  # 王先生, 李女士, 陈老师: a surname and a form of address, not a name
        if not strong and name[-1] in PLACE_FINAL:
            return False  # 李家, 卢森堡, 马驹桥: a family or a place
        worst = min(self.lex.given(c) for c in name[len(sur):])
        return score > (-4.5 if strong else 0.0) and worst > (-3.0 if strong else -1.5)


    def _surnameless(self, name: str) -> bool:
        """A minority name without a surname (乌力吉巴图), when strongly cued and delimited: 3-5 usual
        name characters that are not all words (居民代表, 群众代表)."""
        return 3 <= len(name) <= 5 and sum(self.lex.given(c) for c in name) > -3.0 and not self.lex.all_words(name)


def padded(judge: NameJudge, text: str, s: int) -> int | None:
    """End of a two-character name padded with spaces to a three-character width (田　静 -> 田 静
    after normalisation) starting at ``s``, or None. Only called where a cue says a name stands here."""
    m = _PADDED.match(text, s)
    if m is None:
        return None
    name = m.group(1) + m.group(2)
    lex = judge.lex
    if len(m.group(1)) == 2 and m.group(1) not in lex.compound:
        return None
    word = lex.negative_word_at(name, 0)
    if word is not None and word == m.group(1) and len(word) == 2:
        word = None  # 欧阳　娜: the compound surname itself is listed as a word
    if m.group(1) not in lex.surnames and m.group(1) not in lex.compound or word or name in KINSHIP_WORDS:
        return None
    return m.end() if judge.plausible(name, strong=True) else None


def whole_name(judge: NameJudge, name: str) -> bool:
    """A whole delimited field under a strong name cue: a name unless a known word, an organisation,
    a de-identified form or a kinship word; longer than 3 characters only without a regular surname
    split (乌兰图雅) or with a compound surname."""
    lex = judge.lex
    if _opens_with_word(lex, name) or ORG.search(name) or "某" in name or KIN_REF.match(name) or name in KINSHIP_WORDS:
        return False
    if _never_given(lex, name):
        return False
    if any(c in DOTS for c in name):
        return judge.plausible(name, strong=True)
    return len(name) <= 5 and judge.plausible(name, strong=True) or len(name) <= 5 and sum(lex.given(c) for c in name) > -3.0


def _opens_with_word(lex: Lexicon, name: str) -> bool:
    """Does ``name`` open with a known word -- other than a compound surname listed as one (上官丽娟)?"""
    word = lex.negative_word_at(name, 0)
    return word is not None and not (word in lex.compound and len(name) > len(word))


def _never_given(lex: Lexicon, name: str) -> bool:
    """Does ``name`` hold, past its surname, a character no given name holds? 那 and 么 may be surnames
    (那丽华, 么学军), never given-name characters."""
    sur = "" if any(c in DOTS for c in name) else lex.surname_at(name, 0) or ""
    return any(lex.given(c) <= -9 for c in name[len(sur) :] if c not in DOTS)
