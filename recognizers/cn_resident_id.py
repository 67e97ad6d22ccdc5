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
import time as _time
from collections.abc import Iterable
from functools import lru_cache

from recognizers.base import Candidate, CnRecognizer, ContextRule, find_keyword
from screening.findings import Severity
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
# One capital letter may lead (the national student number 全国学籍号 is G + the pupil's ID number), but
# not a lower-case letter or two letters (a part or serial number).
_START = r"[1-9](?<![0-9a-z][1-9])(?<![0-9A-Za-z][A-Z][1-9])"
# The first branch is the common case (18 characters in one run, a single fast repeat); the second,
# tried only when the first fails, finds the same span for a run and also separated groups.
_ID18_BODY = rf"(?:[0-9]{{16}}[0-9Xx](?![0-9A-Za-z])|(?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx](?![0-9A-Za-z]))"
# A legacy 15-digit ID or a disability certificate number (ID + category + grade).
_SHORT_BODY = r"[0-9]{14}(?:[0-9]{2}[0-9Xx][1-7][1-4])?(?![0-9A-Za-z])"
_ID18 = re.compile(_START + _ID18_BODY)
_ID15_OR_CERT = re.compile(_START + _SHORT_BODY)
# Both in one pass over the text (see _id_shaped); the empty group marks an 18-character match.
_ID_SHAPED = re.compile(rf"{_START}(?:{_ID18_BODY}(?P<id18>)|{_SHORT_BODY})")
_MASKED = re.compile(r"[1-9](?<![0-9A-Za-z*][1-9])[0-9*]{16}[0-9Xx*](?![0-9A-Za-z*])")
_ALLOWED_GROUPINGS = ((6, 8, 4), (6, 4, 4, 4), (6, 6, 6), (10, 8), (18,))
_NOT_ID_CHAR = re.compile(r"[^0-9Xx]")
_GROUP_SEP = re.compile(r"[ \-]+")
_LINE_BREAK = re.compile(r"\r?\n[ \t]*")
# The second-generation disability certificate number (第二代残疾人证号) is the holder's ID number
# followed by the disability category (1 视力 ... 7 多重) and grade (1-4): the ID inside is an ID.
_CERT_LENGTH = 20
_PROVINCES = frozenset(f"{p:02d}" for p in PROVINCE_PREFIXES)


def calc_check_char(first17: str) -> str:
    """The GB 11643 MOD 11-2 check character for the first 17 digits.

    >>> calc_check_char("11010519491231002")
    'X'
    """
    if len(first17) != 17:
        raise ValueError(f"expected 17 digits, got {len(first17)}")
    if first17.isascii() and first17.isdigit():
        # The weights are 2**k mod 11 (k = 17 ... 1) and 13 = 2 (mod 11): the weighted sum is
        # 2 * (the digits read in base 13) modulo 11 -- one C-level int() instead of 17 products.
        return _CHECK[2 * int(first17, 13) % 11]
    return _CHECK[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


def birth_date(digits: str, today: _dt.date | None = None) -> _dt.date | None:
    """The birth date in an 18- or 15-digit ID, or None if it is not a real past date.

    >>> birth_date("11010519491231002X")
    datetime.date(1949, 12, 31)
    >>> birth_date("110105194913310021") is None
    True
    """
    d = _date(digits[6:14] if len(digits) == 18 else "19" + digits[6:12])
    if d is None or d > (today or _today()) or d.year < 1880:
        return None
    return d


_TODAY: list = [-1, None]  # [minute of the epoch, today's date]


def _today() -> _dt.date:
    """``date.today()``, asked of the clock once a minute (every timezone's midnight falls on a
    whole minute): it runs for every ID-shaped number of a big sheet."""
    minute = int(_time.time() // 60)
    if minute != _TODAY[0]:
        _TODAY[0], _TODAY[1] = minute, _dt.date.today()
    return _TODAY[1]  # type: ignore[no-any-return]


@lru_cache(maxsize=65536)  # about 180 years of days: every birth date of a big list, parsed once
def _date(yyyymmdd: str) -> _dt.date | None:
    try:
        return _dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def _born(yyyymmdd: str) -> tuple[_dt.date, str] | None:
    """A real date from 1880 on and its ISO string (one string per birth date, shared by every
    finding born that day); the caller checks it is not in the future."""
    d = _date(yyyymmdd)
    return None if d is None or d.year < 1880 else (d, d.isoformat())


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
        and n[:2] in _PROVINCES
        and birth_date(n) is not None
        and calc_check_char(n[:17]) == n[17]
    )


def _id_shaped(text: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The matches of ``_ID18`` and of ``_ID15_OR_CERT`` in ``text`` -- exactly what the two
    patterns find on their own -- from one pass over the text.

    An 18-digit match written in groups may hold a 15-digit number at its start or at a group
    start (``620602850317123 456``): only there is the second pattern run again.

    >>> [[m.group() for m in ms] for ms in _id_shaped("11010519491231002X，620602850317123")]
    [['11010519491231002X'], ['620602850317123']]
    """
    id18: list[re.Match[str]] = []
    short: list[re.Match[str]] = []
    for m in _ID_SHAPED.finditer(text):
        if m.start("id18") < 0:
            short.append(m)
            continue
        id18.append(m)
        start, end = m.span()
        if end - start != 18:  # groups: a shorter number cannot hide in one run of 18
            short.extend(_ID15_OR_CERT.finditer(text, start, end))
    return id18, short


class CnResidentIdRecognizer(CnRecognizer):
    """18-digit IDs (validated), 15-digit legacy IDs (context required), masked IDs (low)."""

    ENABLED = True
    ENTITIES = ("CN_RESIDENT_ID", "CN_RESIDENT_ID_MASKED")
    CONTEXT = ("身份证", "公民身份号码", "身份号码", "证件号", "证件号码", "身份证件", "居民身份", "证号", "身份证明")

    #: labels of numbers that are not a person's (a case, a contract, an order): an 18-digit number right
    #: after one that passes every ID check by chance is reported low, unless an ID word is near too
    NOT_PERSON_LABELS = (
        "案号", "案件编号", "案件号", "案卷号", "合同号", "合同编号", "订单号", "订单编号", "项目编号", "项目代码",
        "流水号", "批次号", "批号", "工单号", "报告编号", "受理编号", "备案编号", "不动产单元号", "宗地代码",
        "运单号", "快递单号", "物流单号", "发票号", "发票代码", "票据号", "单据号", "交易号", "保单号",
        "决定书编号", "文书编号", "通知书编号", "立案编号", "本案编号", "采购编号", "招标编号", "标段编号",
    )

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        today = _today()
        ok_rule, wrong_rule = self.rule(boost=0.05), self.rule(window=14, boost=0.3, missing_factor=0.0)
        id18, short = _id_shaped(text)
        for m in id18:
            c = self._id18(m.group(), m.start(), m.end(), today, ok_rule, wrong_rule)
            if c is not None:
                yield self._vetoed(text, c) if c.attributes.get("checksum_ok") else c
        certs, legacy = [], []
        for m in short:
            raw = m.group()
            if len(raw) == _CERT_LENGTH:
                c = self._in_certificate(raw[:18].upper(), m.start(), ok_rule)
                if c is not None:
                    certs.append(c)
            else:
                c = self._id15(raw, m.start(), m.end())
                if c is not None:
                    legacy.append(c)
        yield from certs
        yield from legacy
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

    def _vetoed(self, text: str, c: Candidate) -> Candidate:
        """``c`` made low when a not-a-person label stands just before it and no ID word is near.

        >>> r = CnResidentIdRecognizer()
        >>> t = "案件编号：320102198506120376"
        >>> [x.severity.label for x in r.find(t, ScanContext.for_text(t))]
        ['low']
        """
        label = find_keyword(text, c.start, self.NOT_PERSON_LABELS, 8)
        if label is None or find_keyword(text, c.start, self.CONTEXT, 16) is not None:
            return c
        return Candidate(c.entity_type, c.start, c.end, c.score,
                         [*c.explanation, f"前有“{label}”：应是案件/合同等编号，校验位偶合（低，请核实）"],
                         {**c.attributes, "vetoed_by": label}, Severity.LOW, context=c.context)

    def _id18(
        self, raw: str, start: int, end: int, today: _dt.date, ok_rule: ContextRule, wrong_rule: ContextRule
    ) -> Candidate | None:
        if len(raw) == 18:  # the common case: no separators
            digits = raw.upper()
        else:
            digits = _NOT_ID_CHAR.sub("", raw).upper()
            seps = _GROUP_SEP.split(_LINE_BREAK.sub("", raw))
            if tuple(len(g) for g in seps) not in _ALLOWED_GROUPINGS:
                return None
        if digits[:2] not in _PROVINCES:
            return None
        born = _born(digits[6:14])
        if born is None or born[0] > today:
            return None
        expl = ["18位身份证号格式", "出生日期有效"]
        attrs: dict[str, object] = {"length": 18, "birth_date": born[1]}
        if "\n" in raw:
            expl.append("号码跨行")
        if _CHECK[2 * int(digits[:17], 13) % 11] == digits[17]:  # calc_check_char: 17 ASCII digits here
            attrs["checksum_ok"] = True
            expl.append("校验位正确")
            return Candidate("CN_RESIDENT_ID", start, end, 0.95, expl, attrs, context=ok_rule)
        # wrong check character: only with an ID keyword nearby
        attrs["checksum_ok"] = False
        expl.append("校验位不符")
        return Candidate("CN_RESIDENT_ID", start, end, 0.5, expl, attrs, context=wrong_rule)

    @staticmethod
    def _in_certificate(digits: str, start: int, rule: ContextRule) -> Candidate | None:
        if not is_valid(digits):
            return None
        return Candidate(
            "CN_RESIDENT_ID", start, start + 18, 0.9,
            ["残疾人证号内含身份证号（身份证号+残疾类别等级代码）", "校验位正确"],
            {"length": 18, "birth_date": birth_date(digits).isoformat(), "checksum_ok": True,  # type: ignore[union-attr]
             "embedded_in": "disability_certificate"},
            context=rule,
        )

    def _id15(self, raw: str, start: int, end: int) -> Candidate | None:
        born = birth_date(raw) if int(raw[:2]) in PROVINCE_PREFIXES else None
        if born is None:
            return None
        return Candidate(
            "CN_RESIDENT_ID", start, end, 0.5,
            ["15位旧身份证号格式", "出生日期有效"],
            {"length": 15, "birth_date": born.isoformat(), "checksum_ok": None},
            context=self.rule(window=14, boost=0.4, missing_factor=0.0),
        )
