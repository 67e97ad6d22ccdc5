"""Regenerate the issue-16 sample drafts in samples/: a scanned penalty decision (an image-only PDF),
a photographed 公示 list (.jpg), a WPS draft (.wps, converted by LibreOffice from a .docx: WPS
Writer files are Word 97-2003 binary documents) and an OFD notice (.ofd).

All people, numbers and places are fictional; resident IDs have valid check characters (the
project's own validator) so the screener treats them as real. The pictures are rendered with the
Noto CJK font (Debian ``fonts-noto-cjk``).

Usage: ``python scripts/make_scanned_samples.py [OUT_DIR]`` (default: samples/). The .wps file is
skipped (with a message) when LibreOffice is not installed.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recognizers.cn_resident_id import calc_check_char  # noqa: E402
from screening.documents.ofd_build import Annotation, Extras, Line, build_ofd  # noqa: E402

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NAMES = ("扫描件_行政处罚决定书.pdf", "公示名单_拍照.jpg", "征求意见稿.wps", "情况通报.ofd")


def rid(area: str, birth: str, seq: str) -> str:
    """A fictional resident ID with a valid check character."""
    return area + birth + seq + calc_check_char(area + birth + seq)


PARTY = ("欧阳振华", rid("620502", "19780611", "035"), "13993862417", "天水市秦州区民主西路66号")
ROSTER = [("司马晓燕", rid("620503", "19850218", "042"), "15193827714"),
          ("诸葛国平", rid("620521", "19690925", "017"), "18993851260"),
          ("皇甫丽娟", rid("620522", "19920407", "064"), "13309389825")]


def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(FONT, size)


def penalty_scan(path: Path) -> None:
    """An A4 page at 200 dpi, saved as an image-only PDF (what a scanner produces)."""
    from PIL import Image, ImageDraw, ImageFilter

    im = Image.new("RGB", (1654, 2339), (250, 250, 247))
    d = ImageDraw.Draw(im)
    d.text((430, 150), "天水市某区市场监督管理局", font=_font(56), fill=(170, 20, 20))
    d.text((560, 290), "行政处罚决定书", font=_font(60), fill="black")
    d.text((600, 400), "某市监处罚〔2024〕18号", font=_font(34), fill="black")
    name, pid, phone, addr = PARTY
    lines = [f"当事人：{name}", f"公民身份号码：{pid}", f"联系电话：{phone}", f"住所：{addr}",
             "经查，当事人于2024年3月在其经营场所销售过期食品，",
             "违反了《中华人民共和国食品安全法》第三十四条的规定。",
             "依据该法第一百二十四条，决定对当事人作出如下行政处罚：",
             "没收违法所得并处罚款人民币伍仟元整。",
             "如不服本处罚决定，可在收到之日起六十日内申请行政复议。"]
    for i, t in enumerate(lines):
        d.text((170, 540 + 96 * i), t, font=_font(38), fill=(25, 25, 25))
    d.text((1000, 1700), "2024年5月20日", font=_font(38), fill="black")
    d.ellipse((1010, 1560, 1330, 1880), outline=(200, 30, 30), width=8)  # the stamp
    rnd = random.Random(1616)
    px = im.load()
    for _ in range(30000):  # scanner dust
        x, y = rnd.randrange(im.width), rnd.randrange(im.height)
        g = rnd.randrange(150, 235)
        px[x, y] = (g, g, g)
    im = im.rotate(0.4, resample=Image.BICUBIC, fillcolor=(250, 250, 247)).filter(ImageFilter.GaussianBlur(0.5))
    im.save(path, "PDF", resolution=200)


def roster_photo(path: Path) -> None:
    """A 公示 list photographed off a notice board: grey paper, a ruled table, a slight tilt, noise."""
    from PIL import Image, ImageDraw, ImageFilter

    im = Image.new("RGB", (1500, 640), (232, 229, 220))
    d = ImageDraw.Draw(im)
    d.text((380, 36), "2024年度临时救助对象公示名单", font=_font(46), fill="black")
    cols = [60, 330, 900, 1440]
    rows = [("姓名", "身份证号", "联系电话"), *ROSTER]
    for r, row in enumerate(rows):
        y = 130 + 92 * r
        d.line((cols[0], y, cols[-1], y), fill=(60, 60, 60), width=2)
        for c, cell in enumerate(row):
            d.text((cols[c] + 22, y + 22), cell, font=_font(38), fill=(28, 28, 32))
    bottom = 130 + 92 * len(rows)
    d.line((cols[0], bottom, cols[-1], bottom), fill=(60, 60, 60), width=2)
    for x in cols:
        d.line((x, 130, x, bottom), fill=(60, 60, 60), width=2)
    d.text((60, bottom + 30), "公示期：2024年6月1日至6月7日，监督电话：0938-8123456", font=_font(32), fill="black")
    rnd = random.Random(1617)
    px = im.load()
    for _ in range(9000):
        x, y = rnd.randrange(im.width), rnd.randrange(im.height)
        g = rnd.randrange(120, 250)
        px[x, y] = (g, g, g)
    im = im.rotate(1.0, resample=Image.BICUBIC, expand=True, fillcolor=(232, 229, 220))
    im.filter(ImageFilter.GaussianBlur(0.6)).save(path, quality=88)


def wps_draft(path: Path, timeout: int = 180) -> bool:
    """A draft saved by LibreOffice as Word 97-2003 binary, named .wps (False without LibreOffice)."""
    import docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    name, pid, phone, _addr = PARTY
    with tempfile.TemporaryDirectory(prefix="wps-sample-") as tmp:
        t = Path(tmp)
        d = docx.Document()
        d.add_paragraph("关于调整城乡居民最低生活保障标准的通知（征求意见稿）")
        d.add_paragraph("各县区民政局：")
        d.add_paragraph("为做好困难群众基本生活保障工作，现就调整保障标准征求意见如下。")
        d.add_paragraph(f"起草联系人：{ROSTER[0][0]}，联系电话：{ROSTER[0][2]}。")
        d.add_paragraph(f"附：典型个案 {name}（公民身份号码 {pid}）家庭情况说明。")
        d.save(t / "draft.docx")
        subprocess.run([soffice, f"-env:UserInstallation=file://{t}/profile", "--headless", "--convert-to", "doc",
                        "--outdir", str(t), str(t / "draft.docx")], check=True, capture_output=True, timeout=timeout)
        shutil.copyfile(t / "draft.doc", path)
    return True


def ofd_notice(path: Path) -> None:
    """An OFD notice: a roster line drawn one TextCode per character, DocInfo author, an annotation."""
    name, pid, phone, _addr = PARTY
    build_ofd(path, [[
        "关于2024年第一季度食品安全抽检情况的通报",
        "各有关单位：",
        "现将第一季度食品安全监督抽检发现的问题通报如下。",
        Line(f"被抽检经营者负责人：{name}，公民身份号码：{pid}", split=True),
        f"联系电话：{phone}",
        "请各单位于2024年6月30日前完成整改并报送整改情况。",
    ]], Extras(title="食品安全抽检情况通报", author=ROSTER[1][0], keywords=["食品安全", "抽检"],
               annotations=[Annotation(1, f"核实人：{ROSTER[2][0]} {ROSTER[2][2]}", ROSTER[2][0])]))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    penalty_scan(out / NAMES[0])
    roster_photo(out / NAMES[1])
    if not wps_draft(out / NAMES[2]):
        print(f"LibreOffice not installed: {NAMES[2]} skipped", file=sys.stderr)
    ofd_notice(out / NAMES[3])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples")
