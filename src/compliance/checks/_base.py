"""What every check kind is made of, and what its compile and judge steps are given.

A check kind (:mod:`compliance.checks`) is one :class:`Kind`: the rule-language model a rule
author writes (``spec``), the IR it compiles to (``ir``), the compile step (spec → IR, with the
pack compiler's helpers, :class:`Compiler`), the judge step (IR + the evaluator's matches →
:class:`Outcome`) and, for ``compliance lint``, the dates the rule says something is due by.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, NoReturn, Protocol, TypeVar, cast

from compliance import ir
from compliance._slots import setters
from compliance.errors import Code
from compliance.evaluators import Matches
from compliance.fieldtypes import field_title, label
from compliance.findings import DeadlineDetail, Evidence, Status
from compliance.i18n import Text, vn_date
from compliance.portfolio import Document, Portfolio, get

if TYPE_CHECKING:
    from compliance.fieldtypes import FieldType
    from compliance.language import Condition, Correction, Missing, Select

MAX_EVIDENCE = 20

SpecT = TypeVar("SpecT")
CheckT = TypeVar("CheckT")


# ----------------------------------------------------------------------------- compiling


class Compiler(Protocol):
    """The pack compiler's services to a kind's compile step (:class:`compliance.compiler`).

    Every method that meets a problem records it (file, line, pointer, fix) and raises, so a compile
    step reads as the happy path. ``ptr`` arguments are JSON pointers into the pack file.
    """

    report: FieldType
    calendar: tuple[tuple[tuple[dt.date, str], ...], tuple[dt.date, ...]]
    school_year: tuple[dt.date, dt.date]  # the pack's school year: 1 August to 31 July
    plan: PlanRef  # the plan the pack encodes
    quote: str  # the current rule's source quote
    printed_correction: str | None  # the current rule's recorded misprint, as printed

    def fail(self, code: Code, pointer: str, **values: object) -> NoReturn: ...
    def param(self, value: Any, ptr: str) -> Any: ...
    def date(self, value: Any, ptr: str) -> dt.date: ...
    def natural(self, value: Any, ptr: str) -> int: ...
    def selector_id(self) -> str: ...
    def kinds(self, kinds: list[str] | None, ptr: str) -> frozenset[str] | None: ...
    def item_type(self, select: Select, ptr: str) -> FieldType: ...
    def select(self, select: Select, ptr: str, extra: Sequence[ir.Cond] = ()) -> ir.Selector: ...
    def path(self, text: str, context: FieldType, ptr: str, *, kinds: tuple[str, ...] | None) -> ir.Path: ...
    def cond(self, c: Condition, ctx: FieldType, ptr: str, negate: bool = False) -> ir.Cond: ...
    def constants(self, values: Any, field: FieldType | None, ptr: str) -> list[ir.Value]: ...


@dataclass(frozen=True, slots=True)
class PlanRef:
    """The plan a pack encodes, as a report's ``plan_ref`` would name it."""

    issued_on: dt.date
    so_hieu: str | None = None  # normalised (textnorm.normalize_key)


# ----------------------------------------------------------------------------- judging


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check concluded, before it is dressed as a :class:`~compliance.findings.Finding`."""

    status: Status
    message: Text
    evidence: tuple[Evidence, ...] = ()
    deadline: DeadlineDetail | None = None
    notes: tuple[Text, ...] = ()  # what was set aside and why ("văn bản không tính vì …")

    def __init__(  # dataclass's, faster (compliance._slots)
        self,
        status: Status,
        message: Text,
        evidence: tuple[Evidence, ...] = (),
        deadline: DeadlineDetail | None = None,
        notes: tuple[Text, ...] = (),
    ) -> None:
        _set_status(self, status)
        _set_message(self, message)
        _set_evidence(self, evidence)
        _set_deadline(self, deadline)
        _set_notes(self, notes)


_set_status, _set_message, _set_evidence, _set_deadline, _set_notes = setters(
    Outcome, "status", "message", "evidence", "deadline", "notes"
)


def _evidence_at(doc: Document, pointer: str, value: Any) -> Evidence:
    """Evidence of ``value``, found at ``pointer`` in ``doc``: where its text says it."""
    source_map = doc.source.source_map
    line, column = source_map.locate(pointer)
    return Evidence(
        document=doc.source.name,
        pointer=pointer,
        line=line,
        column=column,
        value=value if isinstance(value, _SCALARS) else jsonable(value),
        cell=source_map.cell(pointer),
    )


class Context:
    """What a judgement needs besides the check: the portfolio, the matches and the as-of date."""

    def __init__(self, portfolio: Portfolio, matches: Matches, as_of: dt.date) -> None:
        self.portfolio = portfolio
        self.matches = matches
        self.as_of = as_of
        # each item's content as text (distinct), by the item's id: one context serves every rule
        # judged on the same matches (a check of the examples wrote each item's text 2.5 times
        # when each rule had its own)
        self.keys: dict[int, str] = {}
        # a portfolio with no document only (:func:`compliance.judge.first_due`): by pack, the last
        # allowed day of the unit's first dated obligation and its rule; the pack of the rule judged
        self.first_due: Mapping[str, tuple[dt.date, str]] = {}
        self.pack: str | None = None

    def doc(self, match: ir.Match) -> Document:
        return self.portfolio.documents[match.doc]

    def item(self, selector: ir.Selector, match: ir.Match) -> Any:
        facts = self.portfolio.documents[match.doc].facts
        index = match.index
        if index is None:
            return facts
        array = get(facts, selector.collection or ())
        return array[index] if isinstance(array, list) else None

    def pointer(self, selector: ir.Selector, match: ir.Match, field: ir.Path | None = None) -> str:
        base = "" if match.index is None else "/" + "/".join(selector.collection or ()) + f"/{match.index}"
        return base + ("/" + "/".join(field) if field else "")

    def evidence(self, selector: ir.Selector, match: ir.Match, field: ir.Path | None = None) -> Evidence:
        # item() and pointer() written out: a finding's evidence is the judge's commonest step
        doc = self.portfolio.documents[match.doc]
        value: Any = doc.facts
        index = match.index
        if index is None:
            pointer = ""
        else:
            collection = selector.collection or ()
            pointer = "/" + "/".join(collection) + f"/{index}"
            array = get(value, collection)
            value = array[index] if isinstance(array, list) else None
        if field is not None:
            if field:
                pointer += "/" + "/".join(field)
            value = get(value, field)
        return _evidence_at(doc, pointer, value)

    def evidence_of(
        self, selector: ir.Selector, matches: Iterable[ir.Match], field: ir.Path | None = None
    ) -> list[Evidence]:
        """The evidence a finding shows of ``matches``: the first :data:`MAX_EVIDENCE`, all that
        :func:`outcome` keeps, so that no position is looked for in the text that nobody sees."""
        return [self.evidence(selector, m, field) for m in islice(matches, MAX_EVIDENCE)]

    def document_evidence_of(self, doc: Document, pointer: str) -> Evidence:
        """Evidence of the value at ``pointer`` (a plain path of keys) in ``doc``, which may be a
        document the portfolio no longer counts (an earlier version a later one replaces)."""
        return _evidence_at(
            doc, pointer, get(doc.facts, tuple(pointer.split("/")[1:])) if pointer else doc.facts
        )

    def document_evidence(self, index: int) -> Evidence:
        doc = self.portfolio.documents[index]
        line, column = doc.source.source_map.locate("")
        return Evidence(
            document=doc.name, pointer="", line=line, column=column, cell=doc.source.source_map.cell("")
        )

    def declares(self, kinds: frozenset[str] | None, path: ir.Path) -> bool:
        """Some document of ``kinds`` (any, when None) declares ``path``, even as an empty list."""
        return any(
            get(d.facts, path) is not None
            for d in self.portfolio.documents
            if kinds is None or d.kind in kinds
        )

    def found(self, selector: ir.Selector) -> tuple[ir.Match, ...]:
        return self.matches.get(selector.id, ())

    def distinct(self, selector: ir.Selector, found: Sequence[ir.Match]) -> list[ir.Match]:
        """Matches with the same content reported again in a later document count once; a list
        of codes, ids or numbers inside an item is a set (:func:`_unordered`)."""
        if len(found) < 2:  # most selectors match one item: nothing to compare it with
            return list(found)
        seen: set[str] = set()
        out = []
        keys = self.keys
        for match in found:
            item = self.item(selector, match)
            key = keys.get(id(item))
            if key is None:
                key = keys[id(item)] = _DISTINCT_KEY(_unordered(item))
            if key not in seen:
                seen.add(key)
                out.append(match)
        return out


def kinds_words(kinds: frozenset[str] | None) -> tuple[str, str]:
    """Document kinds in words, each code in brackets after its name (no codes inside a
    Vietnamese sentence): "Báo cáo sơ kết học kỳ I (BC_SO_KET_HK1)"."""
    if not kinds:
        return "văn bản", "document"
    named = [(label(("kind",), k), k) for k in sorted(kinds)]
    return (
        " hoặc ".join(f"{vi} ({k})" for (vi, _), k in named),
        " or ".join(f"{en} ({k})" for (_, en), k in named),
    )


def field_words(path: ir.Path) -> tuple[str, str]:
    """A report field in words, with its key in brackets: "mục Vụ việc xảy ra (incidents)"."""
    vi, en = field_title(path)
    dotted = ".".join(path)
    return f"mục “{vi}” ({dotted})", f"“{en}” ({dotted})"


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _distinct_key() -> Callable[[Any], str]:
    """An item's content as text, what Context.distinct compares: json.dumps(jsonable(item)) as
    the C encoder writes it, the dates turned to ISO text on the way (without copying the item
    first). The C encoder is made once, not at every call as ``JSONEncoder.encode`` makes it (a
    loaded item holds no cycle: the loaders build trees, and an alias names only a finished node)."""
    encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_iso, check_circular=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return encoder.encode
    chunks = make(
        None, _iso, json.encoder.encode_basestring, None, ": ", ", ", True, False, True
    )  # no cycle check, default, strings, no indent, separators, sorted keys, no skipping, NaN
    return lambda item: "".join(chunks(item, 0))


_DISTINCT_KEY = _distinct_key()


def _unordered(item: Any) -> Any:
    """``item`` with every list of text, or of numbers, in sorted order: the schools an
    inspection visited, listed in another order when the year-end report restates it, are the
    same schools. The item itself when it holds no list (most do not: nothing is copied)."""
    if isinstance(item, dict):
        if not any(isinstance(v, (list, dict)) for v in item.values()):
            return item
        return {k: _unordered(v) for k, v in item.items()}
    if isinstance(item, list):
        if item and all(type(v) is str for v in item):
            return sorted(item)
        if item and all(type(v) in (int, float) for v in item):
            return sorted(item)
        return [_unordered(v) for v in item]
    return item


def jsonable(value: Any) -> Any:
    """``value`` as JSON data: a copy, with each date as its ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):  # a scalar is handled here, not in a call of its own
        return {k: v if isinstance(v, _SCALARS) else jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if isinstance(v, _SCALARS) else jsonable(v) for v in value]
    return value


_SCALARS = (str, int, float, type(None))  # JSON scalars as they are (a bool is an int)


MAX_NOTES = 10


def outcome(
    status: Status,
    vi: str,
    en: str,
    evidence: Sequence[Evidence] = (),
    deadline: DeadlineDetail | None = None,
    notes: Sequence[Text] = (),
) -> Outcome:
    kept = list(notes[:MAX_NOTES])
    if len(notes) > MAX_NOTES:
        more = len(notes) - MAX_NOTES
        kept.append(Text(vi=f"… và {more} ghi chú khác.", en=f"… and {more} more note(s)."))
    return Outcome(status, Text(vi=vi, en=en), tuple(evidence)[:MAX_EVIDENCE], deadline, tuple(kept))


def missing(
    ctx: Context,
    policy: Missing,
    vi: str,
    en: str,
    evidence: Sequence[Evidence] = (),
    notes: Sequence[Text] = (),
) -> Outcome:
    """The outcome a rule's ``if_missing`` / ``if_none`` policy gives when the data is not there.

    A unit that sent no report at all did not leave a field out: it did not report. Before the
    first report its plan asks of it has fallen due (:attr:`Context.first_due`: the last allowed
    day of the pack's earliest dated obligation that applies to the unit), that is no shortfall
    yet: ``pending``, where the policy would say ``error`` or ``fail``. After it, where the policy
    would call the missing data an ``error`` (a report to correct), the finding is a ``fail`` that
    says so ("chưa gửi báo cáo"), as an inspector would write it."""
    status = Status(policy)  # the policies are named after statuses
    if status in (Status.error, Status.fail) and not ctx.portfolio.documents:
        first = ctx.first_due.get(ctx.pack) if ctx.pack is not None else None
        if first is not None and ctx.as_of <= first[0]:
            day, rule_id = vn_date(first[0]), first[1]
            return outcome(
                Status.pending,
                f"Đơn vị chưa gửi báo cáo nào, nhưng chưa có việc nào đến hạn: việc đầu tiên theo kế "
                f"hoạch này ({rule_id}) hạn chót ngày {day}.",
                f"The unit has not sent any report, but nothing is due yet: the first obligation of "
                f"this plan ({rule_id}) is due by {day}.",
                evidence,
                notes=notes,
            )
        if status is Status.error:
            return outcome(
                Status.fail,
                "Đơn vị chưa gửi báo cáo nào, nên không có số liệu để kết luận tiêu chí này.",
                "The unit has not sent any report, so there is nothing to judge this rule on.",
                evidence,
                notes=notes,
            )
    return outcome(status, vi, en, evidence, notes=notes)


# ----------------------------------------------------------------------------- the registry entry


DueDates = list[tuple[str, dt.date]]


def _no_dates(spec: Any, check: Any) -> DueDates:
    return []


def _nothing(*args: Any) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Kind(Generic[SpecT, CheckT]):
    """One check kind: everything that changes when the rule language gains a kind."""

    name: str
    # the name of the kind's rule-language model in its package's ``spec`` module (pydantic):
    # imported only when rule packs are compiled, so that a check whose program comes from the
    # cache never imports pydantic
    spec_model: str
    ir: type[CheckT]
    compile: Callable[[SpecT, Compiler, str], CheckT]
    judge: Callable[[CheckT, Context], Outcome]
    # the day the obligation falls due (None: it runs through the school year); applicability is
    # judged at this day, not at the audit's as-of date
    due: Callable[[CheckT], dt.date | None] = field(default=_nothing)
    # (pointer below the check's spec, date) of every date the rule says something is due by
    due_dates: Callable[[SpecT, CheckT], DueDates] = field(default=_no_dates)
    # the recorded correction of a misprinted date, if the kind has one (pointer below the spec)
    correction: Callable[[SpecT], tuple[str, Correction] | None] = field(default=_nothing)
    # (pointer, date) the plan's quote must print when no correction is recorded
    quoted_due: Callable[[SpecT, CheckT], tuple[str, dt.date] | None] = field(default=_nothing)

    @property
    def spec(self) -> type[SpecT]:
        """The kind's rule-language model (what a rule's ``check: {kind: …}`` may say)."""
        module = importlib.import_module(f"compliance.checks.{self.name}.spec")
        return cast("type[SpecT]", getattr(module, self.spec_model))
