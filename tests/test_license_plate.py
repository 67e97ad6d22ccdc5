"""CN_LICENSE_PLATE: ordinary, new-energy (8 characters), dotted plates; document numbers are not plates."""

from __future__ import annotations

import pytest

from recognizers.license_plate import CnLicensePlateRecognizer
from tests.identifier_helpers import found, screener_with


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnLicensePlateRecognizer())


@pytest.mark.parametrize(
    ("text", "plate", "new_energy", "lo", "hi"),
    [
        ("驾驶号牌为甘A12345的小型轿车", "甘A12345", False, 0.9, 1.0),
        ("车牌号：甘H·6B215", "甘H·6B215", False, 0.9, 1.0),
        ("日常驾驶车辆号牌蒙A•5K73M。", "蒙A•5K73M", False, 0.9, 1.0),
        ("车辆号牌：川QF27364（小型新能源轿车）", "川QF27364", True, 0.9, 1.0),
        ("私家车（号牌豫AD30582）", "豫AD30582", True, 0.9, 1.0),
        ("大型新能源客车粤B12345D", "粤B12345D", True, 0.9, 1.0),
        ("机动车京A 12345", "京A 12345", False, 0.9, 1.0),
        ("警车京A1234警", "京A1234警", False, 0.9, 1.0),
        ("教练车号牌鲁B2345学", "鲁B2345学", False, 0.9, 1.0),
        ("车牌号码：浙Ａ１２３４５", "浙Ａ１２３４５", False, 0.9, 1.0),
        # D/F + five with the letter off its GA 36 place: a plate only next to a vehicle word
        ("其兄驾驶车辆鄂F·D7K391往返", "鄂F·D7K391", True, 0.9, 1.0),
        # no context: still a plate shape, lower score
        ("张某名下湘A88K66一辆", "湘A88K66", False, 0.6, 0.7),
    ],
)
def test_plate_positives(scr, text, plate, new_energy, lo, hi):
    fs = found(scr, text, "CN_LICENSE_PLATE")
    assert [f.text for f in fs] == [plate]
    assert fs[0].attributes["new_energy"] is new_energy
    assert fs[0].attributes["province"] == plate[0]
    assert lo <= fs[0].score <= hi


@pytest.mark.parametrize(
    "text",
    [
        "甘政发〔2024〕12号",
        "京ICP备12345678号",
        "粤B2-20090059",
        "川A123456789",  # too long
        "京AI2345",  # I is never used
        "甘ABCDE",  # no digits
        "新A级景区",
        "湘AB1CD",  # only one digit
        "G312国道、沪昆高速",
        "批次号鄂FD7K391已归档",  # the loose new-energy shape without a vehicle word
    ],
)
def test_plate_hard_negatives(scr, text):
    assert found(scr, text, "CN_LICENSE_PLATE") == []
