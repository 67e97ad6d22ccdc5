"""The streaming .xlsx writer cleans every place a value can hide (issue 11): one workbook per place,
built with openpyxl plus raw edits of its parts, the value only there; the plan knows the value (as
the residue sweep of the reader will report it); after writing, the value is in no part of the
output (XML character references decoded) and the file still opens in openpyxl.

The values are fictional: a resident ID with a valid check character, a mobile, a name.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from reader_fixtures import make_id
from test_redaction_helpers import zip_leaks

from screening.redaction import load_policy, redact_file
from screening.redaction.plan import DocumentPlan, Replacement
from screening.redaction.writers.xlsx import write

ID = make_id(731, "620602", "19760512")
MOBILE = "13993517046"
NAME = "欧阳秀珍"
MASKED = {ID: ID[:6] + "********" + ID[-4:], MOBILE: "139****7046", NAME: "欧阳某某"}


def plan_for(values: dict[str, str]) -> DocumentPlan:
    """A plan that replaces ``values`` (original -> replacement) wherever they are."""
    text, reps, pos = "", [], 0
    for original, new in values.items():
        reps.append(Replacement(pos, pos + len(original), original, new, "X", "mask", {}))
        text += original + "\n"
        pos = len(text)
    return DocumentPlan("t", text, reps, [])


def edit_member(path: Path, name: str, edit) -> None:  # noqa: ANN001
    """Rewrite one member of a zip (``edit``: old text -> new text; a missing member starts empty)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        seen = False
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == name:
                data, seen = edit(data.decode("utf-8")).encode("utf-8"), True
            zout.writestr(info, data)
        if not seen:
            zout.writestr(name, edit("").encode("utf-8"))
    tmp.replace(path)


def to_shared_strings(path: Path) -> None:
    """Move every inline string of every sheet into a shared string table, as Excel writes them
    (openpyxl writes inline strings)."""
    table: list[str] = []
    cell = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)

    def share(m: re.Match[str]) -> str:
        table.append(m.group(3))
        return f'<c {m.group(1)}t="s"{m.group(2)}><v>{len(table) - 1}</v></c>'

    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    for name in sheets:
        edit_member(path, name, lambda x: cell.sub(share, x))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    edit_member(path, "xl/sharedStrings.xml", lambda _x: (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(table)}" uniqueCount="{len(table)}">'
        + "".join(f"<si>{t}</si>" for t in table) + "</sst>"))
    edit_member(path, "xl/_rels/workbook.xml.rels", lambda x: x.replace("</Relationships>", (
        '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>')))
    edit_member(path, "[Content_Types].xml", lambda x: x.replace("</Types>", (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml"/></Types>')))


def refs(text: str) -> str:
    """Every character as an XML character reference (how openpyxl writes Chinese)."""
    return "".join(f"&#{ord(ch)};" for ch in text)


def sheet_xml(path: Path, sheet: int = 1) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(f"xl/worksheets/sheet{sheet}.xml").decode("utf-8")


def _base(ws_title: str = "名单") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = ws_title
    ws.append(["序号", "备注"])
    ws.append([1, "无"])
    return wb


# -- builders: each puts the values in one place -----------------------------------------------
def shared_string(p: Path) -> None:
    wb = _base()
    wb.active["B3"] = f"申请人{NAME}，身份证{ID}"
    wb.save(p)
    to_shared_strings(p)


def shared_rich_runs(p: Path) -> None:
    """A value split over two rich-text runs of one shared string."""
    wb = _base()
    wb.active["B3"] = "RICH"
    wb.save(p)
    to_shared_strings(p)
    edit_member(p, "xl/sharedStrings.xml", lambda x: x.replace(
        "<t>RICH</t>", f'<r><rPr><b/></rPr><t>{ID[:10]}</t></r><r><t>{ID[10:]}</t></r>'))


def unused_shared_string(p: Path) -> None:
    """A shared string no cell shows any more."""
    _base().save(p)
    to_shared_strings(p)
    edit_member(p, "xl/sharedStrings.xml", lambda x: x.replace("</sst>", f"<si><t>{refs(NAME)}</t></si></sst>"))


def inline_string(p: Path) -> None:
    _base().save(p)
    edit_member(p, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        "</sheetData>", f'<row r="5"><c r="B5" t="inlineStr"><is><r><t>{ID[:9]}</t></r><r><t>{ID[9:]}</t></r>'
                        f'</is></c></row></sheetData>'))


def number_cell(p: Path) -> None:
    wb = _base()
    wb.active["B3"] = int(MOBILE)
    wb.save(p)
    edit_member(p, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        "</sheetData>", f'<row r="6"><c r="B6"><v>{MOBILE[0]}.{MOBILE[1:]}E10</v></c></row></sheetData>'))


def formula_cached(p: Path) -> None:
    _base().save(p)
    lit = f'"{ID[:4]}"&amp;"{ID[4:]}"'
    edit_member(p, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        "</sheetData>", f'<row r="4"><c r="B4" t="str"><f>{lit}</f><v>{ID}</v></c></row></sheetData>'))


def formula_uncached(p: Path) -> None:
    wb = _base()
    wb.active["B4"] = f'="{ID[:4]}"&"{ID[4:]}"'  # openpyxl writes no cached value
    wb.active["B5"] = f'=CONCATENATE("{MOBILE}","")'
    wb.save(p)


def autofilter(p: Path) -> None:
    wb = _base()
    ws = wb.active
    ws.auto_filter.ref = "A1:B2"
    ws.auto_filter.add_filter_column(1, [ID, NAME])
    wb.save(p)


def conditional_format(p: Path) -> None:
    wb = _base()
    wb.active.conditional_formatting.add("B1:B9", FormulaRule(formula=[f'$B1="{MOBILE}"'],
                                                              fill=PatternFill("solid", fgColor="FFFF00")))
    wb.save(p)


def number_format(p: Path) -> None:
    wb = _base()
    wb.active["A2"].number_format = f'"{NAME}"0'
    wb.save(p)


def validation_list(p: Path) -> None:
    wb = _base()
    dv = DataValidation(type="list", formula1=f'"{NAME},{MOBILE}"', prompt=f"如 {ID}", promptTitle=NAME)
    wb.active.add_data_validation(dv)
    dv.add("B2:B9")
    wb.save(p)


def hyperlink(p: Path) -> None:
    wb = _base()
    cell = wb.active["B2"]
    cell.hyperlink = f"tel:{MOBILE}"
    cell.hyperlink.tooltip = f"{NAME}的身份证 {ID}"
    wb.active["A2"].hyperlink = "https://example.invalid/q?name=" + "".join(f"%{b:02X}" for b in NAME.encode())
    wb.save(p)


def sheet_name(p: Path) -> None:
    wb = _base(f"{NAME}{MOBILE}")
    other = wb.create_sheet("汇总")
    other["A1"] = f"='{NAME}{MOBILE}'!A2"
    wb.defined_names[f"n{MOBILE[-4:]}"] = DefinedName(f"n{MOBILE[-4:]}", attr_text=f"'{NAME}{MOBILE}'!$A$2")
    wb.save(p)


CHART = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>'
         '<c:barChart><c:ser><c:idx val="0"/><c:order val="0"/><c:cat><c:strRef><c:f>名单!$B$1:$B$2</c:f>'
         '<c:strCache><c:ptCount val="2"/><c:pt idx="0"><c:v>{name}</c:v></c:pt><c:pt idx="1"><c:v>{id}</c:v>'
         '</c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>名单!$A$1:$A$2</c:f><c:numCache>'
         '<c:ptCount val="1"/><c:pt idx="0"><c:v>{mobile}</c:v></c:pt></c:numCache></c:numRef></c:val>'
         '</c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>')


def chart_cache(p: Path) -> None:
    _base().save(p)
    edit_member(p, "xl/charts/chart1.xml", lambda _x: CHART.format(name=refs(NAME), id=ID, mobile=MOBILE))


def pivot_cache(p: Path) -> None:
    _base().save(p)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    edit_member(p, "xl/pivotCache/pivotCacheDefinition1.xml", lambda _x: (
        f'<?xml version="1.0" encoding="UTF-8"?><pivotCacheDefinition {ns} recordCount="1"><cacheSource '
        f'type="worksheet"><worksheetSource ref="A1:B2" sheet="名单"/></cacheSource><cacheFields count="1">'
        f'<cacheField name="姓名" numFmtId="0"><sharedItems count="2"><s v="{NAME}"/><s v="{ID}"/>'
        f'</sharedItems></cacheField></cacheFields></pivotCacheDefinition>'))
    edit_member(p, "xl/pivotCache/pivotCacheRecords1.xml", lambda _x: (
        f'<?xml version="1.0" encoding="UTF-8"?><pivotCacheRecords {ns} count="1"><r><x v="0"/>'
        f'<n v="{MOBILE[0]}.{MOBILE[1:]}E10"/><s v="{refs(ID)}"/></r></pivotCacheRecords>'))


def comments(p: Path) -> None:
    wb = _base()
    wb.active["B2"].comment = Comment(f"核对 {ID}，联系 {NAME}", "科员")
    wb.save(p)


def header_footer(p: Path) -> None:
    wb = _base()
    wb.active.oddHeader.center.text = f"内部 {ID}"
    wb.active.evenFooter.right.text = f"经办 {NAME}"
    wb.save(p)


def defined_name(p: Path) -> None:
    wb = _base()
    wb.defined_names["联系电话"] = DefinedName("联系电话", attr_text=f'"{MOBILE}"')
    wb.save(p)


def properties(p: Path) -> None:
    wb = _base()
    wb.properties.title = f"{NAME}的材料"
    wb.properties.keywords = ID
    wb.save(p)
    ns = 'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ' \
         'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"'
    edit_member(p, "docProps/custom.xml", lambda _x: (
        f'<?xml version="1.0" encoding="UTF-8"?><Properties {ns}><property fmtid="{{D5CDD505-2E9C-101B-9397-'
        f'08002B2CF9AE}}" pid="2" name="经办人"><vt:lpwstr>{NAME} {MOBILE}</vt:lpwstr></property></Properties>'))


def phonetic(p: Path) -> None:
    wb = _base()
    wb.active["B3"] = "Zhang San"
    wb.active["B4"] = "Li Si"
    wb.save(p)
    edit_member(p, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        "<t>Li Si</t>", f'<t>Li Si</t><rPh sb="0" eb="2"><t>{refs(ID)}</t></rPh>'))
    to_shared_strings(p)
    edit_member(p, "xl/sharedStrings.xml", lambda x: x.replace(
        "<t>Zhang San</t>", f'<t>Zhang San</t><rPh sb="0" eb="2"><t>{refs(NAME)}{MOBILE}</t></rPh>'))


def custom_xml(p: Path) -> None:
    _base().save(p)
    edit_member(p, "customXml/item1.xml", lambda _x: f'<?xml version="1.0"?><root><who id="{ID}">{NAME}</who></root>')


def unknown_text_part(p: Path) -> None:
    _base().save(p)
    edit_member(p, "xl/notes/readme.txt", lambda _x: f"经办人 {NAME} 电话 {MOBILE}\n")


def xml_comment_and_cdata(p: Path) -> None:
    _base().save(p)
    edit_member(p, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        "<sheetData>", f"<!-- 原值 {ID} --><sheetData>"))
    edit_member(p, "xl/drawings/drawing9.xml", lambda _x: (
        f'<?xml version="1.0"?><d xmlns="urn:x"><t><![CDATA[{NAME} {MOBILE}]]></t><a descr="{refs(ID)}"/></d>'))


PLACES = [shared_string, shared_rich_runs, unused_shared_string, inline_string, number_cell, formula_cached, formula_uncached, autofilter,
          conditional_format, number_format, validation_list, hyperlink, sheet_name, chart_cache, pivot_cache,
          comments, header_footer, defined_name, properties, phonetic, custom_xml, unknown_text_part,
          xml_comment_and_cdata]


@pytest.mark.parametrize("build", PLACES, ids=[b.__name__ for b in PLACES])
def test_value_cleaned_from_every_place(build, tmp_path: Path) -> None:  # noqa: ANN001
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    build(src)
    values = [ID, MOBILE, NAME]
    assert zip_leaks(src, values), "the fixture must hold a value"
    write(src, out, plan_for(MASKED), load_policy("publication"))
    assert zip_leaks(out, values) == []
    load_workbook(out)  # still a workbook


def test_formulas_replaced_by_their_redacted_value(tmp_path: Path) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    formula_cached(src)
    write(src, out, plan_for(MASKED), load_policy("publication"))
    ws = load_workbook(out)["名单"]
    assert ws["B4"].value == MASKED[ID] and ws["A2"].value == 1  # the formula is gone, the rest kept
    formula_uncached(src)
    write(src, out, plan_for(MASKED), load_policy("publication"))
    ws = load_workbook(out)["名单"]
    assert ws["B4"].value == MASKED[ID] and ws["B5"].value == MASKED[MOBILE]


def test_formula_without_a_value_is_kept(tmp_path: Path) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base()
    wb.active["C2"] = "=A2*2"
    wb.active["C3"] = f"=LEN(B3)&\"{NAME}\""
    wb.save(src)
    write(src, out, plan_for(MASKED), load_policy("publication"))
    ws = load_workbook(out)["名单"]
    assert ws["C2"].value == "=A2*2" and ws["C3"].value == "欧阳某某"


def test_sheet_renamed_and_references_follow(tmp_path: Path) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    sheet_name(src)
    res = write(src, out, plan_for(MASKED), load_policy("publication"))
    wb = load_workbook(out)
    new = "欧阳某某139____7046"  # '*' is not allowed in a sheet name
    assert wb.sheetnames == [new, "汇总"]
    assert wb["汇总"]["A1"].value == f"='{new}'!A2"
    assert any(dn.attr_text == f"'{new}'!$A$2" for dn in wb.defined_names.values())
    assert any("sheet_name" in c["location"] for c in res.changes)


def test_numbers_stored_as_numbers_become_text(tmp_path: Path) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    number_cell(src)
    write(src, out, plan_for(MASKED), load_policy("publication"))
    ws = load_workbook(out)["名单"]
    assert ws["B3"].value == ws["B6"].value == "139****7046" and ws["A2"].value == 1


def test_images_and_charts_are_kept_and_reported(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.drawing.image import Image
    from reader_fixtures import tiny_png

    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    (tmp_path / "a.png").write_bytes(tiny_png())
    wb = _base()
    ws = wb.active
    ws.add_image(Image(str(tmp_path / "a.png")), "D2")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=2), titles_from_data=True)
    ws.add_chart(chart, "D8")
    ws["B3"] = NAME
    wb.save(src)
    res = write(src, out, plan_for(MASKED), load_policy("publication"))
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        kept = [n for n in a.namelist() if n.startswith(("xl/media/", "xl/charts/", "xl/drawings/"))]
        assert kept and set(kept) <= set(b.namelist())
        assert all(a.read(n) == b.read(n) for n in kept if n.startswith("xl/media/"))
    assert any("xl/media/image1.png" in n and "unscanned" in n for n in res.notes)
    assert zip_leaks(out, [NAME]) == []


def test_unchanged_members_are_copied_byte_for_byte(tmp_path: Path) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base()
    wb.active["B3"] = NAME
    other = wb.create_sheet("其他")
    other.append(["序号", "说明"])
    other.append([1, "无"])
    wb.save(src)
    to_shared_strings(src)
    write(src, out, plan_for(MASKED), load_policy("publication"))
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        for name in ("xl/styles.xml", "xl/theme/theme1.xml", "xl/worksheets/sheet2.xml"):
            assert a.read(name) == b.read(name), name
        sst_in, sst_out = a.read("xl/sharedStrings.xml").decode(), b.read("xl/sharedStrings.xml").decode()
        assert sst_in.count("<si>") == sst_out.count("<si>")  # the cells' indexes stay valid


def test_extreme_extent_costs_two_cells(tmp_path: Path) -> None:
    """Cells at A1 and XFD1048576: nothing is built for the cells in between (issue 11: 7.9 GB)."""
    import resource

    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base()
    wb.active["A1"] = NAME
    wb.active["XFD1048576"] = ID
    wb.save(src)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    write(src, out, plan_for(MASKED), load_policy("publication"))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB
    ws = load_workbook(out, read_only=True)["名单"]
    assert zip_leaks(out, [NAME, ID]) == [] and ws.max_row == 1048576


def test_end_to_end_with_the_reader(screener, tmp_path: Path) -> None:
    """Scan + plan + write + verify: values visible in a cell are also cleaned where the reader does
    not look (here: a chart cache, a tooltip, a validation list)."""
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "身份证号", "联系电话"])
    ws.append([NAME, ID, MOBILE])
    ws["A4"] = f"备注：申请人{NAME}，电话{MOBILE}，身份证号码{ID}。"  # several planned positions in one cell
    ws["B2"].hyperlink = "https://example.invalid/"
    ws["B2"].hyperlink.tooltip = f"核对 {ID}"
    dv = DataValidation(type="list", formula1=f'"{MOBILE},无"')
    ws.add_data_validation(dv)
    dv.add("C2:C9")
    wb.save(src)
    edit_member(src, "xl/charts/chart1.xml", lambda _x: CHART.format(name=NAME, id=ID, mobile=MOBILE))
    rep = redact_file(src, out, "publication", screener)
    assert rep.ok and rep.verification.ok
    assert zip_leaks(out, [NAME, ID, MOBILE]) == []
    ws = load_workbook(out)["名单"]
    assert ws["A2"].value == "欧阳某某" and ws["C2"].value == "139****7046"
    assert ws["A4"].value == f"备注：申请人欧阳某某，电话139****7046，身份证号码{MASKED[ID]}。"
    assert sum(1 for c in rep.changes if c["location"].get("cell") == "A4") == 3


@pytest.mark.slow
def test_libreoffice_opens_the_output(tmp_path: Path) -> None:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base(f"{NAME}{MOBILE}")
    ws = wb.active
    ws["B3"] = f"申请人{NAME}"
    ws["B4"] = f'="{ID[:4]}"&"{ID[4:]}"'
    ws["B5"] = int(MOBILE)
    ws["B2"].comment = Comment(f"核对 {ID}", "科员")
    wb.save(src)
    write(src, out, plan_for(MASKED), load_policy("publication"))
    proc = subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                           "csv:Text - txt - csv (StarCalc):44,34,76",
                           "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180, check=False)
    csv = tmp_path / "out.csv"
    assert proc.returncode == 0 and csv.exists(), proc.stderr[-500:]
    text = csv.read_bytes().decode("utf-8", errors="replace")
    assert "欧阳某某" in text and MOBILE not in text and ID not in text


def _zip_bytes_leaks(data: bytes, values: list[str], tmp: Path) -> list[tuple[str, str]]:
    p = tmp / "inner.zip"
    p.write_bytes(data)
    return zip_leaks(p, values)


def test_embedded_packages_redacted_recursively(tmp_path: Path) -> None:
    """An .xlsx and a .docx embedded in the workbook (OLE packages) are redacted with the same
    values (issue 11: they were copied unchanged)."""
    import docx

    inner_x, inner_d = tmp_path / "inner.xlsx", tmp_path / "inner.docx"
    wb = Workbook()
    wb.active["A1"] = f"{NAME} {ID}"
    wb.save(inner_x)
    d = docx.Document()
    d.add_paragraph(f"联系人{NAME}，电话{MOBILE}")
    d.save(inner_d)
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    _base().save(src)
    for name, path in (("xl/embeddings/Microsoft_Excel_Worksheet1.xlsx", inner_x),
                       ("xl/embeddings/Microsoft_Word_Document1.docx", inner_d)):
        data = path.read_bytes()
        tmp = src.with_suffix(".tmp")
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w") as zout:
            for info in zin.infolist():
                zout.writestr(info, zin.read(info))
            zout.writestr(name, data)
        tmp.replace(src)
    res = write(src, out, plan_for(MASKED), load_policy("publication"))
    with zipfile.ZipFile(out) as zf:
        for name in ("xl/embeddings/Microsoft_Excel_Worksheet1.xlsx", "xl/embeddings/Microsoft_Word_Document1.docx"):
            assert _zip_bytes_leaks(zf.read(name), [ID, MOBILE, NAME], tmp_path) == [], name
    assert "embedded packages redacted" in res.sanitised
    assert any(c["location"].get("embedded") for c in res.changes)
    load_workbook(out)


def test_verification_searches_big_parts_in_overlapping_windows(monkeypatch, tmp_path: Path) -> None:
    """The byte-level search of the output reads a big part in windows (bounded memory) and still
    finds a value wherever a window boundary falls."""
    from screening.redaction import parts

    monkeypatch.setattr(parts, "WINDOW", 1000)
    monkeypatch.setattr(parts, "WINDOW_OVERLAP", 200)
    p = tmp_path / "a.zip"
    body = "".join(f"<row><c><is><t>{refs(f'值{i:04d}')}</t></is></c></row>" for i in range(600))
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", "<x>" + body + "</x>")
    seen = {i for _name, view in parts.iter_parts(p, "xlsx") for i in range(600) if f"值{i:04d}" in view}
    assert seen == set(range(600))


def test_strict_removes_hidden_rows_and_shifts_what_points_below(tmp_path: Path) -> None:
    """Removing hidden rows and columns moves the cells below/right up/left, with their merged
    ranges, hyperlinks and validations; what lay inside the removed rows goes."""
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base()
    ws = wb.active
    ws["B3"] = f"隐藏 {ID}"
    ws.row_dimensions[3].hidden = True
    ws["A5"], ws["B5"], ws["D5"] = "合并", "x", "右"
    ws.merge_cells("A5:B5")
    ws.column_dimensions["C"].hidden = True
    ws["C2"] = MOBILE
    ws["D6"].hyperlink = "https://example.invalid/"
    ws.merge_cells("A3:B3")  # inside the removed row: dropped
    wb.save(src)
    policy = load_policy({"name": "s", "extends": "publication", "document": {"hidden_rows_columns": "remove"}})
    res = write(src, out, plan_for(MASKED), policy)
    assert "hidden rows/columns removed" in res.sanitised
    ws = load_workbook(out)["名单"]
    assert ws["A4"].value == "合并" and ws["C4"].value == "右" and ws["A5"].value is None
    assert [str(r) for r in ws.merged_cells.ranges] == ["A4:B4"]
    assert ws["C5"].hyperlink is not None and ws["C5"].hyperlink.target == "https://example.invalid/"
    assert zip_leaks(out, [ID, MOBILE]) == []


def test_clear_empties_hidden_cells_and_keeps_them_hidden(tmp_path: Path) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base()
    wb.active["B3"] = "隐藏行的文字"
    wb.active.row_dimensions[3].hidden = True
    wb.save(src)
    policy = load_policy({"name": "c", "extends": "publication", "document": {"hidden_rows_columns": "clear"}})
    res = write(src, out, plan_for(MASKED), policy)
    ws = load_workbook(out)["名单"]
    assert ws["B3"].value is None and ws.row_dimensions[3].hidden and ws["B2"].value == "无"
    assert "hidden rows/columns emptied" in res.sanitised


def test_hidden_sheet_removed_with_its_names_and_parts(tmp_path: Path) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base()
    hidden = wb.create_sheet("备用")
    hidden.sheet_state = "hidden"
    hidden["A1"] = ID
    hidden["A2"].comment = Comment(f"电话 {MOBILE}", "科员")
    hidden.print_area = "A1:B2"
    last = wb.create_sheet("汇总")
    last["A1"] = "合计"
    wb.active = 2
    wb.defined_names["备用值"] = DefinedName("备用值", attr_text="'备用'!$A$1")
    wb.save(src)
    res = write(src, out, plan_for({}), load_policy("publication"))  # nothing to replace: only hygiene
    wb2 = load_workbook(out)
    assert wb2.sheetnames == ["名单", "汇总"] and wb2.active.title == "汇总"
    assert "备用值" not in wb2.defined_names
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if "comments" in n or n.endswith(".vml")]
    assert zip_leaks(out, [ID, MOBILE]) == []
    assert "hidden sheets removed" in res.sanitised


def test_prefixed_namespace_and_utf16_parts(tmp_path: Path) -> None:
    """Sheet XML written with a namespace prefix (``<x:row>``), and a part encoded as UTF-16."""
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = _base()
    wb.active["B3"] = f"申请人{NAME}"
    wb.save(src)

    def prefixed(x: str) -> str:
        x = x.replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                      'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
        return re.sub(r"<(/?)([A-Za-z]+)([\s>/])", r"<\1x:\2\3", x)

    edit_member(src, "xl/worksheets/sheet1.xml", prefixed)
    assert "<x:row" in sheet_xml(src)
    chart = CHART.format(name=NAME, id=ID, mobile=MOBILE).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    tmp = src.with_suffix(".tmp")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/charts/chart1.xml", chart.encode("utf-16"))
    tmp.replace(src)
    write(src, out, plan_for(MASKED), load_policy("publication"))
    assert load_workbook(out)["名单"]["B3"].value == "申请人欧阳某某"
    with zipfile.ZipFile(out) as zf:
        text = zf.read("xl/charts/chart1.xml").decode("utf-16")
    assert NAME not in text and ID not in text and MASKED[ID] in text
    assert zip_leaks(out, [NAME, ID, MOBILE]) == []
