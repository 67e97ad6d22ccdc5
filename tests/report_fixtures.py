"""Invented drafts for the reviewer-report tests (fictional values that pass their checksums)."""

from __future__ import annotations

from pathlib import Path

from identifier_helpers import make_card, make_id

ID1 = make_id("620602", "19850317", "123")
ID2 = make_id("110105", "19790921", "456")
MOBILE1 = "13912345678"
MOBILE2 = "15809876543"
CARD = make_card("6222", 19, "8391027465103")


def draft_text() -> str:
    return (
        "关于做好最低生活保障复核工作的通知\n"
        "甘民发〔2026〕12号\n"
        f"申请人张伟，身份证号码{ID1}，联系电话{MOBILE1}，银行卡号{CARD}。\n"
        "家庭住址：甘肃省武威市凉州区和平街道东大街12号3单元201室。\n"
        f"共同申请人李娜，身份证号{ID2}，手机{MOBILE2}。\n"
    )


def write_draft(folder: Path) -> Path:
    path = folder / "复核通知.txt"
    path.write_text(draft_text(), encoding="utf-8")
    return path


def write_roster(folder: Path, rows: int = 12) -> tuple[Path, list[str]]:
    """A small roster: name, ID, mobile per row; returns the path and the raw values."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["序号", "姓名", "身份证号", "联系电话"])
    values = []
    names = ["王建国", "李秀英", "张明", "刘芳", "陈强", "杨静", "赵磊", "黄丽", "周勇", "吴娟", "徐涛", "孙艳"]
    for i in range(rows):
        ident = make_id("620102", f"19{60 + i % 40:02d}0{1 + i % 9}1{i % 9}", f"{100 + i:03d}")
        mobile = f"1390931{i:04d}"
        ws.append([i + 1, names[i % len(names)] + ("" if i < len(names) else str(i)), ident, mobile])
        values += [ident, mobile]
    path = folder / "名单.xlsx"
    wb.save(path)
    return path, values
