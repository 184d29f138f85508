"""The HTTP API for portals: JSON in, findings out. A thin shell over :class:`compliance.Engine`.

Endpoints (OpenAPI document at ``/openapi.json``):

* ``GET /health`` — liveness, version, rule count (never needs a token);
* ``POST /v1/check`` — body: one report object, or ``{"documents": [report, …], "as_of": "YYYY-MM-DD"}``;
  answers the findings JSON (``schemas/findings.schema.json``), or 422 when a report is invalid;
* ``POST /v1/check/xlsx`` — body: the bytes of one filled report form (``.xlsx``, sent as
  ``application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`` or
  ``application/octet-stream``), ``?as_of=YYYY-MM-DD&name=bao-cao.xlsx`` (the name is only used in
  messages); answers as ``/v1/check``, and a problem of the workbook names its ``cell``
  (docs/intake.md);
* ``GET /v1/rules`` — the rules loaded, with their citations;
* ``GET /v1/schemas/{name}`` — ``report``, ``findings`` or ``rule-pack``.

Requests larger than ``max_bytes`` are refused with 413 before they are read in full. When a
token is configured every ``/v1`` request needs ``Authorization: Bearer <token>``. The CLI binds
to 127.0.0.1 unless told otherwise.

A body that is not UTF-8 JSON is refused with 400 (``body-not-utf8``), one not sent as JSON
(``text/plain``, a YAML file) with 415 (``body-not-json``), a ``Content-Length`` that is not a
number of bytes with 400 (``bad-content-length``).

Every refusal the service makes itself (400, 401, 404, 405, 413, 415, 422) has one shape, built by
:class:`Refusal` from :class:`~compliance.errors.Problem` s:
``{"problems": [{"code", "file", "line", "column", "pointer", "message": {"vi", "en"}, "fix": {"vi", "en"}}]}``
(and ``"cell"`` for a problem in a workbook).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from compliance import __version__
from compliance.engine import Engine, today
from compliance.errors import Code, InputError, Location, Problem, ReportError
from compliance.findings import CheckResult
from compliance.loading import load_report_bytes
from compliance.messages import problem
from compliance.portfolio import build_document
from compliance.schemas import SCHEMAS, build_schema
from compliance.web import Jobs
from compliance.web import router as web_router

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Refusal(Exception):
    """A request the service refuses: the HTTP status and the problems that say why."""

    def __init__(self, status: int, problems: Iterable[Problem]) -> None:
        self.status = status
        self.problems = tuple(problems)
        super().__init__(status)

    def response(self) -> Response:
        """The one shape of every error the service answers (the place to change it)."""
        body = {"problems": [p.as_dict() for p in self.problems]}
        return Response(json.dumps(body, ensure_ascii=False), self.status, media_type="application/json")


def _refused(status: int, code: Code, pointer: str | None = None, **values: object) -> Refusal:
    return Refusal(status, [problem(code, at=Location("<request>", pointer=pointer), **values)])


def create_app(
    engine: Engine, *, token: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, store: Path | None = None
) -> FastAPI:
    app = FastAPI(
        title="compliance",
        version=__version__,
        description="Kiểm tra báo cáo của nhà trường theo kế hoạch của ngành giáo dục / "
        "Check school reports against education plans.",
        docs_url=None,  # the interactive pages load scripts from a CDN; the OpenAPI JSON is served
        redoc_url=None,
    )

    @app.exception_handler(Refusal)
    async def refused(request: Request, exc: Refusal) -> Response:
        return exc.response()

    @app.exception_handler(InputError)
    async def invalid(request: Request, exc: InputError) -> Response:
        return Refusal(422, exc.problems).response()

    @app.exception_handler(RequestValidationError)
    async def malformed(request: Request, exc: RequestValidationError) -> Response:
        """FastAPI's own request checks answer in the same shape as every other refusal."""
        problems = []
        for error in exc.errors():
            where = [str(part) for part in error.get("loc", ())]
            pointer = "/" + "/".join(where[1:]) if len(where) > 1 else ""
            if where[:1] == ["body"] and error.get("type") in ("json_invalid", "missing"):
                problems.append(problem(Code.BODY_NOT_JSON, at=Location("<request>", pointer=pointer)))
            elif where[-1:] == ["as_of"]:
                problems.append(problem(Code.BAD_AS_OF, at=Location("<request>", pointer="/as_of")))
            else:
                problems.append(
                    problem(
                        Code.REQUEST_INVALID, at=Location("<request>", pointer=pointer), where=".".join(where)
                    )
                )
        return Refusal(422, problems).response()

    @app.exception_handler(StarletteHTTPException)
    async def not_served(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if exc.status_code == 405:
            return _refused(405, Code.METHOD_NOT_ALLOWED, path=path, method=request.method).response()
        if exc.status_code == 404:
            return _refused(404, Code.NO_SUCH_ENDPOINT, path=path).response()
        if exc.status_code == 400:  # FastAPI's "error parsing the body": still the one shape
            return _refused(400, Code.BODY_NOT_JSON).response()
        return Response(status_code=exc.status_code, headers=exc.headers)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        declared = request.headers.get("content-length")
        if declared is not None and not (declared.isascii() and declared.isdigit()):
            shown = declared if len(declared) <= 40 else declared[:39] + "…"
            return _refused(400, Code.BAD_CONTENT_LENGTH, value=shown).response()
        if declared is not None and int(declared) > max_bytes:
            return _too_large(max_bytes)
        if token is not None and request.url.path.startswith("/v1"):
            sent = request.headers.get("authorization", "")
            if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
                return _refused(401, Code.UNAUTHORIZED).response()
        return await call_next(request)

    app.add_middleware(_BodyLimit, max_bytes=max_bytes)

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "engine": engine.engine_name,
            "rules": len(engine.rules),
        }

    @app.post("/v1/check")
    def check(payload: Any = Body(...), as_of: dt.date | None = None) -> Response:  # noqa: B008 - FastAPI idiom
        if isinstance(payload, dict) and "documents" in payload and "kind" not in payload:
            documents = payload["documents"]
            as_of = as_of or _date(payload.get("as_of"))
        else:
            documents = [payload]
        if isinstance(payload, bytes | str):  # not sent as JSON (text/plain, a YAML file): not read
            raise _refused(415, Code.BODY_NOT_JSON)
        if not isinstance(documents, list) or not all(isinstance(d, dict) for d in documents):
            raise _refused(422, Code.NOT_A_DOCUMENT_LIST, "/documents")
        result = engine.check(documents, as_of=as_of or today())  # InputError: 422, see invalid()
        return Response(result.model_dump_json(), media_type="application/json")

    @app.post("/v1/check/xlsx")
    async def check_xlsx(
        request: Request, as_of: dt.date | None = None, name: str = "bao-cao.xlsx"
    ) -> Response:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in (XLSX_TYPE, "application/octet-stream"):
            raise _refused(415, Code.BODY_NOT_XLSX, type=kind or "-")
        body = await request.body()
        result = await run_in_threadpool(_check_workbook, engine, body, name, as_of or today())
        return Response(result.model_dump_json(), media_type="application/json")

    @app.get("/v1/rules")
    def rules() -> list[dict[str, Any]]:
        return [
            {
                "id": r.id,
                "pack": r.pack,
                "kind": r.kind,
                "severity": r.severity.value,
                "title": r.title.model_dump(),
                "source": {
                    "document": r.source.document,
                    "section": r.source.section,
                    "quote": r.source.quote,
                },
            }
            for r in engine.rules
        ]

    @app.get("/v1/schemas/{name}")
    def schema(name: str) -> dict[str, Any]:
        if name not in SCHEMAS:
            raise _refused(404, Code.UNKNOWN_SCHEMA, name=name, known=", ".join(SCHEMAS))
        return build_schema(name)

    app.include_router(web_router(engine, jobs=Jobs(), store=store, token=token))  # the web page
    return app


class _BodyLimit:
    """Reads the request body before the application does, counting bytes as they arrive
    (chunked uploads have no Content-Length), and answers 413 as soon as the limit is passed."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await _too_large(self.max_bytes)(scope, receive, send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if (offset := _not_utf8(scope, body)) is not None:
            await _refused(400, Code.BODY_NOT_UTF8, offset=offset).response()(scope, receive, send)
            return
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _not_utf8(scope: Any, body: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8 in a JSON body (or one with no type, which
    FastAPI reads as JSON), else None. A body in UTF-16 or UTF-32, which JSON's decoder detects,
    is left to it."""
    types = [value for name, value in scope.get("headers", ()) if name == b"content-type"]
    kind = types[0].split(b";")[0].strip().lower() if types else b""
    if kind and not (kind.startswith(b"application/") and kind.endswith((b"/json", b"+json"))):
        return None
    if json.detect_encoding(body) != "utf-8":
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _check_workbook(engine: Engine, body: bytes, name: str, as_of: dt.date) -> CheckResult:
    """The findings of one uploaded workbook; InputError (422) when it cannot be read or is invalid."""
    loaded = load_report_bytes(body, name=name[:200], error=ReportError)
    return engine.check([build_document(loaded)], as_of=as_of)


def _too_large(max_bytes: int) -> Response:
    return _refused(413, Code.REQUEST_TOO_LARGE, limit=max_bytes).response()


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _refused(422, Code.BAD_AS_OF, "/as_of") from None
