"""CN_USCC: unified social credit codes (GB 32100-2015), organisation information (``low``).

Validated as python-stdnum's ``cn.uscc`` does (8 digits, 10 characters of the code alphabet without
I/O/S/V/Z, the MOD 31 check character), in one C-level ``int()`` (a test compares the two). Reported so that a reviewer sees them and, above all, so
that an 18-character code is not taken for a resident ID: a valid code scores 0.95 like a valid ID
without context, and 1.0 with 统一社会信用代码 nearby, which beats an ID without its own context in
overlap resolution (an ID *with* ID context still wins a tie by severity). A code of digits only
passes the check by chance for 1 in 31 ID-shaped case numbers, so it needs 统一社会信用代码 (or
纳税人识别号 ...) before it or in its column header.

>>> from screening.scan_context import ScanContext
>>> [(c.attributes["checksum_ok"], c.severity.label) for c in CnUsccRecognizer().find(
...     "统一社会信用代码：91110000600037341L", ScanContext.for_text(""))]
[(True, 'low')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recognizers._cues import has_digit
from recognizers.base import Candidate, CnRecognizer, find_keyword
from screening.findings import Severity
from screening.scan_context import ScanContext

_USCC = re.compile(r"[0-9](?<![0-9A-Za-z][0-9])[0-9]{7}[0-9A-HJ-NP-RTUWXY]{10}(?![0-9A-Za-z])")
#: registering authority + entity type (GB 32100 table 1/2); the check needs 8 leading digits.
AUTHORITY_TYPES = frozenset(
    "11 12 13 19 21 29 31 32 33 34 35 39 41 49 51 52 53 59 61 62 69 71 72 79 81 89 91 92 93".split()
)
CONTEXT_WORDS = ("统一社会信用代码", "社会信用代码", "信用代码", "纳税人识别号", "税号", "注册号", "USCC")


class CnUsccRecognizer(CnRecognizer):
    """Valid unified social credit codes, low severity (organisation information)."""

    ENABLED = True
    ENTITIES = ("CN_USCC",)
    CONTEXT = CONTEXT_WORDS

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if not has_digit(text):
            return
        for m in _USCC.finditer(text):
            code = m.group()
            if code[:2] not in AUTHORITY_TYPES:
                continue
            if not _check_ok(code):
                continue
            word = None
            if code.isdigit():
                # all digits: as often an ID-shaped case number passing the check by chance (1 in 31)
                word = find_keyword(text, m.start(), CONTEXT_WORDS, 20) or _header_word(ctx, m.start())
                if word is None:
                    continue
            expl = ["统一社会信用代码格式", "GB 32100 校验位正确", "机构信息（低）"]
            if word is not None:
                expl.append(f"全数字代码，上下文“{word}”")
            yield Candidate(
                "CN_USCC", m.start(), m.end(), 0.95, expl,
                {"checksum_ok": True, "authority": code[0], "entity_type_code": code[1], "region": code[2:8]},
                Severity.LOW, context=self.rule(window=20, boost=0.05),
            )


_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # value = index; the code's 31 characters
_AS_DIGITS = str.maketrans(_ALPHABET, "0123456789abcdefghijklmnopqrstu")  # each value as an int() digit


def _check_ok(code: str) -> bool:
    """python-stdnum's ``uscc.is_valid`` for a string matching ``_USCC`` (18 characters of the code
    alphabet, 8 digits first), in one C-level ``int()``: the weights are 3**i mod 31 and
    34 = 3 (mod 31), so the weighted sum is the first 17 characters reversed, read in base 34.

    >>> _check_ok("91110000600037341L"), _check_ok("91110000600037341K")
    (True, False)
    """
    total = int(code[16::-1].translate(_AS_DIGITS), 34)
    return code[17] == _ALPHABET[-total % 31]


def _header_word(ctx: ScanContext, pos: int) -> str | None:
    header = ctx.column_header_at(pos)
    return next((w for w in CONTEXT_WORDS if header and w in header), None)
