"""District audits: many portfolios, a roster, parallel workers, bounded memory.

An audit runs in two passes over the files, both in worker processes:

1. **read** — every file is loaded and validated; only its key (unit, school year) comes back, or
   its problems (an unreadable document is recorded, never fatal);
2. **evaluate** — files are grouped by key; each portfolio is read again (without re-validating)
   and checked by the worker's own engine; only its findings come back.

So the parent holds keys and findings, never all parsed documents, however many there are.
Units on the roster that sent nothing are checked with an empty portfolio (missing reports fail
once due, are pending before). Results come back in a stable order (unit, school year).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any, TypeVar

from compliance.engine import Engine, EngineName, applicable_packs, document_info
from compliance.errors import InputError, Problem
from compliance.fieldtypes import report_type
from compliance.findings import AuditSummary, CheckResult, DocumentInfo, Finding, rates
from compliance.i18n import Text
from compliance.loading import load_file
from compliance.portfolio import Document, Portfolio, build_document, expand_paths, to_facts
from compliance.roster import RosterEntry
from compliance.waivers import Waiver, apply_waivers

Key = tuple[str, str]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """How a worker builds its engine (an engine itself is not sent between processes)."""

    rules: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    engine: EngineName = "python"

    def build(self) -> Engine:
        return Engine.from_path(*self.rules, params=self.params, engine=self.engine)


_WORKER_ENGINE: Engine | None = None


def _init_worker(spec: EngineSpec) -> None:
    global _WORKER_ENGINE  # noqa: PLW0603 - one engine per worker process, built once
    _WORKER_ENGINE = spec.build()


def _read_key(path: str) -> tuple[str, Key | None, list[Problem]]:
    try:
        doc = build_document(load_file(path))
    except InputError as exc:
        return path, None, list(exc.problems)
    return path, (doc.unit_id, doc.school_year), []


@dataclass(frozen=True, slots=True)
class _Task:
    key: Key
    paths: tuple[str, ...]
    as_of: dt.date


@dataclass(frozen=True, slots=True)
class _Done:
    key: Key
    findings: list[Finding]
    documents: list[DocumentInfo]
    notes: list[Text]


def _evaluate(task: _Task, engine: Engine | None = None) -> _Done:
    engine = engine or _WORKER_ENGINE
    assert engine is not None, "worker started without an engine"
    docs = [Document(src, _facts(src.data)) for src in (load_file(p) for p in task.paths)]
    findings, notes = engine.check_grouped(docs, as_of=task.as_of)
    return _Done(task.key, findings, [document_info(d) for d in docs], notes)


def _facts(data: Any) -> dict[str, Any]:
    """Facts of a document the read pass already validated (the file is not validated twice)."""
    facts: dict[str, Any] = to_facts(data, report_type())
    return facts


def _mapper(
    jobs: int, spec: EngineSpec, stack: ExitStack
) -> Callable[[Callable[[T], R], Sequence[T]], Iterator[R]]:
    if jobs <= 1:
        return map
    pool: Executor = stack.enter_context(
        ProcessPoolExecutor(
            max_workers=jobs, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(spec,)
        )
    )
    return lambda fn, items: pool.map(fn, items, chunksize=max(1, min(32, len(items) // (jobs * 4) or 1)))


def _progress(enabled: bool, stack: ExitStack) -> Callable[[str, int], Callable[[], None]]:
    """A factory of progress bars on stderr; no-ops when disabled."""
    if not enabled:
        return lambda _label, _total: lambda: None
    from rich.console import Console  # noqa: PLC0415 - only on a terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    progress = stack.enter_context(
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
    )

    def bar(label: str, total: int) -> Callable[[], None]:
        task = progress.add_task(label, total=total)
        return lambda: progress.advance(task)

    return bar


def progress_wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def audit(
    paths: Iterable[str | os.PathLike[str]],
    *,
    spec: EngineSpec,
    as_of: dt.date,
    roster: Sequence[RosterEntry] | None = None,
    jobs: int | None = None,
    waivers: Sequence[Waiver] = (),
    progress: bool = False,
    engine: Engine | None = None,
) -> CheckResult:
    """Audit every portfolio found in ``paths`` (and every unit on ``roster``)."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    engine = engine or spec.build()
    files, problems = expand_paths(paths)
    with ExitStack() as stack:
        run = _mapper(jobs, spec, stack)
        bar = _progress(progress, stack)
        tick = bar("Đọc văn bản / reading", len(files))
        keys: dict[Key, list[str]] = {}
        for path, key, found in run(_read_key, [str(f) for f in files]):
            tick()
            problems.extend(found)
            if key is not None:
                keys.setdefault(key, []).append(path)
        tasks = [_Task(k, tuple(sorted(v)), as_of) for k, v in sorted(keys.items())]
        tick = bar("Đánh giá / checking", len(tasks))
        done: dict[Key, _Done] = {}
        evaluate = _evaluate if jobs > 1 else (lambda t: _evaluate(t, engine))
        for item in run(evaluate, tasks):
            tick()
            done[item.key] = item
    missing: list[str] = []
    off_roster: list[str] = []
    if roster is not None:
        listed = {(e.unit.unit_id, e.school_year) for e in roster}
        for entry in roster:
            key = (entry.unit.unit_id, entry.school_year)
            if key not in done:
                missing.append(entry.unit.unit_id)
                done[key] = _absent(engine, entry, as_of)
        off_roster = sorted({k[0] for k in keys if k not in listed})
    findings: list[Finding] = []
    documents: list[DocumentInfo] = []
    notes: list[Text] = []
    for key in sorted(done):
        item = done[key]
        findings.extend(apply_waivers(item.findings, waivers, as_of) if waivers else item.findings)
        documents.extend(item.documents)
        notes.extend(item.notes)
    if off_roster:
        notes.append(
            Text(
                vi=f"Đơn vị gửi báo cáo nhưng không có trong danh sách: {', '.join(off_roster)}.",
                en=f"Units that reported but are not on the roster: {', '.join(off_roster)}.",
            )
        )
    result = engine.result(findings, [], as_of=as_of, problems=problems, notes=notes)
    summary = AuditSummary(
        units_expected=len(roster) if roster is not None else None,
        units_reporting=len(keys),
        units_missing=missing,
        units_off_roster=off_roster,
        documents=len(documents),
        unreadable=len(problems),
        per_rule=rates(findings, "rule"),
        per_unit=rates(findings, "unit"),
    )
    return result.model_copy(update={"documents": documents, "audit": summary})


def _absent(engine: Engine, entry: RosterEntry, as_of: dt.date) -> _Done:
    """Findings for a roster unit that sent nothing: an empty portfolio."""
    portfolio = Portfolio(entry.unit, entry.school_year, ())
    findings = engine.check_portfolio(portfolio, as_of=as_of)
    notes = (
        []
        if findings or applicable_packs(engine.program, portfolio)
        else [
            Text(
                vi=f"Không có gói luật nào áp dụng cho {entry.unit.unit_id} năm học {entry.school_year}.",
                en=f"No rule pack applies to {entry.unit.unit_id} for school year {entry.school_year}.",
            )
        ]
    )
    return _Done((entry.unit.unit_id, entry.school_year), findings, [], notes)


__all__ = ["EngineSpec", "audit", "progress_wanted"]
