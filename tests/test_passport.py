"""CN_PASSPORT: E/EA/G forms alone (weaker without 护照), P/S/D/K forms only with context."""

from __future__ import annotations

import pytest

from recognizers.passport import CnPassportRecognizer
from tests.identifier_helpers import found, screener_with


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnPassportRecognizer())


@pytest.mark.parametrize(
    ("text", "number", "form", "lo", "hi"),
    [
        ("护照号码E12345678，", "E12345678", "E", 0.95, 1.0),
        ("持有因私护照（号码EK5190374）", "EK5190374", "E", 0.95, 1.0),
        ("护照号：ｅａ１２３４５６７".upper(), "ＥＡ１２３４５６７", "E", 0.95, 1.0),
        ("旧版护照G12345678", "G12345678", "G", 0.95, 1.0),
        ("公务护照号码：SE1234567", "SE1234567", "SE", 0.85, 0.95),
        ("外交护照D1234567", "D1234567", "D", 0.85, 0.95),
        ("因公普通护照 P1234567", "P1234567", "P", 0.85, 0.95),
        ("Passport No. E98765432", "E98765432", "E", 0.95, 1.0),
        # the strong form without any context is still reported, with a lower score
        ("当事人某某，E12345678，男", "E12345678", "E", 0.35, 0.5),
    ],
)
def test_passport_positives(scr, text, number, form, lo, hi):
    fs = found(scr, text, "CN_PASSPORT")
    assert [f.text for f in fs] == [number]
    assert fs[0].attributes["form"] == form
    assert lo <= fs[0].score <= hi


@pytest.mark.parametrize(
    "text",
    [
        "型号P1234567",  # weak form without 护照
        "编号D1234567、S7654321",
        "产品E123456789",  # nine digits
        "EI1234567护照",  # I is never used
        "G312国道改线工程",
        "武政办发〔2023〕51号",
        "护照办理费用120元，E1234567",  # seven digits after E
    ],
)
def test_passport_hard_negatives(scr, text):
    assert found(scr, text, "CN_PASSPORT") == []
