"""Benchmark for issue 2: structured identifiers, this project vs JioNLP, in one run.

Prints throughput (MB/s) of the structured recognizers and of the whole pipeline, engine start-up
time, peak memory scanning a 10 MB text file, and per-entity precision/recall on ~1 MB of generated
government text with planted identifiers and hard negatives (bench/corpus.py).

JioNLP is installed only in the bench environment:
    python -m venv --system-site-packages bench/.venv && bench/.venv/bin/pip install jionlp
    bench/.venv/bin/python bench/identifiers.py
Without it, the peer columns are skipped.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import generate  # noqa: E402

STRUCTURED = ["CN_RESIDENT_ID", "PHONE_NUMBER", "CN_BANK_CARD", "EMAIL_ADDRESS", "CN_PASSPORT",
              "CN_TRAVEL_PERMIT", "CN_LICENSE_PLATE", "CN_USCC", "IP_ADDRESS", "CN_RESIDENT_ID_MASKED"]
EVALUATED = ["CN_RESIDENT_ID", "PHONE_NUMBER", "CN_BANK_CARD", "EMAIL_ADDRESS", "CN_PASSPORT",
             "CN_LICENSE_PLATE", "CN_USCC"]
ALWAYS_COUNT = {"CN_USCC"}  # low severity by design; count it at any severity


def prf(pred: list[tuple[int, int, str]], gold: list[tuple[int, int, str]]) -> dict[str, tuple[float, float, int, int]]:
    neutral = [(s, e) for s, e, t in gold if t == "ORG_PHONE"]
    out = {}
    for et in EVALUATED:
        g = [(s, e) for s, e, t in gold if t == et]
        p = [(s, e) for s, e, t in pred if t == et]
        p = [x for x in p if not any(x[0] < e and s < x[1] for s, e in neutral)]
        gs = sorted(g)
        tp_g = sum(1 for s, e in gs if any(ps < e and s < pe for ps, pe in p))
        tp_p = sum(1 for ps, pe in p if any(ps < e and s < pe for s, e in gs))
        rec = tp_g / len(g) if g else float("nan")
        prec = tp_p / len(p) if p else float("nan")
        out[et] = (prec, rec, len(p), len(g))
    return out


def ours(text: str):
    from screening import Screener

    t0 = time.perf_counter()
    structured = Screener(entities=STRUCTURED)
    full = Screener()
    startup = (time.perf_counter() - t0) / 2
    structured.scan_text(text)  # warm-up: lazy data (phone metadata, lexicons) loads on first use
    full.scan_text(text)
    t0 = time.perf_counter()
    found = structured.scan_text(text)
    t_struct = time.perf_counter() - t0
    t0 = time.perf_counter()
    full.scan_text(text)
    t_full = time.perf_counter() - t0
    pred = [(f.start, f.end, f.entity_type) for f in found
            if f.is_flagged or f.entity_type in ALWAYS_COUNT]
    return startup, t_struct, t_full, pred


def jionlp_peer(text: str):
    try:
        import jionlp as jio  # type: ignore[import-not-found]
    except ImportError:
        return None
    pred = []
    t0 = time.perf_counter()
    for fn, et in ((jio.extract_id_card, "CN_RESIDENT_ID"), (jio.extract_phone_number, "PHONE_NUMBER"),
                   (jio.extract_email, "EMAIL_ADDRESS")):
        for item in fn(text, detail=True):
            s, e = item["o"] if "o" in item else item["offset"]
            pred.append((s, e, et))
    return time.perf_counter() - t0, pred


PEAK_SCRIPT = """
import resource, sys, time
from screening import Screener
from screening.results import scan_file
t0 = time.perf_counter()
r = scan_file(sys.argv[1], Screener())
dt = time.perf_counter() - t0
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, dt, len(r.findings), r.status)
"""


def peak_memory_10mb(text: str) -> tuple[float, float, int]:
    reps = max(1, int(10 * 1024 * 1024 / len(text.encode("utf-8"))) + 1)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "big.txt"
        p.write_text(text * reps, encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, str(p)], capture_output=True, text=True,
                             cwd=str(Path(__file__).resolve().parents[1]), check=True)
        rss, dt, n, _ = out.stdout.split()
        return float(rss), float(dt), int(n)


def main() -> None:
    text, gold = generate()
    mb = len(text.encode("utf-8")) / 1e6
    print(f"corpus: {len(text):,} chars, {mb:.2f} MB UTF-8, {len(gold)} planted identifiers (seed 7)")
    startup, t_struct, t_full, pred = ours(text)
    peer = jionlp_peer(text)
    print(f"\nengine start-up (Screener(), after import): {startup:.2f} s")
    print(f"structured recognizers: {t_struct:.2f} s  = {mb / t_struct:.2f} MB/s  (target <= 1 s per MB)")
    print(f"whole pipeline (all recognizers): {t_full:.2f} s = {mb / t_full:.2f} MB/s  (target <= 3 s per MB)")
    if peer:
        print(f"JioNLP extract_id_card+extract_phone_number+extract_email: {peer[0]:.2f} s = {mb / peer[0]:.2f} MB/s"
              " (no validation)")
    rss, dt, n = peak_memory_10mb(text)
    print(f"10 MB text file, whole pipeline: {dt:.1f} s, peak RSS {rss:.0f} MB (target <= 400 MB), {n} findings")

    ours_prf = prf(pred, gold)
    peer_prf = prf(peer[1], gold) if peer else {}
    print(f"\n{'entity':<18}{'gold':>6} | {'ours P':>7}{'ours R':>7} | {'JioNLP P':>9}{'JioNLP R':>9}")
    for et in EVALUATED:
        p, r, npred, ngold = ours_prf[et]
        line = f"{et:<18}{ngold:>6} | {p:>7.3f}{r:>7.3f} |"
        if et in peer_prf and peer_prf[et][2]:
            pp, pr, _, _ = peer_prf[et]
            line += f" {pp:>8.3f}{pr:>9.3f}"
        else:
            line += f" {'-':>8}{'-':>9}"
        print(line)
    errs = defaultdict(int)
    for s, e, t in pred:
        if t in EVALUATED and not any(s < ge and gs < e for gs, ge, _ in gold):
            errs[t] += 1
    if errs:
        print("false positives by type:", dict(errs))


if __name__ == "__main__":
    main()
