"""Regenerate the small sample drafts in samples/ (.docx, .xlsx, .pdf, .html) for the README demo.

All people, numbers and places are fictional; resident IDs have valid check characters so the
screener treats them as real. Each file also carries the kind of leak the readers look for:
a tracked deletion and a comment (docx), a hidden row and a hidden sheet (xlsx), a metadata author
and white text (pdf), a meta author and an HTML comment (html).

Usage: ``python scripts/make_samples.py [OUT_DIR]`` (default: samples/).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recognizers.cn_resident_id import calc_check_char  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED = dt.datetime(2024, 3, 1, 9, 0, 0)


def rid(area: str, birth: str, seq: str) -> str:
    """A fictional resident ID with a valid check character."""
    return area + birth + seq + calc_check_char(area + birth + seq)


PEOPLE = [  # fictional
    ("马建国", rid("620602", "19650312", "031"), "13993512468", "凉州区和平街道东关路18号2单元301室", 3, 1260),
    ("李秀兰", rid("620602", "19580920", "046"), "15809351237", "凉州区和平街道西街社区7组", 1, 580),
    ("王志强", rid("620621", "19790105", "013"), "18893578120", "民勤县三雷镇三陶村4社", 4, 1850),
    ("赵玉梅", rid("620622", "19860714", "028"), "13519358864", "古浪县古浪镇南街12号", 2, 940),
    ("张宏伟", rid("620623", "19711123", "051"), "17709356623", "天祝县华藏寺镇金强路5号", 3, 1320),
]


def make_docx(path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    name, pid, phone, addr = PEOPLE[0][:4]
    d = docx.Document()
    d.add_paragraph("武威市某某区市场监督管理局")
    d.add_paragraph("行政处罚决定书")
    d.add_paragraph("武某市监处罚〔2024〕15号")
    d.add_paragraph(f"当事人：{name}，男，汉族，公民身份号码：{pid}，住址：{addr}，联系电话：{phone}。")
    d.add_paragraph("经查，当事人于2023年11月在其经营的门店销售过期食品，违反了《中华人民共和国食品安全法》第三十四条的规定。")
    p = d.add_paragraph("依据《中华人民共和国食品安全法》第一百二十四条，决定给予当事人如下行政处罚：没收违法所得，并处罚款人民币伍仟元整。")
    p._p.append(parse_xml(
        f'<w:del xmlns:w="{W}" w:id="1" w:author="经办人" w:date="2024-03-01T09:00:00Z"><w:r><w:delText>'
        f'（当事人配偶{PEOPLE[3][0]}，身份证号{PEOPLE[3][1]}）</w:delText></w:r></w:del>'))
    note = d.add_paragraph("如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议。")
    d.add_comment(note.runs, text=f"送达地址核实：{PEOPLE[0][3]}", author="法制科", initials="法")
    t = d.add_table(rows=2, cols=3)
    for j, h in enumerate(["执法人员", "执法证号", "联系电话"]):
        t.cell(0, j).text = h
    for j, v in enumerate(["刘某、陈某", "62060201234", "0935-2212345"]):
        t.cell(1, j).text = v
    d.sections[0].header.paragraphs[0].text = "武威市某某区市场监督管理局"
    cp = d.core_properties
    cp.author, cp.last_modified_by, cp.created, cp.modified, cp.revision = "经办人甲", "科员乙", FIXED, FIXED, 1
    d.save(path)


def make_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "低保名单"
    ws["A1"] = "某某街道2024年第一季度城乡最低生活保障对象公示"
    ws.merge_cells("A1:G1")
    ws.append(["序号", "户主姓名", "身份证号", "联系电话", "家庭住址", "保障人数", "月保障金（元）"])
    for i, (name, pid, phone, addr, n, amount) in enumerate(PEOPLE, start=1):
        ws.append([i, name, pid, phone, addr, n, amount])
    ws.row_dimensions[5].hidden = True
    ws.append(["", "公示期：2024年3月1日至3月7日，监督电话：0935-2212345"])
    backup = wb.create_sheet("原始数据")
    backup.append(["姓名", "身份证号", "致贫原因"])
    backup.append([PEOPLE[1][0], PEOPLE[1][1], "患尿毒症，长期透析"])
    backup.sheet_state = "hidden"
    wb.properties.creator = "民政所经办人"
    wb.properties.created = wb.properties.modified = FIXED
    wb.save(path)


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    w, h = A4
    c.setAuthor("民政所经办人")
    c.setTitle("城乡最低生活保障对象公示")
    c.setFont("STSong-Light", 16)
    c.drawCentredString(w / 2, h - 70, "城乡最低生活保障对象公示")
    c.setFont("STSong-Light", 10.5)
    y = h - 110
    c.drawString(50, y, "根据《社会救助暂行办法》，现将新增低保对象公示如下：")
    for i, (name, pid, phone, addr, n, amount) in enumerate(PEOPLE, start=1):
        y -= 22
        c.drawString(50, y, f"{i}. {name}  身份证号：{pid}  电话：{phone}  保障人数：{n}人  月保障金：{amount}元")
        y -= 16
        c.drawString(70, y, f"住址：{addr}")
    y -= 30
    c.drawString(50, y, "公示期七天。监督电话：0935-2212345。")
    c.setFillColorRGB(1, 1, 1)
    c.drawString(50, 40, f"内部备注：复核人{PEOPLE[2][0]} {PEOPLE[2][2]}")
    c.showPage()
    c.save()


def make_html(path: Path) -> None:
    rows = "\n".join(
        f"<tr><td>{i}</td><td>{n}</td><td>{pid[:6]}********{pid[-4:]}</td><td>{addr}</td></tr>"
        for i, (n, pid, _phone, addr, _k, _a) in enumerate(PEOPLE, start=1)
    )
    html = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>关于2024年第一季度低保对象的公示</title>
<meta name="author" content="民政所经办人">
<meta name="description" content="某某街道低保对象公示">
</head><body>
<h1>关于2024年第一季度低保对象的公示</h1>
<p>经审核，以下家庭符合城乡最低生活保障条件，现予公示。联系人：{PEOPLE[4][0]}，电话 <b>{PEOPLE[4][2]}</b>。</p>
<table><tr><th>序号</th><th>户主姓名</th><th>身份证号</th><th>家庭住址</th></tr>
{rows}
</table>
<!-- 待删除：{PEOPLE[3][0]} {PEOPLE[3][1]} -->
<p>公示期七天。监督电话：0935-2212345。</p>
</body></html>
"""
    path.write_text(html, encoding="utf-8")


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "samples"
    out.mkdir(parents=True, exist_ok=True)
    make_docx(out / "处罚决定书.docx")
    make_xlsx(out / "低保公示.xlsx")
    make_pdf(out / "公示.pdf")
    make_html(out / "公示.html")
    for p in sorted(out.glob("*.*")):
        if p.suffix in (".docx", ".xlsx", ".pdf", ".html"):
            print(f"{p.relative_to(out.parent) if out.parent in p.parents else p}  {p.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv)
