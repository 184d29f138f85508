"""SARIF 2.1.0 for code-review style viewers and CI: one result per finding.

``kind`` follows the status (pass → ``pass``, fail/error → ``fail``, not applicable →
``notApplicable``, pending → ``open``); failures carry a ``level`` from the severity, waived ones a
suppression with the waiver. The unit is the logical location; evidence gives physical locations.
Fingerprints are stable across runs (pack, rule, unit, school year).

The log is written as the findings are read: the rules come from the result's tally (the first
finding of each rule), then each result is dumped in its place, indented to its depth, so that the
output is byte for byte ``json.dumps(to_sarif(result), ensure_ascii=False, indent=2)``.
"""

from __future__ import annotations

import hashlib
import json
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from compliance import __version__
from compliance.findings import CheckResult, Finding, InputProblem, Status, Tally
from compliance.i18n import Lang
from compliance.reporters._stream import text_stream
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


def _unreadable_rule(lang: Lang) -> dict[str, Any]:
    return {
        "id": UNREADABLE,
        "name": "unreadable_document",
        "shortDescription": {
            "text": "Văn bản không đọc được" if lang == "vi" else "Document could not be read"
        },
        "defaultConfiguration": {"level": "error"},
    }


def _rules(result: CheckResult, lang: Lang) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """``tool.driver.rules`` (one per rule that gave a finding, in first-seen order, then the
    unreadable-document rule if a document could not be read) and each rule's index."""
    tally = Tally.of(result.findings)
    rules = [_rule(tally.first[rule_id], lang) for rule_id in tally.rules]
    index = {rule_id: i for i, rule_id in enumerate(tally.rules)}
    if result.problems:
        rules.append(_unreadable_rule(lang))
    return rules, index


def _invocation(result: CheckResult) -> dict[str, Any]:
    return {"executionSuccessful": True, "properties": {"as_of": result.as_of.isoformat()}}


def _with_rollups(log: dict[str, Any], result: CheckResult) -> dict[str, Any]:
    """``runs[0].properties.rollups``: an audit's roll-ups, as in the findings JSON (docs/audit.md)."""
    if result.audit is not None and result.audit.rollups:
        rollups = [r.model_dump(mode="json") for r in result.audit.rollups]
        log["runs"][0].setdefault("properties", {})["rollups"] = rollups
    return log


def to_sarif(result: CheckResult, lang: Lang = "vi") -> dict[str, Any]:
    """The whole log as one object (:func:`write` streams the same)."""
    rules, index = _rules(result, lang)
    results = [_result(f, index[f.rule_id], lang) for f in result.findings]
    results.extend(_problem(p, len(rules) - 1, lang) for p in result.problems)
    return _with_rollups(sarif_log("compliance", rules, results, _invocation(result)), result)


_RESULTS = '\n      "results": []'  # runs[0].results, at depth 3: its items at depth 4


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    rules, index = _rules(result, lang)
    log = _with_rollups(sarif_log("compliance", rules, [], _invocation(result)), result)
    shell = json.dumps(log, ensure_ascii=False, indent=2)
    head, tail = shell.split(_RESULTS)
    items = (_result(f, index[f.rule_id], lang) for f in result.findings)
    problems = (_problem(p, len(rules) - 1, lang) for p in result.problems)
    with text_stream(out) as text:
        text.write(head + '\n      "results": ')
        opened = False
        for item in chain(items, problems):
            text.write(",\n        " if opened else "[\n        ")
            text.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n        "))
            opened = True
        text.write("\n      ]" if opened else "[]")
        text.write(tail + "\n")
