"""CN_TRAVEL_PERMIT: 港澳/台湾通行证, 回乡证, 台胞证 -- always with a permit word nearby."""

from __future__ import annotations

import pytest

from recognizers.travel_permit import CnTravelPermitRecognizer
from tests.identifier_helpers import found, screener_with


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnTravelPermitRecognizer())


@pytest.mark.parametrize(
    ("text", "number", "permit"),
    [
        ("往来港澳通行证号码：C12345678", "C12345678", "港澳通行证"),
        ("港澳通行证CA1234567", "CA1234567", "港澳通行证"),
        ("大陆居民往来台湾通行证T12345678", "T12345678", "台湾通行证"),
        ("回乡证号码H1234567890", "H1234567890", "回乡证"),
        ("港澳居民来往内地通行证：M12345678", "M12345678", "回乡证"),
        ("台胞证号码12345678", "12345678", "台胞证"),
        ("序号\t姓名\t港澳通行证号\n1\t张某\tC87654321\n2\t李某\tC12345678\n", "C87654321", "港澳通行证"),
    ],
)
def test_permit_positives(scr, text, number, permit):
    fs = found(scr, text, "CN_TRAVEL_PERMIT")
    assert fs[0].text == number
    assert fs[0].attributes["permit"] == permit
    assert 0.9 <= fs[0].score <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "C12345678",
        "合同编号H12345678",
        "日期20240101，金额12345678元",
        "台湾省台北市，编号12345678",  # 台 but no permit word
        "港澳通行证办理须知：本通知共12345678字",  # a number far from the word
    ],
)
def test_permit_hard_negatives(scr, text):
    assert found(scr, text, "CN_TRAVEL_PERMIT") == []


def test_every_permit_word_holds_a_probe_of_its_kind():
    """The recognizer skips a kind when none of its probes is in the text: that is only safe if
    every word of the kind contains one of them."""
    from recognizers.travel_permit import _KIND_PROBES, _KINDS

    assert {permit for permit, _, _ in _KINDS} == set(_KIND_PROBES)
    for permit, _, words in _KINDS:
        for w in words:
            assert any(p in w for p in _KIND_PROBES[permit]), (permit, w)
