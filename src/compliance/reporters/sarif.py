"""SARIF 2.1.0 for code-review style viewers and CI: one result per finding.

``kind`` follows the status (pass → ``pass``, fail/error → ``fail``, not applicable →
``notApplicable``, pending → ``open``); failures carry a ``level`` from the severity, waived ones a
suppression with the waiver. The unit is the logical location; evidence gives physical locations.
Fingerprints are stable across runs (pack, rule, unit, school year).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from compliance import __version__
from compliance.findings import CheckResult, Finding, InputProblem, Status
from compliance.i18n import Lang
from compliance.reporters._table import citation as cite
from compliance.severity import Severity

_LEVEL = {
    Severity.critical: "error",
    Severity.high: "error",
    Severity.medium: "warning",
    Severity.low: "note",
    Severity.info: "note",
}
_KIND = {
    Status.pass_: "pass",
    Status.fail: "fail",
    Status.error: "fail",
    Status.waived: "fail",
    Status.not_applicable: "notApplicable",
    Status.pending: "open",
}


def fingerprint(f: Finding) -> str:
    return hashlib.sha256(f"{f.pack or ''}|{f.rule_id}|{f.unit_id}|{f.school_year}".encode()).hexdigest()[:32]


def _rule(f: Finding, lang: Lang) -> dict[str, Any]:
    if f.source is None:  # the engine's own findings (compliance/…) quote no plan
        description, text, markdown = f.title.pick(lang), f.remediation.pick(lang), f.remediation.pick(lang)
    else:
        description = f"{cite(f, lang)}: “{f.source.quote}”"
        text = f"{f.remediation.pick(lang)}\n{description}"
        markdown = f"{f.remediation.pick(lang)}\n\n> {description}"
    return {
        "id": f.rule_id,
        "name": f.rule_id.replace("-", "_"),
        "shortDescription": {"text": f.title.pick(lang)},
        "fullDescription": {"text": description},
        "help": {"text": text, "markdown": markdown},
        "properties": {
            "pack": f.pack,
            "severity": f.severity.value,
            "kind": f.kind,
            "source": f.source.model_dump() if f.source is not None else None,
        },
        "defaultConfiguration": {"level": _LEVEL[f.severity]},
    }


def _result(f: Finding, index: int, lang: Lang) -> dict[str, Any]:
    failing = f.status in (Status.fail, Status.error, Status.waived)
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "kind": _KIND[f.status],
        "level": _LEVEL[f.severity] if failing else "none",
        "message": {"text": f"{f.unit_name or f.unit_id}: {f.message.pick(lang)}"},
        "partialFingerprints": {"compliance/v1": fingerprint(f)},
        "properties": {
            "status": f.status.value,
            "unit_id": f.unit_id,
            "school_year": f.school_year,
            "pack": f.pack,
        },
    }
    unit = [{"name": f.unit_id, "fullyQualifiedName": f"{f.unit_id}/{f.school_year}", "kind": "module"}]
    locations: list[dict[str, Any]] = []
    for e in f.evidence:
        path = Path(e.document)
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": path.as_uri() if path.is_absolute() else path.as_posix()}
        }
        if e.line is not None:
            physical["region"] = {"startLine": e.line, **({"startColumn": e.column} if e.column else {})}
        locations.append(
            {"physicalLocation": physical, "logicalLocations": unit, "message": {"text": e.pointer or "/"}}
        )
    result["locations"] = locations or [{"logicalLocations": unit}]
    if f.status is Status.waived:
        result["suppressions"] = [{"kind": "external", "justification": f.waiver or ""}]
    if f.deadline is not None:
        result["properties"]["deadline"] = json.loads(f.deadline.model_dump_json())
    if f.notes:
        result["properties"]["notes"] = [n.pick(lang) for n in f.notes]
    return result


UNREADABLE = "compliance/unreadable-document"


def sarif_log(
    tool: str,
    rules: list[dict[str, Any]],
    results: list[dict[str, Any]],
    invocation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run (shared with ``compliance lint``)."""
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": tool,
                "version": __version__,
                "informationUri": "https://example.invalid/compliance",
                "rules": rules,
            }
        },
        "results": results,
    }
    if invocation is not None:
        run["invocations"] = [invocation]
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def _problem(p: InputProblem, index: int, lang: Lang) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": Path(p.file or "input").as_posix()}}
    if p.line is not None:
        location["region"] = {"startLine": p.line, **({"startColumn": p.column} if p.column else {})}
    text = p.message.pick(lang) + (f" — {p.fix.pick(lang)}" if p.fix else "")
    fingerprint = hashlib.sha256(f"{p.file}|{p.pointer}|{p.message.en}".encode()).hexdigest()[:32]
    return {
        "ruleId": UNREADABLE,
        "ruleIndex": index,
        "kind": "fail",
        "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"compliance/v1": fingerprint},
        "properties": {"code": p.code},
    }


def to_sarif(result: CheckResult, lang: Lang = "vi") -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for f in result.findings:
        if f.rule_id not in index:
            index[f.rule_id] = len(rules)
            rules.append(_rule(f, lang))
    results = [_result(f, index[f.rule_id], lang) for f in result.findings]
    if result.problems:
        rules.append(
            {
                "id": UNREADABLE,
                "name": "unreadable_document",
                "shortDescription": {
                    "text": "Văn bản không đọc được" if lang == "vi" else "Document could not be read"
                },
                "defaultConfiguration": {"level": "error"},
            }
        )
        results.extend(_problem(p, len(rules) - 1, lang) for p in result.problems)
    invocation = {"executionSuccessful": True, "properties": {"as_of": result.as_of.isoformat()}}
    return sarif_log("compliance", rules, results, invocation)


def render(result: CheckResult, lang: Lang = "vi") -> str:
    return json.dumps(to_sarif(result, lang), ensure_ascii=False, indent=2) + "\n"
