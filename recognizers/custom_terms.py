"""CUSTOM_TERM: the user's own word lists, matched with an Aho-Corasick automaton (pyahocorasick).

Not enabled by default (``ENABLED = False``): build one from word lists and pass it to
``Screener(extra_recognizers=[...])`` -- the CLI does this for ``--wordlist FILE`` /
``--allowlist FILE``. Matching is case- and width-insensitive (terms and text are compared in
their :func:`screening.wordlists.term_key` form) and longest-first; a term made of Latin letters
or digits must not be glued to other letters/digits (``XJ-7`` does not match inside ``XJ-70``).
Occurrences inside an allowlisted term (the organisation's own public names) are never reported.

>>> from screening.wordlists import Term
>>> from screening.findings import Severity
>>> from screening.scan_context import ScanContext
>>> rec = CustomTermRecognizer([Term("长风工程", "长风工程", "代号", Severity.HIGH, "x:1"),
...                             Term("XJ-7", "xj-7", "代号", Severity.MEDIUM, "x:2")], allow={"长风工程指挥部"})
>>> ctx = ScanContext.for_text("长风工程进展顺利，ｘｊ－７型号已定型；长风工程指挥部、XJ-70 不报。")
>>> [(ctx.text[c.start:c.end], c.severity.label) for c in rec.find(ctx.text, ctx)]
[('长风工程', 'high'), ('xj-7', 'medium')]
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import ahocorasick

from recognizers.base import Candidate, CnRecognizer
from screening.scan_context import ScanContext
from screening.wordlists import Term, load_allowlist, load_wordlists, lower_same_length, term_key


def _is_word_char(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _automaton(keys: Iterable[tuple[str, Any]]) -> ahocorasick.Automaton | None:
    a = ahocorasick.Automaton()
    for key, value in keys:
        a.add_word(key, value)
    if len(a) == 0:
        return None
    a.make_automaton()
    return a


def _occurrences(a: ahocorasick.Automaton | None, low: str) -> Iterator[tuple[int, int, Any]]:
    """Leftmost-longest, non-overlapping occurrences ``(start, end, value)`` with Latin word
    boundaries (``iter`` plus a Python pass is faster here than ``iter_long`` and applies the
    boundary rule before choosing)."""
    if a is None:
        return
    found = []
    for end_idx, (key, value) in a.iter(low):
        end = end_idx + 1
        start = end - len(key)
        if _is_word_char(key[0]) and start > 0 and _is_word_char(low[start - 1]):
            continue
        if _is_word_char(key[-1]) and end < len(low) and _is_word_char(low[end]):
            continue
        found.append((start, -end, value))
    found.sort(key=lambda x: (x[0], x[1]))
    last_end = -1
    for start, neg_end, value in found:
        if start >= last_end:
            last_end = -neg_end
            yield start, last_end, value


class Allowlist:
    """Terms never to flag. Use :meth:`spans` on lower-cased normalized text, or
    :meth:`filter_findings` to drop any finding (of any recognizer) that lies inside one."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = frozenset(k for k in (term_key(x) for x in keys) if k)
        self._auto = _automaton((k, (k, None)) for k in self.keys)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def spans(self, low: str) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _ in _occurrences(self._auto, low)]

    @staticmethod
    def covers(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
        """Is ``[start, end)`` inside one of the sorted, non-overlapping ``spans``?"""
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    def filter_findings(self, findings: Iterable[Any], text: str) -> list[Any]:
        """Drop findings (anything with ``start``/``end``/``text``) inside an allowlisted term of
        ``text`` (the original document text) or equal to one."""
        from screening.normalize import normalize

        items = list(findings)
        if not self.keys:
            return items
        norm = normalize(text)
        spans = [(norm.to_original(s), norm.to_original_end(e)) for s, e in self.spans(lower_same_length(norm.text))]
        return [
            f for f in items
            if f.start < 0 or not (self.covers(spans, f.start, f.end) or term_key(f.text) in self.keys)
        ]


class CustomTermRecognizer(CnRecognizer):
    """Word-list hits (category and severity from the list)."""

    ENABLED = False  # built from the user's lists, never auto-registered
    ENTITIES = ("CUSTOM_TERM",)

    def __init__(self, terms: Iterable[Term], allow: Iterable[str] | Allowlist = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allowlist = allow if isinstance(allow, Allowlist) else Allowlist(allow)
        self.terms = [t for t in terms if t.key not in self.allowlist.keys]
        self._auto = _automaton((t.key, (t.key, t)) for t in self.terms)

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if self._auto is None:
            return
        low = ctx.cache.get("lower_text")
        if low is None or len(low) != len(text):
            low = lower_same_length(text)
            ctx.cache["lower_text"] = low
        allowed = self.allowlist.spans(low) if self.allowlist else []
        for start, end, term in _occurrences(self._auto, low):
            if allowed and Allowlist.covers(allowed, start, end):
                continue
            name = os.path.basename(term.source.rsplit(":", 1)[0])
            yield Candidate(
                "CUSTOM_TERM", start, end, 0.9,
                [f"词表“{name}”词条“{term.term}”", f"类别：{term.category}"],
                {"term": term.term, "category": term.category, "source": term.source},
                severity=term.severity,
            )


def load_wordlist_recognizer(
    paths: Iterable[str | Path], allowlist_paths: Iterable[str | Path] = ()
) -> CustomTermRecognizer:
    """Build the recognizer from word-list files (``builtin:NAME`` allowed) and allowlist files.

    Raises :class:`~screening.errors.WordListError` (file and line) for bad input.
    """
    return CustomTermRecognizer(load_wordlists(paths), Allowlist(load_allowlist(allowlist_paths)))
