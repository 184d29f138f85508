"""The routes of the service and its OpenAPI document (the contract: docs/http.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Annotated, Any, Literal, TypeVar, get_args

from fastapi import FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, WithJsonSchema
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from compliance import __version__, reporters
from compliance.engine import Engine, today
from compliance.errors import Code, InputError, Location, Problem, ReportError
from compliance.findings import CheckResult
from compliance.i18n import Text
from compliance.loading import load_report_bytes, load_text, shown
from compliance.messages import problem
from compliance.portfolio import build_document
from compliance.schemas import SCHEMAS, build_schema
from compliance.server.guard import Guard, request_id_of
from compliance.server.jobs import Job, Jobs, JobsFull
from compliance.server.metrics import CONTENT_TYPE as METRICS_TYPE
from compliance.server.metrics import Metrics
from compliance.server.problems import (
    PROBLEM_TYPE,
    ProblemDetails,
    Refusal,
    problem_response,
    refused,
)
from compliance.server.reading import as_of_date, check_json
from compliance.web import router as web_router

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_BODY_TIMEOUT = 30.0
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}
RETRY_AFTER = 1  # seconds: what a busy service asks a client to wait

# the media type of each report format (GET /v1/audits/{id}, POST /v1/audit)
MEDIA: dict[str, str] = {
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": XLSX_TYPE,
    "csv": "text/csv; charset=utf-8",
    "sarif": "application/sarif+json",
    "sarif-all": "application/sarif+json",
    "junit": "application/xml",
    "junit-ant": "application/xml",
}
ReportFormat = Literal["json", "text", "html", "xlsx", "csv", "sarif", "sarif-all", "junit", "junit-ant"]
Lang = Literal["vi", "en"]
T = TypeVar("T")
# read by reading.as_of_date, not by FastAPI: a date that does not exist (2024-02-30) or a year
# outside 1900-2100 is refused as the CLI refuses it, in both languages
AsOf = Annotated[
    Annotated[str, WithJsonSchema({"type": "string", "format": "date"})] | None,
    Query(description="ngày xét / as of, YYYY-MM-DD (1900–2100)"),
]


# ----------------------------------------------------------------------------- response models


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    engine: str
    rules: int


class Ready(BaseModel):
    status: Literal["ready"]
    rules: int
    packs: int


class AuditJob(BaseModel):
    """An audit that runs after its request was answered."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    created: str = Field(description="ISO 8601, UTC")
    location: str = Field(description="GET this address for the status, then the result")


class Citation(BaseModel):
    document: str
    section: str
    quote: str
    plan: dict[str, str] | None = None


class RuleSummary(BaseModel):
    id: str
    pack: str
    kind: str
    severity: str
    title: dict[str, str]
    source: Citation


class RuleDetail(RuleSummary):
    remediation: dict[str, str]
    applies_to: dict[str, Any] = Field(description="loại đơn vị, cấp học / unit types, levels")
    parameters: dict[str, Any] = Field(description="tham số của phép kiểm tra / the check's parameters")


# ----------------------------------------------------------------------------- the application


class _Limiter:
    """At most ``running`` evaluations at once in worker threads, ``waiting`` more queued (their
    threads blocked, holding no lock the event loop needs); one more is refused (503), never
    queued without bound. Few running threads keep the event loop answering (``/health``): a
    thread that evaluates holds the interpreter lock, and the loop waits its turn for it."""

    def __init__(self, running: int, waiting: int) -> None:
        self.running = running
        self.limit = running + waiting
        self._admitted = 0
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(running)

    def acquire(self) -> bool:
        """Admit one more evaluation (running or waiting), or False when full."""
        with self._lock:
            if self._admitted >= self.limit:
                return False
            self._admitted += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._admitted -= 1

    def run(self, work: Callable[[], T]) -> T:
        """``work`` in this (worker) thread once one of the ``running`` slots is free."""
        with self._slots:
            return work()


def create_app(
    engine: Engine,
    *,
    token: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_concurrent: int = 2,
    max_queue: int = 32,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    audit_inline_files: int = 20,
    store: Path | None = None,
    jobs: Jobs | None = None,
) -> FastAPI:
    """The service over ``engine``. ``max_concurrent`` evaluations at once and ``max_queue``
    waiting (one more: 503 with ``Retry-After``); an audit of more than ``audit_inline_files`` files runs as a job (202);
    ``store``: the audit store, for the web page."""
    app = FastAPI(
        title="compliance",
        version=__version__,
        description="Kiểm tra báo cáo của nhà trường theo kế hoạch của ngành giáo dục / "
        "Check school reports against education plans. Mọi lỗi / every error: "
        "application/problem+json (RFC 9457), docs/http.md.",
        docs_url=None,  # the interactive pages load scripts from a CDN; the OpenAPI JSON is served
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.jobs = jobs if jobs is not None else Jobs()
    app.state.store = store
    metrics = Metrics()
    app.state.metrics = metrics
    limiter = _Limiter(max(1, max_concurrent), max(0, max_queue))
    app.state.limiter = limiter

    def answer(result: CheckResult) -> CheckResult:
        metrics.findings_counted(result.summary.by_status)
        return result

    def findings_json(result: CheckResult) -> str:
        """The findings JSON, written in the worker thread too (it is most of the work)."""
        return answer(result).model_dump_json()

    async def evaluate(work: Callable[[], T]) -> T:
        """``work`` in a worker thread (never on the event loop), within the concurrency limit."""
        if not limiter.acquire():
            raise refused(
                503,
                Code.SERVER_BUSY,
                headers={"Retry-After": str(RETRY_AFTER)},
                limit=limiter.limit,
                retry=RETRY_AFTER,
            )
        try:
            return await run_in_threadpool(limiter.run, work)
        finally:
            limiter.release()

    _handlers(app)

    @app.get("/health", tags=["service"], response_model=Health, responses=_common())
    async def health() -> dict[str, Any]:
        """Liveness: the process answers (never needs a token, never waits for an evaluation)."""
        return {
            "status": "ok",
            "version": __version__,
            "engine": engine.engine_name,
            "rules": len(engine.rules),
        }

    @app.get(
        "/ready",
        tags=["service"],
        response_model=Ready,
        responses={**_common(), 503: problem_response("no rule is loaded")},
    )
    async def ready() -> dict[str, Any]:
        """Readiness: the rules are compiled and the service takes requests."""
        if not engine.rules:
            raise refused(503, Code.NOT_READY)
        return {"status": "ready", "rules": len(engine.rules), "packs": len(engine.program.packs)}

    @app.get(
        "/metrics",
        tags=["service"],
        response_class=Response,
        responses={
            200: {
                "description": "Prometheus text format",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            },
            **_common(),
        },
    )
    async def metrics_page() -> Response:
        return Response(metrics.render(), media_type=METRICS_TYPE)

    @app.post(
        "/v1/check",
        tags=["check"],
        response_class=JSONResponse,
        openapi_extra={"requestBody": _CHECK_BODY},
        responses={**_findings_ok(), **_v1(), **_body_errors()},
    )
    async def check(request: Request, as_of: AsOf = None) -> Response:
        """One portfolio: a report (JSON), ``{"documents": [...], "as_of"}``, or report files
        uploaded as ``multipart/form-data`` (field ``files``: .yaml, .yml, .json, .xlsx). A JSON
        body is loaded as the CLI loads a .json file (:mod:`.reading`)."""
        kind = _media_type(request)
        if kind == "multipart/form-data":
            asked = as_of_date(as_of, blank=False)
            uploads, form_as_of = await _uploads(request, "files")
            stated = as_of_date(form_as_of)  # checked even when the query's wins
            when = asked or stated or today()
            text = await evaluate(
                lambda: findings_json(engine.check_documents(_documents(uploads), as_of=when))
            )
        elif kind in {"", "application/json"} or kind.endswith("+json"):
            asked = as_of_date(as_of, blank=False)
            body = await request.body()
            text = await evaluate(lambda: findings_json(check_json(engine, body, asked)))
        else:
            raise refused(415, Code.BODY_NOT_JSON)
        return _json(text)

    @app.post(
        "/v1/check/xlsx",
        tags=["check"],
        response_class=JSONResponse,
        openapi_extra={"requestBody": _XLSX_BODY},
        responses={**_findings_ok(), **_v1(), **_body_errors()},
    )
    async def check_xlsx(
        request: Request,
        as_of: AsOf = None,
        name: str = Query(
            "bao-cao.xlsx", max_length=200, description="tên tệp trong thông báo / the name in messages"
        ),
    ) -> Response:
        """The bytes of one filled report form (.xlsx)."""
        kind = _media_type(request)
        if kind not in (XLSX_TYPE, "application/octet-stream"):
            raise refused(415, Code.BODY_NOT_XLSX, type=kind or "-")
        when = as_of_date(as_of, blank=False) or today()
        body = await request.body()
        upload = (name or "bao-cao.xlsx", body)
        text = await evaluate(
            lambda: findings_json(engine.check_documents(_documents([upload], xlsx=True), as_of=when))
        )
        return _json(text)

    @app.post(
        "/v1/audit",
        tags=["audit"],
        response_class=Response,
        openapi_extra={"requestBody": _AUDIT_BODY},
        responses={
            **_report_ok("the audit, in the format asked for"),
            202: {
                "description": "a large audit: a job; GET its Location",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditJob"}}},
                "headers": {"Location": {"schema": {"type": "string"}}, **_ID_HEADER},
            },
            **_v1(),
            **_body_errors(),
        },
    )
    async def audit(
        request: Request,
        as_of: AsOf = None,
        format: ReportFormat | None = None,
        lang: Lang = "vi",
    ) -> Response:
        """Many portfolios: report files (field ``files``) and an optional roster (field
        ``roster``, .csv/.yaml/.json); more than a few files → 202 and a job."""
        if _media_type(request) != "multipart/form-data":
            raise refused(415, Code.NO_FILES, field="files")
        asked = as_of_date(as_of, blank=False)
        uploads, form_as_of = await _uploads(request, "files", roster=True)
        roster = next((u for u in uploads if u[0].startswith("\0roster:")), None)
        files = [u for u in uploads if u is not roster]
        if not files:
            raise refused(422, Code.NO_FILES, field="files")
        stated = as_of_date(form_as_of)  # checked even when the query's wins
        when = asked or stated or today()
        chosen = _format(request, format)

        def work() -> CheckResult:
            return answer(_audit(engine, files, roster, when))

        if len(files) > audit_inline_files:
            try:
                job_id = app.state.jobs.submit(work)
            except JobsFull:
                raise refused(
                    503,
                    Code.SERVER_BUSY,
                    headers={"Retry-After": str(RETRY_AFTER * 10)},
                    limit=app.state.jobs.limit,
                    retry=RETRY_AFTER * 10,
                ) from None
            job = app.state.jobs.get(job_id)
            where = f"/v1/audits/{job_id}"
            return _json(_job_json(job, where), status=202, headers={"Location": where})
        return await evaluate(lambda: _report(work(), chosen, lang))

    @app.get(
        "/v1/audits/{job_id}",
        tags=["audit"],
        response_class=Response,
        responses={
            **_report_ok("the audit's result, in the format asked for"),
            202: {
                "description": "not finished yet",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuditJob"}}},
                "headers": {"Retry-After": {"schema": {"type": "string"}}, **_ID_HEADER},
            },
            404: problem_response("no such audit"),
            **_v1(),
            500: problem_response("the audit failed"),
        },
    )
    async def audit_job(
        request: Request,
        job_id: str,
        format: ReportFormat | None = None,
        lang: Lang = "vi",
    ) -> Response:
        """The status of an audit job, then its result (``?format=`` or ``Accept``)."""
        job = app.state.jobs.get(job_id)
        if job is None:
            raise refused(404, Code.NO_SUCH_AUDIT, "/job_id", job=job_id[:40])
        where = f"/v1/audits/{job_id}"
        if job.status in ("queued", "running"):
            return _json(_job_json(job, where), status=202, headers={"Retry-After": str(RETRY_AFTER)})
        if job.status == "failed":
            internal = any(p.code == Code.INTERNAL_ERROR for p in job.problems)
            raise Refusal(500 if internal else 422, job.problems)
        assert job.result is not None
        result = job.result
        return await run_in_threadpool(_report, result, _format(request, format), lang)

    @app.get("/v1/rules", tags=["rules"], response_model=list[RuleSummary], responses={**_v1()})
    async def rules() -> list[dict[str, Any]]:
        """Every rule loaded, with its citation."""
        return [_rule_summary(r) for r in engine.rules]

    @app.get(
        "/v1/rules/{rule_id}",
        tags=["rules"],
        response_model=RuleDetail,
        responses={**_v1(), 404: problem_response("no such rule (did you mean …)")},
    )
    async def rule(rule_id: str) -> dict[str, Any]:
        """One rule: its citation, what it applies to and its check's parameters."""
        from compliance.explain import find_rule  # noqa: PLC0415 - only here

        try:
            found = find_rule(engine, rule_id)
        except InputError as exc:
            problems = [
                problem(
                    Code.NO_SUCH_RULE,
                    at=Location("<request>", pointer="/rule_id"),
                    rule_id=rule_id[:80],
                    known=_known(p),
                )
                for p in exc.problems
            ]
            raise Refusal(404, problems) from None
        return _rule_detail(found)

    @app.get(
        "/v1/schemas/{name}",
        tags=["schemas"],
        responses={
            200: {
                "description": "a JSON Schema (2020-12)",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            **_v1(),
            404: problem_response("no such schema"),
        },
    )
    async def schema(name: str) -> dict[str, Any]:
        """``report``, ``findings``, ``rule-pack``, ``diff`` or ``waivers``."""
        if name not in SCHEMAS:
            raise refused(404, Code.UNKNOWN_SCHEMA, "/name", name=name[:80], known=", ".join(SCHEMAS))
        return build_schema(name)

    # the web page for people (compliance.web, docs/web.md): its results kept in the same table
    app.include_router(web_router(engine, jobs=app.state.jobs, store=store, token=token))
    app.openapi = lambda: _openapi(app, token is not None)  # type: ignore[method-assign]
    app.add_middleware(Guard, token=token, max_bytes=max_bytes, body_timeout=body_timeout, metrics=metrics)
    return app


# ----------------------------------------------------------------------------- refusals


def _handlers(app: FastAPI) -> None:
    def send(request: Request, refusal: Refusal) -> Response:
        rid = request_id_of(request.scope)
        body = refusal.body(rid)
        return Response(body, refusal.status, headers=dict(refusal.headers), media_type=PROBLEM_TYPE)

    @app.exception_handler(Refusal)
    async def on_refusal(request: Request, exc: Refusal) -> Response:
        return send(request, exc)

    @app.exception_handler(InputError)
    async def on_invalid(request: Request, exc: InputError) -> Response:
        return send(request, Refusal(422, exc.problems))

    @app.exception_handler(RequestValidationError)
    async def on_malformed(request: Request, exc: RequestValidationError) -> Response:
        """FastAPI's own request checks: our bilingual problems, not pydantic's English."""
        return send(request, Refusal(422, [_validation_problem(e) for e in exc.errors()]))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path[:200]
        if exc.status_code == 405:
            allow = {"Allow": (exc.headers or {}).get("Allow", "")} if exc.headers else None
            return send(
                request,
                refused(405, Code.METHOD_NOT_ALLOWED, headers=allow, path=path, method=request.method[:20]),
            )
        if exc.status_code == 404:
            return send(request, refused(404, Code.NO_SUCH_ENDPOINT, path=path))
        return send(request, refused(400, Code.BODY_NOT_JSON))


def _validation_problem(error: Any) -> Problem:
    where = [str(part) for part in error.get("loc", ())]
    pointer = "/" + "/".join(where[1:]) if len(where) > 1 else ""
    at = Location("<request>", pointer=pointer)
    if where[:1] == ["body"] and error.get("type") in ("json_invalid", "missing"):
        return problem(Code.BODY_NOT_JSON, at=at)
    choices = _CHOICES.get(where[-1]) if where and error.get("type") == "literal_error" else None
    if choices is not None:  # ?format=pdf: say which values there are
        got = shown(repr(error.get("input")))
        return problem(Code.REQUEST_CHOICE, at=at, name=where[-1], got=got, allowed=", ".join(choices))
    return problem(Code.REQUEST_INVALID, at=at, where=".".join(where)[:200])


# the parameters that take one of a few values (a Literal), by name
_CHOICES: dict[str, tuple[str, ...]] = {"format": get_args(ReportFormat), "lang": get_args(Lang)}


def _known(p: Problem) -> Text:
    """The did-you-mean (or the list of ids) of :func:`compliance.explain.find_rule`'s problem."""
    return p.fix


# ----------------------------------------------------------------------------- reading requests


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _uploads(
    request: Request, field: str, *, roster: bool = False
) -> tuple[list[tuple[str, bytes]], str | None]:
    """The files of a multipart form, as (name, bytes); a roster file is named ``\\0roster:NAME``."""
    try:
        form = await request.form(max_files=10_000, max_fields=100)
    except Exception:  # a form that cannot be parsed is the client's problem
        raise refused(400, Code.NO_FILES, field=field) from None
    out: list[tuple[str, bytes]] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read()
            name = _safe_name(value.filename or key)
            if key == field:
                out.append((name, data))
            elif roster and key == "roster":
                out.append(("\0roster:" + name, data))
    as_of = form.get("as_of")
    if not any(not n.startswith("\0") for n, _ in out):
        raise refused(422, Code.NO_FILES, field=field)
    return out, as_of if isinstance(as_of, str) else None


def _safe_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name.strip() or "bao-cao"
    return re.sub(r"[\x00-\x1f/]", "_", base)[:200]


def _documents(uploads: list[tuple[str, bytes]], *, xlsx: bool = False) -> list[Any]:
    """Every upload loaded and validated; ReportError with every problem when any is invalid."""
    documents: list[Any] = []
    problems: list[Problem] = []
    for name, data in uploads:
        suffix = "xlsx" if xlsx else REPORT_SUFFIXES.get(PurePath(name).suffix.lower())
        try:
            if suffix is None:
                raise ReportError([problem(Code.UPLOAD_NOT_A_REPORT, at=Location(name), name=name)])
            if suffix == "xlsx":
                loaded = load_report_bytes(data, name=name, error=ReportError)
            else:
                loaded = load_text(data, name=name, format=suffix, error=ReportError)  # type: ignore[arg-type]
            documents.append(build_document(loaded))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ReportError(problems)
    return documents


def _audit(
    engine: Engine, files: list[tuple[str, bytes]], roster: tuple[str, bytes] | None, as_of: dt.date
) -> CheckResult:
    """An audit of uploaded files, as ``compliance audit`` runs one, in this process."""
    from compliance.audit import audit  # noqa: PLC0415 - only for audits
    from compliance.engine import EngineSpec  # noqa: PLC0415
    from compliance.roster import load_roster  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="compliance-upload-") as folder:
        root = Path(folder)
        paths = []
        for index, (name, data) in enumerate(files):
            place = root / "files" / str(index)
            place.mkdir(parents=True)
            (place / name).write_bytes(data)
            paths.append(place / name)
        names = {str(path): path.name for path in paths}
        entries = None
        if roster is not None:
            path = root / roster[0].removeprefix("\0roster:")
            path.write_bytes(roster[1])
            names[str(path)] = path.name
            try:
                entries = load_roster(path)
            except InputError as exc:
                raise InputError([_renamed_problem(p, names) for p in exc.problems]) from None
        result = audit(
            paths,
            spec=EngineSpec(engine=engine.engine_name),
            engine=engine,
            as_of=as_of,
            roster=entries,
            jobs=1,
        )
        return _renamed(result, names, root)


def _renamed_problem(p: Problem, names: dict[str, str]) -> Problem:
    if p.at.file in names:
        return dataclasses.replace(p, at=dataclasses.replace(p.at, file=names[p.at.file]))
    return p


def _renamed(result: CheckResult, names: dict[str, str], root: Path) -> CheckResult:
    """The audit as if its files had been read under the names they were uploaded with: no
    temporary folder of the server in what a portal shows (file names, evidence, notes)."""
    inside = re.compile(re.escape(str(root)) + r"/(?:files/\d+/)?")

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return names.get(value) or inside.sub("", value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return CheckResult.model_validate(walk(result.model_dump(mode="json")))


# ----------------------------------------------------------------------------- answers


def _json(text: str, *, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(text, status, headers=headers, media_type="application/json")


def _format(request: Request, asked: str | None) -> str:
    """``?format=`` first, else the first media type of ``Accept`` that a reporter writes."""
    if asked:
        return asked
    by_type = {
        "application/json": "json",
        "text/plain": "text",
        "text/html": "html",
        XLSX_TYPE: "xlsx",
        "text/csv": "csv",
        "application/sarif+json": "sarif",
        "application/xml": "junit",
        "text/xml": "junit",
        "application/junit+xml": "junit",
    }
    for part in request.headers.get("accept", "").split(","):
        fmt = by_type.get(part.split(";")[0].strip().lower())
        if fmt:
            return fmt
    return "json"


def _report(result: CheckResult, fmt: str, lang: str) -> Response:
    if fmt == "json":
        return _json(result.model_dump_json())
    data = reporters.render(result, fmt, lang)  # type: ignore[arg-type]
    return Response(data.encode("utf-8") if isinstance(data, str) else data, media_type=MEDIA[fmt])


def _job_json(job: Job | None, where: str) -> str:
    assert job is not None
    created = dt.datetime.fromtimestamp(job.created, dt.UTC).isoformat()
    return AuditJob(id=job.id, status=job.status, created=created, location=where).model_dump_json()


def _rule_summary(rule: Any) -> dict[str, Any]:
    source = rule.source
    return {
        "id": rule.id,
        "pack": rule.pack,
        "kind": rule.kind,
        "severity": rule.severity.value,
        "title": {"vi": rule.title.vi, "en": rule.title.en},
        "source": {
            "document": source.document,
            "section": source.section,
            "quote": source.quote,
            "plan": {"vi": source.plan.vi, "en": source.plan.en} if source.plan else None,
        },
    }


def _rule_detail(rule: Any) -> dict[str, Any]:
    applies = rule.applies
    return {
        **_rule_summary(rule),
        "remediation": {"vi": rule.remediation.vi, "en": rule.remediation.en},
        "applies_to": {
            "unit_types": sorted(applies.unit_types),
            "levels": sorted(applies.levels) if applies.levels is not None else None,
            "repealed_on": applies.repealed_on.isoformat() if applies.repealed_on else None,
        },
        "parameters": _plain(rule.check),
    }


def _plain(value: Any) -> Any:
    """A compiled check as JSON: dataclasses as objects (with their ``type``), sets sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"type": type(value).__name__}
        out.update({f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)})
        return out
    if isinstance(value, Text):
        return {"vi": value.vi, "en": value.en}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime | dt.timedelta):
        return str(value) if isinstance(value, dt.timedelta) else value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# ----------------------------------------------------------------------------- the OpenAPI document

_ID_HEADER = {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}
_DATE = {"type": "string", "format": "date"}
_BINARY = {"type": "string", "format": "binary"}
_FILES = {"type": "array", "minItems": 1, "items": _BINARY}  # uploaded report files (multipart)
_CHECK_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [
                    {"$ref": "#/components/schemas/Report"},
                    {"$ref": "#/components/schemas/CheckRequest"},
                ]
            }
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": _FILES,
                    "as_of": _DATE,
                },
            }
        },
    },
}
_XLSX_BODY = {
    "required": True,
    "content": {
        XLSX_TYPE: {"schema": _BINARY},
        "application/octet-stream": {"schema": _BINARY},
    },
}
_AUDIT_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": _FILES,
                    "roster": _BINARY,
                    "as_of": _DATE,
                },
            }
        }
    },
}


def _common() -> dict[int | str, dict[str, Any]]:
    return {500: problem_response("internal error")}


def _v1() -> dict[int | str, dict[str, Any]]:
    """What any /v1 route can answer besides its own."""
    return {
        400: problem_response(
            "a JSON body that is not UTF-8 or not JSON at all; a Content-Length that is not a number"
        ),
        401: problem_response(
            "missing or wrong token",
            {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
        ),
        413: problem_response("larger than the limit"),
        422: problem_response("invalid request or report"),
        **_common(),
    }


def _body_errors() -> dict[int | str, dict[str, Any]]:
    busy = {"Retry-After": {"schema": {"type": "string"}, "description": "seconds"}}
    return {
        408: problem_response("the body did not arrive in time"),
        415: problem_response(
            "not JSON, a workbook or multipart/form-data (a YAML file: upload it as multipart)"
        ),
        503: problem_response("busy: too many evaluations at once", busy),
    }


def _findings_ok() -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": "the findings (schemas/findings.schema.json)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckResult"}}},
            "headers": _ID_HEADER,
        }
    }


def _report_ok(description: str) -> dict[int | str, dict[str, Any]]:
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": "#/components/schemas/CheckResult"}}}
    for fmt, media in MEDIA.items():
        if fmt != "json":  # SARIF is JSON (an object: the SARIF 2.1.0 schema); the rest, text or bytes
            kind = {"type": "object"} if media.endswith("+json") else {"type": "string"}
            content.setdefault(media.split(";")[0], {"schema": kind})
    return {200: {"description": description, "content": content, "headers": _ID_HEADER}}


def _embed(schema: dict[str, Any], name: str, components: dict[str, Any]) -> None:
    """A JSON Schema (2020-12) of ``compliance.schemas`` as component ``name``, its ``$defs`` as
    ``name.Def``, every ``$ref`` rewritten to them."""
    schema = json.loads(json.dumps(schema).replace('"#/$defs/', f'"#/components/schemas/{name}.'))
    for key, value in schema.pop("$defs", {}).items():
        components[f"{name}.{key}"] = value
    schema.pop("$schema", None)
    schema.pop("$id", None)
    components[name] = schema


def _openapi(app: FastAPI, secured: bool) -> dict[str, Any]:
    if app.openapi_schema is not None:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    _embed(build_schema("report"), "Report", schemas)
    _embed(build_schema("findings"), "CheckResult", schemas)
    schemas["CheckRequest"] = {
        "type": "object",
        "required": ["documents"],
        "properties": {
            "documents": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Report"}},
            "as_of": _DATE,
        },
        "patternProperties": {
            "^x-": {"description": "Phần mở rộng, không được kiểm tra / Extension, not checked"}
        },
        "additionalProperties": False,
    }
    for model in (ProblemDetails, AuditJob):
        generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(generated.pop("$defs", {}))
        schemas[model.__name__] = generated
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    components["headers"] = {
        "X-Request-ID": {"description": "the request's id (as sent, or new)", "schema": {"type": "string"}}
    }
    if secured:
        components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        for path, operations in document["paths"].items():
            if path.startswith("/v1/"):
                for operation in operations.values():
                    operation["security"] = [{"bearer": []}]
    app.openapi_schema = document
    return document
