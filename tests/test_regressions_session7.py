"""Misses and false alarms found in session 7 (leftovers of bench/holdout8-9 and the blind bench/holdout10),
pinned with invented text (pdfplumber's tests/test_issues.py shape), each with hard negatives."""

from __future__ import annotations

import pytest
from found_helpers import found as _found
from found_helpers import persons as _persons
from found_helpers import roles as _roles
from found_helpers import sensitive as _sensitive


# -- health: measured body temperature and weeks of pregnancy of a described person ----------------------
@pytest.mark.parametrize(("text", "phrase"), [
    ("患者周某，男，42岁，6月3日起发热，体温最高39.2℃，伴头痛。", "体温最高39.2℃"),
    ("留观人员吴某某入院时体温38.6℃，咽拭子已送检。", "体温38.6℃"),
    ("确诊病例郑某，女，31岁，该病例现孕18周，已转市妇幼保健院。", "现孕18周"),
    ("产妇钱某某妊娠34+2周时出现先兆早产。", "妊娠34+2周"),
])
def test_temperature_and_pregnancy_weeks_are_health(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


@pytest.mark.parametrize("text", [
    "体温37.3℃以上人员须在入口处登记并引导至发热门诊。",     # a threshold for anyone
    "孕28周以上的孕妇应每两周到社区卫生服务中心产检一次。",  # a rule for a group
    "全镇建档孕妇126人，孕13周以内建档率达到95%。",          # a statistic
])
def test_hard_negative_thresholds_and_statistics_are_no_health_phrase(text: str) -> None:
    assert not any(sev == "high" for _t, sev in _sensitive(text))


# -- minors: village schools and kindergarten classes --------------------------------------------------
@pytest.mark.parametrize(("text", "phrase"), [
    ("其女李小雨，11岁，就读于白水镇中心校五年级。", "白水镇中心校五年级"),
    ("其子马小军在青石乡完小三年级读书。", "青石乡完小三年级"),
    ("病例黄小宝，男，5岁，城南街道中心幼儿园中（3）班幼儿。", "城南街道中心幼儿园中（3）班幼儿"),
])
def test_village_school_and_kindergarten_class_are_minor(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


@pytest.mark.parametrize("text", [
    "全镇共有中心校2所、完小5所、教学点3个。",                 # schools counted, no pupil
    "区委党校第三期培训班于5月开班。",                          # an adult training class
])
def test_hard_negative_school_counts_are_no_minor(text: str) -> None:
    assert not any(sev == "high" for _t, sev in _sensitive(text))


# -- names: minority names after a beneficiary label, followed by a verb ---------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("原发放对象巴图仓已于今年3月去世，自4月起停发。", "巴图仓"),
    ("救助对象乌云其其格已于本月迁出本旗。", "乌云其其格"),
    ("供养对象那日苏因病住院。", "那日苏"),
    ("5     完么才让      男    高一", "完么才让"),
])
def test_minority_name_after_beneficiary_label(text: str, name: str) -> None:
    assert any(t == name for t, _sev in _persons(text))


@pytest.mark.parametrize("text", [
    "本次发放对象为全县80周岁以上老人。",
    "享受对象名单见附件。",
    "扶助对象已于每年3月底前完成资格确认。",
])
def test_hard_negative_beneficiary_labels_without_a_name(text: str) -> None:
    assert _persons(text) == []


# -- addresses: a table row's phone columns are not part of the address --------------------------------
def _addresses(text: str) -> list[str]:
    return [t for t, _sev in _found(text, "CN_ADDRESS")]


def test_phone_columns_around_an_address_stay_phones() -> None:
    text = "经营者：赵建业　13985072346　白沙镇滨河路北段17号　139 5265 4412"
    assert _addresses(text) == ["白沙镇滨河路北段17号"]
    assert [t for t, _sev in _found(text, "PHONE_NUMBER")] == ["13985072346", "139 5265 4412"]


@pytest.mark.parametrize(("text", "address"), [
    ("住址：城关镇解放路8号3单元502", "城关镇解放路8号3单元502"),          # a bare room number stays
    ("户主：钱某某　新华街道人民路45号2单元601\t650", "新华街道人民路45号2单元601"),  # then the next column
    ("住址：一号路12号", "一号路12号"),                                    # a road may start with a numeral
])
def test_room_numbers_and_numeral_roads_still_read(text: str, address: str) -> None:
    assert address in _addresses(text)


def test_resettlement_site_house_number_is_an_address() -> None:
    text = "分配安置房一套（南山村移民安置点8号院），已通知户主本人。"
    assert _addresses(text) == ["南山村移民安置点8号院"]


@pytest.mark.parametrize("text", [
    "全县共建成集中安置点12个，安置群众3100人。",
    "请到幸福社区3号院会议室参加培训。",
])
def test_hard_negative_resettlement_counts_and_meeting_rooms(text: str) -> None:
    assert _addresses(text) == []


# -- officials: the leader a petition case is assigned to, and a unit's contact line ---------------------
@pytest.mark.parametrize(("text", "name"), [
    ("责任单位：区住建局、东坡街道；包案领导：范立群。", "范立群"),
    ("责任单位：青山乡人民政府，包保责任人宁晓峰。", "宁晓峰"),
    ("县二中资助办：马文静老师，电话0941-7125678。", "马文静"),
    ("河口镇征迁指挥部：程国栋，0396-8351234。", "程国栋"),
])
def test_assigned_leader_and_unit_contact_are_officials(text: str, name: str) -> None:
    assert _roles(text)[name] == ("low", "official")


@pytest.mark.parametrize(("text", "name"), [
    ("申请人：程国栋，电话0396-8351234。", "程国栋"),                # a private label, same shape
    ("县第一建筑公司：程国栋，电话0396-8351234。", "程国栋"),        # a company is no government unit
])
def test_hard_negative_private_and_company_contact_lines(text: str, name: str) -> None:
    assert _roles(text)[name][0] == "high"
