"""The outcome of a rule pack's own examples (:class:`compliance.ruletest.RuleTestReport`) as text
or JSON, for ``compliance test``: failing cases with expected and actual status, the finding's
message and evidence, the totals, and (when asked) the coverage of rules by examples."""

from __future__ import annotations

import json
from typing import Any

from compliance.errors import Location
from compliance.i18n import Lang
from compliance.ruletest import CaseResult, RuleTestReport

_L = {
    "case": ("ví dụ", "case"),
    "cases": ("ví dụ", "case(s)"),
    "expected": ("mong đợi", "expected"),
    "actual": ("thực tế", "actual"),
    "evidence": ("minh chứng", "evidence"),
    "summary": ("Tổng", "Total"),
    "passed": ("đúng", "passed"),
    "failed": ("sai", "failed"),
    "coverage": ("Độ phủ", "Coverage"),
    "lacking": ("thiếu ví dụ", "lacks an example that gives"),
    "below": ("thấp hơn ngưỡng", "below the threshold"),
}


def _l(key: str, lang: Lang) -> str:
    return _L[key][0] if lang == "vi" else _L[key][1]


def _failure(r: CaseResult, lang: Lang) -> list[str]:
    where = Location(r.file, r.line)
    lines = [
        f"✗ {where} {r.rule_id} — {_l('case', lang)} “{r.name}”",
        f"    {_l('expected', lang)}: {r.expected}   {_l('actual', lang)}: {r.actual}",
    ]
    if r.finding is not None:
        lines.append(f"    {r.finding.message.pick(lang)}")
        for e in r.finding.evidence[:3]:
            lines.append(
                f"    {_l('evidence', lang)}: {e.pointer or '/'} = {json.dumps(e.value, ensure_ascii=False)[:160]}"
            )
    elif r.detail:
        lines.extend(f"    {line}" for line in r.detail.splitlines())
    return lines


def render_text(report: RuleTestReport, lang: Lang = "vi", *, show_coverage: bool = False) -> str:
    """Failing cases and the totals; the coverage too with ``show_coverage`` or a threshold."""
    results, failed, cov = report.results, report.failed, report.coverage
    lines = [line for r in failed for line in _failure(r, lang)]
    lines.append(
        f"{_l('summary', lang)}: {len(results)} {_l('cases', lang)} — {len(results) - len(failed)} "
        f"{_l('passed', lang)}, {len(failed)} {_l('failed', lang)}"
    )
    if show_coverage or report.threshold is not None:
        lines.append(
            f"{_l('coverage', lang)}: {cov.covered}/{cov.rules} ({cov.percent:.1f}%)"
            + (f" — {_l('below', lang)}" if report.below else "")
        )
        for rule, missing in sorted(cov.lacking.items()):
            lines.append(f"    {rule}: {_l('lacking', lang)} {', '.join(missing)}")
    return "\n".join(lines) + "\n"


def _case(r: CaseResult) -> dict[str, Any]:
    return {
        "pack": r.pack,
        "file": r.file,
        "line": r.line,
        "rule_id": r.rule_id,
        "name": r.name,
        "expected": r.expected,
        "actual": r.actual,
        "passed": r.passed,
        "message": r.finding.message.model_dump() if r.finding else None,
        "evidence": [e.model_dump(mode="json") for e in r.finding.evidence] if r.finding else [],
        "detail": r.detail,
    }


def render_json(report: RuleTestReport, lang: Lang = "vi", *, show_coverage: bool = False) -> str:
    """Every case and the coverage, always (both languages; the options are for a uniform signature)."""
    del lang, show_coverage
    results, cov = report.results, report.coverage
    failed = len(report.failed)
    payload = {
        "summary": {"cases": len(results), "passed": len(results) - failed, "failed": failed},
        "cases": [_case(r) for r in results],
        "coverage": {
            "rules": cov.rules,
            "covered": cov.covered,
            "percent": round(cov.percent, 2),
            "lacking": cov.lacking,
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
