"""JUnit XML for CI systems: a test suite per unit, a test case per unit × rule.

Failures and errors carry the message; pending, not applicable and waived findings are
``<skipped>`` with the reason; passes are plain test cases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from compliance.findings import CheckResult, Finding, Status
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


def render(result: CheckResult, lang: Lang = "vi") -> str:
    root = ET.Element("testsuites", name="compliance", tests=str(len(result.findings)))
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
    for problem in result.problems:
        suite = ET.SubElement(
            root, "testsuite", name=problem.file or "input", tests="1", failures="0", errors="1"
        )
        case = ET.SubElement(suite, "testcase", name="load", classname="compliance.input")
        ET.SubElement(case, "error", message=problem.message.pick(lang), type="input")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
