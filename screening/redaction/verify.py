"""Built-in verification: re-read the output, re-scan it, and search every part of the file for
every original redacted value.

Three checks, each naming the place of a residue (never the value itself):

1. **re-read**: the output is read with the normal reader; a redacted value may occur in its
   text only as often as it occurs in the planned redacted text (where it can legitimately
   remain inside a kept value, e.g. 张伟 inside an official's 张伟华);
2. **re-scan**: any finding the policy would redact, other than our own replacement strings,
   and any hygiene item the writers are meant to remove (comments, tracked changes, metadata ...);
3. **every part**: each part of the file (zip members, PDF streams and strings, the raw file)
   decoded in several ways (:mod:`screening.redaction.parts`).

>>> v = Verification()
>>> v.ok
True
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.errors import DocumentError
from screening.findings import Finding
from screening.redaction.parts import iter_parts
from screening.redaction.plan import DocumentPlan, squeeze
from screening.redaction.policy import Policy
from screening.redaction.search import ValueIndex, substrings_of_any

#: hygiene types the writers remove; finding one in the output is a failure
SANITISED_TYPES = {"TRACKED_CHANGES", "COMMENTS", "DOCUMENT_METADATA"}


@dataclass
class Residue:
    """Something that should be gone but is still in the output."""

    place: str
    check: str  # "re-read", "re-scan", "part"
    entity_type: str
    fingerprint: str = ""
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "check": self.check, "entity_type": self.entity_type,
                "fingerprint": self.fingerprint, "detail": self.detail}

    def __str__(self) -> str:
        return f"{self.place}: {self.entity_type} {self.detail} ({self.check})".strip()


@dataclass
class Verification:
    residues: list[Residue] = field(default_factory=list)
    parts_checked: int = 0
    values_checked: int = 0
    rescan_findings: int = 0
    notes: list[str] = field(default_factory=list)
    #: re-scan findings the policy removes (not serialised: they hold values); a second pass uses them
    leaks: list[Finding] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.residues

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "residues": [r.to_dict() for r in self.residues],
                "parts_checked": self.parts_checked, "values_checked": self.values_checked,
                "rescan_findings": self.rescan_findings, "notes": list(self.notes)}


def verify_output(
    path: str | Path,
    fmt: str,
    plan: DocumentPlan,
    policy: Policy,
    screener: Any,
    *,
    sanitised: set[str] | None = None,
) -> Verification:
    """Run the three checks on a written output (usually the temp file before it is renamed).

    One value index serves the expectations and check 3 (every part, streamed: a big member in
    windows); it is dropped before the output is re-read and re-scanned, so the two never hold
    memory at once. The re-read text is compared with the planned redacted text first: when they
    are the same, every value occurs in it exactly as often as allowed (check 1 holds without
    counting); only a differing text is counted value by value (a new index is built for it).

    The output is re-read in this process (:func:`screening.memory.single_process`): this process
    holds the input's document and plan, and a big sheet's forked second reader would add its own
    parse on top of them (~80 MB for a roster). The re-scan may use the engine's chunk workers: they
    are forked from this process after its heap was trimmed and share it, and cost a roster's
    verification ~10 MB more than scanning here (measured), for half the time on two cores."""
    from screening.memory import single_process, trim_heap

    v = Verification()
    exp = _expectations(plan)
    v.values_checked = len(exp.values)
    # 3: every part of the file
    found, v.parts_checked = _search_parts(path, fmt, exp.index, exp.searched(), exp.describe)  # type: ignore[arg-type]
    exp.index = None  # the automaton of every value: not held through the re-read and re-scan
    trim_heap()
    # 1 + 2: re-read and re-scan with the normal reader
    doc = None
    try:
        from screening.documents import read_document

        with single_process():
            doc = read_document(path)
    except DocumentError as exc:
        v.residues.append(Residue("output", "re-read", "-", detail=f"unreadable: {exc.message}"))
    if doc is not None:
        _check_document(doc, exp, policy, screener, sanitised, v)
    del doc
    v.residues.extend(Residue(place, "part", et, fp, "original value found in this part") for place, et, fp in found)
    return v


def check_parts(path: str | Path, fmt: str, values: dict[str, tuple[str, str]], allowed: dict[str, int],
                *, index: ValueIndex | None = None) -> tuple[list[tuple[str, str, str]], int]:
    """Check 3: every part of the file, decoded (values legitimately inside a kept value were
    counted at text level), searched for every value at once (one Aho-Corasick pass per view).
    ``([(place, entity type, fingerprint), ...], views checked)``, each value once per place.
    ``index``: a :class:`ValueIndex` of exactly ``values`` (the expectations' one), else one is built.

    A view identical to the one before it of the same part (the entity-decoded markup of a part
    without any ``&``) is counted but not searched again: the same characters give the same hits.
    """
    if index is None:
        index = ValueIndex([sv for sv in values if not allowed[sv]])
    elif len(index) != len(values):
        raise ValueError("check_parts: the index must hold exactly the values")
    keys = index.values
    searched = bytearray(allowed.get(sv, 1) == 0 for sv in keys)  # (a value allowed in the text: not searched)
    return _search_parts(path, fmt, index, searched, lambda k: values[keys[k]])


def _search_parts(path: str | Path, fmt: str, index: ValueIndex, searched: bytearray,
                  describe: Callable[[int], tuple[str, str]]) -> tuple[list[tuple[str, str, str]], int]:
    """:func:`check_parts` with the values numbered by ``index``: ``searched[k]`` says whether value
    ``k`` is looked for, ``describe(k)`` gives its ``(entity type, fingerprint)``."""
    found: list[tuple[str, str, str]] = []
    reported: set[tuple[str, int]] = set()
    checked = 0
    last: tuple[str, str] | None = None
    anything = any(searched)
    for place, view in iter_parts(path, fmt):
        checked += 1
        if not anything:
            continue
        if last is not None and last[0] == place and last[1] == view:
            continue
        last = (place, view)
        for _start, k in index.iter_ids(squeeze(view)):
            if searched[k] and (place, k) not in reported:
                reported.add((place, k))
                et, fp = describe(k)
                found.append((place, et, fp))
    return found, checked


def verify_text(redacted: str, plan: DocumentPlan, policy: Policy, screener: Any) -> Verification:
    """Checks 1 and 2 for :func:`screening.redaction.redact_text` (there is no file)."""
    from screening.documents.model import Document, Segment

    v = Verification()
    exp = _expectations(plan)
    v.values_checked = len(exp.values)
    exp.index = None
    doc = Document(path=None, format="text", segments=[Segment(redacted, {"part": "body"})])
    _check_document(doc, exp, policy, screener, None, v)
    return v


class _Expected:
    """What the output should read: the planned redacted text (squeezed); every redacted value
    (squeezed, two characters or more, numbered in the order of the plan's first replacement of it),
    how often each may occur in that text, and which replacement it comes from (its type and
    fingerprint); the replacement strings and kept values the re-scan may read back are derived
    from the plan when asked (:meth:`outputs`).

    Compact for a roster's 400,000 values: one list of the values (the plan's own strings where
    squeezing leaves them unchanged) and two integer arrays, no dict or tuple per value."""

    def __init__(self, text: str, values: list[str], allowed: Sequence[int], origin: Sequence[int],
                 index: ValueIndex | None, plan: DocumentPlan | None = None,
                 describe: Callable[[int], tuple[str, str]] | None = None) -> None:
        self.text, self.values, self.allowed, self.origin = text, values, allowed, origin
        self.index, self.plan = index, plan
        self._describe = describe

    @classmethod
    def of(cls, text: str, values: dict[str, tuple[str, str]], index: ValueIndex | None = None) -> _Expected:
        """Expectations of ``values`` (value -> (entity type, fingerprint)) in the planned ``text``."""
        full = index if index is not None and index.values == list(values) else ValueIndex(values)
        info = [values[sv] for sv in full.values]
        return cls(text, full.values, full.count_ids(text), range(len(full.values)),
                   full if index is not None else None, describe=info.__getitem__)

    def describe(self, k: int) -> tuple[str, str]:
        """``(entity type, fingerprint)`` of value ``k``."""
        if self._describe is not None:
            return self._describe(k)
        reps = self.plan.replacements  # type: ignore[union-attr]
        i = self.origin[k]
        return reps.kind_of(i)[0], reps.fingerprint_of(i)

    def searched(self) -> bytearray:
        """Per value: searched in every part (not allowed in the text at all)."""
        return bytearray(n == 0 for n in self.allowed)

    def outputs(self) -> set[str]:
        """The squeezed replacement strings, and the values the run kept (an official everywhere,
        the penalised party everywhere): what the re-scan may read back."""
        if self.plan is None:
            return set()
        outputs = {sq for new in self.plan.replacements.replacements() if (sq := _squeezed(new))}
        outputs |= {sq for f in self.plan.kept if (sq := _squeezed(f.text))}
        return outputs


def _squeezed(value: str) -> str:
    """``squeeze(value)``, the string itself when squeezing leaves it as it is (no second copy)."""
    sq = squeeze(value)
    return value if sq == value else sq


def _expectations(plan: DocumentPlan) -> _Expected:
    expected = squeeze(plan.apply())
    first: dict[str, int] = {}
    for i, original in enumerate(plan.replacements.originals()):
        sv = _squeezed(original)
        if len(sv) >= 2 and sv not in first:
            first[sv] = i
    origin = array("q", first.values())
    index = ValueIndex(first)  # built once: check 3 searches with the same automaton
    del first
    allowed = index.count_ids(expected)  # text.count(sv) for every value, one pass
    return _Expected(expected, index.values, allowed, origin, index, plan)


def _check_document(doc: Any, exp: _Expected, policy: Policy, screener: Any, sanitised: set[str] | None,
                    v: Verification) -> None:
    text = squeeze(doc.text)
    over = _over_allowed(exp, text)
    del text
    for k, sv in enumerate(exp.values):
        if sv in over:
            et, fp = exp.describe(k)
            v.residues.append(Residue("text", "re-read", et, fp, "original value still in the text"))
    findings = screener.scan_document(doc)
    v.rescan_findings = len(findings)
    # which re-scan values read back inside one of our outputs: one pass over all of them
    removed = {squeeze(f.text) for f in findings if f.start >= 0 and policy.must_remove(f)}
    own = substrings_of_any(removed, sorted(exp.outputs())) if removed else set()
    for f in findings:
        _check_rescan(f, policy, own, sanitised or SANITISED_TYPES, v)


#: at most this many (window characters x value lengths) look-ups find the values in the part of
#: the re-read text that differs from the planned one; past that every value is counted
DIFF_LOOKUPS = 4_000_000
_BLOCK = 1 << 16


def _over_allowed(exp: _Expected, text: str) -> set[str]:
    """The values occurring in ``text`` (the squeezed re-read output) more often than allowed,
    exactly as counting every value in it (``text.count(sv) > allowed[sv]``) finds them.

    ``text`` is mostly the planned text ``exp.text`` (the writers also drop metadata, comments...):
    with P their common prefix and S their common suffix, an occurrence lying wholly inside P or
    inside S is one of the planned text at the same place (and two of them overlap in one text
    exactly when they do in the other), so a value none of whose occurrences reaches into the
    differing middle cannot occur more often than allowed. Only the values found in that middle
    (widened by the longest value on each side) are counted, over the whole text; a middle too big
    to look up cheaply is answered by counting every value."""
    if text == exp.text or not exp.values:
        return set()
    p = _common_prefix(text, exp.text)
    s = _common_suffix(text, exp.text, min(len(text), len(exp.text)) - p)
    lengths = sorted({len(sv) for sv in exp.values})
    widest = lengths[-1]
    lo, hi = max(0, p - widest + 1), min(len(text), len(text) - s + widest - 1)
    candidates = _candidates(exp, text, lo, hi, lengths)
    if not candidates:
        return set()
    if exp.index is not None and len(candidates) == len(exp.values):
        counts = exp.index.count_ids(text)  # counted as the expectations were
    else:
        counts = ValueIndex([exp.values[k] for k in candidates]).count_ids(text)
    return {exp.values[k] for k, n in zip(candidates, counts, strict=True) if n > exp.allowed[k]}


def _candidates(exp: _Expected, text: str, lo: int, hi: int, lengths: list[int]) -> list[int]:
    """The numbers of the values occurring in ``text[lo:hi]`` (looked up at every place with every
    value length); every value when that would take more than :data:`DIFF_LOOKUPS` look-ups."""
    if (hi - lo) * len(lengths) > DIFF_LOOKUPS:
        return list(range(len(exp.values)))
    number = {sv: k for k, sv in enumerate(exp.values)}
    return sorted({number[w] for i in range(lo, hi) for n in lengths if i + n <= hi and (w := text[i:i + n]) in number})


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (compared block by block: a roster's text is ~10 M characters)."""
    n, i = min(len(a), len(b)), 0
    while i + _BLOCK <= n and a[i:i + _BLOCK] == b[i:i + _BLOCK]:
        i += _BLOCK
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix of ``a`` and ``b``, at most ``limit`` (so that it never
    reaches into their common prefix)."""
    la, lb, i = len(a), len(b), 0
    while i + _BLOCK <= limit and a[la - i - _BLOCK:la - i] == b[lb - i - _BLOCK:lb - i]:
        i += _BLOCK
    while i < limit and a[la - i - 1] == b[lb - i - 1]:
        i += 1
    return i


def _check_rescan(f: Finding, policy: Policy, own: set[str], sanitised: set[str], v: Verification) -> None:
    place = _place(f.location)
    if f.start < 0:
        if f.entity_type in sanitised:
            v.residues.append(Residue(place, "re-scan", f.entity_type, f.fingerprint, f.explanation[:80]))
        elif f.is_flagged:
            v.notes.append(f"{f.entity_type} at {place}: {f.explanation[:80]}")
        return
    if not policy.must_remove(f):
        return
    if squeeze(f.text) in own:  # (an empty value is in no output)
        return  # our own replacement (张某, 139****5678, [姓名]) or a value the run kept, read back
    v.residues.append(Residue(place, "re-scan", f.entity_type, f.fingerprint,
                              f"{f.severity.label} finding the policy removes"))
    v.leaks.append(f)


def _place(location: dict[str, Any]) -> str:
    if not location:
        return "text"
    keys = [k for k in ("part", "xml_part", "sheet", "cell", "page", "paragraph", "path", "line") if k in location]
    return ", ".join(f"{k}={location[k]}" for k in keys) or "text"
