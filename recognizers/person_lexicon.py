"""The data of the PERSON recognizer: surnames, given-name character statistics, the negative lexicon,
the character sets (``data/person_chars.tsv``) and the cue words it reads from ``data/cues.tsv``.

Data files live in ``recognizers/data`` (built by ``scripts/build_data.py``); the lexicon is loaded
once per process, lazily and thread-safely, on first use.

>>> lex = lexicon()
>>> lex.surname_at("欧阳春生", 0), lex.surname_at("王磊", 0)
('欧阳', '王')
>>> lex.given("伟") > 0 > lex.given("局")
True
>>> "许可" in lex.negative, "曾" in STOP_AFTER
(True, True)
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from recognizers import cues

DATA = Path(__file__).resolve().parent / "data"
CJK = "\u4e00-\u9fff"
DOTS = "·•・‧."


def _read_chars() -> dict[str, frozenset[str]]:
    lines = (DATA / "person_chars.tsv").read_text(encoding="utf-8").splitlines()
    rows = [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]
    return {r[0]: frozenset(r[1]) for r in rows[1:]}


_CHARS = _read_chars()


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


_LOCK = threading.Lock()
_CACHE: dict[str, Lexicon] = {}


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]


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
