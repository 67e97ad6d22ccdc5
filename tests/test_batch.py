"""`scan --jobs N`: a process pool whose output is identical to `--jobs 1`; progress only on a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.identifier_helpers import make_id

ROOT = Path(__file__).resolve().parents[1]
FP_KEY = "batch-test-fingerprint-key"


def make_site(folder: Path, n_text: int = 5) -> Path:
    """A little site: drafts, a docx, a roster, a corrupt file, a nested folder."""
    import docx
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_text):
        (folder / f"通知{i:03d}.txt").write_text(
            f"第{i}号\n联系人：李建国，身份证号：{make_id('110105', '19700101', f'{i % 900 + 100:03d}')}，"
            f"电话1391234{i % 10000:04d}。\n" if i % 3 else "关于召开工作会议的通知。\n", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph(f"当事人：王晓明，公民身份号码：{make_id('620602', '19850317', '123')}")
    sub = folder / "附件"
    sub.mkdir(exist_ok=True)
    d.save(sub / "决定书.docx")
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "身份证号", "备注"])
    for i in range(12):
        ws.append([f"张{'一二三四五六七八九十'[i % 10]}明", make_id("620602", "19900101", f"{100 + i:03d}"), "无"])
    wb.save(sub / "名单.xlsx")
    (sub / "坏的.docx").write_bytes(b"PK\x03\x04 this is not a zip")
    return folder


def run_cli(*args: str, env_extra: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": FP_KEY, **(env_extra or {})}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
def test_jobs_2_output_identical_to_jobs_1(tmp_path):
    site = make_site(tmp_path / "site")
    one = run_cli("scan", str(site), "--format", "json", "--jobs", "1")
    two = run_cli("scan", str(site), "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    report = json.loads(two.stdout)
    statuses = {Path(d["path"]).name: d["status"] for d in report["documents"]}
    assert statuses["坏的.docx"] == "error" and statuses["名单.xlsx"] == "ok"
    roster = next(d for d in report["documents"] if d["path"].endswith("名单.xlsx"))
    assert any(c["header"] == "身份证号" and c["entity_type"] == "CN_RESIDENT_ID" for c in roster["columns"])
    assert "坏的.docx" in two.stderr  # the error line, as with one job
    assert "ETA" not in two.stderr  # stderr is not a terminal: no progress bar
    jl1 = run_cli("scan", str(site), "--format", "jsonl", "--jobs", "1")
    jl2 = run_cli("scan", str(site), "--format", "jsonl", "--jobs", "2")
    assert jl1.stdout == jl2.stdout and len(jl2.stdout.splitlines()) == len(report["documents"])
    tab1 = run_cli("scan", str(site), "--jobs", "1", "--no-color")
    tab2 = run_cli("scan", str(site), "--jobs", "2", "--no-color")
    assert tab1.stdout == tab2.stdout


@pytest.mark.slow
def test_pool_in_process_api_keeps_order_and_findings(tmp_path):
    from screening.batch import ScreenerSpec, scan_results
    from screening.documents.walk import iter_inputs
    from screening.reports import render_json

    site = make_site(tmp_path / "site", n_text=7)
    items = list(iter_inputs([site]))
    spec = ScreenerSpec(fingerprint_key=b"k")
    local = render_json(scan_results(items, spec, jobs=1))
    pooled = render_json(scan_results(items, spec, jobs=2))
    assert local == pooled


@pytest.mark.slow
def test_without_a_key_one_run_shares_one_fingerprint_key(tmp_path):
    """Each worker would otherwise pick its own random key: the same value in two files would get two
    fingerprints within one run."""
    site = tmp_path / "s"
    site.mkdir()
    same = make_id("110105", "19700101", "321")
    for i in range(4):
        (site / f"{i}.txt").write_text(f"身份证号：{same}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SCREENING_FINGERPRINT_KEY"}
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "scan", str(site), "--format", "json", "--jobs", "2"],
                          env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=600)
    prints = {f["fingerprint"] for d in json.loads(proc.stdout)["documents"] for f in d["findings"]
              if f["entity_type"] == "CN_RESIDENT_ID"}
    assert len(prints) == 1


def test_record_round_trip_is_the_same_report(screener):
    from screening.batch import record_of, result_from_record
    from screening.reports import render_json
    from screening.results import scan_bytes_as_text

    r = scan_bytes_as_text(f"当事人：赵六，身份证号：{make_id()}，住址：兰州市城关区庆阳路1号。", screener)
    assert r.findings
    back = result_from_record(json.loads(json.dumps(record_of(r))))
    assert render_json([back]) == render_json([r])


def test_progress_line():
    from screening.batch import Progress

    buf = io.StringIO()
    p = Progress(3, buf)
    for n in (2, 0, 5):
        p.update(n)
    p.close()
    out = buf.getvalue()
    assert "3/3" in out and "7 处发现" in out and "ETA 0:00" in out and "/s" in out
    assert Progress.for_stderr(3) is None or sys.stderr.isatty()  # pytest captures stderr: not a terminal


def test_errors_in_listing_keep_their_place(tmp_path):
    from screening.batch import ScreenerSpec, scan_results
    from screening.errors import DocumentError

    class _NoScreener:  # never asked: no file to scan
        pass

    items = [DocumentError("no file matches this pattern", path="x*.txt")]
    out = list(scan_results(items, ScreenerSpec(), jobs=2, screener=_NoScreener()))  # type: ignore[arg-type]
    assert [r.status for r in out] == ["error"] and "x*.txt" in out[0].error
