"""The Python API: ``Engine.from_path("rules/").check(reports, as_of=...)``.

An :class:`Engine` holds compiled, immutable rules and one evaluator; ``check`` keeps no state
between calls, so one engine can serve many threads at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance import __version__, evaluators
from compliance import cache as program_cache
from compliance.dates import MAX_YEAR, MIN_YEAR, VN_TZ, local_date
from compliance.errors import Code, InputError, Location, Problem, ReportError, RulePackError
from compliance.evaluators.base import EvaluationFailure, Evaluator, Matches
from compliance.findings import CheckResult, DocumentInfo, Finding, InputProblem, PackInfo, Status, summarize
from compliance.i18n import Text
from compliance.judge import Outcome, context, judge, make_finding, not_applicable_reason
from compliance.loading import LoadedFile, SourceMap, load_file, load_text
from compliance.loading._base import DEFAULT_LIMITS, Fail
from compliance.loading._data import as_json, data_problems
from compliance.loading.files import format_of, read
from compliance.messages import ACCEPTED_DATES, problem
from compliance.portfolio import (
    Document,
    Portfolio,
    as_of_view,
    build_document,
    group,
    read_documents,
    repeated_ids,
    unmatched_replaces,
    without_replaced,
)
from compliance.program import CompiledRule, Program
from compliance.records import Records
from compliance.resources import bundled_rules
from compliance.scope import (
    addressed,
    applicable_packs,
    conflicting_scope,
    conflicts,
    no_applicable_pack,
    unmatched_place,
)

if TYPE_CHECKING:
    from compliance.waivers import Waiver

ReportInput = str | os.PathLike[str] | Document | Mapping[str, Any]
PACK_SUFFIXES = (".yaml", ".yml")


def today() -> dt.date:
    return dt.datetime.now(VN_TZ).date()


def as_of_day(value: object) -> dt.date:
    """The day a caller's ``as_of`` names (the API's, as ``--as-of`` is the command line's):
    today in Vietnam when None; a ``datetime`` is the day it falls on in Vietnam (a naive one as
    written, like a report's times). A year outside 1900–2100 is refused as on the command line
    (:class:`InputError`, ``date-out-of-range``); anything but a date is a :class:`TypeError`."""
    if value is None:
        return today()
    if not isinstance(value, dt.date):
        raise TypeError(f"as_of must be a datetime.date (or None for today), not {type(value).__name__}")
    day = local_date(value)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        text = day.isoformat()
        raise InputError(
            [
                problem(
                    Code.DATE_OUT_OF_RANGE,
                    at=Location("as_of"),
                    text=text,
                    year=day.year,
                    accepted=ACCEPTED_DATES,
                )
            ]
        )
    return day


def load_pack_files(paths: Iterable[str | os.PathLike[str]]) -> list[LoadedFile]:
    """Rule pack files: each file given, and the *.yaml/*.yml files directly in each folder."""
    files: list[LoadedFile] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(problem(Code.NO_SUCH_PACK_PATH, at=Location(str(path))))
            continue
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in PACK_SUFFIXES and p.is_file())
            if not found:
                problems.append(problem(Code.NO_PACKS_IN_FOLDER, at=Location(str(path))))
            targets = found
        else:
            targets = [path]
        for target in targets:
            try:
                files.append(load_file(_display(target), error=RulePackError))
            except InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise RulePackError(problems)
    return files


def _pack_sources(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, bytes]] | None:
    """The name and content of every pack file :func:`load_pack_files` would load, or None when
    any path has a problem (then :func:`load_pack_files` reports it)."""
    sources: list[tuple[str, bytes]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            targets = sorted(p for p in path.iterdir() if p.suffix in PACK_SUFFIXES and p.is_file())
            if not targets:
                return None
        else:
            targets = [path]
        for target in targets:
            name = _display(target)
            try:
                format_of(name)
                sources.append((name, read(name, DEFAULT_LIMITS)))
            except Fail:
                return None
    return sources


def compile_paths(
    paths: Iterable[str | os.PathLike[str]], *, params: Mapping[str, Any] | None = None, cache: bool = False
) -> Program:
    """The program of the packs at ``paths``; with ``cache`` (and ``COMPLIANCE_NO_CACHE`` unset),
    read from and kept in the compiled-program cache (:mod:`compliance.cache`), keyed by the
    content of every pack file, ``params``, the tool and Python. A pack with a problem is never
    cached: it is compiled, and rejected, every time."""
    paths = list(paths)
    sources = _pack_sources(paths) if cache and program_cache.enabled() else None
    entry = None if sources is None else program_cache.key(sources, params)
    if entry is not None:
        program = program_cache.load(entry)
        if program is not None:
            return program
    from compliance.compiler import compile_packs  # noqa: PLC0415 - not needed on a cache hit

    files: list[LoadedFile] = []
    if sources is None:
        files = load_pack_files(paths)
    else:
        problems: list[Problem] = []
        for name, content in sources:
            try:
                files.append(load_text(content, name=name, format=format_of(name), error=RulePackError))
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise RulePackError(problems)
    program = compile_packs(files, params=params)
    if entry is not None:
        program_cache.store(entry, program)
    return program


def _display(path: Path) -> str:
    """A path relative to the working directory when it is below it (messages stay short)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def answerable(rule: CompiledRule, kinds: frozenset[str]) -> bool:
    """Whether documents of ``kinds`` can answer every query of ``rule``: each query reads any
    document (no kinds) or some kind among ``kinds``. A deadline for the year-end report cannot
    be answered by an upload of the first-semester report; a rule on committees, which any
    report may list, can; an incident rule that needs the incident report (BC_DOT_XUAT) cannot
    be answered without one (``--document-only``, ``docs/cli.md``)."""
    return all(s.kinds is None or not s.kinds.isdisjoint(kinds) for s in rule.check.selectors())


class Engine:
    """Compiled rule packs plus an evaluator: ``engine`` names a back end of
    :data:`compliance.evaluators.EVALUATORS`, built with ``engine_options`` (for ``durable``:
    ``workers``, ``timeout``). An unknown name or option raises :class:`InputError`."""

    def __init__(
        self, program: Program, *, engine: str = "python", engine_options: Mapping[str, Any] | None = None
    ) -> None:
        self.program = program
        self.engine_name = engine
        self.evaluator: Evaluator = evaluators.create(engine, program, **(engine_options or {}))

    @classmethod
    def from_path(
        cls,
        *paths: str | os.PathLike[str],
        params: Mapping[str, Any] | None = None,
        engine: str = "python",
        engine_options: Mapping[str, Any] | None = None,
        cache: bool = False,
    ) -> Engine:
        """Compile the packs at ``paths`` (files or folders); the bundled ``rules/`` when none.
        With ``cache``, through the compiled-program cache (:func:`compile_paths`); the command
        line uses it, the API does not unless asked (it writes to the user's cache folder)."""
        program = compile_paths(paths or (bundled_rules(),), params=params, cache=cache)
        return cls(program, engine=engine, engine_options=engine_options)

    def close(self) -> None:
        self.evaluator.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        return self.program.rules

    # -- checking

    def check(
        self,
        reports: ReportInput | Sequence[ReportInput],
        *,
        as_of: dt.date | None = None,
        waivers: Sequence[Waiver] = (),
        document_only: bool = False,
    ) -> CheckResult:
        """Check reports (paths, folders, loaded documents or report dicts), grouped into
        portfolios. Raises :class:`ReportError` listing every invalid document, or when there is no
        document at all (a check of nothing must not pass). With ``document_only``, each portfolio
        is judged only on the rules its documents can answer (:func:`answerable`); a note names the
        rules left out."""
        as_of = as_of_day(as_of)  # a bad one refused before any file is read
        documents, problems = self.load(reports)
        if not documents and not problems:
            problems.append(problem(Code.NO_DOCUMENTS, at=Location()))
        if problems:
            raise ReportError(problems)
        return self.check_documents(documents, as_of=as_of, waivers=waivers, document_only=document_only)

    def load(self, reports: ReportInput | Sequence[ReportInput]) -> tuple[list[Document], list[Problem]]:
        if isinstance(reports, str | os.PathLike | Document | Mapping):
            reports = [reports]
        documents: list[Document] = []
        problems: list[Problem] = []
        paths: list[str | os.PathLike[str]] = []
        for index, item in enumerate(reports):
            if isinstance(item, Document):
                documents.append(item)
            elif isinstance(item, Mapping):
                try:
                    documents.append(document_from_data(item, name=f"<report {index + 1}>"))
                except InputError as exc:
                    problems.extend(exc.problems)
            else:
                paths.append(item)
        if paths:
            more, more_problems = read_documents(paths)
            documents.extend(more)
            problems.extend(more_problems)
        return documents, problems

    def check_documents(
        self,
        documents: Sequence[Document],
        *,
        as_of: dt.date | None = None,
        problems: Sequence[Problem] = (),
        waivers: Sequence[Waiver] = (),
        document_only: bool = False,
    ) -> CheckResult:
        as_of = as_of_day(as_of)
        findings, notes = self.check_grouped(documents, as_of=as_of, document_only=document_only)
        if waivers:
            from compliance.waivers import waive  # noqa: PLC0415 - only with waivers

            findings, waiver_notes = waive(findings, waivers, as_of)
            notes.extend(waiver_notes)
        return self.result(findings, documents, as_of=as_of, problems=problems, notes=notes)

    def check_grouped(
        self, documents: Sequence[Document], *, as_of: dt.date, document_only: bool = False
    ) -> tuple[list[Finding], list[Text]]:
        """Findings of every portfolio the documents form, and the notes a person should read."""
        findings: list[Finding] = []
        notes: list[Text] = []
        for whole in group(documents):
            portfolio, later = as_of_view(whole, as_of)
            if later:
                notes.append(_later_note(portfolio, later, as_of))
            unnumbered = [d for d in whole.documents if _lacks_number(d)]
            if unnumbered:
                notes.append(_unnumbered_note(whole, unnumbered))
            notes.extend(_described_apart_notes(portfolio))
            notes.extend(_repeated_id_note(portfolio, key, docs) for key, docs in repeated_ids(portfolio))
            notes.extend(
                _unmatched_replaces_note(portfolio, doc, target)
                for doc, target in unmatched_replaces(portfolio)
            )
            portfolio, replaced = without_replaced(portfolio)
            notes.extend(_replaced_note(portfolio, old, new) for old, new in replaced)
            judged = self.check_portfolio(portfolio, as_of=as_of, document_only=document_only)
            if judged and all(f.status is Status.not_applicable for f in judged):
                notes.append(_nothing_applies_note(portfolio, len(judged)))
            findings.extend(judged)
            if document_only:
                notes.extend(self._document_only_notes(portfolio))
        return findings, notes

    def check_portfolio(
        self, portfolio: Portfolio, *, as_of: dt.date, document_only: bool = False
    ) -> list[Finding]:
        """One finding per rule that addresses the unit's type, in every pack that covers the
        portfolio's school year and place — never none: when no rule does, one
        ``compliance/no-applicable-pack`` error; when the documents disagree about the unit, one
        ``compliance/conflicting-scope`` error instead of the rules' findings; when the unit's place
        nearly matches another pack's, a ``compliance/unmatched-place`` error too
        (:mod:`compliance.scope`). With ``document_only``, only the rules the portfolio's documents
        can answer (:func:`answerable`), or all of them when none can."""
        disagreements = conflicts(portfolio.documents)
        if disagreements:
            return [conflicting_scope(portfolio, disagreements)]
        rules = addressed(applicable_packs(self.program, portfolio), portfolio.unit.unit_type)
        if not rules:
            return [no_applicable_pack(self.program, portfolio)]
        if document_only:
            rules = _answerable(rules, portfolio) or rules
        findings, _ = self.check_rules(rules, portfolio, as_of=as_of)
        missed = unmatched_place(self.program, portfolio)
        return findings if missed is None else [*findings, missed]

    def _document_only_notes(self, portfolio: Portfolio) -> list[Text]:
        """What ``document_only`` left out of the portfolio's check, said in a note."""
        if conflicts(portfolio.documents):
            return []
        rules = addressed(applicable_packs(self.program, portfolio), portfolio.unit.unit_type)
        kept = _answerable(rules, portfolio)
        if not rules or len(kept) == len(rules):
            return []
        if not kept:
            return [_document_only_none_note(portfolio)]
        return [_document_only_note(portfolio, [r for r in rules if r not in kept])]

    def check_rules(
        self, rules: Sequence[CompiledRule], portfolio: Portfolio, *, as_of: dt.date
    ) -> tuple[list[Finding], Matches]:
        """One finding per rule of ``rules`` on ``portfolio``, and the matches they were judged on
        (``explain`` shows them). When the back end cannot answer, every rule that applies is an
        ``error`` (never a pass) and there are no matches."""
        try:
            matches = self.evaluator.evaluate(rules, portfolio)
        except EvaluationFailure as failure:
            return [
                make_finding(rule, portfolio, Outcome(Status.not_applicable, reason))
                if (reason := not_applicable_reason(rule, portfolio, as_of)) is not None
                else make_finding(rule, portfolio, Outcome(Status.error, failure.reason))
                for rule in rules
            ], {}
        ctx = context(self.program, portfolio, matches, as_of)
        return [judge(rule, ctx) for rule in rules], matches

    def result(
        self,
        findings: list[Finding],
        documents: Sequence[Document],
        *,
        as_of: dt.date,
        problems: Sequence[Problem] = (),
        notes: Sequence[Text] = (),
    ) -> CheckResult:
        """The result of a check: constructed, not validated, from what the engine made itself
        (the packs it compiled, the documents it loaded, the findings it judged, the problems it
        found): records built, not validated, so that a check imports no pydantic (validating it
        again gives the same result: tests/test_engine_api.py)."""
        return CheckResult(
            tool_version=__version__,
            engine=self.engine_name,
            as_of=as_of,
            packs=[
                PackInfo(
                    id=p.id,
                    version=p.version,
                    title=p.title,
                    file=p.file,
                    seed=p.seed,
                    school_year=p.school_year,
                    rules=len(p.rules),
                )
                for p in self.program.packs
            ],
            documents=Records.of(DocumentInfo, [document_info(d) for d in documents]),
            findings=Records.of(Finding, findings),
            problems=[InputProblem.of(p) for p in problems],
            notes=list(notes),
            summary=summarize(findings),
        )


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """How an engine is built: the packs, their parameters, the back end and its options (e.g.
    ``workers``, ``timeout``) — what a command's options say, and what an audit sends its workers
    (an engine itself is not sent between processes)."""

    rules: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    engine: str = "python"
    options: dict[str, Any] = field(default_factory=dict)
    cache: bool = False  # through the compiled-program cache (compliance.cache), as the CLI does

    def build(self) -> Engine:
        return Engine.from_path(
            *self.rules, params=self.params, engine=self.engine, engine_options=self.options, cache=self.cache
        )


def document_info(d: Document) -> DocumentInfo:
    """What a result says of a loaded document (its fields were validated when it was loaded)."""
    return DocumentInfo(
        file=d.name, kind=d.kind, unit_id=d.unit_id, school_year=d.school_year, received=d.received
    )


def document_from_data(data: Mapping[str, Any], *, name: str) -> Document:
    """A document from already-parsed data (the HTTP API, embedding portals). The data goes
    through the same loader as a file (a JSON round trip): NFC, size and depth limits, no NaN.
    What only the data can place (too deep, a lone surrogate, not finite) is named by its pointer.
    ``date`` and ``datetime`` values (``yaml.safe_load`` gives them) are taken as their ISO text."""
    if found := data_problems(data, name, DEFAULT_LIMITS):
        raise ReportError(found)
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, default=as_json)
    except (TypeError, ValueError) as exc:
        raise ReportError([problem(Code.NOT_JSON_DATA, at=Location(name), detail=exc)]) from None
    return build_document(load_text(text, name=name, format="json", error=ReportError))


def _answerable(rules: Sequence[CompiledRule], portfolio: Portfolio) -> list[CompiledRule]:
    kinds = frozenset(d.kind for d in portfolio.documents)
    return [r for r in rules if answerable(r, kinds)]


def _document_only_none_note(portfolio: Portfolio) -> Text:
    unit = portfolio.unit.unit_id
    return Text(
        vi=f"{unit}: --document-only: không tiêu chí nào có thể xét chỉ bằng văn bản gửi lên, nên đã xét mọi tiêu chí.",
        en=f"{unit}: --document-only: no rule can be judged on the upload alone, so every rule was judged.",
    )


def _document_only_note(portfolio: Portfolio, left_out: Sequence[CompiledRule]) -> Text:
    unit = portfolio.unit.unit_id
    listed = "; ".join(
        f"{r.id} ({', '.join(sorted(k for s in r.check.selectors() if s.kinds for k in s.kinds))})"
        for r in left_out
    )
    return Text(
        vi=f"{unit}: chỉ xét văn bản gửi lên (--document-only): {len(left_out)} tiêu chí không xét vì cần loại "
        f"văn bản không có trong lần gửi này: {listed}.",
        en=f"{unit}: the upload alone is judged (--document-only): {len(left_out)} rule(s) not judged, as they "
        f"need a kind of document this upload does not hold: {listed}.",
    )


def _replaced_note(portfolio: Portfolio, old: Document, new: Document) -> Text:
    unit = portfolio.unit.unit_id
    return Text(
        vi=f"{unit}: văn bản {old.name} không được tính vì đã được thay thế bởi {new.name} (replaces).",
        en=f"{unit}: {old.name} is not counted: {new.name} replaces it (replaces).",
    )


def _nothing_applies_note(portfolio: Portfolio, count: int) -> Text:
    """Every rule of the packs that cover the unit is not applicable to it: nothing was checked,
    which a reader must not take for a unit that met everything."""
    unit = portfolio.unit
    levels = ", ".join(sorted(unit.levels)) or "—"
    return Text(
        vi=f"{unit.unit_id}: không tiêu chí nào áp dụng cho đơn vị (loại {unit.unit_type}, cấp học {levels}): "
        f"cả {count} kết luận đều là 'không áp dụng', nên đơn vị chưa được kiểm tra điều gì. Kiểm tra cấp "
        "học (school_levels) và bộ tiêu chí dành cho đơn vị.",
        en=f"{unit.unit_id}: no rule applies to the unit (type {unit.unit_type}, levels {levels}): all {count} "
        "findings are 'not applicable', so nothing of the unit was checked. Check its school_levels and the "
        "packs meant for it.",
    )


def _described_apart_notes(portfolio: Portfolio) -> list[Text]:
    """Notes when the counted documents of one unit name it differently, or list other school
    levels: a report sent under another unit's id looks like this (the levels' union is used, and
    the latest document's name: neither decides a verdict alone, so neither is an error)."""
    if len(portfolio.documents) < 2:
        return []
    names: dict[str, list[Document]] = {}
    levels: dict[tuple[str, ...], list[Document]] = {}
    for doc in portfolio.documents:
        submitter = doc.facts["submitter"]
        if submitter.get("unit_name"):
            names.setdefault(" ".join(str(submitter["unit_name"]).casefold().split()), []).append(doc)
        if submitter.get("school_levels"):
            levels.setdefault(tuple(sorted(submitter["school_levels"])), []).append(doc)
    unit = portfolio.unit.unit_id
    notes = []
    if len(names) > 1:
        shown = "; ".join(
            f"'{docs[0].facts['submitter']['unit_name']}' ({', '.join(d.name for d in docs)})"
            for docs in names.values()
        )
        notes.append(
            Text(
                vi=f"{unit}: các văn bản ghi tên đơn vị khác nhau: {shown}. Kiểm tra xem có văn bản nào gửi "
                "nhầm mã đơn vị (submitter.unit_id) không; nếu đơn vị đổi tên thì không cần sửa.",
                en=f"{unit}: the documents name the unit differently: {shown}. Check that none was sent under "
                "another unit's id (submitter.unit_id); if the unit was renamed, nothing needs fixing.",
            )
        )
    if len(levels) > 1:
        shown = "; ".join(
            f"{', '.join(key)} ({', '.join(d.name for d in docs)})" for key, docs in levels.items()
        )
        union = ", ".join(sorted(portfolio.unit.levels))
        notes.append(
            Text(
                vi=f"{unit}: các văn bản ghi cấp học khác nhau: {shown}; đơn vị được xét theo mọi cấp đã ghi "
                f"({union}). Sửa school_levels nếu có văn bản ghi sai.",
                en=f"{unit}: the documents list different school levels: {shown}; the unit is judged at every "
                f"level listed ({union}). Fix school_levels where a document is wrong.",
            )
        )
    return notes


def _repeated_id_note(portfolio: Portfolio, key: str, documents: list[Document]) -> Text:
    names = ", ".join(d.name for d in documents)
    return Text(
        vi=f"{portfolio.unit.unit_id}: {len(documents)} văn bản cùng mã id '{key}' ({names}); nếu là gửi "
        "trùng thì bỏ bớt, nếu văn bản sau sửa văn bản trước thì đặt mã mới cho nó và ghi replaces: "
        f"{key}. Cả hai đều đang được tính (mục giống hệt nhau chỉ tính một lần).",
        en=f"{portfolio.unit.unit_id}: {len(documents)} documents have the id '{key}' ({names}); if one was "
        f"sent twice remove it, if the later corrects the earlier give it a new id and replaces: {key}. "
        "Both are counted (identical items count once).",
    )


def _unmatched_replaces_note(portfolio: Portfolio, doc: Document, target: Document | None) -> Text:
    named = str(doc.facts.get("replaces"))
    unit = portfolio.unit.unit_id
    if target is None:
        return Text(
            vi=f"{unit}: {doc.name} ghi replaces: {named}, nhưng hồ sơ của đơn vị năm học này không có văn "
            f"bản nào mã {named}, nên không văn bản nào bị thay thế; kiểm tra lại mã.",
            en=f"{unit}: {doc.name} says replaces: {named}, but the unit's documents of this school year have "
            f"no id {named}, so nothing is replaced; check the id.",
        )
    return Text(
        vi=f"{unit}: {doc.name} ghi replaces: {named}, nhưng {target.name} (mã {named}) nhận sau nó, nên không "
        "bị thay thế: văn bản thay thế phải gửi sau văn bản nó sửa.",
        en=f"{unit}: {doc.name} says replaces: {named}, but {target.name} (id {named}) was received after it, "
        "so it is not replaced: a replacement comes after what it corrects.",
    )


def _lacks_number(document: Document) -> bool:
    """A report (``BC_…``) of format version 1 without its document number: valid, as version 1
    did not require one (version 2 does), but a reader should know (docs/report-format.md)."""
    facts = document.facts
    return (
        document.kind.startswith("BC_")
        and facts.get("schema_version", "1") == "1"
        and not facts.get("document", {}).get("so_hieu")
    )


def _unnumbered_note(portfolio: Portfolio, documents: list[Document]) -> Text:
    names = ", ".join(d.name for d in documents)
    return Text(
        vi=f"{portfolio.unit.unit_id}: {len(documents)} báo cáo chưa có số hiệu văn bản ({names}); định dạng "
        "phiên bản 1 cho phép, từ phiên bản 2 số hiệu là bắt buộc: ghi số hiệu như trên văn bản đã ký.",
        en=f"{portfolio.unit.unit_id}: {len(documents)} report(s) without a document number ({names}); format "
        "version 1 allows it, version 2 requires it: write the number as on the signed document.",
    )


def _later_note(portfolio: Portfolio, later: list[Document], as_of: dt.date) -> Text:
    names = ", ".join(d.name for d in later)
    day = as_of.strftime("%d/%m/%Y")
    return Text(
        vi=f"{portfolio.unit.unit_id}: {len(later)} văn bản nhận sau ngày xét {day} không được tính ({names}).",
        en=f"{portfolio.unit.unit_id}: {len(later)} document(s) received after the as-of date {day} are not counted ({names}).",
    )


__all__ = ["Engine", "SourceMap", "applicable_packs"]
