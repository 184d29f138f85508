"""District audits: many portfolios, a roster, parallel workers, bounded memory.

An audit runs in two passes over the files, both in worker processes (:mod:`.pool`):

1. **sort** (:mod:`.sniff`) — each file gives only its key (unit, school year), read as cheaply as
   possible; a file whose key cannot be read is validated there and then, so that its problems say
   why;
2. **evaluate** (:mod:`.portfolios`) — files are grouped by key; each portfolio's files are loaded
   and validated once, and checked by the worker's own engine (built once per worker, never sent
   between processes); only findings, document summaries and problems come back. A document whose
   real key differs from its pass-1 key is checked with its real portfolio, so the quick reading
   is only a hint.

So the parent holds keys, never parsed documents, however many there are; findings and document
summaries are spooled as they arrive (:mod:`.collect`: in memory while few, then a temporary
file), so that memory stays bounded however many there are, and the reporters stream them. The files come from :mod:`compliance.paths`, which accounts for every
entry below the folders (links, loops, folders that cannot be opened, pipes) and applies the
exclusions. A document that cannot be read or is invalid becomes a problem and the audit goes
on; so does a portfolio that trips the engine or whose worker dies (:mod:`.portfolios`,
:mod:`.pool`): its rules are ``error`` findings, and the summary counts it. Units on the roster
that sent nothing (or nothing readable) are checked with an empty portfolio: missing reports fail
once due and are pending before. Results are merged in a stable order (unit, school year),
whatever the number of workers. How progress is shown is the caller's: the command line draws
bars (:mod:`compliance.cli.progress`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from compliance.audit.collect import Collector
from compliance.audit.pool import CHEAP_CHUNK, POOL_THRESHOLD, Executor, Failed, Workers, worker_count
from compliance.audit.portfolios import Done, Task, absent, error_findings, evaluate, lost, regroup, scope
from compliance.audit.sniff import Key, read_key
from compliance.engine import Engine, EngineSpec, as_of_day
from compliance.errors import Code, InputError, Location, Problem
from compliance.findings import AuditSummary, CheckResult, RosterSource
from compliance.i18n import Text
from compliance.judge import shared
from compliance.messages import problem
from compliance.paths import find_reports
from compliance.portfolio import Portfolio
from compliance.records import SPOOL_AFTER
from compliance.register import Register
from compliance.roster import RosterEntry

if TYPE_CHECKING:  # pydantic (a waivers file's model) only when there are waivers
    from compliance.waivers import Waiver

Tick = Callable[[], None]
Progress = Callable[[str, int], Tick]  # (label, total) -> called once per item done


def _no_progress(_label: str, _total: int) -> Tick:
    return lambda: None


def audit(
    paths: Iterable[str | os.PathLike[str]],
    *,
    spec: EngineSpec,
    as_of: dt.date,
    roster: Sequence[RosterEntry] | None = None,
    jobs: int | None = None,
    waivers: Sequence[Waiver] = (),
    progress: Progress = _no_progress,
    engine: Engine | None = None,
    exclude: Sequence[str] = (),
    skip: Sequence[str | os.PathLike[str]] = (),
    spool_after: int | None = SPOOL_AFTER,
    register: Register | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> CheckResult:
    """Audit every portfolio found in ``paths`` (and every unit on ``roster``).

    ``jobs``: worker processes; None chooses (every core, but one process for fewer than
    :data:`~compliance.audit.pool.POOL_THRESHOLD` files). ``engine`` (built from ``spec`` when
    not given) evaluates in this process when one job is enough, and checks the roster units
    that sent nothing; workers build their own from ``spec``. ``exclude``: gitignore-style
    patterns, besides each folder's ``.complianceignore``; ``skip``: files that are not reports
    (the roster, the waivers), wherever they are. ``progress`` is told of each pass (a label and
    a total) and each item done. Past ``spool_after`` findings (``None``: never) the findings and
    document summaries are spooled to a temporary file: the result's ``findings`` and
    ``documents`` read it back as they are iterated. ``register`` (:func:`~compliance.register.load_register`):
    the office's register of received documents; its ngày đến is the received date of each report it
    records (the findings that use it say so when it differs), and what it does not match is a note;
    its file is never read as a report. ``executor``: ``"local"`` (this machine's worker processes)
    or ``"dask"`` (:mod:`.dask_executor`: the cluster at ``scheduler``, ``tcp://HOST:PORT``, or a
    ``LocalCluster`` of ``jobs`` worker processes, every core when None); the findings are the same.

    Raises :class:`InputError` only when the paths themselves are unusable: one that does not
    exist, a folder with no report (or none left once excluded), a bad exclusion pattern.
    Anything that goes wrong with a file or a portfolio is in the result. ``as_of`` as
    :func:`~compliance.engine.as_of_day` reads it (a year outside 1900–2100 is an InputError).
    """
    as_of = as_of_day(as_of)
    if register is not None:
        skip = [*skip, register.file]
        if roster:  # a register names units as officers write them: the roster's names count too
            register = register.knowing(
                (e.unit.unit_id, e.unit.unit_name) for e in roster if e.unit.unit_name
            )
    found = find_reports(list(paths), exclude=exclude, skip=skip)
    if found.unusable:
        raise InputError(found.unusable)
    files = found.names()  # each once; URLs as given (read by the workers through fsspec)
    problems = list(found.problems)
    engine = engine or spec.build()
    listed = {(e.unit.unit_id, e.school_year): e for e in roster or ()}
    done: dict[Key, Done] = {}
    collected = Collector(
        as_of=as_of, waivers=waivers, spool_after=spool_after, shared=shared(engine.program)
    )
    with _executor(executor, jobs, len(files), spec, register, scheduler) as workers:
        tick = progress("Đọc văn bản / reading", len(files))
        keys: dict[Key, list[str]] = {}
        for read in workers.map(read_key, files, most=CHEAP_CHUNK):
            tick()
            if isinstance(read, Failed):
                problems.append(_file_failed(read.item, read.error))
                continue
            path, key, read_problems = read
            problems.extend(read_problems)
            if key is not None:
                keys.setdefault(key, []).append(path)
        tasks = [Task(k, tuple(sorted(v)), as_of) for k, v in sorted(keys.items())]
        tick = progress("Đánh giá / checking", len(tasks))
        here: Callable[[Task], Done] = lambda task: evaluate(task, engine, register)  # noqa: E731
        unanswered: list[tuple[Task, str | None]] = []
        strays: list[tuple[str, Key]] = []
        for task, item in zip(tasks, workers.map(evaluate, tasks, here), strict=True):
            tick()
            if isinstance(item, Failed):
                unanswered.append((task, item.error))
            else:
                strays.extend(_keep(done, item, problems, collected))
        again = regroup(done, strays, as_of)
        for task, item in zip(again, workers.map(evaluate, again, here), strict=True):
            if isinstance(item, Failed):
                unanswered.append((task, item.error))
                continue
            for path, _ in _keep(done, item, problems, collected):  # a stray again: it changed since pass 2
                problems.append(problem(Code.CANNOT_READ_FILE, at=Location(path), reason=_CHANGED))
        if unanswered:  # what can be read of each, in a worker again: reading may be what kills
            lost_tasks = [task for task, _ in unanswered]
            scoped = workers.map(scope, lost_tasks, lambda task: scope(task, register))
            for (task, error), read_scope in zip(unanswered, scoped, strict=True):
                readable = None if isinstance(read_scope, Failed) else read_scope
                _keep(done, lost(engine, task, error, readable), problems, collected)
        restarts, fell_back = workers.restarts, workers.fell_back
    reporting = sorted(done)
    missing: list[str] = []
    sent_nothing: set[Key] = set()
    off_roster: list[str] = []
    if roster is not None:
        for entry in roster:
            key = (entry.unit.unit_id, entry.school_year)
            known = done.get(key)
            if known is None:
                missing.append(entry.unit.unit_id)
                sent_nothing.add(key)
                done[key] = absent(engine, entry, as_of)
            elif known.failure is not None and not known.findings:  # nothing read of it: the roster's unit
                empty = Portfolio(entry.unit, entry.school_year, ())
                failed = error_findings(engine, empty, known.failure, as_of)
                done[key] = dataclasses.replace(known, findings=failed)
        off_roster = sorted({k[0] for k in reporting if k not in listed})
    findings, documents, tally = collected.records(done, sent_nothing)
    notes: list[Text] = [note for key in sorted(done) for note in done[key].notes]
    notes.extend(_audit_notes(off_roster, found.excluded, restarts, fell_back))
    notes.extend(collected.waiver_notes(done))
    if register is not None:  # the register's rows that no report matched
        used = [i for item in done.values() for i in item.registered]
        theirs = [i for item in done.values() for i in item.senders]
        notes.extend(register.unmatched(used, [*theirs, *register.sent_by_listed()]))
    problems.sort(key=lambda p: p.file or "")  # stable: each file's problems keep their order
    result = engine.result([], [], as_of=as_of, problems=problems, notes=notes)
    summary = AuditSummary(
        units_expected=len(roster) if roster is not None else None,
        units_reporting=len(reporting),
        units_missing=missing,
        units_off_roster=off_roster,
        roster=roster_source(roster, missing),
        documents=len(documents),
        unreadable=len({p.file for p in problems}),
        portfolios_failed=sum(1 for outcome in done.values() if outcome.failure is not None),
        per_rule=tally.rates("rule"),
        per_unit=collected.rates(tally),
        rollups=collected.rollups(),
    )
    return result.model_copy(
        update={"findings": findings, "documents": documents, "summary": tally.summary(), "audit": summary}
    )


EXECUTORS = ("local", "dask")


def _executor(
    name: str,
    jobs: int | None,
    files: int,
    spec: EngineSpec,
    register: Register | None,
    scheduler: str | None,
) -> Executor:
    if name == "dask":
        from compliance.audit.dask_executor import DaskWorkers  # noqa: PLC0415 - optional extra

        return DaskWorkers(max(1, min(jobs or os.cpu_count() or 1, files)), spec, register, scheduler)
    if name != "local":
        raise ValueError(f"unknown executor {name!r}: one of {', '.join(EXECUTORS)}")
    return Workers(worker_count(jobs, files), spec, register)


def roster_source(roster: Sequence[RosterEntry] | None, missing: Sequence[str]) -> RosterSource | None:
    """Where the roster lists the units that sent nothing (``None`` without a roster, or for
    entries made in code rather than read from a file)."""
    if not roster or roster[0].file is None:
        return None
    wanted = set(missing)
    lines: dict[str, int] = {}
    for entry in roster:
        if entry.unit.unit_id in wanted and entry.line is not None:
            lines.setdefault(entry.unit.unit_id, entry.line)
    return RosterSource(file=roster[0].file, missing_lines=lines)


_CHANGED = Text(
    vi="tệp đã thay đổi trong lúc đang kiểm tra", en="the file changed while the audit was reading it"
)


def _keep(
    done: dict[Key, Done], item: Done, problems: list[Problem], collected: Collector
) -> list[tuple[str, Key]]:
    """Record a portfolio's outcome (a unit whose every document is unreadable sent nothing
    usable, unless the fault is ours), its findings spooled; return its strays."""
    problems.extend(item.problems)
    if item.documents or item.failure is not None:
        done[item.key] = collected.keep(item)
    return item.strays


def _file_failed(path: str, error: str | None) -> Problem:
    if error is None:
        return problem(Code.WORKER_DIED, at=Location(path))
    return problem(Code.UNEXPECTED_ERROR, at=Location(path), error=error)


def _audit_notes(off_roster: list[str], excluded: int, restarts: int, fell_back: bool) -> list[Text]:
    notes = []
    if off_roster:
        notes.append(
            Text(
                vi=f"Đơn vị gửi báo cáo nhưng không có trong danh sách: {', '.join(off_roster)}.",
                en=f"Units that reported but are not on the roster: {', '.join(off_roster)}.",
            )
        )
    if excluded:
        notes.append(
            Text(
                vi=f"{excluded} tệp hoặc thư mục được loại khỏi kiểm tra (--exclude, .complianceignore).",
                en=f"{excluded} file(s) or folder(s) were excluded from the audit (--exclude, .complianceignore).",
            )
        )
    if restarts:
        notes.append(
            Text(
                vi=f"Tiến trình kiểm tra bị dừng đột ngột {restarts} lần (có thể do hết bộ nhớ); các hồ sơ "
                "đang xử lý khi đó đã được kiểm tra lại, từng hồ sơ một.",
                en=f"A worker process died {restarts} time(s) (perhaps out of memory); the portfolios it "
                "may have been handling were checked again, one at a time.",
            )
        )
    if fell_back:
        notes.append(
            Text(
                vi="Không khởi động được các tiến trình song song; phần còn lại được kiểm tra trong một tiến trình.",
                en="Worker processes could not start; the rest of the audit ran in one process.",
            )
        )
    return notes


__all__ = ["EXECUTORS", "POOL_THRESHOLD", "EngineSpec", "Progress", "audit"]
