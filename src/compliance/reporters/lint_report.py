"""A lint report (:class:`compliance.lint.LintReport`) as text, JSON or SARIF, for ``compliance lint``.

The linter decides what is wrong; this module only words it: text for a person at a terminal,
JSON for scripts, SARIF 2.1.0 for code-review viewers (one reporting descriptor per lint code),
with the conventions of the check's SARIF (:mod:`compliance.reporters.sarif`): relative URIs with a
``uriBaseId`` (``%SRCROOT%``, the working directory, or ``PACKROOT`` for packs outside it, such as
the installed ones), a line for every location, stable ``partialFingerprints``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from compliance.errors import Location
from compliance.i18n import Lang
from compliance.lint import CODES, LEVELS, LintFinding, LintReport
from compliance.reporters.sarif import Bases, physical, sarif_log

_WORD = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning"), "info": ("ghi chú", "note")}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def finding_text(f: LintFinding, lang: Lang) -> str:
    """``file:line:column: level code [rule]: message``, and the fix on a line of its own."""
    where = Location(f.file, f.line, f.column)
    word = _WORD[f.level][0 if lang == "vi" else 1]
    rule = f" [{f.rule_id}]" if f.rule_id else ""
    text = f"{where}: {word} {f.code}{rule}: {f.message.pick(lang)}"
    if f.fix is not None:
        text += f"\n    {'Cách sửa' if lang == 'vi' else 'Fix'}: {f.fix.pick(lang)}"
    return text


def render_text(report: LintReport, lang: Lang = "vi") -> str:
    lines = [finding_text(f, lang) for f in report.findings]
    errors, warnings, notes = (report.count(level) for level in LEVELS)
    if lang == "vi":
        lines.append(f"{len(report.files)} bộ tiêu chí: {errors} lỗi, {warnings} cảnh báo, {notes} ghi chú")
        if report.sources is None:
            lines.append("Chưa đối chiếu trích dẫn với văn bản nguồn: thêm --sources THƯ_MỤC_SEEDS.")
    else:
        lines.append(
            f"{len(report.files)} pack(s): {errors} error(s), {warnings} warning(s), {notes} note(s)"
        )
        if report.sources is None:
            lines.append("Quotes were not checked against the plans: add --sources SEEDS_FOLDER.")
    return "\n".join(lines) + "\n"


def finding_dict(f: LintFinding) -> dict[str, Any]:
    return {
        "code": f.code,
        "level": f.level,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "pointer": f.pointer,
        "rule_id": f.rule_id,
        "message": f.message.as_dict(),
        "fix": f.fix.as_dict() if f.fix else None,
    }


def render_json(report: LintReport, lang: Lang = "vi") -> str:
    """Both languages are always present in JSON; ``lang`` is accepted for a uniform signature."""
    del lang
    payload = {
        "files": report.files,
        "sources": report.sources,
        "summary": {level: report.count(level) for level in LEVELS},
        "findings": [finding_dict(f) for f in report.findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def fingerprint(f: LintFinding) -> str:
    """Stable across runs and line moves: code, file, rule, pointer and the English message."""
    key = f"{f.code}|{f.file}|{f.rule_id}|{f.pointer}|{f.message.en}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def to_sarif(report: LintReport, lang: Lang = "vi") -> dict[str, Any]:
    """A SARIF 2.1.0 log: one reporting descriptor per lint code, one result per finding."""
    codes = sorted(CODES)
    rules = [
        {
            "id": code,
            "name": code.replace("-", "_"),
            "shortDescription": {"text": CODES[code].pick(lang)},
            "defaultConfiguration": {"level": "warning" if code == "correction-not-printed" else "error"},
        }
        for code in codes
    ]
    bases = Bases([*report.files, *(f.file for f in report.findings)], outside="PACKROOT")
    results = []
    for f in report.findings:
        location = physical(bases, f.file, f.line, f.column)
        text = f.message.pick(lang) + (f" — {f.fix.pick(lang)}" if f.fix else "")
        properties: dict[str, Any] = {"pointer": f.pointer} if f.pointer is not None else {}
        if f.rule_id:
            properties["rule_id"] = f.rule_id
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": codes.index(f.code),
                "level": _SARIF_LEVEL[f.level],
                "message": {"text": text},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {"lint/v1": fingerprint(f)},
                **({"properties": properties} if properties else {}),
            }
        )
    return sarif_log("compliance-lint", rules, results, bases=bases)


def render_sarif(report: LintReport, lang: Lang = "vi") -> str:
    return json.dumps(to_sarif(report, lang), ensure_ascii=False, indent=2) + "\n"
