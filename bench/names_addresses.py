"""Benchmark for PERSON / CN_ADDRESS (issue 3). Prints numbers; asserts nothing.

Usage: python bench/names_addresses.py [--cluener-every N] [--mb 1.0]

1. eval-dev (../shared/eval-dev/gold.jsonl): private PERSON recall, PERSON precision, share of OFFICIAL
   mentions flagged medium+, ADDRESS recall/precision (flagged = medium or above, overlap matching as
   in score.py).
2. CLUENER held-out part (every N-th line of ../shared/data/ner/cluener-train.jsonl; measure only —
   nothing shipped is built from it): name exact-span P/R/F1 for our PERSON findings and for jieba
   posseg ``nr`` as the peer in the same run; recall of *detailed* address spans (containing
   路/街/号/巷/弄/村/楼/室/栋/组) by CN_ADDRESS, and by CN_ADDRESS or LOCATION.
3. Speed: the whole pipeline (``Screener().scan_text``, all recognizers) on ~1 MB of Chinese text vs
   ``jieba.posseg`` on the same text; our two recognizers' ``find`` alone; data load time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

DETAIL_CHARS = set("路街号巷弄村楼室栋组")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def eval_dev(screener) -> None:
    gold = [json.loads(x) for x in (SHARED / "eval-dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x]
    person_must = person_found = off_total = off_flagged = addr_must = addr_found = 0
    p_tp = p_fp = a_tp = a_fp = 0
    for doc in gold:
        findings = screener.scan_text(doc["text"])
        spans = doc["spans"]
        fl_person = [(f.start, f.end) for f in findings if f.entity_type == "PERSON" and f.is_flagged]
        fl_addr = [(f.start, f.end) for f in findings if f.entity_type in ("CN_ADDRESS", "LOCATION") and f.is_flagged]
        for sp in spans:
            g = (sp["start"], sp["end"])
            if sp["label"] == "PERSON":
                person_must += 1
                person_found += any(overlaps(g, f) for f in fl_person)
            elif sp["label"] == "OFFICIAL":
                off_total += 1
                off_flagged += any(overlaps(g, f) for f in fl_person)
            elif sp["label"] == "ADDRESS":
                addr_must += 1
                addr_found += any(overlaps(g, f) for f in fl_addr)
        for fam, flagged, must in (("p", fl_person, {"PERSON"}), ("a", fl_addr, {"ADDRESS"})):
            for f in flagged:
                tp = any(overlaps(f, (s["start"], s["end"])) for s in spans if s["label"] in must)
                neutral = any(overlaps(f, (s["start"], s["end"])) for s in spans)
                if fam == "p":
                    p_tp += tp
                    p_fp += not tp and not neutral
                else:
                    a_tp += tp
                    a_fp += not tp and not neutral
    print("== eval-dev (24 documents)")
    print(f"  private PERSON recall     {person_found / person_must:.3f}  ({person_found}/{person_must})   target >= 0.95")
    print(f"  PERSON precision          {p_tp / max(1, p_tp + p_fp):.3f}  (TP {p_tp}, FP {p_fp})   target >= 0.90")
    print(f"  OFFICIAL flagged medium+  {off_flagged / off_total:.3f}  ({off_flagged}/{off_total})   target <= 0.10")
    print(f"  ADDRESS recall            {addr_found / addr_must:.3f}  ({addr_found}/{addr_must})   target >= 0.95")
    print(f"  ADDRESS precision         {a_tp / max(1, a_tp + a_fp):.3f}  (TP {a_tp}, FP {a_fp})   target >= 0.90")


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cluener(screener, every: int) -> None:
    import jieba.posseg as pseg

    path = SHARED / "data" / "ner" / "cluener-train.jsonl"
    rows = [json.loads(x) for i, x in enumerate(path.read_text(encoding="utf-8").splitlines()) if i % every == 0]
    ours: set = set()
    peer: set = set()
    gold: set = set()
    det_total = det_addr = det_any = 0
    for k, row in enumerate(rows):
        text = row["text"]
        findings = screener.scan_text(text)
        ours |= {(k, f.start, f.end) for f in findings if f.entity_type == "PERSON"}
        addr = [(f.start, f.end) for f in findings if f.entity_type == "CN_ADDRESS"]
        loc = addr + [(f.start, f.end) for f in findings if f.entity_type == "LOCATION"]
        pos = 0
        for w, flag in pseg.cut(text):
            if flag == "nr":
                peer.add((k, pos, pos + len(w)))
            pos += len(w)
        for sp in row["spans"]:
            if sp["label"] == "name":
                gold.add((k, sp["start"], sp["end"]))
            elif sp["label"] == "address" and DETAIL_CHARS & set(text[sp["start"] : sp["end"]]):
                g = (sp["start"], sp["end"])
                det_total += 1
                det_addr += any(overlaps(g, f) for f in addr)
                det_any += any(overlaps(g, f) for f in loc)
    print(f"== CLUENER held-out (every {every}th line: {len(rows)} sentences; measurement only)")
    p, r, f = prf(ours, gold)
    print(f"  name exact-span  ours   P {p:.3f} R {r:.3f} F1 {f:.3f}   target F1 >= 0.60")
    p, r, f = prf(peer, gold)
    print(f"  name exact-span  jieba nr P {p:.3f} R {r:.3f} F1 {f:.3f}   (peer)")
    print(f"  detailed address recall (CN_ADDRESS)           {det_addr / max(1, det_total):.3f}  ({det_addr}/{det_total})")
    print(f"  detailed address recall (CN_ADDRESS|LOCATION)  {det_any / max(1, det_total):.3f}  ({det_any}/{det_total})   target >= 0.85")


def speed(screener, mb: float) -> None:
    import jieba
    import jieba.posseg as pseg

    from recognizers.address import CnAddressRecognizer
    from recognizers.person import CnPersonRecognizer
    from screening.scan_context import ScanContext

    base = "\n".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "eval-dev" / "plain").glob("*.txt")))
    text = ""
    while len(text.encode("utf-8")) < mb * 1_000_000:
        text += base + "\n"
    size = len(text.encode("utf-8")) / 1_000_000
    t = time.perf_counter()
    screener.scan_text(text)
    whole = time.perf_counter() - t
    ctx = ScanContext.for_text(text)
    own = {}
    for rec in (CnPersonRecognizer(), CnAddressRecognizer()):
        t = time.perf_counter()
        list(rec.find(ctx.text, ctx))
        own[type(rec).__name__] = time.perf_counter() - t
    jieba.initialize()
    t = time.perf_counter()
    for _ in pseg.cut(text):
        pass
    jb = time.perf_counter() - t
    print(f"== speed on {size:.2f} MB ({len(text)} chars) of Chinese government text, one core")
    print(f"  whole pipeline Screener.scan_text  {whole:.2f} s  ({whole / size:.2f} s/MB)   target <= 3 s/MB")
    for k, v in own.items():
        print(f"  {k}.find alone  {v:.2f} s")
    print(f"  jieba.posseg (peer)                {jb:.2f} s  ({jb / size:.2f} s/MB)")


def load_time() -> None:
    import recognizers  # noqa: F401  (presidio import not counted)
    from recognizers.address_data import divisions
    from recognizers.person_lexicon import lexicon

    t = time.perf_counter()
    lexicon()
    divisions()
    dt = time.perf_counter() - t
    size = sum(p.stat().st_size for p in (ROOT / "recognizers" / "data").iterdir())
    print(f"== data: load {dt:.2f} s (target <= 1 s), package data {size / 1e6:.2f} MB (target <= 30 MB)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cluener-every", type=int, default=5, help="use every N-th CLUENER line (held-out part)")
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()
    load_time()
    from screening import Screener

    s = Screener()
    eval_dev(s)
    cluener(s, args.cluener_every)
    speed(s, args.mb)


if __name__ == "__main__":
    main()
