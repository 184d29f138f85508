"""Pass 2 of an audit: each portfolio's files loaded, validated and checked by a worker's own
engine; only findings, document summaries and problems travel back. A document whose real key
differs from its pass-1 key is handed back as a stray and checked with its real portfolio. A roster
unit that sent nothing is checked here with an empty portfolio."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from compliance.audit.pool import worker_engine
from compliance.audit.sniff import Key
from compliance.engine import Engine, applicable_packs, document_info
from compliance.errors import InputError, Problem, ReportError
from compliance.findings import DocumentInfo, Finding
from compliance.i18n import Text
from compliance.loading import load_file
from compliance.portfolio import Portfolio, build_document
from compliance.roster import RosterEntry


@dataclass(frozen=True, slots=True)
class Task:
    key: Key
    paths: tuple[str, ...]
    as_of: dt.date


@dataclass(frozen=True, slots=True)
class Done:
    key: Key
    findings: list[Finding]
    documents: Sequence[DocumentInfo]  # kept in the audit's spool once collected
    notes: list[Text]
    problems: list[Problem] = field(default_factory=list)
    strays: list[tuple[str, Key]] = field(default_factory=list)  # (path, its real key)


def evaluate(task: Task, engine: Engine | None = None) -> Done:
    """Check one portfolio, with ``engine`` or (in a worker) the worker's own."""
    engine = engine or worker_engine()
    docs = []
    problems: list[Problem] = []
    strays: list[tuple[str, Key]] = []
    for path in task.paths:
        try:
            doc = build_document(load_file(path, error=ReportError))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if (doc.unit_id, doc.school_year) == task.key:
            docs.append(doc)
        else:  # the quick reading of pass 1 was wrong: the parent regroups it
            strays.append((path, (doc.unit_id, doc.school_year)))
    findings, notes = engine.check_grouped(docs, as_of=task.as_of) if docs else ([], [])
    return Done(task.key, findings, [document_info(d) for d in docs], notes, problems, strays)


def regroup(done: dict[Key, Done], strays: list[tuple[str, Key]], as_of: dt.date, engine: Engine) -> None:
    """Check again, here, each portfolio that a document was wrongly kept out of."""
    extra: dict[Key, list[str]] = {}
    for path, key in strays:
        extra.setdefault(key, []).append(path)
    for key, paths in sorted(extra.items()):
        own = [d.file for d in done[key].documents] if key in done else []
        done[key] = evaluate(Task(key, tuple(sorted(own + paths)), as_of), engine)


def absent(engine: Engine, entry: RosterEntry, as_of: dt.date) -> Done:
    """Findings for a roster unit that sent nothing: an empty portfolio."""
    portfolio = Portfolio(entry.unit, entry.school_year, ())
    findings = engine.check_portfolio(portfolio, as_of=as_of)
    notes = (
        []
        if findings or applicable_packs(engine.program, portfolio)
        else [
            Text(
                vi=f"Không có bộ tiêu chí nào áp dụng cho {entry.unit.unit_id} năm học {entry.school_year}.",
                en=f"No rule pack applies to {entry.unit.unit_id} for school year {entry.school_year}.",
            )
        ]
    )
    return Done((entry.unit.unit_id, entry.school_year), findings, [], notes)
