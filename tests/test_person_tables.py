"""PERSON in spreadsheets and table rosters: the column header decides.

A cell under a name column (姓名, 户主姓名, 救助对象 ...) that is a whole name is a person even when
the name is also a word (韩国, 黄金, 万福); fillers (合计, 以下空白, 本人) never are. Cells under an
address column (家庭住址, 户籍地) and place-like cells (白塔镇, 杨庄村) are never persons.
All names and places are made up for these tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from screening import Screener
from screening.documents import read_document

WORD_NAMES = ["韩国", "金华", "黄金", "吴国", "方志", "贺海", "万福", "金花", "王国", "欧阳春"]
FILLERS = ["合计", "小计", "无", "空", "户主", "本人", "以下空白", "备注", "不详", "王先生", "张某"]
PLACES = ["白塔镇和平社区9组1号", "杨庄村3组", "东关街道", "团结社区", "王庄村"]
ORDINARY = ["吴晓东", "那日松", "巴特尔·那顺", "旦增"]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(entities=["PERSON"])


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory, screener: Screener) -> dict[str, set[str]]:
    """A 低保 roster sheet; returns the PERSON texts found per column letter."""
    path = Path(tmp_path_factory.mktemp("roster")) / "roster.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "性别", "家庭住址", "救助对象", "备注"])
    names = WORD_NAMES + FILLERS + ORDINARY
    for i, name in enumerate(names, 1):
        ws.append([i, name, "男", PLACES[i % len(PLACES)], WORD_NAMES[i % len(WORD_NAMES)], "白塔镇"])
    wb.save(path)
    found: dict[str, set[str]] = {}
    for f in screener.scan_document(read_document(path)):
        found.setdefault(f.location["cell"][0], set()).add(f.text)
    return found


@pytest.mark.parametrize("name", WORD_NAMES + ORDINARY)
def test_word_names_in_a_name_column(roster: dict[str, set[str]], name: str) -> None:
    assert name in roster["B"]


@pytest.mark.parametrize("word", FILLERS)
def test_fillers_in_a_name_column(roster: dict[str, set[str]], word: str) -> None:
    assert word not in roster["B"]


def test_weaker_name_header_takes_word_names(roster: dict[str, set[str]]) -> None:
    assert set(WORD_NAMES) <= roster["E"]


def test_address_and_place_cells_hold_no_person(roster: dict[str, set[str]]) -> None:
    assert "D" not in roster, roster.get("D")
    assert "F" not in roster, roster.get("F")


def table(header: str, cells: list[str]) -> str:
    return f"序号\t{header}\t金额\n" + "".join(f"{i}\t{c}\t500\n" for i, c in enumerate(cells, 1))


@pytest.mark.parametrize("header", ["姓名", "户主姓名", "申请人", "救助对象"])
def test_plain_text_name_columns(screener: Screener, header: str) -> None:
    found = {f.text for f in screener.scan_text(table(header, WORD_NAMES + ["吴晓东"] + FILLERS))}
    assert found == set(WORD_NAMES + ["吴晓东"])


@pytest.mark.parametrize("header", ["家庭住址", "户籍地", "居住地", "现住址", "所在村组"])
def test_plain_text_address_columns(screener: Screener, header: str) -> None:
    assert not screener.scan_text(table(header, ["白塔镇", "杨庄村", "王庄村6组", "城关镇东关街道"]))


@pytest.mark.parametrize(
    "text",
    [
        "韩国总统访华期间，双方签署协议。",  # a word in running text stays a word
        "黄金价格持续上涨，金华市场成交活跃。",
        "序号\t项目\t金额\n1\t黄金\t500\n2\t万福\t600\n",  # not a name column
    ],
)
def test_word_names_outside_a_name_column(screener: Screener, text: str) -> None:
    assert not [f.text for f in screener.scan_text(text)]


def test_names_next_to_address_cells_keep_their_role_and_mentions(screener: Screener) -> None:
    text = table("姓名", ["杜华", "江华秀"]) + "经核实，江华秀已迁出。"
    got = [f for f in screener.scan_text(text) if f.text == "江华秀"]
    assert len(got) == 2 and all(f.attributes["role"] == "private" for f in got)


@pytest.mark.parametrize("header", ["暂住地", "住处", "现住"])
def test_issue13_every_address_header_is_a_place_column(screener: Screener, header: str) -> None:
    """Issue 13: PERSON reads the ADDRESS recognizer's ``address_header`` rows (one list): a cell under
    暂住地 / 住处 / 现住 is a place even when it reads like a name (invented cells)."""
    assert not screener.scan_text(table(header, ["李明远", "王海涛", "张丽华"]))
