"""Span-by-span snapshot of what the screener finds, to compare a refactor before and after.

Usage:
    python bench/spans.py snapshot /tmp/before.jsonl [--cluener-every 20] [--roster 2000]
    ... change the code ...
    python bench/spans.py snapshot /tmp/after.jsonl
    python bench/spans.py diff /tmp/before.jsonl /tmp/after.jsonl [-v]

The snapshot covers eval-dev, every bench/holdout*/plain draft, a slice of the CLUENER corpus (measure
only: nothing is built from it) and the text of a generated roster (bench/readers.py's realistic 低保
roster, one row per line). Each line: doc, entity type, start, end, severity, role and score. ``diff``
prints how many spans were added, removed or changed per corpus and entity type (and, with -v, up to 20
examples each); exit status 1 when anything differs, so it can gate a refactor step.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def corpora(cluener_every: int, roster_rows: int) -> list[tuple[str, str, str]]:
    """(corpus, doc, text) triples, in a fixed order."""
    docs: list[tuple[str, str, str]] = []
    for path in sorted((SHARED / "eval-dev" / "plain").glob("*.txt")):
        docs.append(("eval-dev", path.name, path.read_text(encoding="utf-8")))
    for folder in sorted((ROOT / "bench").glob("holdout*/plain")):
        for path in sorted(folder.glob("*.txt")):
            docs.append((folder.parent.name, path.name, path.read_text(encoding="utf-8")))
    cluener = SHARED / "data" / "ner" / "cluener-train.jsonl"
    if cluener_every and cluener.exists():
        lines = cluener.read_text(encoding="utf-8").splitlines()
        for i in range(0, len(lines), cluener_every):
            docs.append(("cluener", f"line{i}", json.loads(lines[i])["text"]))
    return docs


def _roster_file(rows: int) -> Path:
    """bench/readers.py's realistic roster as an xlsx in a temp folder (scanned as a file: table context)."""
    import tempfile

    import bench.readers as readers  # noqa: PLC0415 - the bench's generator is the one source of the roster

    path = Path(tempfile.mkdtemp(prefix="spans-")) / f"roster{rows}.xlsx"
    readers.build_roster_xlsx(path, rows)
    return path


def snapshot(out: Path, cluener_every: int, roster_rows: int) -> None:
    from screening import Screener

    screener = Screener()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for corpus, doc, text in corpora(cluener_every, roster_rows):
            for f in screener.scan_text(text):
                role = f.attributes.get("role", "") if f.attributes else ""
                fh.write(json.dumps({"corpus": corpus, "doc": doc, "type": f.entity_type, "start": f.start,
                                     "end": f.end, "severity": f.severity.label, "role": role,
                                     "score": round(f.score, 3), "text": f.text}, ensure_ascii=False) + "\n")
                n += 1
        if roster_rows:
            path = _roster_file(roster_rows)
            from screening import scan_file

            for f in scan_file(path, screener).findings:
                fh.write(json.dumps({"corpus": "roster", "doc": path.name, "type": f.entity_type, "start": f.start,
                                     "end": f.end, "severity": f.severity.label,
                                     "role": f.attributes.get("role", "") if f.attributes else "",
                                     "score": round(f.score, 3), "text": f.text}, ensure_ascii=False) + "\n")
                n += 1
    print(f"{n} findings written to {out}")


def _load(path: Path) -> dict[tuple[str, str, str, int, int], dict]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        rows[(r["corpus"], r["doc"], r["type"], r["start"], r["end"])] = r
    return rows


def diff(before: Path, after: Path, verbose: bool) -> int:
    old, new = _load(before), _load(after)
    added = [new[k] for k in new.keys() - old.keys()]
    removed = [old[k] for k in old.keys() - new.keys()]
    changed = [(old[k], new[k]) for k in old.keys() & new.keys()
               if (old[k]["severity"], old[k]["role"]) != (new[k]["severity"], new[k]["role"])]
    print(f"before {len(old)}  after {len(new)}  added {len(added)}  removed {len(removed)}  "
          f"severity/role changed {len(changed)}")
    for name, items in (("added", added), ("removed", removed)):
        counts = Counter((r["corpus"], r["type"]) for r in items)
        for (corpus, etype), c in sorted(counts.items()):
            print(f"  {name:8} {corpus:10} {etype:28} {c}")
        if verbose:
            for r in sorted(items, key=lambda r: (r["corpus"], r["doc"], r["start"]))[:20]:
                print(f"    {name} {r['corpus']}/{r['doc']}@{r['start']} {r['type']} {r['severity']} {r['text']!r}")
    if verbose:
        for o, n in changed[:20]:
            print(f"    changed {o['corpus']}/{o['doc']}@{o['start']} {o['type']} {o['text']!r}: "
                  f"{o['severity']}/{o['role']} -> {n['severity']}/{n['role']}")
    return 1 if (added or removed or changed) else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("out", type=Path)
    s.add_argument("--cluener-every", type=int, default=20)
    s.add_argument("--roster", type=int, default=2000)
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("-v", action="store_true")
    args = ap.parse_args()
    if args.cmd == "snapshot":
        snapshot(args.out, args.cluener_every, args.roster)
    else:
        sys.exit(diff(args.before, args.after, args.v))


if __name__ == "__main__":
    main()
