"""Scan ../shared/eval-dev/plain with the library and write the findings-contract JSON.

Usage: python bench/eval_dev.py [OUT.json]   then   python3 ../shared/eval-dev/score.py OUT.json -v
(equivalent to `screening scan ../shared/eval-dev/plain/*.txt --format json`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from screening import Screener
from screening.documents import read_document
from screening.findings import SCHEMA_VERSION

PLAIN = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "plain"


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "run.json"
    s = Screener()
    docs = []
    for p in sorted(PLAIN.glob("*.txt")):
        d = read_document(p)
        docs.append({"path": str(p), "status": "ok", "error": None,
                     "findings": [f.to_dict() for f in s.scan_document(d)]})
    Path(out).write_text(json.dumps({"schema_version": SCHEMA_VERSION, "documents": docs, "summary": {}},
                                    ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
