"""The web page for people, served by ``compliance serve`` at ``/`` (docs/web.md).

* ``GET /`` — the upload form: report files (YAML, JSON, XLSX) or a .zip of a folder, an "as of"
  date typed dd/mm/yyyy, an optional roster;
* ``POST /ui/check`` — checks them through :class:`~compliance.engine.Engine`, keeps the result in
  :class:`Jobs` and answers 303 to the result's page (or the upload's problems, 422);
* ``GET /ui/results/{id}`` — counts by status, the findings filtered by ``status``, ``severity``,
  ``unit`` and ``rule`` (query parameters: it works with scripts disabled), the problems, notes;
* ``GET /ui/results/{id}/download?format=html|xlsx|csv|sarif|json`` — the result in that format;
* with a store: ``GET /ui/audits`` (the saved runs) and ``GET /ui/audits/diff?a=1&b=2``.

Vietnamese first: ``?lang=en`` switches to English and is remembered in a cookie. The pages are
left out of the OpenAPI document: they are for people, the ``/v1`` API is for programs. When the
server has a ``token``, every page asks for it as a browser can send it: HTTP Basic, any user
name, the token as the password (``Authorization: Bearer <token>`` is taken too).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from compliance import reporters
from compliance.engine import Engine, today
from compliance.errors import Code, InputError, Location, Problem
from compliance.findings import InputProblem
from compliance.i18n import Lang
from compliance.messages import problem
from compliance.server.jobs import Job, Jobs  # the service's table (app.state.jobs), shared
from compliance.web import _pages
from compliance.web._upload import MAX_FILES, Upload, as_of_date, check, display_name, read_roster, unpack

__all__ = ["Job", "Jobs", "router"]

COOKIE = "compliance-lang"
# no external asset may load, nothing but this origin may be posted to or fetched
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def _lang(request: Request) -> tuple[Lang, bool]:
    """The page's language and whether it was asked for now (then it is remembered)."""
    asked = request.query_params.get("lang")
    if asked in ("vi", "en"):
        return ("en" if asked == "en" else "vi"), True
    return ("en" if request.cookies.get(COOKIE) == "en" else "vi"), False


def _as_problems(problems: tuple[Problem, ...] | list[Problem]) -> list[InputProblem]:
    return [InputProblem.of(p) for p in problems]


def _sent_token(request: Request) -> str | None:
    """The token of an ``Authorization`` header: a Basic password or a Bearer token."""
    scheme, _, value = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return None
    return None


def router(engine: Engine, *, jobs: Jobs, store: Path | None = None, token: str | None = None) -> APIRouter:
    """The web page's routes, checking with ``engine``, keeping results in ``jobs``; the saved
    audits of ``store`` when given; each page behind ``token`` when given."""
    web = APIRouter(include_in_schema=False)

    def locked(request: Request) -> Response | None:
        """None when the request may see the page, else the 401 that asks for the token."""
        if token is None:
            return None
        sent = _sent_token(request)
        if sent is not None and hmac.compare_digest(sent.encode(), token.encode()):
            return None
        answer = refused(
            request, 401, _as_problems([problem(Code.WEB_UNAUTHORIZED, at=Location(request.url.path))])
        )
        answer.headers["WWW-Authenticate"] = 'Basic realm="compliance", charset="UTF-8"'
        return answer

    def html(request: Request, title: str, body: str, *, status: int = 200, script: bool = False) -> Response:
        lang, asked = _lang(request)
        switch = _pages.with_lang(
            request.url.path, request.query_params.multi_items(), "en" if lang == "vi" else "vi"
        )
        text = _pages.page(lang, title, body, switch=switch, store=store is not None, script=script)
        answer = HTMLResponse(text, status_code=status, headers={"Content-Security-Policy": _CSP})
        if asked:
            answer.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
        return answer

    def refused(
        request: Request, status: int, problems: list[InputProblem], title_key: str = "bad-input"
    ) -> Response:
        lang, _ = _lang(request)
        title = _pages.w(title_key, lang)
        return html(request, title, _pages.problems_body(problems, lang, title=title), status=status)

    def finished(request: Request, job_id: str) -> Job | Response:
        job = jobs.get(job_id)
        if job is None:
            gone = problem(Code.WEB_NO_SUCH_RESULT, at=Location(request.url.path), id=job_id[:40])
            return refused(request, 404, _as_problems([gone]), "not-found")
        if job.status == "failed" or (job.status == "done" and job.result is None):
            return refused(request, 422, _as_problems(job.problems))
        return job

    @web.get("/")
    def upload(request: Request) -> Response:
        if (refusal := locked(request)) is not None:
            return refusal
        lang, _ = _lang(request)
        return html(request, _pages.w("app", lang), _pages.upload_form(lang), script=True)

    @web.post("/ui/check")
    async def check_upload(request: Request) -> Response:
        if (refusal := locked(request)) is not None:
            return refusal
        try:
            form = await request.form(max_files=MAX_FILES + 1, max_fields=100)
        except StarletteHTTPException as exc:  # a form that is not multipart, too many parts
            bad = problem(Code.WEB_BAD_FORM, at=Location("<form>"), reason=str(exc.detail)[:200])
            return refused(request, 400, _as_problems([bad]))
        sent: list[Upload] = []
        roster_file: Upload | None = None
        try:
            for name, value in form.multi_items():
                if not isinstance(value, UploadFile) or not value.filename:
                    continue  # an empty file input sends a part without a name
                item = Upload(display_name(value.filename), await value.read())
                if name == "roster":
                    roster_file = item
                elif name == "reports":
                    sent.append(item)
            typed = form.get("as_of")
            as_of_text = typed if isinstance(typed, str) else ""
        finally:
            await form.close()

        def work() -> str:
            as_of = as_of_date(as_of_text, today())
            roster = read_roster(roster_file) if roster_file is not None else None
            uploads, problems = unpack(sent)
            return jobs.put(check(engine, uploads, as_of=as_of, roster=roster, problems=problems))

        try:
            job_id = await run_in_threadpool(work)
        except InputError as exc:
            return refused(request, 422, _as_problems(exc.problems))
        return RedirectResponse(f"/ui/results/{job_id}", status_code=303)

    @web.get("/ui/results/{job_id}")
    def result_page(
        request: Request,
        job_id: str,
        status: str = "",
        severity: str = "",
        unit: str = "",
        rule: str = "",
    ) -> Response:
        if (refusal := locked(request)) is not None:
            return refusal
        job = finished(request, job_id)
        if isinstance(job, Response):
            return job
        lang, _ = _lang(request)
        if job.result is None:  # still running: the page asks again in a moment
            waiting = f'<h1>{_pages.w("result", lang)}</h1><p role="status">…</p>'
            answer = html(request, _pages.w("result", lang), waiting, status=202)
            answer.headers["Refresh"] = "2"
            return answer
        filters = _pages.Filters(status=status, severity=severity, unit=unit, rule=rule)
        body = _pages.result_body(job.result, job_id, lang, filters)
        return html(request, _pages.w("result", lang), body, script=True)

    @web.get("/ui/results/{job_id}/download")
    def download(request: Request, job_id: str, format: Annotated[str, Query()] = "html") -> Response:
        if (refusal := locked(request)) is not None:
            return refusal
        job = finished(request, job_id)
        if isinstance(job, Response):
            return job
        if format not in _pages.DOWNLOADS:
            unknown = problem(
                Code.WEB_UNKNOWN_FORMAT,
                at=Location("format"),
                value=format[:40],
                known=", ".join(_pages.DOWNLOADS),
            )
            return refused(request, 400, _as_problems([unknown]))
        if job.result is None:
            return RedirectResponse(f"/ui/results/{job_id}", status_code=303)
        lang, _ = _lang(request)
        data = reporters.render(job.result, format, lang)
        suffix, media = _pages.DOWNLOADS[format]
        name = f"kiem-tra-{job.result.as_of.isoformat()}{suffix}"
        return Response(
            data if isinstance(data, bytes) else data.encode("utf-8"),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @web.get("/ui/audits")
    def audits(request: Request) -> Response:
        if (refusal := locked(request)) is not None:
            return refusal
        lang, _ = _lang(request)
        if store is None:
            return refused(request, 404, _as_problems([problem(Code.WEB_NO_STORE, at=Location("--store"))]))
        from compliance.store import Store  # noqa: PLC0415 - only with a store

        try:
            with Store.open(store) as opened:
                runs = opened.runs()
        except InputError as exc:
            return refused(request, 422, _as_problems(exc.problems))
        return html(request, _pages.w("audits", lang), _pages.audits_body(runs, lang))

    @web.get("/ui/audits/diff")
    def audits_diff(request: Request, a: str = "latest~1", b: str = "latest") -> Response:
        if (refusal := locked(request)) is not None:
            return refusal
        lang, asked = _lang(request)
        if store is None:
            return refused(request, 404, _as_problems([problem(Code.WEB_NO_STORE, at=Location("--store"))]))
        from compliance.reporters.diff_report import render_html  # noqa: PLC0415
        from compliance.store import Store, diff, from_store  # noqa: PLC0415

        try:
            with Store.open(store) as opened:
                compared = diff(from_store(opened, a), from_store(opened, b))
        except InputError as exc:
            return refused(request, 422, _as_problems(exc.problems))
        text = render_html(compared, lang)
        back = f'<p style="margin:0 0 1rem"><a href="/ui/audits">← {_pages.w("back", lang)}</a></p>'
        answer = HTMLResponse(
            text.replace("<body>", "<body>" + back, 1), headers={"Content-Security-Policy": _CSP}
        )
        if asked:
            answer.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
        return answer

    return web
