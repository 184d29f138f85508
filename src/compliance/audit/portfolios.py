"""Pass 2 of an audit: each portfolio's files loaded, validated and checked by a worker's own
engine; only findings, document summaries and problems travel back. A document whose real key
differs from its pass-1 key is handed back as a stray and checked with its real portfolio. A roster
unit that sent nothing is checked here with an empty portfolio. A portfolio that no pack applies to
gets the engine's ``compliance/no-applicable-pack`` error finding either way (never only a note).

Nothing that happens to one portfolio stops the audit. An unexpected exception while loading,
validating or evaluating it (a bug of ours, never the unit's fault) makes every rule that applies
to it an ``error`` finding naming the exception, and the portfolio is counted as failed; so is a
portfolio whose worker process died twice (:mod:`compliance.audit.pool`), after :func:`scope` has
read, in a worker of its own, what it can of the unit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from compliance.audit.packed import Packed, pack, sent_whole
from compliance.audit.pool import describe, worker_encoder, worker_engine, worker_register
from compliance.audit.sniff import Key
from compliance.engine import Engine, document_info
from compliance.errors import Code, InputError, Location, Problem, ReportError
from compliance.findings import DocumentInfo, Finding, Status
from compliance.i18n import Text
from compliance.judge import Outcome, make_finding, not_applicable_reason
from compliance.loading import load_file
from compliance.messages import problem
from compliance.portfolio import Document, Portfolio, Unit, build_document, unit_of
from compliance.register import Applied, Register, annotate
from compliance.roster import RosterEntry
from compliance.scope import addressed, applicable_packs, no_applicable_pack


@dataclass(frozen=True, slots=True)
class Task:
    key: Key
    paths: tuple[str, ...]
    as_of: dt.date


@sent_whole
@dataclass(frozen=True, slots=True)
class Done:
    key: Key
    findings: list[Finding] | Packed  # Packed: as a worker sends them (the parent keeps them so)
    documents: Sequence[DocumentInfo]  # kept in the audit's spool once collected
    notes: list[Text]
    problems: list[Problem] = field(default_factory=list)
    strays: list[tuple[str, Key]] = field(default_factory=list)  # (path, its real key)
    failure: Text | None = None  # why the portfolio could not be evaluated (its rules are errors)
    registered: tuple[int, ...] = ()  # the register's rows that matched a document of it
    senders: tuple[int, ...] = ()  # the register's rows sent by its unit (matched or not)


def crashed(error: str) -> Text:
    """Why a portfolio is not evaluated: an unexpected exception (``Type: message``)."""
    return Text(
        vi=f"Không đánh giá được hồ sơ này do lỗi không lường trước của chương trình ({error}); "
        "các hồ sơ khác vẫn được kiểm tra. Hãy báo lỗi này cho nhóm phát triển.",
        en=f"This portfolio could not be evaluated because of an unexpected error ({error}); "
        "the other portfolios were still checked. Please report this error to the developers.",
    )


DIED = Text(
    vi="Không đánh giá được hồ sơ này: tiến trình kiểm tra bị dừng đột ngột hai lần khi xử lý nó "
    "(có thể do hết bộ nhớ); các hồ sơ khác vẫn được kiểm tra.",
    en="This portfolio could not be evaluated: the worker process checking it died twice "
    "(perhaps out of memory); the other portfolios were still checked.",
)


def evaluate(task: Task, engine: Engine | None = None, register: Register | None = None) -> Done:
    """Check one portfolio, with ``engine`` and ``register`` (the office's register of received
    documents: its dates win) or, in a worker, the worker's own. Never raises."""
    in_worker = engine is None
    if engine is None:
        engine, register = worker_engine(), worker_register()
    docs: list[Document] = []
    problems: list[Problem] = []
    strays: list[tuple[str, Key]] = []
    error: str | None = None
    applied: dict[str, Applied] = {}
    senders: set[int] = set()
    register_notes: list[Text] = []
    for path in task.paths:
        try:
            doc = build_document(load_file(path, error=ReportError, workbook=True))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except Exception as exc:  # one document that trips the engine costs only its portfolio
            error = describe(exc)
            problems.append(problem(Code.UNEXPECTED_ERROR, at=Location(path), error=error))
            continue
        if (
            doc.unit_id,
            doc.school_year,
        ) != task.key:  # the quick reading of pass 1 was wrong: the parent regroups it
            strays.append((path, (doc.unit_id, doc.school_year)))
            continue
        if register is not None:  # the received date is the register's
            doc, done_by = register.apply(doc)
            senders.update(register.sent_by(doc))
            if done_by is None:
                register_notes.append(register.missing(doc))
            else:
                applied[doc.name] = done_by
        docs.append(doc)
    infos = [document_info(d) for d in docs]
    registered = tuple(sorted(a.entry.index for a in applied.values()))
    sent = tuple(sorted(senders))
    if error is None:
        try:
            findings, notes = engine.check_grouped(docs, as_of=task.as_of) if docs else ([], [])
        except Exception as exc:  # the engine failed on this portfolio: the others go on
            error = describe(exc)
        else:
            if register is not None:
                findings = annotate(findings, register, applied)
            if problems:
                findings = _with_unread(findings, problems)
            notes = [*notes, *register_notes]
            kept: list[Finding] | Packed = pack(findings, worker_encoder(engine)) if in_worker else findings
            return Done(task.key, kept, infos, notes, problems, strays, None, registered, sent)
    reason = crashed(error)
    unit = _unit(docs)
    findings = (
        error_findings(engine, Portfolio(unit, task.key[1], tuple(docs)), reason, task.as_of) if unit else []
    )
    notes = [_failed_note(task.key, reason), *register_notes]
    return Done(task.key, findings, infos, notes, problems, strays, reason, registered, sent)


_UNMET = frozenset({Status.fail, Status.error, Status.pending})


def _with_unread(findings: list[Finding], problems: Sequence[Problem]) -> list[Finding]:
    """Each finding of the portfolio that is not met says that some of the unit's own files could
    not be read, and were not counted: the report it lacks may be one of them."""
    files = sorted({p.file for p in problems if p.file})
    if not files:
        return findings
    shown = ", ".join(files[:3]) + (f" (+{len(files) - 3})" if len(files) > 3 else "")
    note = Text(
        vi=f"Đơn vị có văn bản không đọc được nên chưa được tính vào kết luận này: {shown}; "
        "sửa lỗi trong văn bản đó (xem mục lỗi của văn bản) rồi kiểm tra lại.",
        en=f"Some of the unit's files could not be read and were not counted here: {shown}; "
        "fix them (see the document problems) and check again.",
    )
    return [dataclasses.replace(f, notes=[*f.notes, note]) if f.status in _UNMET else f for f in findings]


@dataclass(frozen=True, slots=True)
class Scope:
    """What could be read of a portfolio whose evaluation never came back: its valid documents
    (all of them are accounted for), the unit described by those of its key (None if there are
    none) and the problems of the others."""

    documents: list[DocumentInfo]
    unit: Unit | None
    problems: list[Problem]
    registered: tuple[int, ...] = ()  # as in Done: the register's rows its documents match
    senders: tuple[int, ...] = ()


def scope(task: Task, register: Register | None = None) -> Scope:
    """Load and validate a portfolio's documents, without evaluating anything; the rows of
    ``register`` (in a worker: the worker's) they match. Never raises."""
    register = register if register is not None else worker_register()
    docs: list[Document] = []
    problems: list[Problem] = []
    for path in task.paths:
        try:
            doc = build_document(load_file(path, error=ReportError, workbook=True))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except Exception as exc:  # as in evaluate: the document is recorded with the exception
            problems.append(problem(Code.UNEXPECTED_ERROR, at=Location(path), error=describe(exc)))
            continue
        docs.append(doc)
    own = [d for d in docs if (d.unit_id, d.school_year) == task.key]
    registered: set[int] = set()
    senders: set[int] = set()
    if register is not None:  # its rows are this portfolio's, not rows without a report
        for doc in own:
            entry = register.match(doc)
            if entry is not None:
                registered.add(entry.index)
            senders.update(register.sent_by(doc))
    return Scope(
        [document_info(d) for d in docs],
        _unit(own),
        problems,
        tuple(sorted(registered)),
        tuple(sorted(senders)),
    )


def lost(engine: Engine, task: Task, error: str | None, found: Scope | None) -> Done:
    """A portfolio whose evaluation never came back: its worker died twice (``error`` None) or
    it raised ``error`` outside :func:`evaluate`. ``error`` findings for every rule that applies
    to its unit as its documents describe it (``found``, from :func:`scope`); when nothing of it
    could be read, each of its files is a problem saying why."""
    reason = DIED if error is None else crashed(error)
    unit = found.unit if found is not None else None
    findings = (
        error_findings(engine, Portfolio(unit, task.key[1], ()), reason, task.as_of)
        if unit is not None
        else []
    )
    documents = found.documents if found is not None else []
    problems = list(found.problems) if found is not None else []
    if not documents and not problems:
        problems = [
            problem(Code.WORKER_DIED, at=Location(p))
            if error is None
            else problem(Code.UNEXPECTED_ERROR, at=Location(p), error=error)
            for p in task.paths
        ]
    registered, senders = (found.registered, found.senders) if found is not None else ((), ())
    notes = [_failed_note(task.key, reason)]
    return Done(task.key, findings, documents, notes, problems, [], reason, registered, senders)


def error_findings(engine: Engine, portfolio: Portfolio, reason: Text, as_of: dt.date) -> list[Finding]:
    """One finding per rule that addresses the unit (as :meth:`Engine.check_portfolio` chooses
    them): ``not_applicable`` with its reason where the rule does not apply, ``error`` with
    ``reason`` everywhere else — never a pass; the ``no-applicable-pack`` error when no rule
    addresses it."""
    rules = addressed(applicable_packs(engine.program, portfolio), portfolio.unit.unit_type)
    if not rules:  # as check_portfolio: never no finding at all
        return [no_applicable_pack(engine.program, portfolio)]
    return [
        make_finding(rule, portfolio, Outcome(Status.not_applicable, na))
        if (na := not_applicable_reason(rule, portfolio, as_of)) is not None
        else make_finding(rule, portfolio, Outcome(Status.error, reason))
        for rule in rules
    ]


def _unit(docs: Sequence[Document]) -> Unit | None:
    if not docs:
        return None
    try:
        return unit_of(docs)
    except Exception:  # a unit that cannot be read from valid documents: no findings, a note
        return None


def _failed_note(key: Key, reason: Text) -> Text:
    unit, year = key
    return Text(vi=f"{unit} (năm học {year}): {reason.vi}", en=f"{unit} ({year}): {reason.en}")


def regroup(done: dict[Key, Done], strays: list[tuple[str, Key]], as_of: dt.date) -> list[Task]:
    """The portfolios to check again, each with the documents that were wrongly kept out of it."""
    extra: dict[Key, list[str]] = {}
    for path, key in strays:
        extra.setdefault(key, []).append(path)
    tasks = []
    for key, paths in sorted(extra.items()):
        own = [d.file for d in done[key].documents] if key in done else []
        tasks.append(Task(key, tuple(sorted(own + paths)), as_of))
    return tasks


def absent(engine: Engine, entry: RosterEntry, as_of: dt.date) -> Done:
    """Findings for a roster unit that sent nothing: an empty portfolio (one no pack applies to
    gives its ``compliance/no-applicable-pack`` error, as in ``check``)."""
    key = (entry.unit.unit_id, entry.school_year)
    portfolio = Portfolio(entry.unit, entry.school_year, ())
    try:
        return Done(key, engine.check_portfolio(portfolio, as_of=as_of), [], [])
    except Exception as exc:  # as for a portfolio that sent something
        reason = crashed(describe(exc))
        findings = error_findings(engine, portfolio, reason, as_of)
        return Done(key, findings, [], [_failed_note(key, reason)], failure=reason)
