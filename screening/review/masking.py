"""Values shown masked to reviewers (a terminal or a form is itself a place personal data can leak).

>>> mask_value("11010519491231002X")
'1****************X'
>>> mask_value("张伟"), mask_value("欧阳小明")
('张*', '欧**明')
>>> mask_context("申请人张伟，身份证号【11010519491231002X】，电话13912345678", ["13912345678", "张伟"])
'申请人张*，身份证号【1****************X】，电话1*********8'
"""

from __future__ import annotations

from collections.abc import Iterable

from screening.redaction.search import ValueIndex


def mask_value(value: str) -> str:
    """First and last character kept (only the first for 2–3 characters), the rest ``*``;
    spaces and line breaks kept."""
    chars = [i for i, c in enumerate(value) if not c.isspace()]
    n = len(chars)
    if n <= 1:
        return "*" * len(value)
    keep = {chars[0]} | ({chars[-1]} if n >= 4 else set())
    return "".join(c if i in keep or c.isspace() else "*" for i, c in enumerate(value))


def mask_context(context: str, values: Iterable[str] = ()) -> str:
    """A finding's ``left【value】right`` with its value and every other given value masked."""
    left, sep, rest = context.partition("【")
    if sep:
        value, _sep, right = rest.rpartition("】")
        return f"{_mask_all(left, values)}【{mask_value(value)}】{_mask_all(right, values)}"
    return _mask_all(context, values)


def _mask_all(text: str, values: Iterable[str]) -> str:
    index = values if isinstance(values, ValueIndex) else ValueIndex(v for v in values if len(v) >= 2)
    spans = index.leftmost_longest(text)
    out, pos = [], 0
    for start, end, value in spans:
        out.append(text[pos:start])
        out.append(mask_value(value))
        pos = end
    out.append(text[pos:])
    return "".join(out)
