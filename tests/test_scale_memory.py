"""Hostile spreadsheets stay under ~1 GB end to end (issue 11 item 4), measured in a fresh process.

Peak memory is the child's own high-water mark (``VmHWM``; ``ru_maxrss`` survives exec and would count
the pytest process that started the child) plus the largest of its forked chunk workers (a
conservative bound: shared pages are counted twice)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from reader_fixtures import make_id, raw_xlsx

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 1024


CHILD = """
import json, resource, sys
from screening import Screener
from screening.redaction import redact_files
rep = redact_files([(sys.argv[1], sys.argv[2])], "publication", Screener(fingerprint_key="t"))[0]
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a big pytest would report pytest's RSS
peak = (int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))) + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"peak_mb": peak // 1024, "status": rep.status, "error": rep.error,
                  "verified": bool(rep.verification and rep.verification.ok), "changes": len(rep.changes)}))
"""


def redact_in_child(src: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(src), str(out)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=1800, check=False)
    lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
    assert lines, proc.stderr[-2000:]
    return json.loads(lines[-1])


def test_cells_at_a1_and_xfd1048576_redacted_in_bounded_memory(tmp_path: Path) -> None:
    ident = make_id(7, area="620602", birth="19760512")
    src, out = tmp_path / "corners.xlsx", tmp_path / "out.xlsx"
    raw_xlsx(src, [f'<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号 {ident}</t></is></c></row>',
                   '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>电话 13993517046</t></is></c></row>'])
    r = redact_in_child(src, out)
    assert r["status"] == "ok" and r["verified"], r
    assert r["changes"] >= 2
    assert r["peak_mb"] < LIMIT_MB, r
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert ident not in sheet and "13993517046" not in sheet and 'r="XFD1048576"' in sheet


@pytest.mark.slow
def test_many_rows_redacted_in_bounded_memory(tmp_path: Path) -> None:
    """300,000 rows x 2 columns (a mobile every 1,000 rows): well under 1 GB, verified."""
    rows = 300_000
    src, out = tmp_path / "many.xlsx", tmp_path / "out.xlsx"
    raw_xlsx(src, (f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="B{i}" t="inlineStr"><is><t>'
                   f'{"联系电话 1399351" + f"{i % 10000:04d}" if i % 1000 == 0 else "无"}</t></is></c></row>'
                   for i in range(1, rows + 1)))
    r = redact_in_child(src, out)
    assert r["status"] == "ok" and r["verified"], r
    assert r["changes"] == rows // 1000
    assert r["peak_mb"] < LIMIT_MB, r
