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


def _openssl(*args: str, cwd) -> None:
    import subprocess

    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=120)


def _office_certificates(folder):
    """An office CA, one certificate it signs for every node (scheduler, workers, clients) and a rogue
    self-signed one: what the README's TLS steps make."""
    import shutil

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    folder.mkdir()
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", "ca.key", "-out", "ca.pem",
             "-subj", "/CN=office screening CA", cwd=folder)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "node.key", "-out", "node.csr",
             "-subj", "/CN=screening-node", cwd=folder)
    (folder / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                                    "extendedKeyUsage=serverAuth,clientAuth\n")
    _openssl("x509", "-req", "-in", "node.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-days", "2", "-out", "node.pem", "-extfile", "ext.cnf", cwd=folder)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", "rogue.key",
             "-out", "rogue.pem", "-subj", "/CN=rogue", cwd=folder)
    return folder


def _tls_env(certs, cert: str = "node") -> dict[str, str]:
    return {"DASK_DISTRIBUTED__COMM__TLS__CA_FILE": str(certs / "ca.pem"),
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT": str(certs / f"{cert}.pem"),
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY": str(certs / f"{cert}.key"),
            "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION": "True",
            "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "20s"}


@pytest.mark.slow
def test_tls_scheduler_serves_certified_clients_only(tmp_path):
    """The README's set-up: a tls:// scheduler and workers with the office CA's certificates. A client with
    the certificate gets the local report; one without, or with a certificate the CA did not sign, gets a
    clear error (exit 2), never a traceback."""
    from distributed.security import Security

    certs = _office_certificates(tmp_path / "certs")
    node = {"cert": str(certs / "node.pem"), "key": str(certs / "node.key")}
    security = Security(tls_ca_file=str(certs / "ca.pem"), require_encryption=True,
                        tls_scheduler_cert=node["cert"], tls_scheduler_key=node["key"],
                        tls_worker_cert=node["cert"], tls_worker_key=node["key"],
                        tls_client_cert=node["cert"], tls_client_key=node["key"])
    site = make_site(tmp_path / "site", n_text=2)
    local = run_cli("scan", str(site), "--format", "json", "--jobs", "1")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  protocol="tls://", host="127.0.0.1", security=security) as tls_cluster:
        address = tls_cluster.scheduler_address
        assert address.startswith("tls://")
        remote = run_cli("scan", str(site), "--format", "json", "--executor", "dask", "--scheduler", address,
                         env_extra=_tls_env(certs))
        assert remote.returncode == 1, remote.stderr
        assert json.loads(remote.stdout) == json.loads(local.stdout)
        for env, why in (({}, "no certificate"), (_tls_env(certs, "rogue"), "a certificate the CA did not sign")):
            refused = run_cli("scan", str(site), "--executor", "dask", "--scheduler", address, env_extra=env)
            assert refused.returncode == 2, why
            assert "Traceback" not in refused.stderr and refused.stdout == "", why
            assert "cannot reach the Dask scheduler" in refused.stderr and "CLIENT__CERT" in refused.stderr, why
