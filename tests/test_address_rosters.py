"""CN_ADDRESS in rosters: village/community + group addresses without province/city/county, and cells under
an address column header (fictional names and addresses). Hard negatives: task groups, numbered documents and
plots, organisation addresses, bare place names."""

from __future__ import annotations

import pytest

from recognizers.address import CnAddressRecognizer
from screening import Screener
from screening.findings import Severity


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(recognizers=[CnAddressRecognizer()], entities=["CN_ADDRESS", "LOCATION"])


def addresses(screener: Screener, text: str) -> list:
    return [f for f in screener.scan_text(text) if f.entity_type == "CN_ADDRESS"]


@pytest.mark.parametrize(
    ("text", "expected", "attrs"),
    [
        ("家庭住址：马家堡街道团结社区11组45号", "马家堡街道团结社区11组45号", {"village": "团结社区", "group": "11组"}),
        ("户籍地清水乡和平社区7组14号。", "清水乡和平社区7组14号", {"town": "清水乡", "number": "14号"}),
        ("现住白塔镇北关社区第六组", "白塔镇北关社区第六组", {"group": "第六组"}),
        ("家住向阳社区第三居民小组", "向阳社区第三居民小组", {"group": "第三居民小组"}),
        ("住址：桥头村第二村民小组", "桥头村第二村民小组", {"group": "第二村民小组"}),
        ("家住红星居委会3组", "红星居委会3组", {"village": "红星居委会"}),
        ("家住石坪镇杨柳村72号", "石坪镇杨柳村72号", {"village": "杨柳村", "number": "72号"}),
        ("家住和平社区12号", "和平社区12号", {"compound": "和平社区"}),  # 和 opens the name, not a conjunction
    ],
)
def test_village_or_community_with_group_or_number(screener: Screener, text: str, expected: str, attrs: dict) -> None:
    got = addresses(screener, text)
    assert [f.text for f in got] == [expected]
    assert got[0].severity == Severity.HIGH
    for k, v in attrs.items():
        assert got[0].attributes.get(k) == v, got[0].attributes


ROSTER = (
    "序号\t姓名\t家庭住址\t联系电话\n"
    "1\t柯某华\t东坝镇和平社区8组72号\t13912345678\n"
    "2\t罗某芳\t杨家湾72号\t13812345678\n"
    "3\t邵某军\t前进村8-72\t13712345678\n"
    "4\t严某秀\t柳河乡五组\t13612345678\n"
)


@pytest.mark.parametrize("cell", ["东坝镇和平社区8组72号", "杨家湾72号", "前进村8-72", "柳河乡五组"])
def test_cells_under_an_address_header(screener: Screener, cell: str) -> None:
    got = {f.text: f for f in addresses(screener, ROSTER)}
    assert cell in got, sorted(got)
    assert got[cell].severity == Severity.HIGH
    assert "家庭住址" in got[cell].explanation


def test_organisation_address_column_is_low(screener: Screener) -> None:
    text = "序号\t单位名称\t单位地址\n1\t某某商贸公司\t城关镇建设路12号\n2\t某某物流公司\t杨家湾72号\n"
    got = addresses(screener, text)
    assert sorted(f.text for f in got) == ["城关镇建设路12号", "杨家湾72号"]
    assert all(f.severity == Severity.LOW for f in got)


@pytest.mark.parametrize(
    "text",
    [
        "各社区第2组负责入户核查，本社区3组已完成。",  # task groups of every community
        "团结社区网格组、志愿服务队开展巡查。",  # a named (not numbered) group of a community
        "在社区3组工作的同志",  # no community name
        "本村5号地块已流转，按照村委会3号文件执行。",  # a plot and a document
        "杨柳村3号机井、前进村2号公告",  # numbered equipment / notices of a village
        "东坝镇、和平社区、前进村参加了培训。",  # bare place names in prose
        "2024年3月5号召开村民代表大会，村集体收入12.5万元。",  # a date and an amount
        "杨柳村2024年第3号公告、团结社区2023年12号文件",  # numbered notices of a village / community
        "关于李家村5号机井维修的通知，农村信用社3号窗口",
        "各村民小组长、各居民小组长参加，本社区第3组网格员列席。",
        # not under an address header: a cell-shaped value alone is not enough
        "序号\t姓名\t备注\n1\t柯某华\t杨家湾72号\n",
        # under an address header, but a document number / ordinal is not an address
        "序号\t姓名\t地址\n1\t柯某华\t武政办发〔2023〕51号\n2\t罗某芳\t第3号\n3\t邵某军\t2024年3月5号\n",
    ],
)
def test_roster_hard_negatives(screener: Screener, text: str) -> None:
    assert [f.text for f in addresses(screener, text) if f.is_flagged] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("经核实，申请人家住团结社区11组45号。", "团结社区11组45号"),  # running text cut off the community name
        ("经核实，申请人现住杨柳村72号。", "杨柳村72号"),
        ("。经核实，现住为民社区3组", "为民社区3组"),  # 为 opens the name: two characters stay before 社区
        ("据反映，其住驼峰营西里小区9号楼1单元101室", "驼峰营西里小区9号楼1单元101室"),
        ("现住经三路社区7号楼2单元301室", "经三路社区7号楼2单元301室"),  # 经 is part of the name
    ],
)
def test_name_starts_after_running_text(screener: Screener, text: str, expected: str) -> None:
    assert [f.text for f in addresses(screener, text)] == [expected]
