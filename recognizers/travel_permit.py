"""CN_TRAVEL_PERMIT: 港澳通行证, 台湾通行证, 回乡证 and 台胞证 numbers (context required).

Each shape is also a plausible code of something else, so a permit word must be near (within the
window before the number or in its table column header):

- 往来港澳通行证: ``C`` + 8 digits, or ``C`` + a letter + 7 digits (electronic permits);
- 往来台湾通行证: ``T``/``L`` + 8 digits;
- 港澳居民来往内地通行证 (回乡证): ``H``/``M`` + 8 or 10 digits;
- 台湾居民来往大陆通行证 (台胞证): 8 digits, or 10 digits with an optional letter in brackets.

>>> from screening.scan_context import ScanContext
>>> [(c.attributes["permit"], c.context.missing_factor) for c in CnTravelPermitRecognizer().find(
...     "港澳通行证号码C12345678", ScanContext.for_text(""))]
[('港澳通行证', 0.0)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recognizers._cues import has_digit
from recognizers.base import Candidate, CnRecognizer, ContextRule, find_keyword
from screening.scan_context import ScanContext

# Each pattern starts with a literal or a set and checks its look-behind right after it (fast scan).
_HK_MO = re.compile(r"C(?<![0-9A-Za-z]C)(?:[0-9]{8}|[A-HJ-NP-Z][0-9]{7})(?![0-9A-Za-z])")
_TW = re.compile(r"[TL](?<![0-9A-Za-z][TL])[0-9]{8}(?![0-9A-Za-z])")
_HOME_RETURN = re.compile(r"[HM](?<![0-9A-Za-z][HM])[0-9]{8}(?:[0-9]{2})?(?![0-9A-Za-z])")
_TAIBAO = re.compile(r"[0-9](?<![0-9A-Za-z\-][0-9])(?:[0-9]{7}|[0-9]{9}(?:\([A-Z]\))?)(?![0-9A-Za-z\-])")

_GENERIC = ("通行证", "证件号", "证件号码", "出入境证件")
_KINDS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("港澳通行证", _HK_MO, ("港澳通行证", "往来港澳", "港澳通行", *_GENERIC)),
    ("台湾通行证", _TW, ("台湾通行证", "往来台湾", "赴台", "大陆居民往来台湾", *_GENERIC)),
    ("回乡证", _HOME_RETURN, ("回乡证", "来往内地通行证", "港澳居民", *_GENERIC)),
    ("台胞证", _TAIBAO, ("台胞证", "台湾居民来往大陆", "来往大陆通行证")),
)

# Every permit word of a kind holds one of its probes (a test checks it): when none of a kind's
# probes is in the text, none of its words is, and the kind is skipped after a few scans.
_KIND_PROBES: dict[str, tuple[str, ...]] = {
    "港澳通行证": ("港澳", "通行证", "证件"),
    "台湾通行证": ("台", "通行证", "证件"),
    "回乡证": ("回乡证", "通行证", "港澳", "证件"),
    "台胞证": ("台", "通行证"),
}
_PROBES = tuple(dict.fromkeys(p for probes in _KIND_PROBES.values() for p in probes))


class CnTravelPermitRecognizer(CnRecognizer):
    """Travel permits for Hong Kong/Macao/Taiwan, only with a permit word near the number."""

    ENABLED = True
    ENTITIES = ("CN_TRAVEL_PERMIT",)
    CONTEXT = ("通行证", "回乡证", "台胞证")

    def find(self, text: str, ctx: ScanContext) -> Iterable[Candidate]:
        if not has_digit(text):
            return
        probes = {p: p in text for p in _PROBES}  # a few substring scans instead of one per word
        for permit, pattern, words in _KINDS:
            if not any(probes[p] for p in _KIND_PROBES[permit]) or not any(w in text for w in words):
                continue  # no permit word anywhere (column headers are in the text too)
            for m in pattern.finditer(text):
                if not _near(text, m.start(), words, ctx):
                    continue  # cheap pre-check: the enhancer would drop it anyway
                yield Candidate(
                    "CN_TRAVEL_PERMIT", m.start(), m.end(), 0.55,
                    [f"{permit}号码格式，需上下文"], {"permit": permit},
                    context=ContextRule(words=words, window=16, boost=0.4, missing_factor=0.0),
                )


def _near(text: str, start: int, words: tuple[str, ...], ctx: ScanContext) -> bool:
    if find_keyword(text, start, words, 16) is not None:
        return True
    header = ctx.column_header_at(start)
    return header is not None and any(w in header for w in words)
