"""`scan --executor dask` against a real distributed.LocalCluster of 2 workers: the same report as a local scan."""

from __future__ import annotations

import json

import pytest

from tests.test_batch import make_site, run_cli

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.mark.slow
def test_dask_report_is_the_local_report(tmp_path, cluster):
    site = make_site(tmp_path / "site")
    local = run_cli("scan", str(site), "--format", "json", "--jobs", "1")
    remote = run_cli("scan", str(site), "--format", "json", "--executor", "dask", "--scheduler",
                     cluster.scheduler_address)
    assert local.returncode == remote.returncode == 1, remote.stderr
    assert json.loads(local.stdout) == json.loads(remote.stdout)
    errors = [d for d in json.loads(remote.stdout)["documents"] if d["status"] == "error"]
    assert errors and all("坏的.docx" in d["error"] and "screening-dask-" not in d["error"] for d in errors)


@pytest.mark.slow
def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    site = make_site(tmp_path / "site", n_text=1)
    proc = run_cli("scan", str(site), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "scheduler" in proc.stderr


def test_worker_task_names_the_file_not_its_temp_copy():
    from screening.batch import ScreenerSpec
    from screening.dask_executor import scan_bytes_record

    rec = scan_bytes_record("附件/坏的.docx", b"PK\x03\x04 not a zip", ScreenerSpec(), {})
    assert rec["status"] == "error" and rec["path"] == "附件/坏的.docx"
    assert "坏的.docx" in rec["error"] and "screening-dask-" not in rec["error"]
