"""Reporters turn what a command found into something people or tools read.

Each registry maps ``--format`` names to a ``"module:function"`` reference, imported only when
that format is asked for (the XLSX writer, the HTML page and the lint and rule-test reporters
cost nothing to a text check). The commands in :mod:`compliance.cli` only pick one:

* :data:`REPORTERS` — a :class:`~compliance.findings.CheckResult` (``check``, ``audit``): each
  reporter is a module with ``write(result, lang, out)`` that writes to the binary stream ``out``
  as it goes, reading the findings once or a few times and never holding them all (an audit's
  findings may be spooled on disk, :mod:`compliance.records`; the counts come from the result's
  tally). :func:`write` writes a result in a format; :func:`render` gives it whole, for small
  results (``str``, ``bytes`` for CSV and XLSX);
* :data:`LINT_REPORTERS` — a :class:`~compliance.lint.LintReport` (``lint``);
* :data:`RULETEST_REPORTERS` — a :class:`~compliance.ruletest.RuleTestReport` (``test``);
* :data:`EXPLAIN_REPORTERS` — a list of :class:`~compliance.explain.Explanation` (``explain``);
  these three return the whole text, picked with :func:`load`.

:data:`BINARY` names the formats that are bytes, not text (never written to a terminal), and
:data:`SUFFIXES` the file suffixes each format is written to (``--out report.xlsx`` picks XLSX).
"""

from __future__ import annotations

import importlib
import io

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads the name), without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO, Any, Protocol

    from compliance.explain import Explanation
    from compliance.findings import CheckResult
    from compliance.i18n import Lang
    from compliance.lint import LintReport
    from compliance.ruletest import RuleTestReport

    Writer = Callable[[CheckResult, Lang, IO[bytes]], None]
    LintRenderer = Callable[[LintReport, Lang], str]
    ExplainRenderer = Callable[[list[Explanation], Lang], str]

    class RuleTestRenderer(Protocol):
        def __call__(self, report: RuleTestReport, lang: Lang, *, show_coverage: bool = False) -> str: ...


REPORTERS: dict[str, str] = {
    "text": "compliance.reporters.text:write",
    "json": "compliance.reporters.json_report:write",
    "html": "compliance.reporters.html:write",
    "xlsx": "compliance.reporters.xlsx:write",
    "csv": "compliance.reporters.csv_report:write",
    "sarif": "compliance.reporters.sarif:write",  # what to act on, as GitHub code scanning expects
    "sarif-all": "compliance.reporters.sarif:write_all",  # every finding, passes and pending too
    "junit": "compliance.reporters.junit:write",  # Jenkins, GitLab, Azure: totals on the root
    "junit-ant": "compliance.reporters.junit:write_ant",  # the strict Apache Ant schema (JUnit.xsd)
}

LINT_REPORTERS: dict[str, str] = {
    "text": "compliance.reporters.lint_report:render_text",
    "json": "compliance.reporters.lint_report:render_json",
    "sarif": "compliance.reporters.lint_report:render_sarif",
}

RULETEST_REPORTERS: dict[str, str] = {
    "text": "compliance.reporters.ruletest_report:render_text",
    "json": "compliance.reporters.ruletest_report:render_json",
}

EXPLAIN_REPORTERS: dict[str, str] = {
    "text": "compliance.reporters.explain_report:render",
    "json": "compliance.reporters.explain_report:render_json",
}

# formats whose output is bytes: written to a file or a pipe, never to a terminal
BINARY: frozenset[str] = frozenset({"xlsx"})

# formats that render() gives as bytes (CSV starts with a BOM for spreadsheets)
_AS_BYTES: frozenset[str] = frozenset({"xlsx", "csv"})

# file suffix → the formats written to such a file, the one ``--out`` picks without ``--format``
# first; the longest suffix of a name decides (``.sarif.json`` before ``.json``)
SUFFIXES: dict[str, tuple[str, ...]] = {
    ".txt": ("text",),
    ".text": ("text",),
    ".json": ("json", "sarif", "sarif-all"),
    ".sarif": ("sarif", "sarif-all"),
    ".sarif.json": ("sarif", "sarif-all"),
    ".html": ("html",),
    ".htm": ("html",),
    ".xlsx": ("xlsx",),
    ".csv": ("csv",),
    ".xml": ("junit", "junit-ant"),
    ".junit.xml": ("junit", "junit-ant"),
}

# formats whose writer also takes ``color`` and ``width`` (the terminal's table)
TERMINAL: frozenset[str] = frozenset({"text"})
# formats whose writer shares a long list of findings out among processes (``jobs``)
SHARED_OUT: frozenset[str] = frozenset({"json"})


def load(target: str) -> Any:
    """The function a registry entry (``"module:function"``) names, importing its module."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def write(
    result: CheckResult,
    fmt: str,
    lang: Lang,
    out: IO[bytes],
    *,
    color: bool = False,
    width: int | None = None,
    jobs: int = 1,
) -> None:
    """Write ``result`` in the format ``fmt`` to the binary stream ``out`` as the findings are
    read; ``color`` and ``width`` reach the terminal formats only; ``jobs``, the processes that
    may share the writing of many findings, the formats of :data:`SHARED_OUT` only."""
    writer = load(REPORTERS[fmt])
    if fmt in TERMINAL:
        writer(result, lang, out, color=color, width=width)
    elif fmt in SHARED_OUT:
        writer(result, lang, out, jobs=jobs)
    else:
        writer(result, lang, out)


def render(
    result: CheckResult, fmt: str, lang: Lang = "vi", *, color: bool = False, width: int | None = None
) -> str | bytes:
    """``result`` in the format ``fmt``, whole in memory: ``str``, or ``bytes`` for CSV and XLSX."""
    out = io.BytesIO()
    write(result, fmt, lang, out, color=color, width=width)
    data = out.getvalue()
    return data if fmt in _AS_BYTES else data.decode("utf-8")
