"""One side of a comparison: a saved run or an audit JSON file, as findings by fingerprint.

A diff (:mod:`.diff`) and a baseline (:mod:`.baseline`) compare two audits finding by finding;
:func:`resolve` reads what a person names on the command line: a file that exists is read as an
audit JSON (``--format json``, ``schemas/findings.schema.json``); otherwise the name is a run of
the store: its id (``12``), ``latest``, or ``latest~N`` (N runs before the latest).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from compliance.errors import Code, InputError, Location
from compliance.findings import FORMAT, FORMAT_VERSION, Status
from compliance.fingerprint import fingerprint
from compliance.i18n import Text
from compliance.messages import problem
from compliance.severity import Severity
from compliance.store.db import Store, shown
from compliance.store.models import PackVersion, StoredFinding

_RUN_REFERENCE = re.compile(r"#?[0-9]+|latest(~[0-9]+)?", re.IGNORECASE | re.ASCII)


class Source(BaseModel):
    """Where one side of a comparison comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    run: int | None = Field(default=None, description="Số lần kiểm tra trong kho / run id in the store")
    file: str | None = Field(default=None, description="Tệp JSON kết quả / audit JSON file")
    store: str | None = None
    saved_at: dt.datetime | None = None
    as_of: dt.date
    tool_version: str
    packs: list[PackVersion]
    findings: int

    def label(self) -> str:
        return f"#{self.run}" if self.run is not None else (self.file or "?")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """An audit's findings by fingerprint, and (for a saved run) its documents' hashes."""

    source: Source
    findings: dict[str, StoredFinding]
    documents: dict[str, str | None] | None = None


def from_store(store: Store, ref: int | str) -> Snapshot:
    run = store.run(ref)
    findings = {f.fingerprint: f for f in store.findings(run.id)}
    source = Source(
        run=run.id,
        store=store.name,
        saved_at=run.saved_at,
        as_of=run.as_of,
        tool_version=run.tool_version,
        packs=run.packs,
        findings=len(findings),
    )
    return Snapshot(source, findings, store.documents(run.id))


class _FileFinding(BaseModel):
    """What a comparison reads of a finding in an audit JSON (the rest is ignored)."""

    model_config = ConfigDict(extra="ignore")

    unit_id: str
    unit_name: str | None = None
    unit_type: str
    school_year: str
    rule_id: str
    pack: str | None
    kind: str
    title: Text
    severity: Severity
    status: Status
    waiver: str | None = None
    message: Text


class _FilePack(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    version: str


class _FileAudit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    tool_version: str
    as_of: dt.date
    packs: list[_FilePack]
    findings: list[_FileFinding]


def audit_json_problem(
    path: str | os.PathLike[str],
    detail: Text | str,
    *,
    line: int | None = None,
    column: int | None = None,
    pointer: str | None = None,
) -> InputError:
    """``path`` is not an audit's JSON: why (``detail``) and where."""
    at = Location(str(path), line, column, pointer)
    return InputError([problem(Code.NOT_AN_AUDIT_JSON, at=at, detail=detail)])


def read_audit_data(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The data of an audit JSON file (``compliance audit --format json``), checked to be one of
    this format and version; :class:`InputError` naming the file and the line or the JSON
    pointer for anything else. What ``diff``, ``--baseline``, ``letters`` and ``calendar
    --findings`` read."""
    name = str(path)

    def bad(
        detail: Text | str, *, line: int | None = None, column: int | None = None, pointer: str | None = None
    ) -> InputError:
        return audit_json_problem(name, detail, line=line, column=column, pointer=pointer)

    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([problem(Code.NO_SUCH_FILE, at=Location(name))]) from None
    except PermissionError:
        raise InputError([problem(Code.PERMISSION_DENIED, at=Location(name))]) from None
    except OSError as exc:
        raise InputError(
            [problem(Code.CANNOT_READ_FILE, at=Location(name), reason=exc.strerror or exc)]
        ) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise bad(
            Text(
                vi=f"không phải văn bản UTF-8 (byte thứ {exc.start})", en=f"not UTF-8 text (byte {exc.start})"
            )
        ) from None
    except json.JSONDecodeError as exc:
        raise bad(
            Text(vi=f"không đọc được JSON: {exc.msg}", en=f"not JSON: {exc.msg}"),
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise bad(Text(vi="JSON lồng nhau quá sâu", en="JSON nested too deep")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        got = data.get("format") if isinstance(data, dict) else None
        said = json.dumps(got, ensure_ascii=False)[:80]
        raise bad(
            Text(
                vi=f'không có "format": "{FORMAT}"' + (f" (tệp ghi {said})" if got is not None else ""),
                en=f'no "format": "{FORMAT}"' + (f" (the file says {said})" if got is not None else ""),
            ),
            pointer="/format",
        )
    if data.get("version") != FORMAT_VERSION:
        raise bad(
            Text(
                vi=f"phiên bản định dạng {data.get('version')!r}; phiên bản này của compliance đọc được bản {FORMAT_VERSION}",
                en=f"format version {data.get('version')!r}; this compliance reads version {FORMAT_VERSION}",
            ),
            pointer="/version",
        )
    return data


def from_file(path: str | os.PathLike[str]) -> Snapshot:
    """The findings of an audit JSON file; :class:`InputError` (naming the file, the line or
    the JSON pointer) for anything else."""
    name = str(path)
    data = read_audit_data(path)

    def bad(detail: Text | str, *, pointer: str | None = None) -> InputError:
        return audit_json_problem(name, detail, pointer=pointer)

    try:
        audit = _FileAudit.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        pointer = "".join(f"/{p}" for p in first["loc"])
        raise bad(Text(vi=f"{first['msg']}", en=f"{first['msg']}"), pointer=pointer) from None
    findings: dict[str, StoredFinding] = {}
    for index, f in enumerate(audit.findings):
        fp = fingerprint(f)
        if fp in findings:
            raise bad(
                Text(
                    vi=f"hai kết luận cùng đơn vị, năm học và tiêu chí ({f.unit_id}, {f.school_year}, {f.rule_id})",
                    en=f"two findings of one unit, school year and rule ({f.unit_id}, {f.school_year}, {f.rule_id})",
                ),
                pointer=f"/findings/{index}",
            )
        findings[fp] = StoredFinding(
            fp,
            f.unit_id,
            f.unit_name,
            f.unit_type,
            f.school_year,
            f.rule_id,
            f.pack,
            f.kind,
            f.title,
            f.severity,
            f.status,
            f.waiver,
            f.message,
        )
    source = Source(
        file=name,
        as_of=audit.as_of,
        tool_version=audit.tool_version,
        packs=[PackVersion(id=p.id, version=p.version) for p in audit.packs],
        findings=len(findings),
    )
    return Snapshot(source, findings)


def is_run_reference(ref: str) -> bool:
    return _RUN_REFERENCE.fullmatch(ref.strip()) is not None


def resolve(ref: str, open_store: Callable[[], Store]) -> Snapshot:
    """What ``ref`` names: an existing file (an audit JSON) or a run of the store that
    ``open_store`` opens (only called for a run)."""
    if Path(ref).is_file():
        return from_file(ref)
    if not is_run_reference(ref):
        looks_like_a_file = ref.lower().endswith(".json") or os.sep in ref or "/" in ref
        code = Code.NO_SUCH_FILE if looks_like_a_file else Code.RUN_REFERENCE
        raise InputError([problem(code, at=Location(ref), ref=ref)])
    store = open_store()
    return from_store(store, ref)


__all__ = ["Snapshot", "Source", "from_file", "from_store", "is_run_reference", "resolve", "shown"]
