"""`screening serve` over real HTTP on loopback: uvicorn started as `python cli.py serve`, a worker pool."""

from __future__ import annotations

import base64
import io
import json
import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.identifier_helpers import make_id

httpx = pytest.importorskip("httpx", reason="the service tests talk HTTP with httpx")
pytest.importorskip("fastapi", reason="the service needs the 'service' extra (fastapi, uvicorn)")
pytest.importorskip("uvicorn", reason="the service needs the 'service' extra (fastapi, uvicorn)")

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-7f3a-not-secret"
FP_KEY = "service-test-fingerprint-key"
ID = make_id("620602", "19850317", "123")
DRAFT = f"行政处罚决定书\n当事人：王晓明，公民身份号码：{ID}，联系电话：13912345678。\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, tmp: Path, *args: str, token: str | None = TOKEN) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmpdir = tmp / "tmp"
        self.tmpdir.mkdir()
        self.log_path = tmp / "server.log"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": FP_KEY,
               "SCREENING_SERVICE_TEST_HOOKS": "1", "TMPDIR": str(self.tmpdir)}
        env.pop("SCREENING_API_TOKEN", None)
        if token:
            env["SCREENING_API_TOKEN"] = token
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([sys.executable, "cli.py", "serve", "--port", str(self.port), *args],
                                     cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.Client(base_url=self.url, timeout=120, headers=self.headers)
        self.wait_ready()

    def wait_ready(self, workers: int = 1, limit: float = 240) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text(errors='replace')}")
            try:
                r = httpx.get(self.url + "/v1/health", timeout=5)
                if r.status_code == 200 and r.json()["workers"] >= workers:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError("server did not become ready")

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("server"), "--workers", "2")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def small_server(tmp_path_factory):
    """One worker, a 1 MB upload limit and a 3 s time limit, no token."""
    s = Server(tmp_path_factory.mktemp("small"), "--workers", "1", "--max-upload", "1", "--timeout", "3",
               token=None)
    yield s
    s.stop()


def _docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    for line in DRAFT.splitlines():
        d.add_paragraph(line)
    d.save(path)
    return path


def _cli_json(folder: Path, name: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_FINGERPRINT_KEY": FP_KEY}
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "scan", name, "--format", "json"], cwd=folder,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


@pytest.mark.slow
def test_scan_upload_is_byte_for_byte_the_cli_report(server, tmp_path):
    name = "处罚决定书.docx"
    path = _docx(tmp_path / name)
    r = server.client.post("/v1/scan", files={"file": (name, path.read_bytes())})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.text == _cli_json(tmp_path, name)
    doc = r.json()["documents"][0]
    assert doc["path"] == name and doc["format"] == "docx"
    assert {f["entity_type"] for f in doc["findings"]} >= {"CN_RESIDENT_ID", "PHONE_NUMBER"}


@pytest.mark.slow
def test_scan_json_text(server):
    r = server.client.post("/v1/scan", json={"text": DRAFT})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["schema_version"] == 1 and body["summary"]["gate"] == "fail"
    found = [f for f in body["documents"][0]["findings"] if f["entity_type"] == "CN_RESIDENT_ID"]
    assert found and found[0]["text"] == ID
    clean = server.client.post("/v1/scan", json={"text": "关于召开年度工作会议的通知。"}).json()
    assert clean["summary"]["gate"] == "pass"


@pytest.mark.slow
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": "Bearer"}])
def test_token_required_except_health(server, headers):
    for method, path in [("POST", "/v1/scan"), ("GET", "/v1/entities"), ("POST", "/v1/redact"),
                         ("GET", "/openapi.json")]:
        r = httpx.request(method, server.url + path, headers=headers, json={"text": DRAFT}, timeout=30)
        assert r.status_code == 401, (path, r.text)
        assert "token" in r.json()["error"]
        assert r.headers.get("www-authenticate") == "Bearer"
    assert httpx.get(server.url + "/v1/health", headers=headers).status_code == 200


@pytest.mark.slow
def test_entities_and_openapi(server):
    from screening.findings import ENTITY_TYPES

    ents = server.client.get("/v1/entities").json()["entity_types"]
    assert [e["name"] for e in ents] == list(ENTITY_TYPES)
    spec = server.client.get("/openapi.json").json()
    assert {"/v1/scan", "/v1/redact", "/v1/check", "/v1/health", "/v1/entities"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/v1/scan"]["post"]["requestBody"]["content"]


@pytest.mark.slow
@pytest.mark.parametrize("kwargs, status, words", [
    ({"content": b"--xx\r\ngarbage", "headers": {"content-type": "multipart/form-data; boundary=xx"}}, 400, ""),
    ({"content": b"abc", "headers": {"content-type": "multipart/form-data"}}, 400, ""),
    ({"files": {"other": ("a.txt", b"x")}}, 400, "'file'"),
    ({"data": {"file": "not a file"}}, 415, "multipart"),
    ({"files": {"file": (None, "not a file")}}, 400, "'file'"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "JSON"),
    ({"json": {"txt": "x"}}, 422, "text"),
    ({"json": ["text"]}, 422, "text"),
    ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415, "multipart"),
])
def test_malformed_requests_get_a_clear_4xx(server, kwargs, status, words):
    r = server.client.post("/v1/scan", **kwargs)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err and words in err and "Traceback" not in r.text


@pytest.mark.slow
def test_zip_bomb_is_422_with_the_readers_message(server):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    assert len(buf.getvalue()) < 200_000
    r = server.client.post("/v1/scan", files={"file": ("炸弹.docx", buf.getvalue())})
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["documents"][0]["status"] == "error"
    assert "炸弹.docx" in body["error"] and "/tmp" not in body["error"] and str(server.tmpdir) not in r.text
    assert body["summary"]["gate"] == "fail"


@pytest.mark.slow
def test_redact_returns_the_file_and_the_log(server, tmp_path):
    path = _docx(tmp_path / "决定书.docx")
    r = server.client.post("/v1/redact", files={"file": ("决定书.docx", path.read_bytes())},
                           data={"policy": "publication"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] and body["filename"] == "决定书.docx" and body["publishable"]
    out = tmp_path / "out.docx"
    out.write_bytes(base64.b64decode(body["content_base64"]))
    import docx

    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert ID not in text and "13912345678" not in text and "行政处罚决定书" in text
    log = body["log"]
    assert log["documents"][0]["input"] == "决定书.docx"
    assert ID not in json.dumps(log, ensure_ascii=False)
    bad = server.client.post("/v1/redact", files={"file": ("a.txt", DRAFT.encode())}, data={"policy": "nope"})
    assert bad.status_code == 422 and "unknown policy" in bad.json()["error"]


@pytest.mark.slow
def test_check_endpoint(server):
    r = server.client.post("/v1/check", files={"file": ("a.txt", DRAFT.encode()), "decisions": ("d.json", b"{}")})
    assert r.status_code == 422 and "decisions" in r.json()["error"]  # not a decisions record
    empty = json.dumps({"schema_version": 1, "document": {"path": "a.txt", "sha256": None, "title": None,
                                                          "doc_number": None}, "decisions": []})
    r = server.client.post("/v1/check", files={"file": ("a.txt", DRAFT.encode()), "decisions": ("d.json", empty)})
    assert r.status_code == 200, r.text
    assert r.json()["passed"] is False  # flagged items, none decided: not reviewed


@pytest.mark.slow
def test_crashed_worker_is_replaced(server):
    r = server.client.post("/v1/scan", json={"text": DRAFT}, headers={"X-Test-Crash": "1"})
    assert r.status_code == 503, r.text
    assert "died" in r.json()["error"]
    for _ in range(4):  # the other worker answers at once, the replacement when it is ready
        assert server.client.post("/v1/scan", json={"text": DRAFT}).status_code == 200
    server.wait_ready(workers=2)
    assert httpx.get(server.url + "/v1/health").json()["replaced"] >= 1


@pytest.mark.slow
def test_sigkilled_worker_is_replaced(server):
    psutil = pytest.importorskip("psutil", reason="finding the worker processes needs psutil")
    server.wait_ready(workers=2)
    kids = [p for p in psutil.Process(server.proc.pid).children() if "spawn_main" in " ".join(p.cmdline())]
    assert len(kids) == 2, "worker processes not found"
    kids[0].kill()  # it stays a zombie until the server notices: no wait() here
    time.sleep(0.5)
    for _ in range(4):
        r = server.client.post("/v1/scan", json={"text": DRAFT})
        assert r.status_code == 200, r.text
    server.wait_ready(workers=2)


@pytest.mark.slow
def test_nothing_stored_and_no_personal_data_logged(server, tmp_path):
    path = _docx(tmp_path / "王晓明的材料.docx")
    assert server.client.post("/v1/scan", files={"file": (path.name, path.read_bytes())}).status_code == 200
    assert server.client.post("/v1/redact", files={"file": (path.name, path.read_bytes())}).status_code == 200
    left = [p for p in server.tmpdir.rglob("*") if p.is_file()]
    assert left == [], left
    private = list(server.tmpdir.glob("screening-service-*"))
    assert private and oct(private[0].stat().st_mode & 0o777) == "0o700"
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "scan bytes=" in log
    for secret in (ID, "王晓明", "13912345678", path.name):
        assert secret not in log


@pytest.mark.slow
def test_upload_limit_413(small_server):
    big = b"x" * (2 * 1024 * 1024)
    r = small_server.client.post("/v1/scan", files={"file": ("big.txt", big)})
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks():  # no Content-Length: counted while it streams
        for _ in range(3):
            yield b"y" * (1024 * 1024)

    r = small_server.client.post("/v1/scan", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert small_server.client.post("/v1/scan", json={"text": "小文件"}).status_code == 200


@pytest.mark.slow
def test_time_limit_504_then_served_again(small_server):
    r = small_server.client.post("/v1/scan", json={"text": DRAFT}, headers={"X-Test-Sleep": "30"})
    assert r.status_code == 504 and "time limit" in r.json()["error"]
    small_server.wait_ready(workers=1)
    deadline = time.monotonic() + 240
    while True:
        r = small_server.client.post("/v1/scan", json={"text": DRAFT})
        if r.status_code == 200 or time.monotonic() > deadline:
            break
        assert r.status_code == 503
        time.sleep(1)
    assert r.status_code == 200


@pytest.mark.slow
def test_openapi_fuzz_no_5xx(server):
    """schemathesis replays the OpenAPI document: no request it makes gets a 5xx."""
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra")
    from hypothesis import HealthCheck, given, settings

    spec = server.client.get("/openapi.json").json()
    schema = schemathesis.openapi.from_dict(spec)
    failures = []
    for op in schema.get_all_operations():
        operation = op.ok()

        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            resp = case.call(base_url=server.url, headers=server.headers, timeout=60)
            if resp.status_code >= 500 and not (resp.status_code == 501 and case.operation.path == "/v1/check"):
                failures.append((case.operation.path, resp.status_code, resp.text[:200]))

        run()
    assert not failures, failures
