"""Report documents and portfolios (all documents of one unit for one school year).

A :class:`Document` is a validated report plus its *facts*: the same data with every date field
turned into a ``datetime.date`` (date-times become the calendar day in Vietnam, UTC+7). Facts are
built once per document; rules then read them without parsing anything again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from compliance.dates import local_date
from compliance.errors import InputError, Problem, ReportError
from compliance.fieldtypes import FieldType, report_type
from compliance.loading import LoadedFile, load_file
from compliance.paths import find_reports
from compliance.textnorm import place_key
from compliance.validate import validate_report


@dataclass(frozen=True, slots=True)
class Document:
    source: LoadedFile
    facts: dict[str, Any]

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def kind(self) -> str:
        return str(self.facts["kind"])

    @property
    def unit_id(self) -> str:
        return str(self.facts["submitter"]["unit_id"])

    @property
    def school_year(self) -> str:
        return str(self.facts["school_year"])

    @property
    def received(self) -> dt.date:
        received: dt.date = self.facts["received_at"]
        return received


@dataclass(frozen=True, slots=True)
class Unit:
    """Who a portfolio belongs to, as its documents describe it."""

    unit_id: str
    unit_type: str
    unit_name: str | None
    levels: frozenset[str]
    province: str | None  # keys (textnorm.place_key), what packs are matched on
    district: str | None
    province_name: str | None = None  # as written, for messages
    district_name: str | None = None


@dataclass(frozen=True, slots=True)
class Portfolio:
    unit: Unit
    school_year: str
    documents: tuple[Document, ...] = field(default_factory=tuple)
    # (replaced, replacement) pairs that :func:`without_replaced` set aside: what a counted
    # document corrects (:func:`earlier_versions`)
    replaced: tuple[tuple[Document, Document], ...] = ()


def to_facts(value: Any, ftype: FieldType | None) -> Any:
    """Typed copy of validated data: dates and date-times become ``datetime.date``; every object
    and array the type names is a new one, any other value is the one given."""
    return value if ftype is None else _converter(ftype)(value)


Convert = Callable[[Any], Any]
_CONVERTED = frozenset({"date", "object", "array"})  # the kinds whose values are not kept as given


@cache  # a field type is frozen: equal types convert alike
def _converter(ftype: FieldType) -> Convert:
    """What :func:`to_facts` does with a value of type ``ftype``, made once per type: an object's
    converter calls only those of its properties that are dates, objects or arrays (a report is
    mostly text and numbers, kept as they are without a call each)."""
    if ftype.kind == "date":
        return lambda value: local_date(value) if isinstance(value, str) else value
    if ftype.kind == "object":
        props = {k: _converter(t) for k, t in ftype.properties.items() if t.kind in _CONVERTED}

        def convert_object(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            return {k: v if (c := props.get(k)) is None else c(v) for k, v in value.items()}

        return convert_object
    if ftype.kind == "array":
        item = _same if ftype.item is None else _converter(ftype.item)
        if item is _same:  # a list of text or numbers: copied as it is
            return lambda value: list(value) if isinstance(value, list) else value
        return lambda value: [item(v) for v in value] if isinstance(value, list) else value
    return _same


def _same(value: Any) -> Any:
    return value


def build_document(source: LoadedFile) -> Document:
    """Validate a loaded report; raise :class:`ReportError` with every problem found."""
    problems = validate_report(source)
    if problems:
        raise ReportError(problems)
    return Document(source, to_facts(source.data, report_type()))


def read_document(path: str | os.PathLike[str]) -> Document:
    return build_document(load_file(path, error=ReportError, workbook=True))


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path | str], list[Problem]]:
    """Files as given, and the report files (.yaml/.yml/.json) below each folder, sorted (URLs
    after paths: :mod:`compliance.remote`), each once (a folder and a file inside it read it once);
    every other entry named like a report (a folder that
    cannot be opened, a broken link, a pipe) and every unusable path is a problem
    (:mod:`compliance.paths`)."""
    found = find_reports(paths)
    return [*found.names()], found.unusable + found.problems  # each once: a folder and a file in it


def read_documents(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Document], list[Problem]]:
    """Load and validate every file; problems are collected, never raised, so one bad file does
    not hide the others."""
    files, problems = expand_paths(paths)
    documents = []
    for path in files:
        try:
            documents.append(read_document(path))
        except InputError as exc:
            problems.extend(exc.problems)
    return documents, problems


def stated(documents: Sequence[Document], field: str) -> str | None:
    """``submitter.<field>`` as the latest-received document that states it writes it."""
    for doc in sorted(documents, key=lambda d: (d.received, d.name), reverse=True):
        value = doc.facts["submitter"].get(field)
        if value:
            return str(value)
    return None


def unit_of(documents: Sequence[Document]) -> Unit:
    """The unit as its latest-received document describes it; levels are the union, and the place
    is the one the documents state (a document that leaves it out does not move the unit). Whether
    the documents agree is :func:`compliance.scope.conflicts`' to say."""
    latest = max(documents, key=lambda d: (d.received, d.name))
    sub = latest.facts["submitter"]
    levels = frozenset(lv for d in documents for lv in d.facts["submitter"].get("school_levels", []))
    province, district = stated(documents, "province"), stated(documents, "district")
    return Unit(
        unit_id=sub["unit_id"],
        unit_type=sub["unit_type"],
        unit_name=sub.get("unit_name"),
        levels=levels,
        province=place_key(province) if province else None,
        district=place_key(district) if district else None,
        province_name=province,
        district_name=district,
    )


def group(documents: Iterable[Document]) -> list[Portfolio]:
    """Portfolios by (unit id, school year), in a stable order; documents by receipt."""
    buckets: dict[tuple[str, str], list[Document]] = {}
    for doc in documents:
        buckets.setdefault((doc.unit_id, doc.school_year), []).append(doc)
    out = []
    for (_, year), docs in sorted(buckets.items()):
        docs.sort(key=lambda d: (d.received, d.name))
        out.append(Portfolio(unit_of(docs), year, tuple(docs)))
    return out


def as_of_view(portfolio: Portfolio, as_of: dt.date) -> tuple[Portfolio, list[Document]]:
    """The portfolio as it stood on ``as_of``: documents received later are set aside (an audit
    "as of" a date sees what had arrived by then), and do not describe the unit either. Returns
    the view and the documents set aside."""
    later = [d for d in portfolio.documents if d.received > as_of]
    if not later:
        return portfolio, []
    kept = tuple(d for d in portfolio.documents if d.received <= as_of)
    return _view(portfolio, kept), later


def without_replaced(portfolio: Portfolio) -> tuple[Portfolio, list[tuple[Document, Document]]]:
    """The portfolio without the documents that a later one declares it replaces
    (``replaces: <id>``); returns the view and the (replaced, replacement) pairs. A document
    replaces only one received no later than itself: a correction comes after what it corrects."""
    by_id = {str(d.facts["id"]): d for d in portfolio.documents if d.facts.get("id")}
    pairs = []
    for doc in portfolio.documents:
        target = by_id.get(str(doc.facts.get("replaces", "")))
        if target is not None and target is not doc and target.received <= doc.received:
            pairs.append((target, doc))
    if not pairs:
        return portfolio, []
    gone = {id(old) for old, _ in pairs}
    kept = tuple(d for d in portfolio.documents if id(d) not in gone)
    view = _view(portfolio, kept)
    return Portfolio(view.unit, view.school_year, view.documents, tuple(pairs)), pairs


def unmatched_replaces(portfolio: Portfolio) -> list[tuple[Document, Document | None]]:
    """The documents whose ``replaces`` replaces nothing: with the document of that id when it
    was received after the one that names it (a correction comes after what it corrects), else
    None (no document of the portfolio has that id)."""
    by_id = {str(d.facts["id"]): d for d in portfolio.documents if d.facts.get("id")}
    found: list[tuple[Document, Document | None]] = []
    for doc in portfolio.documents:
        named = doc.facts.get("replaces")
        if not named:
            continue
        target = by_id.get(str(named))
        if target is None:
            found.append((doc, None))
        elif target is not doc and target.received > doc.received:
            found.append((doc, target))
    return found


def repeated_ids(portfolio: Portfolio) -> list[tuple[str, list[Document]]]:
    """The ``id`` values that more than one document of the portfolio carries, with them."""
    by_id: dict[str, list[Document]] = {}
    for doc in portfolio.documents:
        if doc.facts.get("id"):
            by_id.setdefault(str(doc.facts["id"]), []).append(doc)
    return [(key, docs) for key, docs in sorted(by_id.items()) if len(docs) > 1]


def earlier_versions(portfolio: Portfolio, doc: Document) -> list[Document]:
    """The documents ``doc`` replaces (``replaces: <id>``), directly or through a replacement it
    replaces in turn, latest first: the earlier versions of the same report."""
    by_new: dict[int, Document] = {id(new): old for old, new in portfolio.replaced}
    found: list[Document] = []
    current = by_new.get(id(doc))
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        current = by_new.get(id(current))
    return found


def _view(portfolio: Portfolio, kept: tuple[Document, ...]) -> Portfolio:
    """The portfolio with only the documents ``kept``: the unit is as they describe it (a document
    set aside does not decide the scope); with none kept, as the set-aside ones did."""
    unit = unit_of(kept) if kept else portfolio.unit
    return Portfolio(unit, portfolio.school_year, kept)


def get(value: Any, path: Sequence[str]) -> Any:
    """The value at ``path`` or None (absent and null are the same to rules)."""
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
        if value is None:
            return None
    return value
