"""The xlsx reader's fast path for plain cells (``_Workbook._row_cells``) reads every cell exactly as
the general ``_cell`` does -- same values, same residue for odd markup -- and the one-call row
(``SegmentList.add_row``) gives the same segments as adding cell by cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from reader_fixtures import make_id, raw_xlsx

from screening.documents import read_document
from screening.documents.limits import Limits
from screening.documents.xlsx import S_NS, _Workbook
from screening.errors import DocumentError

CELLS = [  # (cell XML, what it is)
    ('<c r="B2" t="inlineStr"><is><t>张某某</t></is></c>', "inline string"),
    ('<c r="B2" s="3" t="inlineStr"><is><t xml:space="preserve"> 王某 </t></is></c>', "inline, preserved space"),
    ('<c r="C2" t="s"><v>1</v></c>', "shared string"),
    ('<c r="D2"><v>1.3912345678E10</v></c>', "number in exponent form"),
    ('<c r="D2" t="n"><v>42.0</v></c>', "number ending .0"),
    ('<c r="E2" t="str"><v>ABC</v></c>', "formula string value"),
    ('<c r="E2" t="b"><v>1</v></c>', "boolean"),
    ('<c r="F2" t="inlineStr"><is><t></t></is></c>', "empty inline"),
    ('<c r="F2" t="inlineStr"><is><t>   </t></is></c>', "blank inline"),
    ('<c r="F2" s="1"/>', "styled empty cell"),
    ('<c r="F2"><v/></c>', "empty value"),
    ('<c t="inlineStr"><is><t>无引用</t></is></c>', "no cell reference: position"),
    ('<c r="a1" t="inlineStr"><is><t>小写引用</t></is></c>', "reference not in A1 form"),
    ('<c r="G2" t="inlineStr" foo="11010519491231002X"><is><t>值</t></is></c>', "unknown attribute"),
    ('<c r="G2" t="inlineStr"><is><t foo="隐藏">值</t></is></c>', "attribute on t"),
    ('<c r="G2" t="inlineStr"><is foo="x"><t>值</t></is></c>', "attribute on is"),
    ('<c r="G2"><v foo="x">5</v></c>', "attribute on v"),
    ('<c r="G2"><v>5<x>13912345678</x></v></c>', "child in v"),
    ('<c r="G2" t="inlineStr"><is><t>甲<x>乙</x></t></is></c>', "child in t"),
    ('<c r="G2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>', "rich inline string"),
    ('<c r="G2" t="inlineStr"><is><t>名</t><rPh><t>ming</t></rPh></is></c>', "phonetic run"),
    ('<c r="G2" t="inlineStr"><is><x>13912345678</x></is></c>', "unknown child in is"),
    ('<c r="G2">文字<v>5</v></c>', "text in c"),
    ('<c r="G2"><f>CONCAT("1391234","5678")</f><v>13912345678</v></c>', "formula"),
    ('<c r="G2"><x>13912345678</x></c>', "unknown child in c"),
    ('<x r="G2">13912345678</x>', "unknown element in row"),
    ('<extLst/>', "extension list"),
]


def _workbook(strings: list[str]) -> _Workbook:
    wb = _Workbook.__new__(_Workbook)
    wb.path, wb.limits, wb.residue, wb.used_strings, wb.strings = "t.xlsx", Limits(), [], set(), strings
    return wb


def _row(cells: str) -> etree._Element:
    return etree.fromstring(f'<row xmlns="{S_NS}" r="2">{cells}</row>')


def _general(wb: _Workbook, row: etree._Element) -> list[tuple[int, str]]:
    return [cell for pos, c in enumerate(row) if (cell := wb._cell(c, pos, "表", "p")) is not None]


@pytest.mark.parametrize("xml,what", CELLS, ids=[w for _, w in CELLS])
def test_fast_path_reads_a_cell_as_the_general_path(xml: str, what: str) -> None:
    for cells in (xml, '<c r="A2"><v>7</v></c>' + xml + '<c r="K2" t="s"><v>0</v></c>'):
        fast, general = _workbook(["甲", "乙"]), _workbook(["甲", "乙"])
        got = fast._row_cells(_row(cells), "表", "p")
        assert got == _general(general, _row(cells)), what
        assert [(s.text, s.location) for s in fast.residue] == [(s.text, s.location) for s in general.residue], what
        assert fast.used_strings == general.used_strings


def test_odd_markup_still_becomes_residue() -> None:
    wb = _workbook([])
    assert wb._row_cells(_row('<c r="G2" t="inlineStr" foo="11010519491231002X"><is><t>值</t></is></c>'),
                         "表", "p") == [(7, "值")]
    assert any("11010519491231002X" in s.text for s in wb.residue)
    wb = _workbook([])
    assert wb._row_cells(_row('<c r="G2"><f>A1&amp;"13912345678"</f><v>x</v></c>'), "表", "p") == [(7, "x")]
    assert any("13912345678" in s.text for s in wb.residue)


def test_missing_shared_string_is_an_error() -> None:
    with pytest.raises(DocumentError, match="missing shared string"):
        _workbook(["甲"])._row_cells(_row('<c r="B2" t="s"><v>3</v></c>'), "表", "p")


def _cells(path: Path) -> list[tuple[str, dict, str | None, bool]]:
    doc = read_document(path)
    return [(s.text, s.location, s.column_header, s.first_page_top) for s in doc.segments if s.kind == "table_cell"]


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_headers_top_cells_and_hidden_rows_of_a_sheet(tmp_path: Path) -> None:
    ident = make_id(3)
    rows = ['<row r="1">' + _inline("A1", "某街道低保公示") + "</row>",
            '<row r="2">' + _inline("A2", "姓名") + _inline("B2", "身份证号") + "</row>"]
    rows += [f'<row r="{r}">' + _inline(f"A{r}", f"张{r}") + _inline(f"B{r}", ident) + "</row>" for r in range(3, 9)]
    rows.append('<row r="9" hidden="1">' + _inline("A9", "李某") + _inline("B9", ident) + "</row>")
    rows.append('<row r="1">' + _inline("C1", "重复的行号") + "</row>")  # a row above the header, again
    path = tmp_path / "名单.xlsx"
    raw_xlsx(path, rows)
    cells = _cells(path)
    by_cell = {loc["cell"]: (text, header, top) for text, loc, header, top in cells}
    assert by_cell["A1"] == ("某街道低保公示", None, True)
    assert by_cell["A2"][1] is None and by_cell["B2"][1] is None  # the header row itself has none
    assert by_cell["B3"] == (ident, "身份证号", True)  # among the first eight cells: top of page one
    assert by_cell["B8"] == (ident, "身份证号", False)
    assert by_cell["C1"] == ("重复的行号", None, False)
    hidden = [loc for _, loc, _, _ in cells if loc.get("hidden")]
    assert [h["cell"] for h in hidden] == ["A9", "B9"] and hidden[0]["hidden"] == "row"
    doc = read_document(path)
    summary = {c["header"]: c["cells"] for c in doc.facts["column_summary"]}
    assert summary == {"姓名": 7, "身份证号": 7}


def test_one_call_rows_equal_cell_by_cell(tmp_path: Path) -> None:
    """A sheet of plain rows (the fast row) and the same sheet with one hidden column (every row
    cell by cell) differ only in that column's hidden flag."""
    ident = make_id(5)
    body = [f'<row r="{r}">' + _inline(f"A{r}", f"王{r}") + _inline(f"B{r}", ident) + f'<c r="C{r}"><v>{r}</v></c>'
            + "</row>" for r in range(2, 40)]
    head = '<row r="1">' + _inline("A1", "姓名") + _inline("B1", "身份证号") + _inline("C1", "序号") + "</row>"
    plain, hidden = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    raw_xlsx(plain, [head, *body])
    raw_xlsx(hidden, [head, *body])
    import zipfile

    with zipfile.ZipFile(hidden) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b'<cols><col min="4" max="4" hidden="1"/></cols><sheetData>')
    with zipfile.ZipFile(hidden, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    assert _cells(plain) == _cells(hidden)  # column D is hidden but empty: same cells, one slow path
    assert len(_cells(plain)) == 39 * 3
