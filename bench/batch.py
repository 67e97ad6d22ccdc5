"""Batch scans of a site folder (issue 15): a cached re-audit, --jobs 1 vs 2, Dask with 1 and 2 workers.
Prints numbers; asserts nothing (it reports whether every run's findings agree).

Usage: python bench/batch.py [--files 1000] [--no-dask] [--no-jobs]

The site is generated here from invented text (fictional names; IDs that pass GB 11643, made with the
project's own check-character function): short .txt and .html notices and 公示, .docx drafts and a few
.xlsx rosters in nested folders, about what a 读网检查 crawls from a county portal.

1. ``screening scan SITE --format jsonl --jobs 1 --cache DIR`` twice: the first run (scans, fills the
   cache) and the re-audit of the unchanged site (a hash and a lookup per file); then the lookups alone,
   in this process (``ResultCache.lookup`` per file).
2. ``--jobs 1`` vs ``--jobs 2`` on the same site, uncached.
3. ``--executor dask`` against a ``distributed.LocalCluster`` of 1 and of 2 single-threaded workers.

Every run prints wall seconds and CPU seconds (all processes of the run: the CLI, its pool workers,
the Dask workers), and the load average (the machine is shared: read wall times against it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FP_KEY = "bench-batch-key"

NAMES = ["王建国", "李秀英", "张志强", "刘桂兰", "陈海燕", "杨文华", "赵玉梅", "黄晓明", "周丽娟", "吴国栋"]
TOWNS = ["城关镇", "河西乡", "柳泉镇", "东坡街道", "石门乡"]


def _ident(i: int) -> str:
    from recognizers.cn_resident_id import calc_check_char

    first17 = f"140105{1960 + i % 40}{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 900 + 100:03d}"
    return first17 + calc_check_char(first17)


def make_site(folder: Path, files: int) -> dict[str, int]:
    """``files`` drafts, ten per sub-folder: of every 40, 19 .txt, 10 .html, 10 .docx and 1 .xlsx roster
    (60 rows). About a third of the drafts carry a name, an ID and a phone; the rest are clean notices."""
    import docx
    from openpyxl import Workbook

    kinds: dict[str, int] = {}
    for i in range(files):
        sub = folder / f"栏目{i // 10:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        name, town = NAMES[i % len(NAMES)], TOWNS[i % len(TOWNS)]
        personal = i % 3 == 1
        body = (f"经审核，{name}（身份证号{_ident(i)}，电话137{i:08d}）符合{town}临时救助条件，现予公示。"
                if personal else f"{town}定于本月召开第{i}次工作会议，请各村（社区）按时参加。")
        slot = i % 40
        if slot == 39:
            kind = "xlsx"
            wb = Workbook()
            ws = wb.active
            ws.title = "发放名单"
            ws.append(["序号", "姓名", "身份证号", "联系电话", "所在村", "金额"])
            for r in range(60):
                k = i * 61 + r
                ws.append([r + 1, NAMES[k % len(NAMES)], _ident(k), f"138{k:08d}", TOWNS[k % len(TOWNS)], 500])
            wb.save(sub / f"名单{i:05d}.xlsx")
        elif slot % 4 == 3:
            kind = "docx"
            d = docx.Document()
            d.add_heading(f"关于第{i}批补贴发放的通知", level=1)
            for _ in range(3):
                d.add_paragraph(body)
            d.add_paragraph("监督电话：0351-4123456。")
            d.save(sub / f"通知{i:05d}.docx")
        elif slot % 4 == 2:
            kind = "html"
            (sub / f"公示{i:05d}.html").write_text(
                f"<!doctype html><html><head><meta charset='utf-8'><title>公示第{i}号</title></head><body>"
                f"<h1>公示第{i}号</h1><p>{body}</p><p>{body}</p><p>监督电话：0351-4123456。</p></body></html>",
                encoding="utf-8")
        else:
            kind = "txt"
            (sub / f"公告{i:05d}.txt").write_text(f"公告第{i}号\n{body}\n{body}\n监督电话：0351-4123456。\n",
                                                 encoding="utf-8")
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def _cpu_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # reaped descendants: the CLI and its pool workers
    return ru.ru_utime + ru.ru_stime


def _cpu_self() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _cpu_alive() -> float:
    """CPU seconds of this process's live descendants (the LocalCluster's nannies and workers)."""
    import psutil

    total = 0.0
    for p in psutil.Process().children(recursive=True):
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def run_scan(site: Path, *args: str, cluster: bool = False) -> tuple[float, float, str, int]:
    """Wall seconds, CPU seconds, stdout and the number of documents of one ``screening scan``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": FP_KEY}
    cpu0 = _cpu_children() + (_cpu_self() + _cpu_alive() if cluster else 0.0)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "scan", str(site), "--format", "jsonl", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    took = time.perf_counter() - t0
    cpu = _cpu_children() + (_cpu_self() + _cpu_alive() if cluster else 0.0) - cpu0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return took, cpu, proc.stdout, sum(1 for line in proc.stdout.splitlines() if line.strip())


def digest(jsonl: str) -> str:
    """A hash of the findings per document (independent of timing fields)."""
    docs = []
    for line in jsonl.splitlines():
        if line.strip():
            d = json.loads(line)
            docs.append((d.get("path"), d.get("status"), [(f["entity_type"], f["start"], f["end"], f["severity"])
                                                          for f in d.get("findings", [])]))
    return hashlib.sha256(json.dumps(docs, ensure_ascii=False).encode()).hexdigest()[:12]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def line(label: str, n: int, took: float, cpu: float, extra: str = "") -> None:
    print(f"{label:<34} {n:>5} files {took:7.1f} s wall {n / took:7.1f} files/s {cpu:7.1f} CPU-s  "
          f"[{load()}]{extra}", flush=True)


def lookups(site: Path, cache_dir: Path) -> tuple[int, int, float]:
    """The warm cache's lookups alone, in this process: hits, files, seconds (the same key as the CLI)."""
    from screening.batch import ScreenerSpec
    from screening.cache import open_cache
    from screening.documents.walk import iter_inputs

    os.environ["SCREENING_FINGERPRINT_KEY"] = FP_KEY
    cache, _spec = open_cache(cache_dir, ScreenerSpec(), {})
    paths = [p for p in iter_inputs([site]) if isinstance(p, Path)]
    t0 = time.perf_counter()
    hits = sum(cache.lookup(p)[0] is not None for p in paths)
    return hits, len(paths), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--no-jobs", action="store_true", help="skip --jobs 1 vs 2")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    args = ap.parse_args()
    print(f"bench/batch.py, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        site = Path(tmp) / "site"
        t0 = time.perf_counter()
        kinds = make_site(site, args.files)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"site: {args.files} files ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}; "
              f"{size / 1e6:.1f} MB), generated in {time.perf_counter() - t0:.1f} s", flush=True)

        cache = Path(tmp) / "cache"
        cold, cold_cpu, out_cold, n = run_scan(site, "--jobs", "1", "--cache", str(cache))
        line("cache, first run (--jobs 1)", n, cold, cold_cpu)
        warm, warm_cpu, out_warm, n = run_scan(site, "--jobs", "1", "--cache", str(cache))
        line("cache, re-audit unchanged", n, warm, warm_cpu,
             f"  {warm / n * 1000:.1f} ms/file end to end; same output: {out_cold == out_warm}")
        hits, files, took = lookups(site, cache)
        print(f"{'  lookups alone (sha256 + read)':<34} {files:>5} files {took:7.2f} s, "
              f"{took / files * 1000:.2f} ms/file, {hits} hits (errors are never cached)", flush=True)
        reference = digest(out_cold)

        if not args.no_jobs:
            for jobs in (1, 2):
                took, cpu, out, n = run_scan(site, "--jobs", str(jobs))
                line(f"scan --jobs {jobs} (uncached)", n, took, cpu, f"  same findings: {digest(out) == reference}")

        if not args.no_dask:
            try:
                from distributed import LocalCluster
            except ImportError:
                print("dask: not installed (pip install 'gongkai-screening[dask]')")
                return
            for workers in (1, 2):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
                    took, cpu, out, n = run_scan(site, "--executor", "dask", "--scheduler",
                                                 cluster.scheduler_address, cluster=True)
                    line(f"dask LocalCluster, {workers} worker(s)", n, took, cpu,
                         f"  same findings: {digest(out) == reference}")
    print(f"done, {load()}")


if __name__ == "__main__":
    main()
