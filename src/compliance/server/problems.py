"""The one error shape of the service: RFC 9457 ``application/problem+json``.

Every answer that is not a success — whoever makes it: a route, the guard in front of the
application, FastAPI's own request checks, a crash — is built here by :class:`Refusal`::

    {"type": "https://compliance.invalid/problems/<code>", "title": "<vi> / <en>", "status": 422,
     "detail": "<vi> / <en>", "instance": "urn:compliance:request:<id>", "request_id": "<id>",
     "problems": [{"code", "file", "line", "column", "pointer", "message": {"vi", "en"},
                   "fix": {"vi", "en"}} (+ "cell" for a problem in a workbook), …]}

``problems`` is the engine's own problem list (:meth:`compliance.errors.Problem.as_dict`), the
same as the findings' ``problems``; ``type`` names the first problem's code, ``detail`` its
message in both languages, after its place (file, line and column, pointer) when it has a line or
a cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, Field

from compliance.errors import Code, Location, Problem
from compliance.messages import problem

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "https://compliance.invalid/problems/"

TITLES: dict[int, tuple[str, str]] = {
    400: ("Yêu cầu không đọc được", "Bad request"),
    401: ("Chưa xác thực", "Unauthorized"),
    404: ("Không tìm thấy", "Not found"),
    405: ("Phương thức không được phép", "Method not allowed"),
    408: ("Hết thời gian chờ nội dung", "Request timeout"),
    413: ("Yêu cầu quá lớn", "Content too large"),
    415: ("Kiểu nội dung không được hỗ trợ", "Unsupported media type"),
    422: ("Nội dung không hợp lệ", "Unprocessable content"),
    500: ("Lỗi nội bộ", "Internal server error"),
    503: ("Dịch vụ tạm thời không phục vụ", "Service unavailable"),
}


class Refusal(Exception):
    """A request the service refuses: the HTTP status, the problems that say why, and headers
    (``WWW-Authenticate``, ``Retry-After``)."""

    def __init__(
        self, status: int, problems: Iterable[Problem], headers: Mapping[str, str] | None = None
    ) -> None:
        self.status = status
        self.problems = tuple(problems)
        self.headers = dict(headers or {})
        super().__init__(status)

    def body(self, request_id: str) -> bytes:
        vi, en = TITLES.get(self.status, ("Lỗi", "Error"))
        first = self.problems[0] if self.problems else None
        document: dict[str, Any] = {
            "type": f"{TYPE_BASE}{first.code.value}" if first else "about:blank",
            "title": f"{vi} / {en}",
            "status": self.status,
            "detail": _detail(first) if first else f"{vi} / {en}",
            "instance": f"urn:compliance:request:{request_id}",
            "request_id": request_id,
            "problems": [p.as_dict() for p in self.problems],
        }
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    def header_list(self, request_id: str, length: int) -> list[tuple[bytes, bytes]]:
        headers = {
            "content-type": PROBLEM_TYPE,
            "content-length": str(length),
            "x-request-id": request_id,
            **{k.lower(): v for k, v in self.headers.items()},
        }
        return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


def _detail(first: Problem) -> str:
    """The first problem's message in both languages, after its place when it has one in a file
    (``<request>:1:6: …``, ``<report 1>:17:3 /received_at: …``), as the CLI prints it."""
    message = f"{first.message.vi} / {first.message.en}"
    if first.at.line is None and first.at.cell is None:
        return message
    return f"{first.at}: {message}"


def refused(
    status: int,
    code: Code,
    pointer: str | None = None,
    headers: Mapping[str, str] | None = None,
    **values: object,
) -> Refusal:
    return Refusal(status, [problem(code, at=Location("<request>", pointer=pointer), **values)], headers)


# ----------------------------------------------------------------------------- the OpenAPI models


class TextModel(BaseModel):
    vi: str
    en: str


class ProblemItem(BaseModel):
    """One problem, as the engine reports it."""

    code: str = Field(description="mã lỗi / error code (compliance.errors.Code)")
    file: str | None
    line: int | None
    column: int | None
    pointer: str | None = Field(description="JSON Pointer (RFC 6901) vào tài liệu / into the document")
    cell: str | None = Field(default=None, description="ô của bảng tính / a workbook's cell, 'Sheet!C7'")
    message: TextModel
    fix: TextModel


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, carrying the engine's problem list."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    request_id: str
    problems: list[ProblemItem] = Field(min_length=1)


def problem_response(description: str, headers: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """An OpenAPI response whose body is :class:`ProblemDetails`."""
    out: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
        "headers": {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}, **(headers or {})},
    }
    return out
