"""From matches to findings: applicability, then the check kind's own judgement.

This is the one place where a rule's outcome is decided, whichever back end found the matches:
:func:`judge` decides whether the rule applies to the unit and hands the check to its kind
(:mod:`compliance.checks`), whose judge step counts, windows and words the outcome. Every (unit,
rule) pair that reaches :func:`judge` yields exactly one finding.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from compliance import checks
from compliance.checks import Context, Outcome
from compliance.evaluators import Matches
from compliance.findings import Finding, SourceCitation, Status
from compliance.i18n import Text, vn_date
from compliance.portfolio import Portfolio
from compliance.program import CompiledRule, Program
from compliance.rollup import unit_place
from compliance.scope import addressed, applicable_packs


def not_applicable_reason(rule: CompiledRule, portfolio: Portfolio, as_of: dt.date) -> Text | None:
    unit, applies = portfolio.unit, rule.applies
    if unit.unit_type not in applies.unit_types:
        wanted = ", ".join(sorted(applies.unit_types))
        return Text(
            vi=f"Tiêu chí áp dụng cho loại đơn vị {wanted}; đơn vị này là {unit.unit_type}.",
            en=f"The rule applies to unit types {wanted}; this unit is {unit.unit_type}.",
        )
    if applies.levels is not None and not (applies.levels & unit.levels):
        wanted = ", ".join(sorted(applies.levels))
        have = ", ".join(sorted(unit.levels)) or "—"
        return Text(
            vi=f"Tiêu chí áp dụng cho cấp học {wanted}; đơn vị có cấp học {have}.",
            en=f"The rule applies to levels {wanted}; the unit has {have}.",
        )
    if applies.out_of_force is not None:
        return applies.out_of_force
    if applies.repealed_on is not None and as_of >= applies.repealed_on:
        reason = applies.repealed_reason
        return Text(
            vi=f"Nghĩa vụ đã bị bãi bỏ từ ngày {vn_date(applies.repealed_on)}, nên không còn xét."
            + (f" {reason.vi}" if reason else ""),
            en=f"The obligation was repealed from {vn_date(applies.repealed_on)} and is no longer enforced."
            + (f" {reason.en}" if reason else ""),
        )
    return None


# The fields every finding of a rule shares, in the order of :func:`rule_parts`: stored once per
# rule when findings are spooled or sent between processes (:class:`compliance.records.Shared`).
SHARED_FIELDS = ("pack", "kind", "title", "severity", "source", "remediation")


_PARTS: dict[int, tuple[CompiledRule, tuple[Any, ...]]] = {}  # by id(rule), the rule kept alive


def rule_parts(rule: CompiledRule) -> tuple[Any, ...]:
    """A rule's part of each of its findings (:data:`SHARED_FIELDS`), made once per rule: one
    citation object per rule, shared by all its findings (an audit holds every finding)."""
    known = _PARTS.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    source = rule.source
    citation = SourceCitation(
        document=source.document, section=source.section, quote=source.quote, plan=source.plan
    )
    parts = (rule.pack, rule.kind, rule.title, rule.severity, citation, rule.remediation)
    if len(_PARTS) > 4096:  # programs compiled again and again (tests): forget the old ones
        _PARTS.clear()
    _PARTS[id(rule)] = (rule, parts)
    return parts


def shared(program: Program) -> dict[str, tuple[Any, ...]]:
    """The rules' shared parts (:data:`SHARED_FIELDS`) by rule id: what a finding's record leaves
    out (:class:`compliance.finding_records.FindingCodec`)."""
    return {rule.id: rule_parts(rule) for rule in program.rules}


def make_finding(rule: CompiledRule, portfolio: Portfolio, outcome: Outcome) -> Finding:
    unit = portfolio.unit
    pack, kind, title, severity, source, remediation = rule_parts(rule)
    return Finding(
        unit_id=unit.unit_id,
        unit_name=unit.unit_name,
        unit_type=unit.unit_type,
        place=unit_place(unit),
        school_year=portfolio.school_year,
        rule_id=rule.id,
        pack=pack,
        kind=kind,
        title=title,
        severity=severity,
        status=outcome.status,
        message=outcome.message,
        evidence=list(outcome.evidence),
        source=source,
        remediation=remediation,
        deadline=outcome.deadline,
        notes=list(outcome.notes),
    )


def first_due(program: Program, portfolio: Portfolio, as_of: dt.date) -> dict[str, tuple[dt.date, str]]:
    """By pack that covers the portfolio: the last allowed day of the earliest dated obligation of
    its rules that apply to the unit (on ``as_of``), and that rule's id; a pack with no dated
    rule for the unit is left out. What a unit that sent nothing owed first
    (:func:`compliance.checks._base.missing`)."""
    found: dict[str, tuple[dt.date, str]] = {}
    for rule in addressed(applicable_packs(program, portfolio), portfolio.unit.unit_type):
        due = checks.due_of(rule.check)
        if due is None or not_applicable_reason(rule, portfolio, as_of) is not None:
            continue
        day = due.last_allowed_day(checks.calendar_of(rule.check))
        known = found.get(rule.pack)
        if known is None or (day, rule.id) < known:
            found[rule.pack] = (day, rule.id)
    return found


def context(program: Program, portfolio: Portfolio, matches: Matches, as_of: dt.date) -> Context:
    """The context the rules of ``program`` are judged in on ``portfolio``: with
    :func:`first_due` when the portfolio holds no document."""
    ctx = Context(portfolio, matches, as_of)
    if not portfolio.documents:
        ctx.first_due = first_due(program, portfolio, as_of)
    return ctx


def judge(rule: CompiledRule, ctx: Context) -> Finding:
    """The one finding for this unit and this rule. ``ctx`` (the portfolio, the matches, the as-of
    date and the items' texts, :attr:`Context.keys`) is the same for every rule judged on the
    same matches: made once per portfolio, not once per rule."""
    portfolio = ctx.portfolio
    reason = not_applicable_reason(rule, portfolio, ctx.as_of)
    if reason is not None:
        return make_finding(rule, portfolio, Outcome(Status.not_applicable, reason))
    if not portfolio.documents:
        ctx.pack = rule.pack  # what the unit owed first under this rule's plan
    return make_finding(rule, portfolio, checks.kind_of(rule.check).judge(rule.check, ctx))


__all__ = [
    "SHARED_FIELDS",
    "Context",
    "Outcome",
    "context",
    "first_due",
    "judge",
    "make_finding",
    "not_applicable_reason",
    "rule_parts",
    "shared",
]
