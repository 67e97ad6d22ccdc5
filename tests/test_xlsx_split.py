"""A big sheet read by two processes (``screening.documents.xlsx._SplitSheet``) gives exactly the
document one pass gives -- cells, residue, hidden rows, headers, hygiene -- and only plain sheets
are cut."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reader_fixtures import make_id, raw_xlsx

from screening.documents.xlsx import _cut_points

ROOT = Path(__file__).resolve().parents[1]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(rows: str, head: str = "", tail: str = "", decl: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return f"{decl}<worksheet {NS}>{head}<sheetData>{rows}</sheetData>{tail}</worksheet>".encode()


PLAIN = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>张{r}</t></is></c></row>' for r in range(1, 41))


def test_plain_sheets_are_cut_at_a_row_of_the_second_part() -> None:
    data = _sheet(PLAIN, head='<cols><col min="1" max="1" hidden="1"/></cols>', tail="<headerFooter/>")
    cut = _cut_points(data)
    assert cut is not None
    root_end, split, sd_end = cut
    assert data[:root_end].endswith(f"<worksheet {NS}>".encode()) and data[split:].startswith(b"<row ")
    assert data[sd_end:].startswith(b"</sheetData>") and split > data.index(b"<sheetData>")
    assert _cut_points(_sheet(PLAIN, decl="")) is not None


@pytest.mark.parametrize("data", [
    _sheet(PLAIN.replace('<row r="30">', '<!-- x --><row r="30">')),
    _sheet(PLAIN, decl='<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e "13912345678">]>'),
    _sheet(PLAIN.replace('<row r="30">', '<?pi x?><row r="30">')),
    _sheet(PLAIN, decl='<?xml version="1.0" encoding="GBK"?>'),
    _sheet(PLAIN.replace('<row r="30">', '<row r="30" xmlns:x="urn:x">')),
    _sheet(PLAIN.replace('<row r="30">', '<x:row xmlns:x="urn:x"/><row r="30">')),
    _sheet(PLAIN.replace('<row r="30">', '<col min="2" max="2" hidden="1"/><row r="30">')),
    _sheet(PLAIN.replace('<row r="30">', '<oddHeader>内部</oddHeader><row r="30">')),
    _sheet(PLAIN).replace(b"<sheetData>", b"<sheetData>text"),
    _sheet(PLAIN).replace(b"<sheetData>", b'<sheetData a="1">'),
    _sheet(PLAIN, tail="<sheetData/>"),
    _sheet(PLAIN).replace(b"<worksheet ", b'<worksheet a=">" '),
], ids=["comment", "doctype", "pi", "encoding", "xmlns", "prefix", "col", "header", "text", "attr", "two", "root"])
def test_anything_but_a_plain_sheet_is_read_in_one_pass(data: bytes) -> None:
    assert _cut_points(data) is None


_COMPARE = """
import hashlib, json, os, sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
import screening.documents.xlsx as X
from screening.documents import read_document
from screening.errors import DocumentError
X.SPLIT_MIN_BYTES = 0
mode = sys.argv[4]
used = []
plan = X._SplitSheet.plan
def counted(cls, *a):
    got = None if mode == "one" else plan.__func__(cls, *a)
    used.append(got is not None)
    return got
X._SplitSheet.plan = classmethod(counted)
if mode == "helper-dies":
    X._SplitSheet._helper = lambda self, conn, data: os._exit(3)
try:
    doc = read_document(sys.argv[1])
except DocumentError as exc:
    print(json.dumps({"error": str(exc)}))
    raise SystemExit
segs = [(s.text, s.location, s.column_header, s.kind, s.first_page_top) for s in doc.segments]
print(json.dumps({"split": any(used),
                  "segments": repr(segs), "facts": repr(doc.facts),
                  "hygiene": repr([(f.entity_type, f.explanation, f.location, f.attributes) for f in doc.hygiene])},
                 ensure_ascii=False))
"""


def _read(path: Path, mode: str) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", _COMPARE, str(path), str(ROOT), str(ROOT / "tests"), mode],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def _rows(n: int) -> list[str]:
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t>'
            '</is></c><c r="C1" t="inlineStr"><is><t>备注</t></is></c></row>']
    for r in range(2, n):
        cells = (f'<c r="A{r}" t="inlineStr"><is><t>王{r}</t></is></c><c r="B{r}" t="inlineStr"><is><t>{make_id(r)}'
                 f'</t></is></c>')
        if r % 97 == 0:  # odd markup in both parts: residue, read the same way on either side of the cut
            cells += f'<c r="C{r}" t="inlineStr" foo="1391234{r % 10000:04d}"><is><t>残疾</t></is></c>'
        elif r % 89 == 0:
            cells += f'<c r="C{r}"><f>CONCAT("139","{r:08d}")</f><v>x</v></c>'
        elif r % 83 == 0:
            cells += f'<c r="C{r}" t="inlineStr"><is><t>名</t><rPh><t>ming{r}</t></rPh></is></c>'
        hidden = ' hidden="1"' if r % 101 == 0 else ""
        rows.append(f'<row r="{r}"{hidden}>{cells}</row>' + ("尾" if r % 211 == 0 else ""))
    return rows


def test_two_processes_read_what_one_pass_reads(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    raw_xlsx(path, _rows(3000))
    one, two, dies = _read(path, "one"), _read(path, "split"), _read(path, "helper-dies")
    assert two["split"] and dies["split"] and not one["split"]
    assert one == {**two, "split": False} == {**dies, "split": False}
    assert "13912340097" in one["segments"] and "ming83" in one["segments"] and "ming2988" in one["segments"]
    assert one["segments"].count("'hidden': 'row'") >= 29 * 2


def test_an_error_in_the_helpers_part_is_raised(tmp_path: Path) -> None:
    path = tmp_path / "坏.xlsx"
    rows = _rows(3000)
    rows[2900] = '<row r="2900"><c r="A2900" t="s"><v>99</v></c></row>'  # no shared strings at all
    raw_xlsx(path, rows)
    one, two = _read(path, "one"), _read(path, "split")
    assert one == two and "missing shared string" in two["error"]
