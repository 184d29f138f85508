"""The office's register of received documents (sổ văn bản đến), ``audit --register FILE``.

Receipt belongs to the recipient: the date a report was received is the one the office wrote in
its register, not the one the sender typed in ``received_at``. :func:`load_register` reads the
register (an e-office export, CSV or XLSX; docs/register.md); :meth:`Register.apply` gives a
report the register's ngày đến and :func:`annotate` makes the findings say so; the audit
(:mod:`compliance.audit`) calls them where the documents are built, in its workers (each gets the
register once, when it starts), and words what did not match as notes.

Matching (docs/register.md): a row matches a report when its số hiệu is the report's
``document.so_hieu`` (:func:`so_hieu_key`: spaces, case and Đ/D do not count) **and** its sender
names the report's unit (:func:`sender_key`): the report's ``submitter.unit_name``, its unit id,
or the unit's name on the roster. A register holds names as an officer writes them, never our
ids, so names are compared on a key that ignores case, spacing, punctuation, where a tone mark
sits (hoà/hòa) and a leading "Trường".

Every row must be readable: a register is evidence, so a row with no date, a date that cannot be
read, no sender or no số hiệu stops the audit (exit 2) naming the file and line (or sheet and
cell); nothing is silently dropped.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.dates import MAX_YEAR, MIN_YEAR, DateInputError, parse_user_date
from compliance.errors import Code, InputError, Location, Problem
from compliance.findings import Evidence, Finding
from compliance.i18n import Text, vn_date
from compliance.messages import problem
from compliance.portfolio import Document
from compliance.textnorm import normalize_text, place_key

NEAR = dt.timedelta(days=183)  # rows for one report: within half a year of the date it states
MAX_ROWS = 100_000  # a district office receives a few thousand documents a year
MAX_BYTES = 32 * 1024 * 1024

# The columns, each with the headings an export may give it (compared folded: no diacritics,
# case or punctuation). Other columns (Ngày văn bản, Người nhận, Ghi chú …) are ignored.
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("Số đến", "Số văn bản đến", "Số thứ tự đến", "Số ĐKĐ", "Incoming number"),
    "received": ("Ngày đến", "Ngày nhận", "Ngày văn bản đến", "Date received"),
    "sender": (
        "Nơi gửi",
        "Đơn vị gửi",
        "Cơ quan gửi",
        "Cơ quan ban hành",
        "Nơi ban hành",
        "Tác giả",
        "Sender",
    ),
    "so_hieu": (
        "Số, ký hiệu",
        "Số ký hiệu",
        "Số và ký hiệu",
        "Số/ký hiệu",
        "Số hiệu",
        "Ký hiệu",
        "Reference",
    ),
    "summary": ("Trích yếu", "Trích yếu nội dung", "Tên loại và trích yếu nội dung", "Summary"),
}
REQUIRED = ("number", "received", "sender", "so_hieu")
HEADINGS = {"number": "Số đến", "received": "Ngày đến", "sender": "Nơi gửi", "so_hieu": "Số, ký hiệu"}
HEADER_SEARCH = 10  # title rows an export puts above the headings ("SỔ VĂN BẢN ĐẾN", "Năm 2024")
SHEET_WORDS = ("van ban den", "so den")  # a sheet named like "Sổ văn bản đến" is read, else the first


def _fold(text: str) -> str:
    """No diacritics (đ is d), no case, punctuation as spaces: how headings are compared."""
    folded = unicodedata.normalize("NFD", " ".join(normalize_text(text).casefold().split()).replace("đ", "d"))
    words = re.split(r"[\W_]+", "".join(c for c in folded if not unicodedata.combining(c)))
    return " ".join(w for w in words if w)


_BY_HEADING = {_fold(h): column for column, headings in COLUMNS.items() for h in headings}


def so_hieu_key(value: str) -> str:
    """A số hiệu as it is matched: NFC, no white space, no case, Đ as D ("25/BC-PGDĐT" is
    "25/bc-pgddt", and so is "25 / BC-PGDDT")."""
    text = "".join(normalize_text(value).split()).casefold()
    return text.replace("đ", "d")


def sender_key(value: str) -> str:
    """A sender's name as it is matched: :func:`~compliance.textnorm.place_key` (case, spacing,
    tone placement), punctuation as spaces, a leading "Trường" dropped ("Trường THCS Nhân Chính"
    is "THCS Nhân Chính"). Letters stay distinct: "Đ" is not "D"."""
    words = [w for w in re.split(r"[^\w]+", place_key(value)) if w]
    if len(words) > 1 and words[0] == "trường":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the register: số đến, ngày đến, the sender, the số hiệu and the trích yếu, as
    written, and where the row is (a line of a CSV, a row of a sheet)."""

    index: int  # 0-based, among the register's rows
    number: str
    received: dt.date
    sender: str
    so_hieu: str
    summary: str | None
    line: int | None = None  # CSV
    cell: str | None = None  # XLSX: the ngày đến cell, "Sổ văn bản đến!C7"

    def where(self, file: str) -> str:
        return f"{file} › {self.cell}" if self.cell else f"{file}:{self.line}"

    def described(self) -> Text:
        summary = f", {self.summary}" if self.summary else ""
        return Text(
            vi=f"số đến {self.number}, ngày {vn_date(self.received)}, {self.sender}, số hiệu {self.so_hieu}{summary}",
            en=f"incoming no. {self.number}, {vn_date(self.received)}, {self.sender}, reference {self.so_hieu}"
            f"{summary}",
        )


@dataclass(frozen=True, slots=True)
class Applied:
    """What the register did to one report: the row that matched it and the date it replaced
    (``None`` when the register agrees with the report)."""

    entry: Entry
    stated: dt.date | None


@dataclass(frozen=True, slots=True)
class Register:
    """A register read by :func:`load_register`. ``names``: other names of a unit (the roster's),
    by unit id, as :func:`sender_key` keys."""

    file: str
    entries: tuple[Entry, ...]
    names: dict[str, frozenset[str]] = field(default_factory=dict)
    _by_so_hieu: dict[str, tuple[Entry, ...]] = field(default_factory=dict, init=False, repr=False)
    _by_sender: dict[str, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[Entry]] = {}
        senders: dict[str, list[int]] = {}
        for entry in self.entries:
            index.setdefault(so_hieu_key(entry.so_hieu), []).append(entry)
            senders.setdefault(sender_key(entry.sender), []).append(entry.index)
        object.__setattr__(self, "_by_so_hieu", {k: tuple(v) for k, v in index.items()})
        object.__setattr__(self, "_by_sender", {k: tuple(v) for k, v in senders.items()})

    def _names(self, doc: Document) -> set[str]:
        """The keys a sender naming the unit of ``doc`` may have."""
        names = {sender_key(doc.unit_id), *self.names.get(doc.unit_id, ())}
        unit_name = doc.facts["submitter"].get("unit_name")
        if unit_name:
            names.add(sender_key(str(unit_name)))
        return names

    def sent_by(self, doc: Document) -> tuple[int, ...]:
        """The rows whose sender names the unit of ``doc``, whatever their số hiệu."""
        return tuple(sorted(i for name in self._names(doc) for i in self._by_sender.get(name, ())))

    def sent_by_listed(self) -> tuple[int, ...]:
        """The rows whose sender is a unit's name given by :meth:`knowing` (the roster's)."""
        listed = {name for names in self.names.values() for name in names}
        return tuple(sorted(i for name in listed for i in self._by_sender.get(name, ())))

    def knowing(self, names: Iterable[tuple[str, str]]) -> Register:
        """This register, matching each unit also by the names given as (unit id, name): the roster's."""
        known: dict[str, set[str]] = {k: set(v) for k, v in self.names.items()}
        for unit_id, name in names:
            known.setdefault(unit_id, set()).add(sender_key(name))
        return dataclasses.replace(self, names={k: frozenset(v) for k, v in known.items()})

    def match(self, doc: Document) -> Entry | None:
        """The row that records ``doc``: same số hiệu, a sender naming its unit. Of several, the
        earliest received within :data:`NEAR` of the date the report states (a document registered
        twice had arrived by the first; units number their documents afresh each year, so the
        same số hiệu a year away is another document), else the nearest."""
        so_hieu = (doc.facts.get("document") or {}).get("so_hieu")
        if not so_hieu:
            return None
        names = self._names(doc)
        rows = [
            e for e in self._by_so_hieu.get(so_hieu_key(str(so_hieu)), ()) if sender_key(e.sender) in names
        ]
        if len(rows) <= 1:
            return rows[0] if rows else None
        near = [e for e in rows if abs(e.received - doc.received) <= NEAR]
        if near:
            return min(near, key=lambda e: (e.received, e.index))
        return min(rows, key=lambda e: (abs(e.received - doc.received), e.received, e.index))

    def apply(self, doc: Document) -> tuple[Document, Applied | None]:
        """``doc`` received on the register's ngày đến, and what changed; ``doc`` as it is and
        None when no row records it."""
        entry = self.match(doc)
        if entry is None:
            return doc, None
        if entry.received == doc.received:
            return doc, Applied(entry, None)
        stated = doc.received
        return Document(doc.source, {**doc.facts, "received_at": entry.received}), Applied(entry, stated)

    def evidence(self, entry: Entry) -> Evidence:
        return Evidence(
            document=self.file,
            pointer=f"/{entry.index}",
            line=entry.line,
            value=entry.received.isoformat(),
            cell=entry.cell,
        )

    def missing(self, doc: Document) -> Text:
        """The audit's note for a report no row records."""
        so_hieu = (doc.facts.get("document") or {}).get("so_hieu")
        if not so_hieu:
            return Text(
                vi=f"{doc.unit_id}: báo cáo {doc.name} không ghi số hiệu (document.so_hieu) nên không đối chiếu "
                f"được với sổ văn bản đến {self.file}; ngày nhận tính theo báo cáo ({vn_date(doc.received)}).",
                en=f"{doc.unit_id}: report {doc.name} gives no reference number (document.so_hieu), so it cannot "
                f"be found in the register {self.file}; the received date is the report's ({vn_date(doc.received)}).",
            )
        return Text(
            vi=f"{doc.unit_id}: báo cáo {doc.name} (số hiệu {so_hieu}) không có trong sổ văn bản đến {self.file}; "
            f"ngày nhận tính theo báo cáo ({vn_date(doc.received)}).",
            en=f"{doc.unit_id}: report {doc.name} (reference {so_hieu}) is not in the register {self.file}; "
            f"the received date is the report's ({vn_date(doc.received)}).",
        )

    def unmatched(self, used: Iterable[int], known: Iterable[int]) -> list[Text]:
        """The audit's notes for the rows no report matched: one for each row sent by a unit the
        audit knows (``known``: its reports' units, the roster's), in the register's order, and one
        counting the others (a register records every incoming document, most of them no report)."""
        taken, ours = set(used), set(known)
        notes = []
        others = 0
        for entry in self.entries:
            if entry.index in taken:
                continue
            if entry.index not in ours:
                others += 1
            else:
                row = entry.described()
                where = entry.where(self.file)
                notes.append(
                    Text(
                        vi=f"Sổ văn bản đến {where} ({row.vi}): không có báo cáo nào khớp trong các tệp được kiểm tra.",
                        en=f"Register of received documents {where} ({row.en}): no report among the audited "
                        "files matches it.",
                    )
                )
        if others:
            notes.append(
                Text(
                    vi=f"Sổ văn bản đến {self.file}: {others} dòng từ nơi gửi không phải đơn vị nào được kiểm tra "
                    "(hoặc trong danh sách đơn vị) không khớp báo cáo nào và không được dùng.",
                    en=f"Register of received documents {self.file}: {others} row(s) from senders that are none "
                    "of the audited (or listed) units match no report and were not used.",
                )
            )
        return notes


def disagreement(applied: Applied) -> Text:
    """The note on a finding whose received date is the register's, not the report's."""
    entry, stated = applied.entry, applied.stated
    assert stated is not None
    return Text(
        vi=f"Ngày nhận theo sổ văn bản đến (số đến {entry.number}, ngày {vn_date(entry.received)}) khác ngày ghi "
        f"trong báo cáo ({vn_date(stated)}); tính theo sổ.",
        en=f"The register of received documents (incoming no. {entry.number}, {vn_date(entry.received)}) gives "
        f"another received date than the report ({vn_date(stated)}); the register's date is used.",
    )


def annotate(findings: Sequence[Finding], register: Register, applied: dict[str, Applied]) -> list[Finding]:
    """Each finding that cites the received date of a report the register corrected says so: a
    note, and the register's row as evidence."""
    corrected = {name: a for name, a in applied.items() if a.stated is not None}
    if not corrected:
        return list(findings)
    out = []
    for f in findings:
        cited = [
            corrected[e.document]
            for e in f.evidence
            if e.pointer == "/received_at" and e.document in corrected
        ]
        if cited:
            f = dataclasses.replace(
                f,
                notes=[*f.notes, *(disagreement(a) for a in cited)],
                evidence=[*f.evidence, *(register.evidence(a.entry) for a in cited)],
            )
        out.append(f)
    return out


# ----------------------------------------------------------------------------- reading


def load_register(path: str | os.PathLike[str]) -> Register:
    """Read a register (CSV or XLSX); raise :class:`InputError` listing every bad row."""
    name = str(path)
    suffix = Path(path).suffix.lower()
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                [problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=f"{size} bytes > {MAX_BYTES}")]
            )
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            [problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=exc.strerror or exc)]
        ) from None
    if suffix == ".csv":
        rows, cell_of = _csv_rows(raw, name), None
    elif suffix == ".xlsx":
        rows, cell_of = _xlsx_rows(raw, name)
    else:
        detail = f"'{suffix or name}': CSV, XLSX"
        raise InputError([problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=detail)])
    return _read(name, rows, cell_of)


def _csv_rows(raw: bytes, name: str) -> list[tuple[int, list[Any]]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        detail = f"không phải UTF-8 / not UTF-8 (byte {exc.start})"
        raise InputError([problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=detail)]) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        start = 1
        for values in reader:
            rows.append((start, list(values)))
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise InputError(
                    [problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=f"> {MAX_ROWS} rows")]
                )
    except csv.Error as exc:
        raise InputError(
            [problem(Code.REGISTER_UNREADABLE, at=Location(name, reader.line_num), detail=exc)]
        ) from None
    return rows


def _delimiter(text: str) -> str:
    """The separator under which the heading row is found among the first lines (Excel in a
    Vietnamese locale saves ";"), else the one the first line holds most of."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH])
    for delimiter in (",", ";", "\t"):
        try:
            rows: list[tuple[int, list[Any]]] = list(
                enumerate(csv.reader(io.StringIO(head), delimiter=delimiter))
            )
        except csv.Error:
            continue
        if _header(rows) is not None:
            return delimiter
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)


def _xlsx_rows(raw: bytes, name: str) -> tuple[list[tuple[int, list[Any]]], str]:
    from compliance.loading._base import DEFAULT_LIMITS, Fail  # noqa: PLC0415 - only for workbooks
    from compliance.loading._xlsx import _check_zip  # noqa: PLC0415

    try:
        _check_zip(raw, name, DEFAULT_LIMITS)
    except Fail as fail:
        raise InputError(fail.problems) from None
    import openpyxl  # noqa: PLC0415 - a workbook reader only when a workbook is read

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # a damaged part: openpyxl raises KeyError, ValueError, XML errors …
        detail = f"{type(exc).__name__}: {exc}"[:300]
        raise InputError([problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=detail)]) from None
    try:
        sheets = book.worksheets
        sheet = next((s for s in sheets if any(w in _fold(s.title) for w in SHEET_WORDS)), sheets[0])
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, list(values)))
            if number > MAX_ROWS:
                raise InputError(
                    [problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=f"> {MAX_ROWS} rows")]
                )
        return rows, str(sheet.title)
    except InputError:
        raise
    except Exception as exc:  # a sheet's XML damaged past what openpyxl tolerates
        detail = f"{type(exc).__name__}: {exc}"[:300]
        raise InputError([problem(Code.REGISTER_UNREADABLE, at=Location(name), detail=detail)]) from None
    finally:
        book.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]] | None:
    """The heading row (its position in ``rows``) and each column's index, among the first rows."""
    for position, (_, values) in enumerate(rows[:HEADER_SEARCH]):
        columns: dict[str, int] = {}
        for i, value in enumerate(values):
            column = _BY_HEADING.get(_fold(str(value))) if isinstance(value, str) else None
            if column is not None:
                columns.setdefault(column, i)
        if all(c in columns for c in REQUIRED):
            return position, columns
    return None


def _read(name: str, rows: list[tuple[int, list[Any]]], sheet: str | None) -> Register:
    from compliance.loading._xlsx import cell_name  # noqa: PLC0415 - light: openpyxl is not imported

    found = _header(rows)
    if found is None:
        seen = {_BY_HEADING.get(_fold(str(v))) for _, values in rows[:HEADER_SEARCH] for v in values if v}
        missing = ", ".join(HEADINGS[c] for c in REQUIRED if c not in seen) or ", ".join(HEADINGS.values())
        raise InputError(
            [
                problem(
                    Code.REGISTER_NO_HEADER, at=Location(name, 1 if sheet is None else None), missing=missing
                )
            ]
        )
    position, columns = found
    problems: list[Problem] = []
    entries: list[Entry] = []
    for number, values in rows[position + 1 :]:
        if all(_blank(v) for v in values):
            continue

        def at(column: str, number: int = number) -> Location:
            if sheet is None:
                return Location(name, number)
            return Location(name, cell=cell_name(sheet, columns[column] + 1, number))

        cells = {c: values[i] if i < len(values) else None for c, i in columns.items()}
        bad = False
        for column, value in cells.items():
            if isinstance(value, str) and value.startswith("=") and sheet is not None:
                problems.append(problem(Code.REGISTER_FORMULA, at=at(column), text=value[:60]))
                bad = True
        if bad:
            continue
        for column in REQUIRED:
            if _blank(cells[column]):
                problems.append(problem(Code.REGISTER_EMPTY_CELL, at=at(column), column=HEADINGS[column]))
                bad = True
        if bad:
            continue
        received = _date(cells["received"])
        if isinstance(received, Text):
            text = str(cells["received"]).strip()[:60]
            problems.append(problem(Code.REGISTER_BAD_DATE, at=at("received"), text=text, reason=received))
            continue
        summary = cells.get("summary")
        entries.append(
            Entry(
                index=len(entries),
                number=_text(cells["number"]),
                received=received,
                sender=_text(cells["sender"]),
                so_hieu=_text(cells["so_hieu"]),
                summary=_text(summary) if not _blank(summary) else None,
                line=number if sheet is None else None,
                cell=at("received").cell,
            )
        )
    if problems:
        raise InputError(problems)
    if not entries:
        raise InputError([problem(Code.REGISTER_EMPTY, at=Location(name))])
    return Register(name, tuple(entries))


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():  # a số đến typed as a number: 15.0 is "15"
        value = int(value)
    return normalize_text(" ".join(str(value).split()))


_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?\Z")  # an export's "08/01/2024 09:15": the day counts


def _date(value: Any) -> dt.date | Text:
    """The day a cell gives (a date cell, dd/mm/yyyy, YYYY-MM-DD), or why it gives none."""
    if isinstance(value, dt.date):  # a date cell (a datetime is a date too)
        day = value.date() if isinstance(value, dt.datetime) else value
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            return Text(
                vi=f"năm {day.year} ngoài {MIN_YEAR}–{MAX_YEAR}",
                en=f"year {day.year} outside {MIN_YEAR}–{MAX_YEAR}",
            )
        return day
    if not isinstance(value, str):
        return Text(vi="không phải ngày", en="not a date")
    text = _TIME.sub("", value.strip())
    try:
        return parse_user_date(text)
    except DateInputError as exc:
        return exc.message


__all__ = [
    "COLUMNS",
    "Applied",
    "Entry",
    "Register",
    "annotate",
    "load_register",
    "sender_key",
    "so_hieu_key",
]
