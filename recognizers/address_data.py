"""Administrative division names for the address recognizer (loaded once, thread-safe).

``recognizers/data/divisions.tsv`` (built by ``scripts/build_data.py`` from NBS 2023 codes via
modood/Administrative-divisions-of-China, WTFPL) holds ``name, level, short``.

>>> d = divisions()
>>> d.level_of("凉州区"), d.level_of("武威市")
('county', 'city')
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "divisions.tsv"
LEVEL_ORDER = ("province", "city", "county", "town")


@dataclass(frozen=True)
class Divisions:
    """Division names indexed by their last character: a regex finds the (few) possible name ends,
    then set lookups of the slices ending there (much faster than an automaton walking every
    character of a long text in Python-visible iteration)."""

    levels: dict[str, str]  # full name -> highest level it is known at
    lengths: dict[str, tuple[int, ...]]  # last two characters -> lengths of names (>= 3 chars) ending so
    ends: re.Pattern[str]  # any last character

    def level_of(self, name: str) -> str | None:
        return self.levels.get(name)

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Non-overlapping longest division names in ``text``: ``(start, end, name, level)``.

        >>> [h[2] for h in divisions().find("甘肃省武威市凉州区东大街")]
        ['甘肃省', '武威市', '凉州区']
        """
        levels, lengths = self.levels, self.lengths
        hits = []
        for m in self.ends.finditer(text):
            e = m.end()
            for n in lengths.get(text[e - 2 : e], ()):
                s = e - n
                if s >= 0:
                    name = text[s:e]
                    lv = levels.get(name)
                    if lv is not None:
                        hits.append((s, e, name, lv))
        hits.sort(key=lambda h: (h[0], -h[1]))
        out: list[tuple[int, int, str, str]] = []
        last = -1
        for h in hits:
            if h[0] >= last:
                out.append(h)
                last = h[1]
        return out


_LOCK = threading.Lock()
_CACHE: dict[str, Divisions] = {}


def divisions() -> Divisions:
    d = _CACHE.get("d")
    if d is not None:
        return d
    with _LOCK:
        if "d" not in _CACHE:
            levels: dict[str, str] = {}
            for line in DATA.read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                name, level, _short = line.split("\t")
                if name not in levels or LEVEL_ORDER.index(level) < LEVEL_ORDER.index(levels[name]):
                    levels[name] = level
            by_end: dict[str, set[int]] = {}
            for name in levels:
                if len(name) >= 3:
                    by_end.setdefault(name[-2:], set()).add(len(name))
            lengths = {tail: tuple(sorted(ns)) for tail, ns in by_end.items()}
            # a plain character set (the engine skips ahead fast); a name end at 0 finds no two-character key
            ends = re.compile("[" + re.escape("".join(sorted({t[-1] for t in lengths}))) + "]")
            _CACHE["d"] = Divisions(levels, lengths, ends)
    return _CACHE["d"]
