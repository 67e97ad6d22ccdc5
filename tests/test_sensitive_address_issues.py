"""Regression tests for general SENSITIVE / ADDRESS patterns missed on blind corpora (pdfplumber's
tests/test_issues.py shape). Each pins the pattern with our own invented text, never the corpus sentence."""

from __future__ import annotations

import pytest

from screening import Screener, Severity


def _found(text: str, entity: str) -> list[tuple[str, Severity]]:
    return [(f.text, f.severity) for f in Screener().scan_text(text) if f.entity_type == entity]


@pytest.mark.parametrize(
    "text, address",
    [
        # blind miss: a road number followed by a lettered section and a building-unit-room shorthand
        ("序号\t姓名\t住址\n1\t甲某某\t金桂街道柳岸新区青石大道8号A区7-2-302\n", "金桂街道柳岸新区青石大道8号A区7-2-302"),
        # blind miss: a compound section (东二区) and 门 as the unit (14号楼1门502)
        ("住址：回龙观街道松鹤苑东二区14号楼1门502", "回龙观街道松鹤苑东二区14号楼1门502"),
        ("家住枫林路12号3栋2门601。", "枫林路12号3栋2门601"),
    ],
)
def test_sections_units_named_men_and_shorthand_rooms_belong_to_the_address(text, address):
    assert (address, Severity.HIGH) in _found(text, "CN_ADDRESS")


def test_a_men_that_is_a_gate_is_no_unit():
    # 3号门 is a gate of a building, not a unit: the unit rule wants a room number after 门
    assert all("门" not in t for t, _ in _found("请从松鹤苑14号楼1门进入会场。", "CN_ADDRESS"))


def test_ages_after_the_names_of_a_child_list_are_minors():
    # blind miss: 子女 + name + age, with no bracket or comma before the age
    text = "序号\t姓名\t家庭情况\n1\t甲某某\t单亲，子女乙小红12岁、乙小明8岁\n"
    found = _found(text, "SENSITIVE_PERSONAL_INFO")
    assert ("12岁", Severity.HIGH) in found and ("8岁", Severity.HIGH) in found
    # an adult's age in the same shape is no minor
    assert _found("序号\t姓名\t家庭情况\n1\t甲某某\t子女乙大伟25岁\n", "SENSITIVE_PERSONAL_INFO") == []


def test_a_procedure_written_with_shoushu_and_the_care_after_it_are_health():
    # blind miss: …复位内固定手术 (手术, not 术), 石膏固定 and 拄拐
    text = "学生甲某某（男，12岁）摔倒。经诊断为左踝关节骨折，11月28日行切开复位内固定手术，术后需石膏固定6周、拄拐行走。"
    texts = {t for t, sev in _found(text, "SENSITIVE_PERSONAL_INFO") if sev == Severity.HIGH}
    assert {"切开复位内固定手术", "石膏固定", "拄拐行走"} <= texts


def test_a_policy_sentence_with_benren_shenqing_is_about_nobody():
    # blind false alarm: 本人申请、… read 申请 as the name after 本人; 意外伤害 holds 外伤 but is an accident
    text = "对遭遇突发事件、意外伤害、重大疾病导致生活困难的家庭，由本人申请、社区初审，给予救助。"
    found = _found(text, "SENSITIVE_PERSONAL_INFO")
    assert all(sev == Severity.LOW for _, sev in found)
    assert not any("伤" in t for t, _ in found)
    # a real name after the person word still ties the phrase
    assert ("重大疾病", Severity.HIGH) in _found("本人严秀珍，因重大疾病导致生活困难。", "SENSITIVE_PERSONAL_INFO")


def test_a_count_of_stays_is_a_stay_not_an_illness():
    # blind false alarm: a count (三次住院) after the illness it came from: the count is no further health fact
    found = dict(_found("其父亲患慢性支气管炎，入冬后已三次住院。", "SENSITIVE_PERSONAL_INFO"))
    assert found["住院"] == Severity.LOW and found["患慢性支气管炎"] == Severity.HIGH


@pytest.mark.parametrize(
    "text, address",
    [("该退伍军人居住于兴寿镇桃花村。", "兴寿镇桃花村"), ("户籍地为青石乡柳树村，现在外务工。", "青石乡柳树村")],
)
def test_a_town_and_village_after_a_residence_word_is_an_address(text, address):
    # blind miss: 居住于 + town + village, with no group or house number
    assert (address, Severity.HIGH) in _found(text, "CN_ADDRESS")


@pytest.mark.parametrize(
    "text", ["农村居民居住于乡镇村庄的比例逐年下降。", "全县居住在城镇的人口占六成。", "本县境内青石乡柳树村发生山洪。"]
)
def test_residence_statistics_name_no_village_address(text):
    assert _found(text, "CN_ADDRESS") == []


def test_a_compound_building_without_a_room_is_low():
    # blind false alarm: a reply about a lift in 某家园5号楼2单元 names a stairwell of many households
    assert _found("你反映所住松鹤家园5号楼2单元加装电梯进展缓慢。", "CN_ADDRESS") == [("松鹤家园5号楼2单元", Severity.LOW)]
    # with the room it is one household's address
    assert _found("家住松鹤家园5号楼2单元301室。", "CN_ADDRESS") == [("松鹤家园5号楼2单元301室", Severity.HIGH)]
