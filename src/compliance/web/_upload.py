"""What a person uploads to the web page, read safely: report files, a .zip of a folder, a roster.

Nothing is written to disk but a roster (read by :func:`compliance.roster.load_roster`, which
reads a file): reports are loaded from their bytes under the name the person sees (the file's
name, or its path inside the folder or zip), so the findings point at ``th-kim-giang/bao-cao.yaml``,
not at a temporary folder. A zip is read member by member within limits: at most
:data:`MAX_FILES` files and :data:`MAX_BYTES` unpacked bytes (counted as they are read, not as
the zip claims), no absolute path, ``..`` or link, no zip inside the zip. What is refused is a
problem in the result, never a lost upload.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance.audit.portfolios import absent
from compliance.dates import DateInputError, parse_user_date
from compliance.engine import Engine
from compliance.errors import Code, InputError, Location, Problem, ReportError
from compliance.findings import CheckResult
from compliance.loading import load_report_bytes, load_text
from compliance.loading.files import MACRO_SUFFIXES, SUFFIXES, WORKBOOK_SUFFIXES
from compliance.messages import problem
from compliance.paths import LOCK_PREFIX
from compliance.portfolio import Document, build_document
from compliance.roster import RosterEntry, load_roster
from compliance.textnorm import normalize_text

MAX_FILES = 2000  # report files in one upload, zips unpacked
MAX_BYTES = 64 * 1024 * 1024  # bytes unpacked from the zips of one upload
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Upload:
    """One file as sent: the name a person knows it by and its bytes."""

    name: str
    data: bytes


def display_name(raw: str) -> str:
    """A sent file's name as shown: the path a browser gives for a folder pick
    (``thu-muc/bao-cao.yaml``), never more than that; NFC, ``/`` separators."""
    parts = [p for p in normalize_text(raw).replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "bao-cao"


def _safe_member(name: str) -> str | None:
    """A zip member's path if it stays inside the folder, else None."""
    text = normalize_text(name).replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        return None
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _suffix(name: str) -> str:
    return posixpath.splitext(name)[1].lower()


def _is_report(name: str) -> bool:
    return _suffix(name) in SUFFIXES or _suffix(name) in WORKBOOK_SUFFIXES


def _hidden(path: str) -> bool:
    """Files a zip tool adds beside the reports (``__MACOSX/``, ``.DS_Store``) and the lock file
    Excel keeps beside an open workbook (``~$bao-cao.xlsx``, as ``audit`` skips it): not reports."""
    parts = path.split("/")
    return parts[-1].startswith(LOCK_PREFIX) or any(p.startswith(".") or p == "__MACOSX" for p in parts)


class _Budget:
    def __init__(self, max_files: int, max_bytes: int) -> None:
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.files = 0
        self.bytes = 0
        self.full: Problem | None = None


def unpack(
    sent: Iterable[Upload], *, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES
) -> tuple[list[Upload], list[Problem]]:
    """The report files of an upload: each file as sent, each report inside each zip; past
    ``max_files`` files or ``max_bytes`` unpacked bytes the rest is left out, with a problem."""
    out: list[Upload] = []
    problems: list[Problem] = []
    budget = _Budget(max_files, max_bytes)
    for item in sent:
        if budget.full is not None:
            break
        if _suffix(item.name) == ".zip":
            _unzip(item, out, problems, budget)
        else:
            _take(item, out, problems, budget)
    if budget.full is not None:
        problems.append(budget.full)
    return out, problems


def _take(item: Upload, out: list[Upload], problems: list[Problem], budget: _Budget) -> None:
    if budget.files >= budget.max_files:
        budget.full = problem(Code.UPLOAD_TOO_MANY_FILES, at=Location(item.name), limit=budget.max_files)
        return
    budget.files += 1
    out.append(item)


def _unzip(item: Upload, out: list[Upload], problems: list[Problem], budget: _Budget) -> None:
    import io  # noqa: PLC0415 - only for zips

    try:
        archive = zipfile.ZipFile(io.BytesIO(item.data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        problems.append(problem(Code.UPLOAD_ZIP_UNREADABLE, at=Location(item.name), reason=str(exc) or "?"))
        return
    with archive:
        for info in members:
            if info.is_dir():
                continue
            where = Location(f"{item.name}/{info.filename}")
            path = _safe_member(info.filename)
            mode = info.external_attr >> 16
            if path is None or stat.S_ISLNK(mode):
                problems.append(problem(Code.UPLOAD_ZIP_UNSAFE_NAME, at=where, name=info.filename[:200]))
                continue
            if _hidden(path):
                continue
            if _suffix(path) == ".zip":
                problems.append(problem(Code.UPLOAD_ZIP_NESTED, at=where))
                continue
            if not _is_report(path) and _suffix(path) not in MACRO_SUFFIXES:
                continue  # a folder's other files (a note, a scan) are not reports, as in audit
            left = budget.max_bytes - budget.bytes
            try:
                with archive.open(info) as member:
                    data = member.read(left + 1)  # what it unpacks to, not what it claims
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                problems.append(problem(Code.UPLOAD_ZIP_UNREADABLE, at=where, reason=str(exc) or "?"))
                continue
            if len(data) > left:
                budget.full = problem(Code.UPLOAD_TOO_LARGE, at=Location(item.name), limit=budget.max_bytes)
                return
            budget.bytes += len(data)
            _take(Upload(path, data), out, problems, budget)
            if budget.full is not None:
                return


def read_reports(uploads: Sequence[Upload]) -> tuple[list[Document], list[Problem]]:
    """Each upload loaded and validated as a report; problems collected, never raised."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for item in uploads:
        suffix = _suffix(item.name)
        try:
            if suffix in WORKBOOK_SUFFIXES:
                loaded = load_report_bytes(item.data, name=item.name, error=ReportError)
            elif suffix in SUFFIXES:
                loaded = load_text(item.data, name=item.name, format=SUFFIXES[suffix], error=ReportError)
            elif suffix in MACRO_SUFFIXES:
                raise ReportError([problem(Code.XLSX_MACROS, at=Location(item.name))])
            else:
                shown = suffix or "(không có đuôi / no extension)"
                raise ReportError(
                    [problem(Code.UNSUPPORTED_REPORT_TYPE, at=Location(item.name), suffix=shown)]
                )
            documents.append(build_document(loaded))
        except InputError as exc:
            problems.extend(exc.problems)
    return documents, problems


def read_roster(item: Upload) -> list[RosterEntry]:
    """A roster sent as a file; its problems name the file as sent (InputError)."""
    suffix = _suffix(item.name) if _suffix(item.name) in (".csv", ".yaml", ".yml") else ".yaml"
    with tempfile.TemporaryDirectory(prefix="compliance-roster-") as folder:
        path = Path(folder) / f"roster{suffix}"
        path.write_bytes(item.data)
        try:
            return load_roster(path)
        except InputError as exc:
            raise InputError([_renamed(p, str(path), item.name) for p in exc.problems]) from None


def _renamed(p: Problem, temporary: str, name: str) -> Problem:
    if p.at.file != temporary:
        return p
    return dataclasses.replace(p, at=dataclasses.replace(p.at, file=name))


def as_of_date(typed: str, today: dt.date) -> dt.date:
    """The "as of" date a person typed (dd/mm/yyyy, or ISO); today when left empty."""
    if not typed.strip():
        return today
    try:
        return parse_user_date(typed)
    except DateInputError as exc:
        raise InputError([problem(exc.code, at=Location("as_of"), **exc.values)]) from None


def check(
    engine: Engine,
    uploads: Sequence[Upload],
    *,
    as_of: dt.date,
    roster: Sequence[RosterEntry] | None = None,
    problems: Sequence[Problem] = (),
) -> CheckResult:
    """The findings of every portfolio the uploads form (and of each roster unit that sent
    nothing), with the problems of the files that could not be read. Raises :class:`InputError`
    when there is nothing to judge: no document and no roster (a check of nothing proves nothing)."""
    documents, read_problems = read_reports(uploads)
    found = [*problems, *read_problems]
    if not documents and not roster:
        raise InputError(found or [problem(Code.NO_DOCUMENTS, at=Location())])
    findings, notes = engine.check_grouped(documents, as_of=as_of)
    if roster:
        reporting = {(f.unit_id, f.school_year) for f in findings}
        for entry in roster:
            if (entry.unit.unit_id, entry.school_year) not in reporting:
                done = absent(engine, entry, as_of)
                assert isinstance(done.findings, list)  # made here, not packed by a worker
                findings.extend(done.findings)
                notes.extend(done.notes)
    return engine.result(findings, documents, as_of=as_of, problems=found, notes=notes)
