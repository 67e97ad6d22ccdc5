"""The .xlsx writer: cells (numbers too), comments, headers/footers, hidden sheets/rows/columns per
policy, properties; checked byte-level with XML character references decoded."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from reader_fixtures import make_id
from test_redaction_helpers import zip_leaks

from screening.redaction import redact_file

IDS = {k: make_id(n, "620602", "19760512") for n, k in enumerate(
    ["row1", "row2", "hidden_row", "comment", "header", "hidden_sheet", "hidden_col"], start=601)}
NAMES = ["王建国", "李秀英", "赵铁柱"]


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "低保名单"
    ws.append(["序号", "姓名", "身份证号", "联系电话", "家庭住址", "备注"])
    ws.append([1, NAMES[0], IDS["row1"], 13912345678, "甘肃省武威市凉州区和平街道东关街88号3单元201室", "无"])
    ws.append([2, NAMES[1], IDS["row2"], "13987654321", "凉州区西关街道南大街12号", "无"])
    ws.append([3, NAMES[2], IDS["hidden_row"], "13811112222", "无", "无"])
    ws["F2"] = IDS["hidden_col"]
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["F"].hidden = True
    ws["B2"].comment = Comment(f"核对 {IDS['comment']}", "科员")
    ws.oddHeader.center.text = f"内部 {IDS['header']}"
    hidden = wb.create_sheet("备用")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "身份证号"
    hidden["A2"] = IDS["hidden_sheet"]
    wb.properties.creator = "张三丰"
    wb.properties.lastModifiedBy = "李四光"
    wb.properties.title = "低保名单（内部）"
    wb.save(path)


@pytest.fixture(scope="module")
def redacted(screener, tmp_path_factory):
    d = tmp_path_factory.mktemp("xlsx")
    build(d / "in.xlsx")
    rep = redact_file(d / "in.xlsx", d / "out.xlsx", "publication", screener)
    return d / "in.xlsx", d / "out.xlsx", rep


def test_no_value_survives_in_any_part(redacted) -> None:
    src, out, rep = redacted
    assert rep.ok and rep.verification.ok
    values = [*IDS.values(), "13912345678", "13987654321", *NAMES, "东关街88号", "张三丰", "李四光"]
    assert zip_leaks(src, values)  # openpyxl writes them as &#NNNN; references: the check decodes them
    assert zip_leaks(out, values) == []


def test_cells_redacted_per_policy(redacted) -> None:
    _, out, rep = redacted
    wb = load_workbook(out)
    assert wb.sheetnames == ["低保名单"]  # the hidden sheet is removed under publication
    ws = wb["低保名单"]
    assert ws["B2"].value == "王某某" and ws["C2"].value == IDS["row1"][:6] + "********" + IDS["row1"][-4:]
    assert ws["D2"].value == "139****5678"  # a mobile stored as a number
    assert ws["E2"].value == "甘肃省武威市凉州区和平街道"
    assert ws["A1"].value == "序号" and ws["F3"].value == "无"  # the rest untouched
    assert ws.row_dimensions[4].hidden  # hidden rows are redacted and stay hidden (publication)
    assert ws["B2"].comment is None
    assert wb.properties.creator in (None, "") and wb.properties.title is None
    assert {"cell comments removed", "hidden sheets removed", "document properties cleared"} <= set(rep.sanitised)


def test_strict_removes_hidden_rows_and_columns(screener, tmp_path: Path) -> None:
    build(tmp_path / "in.xlsx")
    rep = redact_file(tmp_path / "in.xlsx", tmp_path / "out.xlsx", "strict", screener)
    assert rep.ok and "hidden rows/columns removed" in rep.sanitised
    ws = load_workbook(tmp_path / "out.xlsx")["低保名单"]
    assert ws.max_row == 3 and ws.max_column == 5
    assert zip_leaks(tmp_path / "out.xlsx", list(IDS.values()) + NAMES) == []


def test_hidden_sheet_can_be_kept_redacted(screener, tmp_path: Path) -> None:
    build(tmp_path / "in.xlsx")
    policy = {"name": "keep-sheets", "extends": "publication",
              "document": {"hidden_sheets": "redact", "hidden_rows_columns": "clear"}}
    rep = redact_file(tmp_path / "in.xlsx", tmp_path / "out.xlsx", policy, screener)
    wb = load_workbook(tmp_path / "out.xlsx")
    assert rep.ok and wb.sheetnames == ["低保名单", "备用"] and wb["备用"].sheet_state == "hidden"
    assert wb["备用"]["A2"].value.startswith("620602********")
    assert wb["低保名单"]["B4"].value is None  # the hidden row was emptied
