"""Issue 11: the less-common places of an .xlsx where a value can hide are read by the residue sweep
(or by the reader's own pass) and flagged with their part; adjacent cells never join into one number."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_fixtures import rewrite_zip
from residue_fixtures import ID, MOBILE, base_xlsx, edit_member

from screening.documents import read_document

IDENT = {"CN_RESIDENT_ID", "PHONE_NUMBER"}
SHEET = "xl/worksheets/sheet1.xml"


def _after_sheetdata(p: Path, xml: str) -> None:
    edit_member(p, SHEET, lambda s: s.replace("</sheetData>", "</sheetData>" + xml, 1))


def autofilter(p: Path) -> str:
    _after_sheetdata(p, f'<autoFilter ref="A1:C2"><filterColumn colId="1"><filters><filter val="{ID}"/></filters>'
                        '</filterColumn></autoFilter>')
    return SHEET


def conditional_format(p: Path) -> str:
    _after_sheetdata(p, '<conditionalFormatting sqref="A1:A9"><cfRule type="expression" priority="1">'
                        f'<formula>$B1="{MOBILE}"</formula></cfRule></conditionalFormatting>')
    return SHEET


def number_format(p: Path) -> str:
    edit_member(p, "xl/styles.xml", lambda s: s.replace(
        "<fonts", f'<numFmts count="1"><numFmt numFmtId="170" formatCode="&quot;{ID[:6]}&quot;&quot;{ID[6:]}&quot;@"/>'
                  "</numFmts><fonts", 1))
    return "xl/styles.xml"


def data_validation(p: Path) -> str:
    _after_sheetdata(p, '<dataValidations count="1"><dataValidation type="list" sqref="B2">'
                        f'<formula1>"请选择,{MOBILE}"</formula1></dataValidation></dataValidations>')
    return SHEET


def formula_literals(p: Path) -> str:
    edit_member(p, SHEET, lambda s: s.replace(
        "</sheetData>", f'<row r="9"><c r="A9" t="str"><f>"{ID[:4]}"&amp;"{ID[4:10]}"&amp;"{ID[10:]}"</f>'
                        "<v>x</v></c></row></sheetData>", 1))
    return SHEET


def formula_no_cache(p: Path) -> str:
    edit_member(p, SHEET, lambda s: s.replace(
        "</sheetData>", f'<row r="9"><c r="A9" t="str"><f>CONCAT("{MOBILE[:5]}","{MOBILE[5:]}")</f></c></row>'
                        "</sheetData>", 1))
    return SHEET


def hyperlink_target(p: Path) -> str:
    _after_sheetdata(p, '<hyperlinks><hyperlink ref="B2" r:id="rId9" tooltip="联系'
                        f'{MOBILE}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
                        "</hyperlinks>")
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'hyperlink" Target="mailto:x@example.invalid?subject={ID}" TargetMode="External"/></Relationships>')
    rewrite_zip(p, {"xl/worksheets/_rels/sheet1.xml.rels": rels.encode()})
    return "xl/worksheets/"


def sheet_name(p: Path) -> str:
    edit_member(p, "xl/workbook.xml", lambda s: s.replace('name="汇总"', f'name="{MOBILE}"'))
    return "xl/workbook.xml"


def chart_cache(p: Path) -> str:
    xml = ('<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
           f'<c:chart><c:strCache><c:pt idx="0"><c:v>{ID}</c:v></c:pt></c:strCache></c:chart></c:chartSpace>')
    rewrite_zip(p, {"xl/charts/chart9.xml": xml.encode()})
    return "xl/charts/chart9.xml"


def pivot_cache(p: Path) -> str:
    xml = ('<?xml version="1.0"?><pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<r><s v="{MOBILE}"/><n v="1"/></r></pivotCacheRecords>')
    rewrite_zip(p, {"xl/pivotCache/pivotCacheRecords1.xml": xml.encode()})
    return "xl/pivotCache/pivotCacheRecords1.xml"


def orphan_sheet(p: Path) -> str:
    xml = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{ID}</t></is></c></row></sheetData></worksheet>')
    rewrite_zip(p, {"xl/worksheets/sheet7.xml": xml.encode()})
    return "xl/worksheets/sheet7.xml"


def custom_xml(p: Path) -> str:
    rewrite_zip(p, {"customXml/item1.xml": f'<?xml version="1.0"?><d><联系电话>{MOBILE}</联系电话></d>'.encode()})
    return "customXml/item1.xml"


def phonetic(p: Path) -> str:
    edit_member(p, SHEET, lambda s: s.replace(
        "</sheetData>", f'<row r="9"><c r="A9" t="inlineStr"><is><r><t>某某</t></r><rPh sb="0" eb="2"><t>{ID}</t></rPh>'
                        "</is></c></row></sheetData>", 1))
    return SHEET


def vml_comment(p: Path) -> str:
    vml = ('<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="_x0000_s1025"><v:textbox><div>'
           f'联系人电话{MOBILE}<br></div></v:textbox></v:shape></xml>')
    rewrite_zip(p, {"xl/drawings/vmlDrawing1.vml": vml.encode()})
    return "xl/drawings/vmlDrawing1.vml"


PLACES = [autofilter, conditional_format, number_format, data_validation, formula_literals, formula_no_cache,
          hyperlink_target, sheet_name, chart_cache, pivot_cache, orphan_sheet, custom_xml, phonetic, vml_comment]


def make(tmp_path: Path, place) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    p = base_xlsx(tmp_path / f"{place.__name__}.xlsx")
    return p, place(p)


@pytest.mark.parametrize("place", PLACES, ids=lambda f: f.__name__)
def test_place_is_flagged(tmp_path, screener, place):
    p, part = make(tmp_path, place)
    findings = screener.scan_document(read_document(p))
    hits = [f for f in findings if f.entity_type in IDENT and f.is_flagged]
    assert hits, f"{place.__name__}: nothing flagged"
    assert any(str(f.location.get("part", "")).startswith(part) or str(f.location.get("xml_part", "")).startswith(part)
               for f in hits), [(f.location, f.entity_type) for f in hits]


def test_clean_base_has_no_identifier(tmp_path, screener):
    p = base_xlsx(tmp_path / "clean.xlsx")
    assert not [f for f in screener.scan_document(read_document(p)) if f.entity_type in IDENT]


def test_formula_location_names_cell(tmp_path, screener):
    p, _ = make(tmp_path, formula_literals)
    hits = [f for f in screener.scan_document(read_document(p)) if f.entity_type == "CN_RESIDENT_ID"]
    assert hits and hits[0].location["place"] == "formula" and hits[0].location["cell"] == "A9"


def test_wide_row_of_numbers_joins_no_cells(tmp_path, screener):
    """Issue 11: a 16,384-column row of adjacent numbers gave 205 false bank cards."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("宽表")
    ws.append([6222 + (i % 7) for i in range(16384)])
    ws.append([13900 + i for i in range(16384)])
    p = tmp_path / "wide.xlsx"
    wb.save(p)
    findings = [f for f in screener.scan_document(read_document(p)) if f.start >= 0]
    assert not [f for f in findings if f.entity_type in ("CN_BANK_CARD", "PHONE_NUMBER", "CN_RESIDENT_ID")]


def test_value_inside_one_cell_still_found(tmp_path, screener):
    """The hard positive beside the wide row: a full mobile in one cell is still a finding."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["联系电话", "备注"])
    wb.active.append([int(MOBILE), "6222"])
    p = tmp_path / "one.xlsx"
    wb.save(p)
    assert [f for f in screener.scan_document(read_document(p)) if f.entity_type == "PHONE_NUMBER"]
