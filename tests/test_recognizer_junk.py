"""Junk sweep: every identifier recognizer survives odd input and finds nothing in pure junk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers.bank_card import CnBankCardRecognizer
from recognizers.cn_resident_id import CnResidentIdRecognizer
from recognizers.email import CnEmailRecognizer
from recognizers.ip_address import CnIpAddressRecognizer
from recognizers.license_plate import CnLicensePlateRecognizer
from recognizers.passport import CnPassportRecognizer
from recognizers.phone import CnPhoneRecognizer
from recognizers.travel_permit import CnTravelPermitRecognizer
from recognizers.uscc import CnUsccRecognizer
from screening.scan_context import ScanContext

RECOGNIZERS = [
    CnResidentIdRecognizer(), CnPhoneRecognizer(), CnBankCardRecognizer(), CnEmailRecognizer(),
    CnPassportRecognizer(), CnTravelPermitRecognizer(), CnLicensePlateRecognizer(), CnUsccRecognizer(),
    CnIpAddressRecognizer(),
]
IDS = [type(r).__name__ for r in RECOGNIZERS]

JUNK = [
    "",
    " ",
    "\n\n\t",
    "⑱",
    "⑱" * 30 + "①②③④⑤⑥⑦⑧⑨⑩⑪",
    "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨",  # Arabic-Indic digits: str.isdigit() is True, not ASCII digits
    "😀📱☎️💳" * 20,
    "１" * 40,  # a long full-width run: folded to 40 ASCII digits, too long for anything
    "1" * 100_000,
    "1 " * 5_000,
    "1-" * 5_000,
    "1\n" * 5_000,
    "@" * 500 + "." * 500 + ":" * 500,
    "a@" * 2_000,
    "*" * 1_000 + "139****5678",
    "甘" * 1_000 + "A" * 1_000,
    "\ud800\udfff",  # lone surrogates survive in Python strings
    "0" * 18 + "X",
]


@pytest.mark.parametrize("rec", RECOGNIZERS, ids=IDS)
@pytest.mark.parametrize("text", JUNK, ids=range(len(JUNK)))
def test_junk_finds_nothing(rec, text):
    assert rec.analyze(text, entities=list(rec.supported_entities)) == []


_ALPHABET = st.sampled_from(list("0123456789 -\n\tXx@.:*()+＋１２３甘A·号电话手机身份证银行卡账号护照通行证车牌IP转⑱"))


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_random_text_gives_valid_spans(text):
    ctx = ScanContext.for_text(text)
    for rec in RECOGNIZERS:
        for c in rec.find(ctx.text, ctx):
            assert 0 <= c.start < c.end <= len(ctx.text)
            assert 0.0 < c.score <= 1.0
            assert c.entity_type in rec.supported_entities
