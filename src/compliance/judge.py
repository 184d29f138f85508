"""From matches to findings: applicability, counting, windows, deadlines, statuses and messages.

This is the one place where a rule's outcome is decided, whichever back end found the matches.
Every (unit, rule) pair that reaches :func:`judge` yields exactly one finding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from compliance import ir
from compliance.deadline import judge_deadline
from compliance.evaluators import Match, Matches
from compliance.findings import DeadlineDetail, Evidence, Finding, SourceCitation, Status
from compliance.i18n import Text
from compliance.portfolio import Document, Portfolio, get

MAX_EVIDENCE = 20


def vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def vn_number(value: float) -> str:
    """1234.5 -> '1.234,5' (Vietnamese separators), integers without decimals."""
    text = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_percent(ratio: float) -> str:
    return vn_number(round(ratio * 100, 1)) + "%"


class Context:
    """What a judgement needs besides the rule: the portfolio, the matches and the as-of date."""

    def __init__(self, portfolio: Portfolio, matches: Matches, as_of: dt.date) -> None:
        self.portfolio = portfolio
        self.matches = matches
        self.as_of = as_of

    def doc(self, match: Match) -> Document:
        return self.portfolio.documents[match.doc]

    def item(self, selector: ir.Selector, match: Match) -> Any:
        facts = self.doc(match).facts
        if match.index is None:
            return facts
        array = get(facts, selector.collection or ())
        return array[match.index] if isinstance(array, list) else None

    def pointer(self, selector: ir.Selector, match: Match, field: ir.Path | None = None) -> str:
        base = "" if match.index is None else "/" + "/".join(selector.collection or ()) + f"/{match.index}"
        return base + ("/" + "/".join(field) if field else "")

    def evidence(self, selector: ir.Selector, match: Match, field: ir.Path | None = None) -> Evidence:
        doc = self.doc(match)
        pointer = self.pointer(selector, match, field)
        line, column = doc.source.source_map.locate(pointer)
        value = self.item(selector, match)
        if field is not None:
            value = get(value, field)
        return Evidence(document=doc.name, pointer=pointer, line=line, column=column, value=jsonable(value))

    def found(self, selector: ir.Selector) -> tuple[Match, ...]:
        return self.matches.get(selector.id, ())


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def _identity(value: Any) -> str:
    return json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False)


def not_applicable_reason(rule: ir.CompiledRule, portfolio: Portfolio, as_of: dt.date) -> Text | None:
    unit, applies = portfolio.unit, rule.applies
    if unit.unit_type not in applies.unit_types:
        wanted = ", ".join(sorted(applies.unit_types))
        return Text(
            vi=f"Luật áp dụng cho loại đơn vị {wanted}; đơn vị này là {unit.unit_type}.",
            en=f"The rule applies to unit types {wanted}; this unit is {unit.unit_type}.",
        )
    if applies.levels is not None and not (applies.levels & unit.levels):
        wanted = ", ".join(sorted(applies.levels))
        have = ", ".join(sorted(unit.levels)) or "—"
        return Text(
            vi=f"Luật áp dụng cho cấp học {wanted}; đơn vị có cấp học {have}.",
            en=f"The rule applies to levels {wanted}; the unit has {have}.",
        )
    if applies.effective_from is not None and as_of < applies.effective_from:
        return Text(
            vi=f"Luật chỉ áp dụng từ ngày {vn_date(applies.effective_from)}.",
            en=f"The rule applies only from {vn_date(applies.effective_from)}.",
        )
    if applies.effective_to is not None and as_of > applies.effective_to:
        reason = applies.effective_reason
        return Text(
            vi=f"Luật hết áp dụng sau ngày {vn_date(applies.effective_to)}."
            + (f" {reason.vi}" if reason else ""),
            en=f"The rule no longer applies after {vn_date(applies.effective_to)}."
            + (f" {reason.en}" if reason else ""),
        )
    return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check concluded, before it is dressed as a :class:`Finding`."""

    status: Status
    message: Text
    evidence: tuple[Evidence, ...] = ()
    deadline: DeadlineDetail | None = None


@lru_cache(maxsize=4096)
def _citation(document: str, section: str, quote: str) -> SourceCitation:
    """One citation object per rule, shared by all its findings (findings are immutable): an
    audit holds every finding, and this is a tenth of each one's memory."""
    return SourceCitation(document=document, section=section, quote=quote)


def make_finding(rule: ir.CompiledRule, portfolio: Portfolio, outcome: Outcome) -> Finding:
    return Finding(
        unit_id=portfolio.unit.unit_id,
        unit_name=portfolio.unit.unit_name,
        unit_type=portfolio.unit.unit_type,
        school_year=portfolio.school_year,
        rule_id=rule.id,
        pack=rule.pack,
        kind=rule.kind,
        title=rule.title,
        severity=rule.severity,
        status=outcome.status,
        message=outcome.message,
        evidence=list(outcome.evidence),
        source=_citation(rule.source.document, rule.source.section, rule.source.quote),
        remediation=rule.remediation,
        deadline=outcome.deadline,
    )


def judge(rule: ir.CompiledRule, portfolio: Portfolio, matches: Matches, as_of: dt.date) -> Finding:
    """The one finding for this unit and this rule."""
    reason = not_applicable_reason(rule, portfolio, as_of)
    if reason is not None:
        return make_finding(rule, portfolio, Outcome(Status.not_applicable, reason))
    ctx = Context(portfolio, matches, as_of)
    judge_check: Callable[[Any, Context], Outcome] = _JUDGES[type(rule.check)]
    return make_finding(rule, portfolio, judge_check(rule.check, ctx))


def _outcome(
    status: Status,
    vi: str,
    en: str,
    evidence: Sequence[Evidence] = (),
    deadline: DeadlineDetail | None = None,
) -> Outcome:
    return Outcome(status, Text(vi=vi, en=en), tuple(evidence)[:MAX_EVIDENCE], deadline)


def _missing(policy: ir.Missing, vi: str, en: str, evidence: Sequence[Evidence] = ()) -> Outcome:
    status = {"fail": Status.fail, "error": Status.error, "not_applicable": Status.not_applicable}[policy]
    return _outcome(status, vi, en, evidence)


# ----------------------------------------------------------------------------- deadline


def _deadline(check: ir.DeadlineCheck, ctx: Context) -> Outcome:
    found = ctx.found(check.report)
    first = min(found, key=lambda m: (ctx.doc(m).received, ctx.doc(m).name), default=None)
    received = ctx.doc(first).received if first else None
    result = judge_deadline(check.deadline, received, ctx.as_of, check.calendar)
    detail = DeadlineDetail(
        due=result.due,
        reading=check.deadline.reading,
        last_allowed_day=result.last_allowed_day,
        shifted_from=result.shifted_from,
        received=received,
        days_late=result.days_late,
        printed=check.correction_printed,
        correction=check.correction,
    )
    last = vn_date(result.last_allowed_day)
    limit_vi = f"hạn chót {last}"
    limit_en = f"last allowed day {last}"
    if result.shifted_from is not None:
        limit_vi += f" (lùi từ {vn_date(result.shifted_from)} vì là ngày nghỉ)"
        limit_en += f" (moved from {vn_date(result.shifted_from)}, a non-working day)"
    evidence = [ctx.evidence(check.report, first, ("received_at",))] if first else []
    if result.state == "on_time":
        assert received is not None
        return _outcome(
            Status.pass_,
            f"Nhận ngày {vn_date(received)}, {limit_vi}: đúng hạn.",
            f"Received {vn_date(received)}, {limit_en}: on time.",
            evidence,
            deadline=detail,
        )
    if result.state == "late":
        assert received is not None
        return _outcome(
            Status.fail,
            f"Nhận ngày {vn_date(received)}, {limit_vi}: muộn {result.days_late} ngày.",
            f"Received {vn_date(received)}, {limit_en}: {result.days_late} day(s) late.",
            evidence,
            deadline=detail,
        )
    kinds = ", ".join(sorted(check.report.kinds or ())) or "—"
    if result.state == "pending":
        return _outcome(
            Status.pending,
            f"Chưa nhận văn bản {kinds}; {limit_vi}, chưa đến hạn.",
            f"No {kinds} document yet; {limit_en}, not yet due.",
            deadline=detail,
        )
    return _outcome(
        Status.fail,
        f"Không có văn bản {kinds}; đã quá {limit_vi} {result.days_late} ngày.",
        f"No {kinds} document; {result.days_late} day(s) past the {limit_en}.",
        deadline=detail,
    )


# ----------------------------------------------------------------------------- required


def _distinct(ctx: Context, selector: ir.Selector, found: Sequence[Match]) -> list[Match]:
    """Matches with the same content reported again in a later document count once."""
    seen: set[str] = set()
    out = []
    for match in found:
        key = _identity(ctx.item(selector, match))
        if key not in seen:
            seen.add(key)
            out.append(match)
    return out


def _window_text(check: ir.RequiredCheck) -> tuple[str, str]:
    if check.window_from and check.window_to:
        span = f"{vn_date(check.window_from)}–{vn_date(check.window_to)}"
        return f" trong khoảng {span}", f" between {span}"
    if check.window_to:
        return f" đến hết ngày {vn_date(check.window_to)}", f" by {vn_date(check.window_to)}"
    if check.window_from:
        return f" từ ngày {vn_date(check.window_from)}", f" from {vn_date(check.window_from)}"
    return "", ""


def _required(check: ir.RequiredCheck, ctx: Context) -> Outcome:
    found = _distinct(ctx, check.select, ctx.found(check.select))
    count, need = len(found), check.minimum
    w_vi, w_en = _window_text(check)
    evidence = [ctx.evidence(check.select, m) for m in found]
    if count >= need:
        return _outcome(
            Status.pass_,
            f"Có {count} mục phù hợp{w_vi} (cần ít nhất {need}).",
            f"{count} matching item(s){w_en} (at least {need} needed).",
            evidence,
        )
    if check.due is not None and ctx.as_of <= check.due:
        return _outcome(
            Status.pending,
            f"Mới có {count}/{need} mục phù hợp{w_vi}; còn hạn đến hết {vn_date(check.due)}.",
            f"Only {count}/{need} matching item(s){w_en} so far; due by {vn_date(check.due)}.",
            evidence,
        )
    if count == 0:
        return _outcome(
            Status.fail,
            f"Không có mục nào phù hợp{w_vi} (cần ít nhất {need}).",
            f"Nothing matches{w_en} ({need} needed).",
        )
    return _outcome(
        Status.fail,
        f"Chỉ có {count} mục phù hợp{w_vi}, cần ít nhất {need}.",
        f"Only {count} matching item(s){w_en}; at least {need} needed.",
        evidence,
    )


# ----------------------------------------------------------------------------- threshold


def _aggregate(measure: ir.Measure, ctx: Context, found: Sequence[Match]) -> float | None:
    if measure.aggregate == "count":
        return float(len(found))
    assert measure.field is not None
    values = [
        v for m in found if isinstance(v := get(ctx.item(measure.select, m), measure.field), int | float)
    ]
    if not values:
        return None
    if measure.aggregate == "sum":
        return float(sum(values))
    return float(max(values) if measure.aggregate == "max" else min(values))


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "eq": lambda a, b: abs(a - b) < 1e-9,
}
_OP_TEXT = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}


def _threshold(check: ir.ThresholdCheck, ctx: Context) -> Outcome:
    num_found = _distinct(ctx, check.numerator.select, ctx.found(check.numerator.select))
    den_found = (
        _distinct(ctx, check.denominator.select, ctx.found(check.denominator.select))
        if check.denominator
        else []
    )
    groups: Sequence[str | None] = check.groups or (None,)
    parts_vi, parts_en, failing, missing = [], [], [], []
    for group in groups:

        def in_group(selector: ir.Selector, found: list[Match], group: str | None = group) -> list[Match]:
            if group is None or check.group_field is None:
                return found
            return [m for m in found if get(ctx.item(selector, m), check.group_field) == group]

        num = _aggregate(check.numerator, ctx, in_group(check.numerator.select, num_found))
        label = f"{group}: " if group is not None else ""
        if check.denominator is None:
            if num is None:
                missing.append(group or "—")
                continue
            value = num
            parts_vi.append(f"{label}{vn_number(num)}")
            parts_en.append(f"{label}{num:g}")
        else:
            den_items = in_group(check.denominator.select, den_found)
            den = _aggregate(check.denominator, ctx, den_items) if den_items else None
            if num is None or den is None:
                missing.append(group or "—")
                continue
            value = (1.0 if num == 0 else float("inf")) if den == 0 else num / den
            parts_vi.append(f"{label}{vn_number(num)}/{vn_number(den)} ({vn_percent(value) if den else '—'})")
            parts_en.append(f"{label}{num:g}/{den:g} ({f'{value:.1%}' if den else '—'})")
        if not _COMPARE[check.op](value, check.target):
            failing.append(group or "—")
    evidence = [ctx.evidence(check.numerator.select, m) for m in num_found]
    target_vi = (
        _OP_TEXT[check.op]
        + " "
        + (vn_percent(check.target) if check.denominator else vn_number(check.target))
    )
    target_en = (
        _OP_TEXT[check.op] + " " + (f"{check.target:.0%}" if check.denominator else f"{check.target:g}")
    )
    measured_vi, measured_en = "; ".join(parts_vi), "; ".join(parts_en)
    if missing:
        names = ", ".join(missing)
        return _missing(
            check.if_missing,
            f"Không có số liệu để tính ({names}).",
            f"No data to measure ({names}).",
            evidence,
        )
    if failing:
        names = ", ".join(failing)
        return _outcome(
            Status.fail,
            f"Chưa đạt mức {target_vi} ({names}): {measured_vi}.",
            f"Below the target {target_en} ({names}): {measured_en}.",
            evidence,
        )
    return _outcome(
        Status.pass_,
        f"Đạt mức {target_vi}: {measured_vi}.",
        f"Meets the target {target_en}: {measured_en}.",
        evidence,
    )


# ----------------------------------------------------------------------------- each / join


def _each(check: ir.EachCheck, ctx: Context) -> Outcome:
    firsts: dict[Any, Match] = {}
    for match in ctx.found(check.for_each):
        key = get(ctx.item(check.for_each, match), check.key)
        firsts.setdefault(key if key is not None else ("__missing__", match), match)
    if not firsts:
        status = Status.pass_ if check.if_none == "pass" else Status.not_applicable
        return _outcome(status, "Không có mục nào cần đối chiếu.", "Nothing to check against.")
    candidates = [(m, ctx.item(check.require, m)) for m in ctx.found(check.require)]
    unmatched_fail: list[Match] = []
    unmatched_pending: list[Match] = []
    matched: list[Match] = []
    for key, a in firsts.items():
        a_item = ctx.item(check.for_each, a)
        start = get(a_item, check.from_field) if check.from_field else None
        if isinstance(key, tuple) or (check.from_field is not None and start is None):
            unmatched_fail.append(a)
            continue
        hit = None
        for b, b_item in candidates:
            value = get(b_item, check.match)
            if not (key in value if check.match_is_array and isinstance(value, list) else value == key):
                continue
            if check.to_field is not None and start is not None:
                end = get(b_item, check.to_field)
                if end is None or end < start:
                    continue
                if check.within_days is not None and (end - start).days > check.within_days:
                    continue
            hit = b
            break
        if hit is not None:
            matched.append(a)
        elif (
            check.within_days is not None
            and start is not None
            and ctx.as_of <= start + dt.timedelta(days=check.within_days)
        ):
            unmatched_pending.append(a)
        else:
            unmatched_fail.append(a)
    total = len(firsts)
    window_vi = f" trong {check.within_days} ngày" if check.within_days is not None else ""
    window_en = f" within {check.within_days} day(s)" if check.within_days is not None else ""
    if unmatched_fail:
        ids = ", ".join(str(get(ctx.item(check.for_each, m), check.key)) for m in unmatched_fail)
        return _outcome(
            Status.fail,
            f"{len(unmatched_fail)}/{total} mục chưa có văn bản tương ứng{window_vi}: {ids}.",
            f"{len(unmatched_fail)}/{total} item(s) have no matching document{window_en}: {ids}.",
            [ctx.evidence(check.for_each, m) for m in unmatched_fail],
        )
    if unmatched_pending:
        ids = ", ".join(str(get(ctx.item(check.for_each, m), check.key)) for m in unmatched_pending)
        return _outcome(
            Status.pending,
            f"{len(unmatched_pending)}/{total} mục chưa có văn bản tương ứng, còn trong hạn: {ids}.",
            f"{len(unmatched_pending)}/{total} item(s) not yet matched, still within the window: {ids}.",
            [ctx.evidence(check.for_each, m) for m in unmatched_pending],
        )
    return _outcome(
        Status.pass_,
        f"Cả {total} mục đều có văn bản tương ứng{window_vi}.",
        f"All {total} item(s) have a matching document{window_en}.",
        [ctx.evidence(check.for_each, m) for m in matched],
    )


# ----------------------------------------------------------------------------- forbidden


def _forbidden(check: ir.ForbiddenCheck, ctx: Context) -> Outcome:
    kinds = check.select.kinds
    scope = [d for d in ctx.portfolio.documents if kinds is None or d.kind in kinds]
    declared = any(get(d.facts, check.declared) is not None for d in scope)
    found = ctx.found(check.select)
    field = ".".join(check.declared)
    if found:
        return _outcome(
            Status.fail,
            f"Có {len(found)} mục vi phạm.",
            f"{len(found)} forbidden item(s) found.",
            [ctx.evidence(check.select, m) for m in found],
        )
    if not declared:
        return _missing(
            check.if_missing,
            f"Báo cáo không khai '{field}', nên không thể kết luận là không vi phạm.",
            f"The reports do not declare '{field}', so no violation cannot be concluded.",
        )
    return _outcome(
        Status.pass_,
        f"Đã khai '{field}'; không có mục vi phạm.",
        f"'{field}' is declared; nothing forbidden found.",
    )


# ----------------------------------------------------------------------------- condition


def _condition(check: ir.ConditionCheck, ctx: Context) -> Outcome:
    kinds = check.candidates
    candidates = [i for i, d in enumerate(ctx.portfolio.documents) if kinds is None or d.kind in kinds]
    kinds_text = ", ".join(sorted(kinds)) if kinds else "—"
    if not candidates:
        if check.due is not None and ctx.as_of <= check.due:
            return _outcome(
                Status.pending,
                f"Chưa có văn bản ({kinds_text}); hạn đến hết {vn_date(check.due)}.",
                f"No document yet ({kinds_text}); due by {vn_date(check.due)}.",
            )
        return _missing(
            check.if_none,
            f"Không có văn bản nào để xét ({kinds_text}).",
            f"No document to examine ({kinds_text}).",
        )
    passed = {m.doc for m in ctx.found(check.test)}
    considered = [candidates[-1]] if check.quantifier == "latest" else candidates
    ok = [i for i in considered if i in passed]
    bad = [i for i in considered if i not in passed]
    met = bool(ok) if check.quantifier == "any" else not bad
    if met:
        return _outcome(
            Status.pass_,
            "Điều kiện được đáp ứng.",
            "The condition holds.",
            [ctx.evidence(check.test, Match(i)) for i in ok],
        )
    evidence = []
    absent: list[str] = []
    for i in bad:
        doc = ctx.portfolio.documents[i]
        for path in check.paths:
            if get(doc.facts, path) is None and ".".join(path) not in absent:
                absent.append(".".join(path))
        line, column = doc.source.source_map.locate("")
        evidence.append(Evidence(document=doc.name, pointer="", line=line, column=column))
    extra_vi = f" Thiếu trường: {', '.join(absent)}." if absent else ""
    extra_en = f" Missing field(s): {', '.join(absent)}." if absent else ""
    return _outcome(
        Status.fail,
        f"Điều kiện không được đáp ứng.{extra_vi}",
        f"The condition does not hold.{extra_en}",
        evidence,
    )


_JUDGES: dict[type, Callable[[Any, Context], Outcome]] = {
    ir.DeadlineCheck: _deadline,
    ir.RequiredCheck: _required,
    ir.ThresholdCheck: _threshold,
    ir.EachCheck: _each,
    ir.ForbiddenCheck: _forbidden,
    ir.ConditionCheck: _condition,
}

__all__ = ["Context", "Outcome", "judge", "make_finding", "not_applicable_reason", "vn_date"]
