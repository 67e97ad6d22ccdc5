"""The HTTP service (FastAPI under uvicorn): the findings contract for CMS plugins in any language.

FastAPI rather than bare Starlette: the OpenAPI document at ``/openapi.json`` (which Java and PHP
teams generate clients from, and which the schemathesis test replays) comes for free; the request
bodies are still parsed by hand so that upload size and temporary files stay under our control.

Endpoints: ``POST /v1/scan``, ``POST /v1/redact``, ``POST /v1/check``, ``GET /v1/health``,
``GET /v1/entities``, ``GET /openapi.json``. Every answer is JSON; errors are ``{"error": "..."}``.

Nothing is stored: an upload is written to a private (0700) temporary directory only for as long
as its request runs and deleted in ``finally``; the multipart parser's own spool files go to the
same directory and are unlinked. The log holds sizes, sha256 prefixes, counts and timings — never
a file name, a value or a finding.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import os
import re
import shutil
import tempfile
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from screening import __version__
from screening.batch import ScreenerSpec, default_jobs, result_from_record
from screening.service.pool import PoolError, WorkerPool

log = logging.getLogger("screening.service")

TOKEN_ENV = "SCREENING_API_TOKEN"
MB = 1024 * 1024


@dataclass
class ServiceConfig:
    """How the service runs. ``token``: None means no authentication (loopback use)."""

    workers: int = field(default_factory=default_jobs)
    spec: ScreenerSpec = field(default_factory=ScreenerSpec)
    token: str | None = None
    max_upload: int = 50 * MB
    timeout: float = 120.0
    limits: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_env(cls, token_file: str | os.PathLike[str] | None = None, **kw: Any) -> ServiceConfig:
        """``token`` from ``--token-file`` (first line) or ``SCREENING_API_TOKEN``."""
        token = os.environ.get(TOKEN_ENV) or None
        if token_file is not None:
            token = Path(token_file).read_text(encoding="utf-8").strip() or None
        return cls(token=token, **kw)


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers, self.extra = status, message, headers, extra or {}


def _error(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


class BodyLimit:
    """ASGI middleware: refuse a body over ``limit`` bytes (413) — by its Content-Length at once, by
    counting otherwise (chunked uploads), before anything is parsed or spooled."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit
        for k, v in scope.get("headers") or ():
            if k == b"content-length":
                try:
                    too_big = int(v) > limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _send_json(send, 413, {"error": f"the upload is larger than the limit ({limit} bytes)"})
                    return
        seen = 0
        started = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise ApiError(413, f"the upload is larger than the limit ({limit} bytes)")
            return msg

        async def tracking_send(msg: dict[str, Any]) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except ApiError as exc:
            if not started:
                await _send_json(send, exc.status, {"error": exc.message})


async def _send_json(send: Any, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})


_SAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def safe_name(filename: str | None) -> str:
    """The upload's own file name (kept for format detection and the ``path`` field), without any
    directory part or characters a file system refuses; ``upload`` when there is none."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _SAFE_NAME.sub("_", name).strip(" .")
    while len(name.encode("utf-8")) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:-1] + dot + ext) if dot and stem else name[:-1]
    return name or "upload"


_MULTIPART_FILE = {
    "type": "object",
    "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "the document (its file name "
                                                                                  "decides the format)"}},
}
_SCAN_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": _MULTIPART_FILE},
        "application/json": {"schema": {"type": "object", "required": ["text"],
                                        "properties": {"text": {"type": "string"},
                                                       "name": {"type": "string"}}}},
    },
}
_REDACT_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"},
                       "policy": {"type": "string", "enum": ["publication", "penalty", "strict"],
                                  "default": "publication"}}}}},
}
_CHECK_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file", "decisions"],
        "properties": {"file": {"type": "string", "format": "binary"},
                       "decisions": {"type": "string", "format": "binary",
                                     "description": "the review decisions file (JSON)"}}}}},
}
_ERR = {"description": "error", "content": {"application/json": {"schema": {
    "type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}}}}
_ERRORS: dict[int | str, dict[str, Any]] = {str(c): _ERR for c in (400, 401, 413, 415, 422, 503, 504)}


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The ASGI application (the worker pool starts with it).

    >>> app = create_app(ServiceConfig(workers=1))
    >>> sorted(r.path for r in app.routes if r.path.startswith("/v1"))
    ['/v1/check', '/v1/entities', '/v1/health', '/v1/redact', '/v1/scan']
    """
    cfg = config or ServiceConfig()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        private = tempfile.mkdtemp(prefix="screening-service-")  # 0700
        tempfile.tempdir = private  # the multipart parser's spool files land here too (and are unlinked)
        pool = WorkerPool(cfg.workers, cfg.spec)
        await pool.start()
        state.update(pool=pool, private=private)
        log.info("service started: %d workers, upload limit %d bytes, time limit %g s, auth %s",
                 pool.size, cfg.max_upload, cfg.timeout, "on" if cfg.token else "off")
        try:
            yield
        finally:
            await pool.close()
            shutil.rmtree(private, ignore_errors=True)

    app = FastAPI(title="gongkai-screening", version=__version__, lifespan=lifespan,
                  description="政务公开发布前审查 — screen drafts for personal information and secrecy markings; "
                              "de-identify them. All answers follow the findings contract (schema_version 1).",
                  docs_url=None, redoc_url=None, openapi_url=None)  # docs UIs load scripts from a CDN: offline
    app.add_middleware(BodyLimit, limit=cfg.max_upload)
    bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <SCREENING_API_TOKEN>")
    expected = cfg.token.encode("utf-8") if cfg.token else None

    async def auth(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if expected is None:
            return
        given = creds.credentials.encode("utf-8") if creds and creds.scheme.lower() == "bearer" else b""
        if not hmac.compare_digest(given, expected):
            raise ApiError(401, "missing or wrong token (Authorization: Bearer <token>)",
                           headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.message, exc.headers, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "invalid request: " + "; ".join(str(e.get("msg")) for e in exc.errors()))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s", type(exc).__name__, request.url.path)
        return _error(500, f"internal error ({type(exc).__name__})")

    # -- helpers -------------------------------------------------------------------------------------------
    async def read_form(request: Request, files: tuple[str, ...], fields: tuple[str, ...] = ()
                        ) -> tuple[dict[str, UploadFile], dict[str, str]]:
        ctype = request.headers.get("content-type", "")
        if not ctype.lower().startswith("multipart/form-data"):
            raise ApiError(415, "send the document as multipart/form-data with the field 'file'")
        form = await request.form(max_files=len(files), max_fields=max(1, len(fields)) + 4)
        got_files: dict[str, UploadFile] = {}
        got_fields: dict[str, str] = {}
        for key in files:
            value = form.get(key)
            if isinstance(value, UploadFile):
                got_files[key] = value
            elif key in ("decisions",) and isinstance(value, str):
                got_fields[key] = value
            else:
                raise ApiError(400, f"multipart field {key!r} (a file upload) is missing")
        for key in fields:
            value = form.get(key)
            if isinstance(value, str):
                got_fields[key] = value
        return got_files, got_fields

    async def save(upload: UploadFile, directory: str, name: str) -> tuple[str, int, str]:
        path = os.path.join(directory, name)

        def copy() -> tuple[int, str]:
            h = hashlib.sha256()
            n = 0
            upload.file.seek(0)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                for chunk in iter(lambda: upload.file.read(1 << 20), b""):
                    h.update(chunk)
                    n += len(chunk)
                    out.write(chunk)
            return n, h.hexdigest()

        n, digest = await asyncio.to_thread(copy)
        return path, n, digest

    async def run_job(request: Request, kind: str, args: tuple[Any, ...]) -> Any:
        hooks = {"crash": request.headers.get("x-test-crash") == "1", "sleep": request.headers.get("x-test-sleep")}
        try:
            return await state["pool"].run(kind, args, timeout=cfg.timeout, hooks=hooks)
        except PoolError as exc:
            headers = {"Retry-After": "5"} if exc.status == 503 else None
            raise ApiError(exc.status, exc.message, headers=headers) from None

    def report_response(record: dict[str, Any]) -> Response:
        from screening.reports import iter_json

        result = result_from_record(record)
        body = "".join(iter_json([result])) + "\n"  # the CLI's own writer: byte-for-byte `scan --format json`
        status = 200 if result.status == "ok" else 422
        if status != 200:  # the reader's message (zip bomb, encrypted, corrupt) at top level too
            obj = json.loads(body)
            obj["error"] = result.error or "the document could not be read"
            return JSONResponse(obj, status_code=422)
        return Response(body, media_type="application/json")

    def request_dir() -> str:
        return tempfile.mkdtemp(dir=state["private"], prefix="r-")

    def log_line(what: str, t0: float, size: int, digest: str, **counts: Any) -> None:
        extra = " ".join(f"{k}={v}" for k, v in counts.items())
        log.info("%s bytes=%d sha256=%s ms=%.0f %s", what, size, digest[:12], (time.monotonic() - t0) * 1000, extra)

    # -- endpoints -----------------------------------------------------------------------------------------
    @app.get("/v1/health", tags=["service"], summary="Liveness and workers ready (no token needed)")
    async def health() -> JSONResponse:
        pool: WorkerPool | None = state.get("pool")
        ready = pool.ready if pool else 0
        body = {"status": "ok" if ready else "starting", "version": __version__, "workers": ready,
                "pool_size": pool.size if pool else 0, "idle": pool.idle if pool else 0,
                "replaced": pool.replaced if pool else 0}
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/v1/entities", tags=["reference"], dependencies=[Depends(auth)], responses=_ERRORS,
             summary="The entity types and their default severities")
    async def entities() -> dict[str, Any]:
        from screening.findings import ENTITY_TYPES, SCHEMA_VERSION

        return {"schema_version": SCHEMA_VERSION,
                "entity_types": [{"name": t.name, "label": t.label, "severity": t.severity.label,
                                  "family": t.family, "description": t.description}
                                 for t in ENTITY_TYPES.values()]}

    @app.post("/v1/scan", tags=["screening"], dependencies=[Depends(auth)], responses=_ERRORS,
              summary="Scan one document: the findings contract, as `screening scan FILE --format json`",
              openapi_extra={"requestBody": _SCAN_BODY})
    async def scan(request: Request) -> Response:
        t0 = time.monotonic()
        ctype = request.headers.get("content-type", "").lower()
        if ctype.startswith("application/json"):
            try:
                data = json.loads(await request.body())
            except (ValueError, UnicodeDecodeError):
                raise ApiError(400, "the body is not valid JSON") from None
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise ApiError(422, 'send {"text": "..."} (a JSON object with a string field "text")')
            name = data.get("name")
            name = safe_name(name) if isinstance(name, str) else "<text>"
            record = await run_job(request, "text", (data["text"], name))
            raw = data["text"].encode("utf-8", "surrogatepass")
            log_line("scan-text", t0, len(raw), hashlib.sha256(raw).hexdigest(), findings=len(record["findings"]))
            return report_response(record)
        files, _ = await read_form(request, ("file",))
        upload = files["file"]
        name = safe_name(upload.filename)
        directory = request_dir()
        try:
            path, size, digest = await save(upload, directory, name)
            record = await run_job(request, "scan", (path, name, cfg.limits))
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            await upload.close()
        log_line("scan", t0, size, digest, status=record["status"], findings=len(record["findings"]))
        return report_response(record)

    @app.post("/v1/redact", tags=["screening"], dependencies=[Depends(auth)], responses=_ERRORS,
              summary="De-identify one document: the redacted file (base64) and the redaction log",
              openapi_extra={"requestBody": _REDACT_BODY})
    async def redact(request: Request) -> JSONResponse:
        t0 = time.monotonic()
        files, fields = await read_form(request, ("file",), ("policy",))
        upload = files["file"]
        name = safe_name(upload.filename)
        policy = fields.get("policy") or request.query_params.get("policy") or "publication"
        directory = request_dir()
        try:
            path, size, digest = await save(upload, directory, name)
            out_dir = os.path.join(directory, "out")
            os.mkdir(out_dir, 0o700)
            reply = await run_job(request, "redact", (path, name, policy, out_dir))
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            await upload.close()
        content: bytes | None = reply.pop("content")
        log_line("redact", t0, size, digest, ok=reply["ok"], out_bytes=len(content or b""),
                 changes=reply["log"]["summary"]["changes"])
        body = {"schema_version": 1, "filename": name if content is not None else None,
                "ok": reply["ok"], "blocked": reply["blocked"], "publishable": reply["ok"] and not reply["blocked"],
                "content_base64": base64.b64encode(content).decode("ascii") if content is not None else None,
                "log": reply["log"]}
        if not reply["ok"]:
            body["error"] = reply["error"] or "the document could not be redacted"
            return JSONResponse(body, status_code=422)
        return JSONResponse(body)

    @app.post("/v1/check", tags=["screening"], dependencies=[Depends(auth)], responses={**_ERRORS, "501": _ERR},
              summary="The review gate: a document and its reviewer decisions",
              openapi_extra={"requestBody": _CHECK_BODY})
    async def check(request: Request) -> JSONResponse:
        t0 = time.monotonic()
        files, fields = await read_form(request, ("file", "decisions"))
        upload = files["file"]
        name = safe_name(upload.filename)
        directory = request_dir()
        try:
            path, size, digest = await save(upload, directory, name)
            dec_path = os.path.join(directory, ".decisions.json")
            if "decisions" in files:
                await save(files["decisions"], directory, ".decisions.json")
            else:
                Path(dec_path).write_text(fields.get("decisions", ""), encoding="utf-8")
            reply = await run_job(request, "check", (path, name, dec_path, cfg.limits))
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            await upload.close()
            if "decisions" in files:
                await files["decisions"].close()
        log_line("check", t0, size, digest)
        return JSONResponse(reply)

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(auth)])
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    return app


def serve(config: ServiceConfig, host: str = "127.0.0.1", port: int = 8765, log_level: str = "info") -> None:
    """Run the service under uvicorn until interrupted (one server process; the pool uses the cores)."""
    import uvicorn

    logging.basicConfig(force=True, level=getattr(logging, log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("python_multipart").setLevel(logging.ERROR)  # its warnings quote bytes of the body
    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level, access_log=False,
                timeout_graceful_shutdown=10)
