"""Reporters turn what a command found into something people or tools read.

Each reporter is a module with ``render(result, lang)``; each registry maps ``--format`` names
to a ``"module:function"`` reference, imported only when that format is asked for (the XLSX
writer's openpyxl, the HTML page and the lint and rule-test reporters cost nothing to a text
check). The commands in :mod:`compliance.cli` only pick one, with :func:`load`:

* :data:`REPORTERS` — a :class:`~compliance.findings.CheckResult` (``check``, ``audit``);
* :data:`LINT_REPORTERS` — a :class:`~compliance.lint.LintReport` (``lint``);
* :data:`RULETEST_REPORTERS` — a :class:`~compliance.ruletest.RuleTestReport` (``test``);
* :data:`EXPLAIN_REPORTERS` — a list of :class:`~compliance.explain.Explanation` (``explain``).

:data:`BINARY` names the formats that are bytes, not text (never written to a terminal), and
:data:`SUFFIXES` the file suffixes each format is written to (``--out report.xlsx`` picks XLSX).
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads the name), without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Protocol

    from compliance.explain import Explanation
    from compliance.findings import CheckResult
    from compliance.i18n import Lang
    from compliance.lint import LintReport
    from compliance.ruletest import RuleTestReport

    Renderer = Callable[[CheckResult, Lang], str | bytes]
    LintRenderer = Callable[[LintReport, Lang], str]
    ExplainRenderer = Callable[[list[Explanation], Lang], str]

    class RuleTestRenderer(Protocol):
        def __call__(self, report: RuleTestReport, lang: Lang, *, show_coverage: bool = False) -> str: ...


REPORTERS: dict[str, str] = {
    "text": "compliance.reporters.text:render",
    "json": "compliance.reporters.json_report:render",
    "html": "compliance.reporters.html:render",
    "xlsx": "compliance.reporters.xlsx:render",
    "csv": "compliance.reporters.csv_report:render",
    "sarif": "compliance.reporters.sarif:render",
    "junit": "compliance.reporters.junit:render",
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

# file suffix → the formats written to such a file, the one ``--out`` picks without ``--format``
# first; the longest suffix of a name decides (``.sarif.json`` before ``.json``)
SUFFIXES: dict[str, tuple[str, ...]] = {
    ".txt": ("text",),
    ".text": ("text",),
    ".json": ("json", "sarif"),
    ".sarif": ("sarif",),
    ".sarif.json": ("sarif",),
    ".html": ("html",),
    ".htm": ("html",),
    ".xlsx": ("xlsx",),
    ".csv": ("csv",),
    ".xml": ("junit",),
    ".junit.xml": ("junit",),
}

# formats whose renderer also takes ``color`` and ``width`` (the terminal's table)
TERMINAL: frozenset[str] = frozenset({"text"})


def load(target: str) -> Any:
    """The function a registry entry (``"module:function"``) names, importing its module."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def render(
    result: CheckResult, fmt: str, lang: Lang = "vi", *, color: bool = False, width: int | None = None
) -> str | bytes:
    """``result`` in the format ``fmt``; ``color`` and ``width`` reach the terminal formats only."""
    renderer = load(REPORTERS[fmt])
    if fmt in TERMINAL:
        payload: str | bytes = renderer(result, lang, color=color, width=width)
    else:
        payload = renderer(result, lang)
    return payload
