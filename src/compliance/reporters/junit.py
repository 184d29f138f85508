"""JUnit XML for CI systems: a test suite per unit, a test case per unit × rule.

Failures and errors carry the message; pending, not applicable and waived findings are
``<skipped>`` with the reason; passes are plain test cases. Each document that could not be read
is a suite of its own with one ``<error>`` listing its problems.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from compliance.findings import CheckResult, Finding, InputProblem, Status
from compliance.i18n import Lang
from compliance.reporters._table import evidence_text


def _case(suite: ET.Element, f: Finding, lang: Lang) -> None:
    case = ET.SubElement(
        suite, "testcase", name=f"{f.rule_id}: {f.title.pick(lang)}", classname=f"{f.pack}.{f.unit_id}"
    )
    text = f"{f.message.pick(lang)}\n{f.source.document} §{f.source.section}: “{f.source.quote}”\n{evidence_text(f)}"
    if f.status is Status.fail:
        ET.SubElement(case, "failure", message=f.message.pick(lang), type=f.severity.value).text = text
    elif f.status is Status.error:
        ET.SubElement(case, "error", message=f.message.pick(lang), type="error").text = text
    elif f.status in (Status.pending, Status.not_applicable, Status.waived):
        reason = f.waiver if f.status is Status.waived and f.waiver else f.message.pick(lang)
        ET.SubElement(case, "skipped", message=f"{f.status.value}: {reason}")


def _problem_line(p: InputProblem, lang: Lang) -> str:
    where = ":".join(str(x) for x in (p.file, p.line, p.column) if x is not None)
    fix = f" — {p.fix.pick(lang)}" if p.fix else ""
    return " ".join(x for x in (where, p.pointer, p.message.pick(lang)) if x) + fix


def render(result: CheckResult, lang: Lang = "vi") -> str:
    by_file: dict[str, list[InputProblem]] = {}
    for p in result.problems:
        by_file.setdefault(p.file or "input", []).append(p)
    root = ET.Element("testsuites", name="compliance", tests=str(len(result.findings) + len(by_file)))
    for (unit, year), group in groupby(result.findings, key=lambda f: (f.unit_id, f.school_year)):
        findings = list(group)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"{findings[0].unit_name or unit} ({unit}, {year})",
            tests=str(len(findings)),
            failures=str(sum(f.status is Status.fail for f in findings)),
            errors=str(sum(f.status is Status.error for f in findings)),
            skipped=str(
                sum(f.status in (Status.pending, Status.not_applicable, Status.waived) for f in findings)
            ),
            timestamp=result.as_of.isoformat(),
        )
        for f in findings:
            _case(suite, f, lang)
    for file, problems in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=file, tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", name="load", classname="compliance.input")
        error = ET.SubElement(case, "error", message=problems[0].message.pick(lang), type="input")
        error.text = "\n".join(_problem_line(p, lang) for p in problems)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
