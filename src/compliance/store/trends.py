"""Trends for a report: compliance per rule and per district across the runs of a store.

:func:`with_trends` gives a result its ``trends`` (:class:`~compliance.findings.Trends`), which
the HTML page draws as a trend section and the XLSX workbook writes as a trend sheet; the CLI
calls it when ``--store`` or ``--save`` is given (after saving, so the run just saved is the last
point). Read from the store's ``tallies``, one row per run and key: no finding is read.
"""

from __future__ import annotations

from compliance.findings import CheckResult, TrendLine, TrendPoint, TrendRun, Trends
from compliance.store.db import Store
from compliance.store.models import Scope

TREND_RUNS = 12
"""How many runs (the latest) a report's trend shows by default: a school year, month by month."""


def trends(store: Store, *, limit: int | None = TREND_RUNS) -> Trends:
    """The last ``limit`` runs of ``store`` (all when ``None``) and, for each rule and each
    district (as the roster writes it; ``""`` for units no roster placed), its counts and rate
    in each of those runs that has it."""
    runs = store.runs(limit)
    return Trends(
        store=store.name,
        runs=[TrendRun(run=r.id, saved_at=r.saved_at, as_of=r.as_of) for r in runs],
        by_rule=_lines(store, "rule", limit),
        by_district=_lines(store, "district", limit),
    )


def _lines(store: Store, by: Scope, limit: int | None) -> list[TrendLine]:
    return [
        TrendLine(
            key=t.key,
            title=t.title,
            points=[
                TrendPoint(
                    run=p.run,
                    passed=p.passed,
                    failed=p.failed,
                    errors=p.errors,
                    pending=p.pending,
                    not_applicable=p.not_applicable,
                    waived=p.waived,
                    rate=p.rate,
                )
                for p in t.points
            ],
        )
        for t in store.trend(by, limit=limit)
    ]


def with_trends(result: CheckResult, store: Store, *, limit: int | None = TREND_RUNS) -> CheckResult:
    """``result`` with the trends of ``store`` (its findings are not copied)."""
    return result.model_copy(update={"trends": trends(store, limit=limit)})
