"""Compile rule packs (validated :mod:`compliance.rulepack` models) into the IR of :mod:`compliance.ir`.

Everything that can be decided before a report arrives is decided here, once: parameters are
substituted, field paths are checked against the report schema, constants are typed (codes must be
values of the field's enum, dates become dates within the years 1900-2100), regular expressions
are checked against the RE2 dialect of :mod:`compliance.patterns`, ``not`` is pushed down to the
field tests. A pack is also judged against itself, here and only here (``compliance lint`` reports
the same problems by calling this compiler): pack and rule ids unique across packs, due dates
within the pack's school year and not before the plan was issued, a due date the quote prints
(unless a ``correction`` says why not), no wrong weekday printed in a quote without a correction,
no rule that can apply to nobody. A pack with any problem is rejected as a whole with every
problem listed, each with its file, line and JSON pointer.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from pydantic import ValidationError

from compliance import checks, ir, patterns
from compliance import language as lang
from compliance import rulepack as rp
from compliance.checks import Check
from compliance.checks._base import PlanRef
from compliance.dates import (
    AnnotatedDate,
    DateInputError,
    annotated_dates,
    parse_user_date,
    quoted_dates,
    weekday_vi,
)
from compliance.errors import Code, InputError, Location, Problem, RulePackError
from compliance.fieldtypes import FieldType, report_type
from compliance.i18n import Text, vn_date
from compliance.loading import LoadedFile
from compliance.messages import either, listing, problem
from compliance.program import Applicability, CompiledPack, CompiledRule, Program, SourceRef
from compliance.textnorm import normalize_key, place_key

_NEGATED_COMPARE: dict[ir.CompareOp, ir.CompareOp] = {
    "eq": "ne",
    "ne": "eq",
    "lt": "ge",
    "ge": "lt",
    "le": "gt",
    "gt": "le",
}

# Which school levels a unit of each type can declare; other unit types have none (a district
# office, a commune, a department is not a school). Used only to find rules that bind nobody.
LEVELS_OF_UNIT: dict[str, frozenset[str]] = {
    "TRUONG": frozenset({"MN", "TH", "THCS", "THPT", "GDTX"}),
    "TT_GDNN_GDTX": frozenset({"GDTX", "THPT"}),
}


class _Abort(Exception):
    """Stop compiling the current construct; its problem is already recorded."""


def parse_pack(file: LoadedFile) -> rp.RulePack:
    """Validate a loaded file against the rule language; problems carry line numbers."""
    try:
        return rp.RulePack.model_validate(file.data)
    except ValidationError as exc:
        raise RulePackError(_validation_problems(file, exc)) from None


def _validation_problems(file: LoadedFile, exc: ValidationError) -> list[Problem]:
    problems = []
    tags = {"AllOf", "AnyOf", "Not", "AnyItem", "AllItems", "ParamTest", "FieldTest"}
    for error in exc.errors(include_url=False):
        parts = [p for p in error["loc"] if not (isinstance(p, str) and (p in tags or "[" in p))]
        pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in parts)
        at = file.location(pointer, key=error["type"] in _UNKNOWN_KEY)
        code, values = _pydantic_problem(error)
        if code in (Code.PACK_MISSING_FIELD, Code.PACK_UNKNOWN_KEY):
            values["key"] = str(parts[-1]) if parts else ""
        problems.append(problem(code, at=at, **values))
    return problems


# An unknown key: of a model; of a dataclass (a Text) with ``extra="forbid"``.
_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")
# Not an object where a model (or a dataclass: a Text) is expected: "model" either way.
_WRONG_TYPE = {"dataclass_type": "model", "model_type": "model"}


def _pydantic_problem(error: Any) -> tuple[Code, dict[str, object]]:
    """Our own words for the validation errors rule authors meet most; pydantic's otherwise."""
    kind, msg, ctx = error["type"], error["msg"], error.get("ctx") or {}
    got = error.get("input")
    shown = repr(got) if isinstance(got, str | int | float | bool) else type(got).__name__
    if kind == "missing":
        return Code.PACK_MISSING_FIELD, {}
    if kind in _UNKNOWN_KEY:
        return Code.PACK_UNKNOWN_KEY, {}
    if kind in ("literal_error", "enum"):
        return Code.PACK_CHOICE, {"got": shown, "expected": ctx.get("expected", "")}
    if kind == "string_pattern_mismatch":
        return Code.PACK_PATTERN, {"got": shown, "pattern": ctx.get("pattern", "")}
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return Code.PACK_DATE, {"got": shown}
    if kind == lang.DATE_RANGE_ERROR:
        day = got.isoformat() if isinstance(got, dt.date) else shown
        return Code.PACK_DATE_RANGE, {"got": day, "low": lang.MIN_YEAR, "high": lang.MAX_YEAR}
    if kind == lang.NUMBER_TYPE_ERROR:
        return Code.PACK_NOT_NUMBER, {"got": str(got).lower() if isinstance(got, bool) else shown}
    if kind == lang.WHOLE_NUMBER_TYPE_ERROR:
        return Code.PACK_NOT_WHOLE_NUMBER, {"got": shown}
    if kind == "too_short":
        return Code.PACK_EMPTY, {}
    if kind in _WRONG_TYPE:
        return Code.PACK_TYPE, {"got": shown, "wanted": _WRONG_TYPE[kind]}
    if kind in ("string_type", "int_type", "bool_type", "float_type", "dict_type", "list_type"):
        return Code.PACK_TYPE, {"got": shown, "wanted": kind.removesuffix("_type")}
    if kind == "value_error":
        return Code.PACK_VALUE, {"detail": msg.removeprefix("Value error, ")}
    return Code.PACK_INVALID, {"detail": msg}


# ----------------------------------------------------------------------------- recorded corrections


def squash(text: str) -> str:
    """For comparing printed fragments: NFC, case-folded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class PrintedCorrection:
    """A rule records that ``printed`` (squashed) in ``document`` is a misprint."""

    document: str
    printed: str


def correction_of(rule: rp.Rule) -> tuple[str, lang.Correction] | None:
    """The rule's recorded correction of a misprinted date (pointer below its kind's spec)."""
    found: tuple[str, lang.Correction] | None = checks.get(rule.check.kind).correction(rule.check.spec)
    return found


def corrections_of(models: Iterable[rp.RulePack]) -> frozenset[PrintedCorrection]:
    """Every correction the rules of ``models`` record, by the document they correct."""
    return frozenset(
        PrintedCorrection(r.source.document, squash(found[1].printed))
        for model in models
        for r in model.rules
        if (found := correction_of(r)) is not None
    )


def acknowledged(document: str, a: AnnotatedDate, corrections: frozenset[PrintedCorrection]) -> bool:
    """A rule records a correction whose printed text contains this wrong annotation."""
    printed = squash(a.text)
    return any(c.document == document and printed in c.printed for c in corrections)


def quote_weekdays(
    rule: rp.Rule, corrections: frozenset[PrintedCorrection]
) -> list[tuple[AnnotatedDate, bool]]:
    """The dates of the rule's quote printed with the wrong weekday, each with whether a recorded
    correction acknowledges it (then lint notes it; otherwise the pack does not compile)."""
    return [
        (a, acknowledged(rule.source.document, a, corrections))
        for a in annotated_dates(rule.source.quote)
        if a.wrong
    ]


# ----------------------------------------------------------------------------- packs


def compile_packs(files: Sequence[LoadedFile], *, params: Mapping[str, Any] | None = None) -> Program:
    """Compile every pack; raise one :class:`RulePackError` listing all problems in all files.

    ``params`` (``PACK.NAME``: value) are the caller's overrides (``--param``, the config file's
    ``params``, the API's ``params=``). A value a pack cannot take — not of its parameter's type, not
    one of its choices, or one its rules refuse (a count below 0, a window of more than 3660 days,
    a date outside 1900-2100, a due date outside the school year …) — is one problem at
    ``--param`` naming the parameter, what it takes and why this value is refused, however many
    rules use it; so is a parameter or a pack that is not there. When only the overrides are
    wrong, they are raised as an :class:`InputError`, not a :class:`RulePackError`: the packs are
    valid (the command line exits 2 either way)."""
    problems: list[Problem] = []
    refused: list[Problem] = []  # the overrides' problems: the caller's input, not the packs'
    packs: list[CompiledPack] = []
    first_seen: dict[str, tuple[str, str]] = {}
    first_pack: dict[str, LoadedFile] = {}
    overrides = dict(params or {})
    parsed: list[tuple[LoadedFile, rp.RulePack]] = []
    for file in files:
        try:
            parsed.append((file, parse_pack(file)))
        except RulePackError as exc:
            problems.extend(exc.problems)
    corrections = corrections_of(model for _, model in parsed)
    for file, model in parsed:
        if model.pack in first_pack:
            other = first_pack[model.pack]
            first = Location(other.name, other.source_map.locate("/pack")[0])
            problems.append(
                problem(Code.DUPLICATE_PACK_ID, at=file.location("/pack"), pack=model.pack, first=first)
            )
        else:
            first_pack[model.pack] = file
        own = {k.split(".", 1)[1]: v for k, v in overrides.items() if k.split(".", 1)[0] == model.pack}
        compiler = _PackCompiler(file, model, own, corrections)
        pack = compiler.compile()
        problems.extend(compiler.problems)
        refused.extend(compiler.refused)
        for index, rule in enumerate(model.rules):
            where = f"/rules/{index}/id"
            seen_as = rule.id.casefold()  # explain and the HTTP API find a rule by its id in any case
            if seen_as in first_seen:
                other_file, other_ptr = first_seen[seen_as]
                first = Location(other_file, _line_of(files, other_file, other_ptr))
                problems.append(compiler.problem(Code.DUPLICATE_RULE_ID, where, rule_id=rule.id, first=first))
            else:
                first_seen[seen_as] = (file.name, where)
        for key in overrides:
            pack_id, _, name = key.partition(".")
            if pack_id == model.pack and name not in model.parameters:
                known = listing(model.parameters)
                at = Location("--param")
                refused.append(problem(Code.NO_SUCH_PARAMETER, at=at, pack=pack_id, name=name, known=known))
        if pack is not None:
            packs.append(pack)
    unknown = {k.split(".", 1)[0] for k in overrides} - {model.pack for _, model in parsed}
    refused.extend(
        problem(Code.NO_PACK_FOR_PARAMETER, at=Location("--param"), pack=pack_id)
        for pack_id in sorted(unknown)
    )
    if problems:
        raise RulePackError([*refused, *problems])
    if refused:
        raise InputError(refused)
    return Program(packs=tuple(packs), rules_by_id={r.id: r for p in packs for r in p.rules})


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _parameter_type(default: object) -> tuple[Text, Any] | None:
    """What an override of a parameter declared as ``default`` must be: its name in words and a
    test; None when anything goes (text)."""
    if isinstance(default, bool):
        return Text(vi="true hoặc false", en="true or false"), lambda v: isinstance(v, bool)
    if isinstance(default, int):
        return Text(vi="một số nguyên", en="a whole number"), lambda v: type(v) is int
    if isinstance(default, float):
        return Text(vi="một số", en="a number"), lambda v: type(v) in (int, float)
    if _is_iso_date(default):
        return Text(vi="một ngày (dd/mm/yyyy)", en="a date (dd/mm/yyyy)"), _is_iso_date
    return None


def _shown(value: object) -> str:
    """A parameter's value as a person types it on the command line: ``true``/``false``, a date
    ``dd/mm/yyyy``, a number or text as it is (not Python's ``True``, ``2023-10-31``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return vn_date(value)
    if _is_iso_date(value):
        return vn_date(dt.date.fromisoformat(str(value)))
    return str(value)


def _years(year: object) -> Text:
    low, high = lang.MIN_YEAR, lang.MAX_YEAR
    return Text(
        vi=f"một ngày trong các năm {low}–{high}; năm {year} nằm ngoài khoảng này",
        en=f"a date in the years {low}–{high}; the year {year} is outside them",
    )


def _date_override(value: Any) -> tuple[Any, Text | None]:
    """An override of a date parameter as the packs take it (``YYYY-MM-DD``) from a ``date`` or a
    date as typed (``dd/mm/yyyy`` …, :func:`compliance.dates.parse_user_date`), or what the
    parameter takes and why this value is refused (a year outside 1900-2100, a day that does not
    exist); a value that is no date at all is left to the type test."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and _is_iso_date(value):
        day = dt.date.fromisoformat(value)
    elif isinstance(value, str):
        try:
            day = parse_user_date(value)
        except DateInputError as exc:
            found = exc.values
            if exc.code is Code.DATE_OUT_OF_RANGE:
                return value, _years(found["year"])
            if exc.code is Code.DATE_IMPOSSIBLE:
                day_, month, year = found["day"], found["month"], found["year"]
                return value, Text(
                    vi=f"một ngày có thật (dd/mm/yyyy); tháng {month} năm {year} không có ngày {day_}",
                    en=f"a date that exists (dd/mm/yyyy); month {month} of {year} has no day {day_}",
                )
            return value, None
    else:
        return value, None
    if not lang.in_range(day):
        return value, _years(day.year)
    return day.isoformat(), None


_DUE = (
    "vì đây là hạn thực hiện của tiêu chí",
    "as it is a due date",
)


def _wanted(code: Code, values: Mapping[str, Any], said: Problem) -> tuple[bool, Text]:
    """What a parameter takes, and why its value is refused, from the problem ``code`` (``said``)
    that a rule using it met with it; True when worded for that check, False when ``said`` is
    only quoted."""
    value = values.get("value")
    if code is Code.NOT_NATURAL:
        below = isinstance(value, int) and not isinstance(value, bool) and value < 0
        return True, Text(
            vi=f"một số nguyên từ 0 trở lên; {value} " + ("là số âm" if below else "không phải số nguyên"),
            en=f"a whole number, 0 or more; {value} " + ("is below 0" if below else "is not a whole number"),
        )
    if code is Code.WINDOW_TOO_LONG:
        high = values["high"]
        return True, Text(
            vi=f"một số ngày từ 0 đến {high} (10 năm); {value} ngày là quá dài",
            en=f"a number of days from 0 to {high} (10 years); {value} days is longer than that",
        )
    if code is Code.PACK_DATE_RANGE:
        return True, _years(dt.date.fromisoformat(str(values["got"])).year)
    if code is Code.DUE_OUTSIDE_YEAR:
        year, start, end, due = values["year"], values["start"], values["end"], values["due"]
        return True, Text(
            vi=f"một ngày trong năm học {year} ({start}–{end}), {_DUE[0]}; ngày {due} nằm ngoài năm học",
            en=f"a date within the school year {year} ({start}–{end}), {_DUE[1]}; {due} is outside it",
        )
    if code is Code.DUE_BEFORE_ISSUE:
        issued, due = values["issued"], values["due"]
        return True, Text(
            vi=f"một ngày từ {issued} (ngày ban hành kế hoạch) trở đi, {_DUE[0]}; ngày {due} trước ngày ban hành",
            en=f"a date from {issued} (the day the plan was issued) on, {_DUE[1]}; {due} is before the plan",
        )
    if code is Code.DUE_DIFFERS:
        quoted, due = values["quoted"], values["due"]
        return True, Text(
            vi=f"ngày kế hoạch ghi ({quoted}), vì đây là hạn trích từ kế hoạch; ngày {due} khác ngày đó",
            en=f"the date the plan prints ({quoted}), as it is a due date quoted from the plan; {due} is not it",
        )
    return False, Text(
        vi=f"một giá trị mà các tiêu chí dùng tham số này nhận được ({said.message.vi})",
        en=f"a value the rules that use it can take ({said.message.en})",
    )


def _line_of(files: Sequence[LoadedFile], name: str, pointer: str) -> int | None:
    for f in files:
        if f.name == name:
            return f.source_map.locate(pointer)[0]
    return None


class _PackCompiler:
    def __init__(
        self,
        file: LoadedFile,
        model: rp.RulePack,
        overrides: Mapping[str, Any],
        corrections: frozenset[PrintedCorrection] = frozenset(),
    ) -> None:
        self.file = file
        self.model = model
        self.corrections = corrections
        self.problems: list[Problem] = []
        # the overrides' problems (compile_packs: the caller's input); the overridden parameters
        # (as typed) whose value is used, where a rule uses each, and why the rules refuse it
        self.refused: list[Problem] = []
        self.overridden: dict[str, str] = {}
        self._uses: dict[str, str] = {}
        self._refusals: dict[str, list[tuple[bool, Text]]] = {}
        self.report = report_type()
        self.calendar: tuple[tuple[tuple[dt.date, str], ...], tuple[dt.date, ...]] = ((), ())
        start, _, end = model.document.school_year.partition("-")
        first = int(start)
        self.year_known = int(end) == first + 1 and lang.MIN_YEAR <= first < lang.MAX_YEAR
        if not self.year_known:
            year = model.document.school_year
            self.problems.append(self.problem(Code.PACK_SCHOOL_YEAR, "/document/school_year", year=year))
            first = max(lang.MIN_YEAR, min(first, lang.MAX_YEAR - 1))  # to go on and list the rest
        self.school_year = (dt.date(first, 8, 1), dt.date(first + 1, 7, 31))
        issuer = model.document.issuer
        self.plan = PlanRef(issuer.issued_on, normalize_key(issuer.so_hieu) if issuer.so_hieu else None)
        self.quote = ""
        self.printed_correction: str | None = None
        self.params: dict[str, Any] = {}
        for name, spec in model.parameters.items():
            value = spec.value
            if name in overrides:
                value = self.override(name, spec, overrides[name])
            elif spec.choices is not None and value not in spec.choices:
                self.problems.append(
                    self.problem(
                        Code.PARAMETER_CHOICE,
                        f"/parameters/{name}",
                        name=name,
                        value=value,
                        choices=spec.choices,
                    )
                )
            self.params[name] = value
        self._counter = 0

    def override(self, name: str, spec: rp.Parameter, value: Any) -> Any:
        """An override (``--param PACK.NAME=VALUE``) of the parameter ``name``, if it has the type of
        the declared value (a date for a date, within 1900-2100; a whole number for a count;
        true/false) and is one of its ``choices``; otherwise one problem at ``--param`` naming the
        parameter, its type or choices, and the declared value is used (so that nothing else is
        blamed on the pack). A value the rules using it refuse is found as they compile
        (:meth:`note`)."""
        key, default = f"{self.model.pack}.{name}", spec.value
        shown = _shown(value)
        if _is_iso_date(default):
            value, wrong = _date_override(value)
            if wrong is not None:
                self.refuse(name, shown, wrong)
                return default
        wanted = _parameter_type(default)
        if spec.choices is not None:
            if value not in spec.choices or type(value) is not type(default):
                choices = listing(_shown(c) for c in spec.choices)
                at = Location("--param")
                self.refused.append(
                    problem(Code.PARAM_NOT_A_CHOICE, at=at, key=key, value=shown, name=name, choices=choices)
                )
                return default
        elif wanted is not None and not wanted[1](value):
            self.refuse(name, shown, wanted[0])
            return default
        if value != default or type(value) is not type(default):
            self.overridden[name] = shown
        return value

    def refuse(self, name: str, shown: str, wanted: Text) -> None:
        """The override ``shown`` of the parameter ``name``, refused: the parameter must be ``wanted``."""
        default = self.model.parameters[name].value
        self.refused.append(
            problem(
                Code.PARAM_VALUE_TYPE,
                at=Location("--param"),
                key=f"{self.model.pack}.{name}",
                value=shown,
                name=name,
                wanted=wanted,
                example=_shown(default),
            )
        )

    # -- problems

    def problem(self, code: Code, pointer: str, **values: object) -> Problem:
        """The problem `code` at `pointer` in this pack."""
        return problem(code, at=self.file.location(pointer), **values)

    def fail(self, code: Code, pointer: str, **values: object) -> NoReturn:
        """Record the problem `code` at `pointer` (:meth:`note`) and stop compiling this rule."""
        self.note(code, pointer, **values)
        raise _Abort

    def note(self, code: Code, pointer: str, **values: object) -> None:
        """Record the problem `code` at `pointer` in this pack; or, when an overridden parameter's
        value is what the rule uses there (or below, as the two ends of a window), a refusal of
        that value, which becomes one problem at ``--param`` per parameter however many rules
        refuse it (:meth:`compile`): the pack is not to blame for a value it was given."""
        said = self.problem(code, pointer, **values)
        names = [n for at, n in self._uses.items() if at == pointer or at.startswith(f"{pointer}/")]
        if not names:
            self.problems.append(said)
        for name in dict.fromkeys(names):
            self._refusals.setdefault(name, []).append(_wanted(code, values, said))

    # -- pack and rules

    def compile(self) -> CompiledPack | None:
        model = self.model
        overrides = model.calendar
        self.calendar = (
            (tuple(sorted(overrides.extra_holidays.items())), tuple(sorted(overrides.extra_working_days)))
            if overrides
            else ((), ())
        )
        rules = []
        for index, rule in enumerate(model.rules):
            try:
                rules.append(self.rule(rule, f"/rules/{index}"))
            except _Abort:
                continue
        for name, reasons in self._refusals.items():  # one problem per parameter, its own words first
            self.refuse(name, self.overridden[name], next((w for own, w in reasons if own), reasons[0][1]))
        if self.problems or self.refused:
            return None
        place = model.document.jurisdiction
        return CompiledPack(
            id=model.pack,
            version=model.version,
            title=model.title,
            file=self.file.name,
            seed=model.document.seed,
            issuer=model.document.issuer.name,
            issued_on=model.document.issuer.issued_on,
            school_year=model.document.school_year,
            province=place_key(place.province) if place and place.province else None,
            district=place_key(place.district) if place and place.district else None,
            rules=tuple(rules),
            province_name=place.province if place and place.province else None,
            district_name=place.district if place and place.district else None,
        )

    def rule(self, rule: rp.Rule, ptr: str) -> CompiledRule:
        self._rule_id = rule.id
        self._counter = 0
        self._uses = {}
        applies = rule.applies_to
        self.codes(applies.unit_types, ("submitter", "unit_type"), f"{ptr}/applies_to/unit_types")
        if applies.levels is not None:
            self.codes(applies.levels, ("submitter", "school_levels"), f"{ptr}/applies_to/levels")
        self.quote = rule.source.quote
        found = checks.get(rule.check.kind).correction(rule.check.spec)
        self.printed_correction = found[1].printed if found else None
        self.audience(rule, ptr)
        self.quote_weekdays(rule, ptr)
        check = self.check(rule.check, f"{ptr}/check")
        self.due_dates(rule, ptr, check)
        repealed = applies.repealed
        return CompiledRule(
            id=rule.id,
            pack=self.model.pack,
            kind=rule.check.kind,
            title=rule.title,
            severity=rule.severity,
            applies=Applicability(
                unit_types=frozenset(applies.unit_types),
                levels=frozenset(applies.levels) if applies.levels is not None else None,
                out_of_force=self.out_of_force(applies.effective, check),
                repealed_on=repealed.on if repealed else None,
                repealed_reason=Text(
                    vi=f"{repealed.reason.vi} ({repealed.by})", en=f"{repealed.reason.en} ({repealed.by})"
                )
                if repealed
                else None,
            ),
            source=SourceRef(
                rule.source.document, rule.source.section, rule.source.quote, self.model.document.cited_as
            ),
            remediation=rule.remediation,
            check=check,
        )

    def out_of_force(self, effective: rp.Effective | None, check: Check) -> Text | None:
        """Why the rule binds nobody for this pack's obligation, judged at the obligation's own
        date: its due day, or (undated) the pack's school year; None when it is in force then."""
        if effective is None:
            return None
        due = checks.kind_of(check).due(check)
        start, end = (due, due) if due is not None else self.school_year
        reason = (
            f" {effective.reason.vi}" if effective.reason else "",
            f" {effective.reason.en}" if effective.reason else "",
        )
        when_vi = f"hạn {vn_date(due)}" if due else f"năm học {self.model.document.school_year}"
        when_en = f"due {vn_date(due)}" if due else f"school year {self.model.document.school_year}"
        if effective.from_ is not None and end < effective.from_:
            return Text(
                vi=f"Tiêu chí chỉ áp dụng từ ngày {vn_date(effective.from_)}, sau {when_vi}.{reason[0]}",
                en=f"The rule applies only from {vn_date(effective.from_)}, after the obligation ({when_en}).{reason[1]}",
            )
        if effective.to is not None and start > effective.to:
            return Text(
                vi=f"Tiêu chí hết áp dụng sau ngày {vn_date(effective.to)}, trước {when_vi}.{reason[0]}",
                en=f"The rule stopped applying after {vn_date(effective.to)}, before the obligation ({when_en}).{reason[1]}",
            )
        return None

    # -- the pack against itself (what lint reports by calling this compiler)

    def audience(self, rule: rp.Rule, ptr: str) -> None:
        """A rule must be able to bind some unit: levels some unit type has, a non-empty window
        that does not end before the plan was issued."""
        applies = rule.applies_to
        if applies.levels:
            possible = frozenset().union(*(LEVELS_OF_UNIT.get(t, frozenset()) for t in applies.unit_types))
            if not possible & set(applies.levels):
                self.problems.append(
                    self.problem(
                        Code.LEVELS_NO_UNIT,
                        f"{ptr}/applies_to/levels",
                        unit_types=", ".join(applies.unit_types),
                        levels=", ".join(applies.levels),
                    )
                )
        eff = applies.effective
        issued = self.model.document.issuer.issued_on
        if eff is None:
            return
        if eff.from_ and eff.to and eff.from_ > eff.to:
            where = f"{ptr}/applies_to/effective"
            start, end = vn_date(eff.from_), vn_date(eff.to)
            self.problems.append(self.problem(Code.EFFECTIVE_EMPTY, where, start=start, end=end))
        elif eff.to and eff.to < issued:
            where = f"{ptr}/applies_to/effective/to"
            to, on = vn_date(eff.to), vn_date(issued)
            self.problems.append(self.problem(Code.EFFECTIVE_BEFORE_ISSUE, where, to=to, issued=on))

    def quote_weekdays(self, rule: rp.Rule, ptr: str) -> None:
        """A weekday printed wrong in the quote needs a recorded correction of the date."""
        for a, ok in quote_weekdays(rule, self.corrections):
            if not ok:
                day = a.day
                weekday = Text(vi=weekday_vi(day), en=day.strftime("%A"))
                self.problems.append(
                    self.problem(
                        Code.QUOTE_WRONG_WEEKDAY,
                        f"{ptr}/source/quote",
                        text=a.text,
                        day=vn_date(day),
                        weekday=weekday,
                        stated=a.stated,
                    )
                )

    def due_dates(self, rule: rp.Rule, ptr: str, check: Check) -> None:
        """Due dates within the school year, not before the plan, and as the quote prints them."""
        start, end = self.school_year
        issued = self.model.document.issuer.issued_on
        kind = checks.get(rule.check.kind)
        year = self.model.document.school_year
        for where, due in kind.due_dates(rule.check.spec, check):
            pointer = f"{ptr}/check/{kind.name}/{where}"
            if self.year_known and not start <= due <= end:
                self.note(
                    Code.DUE_OUTSIDE_YEAR,
                    pointer,
                    due=vn_date(due),
                    year=year,
                    start=vn_date(start),
                    end=vn_date(end),
                )
            if due < issued:
                self.note(Code.DUE_BEFORE_ISSUE, pointer, due=vn_date(due), issued=vn_date(issued))
        self.meetable(ptr, check, issued)
        stated = kind.quoted_due(rule.check.spec, check)
        if stated is not None:
            where, due = stated
            quoted = quoted_dates(rule.source.quote)
            if quoted and due not in quoted:
                shown = ", ".join(vn_date(d) for d in quoted)
                pointer = f"{ptr}/check/{kind.name}/{where}"
                self.note(Code.DUE_DIFFERS, pointer, due=vn_date(due), quoted=shown)

    def meetable(self, ptr: str, check: Check, issued: dt.date) -> None:
        """A deadline whose last allowed day comes before the first day a report counts from
        (``not_before``, the plan's issue date by default) can be met by no one: "trước ngày D"
        read exclusive with D the plan's own date, say. Its due date itself may be a fine one."""
        if not isinstance(check, checks.deadline.DeadlineCheck) or check.not_before is None:
            return
        due = check.deadline.due
        last = check.deadline.last_allowed_day(check.working_calendar)
        if due >= issued and last < check.not_before:
            self.note(
                Code.DEADLINE_UNMEETABLE,
                f"{ptr}/check/deadline/due",
                due=vn_date(due),
                last=vn_date(last),
                first=vn_date(check.not_before),
            )

    def codes(self, values: Iterable[str], path: tuple[str, ...], ptr: str) -> None:
        field = self.report.resolve(path)
        allowed = field.item.enum if field and field.item else field.enum if field else None
        for i, value in enumerate(values):
            if allowed is not None and value not in allowed:
                shown = ", ".join(sorted(allowed))
                self.fail(
                    Code.CODE_NOT_IN_LIST, f"{ptr}/{i}", value=value, field=".".join(path), allowed=shown
                )

    # -- values and parameters

    def param(self, value: Any, ptr: str) -> Any:
        if isinstance(value, lang.ParamRef):
            if value.param not in self.params:
                self.fail(Code.UNDECLARED_PARAMETER, ptr, name=value.param)
            if value.param in self.overridden:
                self._uses[ptr] = value.param
            return self.params[value.param]
        return value

    def date(self, value: Any, ptr: str) -> dt.date:
        """A date of a check or a constant (written, or a parameter's), within the years a pack may name."""
        value = self.param(value, ptr)
        if isinstance(value, dt.date):
            day = value
        else:
            try:
                day = dt.date.fromisoformat(str(value))
            except ValueError:
                self.fail(Code.BAD_DATE, ptr, value=value)
        if not lang.in_range(day):
            self.fail(Code.PACK_DATE_RANGE, ptr, got=day.isoformat(), low=lang.MIN_YEAR, high=lang.MAX_YEAR)
        return day

    def natural(self, value: Any, ptr: str) -> int:
        value = self.param(value, ptr)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(Code.NOT_NATURAL, ptr, value=value)
        return value

    # -- checks: each kind compiles its own spec (compliance.checks)

    def check(self, check: rp.Check, ptr: str) -> Check:
        kind = checks.get(check.kind)
        compiled: Check = kind.compile(check.spec, self, f"{ptr}/{kind.name}")
        return compiled

    # -- selections

    def selector_id(self) -> str:
        self._counter += 1
        return f"{self._rule_id}#{self._counter}"

    def kinds(self, kinds: list[str] | None, ptr: str) -> frozenset[str] | None:
        if kinds is None:
            return None
        self.codes(kinds, ("kind",), ptr)
        return frozenset(kinds)

    def item_type(self, select: lang.Select, ptr: str) -> FieldType:
        if select.collection is None:
            return self.report
        field = self.report.resolve(self.split(select.collection))
        if field is None or field.kind != "array" or field.item is None or field.item.kind != "object":
            self.fail(Code.UNKNOWN_COLLECTION, f"{ptr}/collection", collection=select.collection)
        return field.item

    def select(self, select: lang.Select, ptr: str, extra: Sequence[ir.Cond] = ()) -> ir.Selector:
        item = self.item_type(select, ptr)
        where = self.cond(select.where, item, f"{ptr}/where") if select.where is not None else ir.TRUE
        if extra:
            where = _and([where, *extra])
        collection = self.split(select.collection) if select.collection else None
        return ir.Selector(
            self.selector_id(), self.kinds(select.documents, f"{ptr}/documents"), collection, where
        )

    @staticmethod
    def split(path: str) -> tuple[str, ...]:
        return tuple(path.split("."))

    def path(
        self, text: str, context: FieldType, ptr: str, *, kinds: tuple[str, ...] | None
    ) -> tuple[str, ...]:
        path = self.split(text)
        field = context.resolve(path)
        if field is None:
            known = ", ".join(sorted(context.properties)) if context.kind == "object" else ""
            self.fail(Code.UNKNOWN_FIELD, ptr, field=text, known=known)
        if kinds is not None and field.kind not in kinds:
            self.fail(Code.FIELD_TYPE, ptr, field=text, kind=field.kind, needed=either(kinds))
        return path

    # -- conditions

    def cond(self, c: lang.Condition, ctx: FieldType, ptr: str, negate: bool = False) -> ir.Cond:
        if isinstance(c, lang.AllOf | lang.AnyOf):
            conjunctive = isinstance(c, lang.AllOf) != negate
            key = "all" if isinstance(c, lang.AllOf) else "any"
            items = c.all if isinstance(c, lang.AllOf) else c.any
            parts = [self.cond(x, ctx, f"{ptr}/{key}/{i}", negate) for i, x in enumerate(items)]
            return _and(parts) if conjunctive else _or(parts)
        if isinstance(c, lang.Not):
            return self.cond(c.not_, ctx, f"{ptr}/not", not negate)
        if isinstance(c, lang.ParamTest):
            value = self.param(lang.ParamRef(param=c.param), f"{ptr}/param")
            return ir.Const((value == c.eq) != negate)
        if isinstance(c, lang.AnyItem | lang.AllItems):
            key = "any_item" if isinstance(c, lang.AnyItem) else "all_items"
            q = c.any_item if isinstance(c, lang.AnyItem) else c.all_items
            path = self.path(q.field, ctx, f"{ptr}/{key}/field", kinds=("array",))
            item = ctx.resolve(path)
            assert item is not None
            if item.item is None or item.item.kind != "object":
                self.fail(Code.FIELD_NOT_OBJECTS, f"{ptr}/{key}/field", field=q.field)
            quantifier: Any = "any" if isinstance(c, lang.AnyItem) else "all"
            if negate:
                quantifier = "all" if quantifier == "any" else "any"
            return ir.Quantified(
                path, quantifier, self.cond(q.where, item.item, f"{ptr}/{key}/where", negate)
            )
        return self.field_test(c, ctx, ptr, negate)

    def field_test(self, c: lang.FieldTest, ctx: FieldType, ptr: str, negate: bool) -> ir.Cond:
        op = c.operator
        path = self.path(c.field, ctx, f"{ptr}/field", kinds=None)
        field = ctx.resolve(path)
        assert field is not None
        where = f"{ptr}/{op}"
        if op == "exists":
            return ir.Exists(path, bool(c.exists) != negate)
        if op in ("contains", "contains_any", "contains_all"):
            if field.kind != "array" or field.item is None or not field.item.comparable:
                self.fail(Code.FIELD_NOT_VALUES, where, field=c.field)
            raw = [c.contains] if op == "contains" else c.operand
            values = frozenset(self.constants(raw, field.item, where))
            return ir.Contains(path, values, "all" if op == "contains_all" else "any", negate)
        if not field.comparable:
            self.fail(Code.FIELD_NOT_COMPARABLE, f"{ptr}/field", field=c.field, kind=field.kind)
        if op == "matches":
            if field.kind != "string":
                self.fail(Code.MATCHES_NOT_TEXT, where)
            pattern = str(c.matches)
            try:
                patterns.check(pattern)  # the RE2 dialect, linear-time matching
            except patterns.PatternError as exc:
                self.fail(exc.code, where, **exc.values)
            return ir.Matches(path, pattern, negate)
        if op in ("in", "not_in"):
            values = frozenset(self.constants(c.operand, field, where))
            return ir.Member(path, values, (op == "not_in") != negate)
        compare_op: ir.CompareOp = op  # type: ignore[assignment]
        if compare_op in ("lt", "le", "gt", "ge") and field.kind not in ("integer", "number", "date"):
            self.fail(Code.ORDER_NOT_NUMERIC, where, op=op)
        value = self.constants([self.param(c.operand, where)], field, where)[0]
        return ir.Compare(path, _NEGATED_COMPARE[compare_op] if negate else compare_op, value)

    def constants(self, values: Iterable[Any], field: FieldType | None, ptr: str) -> list[ir.Value]:
        assert field is not None
        out: list[ir.Value] = []
        for value in values:
            typed = self.constant(value, field, ptr)
            if field.enum is not None and typed not in field.enum:
                self.fail(Code.CONSTANT_NOT_A_CODE, ptr, value=value, allowed=", ".join(sorted(field.enum)))
            out.append(typed)
        return out

    def constant(self, value: Any, field: FieldType, ptr: str) -> ir.Value:
        kind = field.kind
        if kind == "date":
            return self.date(value, ptr)
        ok = (
            (kind == "string" and isinstance(value, str))
            or (kind == "boolean" and isinstance(value, bool))
            or (kind == "integer" and isinstance(value, int) and not isinstance(value, bool))
            or (kind == "number" and isinstance(value, int | float) and not isinstance(value, bool))
        )
        if not ok:
            self.fail(Code.CONSTANT_TYPE, ptr, value=value, kind=kind)
        return value  # type: ignore[no-any-return]


def _and(items: Sequence[ir.Cond]) -> ir.Cond:
    flat: list[ir.Cond] = []
    for item in items:
        if item == ir.Const(False):
            return item
        if isinstance(item, ir.And):
            flat.extend(item.items)
        elif item != ir.TRUE:
            flat.append(item)
    if not flat:
        return ir.TRUE
    return flat[0] if len(flat) == 1 else ir.And(tuple(flat))


def _or(items: Sequence[ir.Cond]) -> ir.Cond:
    flat: list[ir.Cond] = []
    for item in items:
        if item == ir.TRUE:
            return item
        if isinstance(item, ir.Or):
            flat.extend(item.items)
        elif item != ir.Const(False):
            flat.append(item)
    if not flat:
        return ir.Const(False)
    return flat[0] if len(flat) == 1 else ir.Or(tuple(flat))
