"""Batch scans of a site folder (issue 15): --jobs 1 vs 2, a cached re-audit, Dask with 1 and 2 workers.
Prints numbers; asserts nothing (except that every run's findings agree, which it reports).

Usage: python bench/batch.py [--files 200] [--cached-files 1000] [--no-dask]

The site is generated here: small drafts (.txt, some with names, IDs and phones), docx notices and xlsx
rosters in nested folders, about what a 读网检查 crawls from a county portal.
1. ``screening scan SITE --format jsonl --jobs 1`` and ``--jobs 2``: wall time, files/s, same output?
2. ``--cache DIR`` on ``--cached-files`` files: the cold run (fills the cache) and the warm re-audit of the
   unchanged site (a hash and a lookup per file).
3. ``--executor dask`` against a ``distributed.LocalCluster`` of 1 and of 2 single-threaded workers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_site(folder: Path, files: int) -> Path:
    """``files`` drafts: 80% .txt, 10% .docx, 10% .xlsx, ten per sub-folder."""
    import docx
    from openpyxl import Workbook

    from recognizers.cn_resident_id import calc_check_char

    def ident(i: int) -> str:
        first17 = f"140105{1960 + i % 40}{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 900 + 100:03d}"
        return first17 + calc_check_char(first17)

    names = ["王建国", "李秀英", "张志强", "刘桂兰", "陈海燕", "杨文华", "赵玉梅", "黄晓明"]
    for i in range(files):
        sub = folder / f"栏目{i // 10:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        name = names[i % len(names)]
        if i % 10 == 8:
            d = docx.Document()
            d.add_paragraph(f"关于第{i}批补贴发放的通知")
            d.add_paragraph(f"申请人{name}，公民身份号码{ident(i)}，联系电话139{i:08d}。" * 3)
            d.save(sub / f"通知{i:05d}.docx")
        elif i % 10 == 9:
            wb = Workbook()
            ws = wb.active
            ws.append(["序号", "姓名", "身份证号", "联系电话", "金额"])
            for r in range(30):
                ws.append([r + 1, names[(i + r) % len(names)], ident(i * 31 + r), f"138{(i * 31 + r):08d}", 500])
            wb.save(sub / f"名单{i:05d}.xlsx")
        elif i % 3 == 0:
            (sub / f"公告{i:05d}.txt").write_text(
                f"关于召开第{i}次工作会议的通知\n各单位：定于下周召开工作会议，请按时参加。\n" * 4, encoding="utf-8")
        else:
            (sub / f"公示{i:05d}.txt").write_text(
                f"公示第{i}号\n经审核，{name}（身份证号{ident(i)}，电话137{i:08d}）符合条件，现予公示。\n"
                f"监督电话：0351-4123456。\n" * 2, encoding="utf-8")
    return folder


def run_scan(site: Path, *args: str) -> tuple[float, str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": "bench-batch-key"}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "scan", str(site), "--format", "jsonl", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    took = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return took, proc.stdout, sum(1 for line in proc.stdout.splitlines() if line.strip())


def digest(jsonl: str) -> str:
    """A hash of the findings per document (independent of timing fields)."""
    docs = []
    for line in jsonl.splitlines():
        if line.strip():
            d = json.loads(line)
            docs.append((d.get("path"), [(f["entity_type"], f["start"], f["end"], f["severity"])
                                         for f in d.get("findings", [])]))
    return hashlib.sha256(json.dumps(docs, ensure_ascii=False).encode()).hexdigest()[:12]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--cached-files", type=int, default=1000)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        site = make_site(Path(tmp) / "site", args.files)
        results = {}
        for jobs in (1, 2):
            took, out, n = run_scan(site, "--jobs", str(jobs))
            results[f"jobs {jobs}"] = digest(out)
            print(f"scan --jobs {jobs}: {n} files in {took:.1f} s ({n / took:.1f} files/s), findings {digest(out)}")
        big = make_site(Path(tmp) / "site-big", args.cached_files)
        cache = Path(tmp) / "cache"
        cold, out_cold, n = run_scan(big, "--cache", str(cache))
        warm, out_warm, _ = run_scan(big, "--cache", str(cache))
        print(f"cached re-audit of {n} unchanged files: cold {cold:.1f} s, warm {warm:.1f} s "
              f"({warm / n * 1000:.1f} ms/file), same output: {digest(out_cold) == digest(out_warm)}")
        if not args.no_dask:
            try:
                from distributed import LocalCluster
            except ImportError:
                print("dask: not installed (pip install 'gongkai-screening[dask]')")
                return
            for workers in (1, 2):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
                    took, out, n = run_scan(site, "--executor", "dask", "--scheduler", cluster.scheduler_address)
                    print(f"dask, {workers} worker(s): {n} files in {took:.1f} s ({n / took:.1f} files/s), "
                          f"same findings as --jobs 1: {digest(out) == results['jobs 1']}")


if __name__ == "__main__":
    main()
