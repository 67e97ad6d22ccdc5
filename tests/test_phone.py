"""PHONE_NUMBER: mobiles, landlines, service numbers; who owns the number; hard negatives."""

from __future__ import annotations

import pytest

from recognizers.cn_resident_id import CnResidentIdRecognizer
from recognizers.phone import CnPhoneRecognizer, check_number
from screening import Severity
from tests.identifier_helpers import found, make_id, score_of, screener_with

H, M, L = Severity.HIGH, Severity.MEDIUM, Severity.LOW


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnPhoneRecognizer(), CnResidentIdRecognizer())


@pytest.mark.parametrize(
    ("text", "number", "kind", "severity", "lo", "hi"),
    [
        ("联系电话：13912345678。", "13912345678", "mobile", H, 0.9, 1.0),
        ("手机：139 1234 5678，", "139 1234 5678", "mobile", H, 0.9, 1.0),
        ("手机号码158-1234-5678", "158-1234-5678", "mobile", H, 0.9, 1.0),
        ("联系方式：+86 177 0898 2263", "+86 177 0898 2263", "mobile", H, 0.9, 1.0),
        ("电话0086-18612345678", "0086-18612345678", "mobile", H, 0.9, 1.0),
        ("电话：(+86)191-4471-0538", "(+86)191-4471-0538", "mobile", H, 0.9, 1.0),
        ("电话：（＋８６）１３８７３９７８７１９", "（＋８６）１３８７３９７８７１９", "mobile", H, 0.9, 1.0),
        ("联系电话１３８　７３９７　８７１９", "１３８　７３９７　８７１９", "mobile", H, 0.9, 1.0),
        ("联系电话176-3318-\n2094，", "176-3318-\n2094", "mobile", H, 0.9, 1.0),
        ("联系电话1763318\n　　2094，", "1763318\n　　2094", "mobile", H, 0.9, 1.0),
        # an unusual grouping of the eleven digits, after a phone label
        ("联系电话：1391 2345 678。", "1391 2345 678", "mobile", H, 0.9, 1.0),
        ("手机 13 9123 45678", "13 9123 45678", "mobile", H, 0.9, 1.0),
        # a government contact person's own mobile is personal too
        ("经办人：王某某　15687203349", "15687203349", "mobile", H, 0.6, 0.8),
        ("监督电话：13912345678", "13912345678", "mobile", M, 0.9, 1.0),
        # landlines: an organisation's unless a private cue says otherwise
        ("家庭电话0573-82261947，", "0573-82261947", "landline", H, 0.8, 0.9),
        ("座机(0935)2212345（家中座机）", "(0935)2212345", "landline", H, 0.8, 0.9),
        ("住宅电话：0451 83127760", "0451 83127760", "landline", H, 0.8, 0.9),
        ("办公电话：0935-2212345", "0935-2212345", "landline", L, 0.8, 0.9),
        ("咨询电话：（0931）8765432", "（0931）8765432", "landline", L, 0.8, 0.9),
        ("联系电话：010-62345678转123", "010-62345678转123", "landline", L, 0.8, 0.9),
        ("传真：027-86613042", "027-86613042", "landline", L, 0.8, 0.9),
        ("申请人李某某，联系电话0931-8765432。", "0931-8765432", "landline", M, 0.8, 0.9),
        # any private role word of the person recognizer makes a landline in the sentence maybe private
        ("经营者刘某某，电话 0755-26781234，", "0755-26781234", "landline", M, 0.8, 0.9),
        ("受助人王某某（联系电话：0871-63345678）", "0871-63345678", "landline", M, 0.8, 0.9),
        ("电话：8765432", "8765432", "landline", L, 0.5, 0.6),
        # service numbers: low, context required
        ("请拨打12345政务服务便民热线", "12345", "service", L, 0.55, 0.65),
        ("投诉举报电话：12315", "12315", "service", L, 0.55, 0.65),
        ("客服电话95588", "95588", "service", L, 0.55, 0.65),
        ("受伤后立即拨打120", "120", "service", L, 0.55, 0.65),
        ("全国服务热线400-812-3123", "400-812-3123", "service", L, 0.55, 0.65),
    ],
)
def test_phone_positives(scr, text, number, kind, severity, lo, hi):
    fs = found(scr, text, "PHONE_NUMBER")
    assert [f.text for f in fs] == [number]
    f = fs[0]
    assert f.attributes["kind"] == kind
    assert f.severity == severity
    assert lo <= f.score <= hi
    assert f.explanation


def test_mobile_attributes_record_validity_and_carrier(scr):
    (f,) = found(scr, "手机13912345678", "PHONE_NUMBER")
    assert f.attributes["valid"] is True
    assert f.attributes["carrier"]  # e.g. 中国移动, from phonenumbers' carrier data
    (g,) = found(scr, "手机14012345678", "PHONE_NUMBER")  # 140 is not an allocated range
    assert g.attributes["valid"] is False
    assert g.score < f.score


def test_landline_attributes(scr):
    (f,) = found(scr, "办公电话：0935-2212345-806", "PHONE_NUMBER")
    assert f.attributes == {"kind": "landline", "valid": True, "area_code": "0935", "extension": "806"}


def test_private_landline_in_a_table_row_with_an_id(scr):
    text = f"姓名\t身份证号\t联系电话\n张某\t{make_id()}\t0931-8765432\n李某\t{make_id(seq='456')}\t0931-8765433\n"
    fs = found(scr, text, "PHONE_NUMBER")
    assert [f.severity for f in fs] == [H, H]


def test_context_raises_a_mobile(scr):
    assert score_of(scr, "手机：13912345678", "PHONE_NUMBER") > score_of(scr, "甲乙丙：13912345678", "PHONE_NUMBER")


@pytest.mark.parametrize(
    "text",
    [
        "执法人员：刘某（执法证号13420116072）",
        "准考证号：14501160725",
        "热线工单号：13906180327",
        "交易系统项目编码：13452209867",
        "序号\t姓名\t准考证号\n1\t张某\t14301180526\n2\t李某\t13901170318\n",
        "职位代码14520310005002",
        "手机号码按“139****5678”格式隐去中间四位",
        "原号码186****1234已停机",
        "邮编：330096",
        "罚款人民币12,345.00元",
        "罚款12345元",
        "依据第一百二十条第120项",
        "2024-05-06 至 2024-06-30",
        "武政办发〔2023〕51号",
        "订单号139123456789012",
        "14012345678",  # unallocated range and no phone word
        "编号：0931-8765432",
        # unusual groupings without a phone label: amounts, counts, codes
        "共计1391 2345 678元",
        "编号 1391 2345 678",
        "手机 13 91 23 45 678",  # five groups: no way to write a phone number
    ],
)
def test_phone_hard_negatives(scr, text):
    assert found(scr, text, "PHONE_NUMBER") == []


def test_id_is_never_a_phone(scr):
    pid = make_id("130102", "19850317", "123")
    fs = scr.scan_text(f"身份证号：{pid}，手机13912345678")
    assert [(f.entity_type, f.text) for f in fs] == [("CN_RESIDENT_ID", pid), ("PHONE_NUMBER", "13912345678")]


def test_mobile_inside_a_spaced_card_is_not_a_phone(scr):
    assert found(scr, "卡号 6228 4807 1391 2345 678", "PHONE_NUMBER") == []


def test_check_number_is_cached_and_classifies():
    assert check_number("13912345678")[:2] == (True, "mobile")
    assert check_number("09352212345")[:2] == (True, "landline")
    assert check_number("4008123123")[:2] == (True, "service")
    assert check_number("abc") == (False, "", "")


def test_landline_in_a_spreadsheet_row_with_an_id_is_private(tmp_path):
    # Regression: the "row holds an ID" rule looked at the line, and a sheet cell is its own line.
    from openpyxl import Workbook

    from screening import Screener
    from screening.documents import read_document

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "户主姓名", "身份证号", "联系电话"])
    ws.append([1, "某甲", make_id(), "0935-2216677"])
    ws.append([2, "某乙", "", "0935-2216688"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    phones = {f.text: f for f in Screener().scan_document(read_document(path)) if f.entity_type == "PHONE_NUMBER"}
    assert phones["0935-2216677"].severity is Severity.HIGH
    assert phones["0935-2216688"].severity is Severity.LOW  # no ID in that row: an office line by default


# -- holdout4: a bare "86" country code followed by a separator ----------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("| 孟某 | 7栋302室 | 86 137 2208 4419 | 同意 |", "86 137 2208 4419"),
        ("联系电话：86-158-3302-7716。", "86-158-3302-7716"),
    ],
)
def test_bare_86_country_code_is_part_of_the_mobile(scr, text, number):
    assert [f.text for f in found(scr, text, "PHONE_NUMBER")] == [number]


@pytest.mark.parametrize(
    "text",
    [
        "共计86 139 1234 5678 0000元",  # a longer spaced run, not a phone
        "编号 86-135-1234-5678-9",
        "项目编号 186 1372 2084 419",
    ],
)
def test_bare_86_hard_negatives(scr, text):
    assert found(scr, text, "PHONE_NUMBER") == []


def test_mobile_block_cache_agrees_with_phonenumbers():
    """check_number answers mobiles per seven-digit block; it must agree with a direct
    phonenumbers call for any number (valid, invalid, every 1xxxx prefix)."""
    import random

    from recognizers.phone import _check_uncached, check_number, mobile_validity

    rnd = random.Random(11)
    for prefix in range(10000, 20000, 7):
        number = f"{prefix}{rnd.randrange(10**6):06d}"
        direct = _check_uncached.__wrapped__(number)
        assert check_number(number) == direct, number
        assert mobile_validity(number) == (direct[0], direct[2]), number


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # plain mobiles before and after one written with a country code: each found once, whole
        ("手机13912345678；联系电话+86 185 2096 7713，备用18520967713。",
         ["13912345678", "+86 185 2096 7713", "18520967713"]),
        ("电话0086-18612345678 手机15912345678", ["0086-18612345678", "15912345678"]),
        ("电话(86)13812345678、13812345679", ["(86)13812345678", "13812345679"]),
        # no country code anywhere: the prefixed pattern is skipped, plain mobiles still found
        ("姓名\t电话\n张某\t13912345678\n李某\t15912345678\n", ["13912345678", "15912345678"]),
    ],
)
def test_mobiles_with_and_without_a_country_code_together(scr, text, numbers):
    assert [f.text for f in found(scr, text, "PHONE_NUMBER")] == numbers
