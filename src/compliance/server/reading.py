"""What a request says, read as the command line reads the same thing (docs/http.md).

* :func:`json_documents` — a JSON body (one report, or ``{"documents": [...], "as_of"}``) goes
  through the loader of every JSON file (:func:`compliance.loading.load_text`): duplicate keys,
  NFC, control characters, numbers JSON cannot hold and the size and depth limits are refused
  with the CLI's problems and pointers, so that the same bytes get the same verdict over HTTP and
  on the command line. The wrapper object takes ``documents``, ``as_of`` and extension keys
  (``x-…``) only: any other key is refused, with the known key it is closest to;
* :func:`as_of_date` — an ``as_of`` (query, form field or wrapper): ``YYYY-MM-DD``, a date that
  exists, its year within 1900–2100 (the CLI's ``--as-of`` checks).

A problem of the body names the report it is in (``<report N>``, the N-th document, counted from
1) with the pointer inside that report, as the CLI names a file's problem with the pointer inside
the file; one of the wrapper itself, or one found only in the text (a syntax error, a control
character between values), names ``<request>``. Lines and columns count in the body as sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
from typing import Any

from compliance.dates import DateInputError, parse_user_date
from compliance.engine import Engine, today
from compliance.errors import Code, InputError, Location, Problem, ReportError
from compliance.findings import CheckResult
from compliance.i18n import Text
from compliance.loading import LoadedFile, Position, SourceMap, json_pointer, load_text, shown
from compliance.messages import problem
from compliance.portfolio import Document, build_document
from compliance.server.problems import Refusal

REQUEST = "<request>"
WRAPPER_KEYS = ("as_of", "documents")  # and extension keys, "x-…", as in a report
ISO_ACCEPTED = "YYYY-MM-DD (2024-06-30)"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_IN_DOCUMENT = re.compile(r"/documents/(0|[1-9][0-9]*)(?=/|$)")
_SYNTAX = (Code.JSON_SYNTAX, Code.EMPTY_FILE)  # not a JSON text at all: 400 body-not-json


def report_name(index: int) -> str:
    """How the service names the document at ``index`` (from 0) of a JSON body."""
    return f"<report {index + 1}>"


# ----------------------------------------------------------------------------- as_of


def as_of_date(value: object, *, at: Location | None = None, blank: bool = True) -> dt.date | None:
    """The date ``value`` says (None when not given, or when blank and ``blank`` allows it: an
    empty form field); else a 422 refusal at ``at`` (``<request>``, ``/as_of`` by default):
    ``bad-as-of`` when it is not ``YYYY-MM-DD``, ``date-impossible`` (2024-02-30) and
    ``date-out-of-range`` (a year outside 1900–2100) as for the CLI's ``--as-of``."""
    at = at or Location(REQUEST, pointer="/as_of")
    if value is None or (blank and value == ""):
        return None
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise Refusal(422, [problem(Code.BAD_AS_OF, at=at)])
    try:
        return parse_user_date(value)
    except DateInputError as exc:
        values = {**exc.values, "accepted": ISO_ACCEPTED}
        raise Refusal(422, [problem(exc.code, at=at, **values)]) from None


# ----------------------------------------------------------------------------- JSON bodies


def check_json(engine: Engine, body: bytes, as_of: dt.date | None) -> CheckResult:
    """The findings of a JSON body; ``as_of`` (the query's) before the wrapper's, else today."""
    documents, stated = json_documents(body)
    return engine.check(documents, as_of=as_of or stated or today())  # no document: 422


def json_documents(body: bytes) -> tuple[list[Document], dt.date | None]:
    """The documents of a JSON body and the wrapper's ``as_of``; a :class:`Refusal` (400 when it
    is not JSON at all, else 422) or a :class:`ReportError` (422) when anything is invalid."""
    try:
        loaded = load_text(body, name=REQUEST, format="json", error=ReportError)
    except InputError as exc:
        raise _refusal_of_body(exc.problems, body) from None
    data = loaded.data
    if _is_wrapper(data):
        return _wrapped(loaded)
    if not isinstance(data, dict):
        raise Refusal(422, [problem(Code.NOT_A_DOCUMENT_LIST, at=Location(REQUEST, pointer=""))])
    return [build_document(dataclasses.replace(loaded, name=report_name(0)))], None


def _is_wrapper(data: Any) -> bool:
    return isinstance(data, dict) and "documents" in data and "kind" not in data


def _refusal_of_body(problems: tuple[Problem, ...], body: bytes) -> Refusal:
    first = problems[0]
    if first.code in _SYNTAX:
        at = Location(REQUEST, first.at.line, first.at.column)
        return Refusal(400, [problem(Code.BODY_NOT_JSON, at=at)])
    wrapper = _shaped_as_wrapper(body)
    return Refusal(422, [_placed(p, wrapper) for p in problems])


def _shaped_as_wrapper(body: bytes) -> bool:
    """Whether a body the loader refused (it is JSON: a duplicate key, a control character…) is
    the wrapper: read again without the loader's checks, only for its shape."""
    try:
        return _is_wrapper(json.loads(body))
    except (ValueError, RecursionError):
        return False


def _placed(p: Problem, wrapper: bool) -> Problem:
    """A problem of the body as loaded (``<request>``, a pointer into the body) named as the
    service names it: in the report it is in, with the pointer inside that report. One with no
    pointer (found in the text between values: a control character, nesting too deep) stays the
    body's, at its line and column."""
    pointer = p.at.pointer
    if pointer is None:
        return p
    if not wrapper:
        file = report_name(0)
    elif inside := _IN_DOCUMENT.match(pointer):
        file, pointer = report_name(int(inside[1])), pointer[inside.end() :]
    else:
        return p
    return dataclasses.replace(p, at=dataclasses.replace(p.at, file=file, pointer=pointer))


def _wrapped(loaded: LoadedFile) -> tuple[list[Document], dt.date | None]:
    data: dict[str, Any] = loaded.data
    unknown = [k for k in data if k not in WRAPPER_KEYS and not k.startswith("x-")]
    if unknown:
        raise Refusal(
            422,
            [
                problem(
                    Code.REQUEST_UNKNOWN_KEY,
                    at=loaded.location(json_pointer([key]), key=True),
                    key=shown(key),
                    allowed=_allowed(key),
                )
                for key in unknown
            ],
        )
    stated = as_of_date(data.get("as_of"), at=loaded.location("/as_of"))
    documents = data["documents"]
    if not isinstance(documents, list):
        raise Refusal(422, [problem(Code.NOT_A_DOCUMENT_LIST, at=loaded.location("/documents"))])
    for index, item in enumerate(documents):
        if not isinstance(item, dict):
            at = loaded.location(f"/documents/{index}")
            raise Refusal(422, [problem(Code.NOT_A_DOCUMENT_LIST, at=at)])
    built: list[Document] = []
    problems: list[Problem] = []
    for index, item in enumerate(documents):
        inside = SourceMap(_Within(loaded.source_map, f"/documents/{index}"))
        try:
            built.append(build_document(LoadedFile(report_name(index), "json", item, inside)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ReportError(problems)
    return built, stated


def _allowed(key: str) -> Text:
    """The wrapper's keys, and the one ``key`` was likely meant to be ("asOf": as_of)."""
    known = ", ".join(WRAPPER_KEYS)
    folded = {_fold(k): k for k in WRAPPER_KEYS}
    close = difflib.get_close_matches(_fold(key), list(folded), n=1, cutoff=0.8)
    if not close:
        return Text(vi=known, en=known)
    guess = folded[close[0]]
    return Text(vi=f"{known} (có phải {guess}?)", en=f"{known} (did you mean {guess}?)")


def _fold(key: str) -> str:
    return re.sub(r"[^0-9a-z]", "", key.casefold())


class _Within:
    """The positions of one document of the wrapper: the body's, below ``prefix``."""

    __slots__ = ("_prefix", "_source_map")

    def __init__(self, source_map: SourceMap, prefix: str) -> None:
        self._source_map = source_map
        self._prefix = prefix

    def locate(self, pointer: str) -> Position:
        return self._source_map.locate(self._prefix + pointer)

    def locate_key(self, pointer: str) -> Position:
        return self._source_map.locate_key(self._prefix + pointer)
