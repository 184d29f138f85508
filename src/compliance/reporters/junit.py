"""JUnit XML for CI systems: a test suite per unit, a test case per unit × rule.

The document follows the strict Apache Ant JUnit schema (the one CI servers validate against):
every suite has ``id``, ``package``, ``hostname``, ``timestamp`` (local time, no zone), ``time``,
``<properties>`` (as-of date, engine, tool version, packs), ``<system-out>`` (the unit's totals)
and ``<system-err>``; every case has ``time``. Evaluating one rule takes microseconds, so times
are written to the millisecond and read 0.000.

Failures and errors carry the message; pending, not applicable and waived findings are
``<skipped>`` with the reason; passes are plain test cases. Each document that could not be read
is a suite of its own with one ``<error>`` listing its problems.

Suites are written one unit at a time, as the findings are read (the document is what indenting
the whole tree would give). Characters that XML 1.0 forbids (control characters, U+FFFE…) are
replaced by U+FFFD, so that the document always parses.
"""

from __future__ import annotations

import datetime as dt
import socket
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import BinaryIO

from compliance.findings import STATUS_LABELS, CheckResult, Finding, InputProblem, RollupGroup, Status
from compliance.i18n import Lang
from compliance.reporters._stream import TextOut, clean, text_stream
from compliance.reporters._table import citation, evidence_text
from compliance.rollup import Place, groups_of

_SKIPPED = (Status.pending, Status.not_applicable, Status.waived)
_NO_TIME = "0.000"


def _hostname() -> str:
    name = socket.gethostname().strip()
    return name or "localhost"


def _case(suite: ET.Element, f: Finding, lang: Lang) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=f"{f.rule_id}: {f.title.pick(lang)}",
        classname=f"{f.pack or 'compliance'}.{f.unit_id}",
        time=_NO_TIME,
    )
    notes = "".join(f"\n{n.pick(lang)}" for n in f.notes)
    source = f"\n{citation(f, lang)}: “{f.source.quote}”" if f.source is not None else ""
    text = f"{f.message.pick(lang)}{notes}{source}\n{evidence_text(f)}"
    if f.status is Status.fail:
        ET.SubElement(case, "failure", message=f.message.pick(lang), type=f.severity.value).text = text
    elif f.status is Status.error:
        ET.SubElement(case, "error", message=f.message.pick(lang), type="error").text = text
    elif f.status in _SKIPPED:
        reason = f.waiver if f.status is Status.waived and f.waiver else f.message.pick(lang)
        ET.SubElement(case, "skipped", message=f"{f.status.value}: {reason}")


def _problem_line(p: InputProblem, lang: Lang) -> str:
    fix = f" — {p.fix.pick(lang)}" if p.fix else ""
    return f"{p.location()} [{p.code}] {p.message.pick(lang)}{fix}"


def _rollup_groups(result: CheckResult) -> dict[tuple[str, str | None], RollupGroup]:
    """An audit's roll-up groups by (dimension, key)."""
    rollups = result.audit.rollups if result.audit is not None else []
    return {(r.dimension.value, g.key): g for r in rollups for g in r.groups}


def _rollup_properties(
    suite: ET.Element, f: Finding, groups: dict[tuple[str, str | None], RollupGroup], lang: Lang
) -> None:
    """A property per roll-up group of the suite's unit (docs/audit.md), with the group's rate:
    ``rollup.district`` = "Thanh Xuân, Hà Nội: 55% (38/69)"."""
    properties = suite.find("properties")
    if not groups or properties is None:
        return
    for dimension, key, _ in groups_of(Place.of(f)):
        group = groups.get((dimension.value, key))
        if group is not None:
            t = group.total
            rate = f"{t.rate:.0%} ({t.passed}/{t.judged})" if t.rate is not None else "—"
            value = f"{group.label.pick(lang)}: {rate}"
            ET.SubElement(properties, "property", name=f"rollup.{dimension.value}", value=value)


class _Suites:
    """Writes ``<testsuites>`` suite by suite, with the attributes and children the strict schema
    requires."""

    def __init__(self, result: CheckResult, text: TextOut) -> None:
        self.result = result
        self.text = text
        self.count = 0
        self.hostname = _hostname()
        self.timestamp = dt.datetime.now().replace(microsecond=0).isoformat()

    def suite(self, name: str, package: str, counts: dict[str, int]) -> ET.Element:
        attributes = {
            "name": name,
            "package": package,
            "id": str(self.count),
            "hostname": self.hostname,
            "timestamp": self.timestamp,
            "time": _NO_TIME,
            **{key: str(value) for key, value in counts.items()},
        }
        suite = ET.Element("testsuite", attributes)
        properties = ET.SubElement(suite, "properties")
        result = self.result
        for key, value in (
            ("as_of", result.as_of.isoformat()),
            ("engine", result.engine),
            ("tool_version", result.tool_version),
            ("packs", ", ".join(f"{p.id}@{p.version}" for p in result.packs)),
        ):
            ET.SubElement(properties, "property", name=key, value=value)
        return suite

    def close(self, suite: ET.Element, out: str, err: str) -> None:
        """Finish ``suite`` with its system-out and system-err, and write it."""
        ET.SubElement(suite, "system-out").text = out
        ET.SubElement(suite, "system-err").text = err
        ET.indent(suite, level=1)
        self.text.write("\n  " + clean(ET.tostring(suite, encoding="unicode")))
        self.count += 1


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    with text_stream(out) as text:
        text.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not result.findings and not result.problems:
            text.write("<testsuites />\n")
            return
        text.write("<testsuites>")
        suites = _Suites(result, text)
        groups = _rollup_groups(result)
        for (unit, year), group in groupby(result.findings, key=lambda f: (f.unit_id, f.school_year)):
            findings = list(group)
            counts = {
                "tests": len(findings),
                "failures": sum(f.status is Status.fail for f in findings),
                "errors": sum(f.status is Status.error for f in findings),
                "skipped": sum(f.status in _SKIPPED for f in findings),
            }
            suite = suites.suite(
                f"{findings[0].unit_name or unit} ({unit}, {year})", f"{unit}.{year}", counts
            )
            _rollup_properties(suite, findings[0], groups, lang)
            for f in findings:
                _case(suite, f, lang)
            totals = ", ".join(
                f"{label.pick(lang)}: {n}"
                for status, label in STATUS_LABELS.items()
                if (n := sum(f.status is status for f in findings))
            )
            suites.close(suite, totals, "")
        by_file: dict[str, list[InputProblem]] = {}
        for p in result.problems:
            by_file.setdefault(p.file or "input", []).append(p)
        for file, problems in by_file.items():
            counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
            suite = suites.suite(file, "compliance.input", counts)
            case = ET.SubElement(suite, "testcase", name="load", classname="compliance.input", time=_NO_TIME)
            lines = "\n".join(_problem_line(p, lang) for p in problems)
            ET.SubElement(case, "error", message=problems[0].message.pick(lang), type="input").text = lines
            suites.close(suite, "", lines)
        text.write("\n</testsuites>\n")
