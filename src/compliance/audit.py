"""District audits: many portfolios, a roster, parallel workers, bounded memory.

An audit runs in two passes over the files, both in worker processes:

1. **sort** — each file gives only its key (unit, school year): a JSON file by a plain parse, a
   YAML file from its ``school_year:`` and ``submitter: unit_id:`` lines (anything less plain goes
   through the guarded loader). A file whose key cannot be read is validated there and then, so
   that its problems say why;
2. **evaluate** — files are grouped by key; each portfolio's files are loaded and validated once,
   and checked by the worker's own engine (built once per worker, never sent between processes);
   only findings, document summaries and problems come back. A document whose real key differs
   from its pass-1 key is checked with its real portfolio, so the quick reading is only a hint.

So the parent holds keys and findings, never parsed documents, however many there are: memory
grows with the findings. A document that cannot be read or is invalid becomes a problem and the
audit goes on. Units on the roster that sent nothing (or nothing readable) are checked with an
empty portfolio: missing reports fail once due and are pending before. Results are merged in a
stable order (unit, school year), whatever the number of workers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context, util
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

from compliance.engine import Engine, applicable_packs, document_info
from compliance.errors import Code, InputError, Location, Problem, ReportError
from compliance.findings import AuditSummary, CheckResult, DocumentInfo, Finding, rates
from compliance.i18n import Text
from compliance.loading import DEFAULT_LIMITS, load_file
from compliance.messages import problem
from compliance.portfolio import Portfolio, build_document, expand_paths
from compliance.roster import RosterEntry
from compliance.textnorm import normalize_text
from compliance.validate import validate_report
from compliance.waivers import Waiver, apply_waivers

Key = tuple[str, str]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """How a worker builds its engine (an engine itself is not sent between processes): the
    packs, their parameters, the back end and its options (e.g. ``workers``, ``timeout``)."""

    rules: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    engine: str = "python"
    options: dict[str, Any] = field(default_factory=dict)

    def build(self) -> Engine:
        return Engine.from_path(
            *self.rules, params=self.params, engine=self.engine, engine_options=self.options
        )


_WORKER_ENGINE: Engine | None = None


def _init_worker(spec: EngineSpec) -> None:
    global _WORKER_ENGINE  # noqa: PLW0603 - one engine per worker process, built once
    _WORKER_ENGINE = spec.build()
    util.Finalize(_WORKER_ENGINE, _WORKER_ENGINE.close, exitpriority=10)


# -- pass 1: the key of each file
#
# The key is only a hint for grouping: pass 2 loads and validates every document in full and
# checks that it belongs to its portfolio; one that does not is regrouped (see _regroup). So the
# quick readings below may bail out (None: do the full load) but need not be perfect.


def _key_of(data: Any) -> Key | None:
    if not isinstance(data, dict):
        return None
    submitter, year = data.get("submitter"), data.get("school_year")
    unit = submitter.get("unit_id") if isinstance(submitter, dict) else None
    if isinstance(unit, str) and unit and isinstance(year, str) and year:
        return normalize_text(unit), normalize_text(year)
    return None


def _read_text(path: str) -> str | None:
    try:
        if os.stat(path).st_size > DEFAULT_LIMITS.max_bytes:
            return None
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8")
    except (OSError, ValueError):
        return None


def _json_key(text: str) -> Key | None:
    """The key of a JSON report by a plain parse (a fraction of the guarded load)."""
    try:
        return _key_of(json.loads(text))
    except (ValueError, RecursionError):
        return None


_PLAIN_FIRST = frozenset("#'\"{}[],&*!|>%@`?:-")
_BLANK = " \t\r"


def _yaml_scalar(raw: str) -> str | None:
    """A one-line YAML scalar: plain, or quoted without escapes, with an optional trailing
    comment. Anything else gives None. Linear in the length of the line (no backtracking)."""
    raw = raw.strip(_BLANK)
    if not raw:
        return None
    if raw[0] in "\"'":
        end = raw.find(raw[0], 1)
        value, rest = (raw[1:end], raw[end + 1 :]) if end > 0 else ("", "#")
        if (
            end < 0
            or "\\" in value
            or (rest and not (rest[0] in _BLANK and rest.lstrip(_BLANK)[:1] in ("", "#")))
        ):
            return None
        return value
    if raw[0] in _PLAIN_FIRST:
        return None
    cut = min((i for i in (raw.find(" #"), raw.find("\t#")) if i >= 0), default=len(raw))
    value = raw[:cut].rstrip(_BLANK)
    return None if ": " in value or ":\t" in value else value


def _yaml_key(text: str) -> Key | None:
    """The key of a YAML report from its top-level ``school_year:`` line and the ``unit_id:``
    line of its block ``submitter:``, without parsing the rest (YAML parsing is most of the cost
    of reading a report). Anything less plain gives None. One pass over the lines."""
    years: list[str] = []
    units: list[tuple[int, str]] = []  # (indent, value) of unit_id lines inside submitter
    submitters = 0
    indent: int | None = None  # of the submitter block's own keys
    inside = False
    for line in text.split("\n"):
        body = line.lstrip(_BLANK)
        if not body:
            continue
        if line[0] not in " \t":  # a top-level line ends any block
            inside = False
            if line.startswith("school_year:"):
                years.append(line[len("school_year:") :])
            elif line.startswith("submitter:"):
                rest = line[len("submitter:") :].strip(_BLANK)
                if rest and not rest.startswith("#"):
                    return None  # a flow mapping or a scalar: the full load decides
                submitters += 1
                inside = True
            continue
        if inside:
            pad = len(line) - len(body)
            indent = pad if indent is None else min(indent, pad)
            if body.startswith("unit_id:"):
                units.append((pad, body[len("unit_id:") :]))
    if len(years) != 1 or submitters != 1:
        return None
    own = [value for pad, value in units if pad == indent]
    if len(own) != 1:
        return None
    year, unit = _yaml_scalar(years[0]), _yaml_scalar(own[0])
    if not year or not unit:
        return None
    return normalize_text(unit), normalize_text(year)


def _read_key(path: str) -> tuple[str, Key | None, list[Problem]]:
    text = _read_text(path)
    if text is not None:
        quick = _json_key if path.lower().endswith(".json") else _yaml_key
        if (key := quick(text)) is not None:
            return path, key, []
    try:
        loaded = load_file(path, error=ReportError)
    except InputError as exc:
        return path, None, list(exc.problems)
    key = _key_of(loaded.data)
    if key is not None:
        return path, key, []
    found = validate_report(loaded)
    return path, None, found or [_no_key(path)]


def _no_key(path: str) -> Problem:
    return problem(Code.NO_UNIT_KEY, at=Location(path))


# -- pass 2: each portfolio


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
    problems: list[Problem] = field(default_factory=list)
    strays: list[tuple[str, Key]] = field(default_factory=list)  # (path, its real key)


def _evaluate(task: _Task, engine: Engine | None = None) -> _Done:
    engine = engine or _WORKER_ENGINE
    assert engine is not None, "worker started without an engine"
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
    return _Done(task.key, findings, [document_info(d) for d in docs], notes, problems, strays)


def _regroup(done: dict[Key, _Done], strays: list[tuple[str, Key]], as_of: dt.date, engine: Engine) -> None:
    """Check again, here, each portfolio that a document was wrongly kept out of."""
    extra: dict[Key, list[str]] = {}
    for path, key in strays:
        extra.setdefault(key, []).append(path)
    for key, paths in sorted(extra.items()):
        own = [d.file for d in done[key].documents] if key in done else []
        done[key] = _evaluate(_Task(key, tuple(sorted(own + paths)), as_of), engine)


# -- running


def _context() -> BaseContext:
    """Workers forked from a clean server process that has imported the engine once (cheaper
    than importing it again in every worker); a fresh interpreter each where that is not
    available. Never a fork of this process, which may run threads (the progress bar)."""
    if "forkserver" in get_all_start_methods():
        context = get_context("forkserver")
        context.set_forkserver_preload(["compliance.audit"])
        return context
    return get_context("spawn")


def _mapper(
    jobs: int, spec: EngineSpec, stack: ExitStack
) -> Callable[[Callable[[T], R], Sequence[T]], Iterator[R]]:
    if jobs <= 1:
        return map
    pool: Executor = stack.enter_context(
        ProcessPoolExecutor(
            max_workers=jobs, mp_context=_context(), initializer=_init_worker, initargs=(spec,)
        )
    )
    return lambda fn, items: pool.map(fn, items, chunksize=max(1, min(32, len(items) // (jobs * 4))))


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
    """A progress bar on a terminal; never when standard error is piped or ``CI`` is set."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _missing_paths(paths: Sequence[str | os.PathLike[str]]) -> None:
    """A path that does not exist is an unusable argument (exit 2), not an unreadable document."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(problem(Code.NO_SUCH_PATH, at=Location(p)) for p in missing)


def _once(files: list[Path]) -> list[Path]:
    """Each file once, in the order first given (overlapping folders, a file named twice)."""
    seen: set[Path] = set()
    out = []
    for f in files:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            out.append(f)
    return out


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
    """Audit every portfolio found in ``paths`` (and every unit on ``roster``).

    ``engine`` (built from ``spec`` when not given) evaluates in this process when one job is
    enough, and checks the roster units that sent nothing; workers build their own from ``spec``.
    Raises :class:`InputError` only for a path that does not exist.
    """
    paths = list(paths)
    _missing_paths(paths)
    files, problems = expand_paths(paths)
    files = _once(files)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    engine = engine or spec.build()
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
        strays: list[tuple[str, Key]] = []
        evaluate = _evaluate if jobs > 1 else (lambda t: _evaluate(t, engine))
        for item in run(evaluate, tasks):
            tick()
            problems.extend(item.problems)
            strays.extend(item.strays)
            if item.documents:  # a unit whose every document is unreadable sent nothing usable
                done[item.key] = item
    if strays:
        _regroup(done, strays, as_of, engine)
    reporting = sorted(done)
    missing: list[str] = []
    off_roster: list[str] = []
    if roster is not None:
        listed = {(e.unit.unit_id, e.school_year) for e in roster}
        for entry in roster:
            key = (entry.unit.unit_id, entry.school_year)
            if key not in done:
                missing.append(entry.unit.unit_id)
                done[key] = _absent(engine, entry, as_of)
        off_roster = sorted({k[0] for k in reporting if k not in listed})
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
    problems.sort(key=lambda p: p.file or "")  # stable: each file's problems keep their order
    result = engine.result(findings, [], as_of=as_of, problems=problems, notes=notes)
    summary = AuditSummary(
        units_expected=len(roster) if roster is not None else None,
        units_reporting=len(reporting),
        units_missing=missing,
        units_off_roster=off_roster,
        documents=len(documents),
        unreadable=len({p.file for p in problems}),
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
