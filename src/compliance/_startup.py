"""What a text check of one portfolio must not import: one list, read by ``tests/test_startup.py``
(which asserts it) and ``benchmarks/bench_startup.py`` (which reports what was imported anyway).

A text ``compliance check`` with no ``--save``, ``--baseline`` or ``--waivers``, whose documents
the compiled check accepts and whose deadlines do not roll off a day off, needs none of these:
the other formats' reporters and their libraries, report validation's jsonschema (only for a
document the compiled check refuses), the holiday tables (only when a deadline falls on a day
off), the linter, the rule tests, the waivers, the audit store (SQLite, diffs, snapshots), fsspec
(only for a path that is a URL) and rich (the text report draws its tables itself:
:mod:`compliance.reporters._plain`).
"""

from __future__ import annotations

from collections.abc import Iterable

NOT_FOR_TEXT: frozenset[str] = frozenset(
    {
        "openpyxl",
        "xlsxwriter",
        "jsonschema",
        "holidays",
        "sqlite3",
        "rich",
        "compliance.reporters.xlsx",
        "compliance.reporters.html",
        "compliance.reporters.sarif",
        "compliance.reporters.junit",
        "compliance.reporters.csv_report",
        "compliance.reporters.json_report",
        "compliance.reporters.lint_report",
        "compliance.reporters.ruletest_report",
        "compliance.reporters.explain_report",
        "compliance.reporters.diff_report",
        "compliance.reporters.history_report",
        "compliance.lint",
        "compliance.ruletest",
        "compliance.waivers",
        "compliance.store",
        "fsspec",  # only when a path given is a URL (compliance.remote)
        "compliance.remote",
    }
)


def needless(modules: Iterable[str]) -> set[str]:
    """The modules among ``modules`` that :data:`NOT_FOR_TEXT` names, or that are inside a package
    it names (``jsonschema.validators``, ``compliance.store.db``)."""
    found = set()
    for module in modules:
        parts = module.split(".")
        if any(".".join(parts[:n]) in NOT_FOR_TEXT for n in range(1, len(parts) + 1)):
            found.add(module)
    return found
