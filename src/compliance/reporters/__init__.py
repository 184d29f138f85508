"""Reporters turn what a command found into something people or tools read.

Each reporter is a module with ``render(result, lang)``; each registry maps ``--format`` names
to them, and the commands in :mod:`compliance.cli` only pick one:

* :data:`REPORTERS` — a :class:`~compliance.findings.CheckResult` (``check``, ``audit``);
* :data:`LINT_REPORTERS` — a :class:`~compliance.lint.LintReport` (``lint``);
* :data:`RULETEST_REPORTERS` — a :class:`~compliance.ruletest.RuleTestReport` (``test``);
* :data:`EXPLAIN_REPORTERS` — a list of :class:`~compliance.explain.Explanation` (``explain``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from compliance.explain import Explanation
from compliance.findings import CheckResult
from compliance.i18n import Lang
from compliance.lint import LintReport
from compliance.reporters import (
    csv_report,
    explain_report,
    html,
    json_report,
    junit,
    lint_report,
    ruletest_report,
    sarif,
    text,
    xlsx,
)
from compliance.ruletest import RuleTestReport

Renderer = Callable[[CheckResult, Lang], str | bytes]
LintRenderer = Callable[[LintReport, Lang], str]
ExplainRenderer = Callable[[list[Explanation], Lang], str]


class RuleTestRenderer(Protocol):
    def __call__(self, report: RuleTestReport, lang: Lang, *, show_coverage: bool = False) -> str: ...


REPORTERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "html": html.render,
    "xlsx": xlsx.render,
    "csv": csv_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
}

LINT_REPORTERS: dict[str, LintRenderer] = {
    "text": lint_report.render_text,
    "json": lint_report.render_json,
    "sarif": lint_report.render_sarif,
}

RULETEST_REPORTERS: dict[str, RuleTestRenderer] = {
    "text": ruletest_report.render_text,
    "json": ruletest_report.render_json,
}

EXPLAIN_REPORTERS: dict[str, ExplainRenderer] = {"text": explain_report.render}


def render(result: CheckResult, fmt: str, lang: Lang = "vi") -> str | bytes:
    return REPORTERS[fmt](result, lang)
