"""The one-pass search helpers of the redaction (screening/redaction/search.py and their users)
give the same answers as the simple per-value loops they replaced, on random inputs.

The references below are the replaced code, kept here verbatim in spirit: ``str.find``/``str.count``
per value, a regex alternation of the values longest first, ``any(...)`` over lists of spans. The
alphabets are tiny so that values overlap, nest and repeat often.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.findings import Finding, Severity
from screening.normalize import fold
from screening.redaction.plan import Replacement, SqueezedText, _propagate, _RunValues, find_squeezed, squeeze
from screening.redaction.replacements import ReplacementList
from screening.redaction.search import Containers, Occupied, ValueIndex, substrings_of_any
from screening.redaction.writers.pdf import PageSearch
from screening.redaction.writers.slots import Hit, ValueSweep, splice

ALPHABET = "ab张伟华 ３\n"
texts = st.text(alphabet=ALPHABET, max_size=40)
values = st.lists(st.text(alphabet="ab张伟华３", min_size=1, max_size=4), max_size=8)
spans = st.lists(st.tuples(st.integers(-2, 30), st.integers(0, 8)).map(lambda t: (t[0], t[0] + t[1])), max_size=8)
fast = settings(max_examples=300, deadline=None)


# -- references: the replaced code ----------------------------------------------------------------
def ref_occurrences(text: str, vals: list[str]) -> list[tuple[int, str]]:
    out = []
    for v in dict.fromkeys(vals):
        pos = text.find(v)
        while pos >= 0:
            out.append((pos, v))
            pos = text.find(v, pos + 1)
    return out


def ref_alternation(text: str, vals: list[str]) -> list[tuple[int, int, str]]:
    ordered = sorted(set(vals), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, ordered)))
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def ref_find_squeezed(text: str, value: str) -> list[tuple[int, int]]:
    if not value:
        return []
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    stream = fold("".join(text[i] for i in pos))
    out, at = [], stream.find(value)
    while at >= 0:
        out.append((pos[at], pos[at + len(value) - 1] + 1))
        at = stream.find(value, at + len(value))
    return out


def ref_sweep_find(value_map: dict[str, str], text: str) -> list[tuple[int, int, str]]:
    table: dict[str, str] = {}
    shields: set[str] = set()
    for k, v in value_map.items():
        key = squeeze(k)
        if not key:
            continue
        if v == k:
            shields.add(key)
        elif key not in table:
            table[key] = v
    shields -= set(table)
    if not table or not text:
        return []
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    stream = fold("".join(text[i] for i in pos))
    kept = [(s, e) for s, e, _ in ref_alternation(stream, list(shields))] if shields else []
    out = []
    for s, e, value in ref_alternation(stream, list(table)):
        if any(ks <= s and e <= ke for ks, ke in kept):
            continue
        out.append((pos[s], pos[e - 1] + 1, table[value]))
    return out


def ref_splice(slots: list[str], edits: list[tuple[int, int, str]]) -> list[str]:
    out = list(slots)
    bounds, pos = [], 0
    for s in slots:
        bounds.append((pos, pos + len(s)))
        pos += len(s)
    for start, end, new in sorted(edits, key=lambda t: -t[0]):
        placed = False
        for i, (b0, b1) in enumerate(bounds):
            if b1 <= start or b0 >= end:
                continue
            lo, hi = max(start, b0) - b0, min(end, b1) - b0
            out[i] = out[i][:lo] + (new if not placed else "") + out[i][hi:]
            placed = True
    return out


def ref_propagate(text: str, taken_in: list[tuple[int, int]], seen: dict[str, str]) -> list[tuple[int, int, str]]:
    taken = sorted(taken_in)
    extra = []
    for value in sorted(seen, key=len, reverse=True):
        pos = text.find(value)
        while pos >= 0:
            end = pos + len(value)
            if not any(s < end and pos < e for s, e in taken):
                extra.append((pos, end, value))
                taken.append((pos, end))
            pos = text.find(value, pos + 1)
    return extra


# -- the helpers ----------------------------------------------------------------------------------
@fast
@given(texts, values)
def test_occurrences_are_every_find(text: str, vals: list[str]) -> None:
    assert sorted(ValueIndex(vals).occurrences(text)) == sorted(ref_occurrences(text, vals))


@fast
@given(texts, values)
def test_counts_are_str_count(text: str, vals: list[str]) -> None:
    assert ValueIndex(vals).counts(text) == {v: text.count(v) for v in vals}


@fast
@given(texts, values)
def test_leftmost_longest_is_the_regex_alternation(text: str, vals: list[str]) -> None:
    expected = ref_alternation(text, vals) if vals else []
    assert ValueIndex(vals).leftmost_longest(text) == expected


@fast
@given(values, st.lists(st.text(alphabet="ab张伟华３", max_size=6), max_size=6))
def test_substrings_of_any(needles: list[str], hays: list[str]) -> None:
    expected = {n for n in needles if any(n in h for h in hays)}
    assert substrings_of_any(needles, hays) == expected


@fast
@given(spans, st.lists(st.tuples(st.booleans(), st.integers(-2, 30), st.integers(0, 6)), max_size=20))
def test_occupied_is_any_overlap(initial: list[tuple[int, int]], steps: list[tuple[bool, int, int]]) -> None:
    taken = list(initial)
    occ = Occupied(25, initial)
    for add, start, width in steps:
        end = start + width
        if add:
            taken.append((start, end))
            occ.add(start, end)
        elif width:
            assert occ.overlaps(start, end) == any(s < end and start < e for s, e in taken)


@fast
@given(spans, st.integers(-2, 30), st.integers(0, 6))
def test_containers_is_any_inside(containers: list[tuple[int, int]], start: int, width: int) -> None:
    end = start + width
    assert Containers(containers).inside(start, end) == any(s <= start and end <= e for s, e in containers)


# -- their users ----------------------------------------------------------------------------------
@fast
@given(texts, values)
def test_squeezed_search_is_find_squeezed(text: str, vals: list[str]) -> None:
    found = SqueezedText(text).find_all(vals)
    for v in vals:
        assert found.get(v, []) == ref_find_squeezed(text, v)
        assert find_squeezed(text, v) == ref_find_squeezed(text, v)


@fast
@given(texts, st.lists(st.tuples(st.text(alphabet="ab张伟华３ ", min_size=1, max_size=4), st.booleans()), max_size=8))
def test_value_sweep_is_the_regex_sweep(text: str, pairs: list[tuple[str, bool]]) -> None:
    value_map = {k: (k if keep else f"<{i}>") for i, (k, keep) in enumerate(pairs)}
    value_map = dict(sorted(value_map.items(), key=lambda kv: -len(kv[0])))
    got = [(s, e, new) for s, e, new, _ in ValueSweep(value_map).find(text)]
    assert got == ref_sweep_find(value_map, text)


@fast
@given(st.lists(st.text(alphabet="ab张", max_size=4), min_size=1, max_size=8), st.data())
def test_splice_is_the_slot_loop(slots: list[str], data: st.DataObject) -> None:
    total = sum(map(len, slots))
    cuts = sorted(data.draw(st.lists(st.integers(0, total), max_size=6)))
    edits = [(cuts[i], cuts[i + 1], f"<{i}>") for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]
    assert splice(slots, edits) == ref_splice(slots, edits)


@fast
@given(texts, spans, st.lists(st.text(alphabet="ab张伟华 ", min_size=2, max_size=4), max_size=8))
def test_propagate_is_the_find_loop(text: str, taken: list[tuple[int, int]], vals: list[str]) -> None:
    taken = [(s, e) for s, e in taken if 0 <= s < e]  # findings have start >= 0 and end > start
    reps = [Replacement(s, e, text[s:e], "X", "PERSON", "label") for s, e in taken[::2]]
    kept = [Finding("PERSON", s, e, text[s:e], 0.9, Severity.LOW, "r") for s, e in taken[1::2]]
    seen = {v: Replacement(0, len(v), v, f"<{v}>", "PERSON", "label") for v in vals}
    extra = _propagate(text, ReplacementList(text, reps), kept, None, _RunValues.of(seen))
    got = [(r.start, r.end, r.original) for r in extra]
    assert got == ref_propagate(text, taken, {v: v for v in seen})
    assert all(r.replacement == f"<{r.original}>" and r.propagated for r in extra)


@fast
@given(texts, st.lists(st.text(alphabet="ab张伟", min_size=1, max_size=4), max_size=8), st.sets(st.text(alphabet="ab张伟", min_size=1, max_size=5), max_size=3))
def test_pdf_page_search_order(text: str, vals: list[str], kept: set[str]) -> None:
    values = dict(sorted({v: [None] * len(v) for v in vals}.items(), key=lambda kv: -len(kv[0])))
    expected = [(p, sv) for sv in values if sv not in kept and len(sv) >= 2
                for p, _ in ref_occurrences(text, [sv])]
    assert PageSearch(values, kept).to_redact(text) == expected


def test_sweep_keeps_hits_and_shields() -> None:
    sweep = ValueSweep({"张伟华": "张伟华", "张伟": "张某"}, {"张伟": Hit("PERSON", "surname", "张某")})
    assert [(s, e, new, h.entity_type) for s, e, new, h in sweep.find("张伟和张伟华，张 伟")] == [
        (0, 2, "张某", "PERSON"), (7, 10, "张某", "PERSON")]


# -- the long-text squeeze (issue 15: one regex pass and one table translate) ------------------------
def ref_squeeze(value: str) -> str:
    return "".join(fold(value).split())


def test_long_squeeze_is_fold_and_split_on_every_code_point() -> None:
    import screening.redaction.plan as plan

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert len(every) >= plan._LONG
    assert squeeze(every) == ref_squeeze(every)
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert squeeze("张" + "".join(spaces) * 20 + "３") == "张3"


@fast
@given(st.text(alphabet=ALPHABET + "\u3000\u00a0\u2028－—\t", min_size=200, max_size=400), values)
def test_long_texts_squeeze_and_map_back_like_the_per_character_list(text: str, vals: list[str]) -> None:
    from screening.redaction.plan import NonSpace

    assert squeeze(text) == ref_squeeze(text)
    pos = [i for i, ch in enumerate(text) if not ch.isspace()]
    ns = NonSpace(text)
    assert ns.stream == ref_squeeze(text)
    assert [ns.original(i) for i in range(len(ns.stream))] == pos
    for v in vals:
        assert find_squeezed(text, v) == ref_find_squeezed(text, v)


def ref_splice_bisect(slots: list[str], spans_: list[tuple[int, int, str]]) -> list[str]:
    """The multi-slot splice, verbatim: the one-slot shortcut must give what it gives."""
    import bisect

    out = list(slots)
    starts, ends, pos = [], [], 0
    for s in slots:
        starts.append(pos)
        pos += len(s)
        ends.append(pos)
    for start, end, new in sorted(spans_, key=lambda t: -t[0]):
        placed = False
        i = bisect.bisect_right(ends, start)
        while i < len(slots) and starts[i] < end:
            lo, hi = max(start, starts[i]) - starts[i], min(end, ends[i]) - starts[i]
            out[i] = out[i][:lo] + (new if not placed else "") + out[i][hi:]
            placed = True
            i += 1
    return out


@fast
@given(st.text(alphabet="ab张伟", max_size=12), st.lists(st.tuples(st.integers(-2, 14), st.integers(0, 4),
                                                               st.sampled_from(["", "X", "某某"])), max_size=4))
def test_one_slot_splice_is_the_general_splice(text: str, raw: list[tuple[int, int, str]]) -> None:
    spans_, taken = [], -10**9
    for start, length, new in sorted(raw):  # non-overlapping, as callers give them
        if start >= taken:
            spans_.append((start, start + length, new))
            taken = start + length if length else start + 1
    assert splice([text], spans_) == ref_splice_bisect([text], spans_)
