"""Helpers for the identifier recognizer tests: build valid numbers, scan with a few recognizers.

Numbers are *computed* (check digits from the same standards the recognizers implement, via
python-stdnum where it applies), so tests never depend on a memorised real number.
"""

from __future__ import annotations

from stdnum import luhn
from stdnum.cn import uscc

from recognizers.base import CnRecognizer
from recognizers.cn_resident_id import calc_check_char
from screening import Finding, Screener


def make_id(area: str = "620602", birth: str = "19850317", seq: str = "123") -> str:
    """A valid 18-digit resident ID (GB 11643 check character)."""
    first17 = area + birth + seq
    return first17 + calc_check_char(first17)


def make_card(prefix: str = "6222", length: int = 19, fill: str = "8391027465103") -> str:
    """A Luhn-valid card number of ``length`` digits starting with ``prefix``."""
    body = (prefix + fill * 3)[: length - 1]
    return body + luhn.calc_check_digit(body)


def bad_luhn(number: str) -> str:
    """``number`` with its last digit changed so that Luhn fails."""
    last = str((int(number[-1]) + 1) % 10)
    return number[:-1] + last


def make_uscc(first17: str = "91620100MA71A2B3C") -> str:
    """A valid unified social credit code (GB 32100 check character)."""
    return first17 + uscc.calc_check_digit(first17)


def group4(number: str, sep: str = " ") -> str:
    """``6222 8391 0274 6510 317``."""
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def screener_with(*recognizers: CnRecognizer) -> Screener:
    return Screener(recognizers=list(recognizers), fingerprint_key="identifier-tests")


def score_of(screener: Screener, text: str, entity: str) -> float:
    """The score of the one finding of ``entity`` in ``text``."""
    (f,) = found(screener, text, entity)
    return f.score


def found(screener: Screener, text: str, entity: str) -> list[Finding]:
    """Findings of one entity type; each one's text is checked against the original offsets."""
    out = [f for f in screener.scan_text(text) if f.entity_type == entity]
    for f in out:
        assert text[f.start : f.end] == f.text
    return out
