"""Administrative division names for the address recognizer (loaded once, thread-safe).

``recognizers/data/divisions.tsv`` (built by ``scripts/build_data.py`` from NBS 2023 codes via
modood/Administrative-divisions-of-China, WTFPL) holds ``name, level, short``.

>>> d = divisions()
>>> d.level_of("凉州区"), d.level_of("武威市")
('county', 'city')
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

DATA = Path(__file__).resolve().parent / "data" / "divisions.tsv"
LEVEL_ORDER = ("province", "city", "county", "town")


@dataclass(frozen=True)
class Divisions:
    levels: dict[str, str]  # full name -> highest level it is known at
    automaton: ahocorasick.Automaton  # full names (>= 3 characters) -> (name, level)

    def level_of(self, name: str) -> str | None:
        return self.levels.get(name)

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Non-overlapping longest division names in ``text``: ``(start, end, name, level)``."""
        hits = sorted(((e + 1 - len(n), e + 1, n, lv) for e, (n, lv) in self.automaton.iter(text)),
                      key=lambda h: (h[0], -h[1]))
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
            auto = ahocorasick.Automaton()
            for line in DATA.read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                name, level, _short = line.split("\t")
                if name not in levels or LEVEL_ORDER.index(level) < LEVEL_ORDER.index(levels[name]):
                    levels[name] = level
            for name, level in levels.items():
                if len(name) >= 3:
                    auto.add_word(name, (name, level))
            auto.make_automaton()
            _CACHE["d"] = Divisions(levels, auto)
    return _CACHE["d"]
