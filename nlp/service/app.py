"""HTTP API and the drafting-stage web page: one classifier loaded at start, the same decision as
``predict.py`` (``DisclosureClassifier``), for an OA system or a clerk's browser.

Endpoints (see ``/docs``, served from bundled files, no CDN):

- ``POST /v1/check`` — one draft, as JSON ``{"text": ..., "id"?: ...}`` or a multipart upload
  (field ``file``: .txt/.docx/.pdf, also .html/.ofd; optional field ``id``) → the pipeline record
  plus ``text_normalised`` (the text every evidence offset refers to) and ``confidence``.
- ``POST /v1/batch`` — a JSON list of ``{"id", "text"}`` (at most ``max_batch``) → a list of
  records in the same order; a bad item gets a record with ``error`` and the others go on.
- ``GET /health`` and ``GET /v1/labels`` (labels, 附注 lines, reason codes with their article).

Errors are JSON ``{"detail": message, "code": machine-readable code}``: 400 malformed JSON,
413 request too large, 415 unsupported content or file type, 422 empty text / unreadable file /
invalid request, 504 classification timed out. Document text is never logged unless
``log_text=True``; each request logs id, length, label and latency.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from ..articles import REGULATION, article_text
from ..labels import LABEL_IDS, LABELS, NOTE_LINES, REASON_CODES
from ..pipeline import DisclosureClassifier, error_record
from ..readers import SUPPORTED_EXTENSIONS, ReadError
from ..readers.formats import extract
from ..text import prepare

log = logging.getLogger("nlp.service")

STATIC_DIR = Path(__file__).resolve().parent / "static"
API_VERSION = "1"
#: the page and the docs load nothing from outside the service
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def _error(status: int, code: str, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code}, status_code=status)


# ---------------------------------------------------------------- schemas (documentation only)
class CheckRequest(BaseModel):
    text: str = Field(..., description="公文全文（草稿）", examples=["关于申请拨付乡村道路建设资金的请示\n县人民政府：\n……妥否，请批示。"])
    id: str | None = Field(None, description="调用方的文档编号，原样返回；缺省时由服务生成")


class Basis(BaseModel):
    code: str
    citation: str = Field(..., description="例：《中华人民共和国政府信息公开条例》第十六条第二款")
    text: str = Field(..., description="条文")
    source: str = Field(..., description="official（条例原文）或 summary（内置摘要）")


class Evidence(BaseModel):
    start: int = Field(..., description="在 text_normalised 中的起始偏移（字符）")
    end: int
    text: str
    code: str
    source: str = Field(..., description="检测器名，或 model")


class CheckRecord(BaseModel):
    id: str
    label: str | None = Field(None, description="主动公开 / 依申请公开 / 不予公开；出错时为 null")
    confidence: float | None = None
    probabilities: dict[str, float]
    codes: list[str] = Field(..., description="理由代码，主要理由在前")
    basis: Basis | None = None
    note_line: str | None = Field(None, description="附注，例：（此件依申请公开）")
    evidence: list[Evidence]
    text_normalised: str | None = None
    needs_review: bool
    review_reasons: list[str] = []
    decided_by: str | None = None
    doc_type: str | None = None
    title: str | None = None
    markers_removed: list[str] = []
    chars: int | None = None
    model_version: str | None = None
    source: str | None = None
    error: str | None = None


class BatchItem(BaseModel):
    id: str | None = None
    text: str


class ErrorBody(BaseModel):
    detail: str
    code: str = Field(..., description="invalid_json, invalid_request, empty_text, too_large, too_many_items, "
                                       "unsupported_media_type, unsupported_file_type, unreadable_file, timeout, internal")


class Health(BaseModel):
    status: str
    model_version: str
    api_version: str


_ERRORS = {s: {"model": ErrorBody, "description": d} for s, d in [
    (400, "malformed JSON"), (413, "request larger than the service's limit"),
    (415, "unsupported Content-Type or file type"), (422, "empty text, unreadable file or invalid request"),
    (504, "classification took longer than the service's timeout")]}

_CHECK_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": CheckRequest.model_json_schema()},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "公文文件：.txt（UTF-8/GB18030/UTF-16）、.docx、.pdf（文字层）、.html、.ofd"},
        "id": {"type": "string", "description": "文档编号（可选）"}}}}}}}

_BATCH_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "array", "items": BatchItem.model_json_schema(), "maxItems": 100}}}}}


# ---------------------------------------------------------------- middleware
class _BodyLimit:
    """413 for a request body over ``max_bytes``: at once from Content-Length, else while the
    body streams in (chunked uploads), before the endpoint reads it all."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return await self._reject(scope, send, int(length))
        received, started = 0, False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise ApiError(413, "too_large", f"request body over the limit of {self.max_bytes} bytes")
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except ApiError as e:
            if started or e.status != 413:
                raise
            await self._reject(scope, send, received)

    async def _reject(self, scope, send, size: int):
        log.warning("rejected request body of %d bytes (limit %d)", size, self.max_bytes)

        async def no_body():
            return {"type": "http.disconnect"}

        await _error(413, "too_large", f"request body over the limit of {self.max_bytes} bytes")(scope, no_body, send)


# ---------------------------------------------------------------- the app
def create_app(model_path: str | Path | None = None, policy_path: str | Path | None = None, log_text: bool = False,
               max_bytes: int = 5_000_000, timeout_s: float = 10, max_batch: int = 100,
               workers: int | None = None) -> FastAPI:
    """The service: loads ``DisclosureClassifier.from_pretrained(model_path, policy_path)`` once.

    ``max_bytes`` caps a request body (413), ``timeout_s`` one request's extraction and
    classification (504), ``max_batch`` the items of ``/v1/batch``; ``workers`` threads classify
    (default: the CPU count, at most 4). ``log_text`` adds the document text to the logs."""
    t0 = time.perf_counter()
    classifier = DisclosureClassifier.from_pretrained(model_path, policy_path)
    classifier.classify_texts(["关于机关值班安排的通知\n机关各科室：\n请按时到岗。"])  # jieba and caches warm
    log.info("model %s loaded in %.2f s", classifier.version, time.perf_counter() - t0)
    pool: dict[str, ThreadPoolExecutor | None] = {"executor": None}

    def executor() -> ThreadPoolExecutor:  # one per server run: lifespan may start again (tests)
        if pool["executor"] is None:
            pool["executor"] = ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1),
                                                  thread_name_prefix="classify")
        return pool["executor"]

    @asynccontextmanager
    async def lifespan(app):
        executor()
        yield
        running, pool["executor"] = pool["executor"], None
        if running is not None:
            running.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="公文公开属性预检 API", version=API_VERSION, lifespan=lifespan,
        description="Decides the disclosure attribute (主动公开 / 依申请公开 / 不予公开) of a draft 公文 "
                    "with the reason code, the article of 《政府信息公开条例》, the evidence and a review flag. "
                    "The system proposes; a person confirms every non-public decision.",
        docs_url=None, redoc_url=None,  # FastAPI's pages load Swagger/ReDoc from a CDN: /docs is bundled
    )
    app.state.classifier = classifier
    app.state.settings = {"log_text": log_text, "max_bytes": max_bytes, "timeout_s": timeout_s, "max_batch": max_batch}
    app.add_middleware(_BodyLimit, max_bytes=max_bytes)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("Cache-Control", "no-cache")
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, e: ApiError):
        return _error(e.status, e.code, e.detail)

    async def run_limited(fn, *args):
        future = asyncio.get_running_loop().run_in_executor(executor(), fn, *args)
        try:
            return await asyncio.wait_for(future, timeout_s)
        except asyncio.TimeoutError:
            raise ApiError(504, "timeout", f"classification took longer than {timeout_s:g} s") from None

    def describe(e: Exception) -> str:
        return f"{type(e).__name__}: {e}" if log_text else type(e).__name__

    # -------------------------------------------------------------- /v1/check
    def check_job(doc_id: str, text: str | None, data: bytes | None, ext: str | None, source: str) -> dict:
        if data is not None:
            try:
                text = extract(data, ext)
            except ReadError as e:
                code = "empty_text" if str(e) == "empty document" else "unreadable_file"
                raise ApiError(422, code, f"cannot read {source}: {e}") from None
        if not text or not text.strip():
            raise ApiError(422, "empty_text", "the document has no text")
        normalised, _ = prepare(text)
        if not normalised.strip():
            raise ApiError(422, "empty_text", "the document has no text once disclosure markers are removed")
        record = classifier.classify_texts([text], [doc_id])[0]
        return _finish(record, normalised, source)

    @app.post("/v1/check", summary="Check one draft (JSON text or an uploaded file)", tags=["check"],
              response_model=None, openapi_extra=_CHECK_BODY, responses={200: {"model": CheckRecord}, **_ERRORS},
              description="JSON `{\"text\": \"…\", \"id\": \"…\"}`, or multipart/form-data with `file` "
                          "(.txt/.docx/.pdf; .html/.ofd too) and optional `id`. Evidence offsets refer to "
                          "`text_normalised` in the response.")
    async def check(request: Request):
        t0 = time.perf_counter()
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        data = ext = text = None
        if ctype == "application/json" or ctype.endswith("+json"):
            body = _json_body(await request.body())
            if not isinstance(body, dict):
                raise ApiError(422, "invalid_request", 'expected a JSON object {"text": ..., "id": ...}')
            text, doc_id = body.get("text"), _id(body.get("id"))
            if not isinstance(text, str):
                raise ApiError(422, "invalid_request", 'field "text" (a string) is required')
            if not text.strip():
                raise ApiError(422, "empty_text", 'field "text" is empty')
            source = "text"
        elif ctype == "multipart/form-data":
            try:
                form = await request.form(max_files=1, max_fields=8)
            except ApiError:
                raise
            except Exception as e:  # noqa: BLE001 - malformed multipart
                raise ApiError(400, "invalid_request", f"malformed multipart body: {type(e).__name__}") from None
            upload, doc_id = form.get("file"), _id(form.get("id"))
            if upload is None or isinstance(upload, str):
                if isinstance(form.get("text"), str) and form["text"].strip():
                    text, source = form["text"], "text"
                else:
                    raise ApiError(422, "invalid_request", 'multipart field "file" (a file) is required')
            else:
                source = upload.filename or "upload"
                ext = Path(source).suffix.lower()
                if ext not in SUPPORTED_EXTENSIONS:
                    raise ApiError(415, "unsupported_file_type", f"unsupported file type {ext or '(no extension)'}; "
                                   f"supported: {', '.join(sorted(SUPPORTED_EXTENSIONS))}")
                data = await upload.read()
                if not data:
                    raise ApiError(422, "empty_text", f"{source} is empty")
        else:
            raise ApiError(415, "unsupported_media_type",
                           f"Content-Type {ctype or '(none)'} not supported; send application/json or multipart/form-data")
        try:
            record = await run_limited(check_job, doc_id, text, data, ext, source)
        except ApiError as e:
            log.info("check id=%s source=%s status=%d code=%s latency_ms=%.0f", doc_id, _src(source), e.status, e.code,
                     (time.perf_counter() - t0) * 1000)
            raise
        except Exception as e:  # noqa: BLE001
            log.error("check id=%s failed: %s", doc_id, describe(e))
            raise ApiError(500, "internal", "classification failed") from None
        _log_record(record, t0, log_text)
        return record

    # -------------------------------------------------------------- /v1/batch
    def batch_job(items: list[tuple[int, str, str]]) -> dict[int, dict]:
        out: dict[int, dict] = {}
        try:
            records = classifier.classify_texts([t for _, _, t in items], [i for _, i, _ in items])
        except Exception:  # noqa: BLE001 - isolate the failing item, as the pipeline does
            records = []
            for _, doc_id, text in items:
                try:
                    records += classifier.classify_texts([text], [doc_id])
                except Exception as e:  # noqa: BLE001
                    log.error("batch item id=%s failed: %s", doc_id, describe(e))
                    records.append(error_record(doc_id, "classification failed"))
        for (k, _, text), record in zip(items, records):
            out[k] = _finish(record, prepare(text)[0] if record.get("error") is None else None, "text")
        return out

    @app.post("/v1/batch", summary="Check up to max_batch drafts", tags=["check"], response_model=None,
              openapi_extra=_BATCH_BODY, responses={200: {"model": list[CheckRecord]}, **_ERRORS},
              description="A JSON list of `{\"id\", \"text\"}` → the records in the same order. An item "
                          "without usable text gets a record with `error` (label null); the rest are decided.")
    async def batch(request: Request):
        t0 = time.perf_counter()
        body = _json_body(await request.body())
        if isinstance(body, dict) and isinstance(body.get("items"), list):
            body = body["items"]
        if not isinstance(body, list):
            raise ApiError(422, "invalid_request", 'expected a JSON list of {"id": ..., "text": ...}')
        if len(body) > max_batch:
            raise ApiError(422, "too_many_items", f"{len(body)} items; at most {max_batch} per request")
        results: list[dict | None] = [None] * len(body)
        todo = []
        for k, item in enumerate(body):
            try:
                doc_id = _id(item.get("id") if isinstance(item, dict) else None, default=str(k))
            except ApiError as e:
                results[k] = error_record(str(k), e.detail)
                continue
            text = item.get("text") if isinstance(item, dict) else None
            if not isinstance(item, dict):
                results[k] = error_record(doc_id, 'item is not an object {"id": ..., "text": ...}')
            elif not isinstance(text, str):
                results[k] = error_record(doc_id, 'field "text" (a string) is required')
            elif not prepare(text)[0].strip():
                results[k] = error_record(doc_id, "empty text")
            else:
                todo.append((k, doc_id, text))
        if todo:
            try:
                done = await run_limited(batch_job, todo)
            except ApiError:
                log.info("batch items=%d status=504 latency_ms=%.0f", len(body), (time.perf_counter() - t0) * 1000)
                raise
            for k, record in done.items():
                results[k] = record
        for r in results:
            r.setdefault("source", "text")
            if r.get("error") is None:
                _log_record(r, None, log_text, prefix="batch item")
        log.info("batch items=%d errors=%d latency_ms=%.0f", len(body), sum(r.get("error") is not None for r in results),
                 (time.perf_counter() - t0) * 1000)
        return results

    # -------------------------------------------------------------- reference and health
    @app.get("/health", summary="Liveness and the loaded model", tags=["service"], response_model=Health)
    async def health():
        return {"status": "ok", "model_version": classifier.version, "api_version": API_VERSION}

    @app.get("/v1/labels", summary="Labels, 附注 lines and reason codes with their article", tags=["reference"])
    async def labels():
        return labels_payload()

    # -------------------------------------------------------------- page and docs
    @app.get("/", include_in_schema=False)
    async def index():
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return FileResponse(STATIC_DIR / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def labels_payload() -> dict:
    codes = []
    for code, r in REASON_CODES.items():
        text, source = article_text(r.article_no)
        codes.append({"code": code, "label": r.label, "article": r.article, "citation": f"{REGULATION}{r.article}",
                      "when": r.when, "article_text": text, "article_source": source})
    return {"labels": [{"label": l, "id": LABEL_IDS[l], "note_line": NOTE_LINES[l]} for l in LABELS],
            "reason_codes": codes}


def _finish(record: dict, normalised: str | None, source: str) -> dict:
    record = dict(record)
    if record.get("error") is None:
        record["text_normalised"] = normalised
        record["confidence"] = record["probabilities"].get(record["label"])
    record["source"] = source
    return record


def _json_body(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, ValueError) as e:
        raise ApiError(400, "invalid_json", f"malformed JSON: {type(e).__name__} at {getattr(e, 'pos', '?')}") from None


def _id(value, default: str | None = None) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default or uuid.uuid4().hex[:12]
    if not isinstance(value, (str, int)):
        raise ApiError(422, "invalid_request", 'field "id" must be a string or an integer')
    return str(value)[:200]


def _src(source: str) -> str:
    """A file name is no document text, but keep it short in the logs."""
    return source if len(source) <= 80 else source[:77] + "..."


def _log_record(record: dict, t0: float | None, log_text: bool, prefix: str = "check") -> None:
    latency = f" latency_ms={(time.perf_counter() - t0) * 1000:.0f}" if t0 is not None else ""
    log.info("%s id=%s source=%s chars=%s label=%s codes=%s needs_review=%s%s", prefix, record.get("id"),
             _src(record.get("source") or ""), record.get("chars"), record.get("label"),
             ",".join(record.get("codes") or []), record.get("needs_review"), latency)
    if log_text:
        log.info("%s id=%s text=%r", prefix, record.get("id"), record.get("text_normalised"))
