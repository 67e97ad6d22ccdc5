"""From findings and a policy to replacements, consistent across every document of one run.

The planner sees all documents of a run at once, so:

* the same value gets the same replacement everywhere (one ID masked one way on every page: two
  differently-masked copies could be combined to rebuild the number);
* if occurrences of one value get different decisions, a specific policy ``case`` (an official's
  title, a 当事人 label) beats the base rule, and among equals redacting beats keeping;
* every other occurrence of a redacted value in the text is replaced too (``propagated``), even
  where no recognizer fired;
* ``surname`` with ``distinguish`` tells apart different people whose names would become the same
  张某 (张某甲、张某乙 or 张某1、张某2, in order of first appearance);
* an ``override`` (the reviewer's decisions, :mod:`screening.review`) can say, per finding, keep
  (``True``: the item may be published) or redact (``False``: the policy's operator, or ``label``
  when the policy would keep it); ``None`` leaves the policy to decide. A kept item is its own
  group, so other occurrences of the same value are still decided (and propagated) by the policy.

>>> from screening.findings import Finding, Severity
>>> from screening.redaction.policy import load_policy
>>> text = "申请人张伟，电话13912345678。张伟表示同意。"
>>> fs = [Finding("PERSON", 3, 5, "张伟", 0.9, Severity.HIGH, "r"),
...       Finding("PHONE_NUMBER", 8, 19, "13912345678", 0.9, Severity.HIGH, "r")]
>>> plan = Planner(load_policy("publication")).plan([PlanInput("a", text, fs)])[0]
>>> plan.apply()
'申请人张某，电话139****5678。张某表示同意。'
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from screening.documents.model import Document
from screening.findings import HYGIENE_TYPES, Finding, Severity  # noqa: F401 - Severity: doctests
from screening.normalize import fold
from screening.redaction.operators import OperatorContext, apply_operator
from screening.redaction.policy import Action, Policy
from screening.redaction.search import Occupied, ValueIndex
from screening.scanned import locate

if TYPE_CHECKING:
    from screening.redaction.replacements import ReplacementList

_JIA_YI = "甲乙丙丁戊己庚辛壬癸"
MIN_PROPAGATE = 2  # never propagate one-character values


_SPACES = re.compile(r"\s+")  # ``\s`` of a str pattern is exactly ``str.isspace`` (what ``split()`` cuts at)
_NON_SPACE = re.compile(r"\S+")
#: :func:`~screening.normalize.fold` as a ``str.translate`` table of the BMP (a code point past it
#: maps to itself, as in ``fold``): one C pass, without a dict lookup per character
_FOLD_BMP = "".join(fold(chr(i)) for i in range(0x10000))
_LONG = 256  # from this length the regex and table paths beat split/join


def squeeze(value: str) -> str:
    """The comparison form of a value: width-folded, without any whitespace.

    ``fold`` maps a space only to a space and anything else never to one, so whitespace can be
    dropped before folding; a long text (a 4 MB window of sheet XML) takes one regex pass and one
    table translate instead of split, join and a dict lookup per character.

    >>> squeeze("１３９ 1234\\n5678")
    '13912345678'
    """
    if len(value) < _LONG:
        return "".join(fold(value).split())
    return _SPACES.sub("", value).translate(_FOLD_BMP)


class NonSpace:
    """A text without its whitespace, folded (:func:`squeeze`), and the map from an offset in it
    back to the original text -- kept as the runs of non-space characters, not a list with one
    int per character (a batch of 500 roster rows has no whitespace at all).

    >>> ns = NonSpace("张 伟和\\n张伟")
    >>> ns.stream, [ns.original(i) for i in range(len(ns.stream))]
    ('张伟和张伟', [0, 2, 3, 5, 6])
    """

    __slots__ = ("stream", "_starts", "_at")

    def __init__(self, text: str) -> None:
        if _SPACES.search(text) is None:
            self.stream = squeeze(text)
            self._starts: list[int] | None = None
            self._at: list[int] = []
            return
        starts, at, n = [], [], 0
        for m in _NON_SPACE.finditer(text):
            starts.append(n)  # offset in the stream where this run begins
            at.append(m.start())  # ... and in the text
            n += m.end() - m.start()
        self.stream = squeeze(text)
        self._starts, self._at = starts, at

    def original(self, i: int) -> int:
        """The text offset of stream character ``i``."""
        if self._starts is None:
            return i
        k = bisect.bisect_right(self._starts, i) - 1
        return self._at[k] + i - self._starts[k]


def find_squeezed(text: str, value: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that read ``value`` once whitespace is ignored and widths are folded
    (non-overlapping, left to right).

    >>> find_squeezed("电话 139 1234\\n5678 止", "13912345678")
    [(3, 16)]
    """
    return SqueezedText(text).find_all([value]).get(value, [])


class SqueezedText:
    """A text in its squeezed form (:func:`squeeze`), mapped back to the original offsets.

    >>> SqueezedText("张 伟和张伟").find_all(["张伟", "李四"])
    {'张伟': [(0, 3), (4, 6)]}
    """

    def __init__(self, text: str) -> None:
        self._map = NonSpace(text)
        self.stream = self._map.stream

    def find_all(self, values: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        """Per value found: its non-overlapping occurrences left to right (as ``str.find`` stepping
        past each match finds them), as original spans, first to last character."""
        out: dict[str, list[tuple[int, int]]] = {}
        for value, starts in ValueIndex(values).by_value(self.stream).items():
            spans, cursor = [], 0
            for at in starts:
                if at >= cursor:
                    cursor = at + len(value)
                    spans.append((self._map.original(at), self._map.original(cursor - 1) + 1))
            out[value] = spans
        return out


@dataclass(frozen=True, slots=True)  # slots: a roster plans half a million
class Replacement:
    """Replace ``text[start:end]`` (== ``original``) by ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str
    entity_type: str
    operator: str
    location: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    fingerprint: str = ""
    propagated: bool = False

    def to_log(self) -> dict[str, Any]:
        """The log entry: never the original value (nor a comment author's name in the location)."""
        return {"entity_type": self.entity_type, "operator": self.operator, "start": self.start,
                "end": self.end, "replacement": self.replacement, "location": log_location(self.location),
                "fingerprint": self.fingerprint, "propagated": self.propagated}


#: location keys that can hold personal data (a comment's author): never written to the log
PRIVATE_LOCATION_KEYS = frozenset({"author", "initials", "text", "value", "user", "display_name"})


def log_location(location: dict[str, Any]) -> dict[str, Any]:
    """A location safe for the redaction log.

    >>> log_location({"part": "comment", "author": "科员乙", "comment_id": "0"})
    {'part': 'comment', 'comment_id': '0'}
    """
    return {k: v for k, v in location.items() if k not in PRIVATE_LOCATION_KEYS}


@dataclass
class PlanInput:
    """One document of a run: an id (its path), its text (or a read Document), its findings."""

    doc_id: str
    text: str | Document
    findings: list[Finding]


@dataclass
class DocumentPlan:
    """The replacements of one document (sorted, non-overlapping), the findings kept, the document.

    ``replacements`` is stored as a :class:`~screening.redaction.replacements.ReplacementList` (a
    list given is converted): a sequence of :class:`Replacement` kept column-wise."""

    doc_id: str
    text: str
    replacements: ReplacementList
    kept: list[Finding]
    document: Document | None = None

    def __post_init__(self) -> None:
        from screening.redaction.replacements import as_replacement_list

        self.replacements = as_replacement_list(self.text, self.replacements)

    def apply(self, text: str | None = None) -> str:
        """The redacted text (``text`` defaults to the planned text)."""
        src = self.text if text is None else text
        out, pos = [], 0
        for start, end, new in self.replacements.edits():
            out.append(src[pos:start])
            out.append(new)
            pos = end
        out.append(src[pos:])
        return "".join(out)

    @property
    def value_map(self) -> dict[str, str]:
        """original -> replacement for every redacted occurrence text, longest first, plus the
        kept values mapped to themselves (so a kept 张伟华 is not cut by a redacted 张伟)."""
        return self.value_map_and_kinds(None)

    def value_map_and_kinds(self, kinds: dict[str, tuple[str, str]] | None) -> dict[str, str]:
        """:attr:`value_map`; ``kinds`` (when given) is filled with each redacted value's
        ``(entity type, operator)``, its last replacement's (one string per value serves both)."""
        pairs: dict[str, str] = {}
        for f in self.kept:
            if len(f.text) >= MIN_PROPAGATE:
                pairs.setdefault(f.text, f.text)
        reps = self.replacements
        for i, original in enumerate(reps.originals()):
            if original.strip():
                pairs[original] = reps.replacement_of(i)
            if kinds is not None:
                kinds[original] = reps.kind_of(i)
        return {k: pairs[k] for k in sorted(pairs, key=len, reverse=True)}  # (a stable sort)

    @property
    def redacted_values(self) -> set[str]:
        return {o for o in self.replacements.originals() if squeeze(o)}


#: per finding: True keep (the reviewer published it), False redact, None the policy decides
Override = Callable[[Finding], "bool | None"]


class Planner:
    """Turns findings into replacements under one policy, consistently across documents.

    >>> from screening.redaction.policy import load_policy
    >>> fs = [Finding("PERSON", 0, 2, "张伟", 0.9, Severity.HIGH, "r"),
    ...       Finding("PERSON", 5, 7, "张伟", 0.9, Severity.HIGH, "r")]
    >>> keep_first = lambda f: True if f.start == 0 else None
    >>> Planner(load_policy("publication"), override=keep_first).plan([PlanInput("a", "张伟发言，张伟同意", fs)])[0].apply()
    '张伟发言，张某同意'
    """

    def __init__(self, policy: Policy, key: bytes | None = None, override: Override | None = None) -> None:
        self.policy = policy
        self.key = key
        self.override = override
        self._choices: dict[int, bool | None] = {}

    def _choice(self, f: Finding) -> bool | None:
        if self.override is None:
            return None
        if id(f) not in self._choices:
            self._choices[id(f)] = self.override(f)
        return self._choices[id(f)]

    def _resolve(self, f: Finding) -> tuple[Action, bool]:
        """The policy's action for ``f`` unless the override decides (then it counts as specific)."""
        choice = self._choice(f)
        action, specific = self.policy.resolve(f)
        if choice is None or f.entity_type in HYGIENE_TYPES or f.start < 0:
            return action, specific
        if choice:
            return Action("keep"), True
        return (action if not action.keeps else _redacting_action(self.policy, f)), True

    def plan(self, inputs: list[PlanInput], *, release: bool = False) -> list[DocumentPlan]:
        """One plan per input, decided run-wide. ``release``: the inputs' findings are dropped as soon
        as they are grouped (``item.findings`` becomes empty) and each document's groups once its
        replacements are staged, so a roster's half a million findings (and their groups) are gone
        before the other occurrences are searched; only what writing needs is kept (the
        replacements, the kept findings, the document)."""
        self._choices = {}
        # each finding's group, computed once (an item the override keeps is a group of its own)
        grouped: list[Any] = []
        for item in inputs:
            grouped.append(_grouped(item.findings, self._choice if self.override else None))
            if release:
                item.findings = []
        decisions = self._decide(grouped)
        names = self._distinguish(grouped, decisions)
        self._choices = {}
        cache: dict[tuple[str, str, str], str] = {}
        staged = []
        for k, item in enumerate(inputs):
            doc = item.text if isinstance(item.text, Document) else None
            text = doc.text if doc is not None else str(item.text)
            reps, kept = self._stage(text, grouped[k], decisions, names, cache)
            if release:
                grouped[k] = None  # this document's findings and groups: no longer needed
            staged.append((item.doc_id, doc, text, reps, kept))
        # a roster's groups, decisions and operator cache (a few hundred MB) are not held while the
        # other occurrences are searched (an automaton of every redacted value)
        del grouped, decisions, names, cache
        values = _RunValues.of_lists([reps for *_, reps, _kept in staged])
        plans = []
        for doc_id, doc, text, reps, kept in staged:
            extra = _propagate(text, reps, kept, doc, values)
            plans.append(DocumentPlan(doc_id, text, _merge(text, reps + extra if extra else reps), kept, doc))
        return plans

    def _stage(self, text: str, pairs: list[tuple[Finding, Group]], decisions: dict[Group, Decision],
               names: dict[Group, str], cache: dict[tuple[str, str, str], str]) -> tuple[ReplacementList, list[Finding]]:
        """The replacements (stored column-wise as they are made) and the kept findings of one
        document's grouped findings."""
        from screening.redaction.replacements import ReplacementList

        reps = ReplacementList(text)
        kept: list[Finding] = []
        for f, g in pairs:
            _rank, action, first = decisions[g]
            if action.keeps:
                kept.append(f)
                continue
            value = f.text  # (a scanned finding's text is a new slice on each access: read once)
            if value == g[1]:
                value = g[1]  # the group's squeezed value is the same text: one string, not two
            key = (f.entity_type, g[1], value)
            new = cache.get(key)
            if new is None:
                new = cache[key] = names.get(g) or apply_operator(
                    action.operator, value, action.params,
                    OperatorContext(f.entity_type, dict(first.attributes), self.key))
            if new == value:
                kept.append(f)
                continue
            reps.add(f.start, f.end, value, new, f.entity_type, action.operator, _location_of(f), f.fingerprint)
        return reps, kept

    def extend(self, plan: DocumentPlan, findings: list[Finding]) -> DocumentPlan | None:
        """A plan that also replaces ``findings`` (found by the re-scan of an output, e.g. a number the
        input scan missed), at every place their value occurs in the input text. ``None`` when no
        occurrence can be placed: the output cannot be fixed by another pass."""
        extra: list[Replacement] = []
        taken = Occupied(len(plan.text), plan.replacements.spans())
        todo = []
        for f in _text_findings(findings):
            action = self._resolve(f)[0]
            if not action.keeps:
                todo.append((f, action))
        squeezed = SqueezedText(plan.text)
        spans = squeezed.find_all(squeeze(f.text) for f, _ in todo)
        for f, action in todo:
            new = apply_operator(action.operator, f.text, action.params,
                                 OperatorContext(f.entity_type, dict(f.attributes), self.key))
            for start, end in spans.get(squeeze(f.text), []):
                if taken.overlaps(start, end):
                    continue
                original = plan.text[start:end]
                extra.append(Replacement(start, end, original, new, f.entity_type, action.operator,
                                         locate(plan.document, start, end), f.fingerprint, propagated=True))
                taken.add(start, end)
        if not extra:
            return None
        return DocumentPlan(plan.doc_id, plan.text, _merge(plan.text, plan.replacements + extra), plan.kept,
                            plan.document)

    # -- decisions ----------------------------------------------------------------------------------
    def _decide(self, grouped: list[list[tuple[Finding, Group]]]) -> dict[Group, Decision]:
        """Per group: its rank, the action and the finding that decided it."""
        best: dict[Group, Decision] = {}
        for pairs in grouped:
            for f, g in pairs:
                action, specific = self._resolve(f)
                # The most severe reading of a value decides (a number that is a private person's
                # somewhere is masked everywhere); among equally severe readings a specific case
                # beats the base rule (penalty: the named party is kept), then redacting beats keeping.
                # (severity, specific, redacts) compared in one small integer: the flags are 0 or 1
                rank = int(f.severity) * 4 + int(specific) * 2 + int(not action.keeps)
                have = best.get(g)
                if have is None or rank > have[0]:
                    best[g] = (rank, action, f)
        return best

    def _distinguish(self, grouped: list[list[tuple[Finding, Group]]], decisions: dict[Group, Decision]
                     ) -> dict[Group, str]:
        """张某甲/张某乙 for different people who would both become 张某."""
        by_base: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        mode_of: dict[str, str] = {}
        for pairs in grouped:
            for f, g in pairs:
                _rank, action, first = decisions[g]
                mode = action.params.get("distinguish", "none")
                if action.operator != "surname" or mode == "none":
                    continue
                base = apply_operator("surname", first.text, action.params,
                                      OperatorContext(f.entity_type, dict(first.attributes), self.key))
                if g not in by_base[base]:
                    by_base[base].append(g)
                    mode_of[base] = mode
        out: dict[tuple[str, str, str], str] = {}
        for base, groups in by_base.items():
            if len(groups) < 2:
                continue
            for i, g in enumerate(groups):
                tag = _JIA_YI[i] if mode_of[base] == "jia_yi" and i < len(_JIA_YI) else str(i + 1)
                out[g] = base + tag
        return out


class LazyLocation(Mapping[str, Any]):
    """A scanned finding's location, built from its document when read (a roster plans half a
    million replacements: as dicts their locations took ~250 MB). Read-only; pickles and compares as
    the dict it stands for.

    >>> from screening.documents.model import Document, Segment
    >>> from screening.scanned import ScanSource
    >>> doc = Document(path=None, format="text", segments=[Segment("ab", {"part": "body"}), Segment("cd", {"part": "x"})])
    >>> loc = LazyLocation(ScanSource(doc, None, lambda *a: ""), 3, 4)
    >>> loc == {"part": "x", "offset": [0, 1]}, loc["part"], "offset" in loc, dict(loc)["offset"]
    (True, 'x', True, [0, 1])
    """

    __slots__ = ("_source", "_start", "_end")

    def __init__(self, source: Any, start: int, end: int) -> None:
        self._source, self._start, self._end = source, start, end

    def _built(self) -> dict[str, Any]:
        # consumers read a location several times in a row (``dict(loc)`` asks for its keys, then
        # each key): the last one built is kept (one dict, so memory stays bounded)
        last = _LAST_LOCATION[0]  # one (location, dict) pair, swapped whole: safe across threads
        if last[0] is self:
            return last[1]  # type: ignore[no-any-return]
        built = self._source.location(self._start, self._end)
        _LAST_LOCATION[0] = (self, built)
        return built

    def keys(self) -> Any:
        return self._built().keys()

    def items(self) -> Any:
        return self._built().items()

    def parts(self) -> tuple[Any, int, int]:
        """``(source, start, end)``: what the location is built from."""
        return self._source, self._start, self._end

    def to_dict(self) -> dict[str, Any]:
        """A plain copy (what ``dict(loc)`` gives, built once)."""
        return dict(self._built())

    def __getitem__(self, key: str) -> Any:
        return self._built()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._built()

    def get(self, key: str, default: Any = None) -> Any:
        return self._built().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())

    def __repr__(self) -> str:
        return repr(self._built())

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self._built(),))


_LAST_LOCATION: list[tuple[Any, Any]] = [(None, None)]  # (the LazyLocation, its dict) last built


def _location_of(f: Finding) -> Mapping[str, Any]:
    source = getattr(f, "_source", None)
    if source is not None and hasattr(source, "location"):
        return LazyLocation(source, f.start, f.end)
    return dict(f.location)


def _text_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.start >= 0 and f.end > f.start and f.entity_type not in HYGIENE_TYPES]


Group = tuple[str, str, str]  # (entity type, squeezed value, role)
Decision = tuple[int, Action, Finding]  # (rank, action, the finding that decided it)


def _group(f: Finding) -> Group:
    # An official and a private person may share a name: they are decided separately.
    return (f.entity_type, squeeze(f.text), str(f.attributes.get("role", "")))


def _grouped(findings: list[Finding], choice: Override | None = None) -> list[tuple[Finding, Group]]:
    if choice is None:
        return [(f, _group(f)) for f in _text_findings(findings)]
    out = []
    for f in _text_findings(findings):
        et, value, role = _group(f)
        out.append((f, (et, value, role + "\x1fkept") if choice(f) is True else (et, value, role)))
    return out


def _redacting_action(policy: Policy, f: Finding) -> Action:
    """The operator a reviewer's "redact" applies where the policy would keep the finding: the
    entity type's base operator, else the policy default's, else ``label``."""
    rule = policy.rules.get(f.entity_type, policy.default)
    for action in (rule.action, *(c.action for c in rule.cases), policy.default.action):
        if not action.keeps:
            return action
    return Action("label")


class _RunValues:
    """Every value redacted anywhere in the run, longest first and in the run's order among equals,
    each numbered by its place in that order (its number in ``index``), with its first replacement."""

    def __init__(self, ordered: list[str], first: Sequence[Any], lookup: Callable[[Any], Replacement]) -> None:
        self.index = ValueIndex(ordered)  # (no duplicates: value k of the index is ordered[k])
        self._first, self._lookup = first, lookup

    @classmethod
    def of_lists(cls, lists: list[ReplacementList]) -> _RunValues:
        """The values (two characters or more) of the run's documents' replacements: each value's first
        replacement kept as its document and entry, packed in one integer (no object per value)."""
        first: dict[str, int] = {}
        for k, reps in enumerate(lists):
            for i, original in enumerate(reps.originals()):
                if len(original.strip()) >= MIN_PROPAGATE and original not in first:
                    first[original] = (k << 32) | i
        ordered = sorted(first, key=len, reverse=True)
        refs = array("q", [first[v] for v in ordered])
        del first
        return cls(ordered, refs, lambda ref: lists[ref >> 32][ref & 0xFFFFFFFF])

    @classmethod
    def of(cls, seen: dict[str, Replacement]) -> _RunValues:
        """The values of ``seen`` (value -> its first replacement)."""
        ordered = sorted(seen, key=len, reverse=True)
        return cls(ordered, [seen[v] for v in ordered], lambda r: r)

    def first(self, k: int) -> Replacement:
        """The first replacement of value ``k``."""
        return self._lookup(self._first[k])


def _propagate(text: str, reps: ReplacementList, kept: list[Finding], doc: Document | None,
               run: _RunValues) -> list[Replacement]:
    """Every other occurrence of a value redacted anywhere in the run gets the same replacement:
    longer values first (in the run's order among equals), each occurrence left to right, unless it
    overlaps a span already taken (a finding, a kept value, an earlier propagated occurrence)."""
    taken = Occupied(len(text), itertools.chain(reps.spans(), ((f.start, f.end) for f in kept)))
    values = run.index.values
    # an occurrence overlapping a span taken already stays taken (spans are only ever added): left
    # out before the sort (in a roster nearly every occurrence is a finding itself)
    free = [(start, k) for start, k in run.index.iter_ids(text) if not taken.overlaps(start, start + len(values[k]))]
    found = sorted(free, key=lambda o: (o[1], o[0]))  # by the value's place in the run's order, then left to right
    extra: list[Replacement] = []
    for pos, k in found:
        value = values[k]
        end = pos + len(value)
        if not taken.overlaps(pos, end):
            r = run.first(k)
            extra.append(Replacement(pos, end, value, r.replacement, r.entity_type, r.operator,
                                     locate(doc, pos, end), r.fingerprint, propagated=True))
            taken.add(pos, end)
    return extra


def _merge(text: str, reps: Iterable[Replacement]) -> ReplacementList:
    """Sorted, non-overlapping replacements; overlapping ones become one covering both (``reps``
    itself when it is sorted and without overlaps already, as a scanned document's are)."""
    from screening.redaction.replacements import ReplacementList, as_replacement_list

    reps = as_replacement_list(text, list(reps) if not isinstance(reps, ReplacementList) else reps)
    order = reps.sorted_order()
    if reps.is_merged(order):
        return reps
    out = ReplacementList(text)
    last_end = 0
    for i in order:
        start, end = reps.span_of(i)
        if out and start < last_end:
            if end <= last_end:
                continue
            prev, r = out.pop(), reps[i]
            longer = prev if prev.end - prev.start >= r.end - r.start else r
            out.append(Replacement(prev.start, r.end, text[prev.start : r.end], longer.replacement,
                                   longer.entity_type, longer.operator, prev.location, longer.fingerprint,
                                   prev.propagated and r.propagated))
        else:
            out.copy_entry(reps, i)
        last_end = end
    return out
