"""Fold text for matching while keeping a map back to the original offsets.

Full-width digits/letters/punctuation become ASCII, the ideographic space and other unicode
spaces become a plain space, unicode dashes become ``-`` and zero-width characters are dropped.
Recognizers match on the folded text; every offset they report is mapped back with
:meth:`Normalized.to_original` so findings always point into the original text.

>>> n = normalize("电话：１３９\u200b１２３４ ５６７８")
>>> n.text
'电话:1391234 5678'
>>> s = n.text.index("139"); e = len(n.text)
>>> n.original[n.to_original(s):n.to_original_end(e)]
'１３９\\u200b１２３４ ５６７８'
"""

from __future__ import annotations

from dataclasses import dataclass

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

_FOLD: dict[int, str] = {}
for _cp in range(0xFF01, 0xFF5F):  # full-width ASCII variants
    _FOLD[_cp] = chr(_cp - 0xFEE0)
for _ch in "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f":
    _FOLD[ord(_ch)] = " "
for _ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u30fc":
    _FOLD[ord(_ch)] = "-"
_FOLD_TABLE = str.maketrans(_FOLD)
_DROP_TABLE = str.maketrans({ord(c): None for c in _ZERO_WIDTH})


@dataclass(frozen=True)
class Normalized:
    """Folded text plus the offset map back to ``original``.

    ``index`` is ``None`` when folding kept every character in place (the common case): then
    offsets are identical in both texts.
    """

    original: str
    text: str
    index: tuple[int, ...] | None = None  # index[i] = original offset of folded char i

    def to_original(self, pos: int) -> int:
        """Original offset of the folded character at ``pos`` (a start offset)."""
        if self.index is None:
            return pos
        if pos >= len(self.index):
            return len(self.original)
        return self.index[pos]

    def to_original_end(self, end: int) -> int:
        """Original offset just after the folded character ``end - 1`` (an end offset)."""
        if self.index is None:
            return end
        if end <= 0:
            return 0
        return self.index[end - 1] + 1


def fold(text: str) -> str:
    """Width/space/dash folding only (same length as the input)."""
    return text.translate(_FOLD_TABLE)


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see the module docstring."""
    folded = text.translate(_FOLD_TABLE)
    if not any(c in folded for c in _ZERO_WIDTH):
        return Normalized(text, folded, None)
    keep = [i for i, c in enumerate(folded) if c not in _ZERO_WIDTH]
    return Normalized(text, folded.translate(_DROP_TABLE), tuple(keep))
