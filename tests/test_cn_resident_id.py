"""CN_RESIDENT_ID: GB 11643 check, dates, provinces, separators, legacy 15-digit, masked IDs."""

from __future__ import annotations

import datetime as dt

import pytest

from recognizers.cn_resident_id import CnResidentIdRecognizer, birth_date, calc_check_char, is_valid
from screening import Severity
from tests.identifier_helpers import found, make_id, screener_with

PID = make_id("620602", "19850317", "123")
PID_X = next(make_id("360428", "19870422", f"{s:03d}") for s in range(1000)
             if make_id("360428", "19870422", f"{s:03d}").endswith("X"))


def _wrong(pid: str) -> str:
    return pid[:17] + ("0" if pid[17] != "0" else "1")


WRONG = _wrong(PID)


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnResidentIdRecognizer())


@pytest.mark.parametrize(
    ("text", "number", "lo", "hi"),
    [
        (f"身份证号码：{PID}。", PID, 0.99, 1.0),
        (f"公民身份号码{PID_X.lower()}", PID_X.lower(), 0.99, 1.0),
        (f"申请人张某（{PID}）", PID, 0.9, 0.96),
        (f"身份证号{PID[:6]} {PID[6:14]} {PID[14:]}", f"{PID[:6]} {PID[6:14]} {PID[14:]}", 0.99, 1.0),
        (f"身份证号{PID[:6]}-{PID[6:10]}-{PID[10:14]}-{PID[14:]}", f"{PID[:6]}-{PID[6:10]}-{PID[10:14]}-{PID[14:]}", 0.99, 1.0),
        (f"身份证号码{PID[:10]}\n　　{PID[10:]}", f"{PID[:10]}\n　　{PID[10:]}", 0.99, 1.0),
        ("身份证号码" + PID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
         PID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")), 0.99, 1.0),
        ("序号\t姓名\t身份证号码\n1\t张某\t" + PID + "\n", PID, 0.99, 1.0),
        # legacy 15-digit IDs need a keyword
        ("原身份证号码620602850317123", "620602850317123", 0.85, 0.95),
        # a wrong check character next to an ID keyword is still a leak
        (f"身份证号：{WRONG}", WRONG, 0.75, 0.85),
    ],
)
def test_id_positives(scr, text, number, lo, hi):
    fs = found(scr, text, "CN_RESIDENT_ID")
    assert [f.text for f in fs] == [number]
    assert fs[0].severity == Severity.HIGH
    assert lo <= fs[0].score <= hi


def test_checksum_attribute(scr):
    (ok,) = found(scr, f"身份证号：{PID}", "CN_RESIDENT_ID")
    (bad,) = found(scr, f"身份证号：{WRONG}", "CN_RESIDENT_ID")
    assert ok.attributes["checksum_ok"] is True and ok.attributes["birth_date"] == "1985-03-17"
    assert bad.attributes["checksum_ok"] is False and "校验位不符" in bad.explanation


@pytest.mark.parametrize(
    "text",
    [
        f"案件编号：{WRONG}",  # wrong check character, no ID keyword
        f"申请编号：{_wrong(make_id('430102', '20231115', '890'))}",  # ID-shaped, check fails
        "订单号：012024063000123456",  # starts with 0
        f"身份证号{make_id('990101', '19850317', '123')}",  # no such province
        f"身份证号{make_id('620602', '19850230', '123')}",  # 30 February
        f"身份证号{make_id('620602', (dt.date.today() + dt.timedelta(days=400)).strftime('%Y%m%d'), '123')}",
        f"保单号9{PID}",  # 19 digits
        "620602850317123",  # 15 digits without keyword
        f"身份证号{PID[:4]} {PID[4:]}",  # not a known grouping
        "武政办发〔2023〕51号",
    ],
)
def test_id_hard_negatives(scr, text):
    assert found(scr, text, "CN_RESIDENT_ID") == []


@pytest.mark.parametrize(("masked", "stars"), [("620602********1234", 8), ("6206**********123X", 10)])
def test_masked_ids_are_low_and_not_full_ids(scr, masked, stars):
    fs = scr.scan_text(f"身份证号码：{masked}")
    assert [(f.entity_type, f.severity) for f in fs] == [("CN_RESIDENT_ID_MASKED", Severity.LOW)]
    assert fs[0].attributes["masked_digits"] == stars


def test_validators_without_the_engine():
    assert calc_check_char(PID[:17]) == PID[17]
    assert is_valid(PID) and is_valid(PID_X.lower()) and not is_valid(WRONG)
    assert birth_date(PID) == dt.date(1985, 3, 17)
    assert birth_date("620602850317123") == dt.date(1985, 3, 17)
    assert not is_valid("１" * 18)  # full-width digits must be folded first


@pytest.mark.parametrize(
    "text, expected",
    [
        # 第二代残疾人证号 = ID number + category (1-7) + grade (1-4): the ID part is reported
        ("持有残疾人证（证号11010519491231002X42）", "11010519491231002X"),
        ("残疾证号：1101051949123100 2X", None),  # not a certificate shape
        ("批次号 1101051949123100214", None),  # 19 digits: not a certificate
        ("案卷号 11010519491231002X58", None),  # valid ID + 58: grade 8 does not exist
        ("档案号 11010519491231002142", None),  # 20 digits whose first 18 fail the check
    ],
)
def test_disability_certificate_contains_an_id(screener, text, expected):
    ids = [f.text for f in screener.scan_text(text) if f.entity_type == "CN_RESIDENT_ID"]
    assert ids == ([expected] if expected else [])


@pytest.mark.parametrize(
    "text, found_",
    [
        ("身份证号 110105 194912 31002X。", True),  # 6-6-6 grouping
        ("身份证号 1101051949 1231002X。", True),  # 10-8 grouping
        ("编号 11 0105 1949 1231 002X。", False),  # an odd grouping is not joined into an ID
    ],
)
def test_other_groupings(screener, text, found_):
    ids = [f for f in screener.scan_text(text) if f.entity_type == "CN_RESIDENT_ID"]
    assert bool(ids) == found_


def test_check_char_agrees_with_the_weighted_sum():
    """calc_check_char reads the digits in base 13 (13 = 2 mod 11); it must equal GB 11643's sum."""
    import random

    weights = [pow(2, 17 - i, 11) for i in range(17)]
    rnd = random.Random(3)
    for _ in range(5000):
        first17 = f"{rnd.randrange(10**17):017d}"
        expected = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]
        assert calc_check_char(first17) == expected, first17
    assert calc_check_char("１" * 17) == calc_check_char("1" * 17)  # other digits take the slow path
    with pytest.raises(ValueError):
        calc_check_char("1234")


def test_id18_fast_branch_finds_what_the_general_pattern_finds():
    """_ID18 tries one run of 18 characters first; on any text it must match exactly as the
    general pattern (separators and line breaks allowed) alone does."""
    import random
    import re

    from recognizers.cn_resident_id import _ID18, _SEP

    general = re.compile(rf"[1-9](?<![0-9A-Za-z][1-9])(?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx](?![0-9A-Za-z])")
    rnd = random.Random(5)
    matched = 0
    for _ in range(3000):
        text = _digit_runs(rnd)
        expected = [m.span() for m in general.finditer(text)]
        assert [m.span() for m in _ID18.finditer(text)] == expected, repr(text)
        matched += len(expected)
    assert matched > 500  # the random texts do exercise the pattern


def test_one_pass_finds_what_both_patterns_find():
    """_id_shaped scans once for 18-digit IDs and for 15-digit IDs/certificates; on any text it
    must give exactly the matches of the two patterns run separately."""
    import random

    from recognizers.cn_resident_id import _ID15_OR_CERT, _ID18, _id_shaped

    rnd = random.Random(6)
    counts = [0, 0]
    texts = [f"{PID[:15]} {PID[15:]}", f"{PID[:3]} {PID[3:]}", "620602850317123\n456", f"{PID}31 {PID[:15]}"]
    texts += [_digit_runs(rnd, (3, 6, 10, 14, 15, 15, 16, 17, 18, 19, 20)) for _ in range(3000)]
    for text in texts:
        id18, short = _id_shaped(text)
        expected = [m.span() for m in _ID18.finditer(text)], [m.span() for m in _ID15_OR_CERT.finditer(text)]
        assert ([m.span() for m in id18], [m.span() for m in short]) == expected, repr(text)
        counts[0] += len(expected[0])
        counts[1] += len(expected[1])
    assert min(counts) > 300


def test_legacy_ids_and_certificates_in_one_text(scr):
    """15-digit IDs and disability certificates come from one regex pass; both are still found."""
    text = f"原身份证号码620602850317123，残疾人证号{PID}31，身份证号{PID_X}"
    assert [f.text for f in found(scr, text, "CN_RESIDENT_ID")] == ["620602850317123", PID, PID_X]


def _digit_runs(rnd, lengths: tuple[int, ...] = tuple(range(1, 21))) -> str:
    """Digit runs of random lengths (1-20) joined by separators, line breaks, letters, ``*``."""
    joins = [" ", "-", "\n", "\r\n", "\n  ", " \n", "X", "x", "a", "*", "号", "\t", ""]
    return "".join(f"{rnd.randrange(10**20):020d}"[: rnd.choice(lengths)] + rnd.choice(joins) for _ in range(6))


# -- issue 14: a number after a case/contract/order label that passes the ID checks by chance ----------
_CHANCE = "320102198506120376"  # invented; passes the date and check-character tests


@pytest.mark.parametrize("label", ["案件编号：", "合同号 ", "订单号：", "项目编号", "不动产单元号："])
def test_checksum_valid_number_after_a_not_a_person_label_is_low(label):
    from screening import Screener

    [f] = [f for f in Screener().scan_text(label + _CHANCE + "。") if f.entity_type == "CN_RESIDENT_ID"]
    assert f.severity.label == "low" and not f.is_flagged
    assert f.attributes["vetoed_by"] in label


@pytest.mark.parametrize(
    "text",
    [
        "身份证编号：" + _CHANCE,  # 编号 alone is ambiguous: never a veto
        "档案编号：" + _CHANCE,
        "合同号：2024-01，乙方身份证号" + _CHANCE,  # an ID word nearer than the label
        "申请人王建华，编号" + _CHANCE,
    ],
)
def test_veto_needs_a_case_label_and_no_id_word(text):
    from screening import Screener

    [f] = [f for f in Screener().scan_text(text) if f.entity_type == "CN_RESIDENT_ID"]
    assert f.severity.label == "high"


@pytest.mark.parametrize(
    "label",
    ["运单号：", "快递单号 ", "发票号码：", "保单号：", "决定书编号：", "立案编号：", "本案编号", "采购编号：", "交易号："],
)
def test_more_not_a_person_labels_veto_a_chance_checksum(label):
    from screening import Screener

    [f] = [f for f in Screener().scan_text("经核查，" + label + _CHANCE + "。") if f.entity_type == "CN_RESIDENT_ID"]
    assert f.severity.label == "low" and f.attributes["vetoed_by"] in label


@pytest.mark.parametrize(
    "text",
    [
        "快递单号已登记，收件人身份证号" + _CHANCE,  # the ID word is nearer than the label
        "保单号：PA20250101，被保险人孙立华，公民身份号码" + _CHANCE,
        "决定书已送达当事人韩某，" + _CHANCE,  # 决定书 without 编号 is no label
    ],
)
def test_more_labels_no_veto_with_an_id_word(text):
    from screening import Screener

    [f] = [f for f in Screener().scan_text(text) if f.entity_type == "CN_RESIDENT_ID"]
    assert f.severity.label == "high"


# -- a capital-letter prefix (issue 14: the student number 全国学籍号 is G + the pupil's ID number) --------
def test_student_number_g_prefix_is_the_pupils_id() -> None:
    from reader_fixtures import make_id

    from screening import Screener

    pid = make_id(7)
    text = f"学生档案：全国学籍号G{pid}，现就读于某小学三年级。"
    found = [f for f in Screener().scan_text(text) if f.entity_type == "CN_RESIDENT_ID"]
    assert [f.text for f in found] == [pid]


@pytest.mark.parametrize("prefix", ["AG", "g", "7", "GX"])
def test_hard_negative_lowercase_or_two_letter_prefix_is_a_serial_number(prefix: str) -> None:
    from reader_fixtures import make_id

    from screening import Screener

    text = f"设备序列号{prefix}{make_id(7)}已登记。"
    assert not [f for f in Screener().scan_text(text) if f.entity_type == "CN_RESIDENT_ID"]
