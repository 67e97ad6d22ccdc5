"""Big-roster benchmark (issue 15 item 4): scan and redact of the realistic roster, with the
chunk workers, in a fresh process; prints wall and CPU seconds and peak memory.

    python bench/scale.py --rows 100000            # scan (jobs 2) + redact
    python bench/scale.py --rows 20000 --jobs 1    # one process
    python bench/scale.py --only scan,cli          # the library scan and `cli.py scan --format json/jsonl`

Peak memory is sampled (every 0.1 s) as the sum of the proportional set size (PSS: a page shared by
n processes counts 1/n) of the measured process and its chunk workers -- the memory the run really
takes; ``ru_maxrss`` of the parent alone and of its largest child are printed too.
``cli`` runs the user's command, ``cli.py scan ROSTER --format json|jsonl`` with the report sent to
/dev/null: wall (interpreter start included), CPU of the process and its children, PSS peak.
Targets: scan <= 20 s at <= 500 MB; `screening redact` <= 60 s at <= 800 MB (100,000 rows).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(x) for x in fh.read().split())
        except OSError:
            pass
    return out


def run_measured(args: list[str], report: bool = True) -> dict:
    """Run ``python ARGS`` and sample its PSS; ``report``: the last JSON line of its output is the
    result (else the output goes to /dev/null and only wall, CPU and memory are measured)."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE if report else subprocess.DEVNULL,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT),
                                                      "SCREENING_FINGERPRINT_KEY": "bench"})
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)))
            time.sleep(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    th.join()
    wall = time.perf_counter() - t0
    lines = [x for x in (out or "").splitlines() if x.startswith("{")]
    res = json.loads(lines[-1]) if lines else {}
    if not report:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        res.update({"exit": proc.returncode, "cpu_s": round(after.ru_utime + after.ru_stime
                                                              - before.ru_utime - before.ru_stime, 1)})
    res.update({"wall_s": round(wall, 1), "pss_peak_mb": round(peak[0] / 1024)})
    return res


def child_scan(path: str, jobs: int) -> None:
    from screening import Screener
    from screening.documents import read_document

    s = Screener(fingerprint_key="bench", scan_jobs=jobs)
    c0 = time.process_time()
    t0 = time.perf_counter()
    doc = read_document(path)
    t1, c1 = time.perf_counter(), time.process_time()
    helper = resource.getrusage(resource.RUSAGE_CHILDREN)  # a big sheet's read helper (joined by now)
    findings = s.scan_document(doc)
    t2, c2 = time.perf_counter(), time.process_time()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    read_helper = helper.ru_utime + helper.ru_stime
    workers = kids.ru_utime + kids.ru_stime - read_helper
    # on an idle machine with `jobs` cores: the read takes its longer process, the scan its parent
    # work plus the workers' CPU shared by the cores (a conservative estimate: the parent's share
    # runs while the workers scan)
    idle = max(c1 - c0, read_helper) + (c2 - c1) + workers / max(1, jobs)
    print(json.dumps({"read_s": round(t1 - t0, 1), "scan_s": round(t2 - t1, 1), "total_s": round(t2 - t0, 1),
                      "cpu_s": round(c2 - c0 + read_helper + workers, 1),
                      "read_cpu_s": round(c1 - c0, 1), "read_helper_cpu_s": round(read_helper, 1),
                      "scan_parent_cpu_s": round(c2 - c1, 1), "scan_workers_cpu_s": round(workers, 1),
                      "idle_wall_estimate_s": round(idle, 1),
                      "findings": len(findings),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "child_maxrss_mb": kids.ru_maxrss // 1024}))


def child_redact(src: str, out: str, jobs: int) -> None:
    from screening import Screener
    from screening.redaction import redact_files

    s = Screener(fingerprint_key="bench", scan_jobs=jobs)
    c0 = time.process_time()
    t0 = time.perf_counter()
    rep = redact_files([(src, out)], "publication", s)[0]
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"total_s": round(time.perf_counter() - t0, 1),
                      "cpu_s": round(time.process_time() - c0 + kids.ru_utime + kids.ru_stime, 1),
                      "status": rep.status, "verified": bool(rep.verification and rep.verification.ok),
                      "changes": len(rep.changes),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "child_maxrss_mb": kids.ru_maxrss // 1024}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=2, help="processes for the chunks of the sheet")
    ap.add_argument("--only", default="scan,redact")
    ap.add_argument("--input", help="an existing roster .xlsx instead of building one")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *rest = a.child
        if kind == "scan":
            child_scan(rest[0], int(rest[1]))
        else:
            child_redact(rest[0], rest[1], int(rest[2]))
        return
    from readers import build_roster_xlsx

    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    src = Path(a.input) if a.input else work / "roster.xlsx"
    if not a.input:
        build_roster_xlsx(src, a.rows)
    print(f"roster {a.rows:,} rows, chunk jobs {a.jobs}, load average {os.getloadavg()[0]:.1f}")
    if "scan" in a.only:
        r = run_measured([__file__, "--child", "scan", str(src), str(a.jobs)])
        print(f"scan   (read+scan): {r}  target <= 20 s, <= 500 MB")
    if "cli" in a.only:
        for fmt in ("json", "jsonl"):
            r = run_measured([str(ROOT / "cli.py"), "scan", str(src), "--format", fmt], report=False)
            print(f"cli scan --format {fmt} > /dev/null: {r}")
    if "redact" in a.only:
        r = run_measured([__file__, "--child", "redact", str(src), str(work / "out.xlsx"), str(a.jobs)])
        print(f"redact (redact_files): {r}  target <= 60 s, <= 800 MB")


if __name__ == "__main__":
    main()
