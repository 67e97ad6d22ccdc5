"""Benchmark for de-identification (issue 5). Prints numbers; asserts nothing.

Usage: python bench/redaction.py [--pages 30] [--skip-eval] [--skip-soffice] [--roster 20000 [--roster-only]]
       python bench/redaction.py --hostile [--million 1000000]   (only the hostile spreadsheets)

1. PDF speed on a dense Chinese text PDF (``--pages`` pages, ~1,500 characters and 4 IDs each):
   content-stream redaction (the writer alone) per page — target <= 0.2 s; the rasterise fallback per
   page — target <= 1 s; the whole pipeline (read, scan, plan, write, verify) per page.
2. Residual must-redact values: the eval-dev drafts (../shared/eval-dev) written out as .txt, .docx,
   .xlsx, .html and .pdf, redacted with the ``publication`` preset, then every gold ``must`` value
   searched byte-level in every part of every output (zip members with XML references decoded, PDF
   streams decompressed, two PDF text extractors). Residuals are recognizer misses (a value never
   found cannot be redacted); the same run prints how many of the values the check finds in the
   inputs, as a sanity check of the check.
3. LibreOffice headless conversion of a redacted .docx (when ``soffice`` is installed).
4. ``--roster N``: a realistic N-row 低保 roster .xlsx (``bench/readers.py``, every row a different
   person: tens of thousands of distinct values to redact), the pipeline phase by phase -- read +
   scan, plan, write, verify -- in seconds, and the process's peak memory. Target: 20,000 rows well
   under a minute, 100,000 rows (redact + verify) in a few minutes; redaction time must grow
   linearly with the number of values (the ``s/1k rows`` column stays flat). Then the same roster
   through ``redact_file`` (what ``screening redact`` runs) in a fresh process: time and peak memory
   (issue 15: <= 60 s and <= 800 MB for 100,000 rows).
5. ``--hostile``: spreadsheets built to exhaust memory (issue 11), each redacted by ``redact_file`` in a
   fresh process: cells at A1 and XFD1048576 (the grid between them must never be built), and a
   1,000,000-row sheet (``--million`` rows, a mobile every 1,000 rows). Target: each under ~1 GB, or a
   clear per-file error.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from reader_fixtures import _cjk_canvas, build_docx, build_text_pdf, raw_xlsx  # noqa: E402
from test_redaction_helpers import decoded_views  # noqa: E402

from screening import Screener  # noqa: E402
from screening.documents import read_document  # noqa: E402
from screening.redaction import load_policy, redact_file  # noqa: E402
from screening.redaction.plan import PlanInput, Planner  # noqa: E402
from screening.redaction.verify import verify_output  # noqa: E402
from screening.redaction.writers import get_writer, pdf_raster  # noqa: E402
from screening.redaction.writers import pdf as pdf_writer  # noqa: E402


def pdf_speed(screener: Screener, pages: int, work: Path) -> None:
    src = work / "dense.pdf"
    build_text_pdf(src, pages)
    policy = load_policy("publication")
    t0 = time.perf_counter()
    doc = read_document(src)
    findings = screener.scan_document(doc)
    plan = Planner(policy).plan([PlanInput(str(src), doc, findings)])[0]
    t_scan = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = pdf_writer.write(src, work / "dense_out.pdf", plan, policy)
    t_write = time.perf_counter() - t0
    # the fallback, forced on every page
    import pikepdf

    boxes = pdf_writer._plan_boxes(plan)
    with pikepdf.open(src) as pdf:
        mb = pdf_writer._mediabox(pdf.pages[0])
        todo = {n: [pdf_writer._user_box(b, mb) for b in boxes.get(n, [])] for n in range(1, pages + 1)}
        t0 = time.perf_counter()
        raster = pdf_writer.WriteResult()
        pdf_raster.rasterise(pdf, src, todo, raster)
        pdf.save(work / "dense_raster.pdf")
        t_raster = time.perf_counter() - t0
    # pdfium has no CJK font for the non-embedded STSong-Light here, so it draws few glyphs: time
    # the fallback on dense Latin text too (Helvetica, every glyph rendered)
    latin = work / "latin.pdf"
    c, (_w, h) = _cjk_canvas(latin)
    for _ in range(pages):
        c.setFont("Helvetica", 10)
        for i in range(60):
            c.drawString(40, h - 40 - i * 12.5, f"{i:03d} Applicant ID 620602198507161234 tel 13912345678 "
                                                 "income verified, household of three, approved.")
        c.showPage()
    c.save()
    with pikepdf.open(latin) as pdf:
        t0 = time.perf_counter()
        pdf_raster.rasterise(pdf, latin, {n: [(40, 100, 300, 112)] for n in range(1, pages + 1)},
                             pdf_writer.WriteResult())
        pdf.save(work / "latin_raster.pdf")
        t_raster_latin = time.perf_counter() - t0
    t0 = time.perf_counter()
    rep = redact_file(src, work / "dense_full.pdf", policy, screener)
    t_full = time.perf_counter() - t0
    print(f"\n== 1. PDF speed ({pages} dense pages, {len(plan.replacements)} replacements) ==")
    print(f"read+scan+plan           {t_scan / pages:7.3f} s/page")
    print(f"content-stream redaction {t_write / pages:7.3f} s/page   (target <= 0.2)   rasterised pages: "
          f"{len(res.rasterised_pages)}")
    print(f"rasterise fallback       {t_raster / pages:7.3f} s/page   (target <= 1.0, {pdf_raster.RASTER_DPI} dpi)")
    print(f"rasterise, dense Latin   {t_raster_latin / pages:7.3f} s/page   (every glyph rendered)")
    print(f"whole pipeline + verify  {t_full / pages:7.3f} s/page   verification ok: {rep.verification.ok}")


# -- eval-dev in every format -----------------------------------------------------------------------
def to_docx(text: str, path: Path) -> None:
    import docx

    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(path)


def to_xlsx(text: str, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in text.split("\n"):
        ws.append([line])
    wb.save(path)


def to_html(text: str, path: Path) -> None:
    import html

    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    path.write_text(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>公示</title></head><body>\n"
                    f"{body}\n</body></html>\n", encoding="utf-8")


def to_pdf(text: str, path: Path) -> None:
    c, (_w, h) = _cjk_canvas(path)
    y = h - 50
    c.setFont("STSong-Light", 10)
    for line in text.split("\n"):
        while True:
            chunk, line = line[:48], line[48:]
            c.drawString(40, y, chunk)
            y -= 15
            if y < 50:
                c.showPage()
                c.setFont("STSong-Light", 10)
                y = h - 50
            if not line:
                break
    c.showPage()
    c.save()


def part_views(path: Path, fmt: str) -> list[str]:
    """Independent of the library's own verification: raw bytes of every part, decoded."""
    import zipfile

    data: list[bytes] = []
    if fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(path) as zf:
            data = [zf.read(n) for n in zf.namelist()]
    elif fmt == "pdf":
        import pdfplumber
        import pikepdf

        with pikepdf.open(path) as pdf:
            data = [o.read_bytes() for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        with pdfplumber.open(path) as p:
            data.append("".join((pg.extract_text() or "") for pg in p.pages).encode("utf-8"))
    else:
        data = [path.read_bytes()]
    return [v for d in data for v in decoded_views(d)]


def residuals(screener: Screener, work: Path) -> None:
    gold = [json.loads(x) for x in (SHARED / "eval-dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x]
    writers = {"txt": None, "docx": to_docx, "xlsx": to_xlsx, "html": to_html, "pdf": to_pdf}
    print("\n== 2. Residual must-redact values, eval-dev drafts, publication preset, byte-level ==")
    print(f"{'format':6} {'docs ok':>8} {'values':>7} {'in input':>9} {'residual':>9}  residual by label   time/doc")
    for fmt, make in writers.items():
        folder = work / fmt
        folder.mkdir()
        total = present = left = ok = 0
        by_label: Counter[str] = Counter()
        t0 = time.perf_counter()
        for doc in gold:
            src = folder / doc["doc"].replace(".txt", f".{fmt}")
            if make is None:
                src.write_text(doc["text"], encoding="utf-8")
            else:
                make(doc["text"], src)
            out = folder / ("out_" + src.name)
            try:
                rep = redact_file(src, out, "publication", screener)
                ok += rep.ok
            except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
                print(f"  {src.name}: {type(exc).__name__}: {str(exc)[:160]}")
                continue
            before, after = part_views(src, fmt), part_views(out, fmt)
            for span in doc["spans"]:
                if span["class"] != "must":
                    continue
                value = "".join(span["text"].split())
                if len(value) < 2:
                    continue
                total += 1
                present += any(value in v for v in before)
                if any(value in v for v in after):
                    left += 1
                    by_label[span["label"]] += 1
        per_doc = (time.perf_counter() - t0) / len(gold)
        labels = ", ".join(f"{k} {v}" for k, v in by_label.most_common()) or "-"
        print(f"{fmt:6} {ok:>4}/{len(gold):<3} {total:>7} {present:>9} {left:>9}  {labels:18}  {per_doc:.2f} s")


def soffice(screener: Screener, work: Path) -> None:
    exe = shutil.which("soffice")
    print("\n== 3. LibreOffice headless conversion of a redacted .docx ==")
    if exe is None:
        print("soffice not installed: skipped")
        return
    build_docx(work / "fx.docx")
    redact_file(work / "fx.docx", work / "fx_out.docx", "publication", screener)
    t0 = time.perf_counter()
    proc = subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{work}/lo", "--convert-to", "pdf",
                           "--outdir", str(work), str(work / "fx_out.docx")], capture_output=True, check=False)
    ok = proc.returncode == 0 and (work / "fx_out.pdf").exists()
    print(f"converted: {ok}  in {time.perf_counter() - t0:.1f} s")


def roster(screener: Screener, rows: int, work: Path) -> None:
    from readers import build_roster_xlsx

    src = work / f"roster{rows}.xlsx"
    build_roster_xlsx(src, rows)
    policy = load_policy("publication")
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    doc = read_document(src)
    findings = screener.scan_document(doc)
    times["read+scan"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = Planner(policy).plan([PlanInput(str(src), doc, findings)])[0]
    times["plan"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    get_writer("xlsx")(src, work / "roster_out.xlsx", plan, policy)
    times["write"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    v = verify_output(work / "roster_out.xlsx", "xlsx", plan, policy, screener)
    times["verify"] = time.perf_counter() - t0
    redact = times["plan"] + times["write"] + times["verify"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n== 4. Roster .xlsx, {rows} rows: {len(findings)} findings, {len(plan.replacements)} replacements, "
          f"{v.values_checked} distinct values ==")
    for name, secs in times.items():
        print(f"{name:10} {secs:8.2f} s")
    print(f"{'total':10} {sum(times.values()):8.2f} s   plan+write+verify {redact:.2f} s "
          f"({redact / rows * 1000:.2f} s/1k rows)   verification ok: {v.ok}   peak RSS {peak:.0f} MB")
    r = in_fresh_process(src, work / "roster_cli.xlsx")
    print(f"redact_file in a fresh process (as `screening redact`): {r.get('seconds')} s, peak RSS {r.get('peak_mb')} MB "
          f"(target for 100,000 rows: <= 60 s, <= 800 MB), status {r['status']}, verified {r.get('verified')}")


def _child_redact(src: str, out: str) -> None:
    """In a fresh process: redact one file, print time, peak RSS and the outcome as JSON."""
    from screening.redaction import redact_files

    t0 = time.perf_counter()
    rep = redact_files([(src, out)], "publication", Screener(fingerprint_key="bench"))[0]
    print(json.dumps({"seconds": round(time.perf_counter() - t0, 1),
                      "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      "status": rep.status, "error": (rep.error or "")[:200], "changes": len(rep.changes),
                      "verified": bool(rep.verification and rep.verification.ok)}))


def in_fresh_process(src: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", str(src), str(out)], capture_output=True, text=True,
                          check=False)
    lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
    return json.loads(lines[-1]) if lines else {"status": "crashed", "error": proc.stderr[-300:]}


def hostile(rows: int, work: Path) -> None:
    from recognizers.cn_resident_id import calc_check_char

    first17 = "62060219760512731"
    ident = first17 + calc_check_char(first17)
    corners = work / "corners.xlsx"
    raw_xlsx(corners, [f'<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号 {ident}</t></is></c></row>',
                       '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>电话 13993517046</t></is></c></row>'])
    big = work / "million.xlsx"
    t0 = time.perf_counter()
    raw_xlsx(big, (f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="B{i}" t="inlineStr"><is><t>'
                   f'{"联系电话 1399351" + f"{i % 10000:04d}" if i % 1000 == 0 else "无"}</t></is></c></row>'
                   for i in range(1, rows + 1)))
    print(f"\n== 5. Hostile spreadsheets (built the {rows:,}-row file in {time.perf_counter() - t0:.0f} s) ==")
    for label, src in (("cells at A1 and XFD1048576", corners), (f"{rows:,} rows x 2 columns", big)):
        r = in_fresh_process(src, work / f"out_{src.name}")
        print(f"{label:28} {r.get('seconds', '-'):>6} s  peak RSS {r.get('peak_mb', '-'):>5} MB  status {r['status']}"
              f"  changes {r.get('changes', '-')}  verified {r.get('verified', '-')}  {r.get('error', '')}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--skip-eval", action="store_true")
    ap.add_argument("--skip-soffice", action="store_true")
    ap.add_argument("--roster", type=int, default=0, help="also time an N-row roster .xlsx (0: skip)")
    ap.add_argument("--roster-only", action="store_true", help="only the roster (with --roster)")
    ap.add_argument("--hostile", action="store_true", help="only the hostile spreadsheets")
    ap.add_argument("--million", type=int, default=1_000_000, help="rows of the big hostile sheet")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child_redact(*args.child)
        return
    if args.hostile:
        with tempfile.TemporaryDirectory() as tmp:
            hostile(args.million, Path(tmp))
        return
    t0 = time.perf_counter()
    screener = Screener(fingerprint_key="bench")
    print(f"screener start-up {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.roster_only:
            pdf_speed(screener, args.pages, work)
            if not args.skip_eval:
                residuals(screener, work)
            if not args.skip_soffice:
                soffice(screener, work)
        if args.roster:
            roster(screener, args.roster, work)


if __name__ == "__main__":
    main()
