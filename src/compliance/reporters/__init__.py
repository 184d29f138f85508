"""Reporters turn a :class:`~compliance.findings.CheckResult` into something people or tools read.

Each reporter is one module with ``render(result, lang) -> str | bytes``; :data:`REPORTERS` maps
``--format`` names to them.
"""

from __future__ import annotations

from collections.abc import Callable

from compliance.findings import CheckResult
from compliance.i18n import Lang
from compliance.reporters import csv_report, html, json_report, junit, sarif, text, xlsx

Renderer = Callable[[CheckResult, Lang], str | bytes]

REPORTERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "html": html.render,
    "xlsx": xlsx.render,
    "csv": csv_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def render(result: CheckResult, fmt: str, lang: Lang = "vi") -> str | bytes:
    return REPORTERS[fmt](result, lang)
