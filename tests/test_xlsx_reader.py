"""The .xlsx reader: every cell of every sheet, hidden ones included, with column headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_fixtures import build_big_xlsx, build_xlsx, make_id

from screening import Screener
from screening.documents import read_document


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("xlsx") / "低保公示.xlsx"
    return path, build_xlsx(path)


@pytest.fixture(scope="module")
def found(planted, screener: Screener) -> dict[str, dict]:
    doc = read_document(planted[0])
    return {f.text: f.location for f in screener.scan_document(doc) if f.entity_type == "CN_RESIDENT_ID"}


EXPECTED = {
    "cell": {"sheet": "低保名单", "cell": "C3", "row": 3, "col": 3},
    "cell2": {"cell": "C4"},
    "hidden_row": {"cell": "C5", "hidden": "row"},
    "hidden_col": {"cell": "F6", "hidden": "column"},
    "comment": {"cell": "B4", "part": "comment", "author": "审核员丙"},
    "header": {"sheet": "低保名单", "part": "header"},
    "footer": {"part": "footer"},
    "hidden_sheet": {"sheet": "备份", "cell": "A2", "hidden": "sheet"},
    "very_hidden_sheet": {"sheet": "vh", "hidden": "sheet"},
    "defined_name": {"part": "defined_name", "name": "申请人证件"},
    "property": {"part": "properties", "property": "description"},
    "unused_string": {"part": "shared_strings"},
}


@pytest.mark.parametrize("where", sorted(EXPECTED))
def test_planted_id_found_with_location(where: str, planted, found) -> None:
    value = planted[1][where]
    assert value in found, where
    for key, want in EXPECTED[where].items():
        assert found[value].get(key) == want, (where, found[value])


def test_every_planted_item_is_covered(planted) -> None:
    assert set(planted[1]) == set(EXPECTED)


def test_header_row_below_a_title_row(planted) -> None:
    doc = read_document(planted[0])
    cells = {s.location["cell"]: s for s in doc.segments if s.location.get("sheet") == "低保名单" and "cell" in s.location
             and s.kind == "table_cell"}
    assert cells["C3"].column_header == "身份证号"
    assert cells["D3"].column_header == "联系电话"
    assert cells["A1"].column_header is None and cells["C2"].column_header is None
    summary = {(c["sheet"], c["column"]): c for c in doc.facts["column_summary"]}
    assert summary[("低保名单", "C")]["header"] == "身份证号"
    assert summary[("低保名单", "C")]["cells"] == 4
    assert cells["A1"].first_page_top


def test_numbers_keep_their_digits(planted) -> None:
    doc = read_document(planted[0])
    c7 = next(s for s in doc.segments if s.location.get("cell") == "C7")
    assert c7.text == make_id(513)[:15]


def test_hygiene(planted) -> None:
    doc = read_document(planted[0])
    by_type: dict[str, list] = {}
    for f in doc.hygiene:
        by_type.setdefault(f.entity_type, []).append(f)
    assert sorted(f.attributes["state"] for f in by_type["HIDDEN_SHEET"]) == ["hidden", "veryHidden"]
    hrc = by_type["HIDDEN_ROWS_COLUMNS"][0].attributes
    assert hrc["rows"] == [5] and hrc["columns"] == ["F"]
    assert by_type["COMMENTS"][0].attributes["authors"] == ["审核员丙"]
    assert by_type["HIDDEN_TEXT"][0].location["part"] == "shared_strings"
    assert "DOCUMENT_METADATA" in by_type


def test_streaming_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    build_big_xlsx(path, 2000)
    doc = read_document(path)
    ids = [s for s in doc.segments if s.column_header == "身份证号"]
    assert len(ids) == 2000 and ids[-1].location["cell"] == "C2001"
