"""A writer's change log that builds each entry only when it is read.

A 100,000-row roster makes half a million changes; as dicts (with their location dicts) they took
~400 MB, held through the verification of the output although most runs only count them. A
:class:`ChangeLog` keeps the planned :class:`~screening.redaction.plan.Replacement` itself (already in
memory, in the plan) and calls its ``to_log()`` on access; other entries are kept as given.

>>> from screening.redaction.plan import Replacement
>>> log = ChangeLog()
>>> log.append_replacement(Replacement(0, 2, "张伟", "张某", "PERSON", "surname", {"sheet": "名单"}))
>>> log.append({"entity_type": "", "operator": "sweep", "replacement": "x", "location": {}})
>>> len(log), log[0]["replacement"], [c["operator"] for c in log], list(log[1:])[0]["operator"]
(2, '张某', ['surname', 'sweep'], 'sweep')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from screening.redaction.plan import Replacement


class ChangeLog(Sequence[dict[str, Any]]):
    """A sequence of log entries (dicts), built lazily from replacements (see the module docstring)."""

    def __init__(self, items: Iterable[dict[str, Any] | Replacement] = ()) -> None:
        self._items: list[dict[str, Any] | Replacement] = list(items)

    def append(self, entry: dict[str, Any]) -> None:
        self._items.append(entry)

    def append_replacement(self, rep: Replacement) -> None:
        self._items.append(rep)

    def extend(self, entries: Iterable[dict[str, Any]]) -> None:
        self._items.extend(entries)

    def __len__(self) -> int:
        return len(self._items)

    @staticmethod
    def _entry(item: dict[str, Any] | Replacement) -> dict[str, Any]:
        return item.to_log() if isinstance(item, Replacement) else item

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self._entry(x) for x in self._items[i]]
        return self._entry(self._items[i])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for item in self._items:
            yield self._entry(item)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]
