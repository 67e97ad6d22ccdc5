"""`scan --cache DIR` for re-audits and the site summary `--summary 汇总.csv|.xlsx`."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from tests.identifier_helpers import make_id
from tests.test_batch import make_site, run_cli


def _scan(items, spec, cache, jobs=1, screener=None):
    from screening.batch import scan_results
    from screening.reports import render_json

    return render_json(scan_results(items, spec, jobs=jobs, cache=cache, screener=screener))


def test_cache_hits_on_unchanged_files_and_misses_on_changed_ones(tmp_path, screener):
    from screening.batch import ScreenerSpec
    from screening.cache import ResultCache, engine_version
    from screening.documents.walk import iter_inputs

    site = make_site(tmp_path / "site", n_text=4)
    items = list(iter_inputs([site]))
    spec = ScreenerSpec(fingerprint_key=b"test-key")  # the session screener's key
    version = engine_version({"limits": {}}, spec)
    cache = ResultCache(tmp_path / "cache", version)
    first = _scan(items, spec, cache, screener=screener)
    assert cache.hits == 0 and cache.misses == len(items)
    n_ok = sum(d["status"] == "ok" for d in json.loads(first)["documents"])

    again = ResultCache(tmp_path / "cache", version)
    assert _scan(items, spec, again, screener=screener) == first
    assert again.hits == n_ok  # the corrupt docx is read again (errors are never cached: fail closed)

    changed = site / "通知001.txt"
    changed.write_text(f"新的身份证号：{make_id('110105', '19800101', '777')}\n", encoding="utf-8")
    third = ResultCache(tmp_path / "cache", version)
    out = json.loads(_scan(items, spec, third, screener=screener))
    assert third.hits == n_ok - 1
    doc = next(d for d in out["documents"] if d["path"].endswith("通知001.txt"))
    assert doc["findings"][0]["text"] == make_id("110105", "19800101", "777")

    root = tmp_path / "cache"
    assert oct(root.stat().st_mode & 0o777) == "0o700"
    entries = [p for p in root.rglob("*.entry")]
    assert entries and all(oct(p.stat().st_mode & 0o777) == "0o600" for p in entries)


def test_other_options_or_engine_are_another_key(tmp_path):
    from screening.batch import ScreenerSpec
    from screening.cache import engine_version

    base = ScreenerSpec(fingerprint_key=b"k")
    v = engine_version({"limits": {}}, base)
    assert v == engine_version({"limits": {}}, ScreenerSpec(fingerprint_key=b"k"))
    assert v != engine_version({"limits": {"max_pages": 3}}, base)
    assert v != engine_version({"limits": {}}, ScreenerSpec(entities=("CN_RESIDENT_ID",), fingerprint_key=b"k"))
    assert v != engine_version({"limits": {}}, ScreenerSpec(fingerprint_key=b"other"))
    wl = tmp_path / "w.txt"
    wl.write_text("内部项目甲\n", encoding="utf-8")
    v1 = engine_version({}, ScreenerSpec(wordlists=(str(wl),)))
    wl.write_text("内部项目乙\n", encoding="utf-8")
    assert v1 != engine_version({}, ScreenerSpec(wordlists=(str(wl),)))


@pytest.mark.slow
def test_cli_cache_without_key_keeps_fingerprints_across_runs_and_summary(tmp_path):
    site = make_site(tmp_path / "site", n_text=4)
    env = {k: v for k, v in os.environ.items() if k != "SCREENING_FINGERPRINT_KEY"}
    import subprocess
    import sys

    from tests.test_batch import ROOT

    def scan(*extra):
        return subprocess.run([sys.executable, str(ROOT / "cli.py"), "scan", str(site), "--format", "json",
                               "--cache", str(tmp_path / "cache"), *extra], env={**env, "PYTHONPATH": str(ROOT)},
                              capture_output=True, text=True, timeout=600)

    one = scan("--jobs", "2", "--summary", str(tmp_path / "汇总.csv"))
    two = scan("--jobs", "1", "--summary", str(tmp_path / "汇总.xlsx"))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout  # the cache's own key: same fingerprints, cached results
    key = tmp_path / "cache" / "fingerprint.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"

    rows = list(csv.DictReader((tmp_path / "汇总.csv").read_text(encoding="utf-8-sig").splitlines()))
    files = {Path(r["path"]).name: r for r in rows if r["row"] == "file"}
    assert files["坏的.docx"]["status"] == "error" and files["坏的.docx"]["error"]
    assert int(files["名单.xlsx"]["high"]) >= 12 and int(files["名单.xlsx"]["CN_RESIDENT_ID"]) == 12
    cols = [r for r in rows if r["row"] == "column"]
    assert any(r["header"] == "身份证号" and r["entity_type"] == "CN_RESIDENT_ID" and r["count"] == "12" for r in cols)

    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "汇总.xlsx", read_only=True)
    assert wb.sheetnames == ["文件", "列"]
    sheet_rows = list(wb["文件"].iter_rows(values_only=True))
    assert len(sheet_rows) == 1 + len(files)
    col_rows = list(wb["列"].iter_rows(values_only=True))
    assert ("身份证号", "CN_RESIDENT_ID", 12) in [r[3:6] for r in col_rows]


def test_summary_escapes_formulas_and_refuses_other_suffixes(tmp_path):
    from screening.errors import ScreeningError
    from screening.results import DocumentResult
    from screening.summary import SiteSummary

    s = SiteSummary()
    s.add(DocumentResult("=HYPERLINK(1).txt", status="error", error="-bad"))
    s.write(tmp_path / "s.csv")
    row = list(csv.reader((tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()))[1]
    assert row[1] == "'=HYPERLINK(1).txt" and row[3] == "'-bad"
    with pytest.raises(ScreeningError):
        s.write(tmp_path / "s.json")
    res = run_cli("scan", str(tmp_path / "s.csv"), "--summary", str(tmp_path / "x.json"))
    assert res.returncode == 2 and ".csv or .xlsx" in res.stderr
