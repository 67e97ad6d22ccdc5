"""Small context helpers shared by the identifier recognizers (labels before a number).

A number's *label* is the nearest keyword before it: ``准考证号：13420116072`` is labelled
准考证号, so it is not a mobile; ``联系电话：0571-87936024`` is labelled 联系电话. These helpers
answer "which of these word groups labels this span" cheaply (plain ``str.rfind`` in a small
window, then the table column header).

>>> Labels({"neg": ("证号",), "phone": ("电话",)}).before("电话：13912345678（证号见附件）", 3, 12)
('phone', '电话')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from screening.scan_context import ScanContext

_DIGIT = re.compile(r"[0-9]")
_SEPS = (" ", "-")
_INNER_SEP = re.compile(r"[0-9]([ \-])[0-9]")
_GROUP_AFTER = re.compile(r"([ \-])([0-9]{1,4})(?![0-9])(.?)")
_GROUP_BEFORE = re.compile(r"(.?)(?<![0-9])([0-9]{1,4})([ \-])$")


def has_digit(text: str) -> bool:
    """True when ``text`` holds an ASCII digit (a C-speed scan; ``'⑱'.isdigit()`` is True, this is not).

    >>> has_digit("第⑱条"), has_digit("电话１"), has_digit("电话1")
    (False, False, True)
    """
    return _DIGIT.search(text) is not None


class Labels:
    """Keyword groups compiled into one regex: which group labels the text just before a span.

    The *last* keyword in the window wins (longest words first, so 家庭电话 beats 电话).

    >>> labels = Labels({"neg": ("证号",), "private": ("家庭电话",), "phone": ("电话",)})
    >>> labels.before("执法证号51150037402", 4, 12)
    ('neg', '证号')
    >>> labels.before("证号见附件，家庭电话：0571", 11, 12)
    ('private', '家庭电话')
    """

    def __init__(self, groups: Mapping[str, Iterable[str]]) -> None:
        self.group_of: dict[str, str] = {}
        for name, words in groups.items():
            for w in words:
                self.group_of.setdefault(w, name)
        alternatives = sorted(self.group_of, key=len, reverse=True)
        self._re = re.compile("|".join(re.escape(w) for w in alternatives))
        self._headers: dict[str, tuple[str, str] | None] = {}  # column header -> its keyword group

    def before(self, text: str, start: int, window: int) -> tuple[str, str] | None:
        first = self._re.search(text, max(0, start - window), start)
        if first is None:  # the common case: one C-level search
            return None
        last = first
        for last in self._re.finditer(text, first.end(), start):  # noqa: B007 - the last one wins
            pass
        word = last.group()
        return self.group_of[word], word

    def in_header(self, ctx: ScanContext | None, pos: int) -> tuple[str, str] | None:
        """The group of the first keyword in the table column header at ``pos``, and the header."""
        header = ctx.column_header_at(pos) if ctx is not None else None
        if not header:
            return None
        found = self._headers.get(header, False)
        if found is False:  # a sheet has a few headers, asked about for every cell: decided once each
            m = self._re.search(header)
            found = None if m is None else (self.group_of[m.group()], header)
            if len(self._headers) < 4096:
                self._headers[header] = found
        return found  # type: ignore[return-value]


def word_after(text: str, end: int, words: Iterable[str], window: int) -> str | None:
    """The first of ``words`` found in the ``window`` characters after ``end``."""
    after = text[end : end + window]
    return next((w for w in words if w in after), None)


def inside_spaced_run(text: str, start: int, end: int) -> bool:
    """True when a grouped span (``1234 5678 ...``) continues into a neighbouring digit group
    written with the same separator (the span is then the inside of a longer number).

    >>> inside_spaced_run("账号4201 0738 1502 0000 1296。", 2, 21)
    True
    >>> inside_spaced_run("电话 185 2096 7713 0872-2316048", 3, 16)
    False
    """
    inner = _INNER_SEP.search(text, start, end)
    if inner is None:
        return False
    sep = inner.group(1)
    after = _GROUP_AFTER.match(text, end, min(len(text), end + 7))
    if after and after.group(1) == sep and (after.group(3) == sep or after.group(3) not in _SEPS):
        return True
    before = _GROUP_BEFORE.search(text[max(0, start - 7) : start])
    return bool(before and before.group(3) == sep and (before.group(1) == sep or before.group(1) not in _SEPS))


def digit_groups(raw: str) -> tuple[int, ...]:
    """Lengths of the digit groups separated by spaces/dashes; a line break joins (``(3, 4, 4)``).

    >>> digit_groups("176-3318-\\n2094"), digit_groups("1391234\\n5678")
    ((3, 4, 4), (11,))
    """
    joined = re.sub(r"\r?\n[ \t]*", "", raw)
    return tuple(len(g) for g in re.split(r"[ \-]+", joined) if g)
