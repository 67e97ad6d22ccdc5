"""CN_PASSPORT: People's Republic of China passport numbers.

Forms (an uppercase letter is folded from full width by the normalizer):

- ordinary e-passports ``E12345678`` and ``EA1234567`` (E + letter other than I/O + 7 digits),
  older ordinary ``G12345678``: distinctive, reported without context (lower score) and raised by
  护照 nearby;
- service/diplomatic/public-affairs ``P``/``S``/``D`` + 7 digits, ``SE``/``DE``/``PE`` + 7
  digits, ``K`` + 8 digits: weak shapes (many codes look like that), 护照 context required;
- any other (a foreign national's) passport number: 6-9 capital letters and digits right after a
  护照号码/Passport No. label (a Russian passport's 2-digit series and 7-digit number may be spaced).

>>> from screening.scan_context import ScanContext
>>> [(c.attributes["form"], c.score) for c in CnPassportRecognizer().find(
...     "护照号码EB3052819", ScanContext.for_text(""))]
[('E', 0.7)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recognizers._cues import has_digit
from recognizers.base import Candidate, CnRecognizer
from screening.scan_context import ScanContext

_STRONG = re.compile(r"[EG](?<![0-9A-Za-z][EG])(?:(?<=E)[0-9]{8}|(?<=E)[A-HJ-NP-Z][0-9]{7}|(?<=G)[0-9]{8})(?![0-9A-Za-z])")
_WEAK = re.compile(
    r"[PSDK1](?<![0-9A-Za-z][PSDK1])(?:(?<=[PSD])E?[0-9]{7}|(?<=K)[0-9]{8}|(?<=1)[45][0-9]{7})(?![0-9A-Za-z])"
)

CONTEXT_WORDS = ("护照", "passport", "Passport", "PASSPORT", "出入境证件", "旅行证件")
#: any country's passport number right after its label (护照号码M48273915, Passport No. 12AB34567, a Russian
#: series and number 72 4810397)
_LABELLED = re.compile(
    r"(?:护照(?:号码|号|编号)?|[Pp]assport\s*(?:[Nn]o\.?|[Nn]umber)?)\s*[:：]?\s*"
    r"(?P<v>(?=[0-9A-Z]*[0-9])[A-Z0-9]{6,9}|[0-9]{2} [0-9]{7})(?![0-9A-Za-z])"
)


class CnPassportRecognizer(CnRecognizer):
    """Chinese passport numbers: E/EA/G forms alone, weaker forms only next to 护照."""

    ENABLED = True
    ENTITIES = ("CN_PASSPORT",)
    CONTEXT = CONTEXT_WORDS

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if not has_digit(text):
            return
        for m in _STRONG.finditer(text):
            yield Candidate(
                "CN_PASSPORT", m.start(), m.end(), 0.7,
                [f"护照号码格式（{m.group()[0]}字头，普通护照）"], {"form": m.group()[0]},
                context=self.rule(window=20, boost=0.3, missing_factor=0.6),
            )
        seen = {m.start() for m in _STRONG.finditer(text)}
        weak = list(_WEAK.finditer(text)) if any(w in text for w in self.context) else []
        seen.update(m.start() for m in weak)
        for m in _LABELLED.finditer(text) if weak or any(w in text for w in self.context) else ():
            if m.start("v") not in seen:
                yield Candidate(
                    "CN_PASSPORT", m.start("v"), m.end("v"), 0.85,
                    [f"护照号码（紧随“{m.group().split(m.group('v'))[0].strip(' :：')}”标签，含外国护照）"],
                    {"form": "labelled"},
                )
        for m in weak:
            form = m.group()[:2] if m.group()[1] == "E" else m.group()[0]
            yield Candidate(
                "CN_PASSPORT", m.start(), m.end(), 0.5,
                [f"护照号码格式（{form}字头），需上下文"], {"form": form},
                context=self.rule(window=14, boost=0.4, missing_factor=0.0),
            )
