"""Reporters turn what a command found into something people or tools read.

Each reporter of a :class:`~compliance.findings.CheckResult` (``check``, ``audit``) is a module
with ``write(result, lang, out)``: it writes to the binary stream ``out`` as it goes, reading the
findings once or a few times and never holding them all (an audit's findings may be spooled on
disk, :mod:`compliance.records`); the counts it shows come from the result's tally. The registry
:data:`REPORTERS` maps each ``--format`` name to a :class:`Reporter`, whose module is imported
when first used (``check`` in text never imports the XLSX writer). :func:`write` writes a result
in a format; :func:`render` gives it as one ``str`` (``bytes`` for CSV and XLSX), for small results.

The other commands' registries map a format to a function returning the whole text:

* :data:`LINT_REPORTERS` — a :class:`~compliance.lint.LintReport` (``lint``);
* :data:`RULETEST_REPORTERS` — a :class:`~compliance.ruletest.RuleTestReport` (``test``);
* :data:`EXPLAIN_REPORTERS` — a list of :class:`~compliance.explain.Explanation` (``explain``).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from compliance.explain import Explanation
from compliance.findings import CheckResult
from compliance.i18n import Lang
from compliance.lint import LintReport
from compliance.reporters import explain_report, lint_report, ruletest_report
from compliance.ruletest import RuleTestReport

Writer = Callable[[CheckResult, Lang, BinaryIO], None]
LintRenderer = Callable[[LintReport, Lang], str]
ExplainRenderer = Callable[[list[Explanation], Lang], str]


class RuleTestRenderer(Protocol):
    def __call__(self, report: RuleTestReport, lang: Lang, *, show_coverage: bool = False) -> str: ...


@dataclass(frozen=True, slots=True)
class Reporter:
    """One output format of a check result."""

    module: str  # the module below compliance.reporters that has write(result, lang, out)
    suffix: str  # the usual file name suffix
    media_type: str
    binary: bool = False  # not text: never for a terminal
    text: bool = True  # render() gives str (else bytes)

    @property
    def write(self) -> Writer:
        writer: Writer = importlib.import_module(f"compliance.reporters.{self.module}").write
        return writer


REPORTERS: dict[str, Reporter] = {
    "text": Reporter("text", ".txt", "text/plain; charset=utf-8"),
    "json": Reporter("json_report", ".json", "application/json"),
    "html": Reporter("html", ".html", "text/html; charset=utf-8"),
    "xlsx": Reporter(
        "xlsx",
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        binary=True,
        text=False,
    ),
    "csv": Reporter("csv_report", ".csv", "text/csv; charset=utf-8", text=False),
    "sarif": Reporter("sarif", ".sarif", "application/sarif+json"),
    "junit": Reporter("junit", ".xml", "application/xml"),
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


def write(result: CheckResult, fmt: str, lang: Lang, out: BinaryIO) -> None:
    """Write ``result`` in the format ``fmt`` to the binary stream ``out``, as it is read."""
    REPORTERS[fmt].write(result, lang, out)


def render(result: CheckResult, fmt: str, lang: Lang = "vi") -> str | bytes:
    """The whole output in memory: ``str`` for the text formats, ``bytes`` for CSV and XLSX."""
    out = io.BytesIO()
    write(result, fmt, lang, out)
    data = out.getvalue()
    return data.decode("utf-8") if REPORTERS[fmt].text else data
