"""A writer's change log that builds each entry only when it is read.

A 100,000-row roster makes half a million changes; as dicts (with their location dicts) they took
~400 MB, held through the verification of the output although most runs only count them. A
:class:`ChangeLog` keeps a planned replacement as its number in the plan's replacements
(``planned``, :meth:`append_planned`: 8 bytes) and builds its entry on access (the
:class:`~screening.redaction.replacements.ReplacementList`'s ``log_entry``, else ``to_log()``);
other entries are kept as given (a :class:`~screening.redaction.plan.Replacement` as its ``to_log()``).

>>> from screening.redaction.plan import Replacement
>>> log = ChangeLog()
>>> log.append_replacement(Replacement(0, 2, "张伟", "张某", "PERSON", "surname", {"sheet": "名单"}))
>>> log.append({"entity_type": "", "operator": "sweep", "replacement": "x", "location": {}})
>>> len(log), log[0]["replacement"], [c["operator"] for c in log], list(log[1:])[0]["operator"]
(2, '张某', ['surname', 'sweep'], 'sweep')
>>> planned = [Replacement(3, 5, "李四", "李某", "PERSON", "surname")]
>>> log = ChangeLog(planned=planned)
>>> log.append_planned(0); log[0] == planned[0].to_log()
True
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from screening.redaction.plan import Replacement


class ChangeLog(Sequence[dict[str, Any]]):
    """A sequence of log entries (dicts), built lazily from replacements (see the module docstring)."""

    def __init__(self, items: Iterable[dict[str, Any] | Replacement] = (),
                 planned: Sequence[Replacement] | None = None) -> None:
        self._items: list[dict[str, Any] | Replacement] = []
        self._codes = array("q")  # per entry: >= 0 its number in ``planned``, < 0 -(1 + its place in _items)
        self._planned = planned
        for item in items:
            self._add(item)

    def _add(self, item: dict[str, Any] | Replacement) -> None:
        self._items.append(item)
        self._codes.append(-len(self._items))

    def append(self, entry: dict[str, Any]) -> None:
        self._add(entry)

    def append_replacement(self, rep: Replacement) -> None:
        self._add(rep)

    def append_planned(self, i: int) -> None:
        """The change of entry ``i`` of the plan's replacements (``planned``)."""
        if self._planned is None:
            raise ValueError("ChangeLog.append_planned: the log has no planned replacements")
        self._codes.append(i)

    def extend(self, entries: Iterable[dict[str, Any]]) -> None:
        for entry in entries:
            self._add(entry)

    def __len__(self) -> int:
        return len(self._codes)

    def _entry(self, code: int) -> dict[str, Any]:
        if code >= 0:
            planned = self._planned
            log = getattr(planned, "log_entry", None)
            return log(code) if log is not None else planned[code].to_log()  # type: ignore[index]
        item = self._items[-code - 1]
        return item.to_log() if isinstance(item, Replacement) else item

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self._entry(c) for c in self._codes[i]]
        return self._entry(self._codes[i])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for code in self._codes:
            yield self._entry(code)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:  # pickles as its entries (not the plan they come from)
        return (ChangeLog, (list(self),))
