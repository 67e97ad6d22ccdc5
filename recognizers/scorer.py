"""One scorer for the context-dependent recognizers: a candidate's score is a sum of named features.

Each feature (a surname prior, a given-name statistic, a cue word before the candidate, a column header,
a genre rule, a veto, ...) is recorded with its value and weight, so the finding can say *why* it scored
what it scored. The engine copies the items into ``Finding.explanation_items`` (``feature``, ``value``,
``weight``), next to the human ``explanation`` string: presidio's ``AnalysisExplanation`` is the model.

>>> s = Score(0.3)
>>> s.add("cue_before", "申请人", 0.4).add("column_header", "姓名", 0.2).total
0.9
>>> s.add("veto", "公司", -2.0).total  # never below 0, never above 1
0.0
>>> [f.feature for f in s.items]
['base', 'cue_before', 'column_header', 'veto']
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Feature(NamedTuple):
    """One named contribution to a score (``value`` is what was seen: a word, a header, a statistic)."""

    feature: str
    value: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "value": self.value, "weight": round(float(self.weight), 4)}


class Score:
    """A running sum of :class:`Feature` weights, clamped to [0, 1] when read."""

    __slots__ = ("items",)

    def __init__(self, base: float = 0.0, value: str = "") -> None:
        self.items: list[Feature] = [Feature("base", value, base)] if base else []

    def add(self, feature: str, value: str, weight: float) -> Score:
        """Record one feature (chainable)."""
        self.items.append(Feature(feature, value, weight))
        return self

    @property
    def total(self) -> float:
        return round(min(1.0, max(0.0, sum(f.weight for f in self.items))), 4)

    def has(self, feature: str) -> bool:
        return any(f.feature == feature for f in self.items)
