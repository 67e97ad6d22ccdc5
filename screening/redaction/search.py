"""Searching a text for many values at once, and span bookkeeping, in time linear in the text.

A roster redacts tens of thousands of distinct values: searching the text once per value, or
checking each occurrence against every span already taken, is quadratic. These helpers give the
same answers as the simple loops they replace (``str.find``/``str.count`` per value, a regex
alternation of the values longest first, ``any(...)`` over a list of spans) with one
Aho-Corasick pass (pyahocorasick) and per-character or bisect-sorted span tables.

>>> idx = ValueIndex(["张伟", "张伟华", "13912345678"])
>>> sorted(idx.occurrences("张伟华说张伟"))
[(0, '张伟'), (0, '张伟华'), (4, '张伟')]
>>> idx.leftmost_longest("张伟华说张伟")
[(0, 3, '张伟华'), (4, 6, '张伟')]
>>> idx.counts("张伟张伟华")
{'张伟': 2, '张伟华': 1, '13912345678': 0}
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator

import ahocorasick


class ValueIndex:
    """An Aho-Corasick automaton over a fixed set of non-empty values.

    Each value is stored as its number (its place in :attr:`values`), a C integer inside the
    automaton: no Python object per value (a roster's 400,000 values took ~45 MB more as tuples)."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values: list[str] = list(dict.fromkeys(v for v in values if v))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for k, v in enumerate(self.values):
            self._automaton.add_word(v, k)
        if self.values:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.values)

    def iter(self, text: str) -> Iterator[tuple[int, str]]:
        """``(start, value)`` of every occurrence, overlapping ones included, by end position."""
        values = self.values
        for start, k in self.iter_ids(text):
            yield start, values[k]

    def iter_ids(self, text: str) -> Iterator[tuple[int, int]]:
        """``(start, number of the value)`` of every occurrence, as :meth:`iter` (``values[number]``)."""
        if not self.values or not text:
            return
        values = self.values
        for end, k in self._automaton.iter(text):
            yield end - len(values[k]) + 1, k

    def occurrences(self, text: str) -> list[tuple[int, str]]:
        """Every occurrence as ``(start, value)``: what ``str.find(value, pos + 1)`` steps through for
        each value in turn, in one pass.

        >>> ValueIndex(["aa"]).occurrences("aaa")
        [(0, 'aa'), (1, 'aa')]
        """
        return list(self.iter(text))

    def by_value(self, text: str) -> dict[str, list[int]]:
        """Start positions of every (overlapping) occurrence, per value found, ascending."""
        out: dict[str, list[int]] = {}
        for start, value in self.iter(text):
            out.setdefault(value, []).append(start)
        for starts in out.values():
            starts.sort()
        return out

    def counts(self, text: str) -> dict[str, int]:
        """``text.count(value)`` (non-overlapping, left to right) for every value.

        >>> ValueIndex(["aa", "b"]).counts("aaaab")
        {'aa': 2, 'b': 1}
        """
        return dict(zip(self.values, self.count_ids(text), strict=True))

    def count_ids(self, text: str) -> array[int]:
        """:meth:`counts` as an array, one count per value in the order of :attr:`values`.

        >>> list(ValueIndex(["aa", "b"]).count_ids("aaaab"))
        [2, 1]
        """
        out = array("q", bytes(8 * len(self.values)))
        last_end = array("q", bytes(8 * len(self.values)))
        values = self.values
        for start, k in self.iter_ids(text):  # by end position: for one value, also by start
            if start >= last_end[k]:
                out[k] += 1
                last_end[k] = start + len(values[k])
        return out

    def leftmost_longest(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, value)`` as ``re.finditer`` of the alternation of the values, longest first,
        finds them: the leftmost match, the longest value there, then on after its end.

        >>> ValueIndex(["ab", "bcd"]).leftmost_longest("abcd bcd")
        [(0, 2, 'ab'), (5, 8, 'bcd')]
        """
        values = self.values
        return [(start, end, values[k]) for start, end, k in self.leftmost_longest_ids(text)]

    def leftmost_longest_ids(self, text: str) -> list[tuple[int, int, int]]:
        """:meth:`leftmost_longest` with each value given by its number (``values[number]``)."""
        values = self.values
        longest: dict[int, int] = {}
        for start, k in self.iter_ids(text):
            have = longest.get(start)
            if have is None or len(values[k]) > len(values[have]):
                longest[start] = k
        out, cursor = [], 0
        for start in sorted(longest):
            if start >= cursor:
                k = longest[start]
                cursor = start + len(values[k])
                out.append((start, cursor, k))
        return out


def substrings_of_any(needles: Iterable[str], haystacks: Iterable[str], sep: str = "\n") -> set[str]:
    """The needles that occur inside at least one haystack (``any(n in h for h in haystacks)`` for
    each needle, in one pass). ``sep`` must occur in no needle.

    >>> sorted(substrings_of_any(["张某", "139", "王芳"], ["张某甲", "139****5678"]))
    ['139', '张某']
    """
    index = ValueIndex(needles)
    return {value for _start, value in index.iter(sep.join(haystacks))}


class Occupied:
    """Which characters of a text are covered by taken spans: for a non-empty span,
    ``overlaps(start, end)`` is ``any(s < end and start < e for s, e in taken)``; ``add`` takes
    one more span (any span, empty or reaching outside the text, is answered exactly).

    >>> occ = Occupied(10, [(2, 4), (6, 6)])
    >>> occ.overlaps(3, 5), occ.overlaps(4, 6), occ.overlaps(5, 7)
    (True, False, True)
    >>> occ.add(8, 9); occ.overlaps(7, 9)
    True
    """

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._n = max(0, length)
        self._covered = bytearray(self._n)
        self._points: list[int] = []  # empty spans: they overlap a span strictly around them
        self._outside: list[tuple[int, int]] = []  # spans reaching outside the text, kept as they are
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        if start >= end:
            if start == end:
                bisect.insort(self._points, start)
            return  # an inverted span overlaps nothing
        lo, hi = max(0, start), min(self._n, end)
        if lo < hi:
            self._covered[lo:hi] = b"\x01" * (hi - lo)
        if start < 0 or end > self._n:
            self._outside.append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        if start >= end:
            raise ValueError("overlaps() is for a non-empty span")
        lo, hi = max(0, start), min(self._n, end)
        if lo < hi and self._covered.find(1, lo, hi) >= 0:
            return True
        if self._point_inside(start, end):
            return True
        return any(s < end and start < e for s, e in self._outside)

    def _point_inside(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._points, start)
        return i < len(self._points) and self._points[i] < end


class Containers:
    """Fixed spans (they may overlap each other): ``inside(start, end)`` is
    ``any(s <= start and end <= e for s, e in spans)``.

    >>> c = Containers([(0, 5), (2, 9), (12, 14)])
    >>> c.inside(3, 8), c.inside(1, 9), c.inside(12, 14), c.inside(10, 11)
    (True, False, True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans starting at or before
        best = None
        for _, e in ordered:
            best = e if best is None or e > best else best
            self._reach.append(best)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def inside(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end
