"""The cue table: every cue word of the PERSON, PHONE, SENSITIVE and ADDRESS recognizers, in one data file.

``recognizers/data/cues.tsv`` holds one row per (word, kind); this module is its only reader. A recognizer
asks for the words of a kind instead of keeping its own list, so a word lives in exactly one place and a
new miss becomes a row, not a code branch.

>>> "当事人" in words("private_trigger")
True
>>> row = next(c for c in table() if c.word == "当事人" and c.kind == "private_trigger")
>>> row.side, row.role
('before', 'private')
>>> alternation(["人", "当事人"])  # longest first, escaped: ready for a regex
'当事人|人'
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "cues.tsv"
COLUMNS = ("word", "kind", "side", "window", "weight", "role", "source")
SIDES = frozenset({"before", "after", "either"})
ROLES = frozenset({"private", "official", "public_by_rule", "-"})

#: Every kind the table may use, with what a row of that kind means. A row of an unknown kind is an error.
KINDS: dict[str, str] = {
    # ---- person / phone kinds ----
    "private_trigger": "a role word before a name that marks a private person (当事人X, 申请人X); also the role "
    "that makes a landline after that person private",
    # ---- end of person / phone kinds ----
    #
    #
    # ---- sensitive / address kinds ----
    # ---- end of sensitive / address kinds ----
}


@dataclass(frozen=True)
class Cue:
    """One row of the cue table."""

    word: str
    kind: str
    side: str
    window: int
    weight: float
    role: str
    source: str


class CueTableError(ValueError):
    """The cue table is malformed (a bad row, an unknown kind, a duplicate (word, kind))."""


_LOCK = threading.Lock()
_TABLE: tuple[Cue, ...] | None = None


def parse(lines: Iterable[str], name: str = "cues.tsv") -> tuple[Cue, ...]:
    """Rows of a cue table; raises :class:`CueTableError` naming the line of a bad row.

    >>> parse(["word\\tkind\\tside\\twindow\\tweight\\trole\\tsource", "患者\\tprivate_trigger\\tbefore\\t0\\t0\\tprivate\\tx"])[0].word
    '患者'
    >>> parse(["患者\\tnope\\tbefore\\t0\\t0\\tprivate\\tx"])
    Traceback (most recent call last):
    ...
    recognizers.cues.CueTableError: cues.tsv:1: unknown kind 'nope'
    """
    rows: list[Cue] = []
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells == list(COLUMNS):
            continue
        if len(cells) != len(COLUMNS):
            raise CueTableError(f"{name}:{number}: expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        word, kind, side, window, weight, role, source = cells
        if not word or word != word.strip():
            raise CueTableError(f"{name}:{number}: empty word or word with surrounding spaces")
        if kind not in KINDS:
            raise CueTableError(f"{name}:{number}: unknown kind {kind!r}")
        if side not in SIDES or role not in ROLES:
            raise CueTableError(f"{name}:{number}: side must be one of {sorted(SIDES)}, role one of {sorted(ROLES)}")
        if (word, kind) in seen:
            raise CueTableError(f"{name}:{number}: duplicate row for {word!r} of kind {kind!r}")
        seen.add((word, kind))
        try:
            rows.append(Cue(word, kind, side, int(window), float(weight), role, source))
        except ValueError:
            raise CueTableError(f"{name}:{number}: window must be an integer and weight a number") from None
    return tuple(rows)


def table() -> tuple[Cue, ...]:
    """Every row of ``recognizers/data/cues.tsv``, read once per process (thread-safe)."""
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                with PATH.open(encoding="utf-8") as fh:
                    _TABLE = parse(fh, PATH.name)
    return _TABLE


def rows(*kinds: str) -> tuple[Cue, ...]:
    """The rows of the given kinds, in table order."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise KeyError(f"unknown cue kind(s): {', '.join(unknown)}")
    wanted = set(kinds)
    return tuple(c for c in table() if c.kind in wanted)


def words(*kinds: str) -> tuple[str, ...]:
    """The words of the given kinds, in table order, each once."""
    return tuple(dict.fromkeys(c.word for c in rows(*kinds)))


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of ``items``, longest first (so 家庭电话 beats 电话), each escaped."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))
