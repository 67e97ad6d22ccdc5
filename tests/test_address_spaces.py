"""CN_ADDRESS: LibreOffice-style spaces between Chinese and digits, and the named features of a finding."""

from __future__ import annotations

import pytest

from recognizers.address import CnAddressRecognizer, _squeeze
from screening import Screener, Severity
from screening.scan_context import ScanContext


def _addresses(text: str) -> list[str]:
    ctx = ScanContext.for_text(text)
    return [ctx.text[c.start : c.end] for c in CnAddressRecognizer().find(ctx.text, ctx) if c.entity_type == "CN_ADDRESS"]


@pytest.mark.parametrize(
    "text, address",
    [
        ("申请人家住武威市凉州区杏林大街 88 号 3 栋 2 单元 501 室。", "武威市凉州区杏林大街 88 号 3 栋 2 单元 501 室"),
        ("现住枫桥路 7 号。", "枫桥路 7 号"),
        ("户籍地：石榴村 5 组 23 号", "石榴村 5 组 23 号"),
        ("住所：松涛小区 12 号楼 1 单元 302 室", "松涛小区 12 号楼 1 单元 302 室"),
        ("序号\t姓名\t家庭住址\n1\t甲某某\t前进村 8-72\n", "前进村 8-72"),
    ],
)
def test_an_address_with_spaces_between_chinese_and_digits_is_found_whole(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    ["依照第 3 条规定，于 2024 年 3 月 5 日前报送。", "共印发 12 号文件 3 份。", "Room 3, Building 5", "会议在 3 楼召开。"],
)
def test_spaces_around_numbers_in_running_text_make_no_address(text):
    assert _addresses(text) == []


def test_the_squeezed_offsets_map_back_to_the_original_characters():
    text = "甲 1 乙 22 丙"
    squeezed = _squeeze(text)
    assert squeezed is not None and squeezed[0] == "甲1乙22丙"
    short, back = squeezed
    for i, ch in enumerate(short):
        assert text[back(i)] == ch
    assert back(len(short) - 1) + 1 == len(text) and _squeeze("没有空格 ") is None


def test_a_person_address_explains_its_structure_division_and_label():
    found = Screener().scan_text("送达地址：武威市凉州区杏林大街88号3栋2单元501室。")
    f = next(f for f in found if f.entity_type == "CN_ADDRESS")
    items = {i["feature"]: i["value"] for i in f.to_dict()["explanation_items"]}
    assert items["structure"] == "road" and items["personal_label"] == "送达地址"
    assert f.severity == Severity.HIGH


def test_an_organisation_address_explains_the_label_that_lowers_it():
    found = Screener().scan_text("本局办公地点：杏林大街88号。")
    f = next(f for f in found if f.entity_type == "CN_ADDRESS")
    items = {i["feature"]: i["value"] for i in f.to_dict()["explanation_items"]}
    assert items.get("organisation_label") in ("办公", "地点") and f.severity == Severity.LOW


def test_a_cell_address_names_its_column_header():
    found = Screener().scan_text("序号\t姓名\t家庭住址\n1\t甲某某\t前进村8-72\n")
    f = next(f for f in found if f.entity_type == "CN_ADDRESS")
    assert {"feature": "column_header", "value": "家庭住址", "weight": 0.0} in f.to_dict()["explanation_items"]
