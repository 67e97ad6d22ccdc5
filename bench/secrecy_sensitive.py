"""Benchmark for issue 6: secrecy/attribute markings and sensitive personal information on eval-dev.

Prints recall per gold label (SECRET_MARK, HEALTH, MINOR), precision of the score.py families
"secret" and "sensitive", and every flagged secrecy/attribute/process/sensitive finding on the
documents that only *discuss* 保密 and 个人信息保护 (23, 24) -- which must be none.
Targets: markings recall 1.0 and no false positive on 23/24; sensitive recall >= 0.90, precision >= 0.85.
Then the same numbers on the independent holdout corpora (bench/holdout and bench/holdout2, written
blind by someone else), whose policy-only documents are 20 and 19.

    python bench/secrecy_sensitive.py
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening import Screener  # noqa: E402
from screening.documents import read_document  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval-dev"
HOLDOUT = ROOT / "bench" / "holdout"
HOLDOUT2 = ROOT / "bench" / "holdout2"
FAMILIES = {"secret": ("SECRET_MARK",), "sensitive": ("HEALTH", "MINOR")}
OWN_TYPES = ("SECRECY_MARKING", "PUBLICATION_ATTRIBUTE", "PROCESS_DRAFT", "SENSITIVE_PERSONAL_INFO")
POLICY_DOCS = {"eval-dev": ("23_", "24_"), "holdout": ("20_",), "holdout2": ("19_",)}


def _score_module():
    spec = importlib.util.spec_from_file_location("eval_score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # standard library only
    return mod


def main() -> None:
    score = _score_module()
    t0 = time.perf_counter()
    screener = Screener()
    print(f"engine start-up {time.perf_counter() - t0:.1f} s\n")
    for name, corpus in (("eval-dev", EVAL), ("holdout", HOLDOUT), ("holdout2", HOLDOUT2)):
        if (corpus / "gold.jsonl").exists():
            _report(name, corpus, screener, score)
            print()


def _report(name: str, corpus: Path, screener: Screener, score) -> None:
    t0 = time.perf_counter()
    docs = []
    for p in sorted((corpus / "plain").glob("*.txt")):
        findings = [f.to_dict() for f in screener.scan_document(read_document(p))]
        docs.append({"path": str(p), "status": "ok", "error": None, "findings": findings})
    elapsed = time.perf_counter() - t0
    res = score.score(score.load_gold(str(corpus / "gold.jsonl")), {"documents": docs})

    print(f"{name}: {len(docs)} documents scanned in {elapsed:.1f} s\n")
    print(f"{'label':<12} {'found':>5} {'total':>5} {'recall':>7}")
    for labels in FAMILIES.values():
        for lab in labels:
            tot, got = res["label_total"][lab], res["label_found"][lab]
            print(f"{lab:<12} {got:>5} {tot:>5} {got / tot if tot else float('nan'):>7.3f}")
    print(f"\n{'family':<12} {'TP':>4} {'neutral':>7} {'FP':>4} {'precision':>9} {'recall':>7}")
    for fam, labels in FAMILIES.items():
        tp, neu, fp = res["fam_tp"][fam], res["fam_neutral"][fam], res["fam_fp"][fam]
        tot = sum(res["label_total"][lab] for lab in labels)
        got = sum(res["label_found"][lab] for lab in labels)
        prec = tp / (tp + fp) if tp + fp else float("nan")
        print(f"{fam:<12} {tp:>4} {neu:>7} {fp:>4} {prec:>9.3f} {got / tot if tot else float('nan'):>7.3f}")
    for etype in ("SECRECY_MARKING", "PUBLICATION_ATTRIBUTE", "SENSITIVE_PERSONAL_INFO"):
        for ex in res["false_pos"].get(etype, []):
            print(f"  FP {etype}: {ex}")
    for labels in FAMILIES.values():
        for lab in labels:
            for ex in res["misses"].get(lab, []):
                print(f"  MISS {lab}: {ex}")

    print("\nflagged secrecy/attribute/process/sensitive findings on documents that only discuss 保密/个人信息保护:")
    bad = 0
    for d in docs:
        if not Path(d["path"]).name.startswith(POLICY_DOCS[name]):
            continue
        own = [f for f in d["findings"] if f["entity_type"] in OWN_TYPES]
        flagged = [f for f in own if f["severity"] in ("blocking", "high", "medium")]
        bad += len(flagged)
        print(f"  {Path(d['path']).name}: {len(flagged)} flagged, {len(own) - len(flagged)} low/info "
              f"({', '.join(sorted({f['entity_type'] + ':' + f['text'] for f in own})) or '-'})")
    print(f"  total flagged: {bad} (target 0)")


if __name__ == "__main__":
    main()
