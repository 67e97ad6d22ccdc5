"""CN_LICENSE_PLATE: mainland motor-vehicle plates (GA 36), ordinary and new-energy.

A province abbreviation, the issuing-authority letter (never I/O), an optional dot or space
(``甘H·6B215``, ``蒙B·3H62P``, ``京A 12345``), then:

- ordinary: 5 characters of letters/digits with at least 3 digits, or 4 plus a 警/学/挂/领/港/澳/试/超
  suffix;
- new energy (8 characters): a small vehicle ``D``/``F`` (and the newer A-K letters) + a letter or
  digit + 4 digits (``川QF27364``), a large vehicle 5 digits + ``D``/``F``.

Document numbers (甘政发〔2024〕12号), licences (京ICP备..., 粤B2-20090059) and longer codes do not
fit the shape; the digit/letter look-arounds stop matches inside longer codes.

>>> from screening.scan_context import ScanContext
>>> [(text[c.start:c.end], c.attributes["new_energy"]) for text in ["号牌为川QF27364的车辆，另有蒙B·3H62P"]
...  for c in CnLicensePlateRecognizer().find(text, ScanContext.for_text(text))]
[('川QF27364', True), ('蒙B·3H62P', False)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recognizers._cues import has_digit
from recognizers.base import Candidate, CnRecognizer
from screening.scan_context import ScanContext

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_L = "[A-HJ-NP-Z]"
_A = "[A-HJ-NP-Z0-9]"
_PLATE = re.compile(
    rf"[{PROVINCES}](?<![A-Za-z0-9][{PROVINCES}]){_L}[·•・‧.\- ]?"
    rf"(?:[A-HJK]{_A}[0-9]{{4}}|[0-9]{{5}}[DF]|[DF]{_A}{{5}}|{_A}{{4}}[A-HJ-NP-Z0-9挂学警领港澳试超])"
    r"(?![A-Za-z0-9])"
)
CONTEXT_WORDS = ("车牌", "号牌", "车辆", "驾驶", "机动车", "牌照", "车号", "停放", "停车", "违停", "车")


def plate_kind(body: str) -> str | None:
    """``"new_energy"`` / ``"ordinary"`` for the part after the authority letter, or None.
    ``"new_energy_loose"``: D/F + five letters/digits with at least three digits, off the GA 36 letter
    positions (a typo or a sloppy transcription: ``D6Q275``); kept only next to a vehicle word.

    >>> plate_kind("D35791"), plate_kind("5K73M"), plate_kind("ABCDE"), plate_kind("1234学")
    ('new_energy', 'ordinary', None, 'ordinary')
    >>> plate_kind("D6Q275"), plate_kind("DQQ2X5")
    ('new_energy_loose', None)
    """
    if len(body) == 6:
        if (body[0] in "ABCDEFGHJK" and body[2:].isdigit()) or (body[:5].isdigit() and body[5] in "DF"):
            return "new_energy"
        if body[0] in "DF" and sum(c.isdigit() for c in body[1:]) >= 3:
            return "new_energy_loose"
        return None
    if len(body) == 5 and sum(c.isdigit() for c in body) >= 3:
        return "ordinary"
    return None


class CnLicensePlateRecognizer(CnRecognizer):
    """Ordinary (7-character) and new-energy (8-character) plates."""

    ENABLED = True
    ENTITIES = ("CN_LICENSE_PLATE",)
    CONTEXT = CONTEXT_WORDS

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if not has_digit(text):
            return
        for m in _PLATE.finditer(text):
            raw = m.group()
            body = raw[2:].lstrip("·•・‧.- ")
            kind = plate_kind(body)
            if kind is None:
                continue
            loose = kind == "new_energy_loose"
            expl = ["新能源号牌格式（8位）" if kind == "new_energy" else
                    "近似新能源号牌（字母位置不规范，需车辆上下文）" if loose else "机动车号牌格式"]
            if len(raw) - 2 != len(body):
                expl.append("号牌含分隔点")
            yield Candidate(
                "CN_LICENSE_PLATE", m.start(), m.end(), 0.75, expl,
                {"province": raw[0], "new_energy": kind != "ordinary",
                 "suffix": body[-1] if not body[-1].isascii() else ""},
                context=self.rule(window=16, boost=0.2, missing_factor=0.0 if loose else 0.85),
            )
