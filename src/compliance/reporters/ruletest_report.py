"""The outcome of a rule pack's own examples (:class:`compliance.ruletest.RuleTestReport`) as text
or JSON, for ``compliance test``: failing cases with expected and actual status, the finding's
message and evidence, the totals, the rules with no example at all (always), and (when asked) the
coverage of rules by examples."""

from __future__ import annotations

import json
from typing import Any

from compliance.errors import Location
from compliance.findings import as_json
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
    "untested": ("tiêu chí chưa có ví dụ kiểm thử", "rule(s) with no test case"),
    "untested_fix": (
        "Thêm ví dụ vào 'tests' của các tiêu chí này; --threshold 100 coi mọi tiêu chí thiếu ví dụ là lỗi.",
        "Add examples under these rules' 'tests'; --threshold 100 makes any rule lacking examples an error.",
    ),
    "nothing": ("Không có ví dụ nào để chạy: chưa kiểm thử được gì.", "No case to run: nothing was tested."),
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
    if report.untested:
        lines.append(f"⚠ {len(report.untested)} {_l('untested', lang)}:")
        lines.extend(f"    {Location(u.file, u.line)} {u.rule_id}" for u in report.untested)
        lines.append(f"  {_l('untested_fix', lang)}")
    if report.nothing_tested:
        lines.append(_l("nothing", lang))
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
        "message": r.finding.message.as_dict() if r.finding else None,
        "evidence": [as_json(e) for e in r.finding.evidence] if r.finding else [],
        "detail": r.detail,
    }


def render_json(report: RuleTestReport, lang: Lang = "vi", *, show_coverage: bool = False) -> str:
    """Every case and the coverage, always (both languages; the options are for a uniform signature)."""
    del lang, show_coverage
    results, cov = report.results, report.coverage
    failed = len(report.failed)
    payload = {
        "summary": {
            "cases": len(results),
            "passed": len(results) - failed,
            "failed": failed,
            "untested": len(report.untested),
        },
        "cases": [_case(r) for r in results],
        "untested": [
            {"pack": u.pack, "file": u.file, "line": u.line, "rule_id": u.rule_id} for u in report.untested
        ],
        "coverage": {
            "rules": cov.rules,
            "covered": cov.covered,
            "percent": round(cov.percent, 2),
            "lacking": cov.lacking,
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
