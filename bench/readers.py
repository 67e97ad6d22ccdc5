"""Reader benchmark: prints speed, peak memory and the fixture hit rate against the issue-4 targets.

    python bench/readers.py                 # everything (the 100,000-row xlsx takes a few minutes)
    python bench/readers.py --rows 20000    # a smaller spreadsheet
    python bench/readers.py --only pdf,docx,fixtures

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
    ap.add_argument("--only", default="fixtures,pdf,docx,xlsx")
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
    plan = []
    if "pdf" in only:
        p = tmp / "text.pdf"
        build_text_pdf(p, args.pages)
        plan.append(("pdf", p, f"{args.pages}-page text PDF", TARGETS["pdf"] * args.pages / 100))
    if "docx" in only:
        p = tmp / "long.docx"
        build_docx_pages(p, args.docx_pages)
        plan.append(("docx", p, f"{args.docx_pages}-page docx", TARGETS["docx"] * args.docx_pages / 200))
    if "xlsx" in only:
        p = tmp / "big.xlsx"
        build_big_xlsx(p, args.rows)
        plan.append(("xlsx", p, f"{args.rows:,}-row xlsx (7 columns)", TARGETS["xlsx"] * args.rows / 100_000))
    for kind, path, label, target in plan:
        r = _run(kind, path)
        ok = "OK" if r["total_s"] <= target else "over target"
        mem = f"memory target {XLSX_MEMORY_MB} MB" if kind == "xlsx" else ""
        print(f"{label:<34} {r['read_s']:>7} {r['scan_s']:>7} {r['total_s']:>8} {target:>7.1f}s {r['peak_mb']:>8}  "
              f"{ok}; {r['chars']:,} chars, {r['segments']:,} segments, {r['findings']:,} findings {mem}")


if __name__ == "__main__":
    main()
