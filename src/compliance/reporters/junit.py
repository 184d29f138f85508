"""JUnit XML for CI systems: a test suite per unit, a test case per unit × rule.

Two formats (docs/report-format.md, "JUnit"):

* ``junit`` (the default) — the flavour Jenkins, GitLab and Azure DevOps read: the root
  ``<testsuites>`` carries the totals (``tests``, ``failures``, ``errors``, ``skipped``, the sums
  of its suites), ``time`` and ``timestamp``, and timestamps are ISO 8601 with the zone offset;
* ``junit-ant`` — the strict Apache Ant schema (``JUnit.xsd``, which some CI servers validate
  against): it forbids attributes on ``<testsuites>``, and its timestamps have no zone (local time,
  as Ant writes them).

Apart from that both are the same: every suite has ``id``, ``package``, ``hostname``,
``timestamp``, ``time``, ``<properties>`` (as-of date, engine, tool version, packs),
``<system-out>`` (the unit's totals) and ``<system-err>``; every case has ``time``. The engine does
not time findings (evaluating one rule takes microseconds, a portfolio milliseconds), so every
``time`` is ``0``: a time not measured, not a measurement of nothing.

Failures and errors carry the message; pending, not applicable and waived findings are
``<skipped>`` with the reason (a waiver's with its legal basis and approver); passes are plain test
cases. Each document that could not be read is a suite of its own with one ``<error>`` listing its
problems. The result's notes are the ``<system-out>`` of a last suite, ``compliance.notes``, with
no test case.

Suites are written one unit at a time, as the findings are read (the document is what indenting
the whole tree would give; the root's totals come from the result's tally). Characters that XML
1.0 forbids (control characters, U+FFFE…) are replaced by U+FFFD, so that the document always
parses.
"""

from __future__ import annotations

import datetime as dt
import socket
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import BinaryIO

from compliance.findings import (
    STATUS_LABELS,
    CheckResult,
    Finding,
    InputProblem,
    RollupGroup,
    Status,
    Tally,
    waiver_text,
)
from compliance.i18n import Lang
from compliance.reporters._stream import TextOut, clean, text_stream
from compliance.reporters._table import citation, evidence_text
from compliance.rollup import Place, groups_of

_SKIPPED = (Status.pending, Status.not_applicable, Status.waived)
_NO_TIME = "0"  # not measured (module docstring)


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
        waiver = waiver_text(f, lang) if f.status is Status.waived else None
        reason = waiver or f.message.pick(lang)
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

    def __init__(self, result: CheckResult, text: TextOut, timestamp: str) -> None:
        self.result = result
        self.text = text
        self.count = 0
        self.hostname = _hostname()
        self.timestamp = timestamp

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


def timestamps() -> tuple[str, str]:
    """Now, to the second, in ISO 8601: with the zone offset (``junit``) and without (``junit-ant``,
    local time)."""
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    return now.isoformat(), now.replace(tzinfo=None).isoformat()


def totals(result: CheckResult) -> dict[str, int]:
    """The root's totals, the sums of its suites: a case per finding and one per unreadable file
    (an error)."""
    by_status = Tally.of(result.findings).summary().by_status
    files = len({p.file or "input" for p in result.problems})
    return {
        "tests": sum(by_status.values()) + files,
        "failures": by_status[Status.fail.value],
        "errors": by_status[Status.error.value] + files,
        "skipped": sum(by_status[s.value] for s in _SKIPPED),
    }


def _root(result: CheckResult, timestamp: str) -> str:
    """The ``<testsuites>`` start tag of the ``junit`` flavour, with the totals."""
    attributes = {
        "name": "compliance",
        **{key: str(value) for key, value in totals(result).items()},
        "time": _NO_TIME,
        "timestamp": timestamp,
    }
    return ET.tostring(ET.Element("testsuites", attributes), encoding="unicode").removesuffix(" />")


def _notes(suites: _Suites, result: CheckResult, lang: Lang) -> None:
    """The result's notes (documents set aside, waivers that excused nothing …), one a line, in the
    ``<system-out>`` of a last suite without test cases (``compliance.notes``)."""
    if result.notes:
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        suite = suites.suite("Ghi chú" if lang == "vi" else "Notes", "compliance.notes", counts)
        suites.close(suite, "\n".join(n.pick(lang) for n in result.notes), "")


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    """``--format junit``: totals on the root, timestamps with their zone."""
    zoned, _ = timestamps()
    _write(result, lang, out, root=_root(result, zoned), timestamp=zoned)


def write_ant(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    """``--format junit-ant``: valid against the strict Ant schema (a bare root, zone-less times)."""
    _, local = timestamps()
    _write(result, lang, out, root="<testsuites", timestamp=local)


def _write(result: CheckResult, lang: Lang, out: BinaryIO, *, root: str, timestamp: str) -> None:
    with text_stream(out) as text:
        text.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not result.findings and not result.problems:
            text.write(f"{root} />\n")
            return
        text.write(f"{root}>")
        suites = _Suites(result, text, timestamp)
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
            counted = ", ".join(
                f"{label.pick(lang)}: {n}"
                for status, label in STATUS_LABELS.items()
                if (n := sum(f.status is status for f in findings))
            )
            suites.close(suite, counted, "")
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
        _notes(suites, result, lang)
        text.write("\n</testsuites>\n")
