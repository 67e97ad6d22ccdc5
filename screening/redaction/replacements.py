"""A document plan's replacements stored column-wise.

A 100,000-row roster plans half a million replacements. As objects -- a :class:`Replacement`, its
lazy location, its original value and its fingerprint each a string of its own -- they took ~400
bytes apiece, ~210 MB held from the plan through writing and verification. :class:`ReplacementList`
keeps one as a few array entries (offsets, the (type, operator) pair as a small number, the
fingerprint's 12 bytes, flags: ~40 bytes) and the replacement string (shared between equal ones):

* the original value is the planned text at the replacement's offsets (it is only stored when it
  is not, e.g. a replacement built by hand);
* the location of a scanned finding is built from the document when asked (the one scan source
  of the list, as :class:`~screening.redaction.plan.LazyLocation` does); any other location is
  stored as it is.

It is a ``Sequence`` of :class:`Replacement` (each built on access, equal to the one appended);
the writers' and the verification's loops over every replacement read the columns instead
(:meth:`edits`, :meth:`originals`, :meth:`replacement_of`, :meth:`log_entry` ...).

>>> text = "申请人张伟，电话13912345678。"
>>> reps = ReplacementList(text)
>>> first = Replacement(3, 5, "张伟", "张某", "PERSON", "surname", {"part": "body"}, "0123456789abcdef01234567")
>>> reps.append(first)
>>> reps.append(Replacement(8, 19, "13912345678", "[电话]", "PHONE_NUMBER", "label"))
>>> len(reps), reps[0] == first, reps[0].fingerprint, reps[0].location
(2, True, '0123456789abcdef01234567', {'part': 'body'})
>>> list(reps.edits()), reps.log_entry(1) == reps[1].to_log()
([(3, 5, '张某'), (8, 19, '[电话]')], True)
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from screening.redaction.plan import LazyLocation, Replacement, log_location

_PROPAGATED = 1  # flag bits
_ASIDE = 2  # some field is stored in ``_aside`` (an original, fingerprint or location of its own)
_FP_BYTES = 12  # a fingerprint of 24 lowercase hex digits (the engine's) packed
_NO_FP = bytes(_FP_BYTES)


def _packed_fingerprint(fp: str) -> bytes | None:
    if len(fp) != 2 * _FP_BYTES:
        return None
    try:
        packed = bytes.fromhex(fp)
    except ValueError:
        return None
    return packed if packed.hex() == fp else None


class ReplacementList(Sequence[Replacement]):
    """Replacements of one planned text, column-wise (see the module docstring)."""

    def __init__(self, text: str, items: Iterable[Replacement] = (), *, locations: bool = True) -> None:
        self.text = text
        self._starts = array("q")
        self._ends = array("q")
        self._new: list[str] = []
        self._kind = array("H")  # index into _kinds
        self._kinds: list[tuple[str, str]] = []
        self._kind_ids: dict[tuple[str, str], int] = {}
        self._fp = bytearray()
        self._flags = bytearray()
        self._aside: dict[int, dict[str, Any]] = {}
        self._source: Any = None  # the scan source of the lazy locations
        #: False: every location not stored aside reads as empty (an embedded package's plan)
        self._locations = locations
        for r in items:
            self.append(r)

    # -- building ---------------------------------------------------------------------------------
    def add(self, start: int, end: int, original: str, replacement: str, entity_type: str, operator: str,
            location: Any = None, fingerprint: str = "", propagated: bool = False) -> None:
        """Append a replacement given by its fields (no :class:`Replacement` built)."""
        aside: dict[str, Any] = {}
        if self.text[start:end] != original:
            aside["original"] = original
        packed = _packed_fingerprint(fingerprint)
        if packed is None:
            aside["fingerprint"] = fingerprint
        if not self._lazy(location, start, end):
            aside["location"] = {} if location is None else location
        key = (entity_type, operator)
        kind = self._kind_ids.get(key)
        if kind is None:
            kind = self._kind_ids[key] = len(self._kinds)
            self._kinds.append(key)
        if aside:
            self._aside[len(self._starts)] = aside
        self._starts.append(start)
        self._ends.append(end)
        self._new.append(replacement)
        self._kind.append(kind)
        self._fp += packed or _NO_FP
        self._flags.append((_PROPAGATED if propagated else 0) | (_ASIDE if aside else 0))

    def _lazy(self, location: Any, start: int, end: int) -> bool:
        """Does entry ``[start, end)`` read ``location`` without storing it: the lazy location of
        that span in this list's scan source (adopted when the list has none yet), or an empty one in
        a list without locations?"""
        if not self._locations:
            return not location
        if not isinstance(location, LazyLocation):
            return False
        source, s, e = location.parts()
        if s != start or e != end:
            return False
        if self._source is None:
            self._source = source
        return source is self._source

    def append(self, r: Replacement) -> None:
        self.add(r.start, r.end, r.original, r.replacement, r.entity_type, r.operator, r.location, r.fingerprint,
                 r.propagated)

    def extend(self, items: Iterable[Replacement]) -> None:
        for r in items:
            self.append(r)

    def copy_entry(self, other: ReplacementList, i: int) -> None:
        """Append entry ``i`` of ``other`` (a list of the same text) without building it."""
        if other is self or other.text is not self.text or other._locations != self._locations or \
                not (other._source is None or self._source is None or other._source is self._source):
            self.append(other[i])
            return
        if self._source is None:
            self._source = other._source
        key = other._kinds[other._kind[i]]
        kind = self._kind_ids.get(key)
        if kind is None:
            kind = self._kind_ids[key] = len(self._kinds)
            self._kinds.append(key)
        if other._flags[i] & _ASIDE:
            self._aside[len(self._starts)] = other._aside[i]
        self._starts.append(other._starts[i])
        self._ends.append(other._ends[i])
        self._new.append(other._new[i])
        self._kind.append(kind)
        self._fp += other._fp[i * _FP_BYTES:(i + 1) * _FP_BYTES]
        self._flags.append(other._flags[i])

    def pop(self) -> Replacement:
        """Remove the last replacement and return it."""
        r = self[-1]
        n = len(self._starts) - 1
        self._aside.pop(n, None)
        for col in (self._starts, self._ends, self._new, self._kind, self._flags):
            col.pop()
        del self._fp[n * _FP_BYTES:]
        return r

    def copy(self, *, locations: bool | None = None) -> ReplacementList:
        """A copy; ``locations=False``: with every location empty (``{}``)."""
        if locations is False and self._locations:
            return ReplacementList(self.text, (self._built(i, {}) for i in range(len(self))), locations=False)
        out = ReplacementList(self.text, locations=self._locations)
        out._starts, out._ends, out._new = array("q", self._starts), array("q", self._ends), list(self._new)
        out._kind, out._kinds, out._kind_ids = array("H", self._kind), list(self._kinds), dict(self._kind_ids)
        out._fp, out._flags, out._aside = bytearray(self._fp), bytearray(self._flags), dict(self._aside)
        out._source = self._source
        return out

    # -- the columns --------------------------------------------------------------------------------
    def _field(self, i: int, name: str) -> Any:
        """A field stored aside for entry ``i`` (``None``: not stored there)."""
        if not self._flags[i] & _ASIDE:
            return None
        return self._aside[i].get(name)

    def original_of(self, i: int) -> str:
        stored = self._field(i, "original")
        return self.text[self._starts[i]:self._ends[i]] if stored is None else stored  # type: ignore[no-any-return]

    def replacement_of(self, i: int) -> str:
        return self._new[i]

    def kind_of(self, i: int) -> tuple[str, str]:
        """``(entity type, operator)`` of entry ``i``."""
        return self._kinds[self._kind[i]]

    def fingerprint_of(self, i: int) -> str:
        stored = self._field(i, "fingerprint")
        return self._fp[i * _FP_BYTES:(i + 1) * _FP_BYTES].hex() if stored is None else stored  # type: ignore[no-any-return]

    def location_of(self, i: int) -> Any:
        if self._flags[i] & _ASIDE and "location" in self._aside[i]:
            return self._aside[i]["location"]
        if not self._locations:
            return {}
        return LazyLocation(self._source, self._starts[i], self._ends[i])

    def lazy_location(self, i: int) -> tuple[Any, int, int] | None:
        """``(source, start, end)`` when entry ``i``'s location is built from the scan source (None:
        a location of its own, :meth:`location_of`)."""
        if not self._locations or self._flags[i] & _ASIDE and "location" in self._aside[i]:
            return None
        return self._source, self._starts[i], self._ends[i]

    def span_of(self, i: int) -> tuple[int, int]:
        return self._starts[i], self._ends[i]

    def spans(self) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of every replacement."""
        return zip(self._starts, self._ends, strict=True)

    def edits(self) -> Iterator[tuple[int, int, str]]:
        """``(start, end, replacement)`` of every replacement."""
        return zip(self._starts, self._ends, self._new, strict=True)

    def originals(self) -> Iterator[str]:
        for i in range(len(self._starts)):
            yield self.original_of(i)

    def replacements(self) -> Iterator[str]:
        return iter(self._new)

    def log_entry(self, i: int) -> dict[str, Any]:
        """``self[i].to_log()``, without building the replacement."""
        et, op = self.kind_of(i)
        return {"entity_type": et, "operator": op, "start": self._starts[i], "end": self._ends[i],
                "replacement": self._new[i], "location": log_location(self.location_of(i)),
                "fingerprint": self.fingerprint_of(i), "propagated": bool(self._flags[i] & _PROPAGATED)}

    # -- Sequence ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._starts)

    def _built(self, i: int, location: Any = None) -> Replacement:
        et, op = self._kinds[self._kind[i]]
        return Replacement(self._starts[i], self._ends[i], self.original_of(i), self._new[i], et, op,
                           self.location_of(i) if location is None else location, self.fingerprint_of(i),
                           bool(self._flags[i] & _PROPAGATED))

    @overload
    def __getitem__(self, i: int) -> Replacement: ...

    @overload
    def __getitem__(self, i: slice) -> list[Replacement]: ...

    def __getitem__(self, i: int | slice) -> Replacement | list[Replacement]:
        if isinstance(i, slice):
            return [self._built(k) for k in range(*i.indices(len(self)))]
        n = len(self._starts)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("replacement index out of range")
        return self._built(i)

    def __iter__(self) -> Iterator[Replacement]:
        for i in range(len(self._starts)):
            yield self._built(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Iterable[Replacement]) -> ReplacementList:
        out = self.copy()
        out.extend(other)
        return out

    def __radd__(self, other: Iterable[Replacement]) -> list[Replacement]:
        return [*other, *self]

    def __repr__(self) -> str:
        return f"ReplacementList({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (self.text, list(self), self._locations))

    def sorted_order(self) -> Sequence[int]:
        """The entries' order by start, the longer first at the same start (a stable sort): ``range``
        when they are in that order already (a scanned document's findings are)."""
        starts, ends = self._starts, self._ends
        n = len(starts)
        if all(starts[k] < starts[k + 1] or starts[k] == starts[k + 1] and ends[k] >= ends[k + 1]
               for k in range(n - 1)):
            return range(n)
        return sorted(range(n), key=lambda k: (starts[k], starts[k] - ends[k]))

    def is_merged(self, order: Sequence[int] | None = None) -> bool:
        """In order (``order``: :meth:`sorted_order`, given when known) and without overlaps."""
        if not isinstance(self.sorted_order() if order is None else order, range):
            return False
        starts, ends = self._starts, self._ends
        return all(starts[k + 1] >= ends[k] for k in range(len(starts) - 1))


def _rebuilt(text: str, items: list[Replacement], locations: bool) -> ReplacementList:
    return ReplacementList(text, items, locations=locations)


def as_replacement_list(text: str, items: Sequence[Replacement]) -> ReplacementList:
    """``items`` as a :class:`ReplacementList` of ``text`` (itself when it already is one)."""
    if isinstance(items, ReplacementList) and (items.text is text or items.text == text):
        return items
    return ReplacementList(text, items)


__all__ = ["ReplacementList", "as_replacement_list"]
