"""The address recognizer's data: division names, the part vocabulary and table rows (read once per process).

``recognizers/data/divisions.tsv`` (built by ``scripts/build_data.py`` from NBS 2023 codes via
modood/Administrative-divisions-of-China, WTFPL) holds ``name, level, short``;
``recognizers/data/address_parts.tsv`` holds ``word, parts, source``: the words ending each address part.

>>> d = divisions()
>>> d.levels["凉州区"], d.levels["武威市"], "小区" in parts("estate")
('county', 'city', True)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LEVEL_ORDER = ("province", "city", "county", "town")


@dataclass(frozen=True)
class Divisions:
    """Division names indexed by their last two characters: a regex finds the (few) possible name ends, then
    set lookups of the slices ending there (faster than an automaton walking every character in Python)."""

    levels: dict[str, str]  # full name -> highest level it is known at
    lengths: dict[str, tuple[int, ...]]  # last two characters -> lengths of names (>= 3 chars) ending so
    ends: re.Pattern[str]  # any last character

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Non-overlapping longest division names in ``text``: ``(start, end, name, level)``.

        >>> [h[2] for h in divisions().find("甘肃省武威市凉州区东大街")]
        ['甘肃省', '武威市', '凉州区']
        """
        hits = []
        for m in self.ends.finditer(text):
            e = m.end()
            for n in self.lengths.get(text[e - 2 : e], ()):
                level = self.levels.get(text[e - n : e]) if e >= n else None
                if level is not None:
                    hits.append((e - n, e, text[e - n : e], level))
        hits.sort(key=lambda h: (h[0], -h[1]))
        out: list[tuple[int, int, str, str]] = []
        for h in hits:
            if not out or h[0] >= out[-1][1]:
                out.append(h)
        return out


def rows(name: str, header: str = "") -> list[list[str]]:
    """The tab-separated rows of a data file, comments and the column header line (``header``) aside."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines if ln and not ln.startswith("#") and ln != header]


@functools.cache
def divisions() -> Divisions:
    levels: dict[str, str] = {}
    for name, level, _short in rows("divisions.tsv"):
        if name not in levels or LEVEL_ORDER.index(level) < LEVEL_ORDER.index(levels[name]):
            levels[name] = level
    by_end: dict[str, set[int]] = {}
    for name in levels:
        if len(name) >= 3:
            by_end.setdefault(name[-2:], set()).add(len(name))
    lengths = {tail: tuple(sorted(ns)) for tail, ns in by_end.items()}
    # a plain character set (the engine skips ahead fast); a name end at 0 finds no two-character key
    ends = re.compile("[" + re.escape("".join(sorted({t[-1] for t in lengths}))) + "]")
    return Divisions(levels, lengths, ends)


@functools.cache
def _parts() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for word, names, _source in rows("address_parts.tsv", "word\tparts\tsource"):
        for name in names.split(","):
            out.setdefault(name, []).append(word)
    return {name: tuple(words) for name, words in out.items()}


def parts(*names: str) -> tuple[str, ...]:
    """The words that end the given address parts (``recognizers/data/address_parts.tsv``), in file order."""
    return tuple(w for name in names for w in _parts()[name])
