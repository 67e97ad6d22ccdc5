"""CN_ADDRESS / LOCATION recognizer: table-driven positives and hard negatives (fictional addresses)."""

from __future__ import annotations

import pytest

from screening import Screener
from screening.findings import Severity


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(entities=["CN_ADDRESS", "LOCATION"])


def addresses(screener: Screener, text: str) -> list:
    return [f for f in screener.scan_text(text) if f.entity_type == "CN_ADDRESS"]


@pytest.mark.parametrize(
    ("text", "expected", "attrs"),
    [
        ("住址：甘肃省武威市凉州区东大街12号", "甘肃省武威市凉州区东大街12号", {"county": "凉州区", "road": "东大街"}),
        ("现住凉州区东大街12号3单元201室，", "凉州区东大街12号3单元201室", {"unit": "3单元", "room": "201室"}),
        ("家庭住址为民勤县收成镇兴盛村五组。", "民勤县收成镇兴盛村五组", {"town": "收成镇", "group": "五组"}),
        ("住所：金川区桂林路街道阳光花园小区8号楼2单元602室", "金川区桂林路街道阳光花园小区8号楼2单元602室", {"building": "8号楼"}),
        ("1\t赵玉兰\t建设路45号院3号楼东单元2号\t2", "建设路45号院3号楼东单元2号", {"road": "建设路"}),
        ("户籍地：古浪县定宁镇新华村三社", "古浪县定宁镇新华村三社", {"county": "古浪县"}),
        ("暂住南湖路18号之三405室", "南湖路18号之三405室", {"room": "405室"}),
        ("其邻居住同楼3单元201室", "同楼3单元201室", {"room": "201室"}),
        ("住宅位于锦江区春熙路街道红星路二段9号附2号", "锦江区春熙路街道红星路二段9号附2号", {"town": "春熙路街道"}),
        # a road-named community + house number + room (no road number of its own)
        ("现住荆州市沙市区中山街道胜利路社区36号2-1。", "荆州市沙市区中山街道胜利路社区36号2-1", {"compound": "胜利路社区", "room": "2-1"}),
        ("家住新华小区15号2单元301室", "新华小区15号2单元301室", {"number": "15号", "unit": "2单元"}),
        # rural structure: town + village committee + natural village + house number
        ("权利人｜文昌市会文镇湖丰村委会后港村31号｜", "文昌市会文镇湖丰村委会后港村31号", {"town": "会文镇", "hamlet": "后港村"}),
        ("现住琼中县和平镇堑对村委会新村12号。", "琼中县和平镇堑对村委会新村12号", {"village": "堑对村委会", "number": "12号"}),
        # an ordinal group: 村 + 第N组
        ("其父名下位于浏阳市永安镇石桥村第3组的宅基地", "浏阳市永安镇石桥村第3组", {"town": "永安镇", "group": "第3组"}),
        ("户籍登记为沙洋县官垱镇杨湖村第十二组5号", "沙洋县官垱镇杨湖村第十二组5号", {"group": "第十二组", "number": "5号"}),
        # a label that names a party's address beats the bare word 地址 (organisation cue)
        ("送达地址：平凉市崆峒区西郊街道东环路16号4栋1单元302室", "平凉市崆峒区西郊街道东环路16号4栋1单元302室",
         {"road": "东环路"}),
        ("申请人收件地址：崆峒区东环路16号", "崆峒区东环路16号", {"county": "崆峒区"}),
        ("经常居住地为天水市秦州区大城街道民主西路9号", "天水市秦州区大城街道民主西路9号", {"road": "民主西路"}),
    ],
)
def test_personal_address(screener: Screener, text: str, expected: str, attrs: dict) -> None:
    got = addresses(screener, text)
    assert [f.text for f in got] == [expected]
    f = got[0]
    assert f.severity == Severity.HIGH
    for k, v in attrs.items():
        assert f.attributes.get(k) == v, f.attributes


@pytest.mark.parametrize(
    "text",
    [
        "本局地址：武威市凉州区北关中路28号　邮编：733000",
        "办公地址：兰州市城关区南昌路1648号",
        "来信地址：武威市凉州区东大街街道办事处民政所",
        "培训地点：武威市凉州区西关街35号市政务服务中心三楼会议室",
    ],
)
def test_organisation_address_is_low(screener: Screener, text: str) -> None:
    got = addresses(screener, text)
    assert all(f.severity == Severity.LOW for f in got)


@pytest.mark.parametrize(
    "text",
    [
        "武威市凉州区召开会议，东大街、西关社区参加。",
        "根据《关于印发实施方案的通知》（武政办发〔2023〕51号）和第3号公告，",
        "项目编号：62060220231，合同金额12.5万元，2024年3月1日签订。",
        "各村民小组召开会议，工作组、专家组入户调查。",
        "全县12个乡镇、156个行政村完成验收，合作社3家。",
        "办公楼3层会议室",
        "本社区3号文件已转发，会议在社区2号会议室召开。",  # community + document/room numbers
        "按照村委会3号文件精神，村委会5号楼会议室，村委会会议纪要第2号。",  # village committee + numbers
        "各村第2组、第3组负责入户核查，全村第一组工作已完成。",  # ordinal groups of a task, no village name
    ],
)
def test_not_a_personal_address(screener: Screener, text: str) -> None:
    assert [f.text for f in addresses(screener, text) if f.is_flagged] == []


def test_place_name_is_location_info(screener: Screener) -> None:
    got = [f for f in screener.scan_text("武威市凉州区召开会议") if f.entity_type == "LOCATION"]
    assert {f.text for f in got} == {"武威市", "凉州区"}
    assert all(f.severity == Severity.INFO for f in got)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("沿上南路经过国展路继续向前", "上南路"),  # bare road followed by running text
        ("讲座在理想国际大厦8层举行", "理想国际大厦8层"),  # building + floor
        ("就能到达中国馆1号门；", "中国馆1号门"),  # POI + door number
        ("金融街等核心区域", "金融街"),
    ],
)
def test_bare_places_are_location(screener: Screener, text: str, place: str) -> None:
    got = [f for f in screener.scan_text(text) if place in f.text or f.text in place]
    assert got and all(f.entity_type == "LOCATION" and f.severity == Severity.INFO for f in got), got


def test_building_unit_room_without_compound_is_personal() -> None:
    from recognizers.address import CnAddressRecognizer
    from screening.scan_context import ScanContext

    t = "租住9号楼1单元13楼166号，"
    got = [c for c in CnAddressRecognizer().find(t, ScanContext.for_text(t)) if c.entity_type == "CN_ADDRESS"]
    assert [t[c.start : c.end] for c in got] == ["9号楼1单元13楼166号"]


@pytest.mark.parametrize("text", ["各街道、社区要加强排查", "农村道路和村民小组建设", "新思路、新路子"])
def test_generic_words_are_not_places(screener: Screener, text: str) -> None:
    assert [f.text for f in screener.scan_text(text) if f.entity_type == "LOCATION"] == []


# -- holdout4: a compound + building-unit-room shorthand (小区4-2-601) ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("居住地金凤区满城街道枫林湾小区7-3-502，", "金凤区满城街道枫林湾小区7-3-502"),
        ("家住幸福家园12-1-1101。", "幸福家园12-1-1101"),
    ],
)
def test_compound_with_dash_shorthand(screener: Screener, text: str, expected: str) -> None:
    got = addresses(screener, text)
    assert [f.text for f in got] == [expected]
    assert got[0].attributes["unit"] and got[0].attributes["room"]


@pytest.mark.parametrize(
    "text",
    [
        "本小区2023-12-0001号通知已张贴。",  # a document number after 小区
        "详见花园1-2-3号文件。",  # the room group is too short
        "小区5-6-7月份停车费调整。",
    ],
)
def test_dash_shorthand_hard_negatives(screener: Screener, text: str) -> None:
    assert [f.text for f in addresses(screener, text) if f.is_flagged] == []
