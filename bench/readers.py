"""Reader benchmark: prints speed, peak memory and the fixture hit rate against the issue-4 targets.

    python bench/readers.py                 # everything (the 100,000-row xlsx takes a few minutes)
    python bench/readers.py --rows 20000    # a smaller spreadsheet
    python bench/readers.py --only pdf,docx,fixtures

Two spreadsheets: ``xlsx`` is the 7-column list of the reader tests (placeholder names, one repeated
landline); ``roster`` is a realistic 10-column 低保 roster where every row is a different person
(name, ID, mobile, address, bank account, health remarks) -- the harder and more honest case.

Each measurement runs in a fresh process pinned to one core (``taskset``-like via
``os.sched_setaffinity``) so peak memory (``ru_maxrss``) belongs to that measurement alone.
"read" is the reader alone; "scan" is ``Screener().scan_document`` on the result (Screener
construction excluded); "total" = read + scan, the number the targets refer to.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

TARGETS = {"pdf": 8.0, "docx": 3.0, "xlsx": 30.0}
XLSX_MEMORY_MB = 500


def build_docx_pages(path: Path, pages: int) -> None:
    """About 25 paragraphs (~1,000 characters) and a small table per page."""
    import docx
    from reader_fixtures import make_id

    d = docx.Document()
    n = 0
    for page in range(pages):
        for i in range(22):
            n += 1
            d.add_paragraph(f"第{page + 1}页第{i + 1}段：经审核，申请人张某某家庭符合最低生活保障条件，现予以公示，"
                            "公示期七天，如有异议请向街道办事处反映。")
        t = d.add_table(rows=3, cols=3)
        for j, h in enumerate(["姓名", "身份证号", "备注"]):
            t.cell(0, j).text = h
        t.cell(1, 0).text, t.cell(1, 1).text = "王某", make_id(n % 1000)
        d.add_page_break()
    d.save(path)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志明春梅海燕雪梅德胜凤兰淑珍金花永福"
TOWNS = ["城关镇", "东坝镇", "柳河乡", "石桥镇", "马家堡街道", "新华街道", "清水乡", "白塔镇", "双龙镇", "南湖街道"]
VILLAGES = ["前进村", "红旗村", "杨庄村", "大王庄村", "柳树湾村", "李家沟村", "团结社区", "和平社区", "向阳村", "北关社区"]
NOTES = ["", "", "", "", "", "", "", "", "", "", "", "", "残疾", "重病", "患尿毒症长期透析", "智力残疾二级", "单亲家庭", "老年人"]


def build_roster_xlsx(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic 低保 roster (write-only mode): every row a different person -- name, valid
    resident ID, mobile, detailed address, bank account -- and a remark column with health/disability
    notes on some rows. Harder than ``build_big_xlsx`` (repeated placeholder values), so the target is
    measured on the data offices actually publish by mistake."""
    import random

    from openpyxl import Workbook

    from recognizers.bank_card import luhn_ok
    from recognizers.cn_resident_id import calc_check_char

    rnd = random.Random(seed)
    areas = ["110105", "320102", "420106", "510104", "620102", "440303", "330106", "370102", "610113", "230103"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("低保名单")
    ws.append(["序号", "姓名", "性别", "身份证号", "家庭住址", "联系电话", "银行账号", "保障人数", "月保障金（元）", "备注"])
    for i in range(rows):
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2))))
        sex = rnd.randrange(2)
        birth = f"{rnd.randrange(1935, 2010)}{rnd.randrange(1, 13):02d}{rnd.randrange(1, 29):02d}"
        seq = rnd.randrange(0, 1000) // 2 * 2 + sex
        first17 = f"{rnd.choice(areas)}{birth}{seq:03d}"
        ident = first17 + calc_check_char(first17)
        addr = f"{rnd.choice(TOWNS)}{rnd.choice(VILLAGES)}{rnd.randrange(1, 12)}组{rnd.randrange(1, 80)}号"
        phone = f"1{rnd.choice('3578')}{rnd.randrange(10**9):09d}"
        card = ""
        while not card:
            c = f"622848{rnd.randrange(10**13):013d}"
            card = c if luhn_ok(c) else ""
        ws.append([i + 1, name, "女" if sex == 0 else "男", ident, addr, phone, card, rnd.randrange(1, 6),
                   rnd.randrange(300, 2000), rnd.choice(NOTES)])
    wb.save(path)


def _measure(kind: str, path: str) -> dict:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    from screening import Screener
    from screening.documents import read_document

    screener = Screener()
    t0 = time.perf_counter()
    doc = read_document(path)
    t1 = time.perf_counter()
    findings = screener.scan_document(doc)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "read_s": round(t1 - t0, 2), "scan_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2),
            "segments": len(doc.segments), "chars": len(doc.text), "findings": len(findings),
            "peak_mb": round(peak)}


def _run(kind: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", kind, str(path)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fixtures_hit_rate(tmp: Path) -> tuple[int, int, list[str]]:
    """Planted IDs found with the expected location keys, over all reader fixtures."""
    import test_docx_reader
    import test_html_reader
    import test_pdf_reader
    import test_xlsx_reader
    from reader_fixtures import build_docx, build_html, build_pdf, build_xlsx

    from screening import Screener
    from screening.documents import read_document

    screener = Screener()
    cases = [("docx", build_docx, test_docx_reader.EXPECTED), ("xlsx", build_xlsx, test_xlsx_reader.EXPECTED),
             ("pdf", build_pdf, test_pdf_reader.EXPECTED), ("html", build_html, test_html_reader.EXPECTED)]
    hits, total, misses = 0, 0, []
    for ext, build, expected in cases:
        path = tmp / f"fixture.{ext}"
        ids = build(path)
        found = {f.text.replace("\n", ""): f.location for f in screener.scan_document(read_document(path))
                 if f.entity_type == "CN_RESIDENT_ID"}
        for where, want in expected.items():
            total += 1
            loc = found.get(ids[where])
            if loc is not None and all(loc.get(k) == v for k, v in want.items()):
                hits += 1
            else:
                misses.append(f"{ext}:{where}")
    return hits, total, misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--docx-pages", type=int, default=200)
    ap.add_argument("--only", default="fixtures,pdf,docx,xlsx,roster")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(_measure(*args.worker)))
        return
    from reader_fixtures import build_big_xlsx, build_text_pdf

    only = set(args.only.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="bench-readers-"))
    print(f"{'measurement':<34} {'read s':>7} {'scan s':>7} {'total s':>8} {'target':>8} {'peak MB':>8}  notes")
    if "fixtures" in only:
        hits, total, misses = fixtures_hit_rate(tmp)
        print(f"{'fixture hit rate (all locations)':<34} {'':>7} {'':>7} {'':>8} {'100%':>8} {'':>8}  "
              f"{hits}/{total} = {100 * hits / total:.1f}%{'  missed: ' + ', '.join(misses) if misses else ''}")
    builds = [  # (--only name, reader kind, file, builder, size, label, target seconds)
        ("pdf", "pdf", "text.pdf", build_text_pdf, args.pages, f"{args.pages}-page text PDF",
         TARGETS["pdf"] * args.pages / 100),
        ("docx", "docx", "long.docx", build_docx_pages, args.docx_pages, f"{args.docx_pages}-page docx",
         TARGETS["docx"] * args.docx_pages / 200),
        ("xlsx", "xlsx", "big.xlsx", build_big_xlsx, args.rows, f"{args.rows:,}-row xlsx (7 columns)",
         TARGETS["xlsx"] * args.rows / 100_000),
        ("roster", "xlsx", "roster.xlsx", build_roster_xlsx, args.rows, f"{args.rows:,}-row roster (10 columns)",
         TARGETS["xlsx"] * args.rows / 100_000),
    ]
    plan = []
    for name, kind, filename, build, size, label, target in builds:
        if name in only:
            build(tmp / filename, size)
            plan.append((kind, tmp / filename, label, target))
    for kind, path, label, target in plan:
        r = _run(kind, path)
        over = [w for w, bad in (("time", r["total_s"] > target),
                                 ("memory", kind == "xlsx" and r["peak_mb"] > XLSX_MEMORY_MB)) if bad]
        ok = "OK" if not over else "over target (" + ", ".join(over) + ")"
        mem = f"memory target {XLSX_MEMORY_MB} MB" if kind == "xlsx" else ""
        print(f"{label:<34} {r['read_s']:>7} {r['scan_s']:>7} {r['total_s']:>8} {target:>7.1f}s {r['peak_mb']:>8}  "
              f"{ok}; {r['chars']:,} chars, {r['segments']:,} segments, {r['findings']:,} findings {mem}")


if __name__ == "__main__":
    main()
