"""Fixture builders for the reader tests, the samples script and the reader benchmark.

Each builder writes a file with a *distinct* valid resident ID planted in every location it covers
and returns ``{location name: planted ID}``, so a test can check that each one is found in the
right place. All people are fictional.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from recognizers.cn_resident_id import calc_check_char

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WNS = f'xmlns:w="{W}"'


def make_id(n: int, area: str = "110105", birth: str = "19800101") -> str:
    """A valid 18-character resident ID; ``n`` (0..999) makes it unique."""
    first17 = f"{area}{birth}{n % 1000:03d}"
    return first17 + calc_check_char(first17)


def tiny_png() -> bytes:
    """A valid 1x1 PNG (python-docx reads the header for the size)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def rewrite_zip(path: Path, edits: dict[str, bytes | None]) -> None:
    """Replace/add (bytes) or delete (None) members of a zip package in place."""
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    for name, data in edits.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())


# -- docx -----------------------------------------------------------------------------------------
def _raw_p(inner: str) -> str:
    return f"<w:p {_WNS}>{inner}</w:p>"


def _r(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def build_docx(path: Path) -> dict[str, str]:
    """A .docx with an ID in the body, split runs, a table, a nested table, headers (default/first/
    even), a footer, a footnote, an endnote, a comment, a tracked insertion and deletion, hidden text,
    a field code, a text box, image alt text, core and custom properties and a custom XML part."""
    import docx
    from docx.oxml import parse_xml
    from docx.shared import Pt

    ids = {k: make_id(i) for i, k in enumerate([
        "body", "split_runs", "table", "nested_table", "header", "first_header", "even_header", "footer",
        "footnote", "endnote", "comment", "inserted", "deleted", "hidden", "field", "textbox", "alt_text",
        "core_property", "custom_property", "custom_xml", "heading"], start=101)}
    d = docx.Document()
    d.add_paragraph(f"行政处罚决定书 {ids['heading']}")
    for i in range(3):
        d.add_paragraph(f"第{i + 1}段：根据《中华人民共和国行政处罚法》的规定，现将有关情况公告如下。")
    d.add_paragraph(f"当事人张某某，公民身份号码：{ids['body']}，住所地某市某区。")
    # an ID split over three differently formatted runs
    p = d.add_paragraph("身份证号码：")
    a, b, c = ids["split_runs"][:6], ids["split_runs"][6:14], ids["split_runs"][14:]
    p.add_run(a).bold = True
    p.add_run(b).italic = True
    r = p.add_run(c)
    r.font.size = Pt(14)
    # table with a header row and a nested table
    t = d.add_table(rows=3, cols=3)
    for j, h in enumerate(["序号", "姓名", "证件号码"]):
        t.cell(0, j).text = h
    t.cell(1, 0).text = "1"
    t.cell(1, 1).text = "王某"
    t.cell(1, 2).text = ids["table"]
    t.cell(2, 0).text = "2"
    inner = t.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "备注"
    inner.cell(0, 1).text = ids["nested_table"]
    # tracked insertion, deletion, hidden run, field code, text box (VML, with mc:AlternateContent copy)
    body = d.element.body
    sect = body[-1]
    extra = [
        _raw_p(_r("联系人证件：") + f'<w:ins w:id="1" w:author="审核人甲" w:date="2024-01-01T00:00:00Z">'
               f'{_r(ids["inserted"])}</w:ins>'),
        _raw_p(_r("原证件号") + f'<w:del w:id="2" w:author="审核人甲" w:date="2024-01-01T00:00:00Z">'
               f'<w:r><w:delText xml:space="preserve">{ids["deleted"]}</w:delText></w:r></w:del>' + _r("已删除")),
        _raw_p(_r("可见文字") + _r(ids["hidden"], "<w:rPr><w:vanish/></w:rPr>")),
        _raw_p('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
               f'<w:r><w:instrText xml:space="preserve"> MERGEFIELD 身份证 \\* {ids["field"]} </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("《域结果》")
               + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        _raw_p('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:100pt;height:50pt">'
               f'<v:textbox><w:txbxContent>{_raw_p(_r("文本框 " + ids["textbox"]))}</w:txbxContent></v:textbox>'
               '</v:shape></w:pict></w:r>'),
    ]
    for xml in extra:
        sect.addprevious(parse_xml(xml))
    # image with alt text
    d.add_picture(io.BytesIO(tiny_png()))
    docpr = d.element.body.xpath(".//wp:docPr")[0]
    docpr.set("descr", f"证件照片 {ids['alt_text']}")
    # comment (python-docx >= 1.2)
    para = d.add_paragraph("本段有批注。")
    d.add_comment(para.runs, text=f"请核对身份证号 {ids['comment']}", author="科员乙", initials="乙")
    # headers/footers: default, first page, even pages
    s = d.sections[0]
    s.header.paragraphs[0].text = f"页眉 {ids['header']}"
    s.footer.paragraphs[0].text = f"页脚 {ids['footer']}"
    s.different_first_page_header_footer = True
    s.first_page_header.paragraphs[0].text = f"首页页眉 {ids['first_header']}"
    d.settings.odd_and_even_pages_header_footer = True
    s.even_page_header.paragraphs[0].text = f"偶数页页眉 {ids['even_header']}"
    d.core_properties.author = "张三"
    d.core_properties.last_modified_by = "李四"
    d.core_properties.comments = f"备注 {ids['core_property']}"
    # footnote/endnote references in the body
    d.add_paragraph().add_run()
    body[-2].append(parse_xml(f'<w:r {_WNS}><w:footnoteReference w:id="1"/></w:r>'))
    body[-2].append(parse_xml(f'<w:r {_WNS}><w:endnoteReference w:id="1"/></w:r>'))
    d.save(path)
    notes = {
        "footnotes": ("footnote", ids["footnote"]),
        "endnotes": ("endnote", ids["endnote"]),
    }
    edits: dict[str, bytes | None] = {}
    with zipfile.ZipFile(path) as zf:
        ct = zf.read("[Content_Types].xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
        root_rels = zf.read("_rels/.rels").decode()
    for part, (tag, value) in notes.items():
        edits[f"word/{part}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{part} {_WNS}>'
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
            f'<w:{tag} w:id="1">{_raw_p(_r("注：" + value))}</w:{tag}></w:{part}>'
        ).encode()
        ct = ct.replace("</Types>", f'<Override PartName="/word/{part}.xml" ContentType="application/'
                        f'vnd.openxmlformats-officedocument.wordprocessingml.{part}+xml"/></Types>')
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdX{part}" Type="http://schemas.openxmlformats'
                            f'.org/officeDocument/2006/relationships/{part}" Target="{part}.xml"/></Relationships>')
    ct = ct.replace("</Types>", '<Override PartName="/docProps/custom.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
    root_rels = root_rels.replace("</Relationships>", '<Relationship Id="rIdCustom" Type="http://schemas.'
                                  'openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
                                  'Target="docProps/custom.xml"/></Relationships>')
    edits["[Content_Types].xml"] = ct.encode()
    edits["word/_rels/document.xml.rels"] = rels.encode()
    edits["_rels/.rels"] = root_rels.encode()
    edits["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/'
        'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="经办人证件">'
        f'<vt:lpwstr>{ids["custom_property"]}</vt:lpwstr></property></Properties>'
    ).encode()
    edits["customXml/item1.xml"] = f'<root><applicant><id>{ids["custom_xml"]}</id></applicant></root>'.encode()
    rewrite_zip(path, edits)
    return ids


# -- pdf ------------------------------------------------------------------------------------------
CJK_FONT = "STSong-Light"


def _cjk_canvas(path: Path):  # type: ignore[no-untyped-def]
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return canvas.Canvas(str(path), pagesize=A4), A4


def build_pdf(path: Path) -> dict[str, str]:
    """A Chinese PDF with IDs in the body, a line-wrapped ID, white text, text under a black box,
    metadata, an annotation and a form field; page 2 is an image-only (scanned) page."""
    from PIL import Image

    ids = {k: make_id(i) for i, k in enumerate(
        ["body", "second_line", "wrapped", "white", "under_box", "author", "subject", "annotation", "form_field",
         "page3"], start=301)}
    c, (w, h) = _cjk_canvas(path)
    c.setAuthor(f"经办人 {ids['author']}")
    c.setTitle("低保公示")
    c.setSubject(f"附件 {ids['subject']}")
    c.setFont(CJK_FONT, 12)
    y = h - 60
    c.drawString(60, y, "某某县民政局关于最低生活保障对象的公示")
    y -= 24
    c.drawString(60, y, f"申请人张某某，身份证号：{ids['body']}，家庭人口 3 人。")
    y -= 24
    c.drawString(60, y, f"共同生活家庭成员李某某 {ids['second_line']} 。")
    y -= 24
    wrapped = ids["wrapped"]
    c.drawString(60, y, f"证件号码：{wrapped[:10]}")
    y -= 16
    c.drawString(60, y, wrapped[10:])
    y -= 24
    c.setFillColorRGB(1, 1, 1)
    c.drawString(60, y, f"白色 {ids['white']}")
    y -= 24
    c.setFillColorRGB(0, 0, 0)
    c.drawString(60, y, f"遮盖 {ids['under_box']}")
    c.rect(55, y - 4, 260, 18, stroke=0, fill=1)
    y -= 24
    c.textAnnotation(f"请核实 {ids['annotation']}", Rect=(60, y - 10, 200, y + 10))
    c.acroForm.textfield(name="idno", value=ids["form_field"], x=60, y=y - 60, width=200, height=20)
    c.showPage()
    img = path.with_suffix(".scan.png")
    Image.new("RGB", (400, 560), "white").save(img)
    c.drawImage(str(img), 0, 0, width=w, height=h)
    c.showPage()
    c.setFont(CJK_FONT, 12)
    c.drawString(60, h - 60, f"第三页 联系人证件 {ids['page3']}")
    c.showPage()
    c.save()
    img.unlink()
    return ids


def build_text_pdf(path: Path, pages: int, lines: int = 40) -> None:
    """A dense Chinese text PDF for the benchmark (about 1,500 characters per page)."""
    c, (w, h) = _cjk_canvas(path)
    n = 0
    for _ in range(pages):
        c.setFont(CJK_FONT, 10.5)
        for i in range(lines):
            n += 1
            line = f"{n:05d} 经审核，申请人张某某家庭符合最低生活保障条件，现予以公示，公示期七天，电话0931-1234567"
            if i % 10 == 0:
                line = f"{n:05d} 申请人身份证号：{make_id(n % 1000)}，住址某某县某某镇某某村"
            c.drawString(40, h - 40 - i * 19, line)
        c.showPage()
    c.save()


# -- xlsx -----------------------------------------------------------------------------------------
def build_xlsx(path: Path) -> dict[str, str]:
    """A 低保 list with a title row, a header row, IDs in visible, hidden-row and hidden-column
    cells, a comment, a header and footer, a hidden and a very hidden sheet, a defined name, a
    document property and a shared string no cell uses any more."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    keys = ["cell", "cell2", "hidden_row", "hidden_col", "comment", "header", "footer", "hidden_sheet",
            "very_hidden_sheet", "defined_name", "property", "unused_string", "number_cell"]
    ids = {k: make_id(i) for i, k in enumerate(keys, start=501)}
    wb = Workbook()
    ws = wb.active
    ws.title = "低保名单"
    ws["A1"] = "2024年第一季度城乡最低生活保障对象公示名单"
    ws.merge_cells("A1:F1")
    ws.append(["序号", "姓名", "身份证号", "联系电话", "家庭住址", "备注"])
    ws.append([1, "张某某", ids["cell"], "0931-1234567", "某某镇某某村", ""])
    ws.append([2, "李某某", ids["cell2"], "", "某某镇某某村", ""])
    ws.append([3, "王某某", ids["hidden_row"], "", "某某镇某某村", ""])
    ws.row_dimensions[5].hidden = True
    ws.append([4, "赵某某", "", "", "某某镇某某村", ids["hidden_col"]])
    ws.column_dimensions["F"].hidden = True
    ws.append([5, "钱某某", int(ids["number_cell"][:15]), "", "", ""])  # numeric cell (15-digit legacy-style)
    ws["B4"].comment = Comment(f"核对：{ids['comment']}", "审核员丙")
    ws.oddHeader.center.text = f"页眉 {ids['header']}"
    ws.oddFooter.right.text = f"页脚 {ids['footer']}"
    hidden = wb.create_sheet("备份")
    hidden.append(["身份证号"])
    hidden.append([ids["hidden_sheet"]])
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("vh")
    very["A1"] = f"证件 {ids['very_hidden_sheet']}"
    very.sheet_state = "veryHidden"
    wb.defined_names["申请人证件"] = DefinedName("申请人证件", attr_text=f'"{ids["defined_name"]}"')
    wb.properties.creator = "张三"
    wb.properties.description = f"经办 {ids['property']}"
    wb.save(path)
    # a shared-string table whose only entry no cell refers to (openpyxl writes inline strings)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        ct = zf.read("[Content_Types].xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    assert "xl/sharedStrings.xml" not in names
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           f"<si><t>旧数据 {ids['unused_string']}</t></si></sst>")
    ct = ct.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    rewrite_zip(path, {"xl/sharedStrings.xml": sst.encode(), "[Content_Types].xml": ct.encode(),
                       "xl/_rels/workbook.xml.rels": rels.encode()})
    del ids["number_cell"]  # a 15-digit number is found only with context; tested separately
    return ids


def build_big_xlsx(path: Path, rows: int) -> None:
    """A 低保-style list with ``rows`` rows and 7 columns (write-only mode: constant memory)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    ws.append(["序号", "姓名", "身份证号", "家庭住址", "联系电话", "保障人数", "金额"])
    for i in range(rows):
        ws.append([i + 1, "张某某", make_id(i % 1000), f"某某镇某某村{i % 50}组", "0931-1234567", 3, 1234.5])
    wb.save(path)


# -- html -----------------------------------------------------------------------------------------
def build_html(path: Path, encoding: str = "utf-8") -> dict[str, str]:
    """A CMS page with IDs in a paragraph split by inline tags, a table cell, a hidden div, alt and
    title attributes, meta description/author, an HTML comment and an entity-encoded ID; script and
    style hold IDs that must NOT be reported."""
    keys = ["paragraph", "table", "hidden", "alt", "title_attr", "meta", "comment", "entities", "script", "style",
            "page_title"]
    ids = {k: make_id(i) for i, k in enumerate(keys, start=701)}
    ent = "".join(f"&#{ord(ch)};" for ch in ids["entities"])
    html = f"""<!DOCTYPE html>
<html><head><meta charset="{encoding}">
<title>公示 {ids['page_title']}</title>
<meta name="description" content="附件 {ids['meta']}">
<style>.x::after {{ content: "{ids['style']}" }}</style>
<script>var id = "{ids['script']}";</script>
</head><body>
<div class="content">
<p>当事人身份证号：<b>{ids['paragraph'][:6]}</b><span>{ids['paragraph'][6:]}</span>，特此公告。</p>
<table><tr><th>姓名</th><th>身份证号</th></tr><tr><td>张某</td><td>{ids['table']}</td></tr></table>
<div style="display:none">{ids['hidden']}</div>
<img src="a.png" alt="证件照 {ids['alt']}">
<a href="#" title="联系人 {ids['title_attr']}">详情</a>
<!-- 编辑备注：{ids['comment']} -->
<p>编码：{ent}</p>
</div></body></html>
"""
    path.write_bytes(html.encode(encoding))
    del ids["script"], ids["style"]
    return ids | {"_script": make_id(709), "_style": make_id(710)}


_SML_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_xlsx(path: Path, rows: Iterable[str]) -> None:
    """A minimal .xlsx written straight from row XML (fast for many rows, any cell reference)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        zf.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_SML_NS} xmlns:r="{_REL_NS}"><sheets><sheet name="名单" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_SML_NS}><sheetData>'.encode())
            buf: list[str] = []
            for row in rows:
                buf.append(row)
                if len(buf) >= 10_000:
                    fh.write("".join(buf).encode())
                    buf = []
            fh.write(("".join(buf) + "</sheetData></worksheet>").encode())
