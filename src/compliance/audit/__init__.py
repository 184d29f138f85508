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

So the parent holds keys, never parsed documents, however many there are; findings are spooled
as they arrive (:mod:`.collect`: in memory while few, then a temporary file), so that memory stays
bounded however many findings there are, and the reporters stream them. A document that cannot be read or is invalid becomes a problem and the
audit goes on. Units on the roster that sent nothing (or nothing readable) are checked with an
empty portfolio: missing reports fail once due and are pending before. Results are merged in a
stable order (unit, school year), whatever the number of workers. How progress is shown is the
caller's: the command line draws bars (:mod:`compliance.cli.progress`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path

from compliance.audit.collect import Collector
from compliance.audit.pool import EngineSpec, mapper
from compliance.audit.portfolios import Done, Task, absent, evaluate, regroup
from compliance.audit.sniff import Key, read_key
from compliance.engine import Engine
from compliance.errors import Code, InputError, Location
from compliance.findings import AuditSummary, CheckResult
from compliance.i18n import Text
from compliance.messages import problem
from compliance.portfolio import expand_paths
from compliance.records import SPOOL_AFTER
from compliance.roster import RosterEntry
from compliance.waivers import Waiver

Tick = Callable[[], None]
Progress = Callable[[str, int], Tick]  # (label, total) -> called once per item done


def _no_progress(_label: str, _total: int) -> Tick:
    return lambda: None


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
    progress: Progress = _no_progress,
    engine: Engine | None = None,
    spool_after: int | None = SPOOL_AFTER,
) -> CheckResult:
    """Audit every portfolio found in ``paths`` (and every unit on ``roster``).

    ``engine`` (built from ``spec`` when not given) evaluates in this process when one job is
    enough, and checks the roster units that sent nothing; workers build their own from ``spec``.
    ``progress`` is told of each pass (a label and a total) and each item done. Past
    ``spool_after`` findings (``None``: never) they are spooled to a temporary file: the result's
    ``findings`` and ``documents`` read it back as they are iterated.
    Raises :class:`InputError` only for a path that does not exist.
    """
    paths = list(paths)
    _missing_paths(paths)
    files, problems = expand_paths(paths)
    files = _once(files)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    engine = engine or spec.build()
    collected = Collector(as_of=as_of, waivers=waivers, spool_after=spool_after)
    with ExitStack() as stack:
        run = mapper(jobs, spec, stack)
        tick = progress("Đọc văn bản / reading", len(files))
        keys: dict[Key, list[str]] = {}
        for path, key, found in run(read_key, [str(f) for f in files]):
            tick()
            problems.extend(found)
            if key is not None:
                keys.setdefault(key, []).append(path)
        tasks = [Task(k, tuple(sorted(v)), as_of) for k, v in sorted(keys.items())]
        tick = progress("Đánh giá / checking", len(tasks))
        done: dict[Key, Done] = {}
        strays: list[tuple[str, Key]] = []
        check = evaluate if jobs > 1 else (lambda t: evaluate(t, engine))
        for item in run(check, tasks):
            tick()
            problems.extend(item.problems)
            strays.extend(item.strays)
            if item.documents:  # a unit whose every document is unreadable sent nothing usable
                done[item.key] = collected.keep(item)
    if strays:
        regroup(done, strays, as_of, engine)
    reporting = sorted(done)
    missing: list[str] = []
    off_roster: list[str] = []
    if roster is not None:
        listed = {(e.unit.unit_id, e.school_year) for e in roster}
        for entry in roster:
            key = (entry.unit.unit_id, entry.school_year)
            if key not in done:
                missing.append(entry.unit.unit_id)
                done[key] = absent(engine, entry, as_of)
        off_roster = sorted({k[0] for k in reporting if k not in listed})
    findings, documents, tally = collected.records(done)
    notes: list[Text] = [note for key in sorted(done) for note in done[key].notes]
    if off_roster:
        notes.append(
            Text(
                vi=f"Đơn vị gửi báo cáo nhưng không có trong danh sách: {', '.join(off_roster)}.",
                en=f"Units that reported but are not on the roster: {', '.join(off_roster)}.",
            )
        )
    problems.sort(key=lambda p: p.file or "")  # stable: each file's problems keep their order
    result = engine.result([], [], as_of=as_of, problems=problems, notes=notes)
    summary = AuditSummary(
        units_expected=len(roster) if roster is not None else None,
        units_reporting=len(reporting),
        units_missing=missing,
        units_off_roster=off_roster,
        documents=len(documents),
        unreadable=len({p.file for p in problems}),
        per_rule=tally.rates("rule"),
        per_unit=collected.rates(tally),
    )
    return result.model_copy(
        update={"findings": findings, "documents": documents, "summary": tally.summary(), "audit": summary}
    )


__all__ = ["EngineSpec", "Progress", "audit"]
