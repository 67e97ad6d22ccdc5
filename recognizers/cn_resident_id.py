"""CN_RESIDENT_ID: 18-digit resident ID numbers (GB 11643-1999), legacy 15-digit IDs, masked IDs.

Validation is our own (python-stdnum's ``cn.ric`` rejects real IDs whose county was created after
the birth year): MOD 11-2 check character, a real birth date not in the future, and a valid
province prefix. A wrong check character next to 身份证/公民身份号码 is still reported, with a lower
score and ``checksum_ok: false`` -- a typo still identifies a person.

Already-masked IDs (``620602********1234``) are reported as low-severity ``CN_RESIDENT_ID_MASKED``
so a reviewer sees them, but they never gate.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
from collections.abc import Iterable
from functools import lru_cache

from recognizers.base import Candidate, CnRecognizer
from screening.scan_context import ScanContext

PROVINCE_PREFIXES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66), 71, 81, 82, 83]
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# A digit, then 16 more each optionally preceded by a space/dash or a line break, then the
# check character. Group boundaries are checked in code (6-8-4 or 6-4-4-4, line breaks anywhere).
_SEP = r"(?:[ \-]|\r?\n[ \t]*)?"
# Patterns start with a character set and check the look-behind right after it, so the regex
# engine skips non-candidate positions at C speed.
_ID18 = re.compile(rf"[1-9](?<![0-9A-Za-z][1-9])(?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"[1-9](?<![0-9A-Za-z][1-9])[0-9]{14}(?![0-9A-Za-z])")
_MASKED = re.compile(r"[1-9](?<![0-9A-Za-z*][1-9])[0-9*]{16}[0-9Xx*](?![0-9A-Za-z*])")
_ALLOWED_GROUPINGS = ((6, 8, 4), (6, 4, 4, 4), (6, 6, 6), (10, 8), (18,))
_NOT_ID_CHAR = re.compile(r"[^0-9Xx]")
_GROUP_SEP = re.compile(r"[ \-]+")
_LINE_BREAK = re.compile(r"\r?\n[ \t]*")
# The second-generation disability certificate number (第二代残疾人证号) is the holder's ID number
# followed by the disability category (1 视力 ... 7 多重) and grade (1-4): the ID inside is an ID.
_DISABILITY_CERT = re.compile(r"[1-9](?<![0-9A-Za-z][1-9])[0-9]{16}[0-9Xx][1-7][1-4](?![0-9A-Za-z])")


def calc_check_char(first17: str) -> str:
    """The GB 11643 MOD 11-2 check character for the first 17 digits.

    >>> calc_check_char("11010519491231002")
    'X'
    """
    if len(first17) != 17:
        raise ValueError(f"expected 17 digits, got {len(first17)}")
    return _CHECK[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


def birth_date(digits: str, today: _dt.date | None = None) -> _dt.date | None:
    """The birth date in an 18- or 15-digit ID, or None if it is not a real past date.

    >>> birth_date("11010519491231002X")
    datetime.date(1949, 12, 31)
    >>> birth_date("110105194913310021") is None
    True
    """
    d = _date(digits[6:14] if len(digits) == 18 else "19" + digits[6:12])
    if d is None or d > (today or _dt.date.today()) or d.year < 1880:
        return None
    return d


@lru_cache(maxsize=65536)  # about 180 years of days: every birth date of a big list, parsed once
def _date(yyyymmdd: str) -> _dt.date | None:
    try:
        return _dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def _iso(d: _dt.date) -> str:
    """One ISO string per birth date (shared by every finding born that day)."""
    return d.isoformat()


def is_valid(number: str) -> bool:
    """True for a valid 18-digit resident ID (separators/full-width folded before).

    >>> is_valid("11010519491231002X"), is_valid("110105194912310021")
    (True, False)
    """
    n = number.upper()
    return (
        len(n) == 18
        and n[:17].isascii()
        and n[:17].isdigit()
        and int(n[:2]) in PROVINCE_PREFIXES
        and birth_date(n) is not None
        and calc_check_char(n[:17]) == n[17]
    )


class CnResidentIdRecognizer(CnRecognizer):
    """18-digit IDs (validated), 15-digit legacy IDs (context required), masked IDs (low)."""

    ENABLED = True
    ENTITIES = ("CN_RESIDENT_ID", "CN_RESIDENT_ID_MASKED")
    CONTEXT = ("身份证", "公民身份号码", "身份号码", "证件号", "证件号码", "身份证件", "居民身份", "证号", "身份证明")

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        taken: list[tuple[int, int]] = []
        for m in _ID18.finditer(text):
            c = self._id18(m.group(), m.start(), m.end())
            if c is not None:
                taken.append((c.start, c.end))
                yield c
        for m in _DISABILITY_CERT.finditer(text):
            digits = m.group()[:18].upper()
            if is_valid(digits):
                yield Candidate(
                    "CN_RESIDENT_ID", m.start(), m.start() + 18, 0.9,
                    ["残疾人证号内含身份证号（身份证号+残疾类别等级代码）", "校验位正确"],
                    {"length": 18, "birth_date": birth_date(digits).isoformat(), "checksum_ok": True,
                     "embedded_in": "disability_certificate"},
                    context=self.rule(boost=0.05),
                )
        for m in _ID15.finditer(text):
            c = self._id15(m.group(), m.start(), m.end())
            if c is not None:
                yield c
        if "*" in text:
            for m in _MASKED.finditer(text):
                raw = m.group()
                stars = raw.count("*")
                if 4 <= stars <= 14 and any(ch.isdigit() for ch in raw[-4:]) and int(raw[:2]) in PROVINCE_PREFIXES:
                    yield Candidate(
                        "CN_RESIDENT_ID_MASKED", m.start(), m.end(), 0.6,
                        [f"已遮盖身份证号（{stars}位*）"], {"masked": True, "masked_digits": stars},
                        context=self.rule(boost=0.3),
                    )

    def _id18(self, raw: str, start: int, end: int) -> Candidate | None:
        if len(raw) == 18:  # the common case: no separators
            digits = raw.upper()
        else:
            digits = _NOT_ID_CHAR.sub("", raw).upper()
            seps = _GROUP_SEP.split(_LINE_BREAK.sub("", raw))
            if tuple(len(g) for g in seps) not in _ALLOWED_GROUPINGS:
                return None
        if int(digits[:2]) not in PROVINCE_PREFIXES:
            return None
        born = birth_date(digits)
        if born is None:
            return None
        expl = ["18位身份证号格式", "出生日期有效"]
        attrs: dict[str, object] = {"length": 18, "birth_date": _iso(born)}
        if "\n" in raw:
            expl.append("号码跨行")
        if calc_check_char(digits[:17]) == digits[17]:
            attrs["checksum_ok"] = True
            expl.append("校验位正确")
            return Candidate("CN_RESIDENT_ID", start, end, 0.95, expl, attrs, context=self.rule(boost=0.05))
        # wrong check character: only with an ID keyword nearby
        attrs["checksum_ok"] = False
        expl.append("校验位不符")
        return Candidate(
            "CN_RESIDENT_ID", start, end, 0.5, expl, attrs,
            context=self.rule(window=14, boost=0.3, missing_factor=0.0),
        )

    def _id15(self, raw: str, start: int, end: int) -> Candidate | None:
        if int(raw[:2]) not in PROVINCE_PREFIXES or birth_date(raw) is None:
            return None
        return Candidate(
            "CN_RESIDENT_ID", start, end, 0.5,
            ["15位旧身份证号格式", "出生日期有效"],
            {"length": 15, "birth_date": birth_date(raw).isoformat(), "checksum_ok": None},
            context=self.rule(window=14, boost=0.4, missing_factor=0.0),
        )
