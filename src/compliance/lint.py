"""Lint rule packs: what the compiler cannot know, checked against the plans themselves.

Checks (code — what it finds; level):

* ``invalid`` — not valid in the rule language, or does not compile (bad code, bad constant …); error
* ``unknown-field`` — a field path that does not exist in ``schemas/report.schema.json``; error
* ``duplicate-id`` / ``duplicate-pack`` — a rule id / pack id used twice across packs; error
* ``source-missing`` — ``source.document`` is not a file in ``--sources``; error
* ``quote-not-in-source`` — a rule's ``source.quote`` or a ``not_encoded`` quote is not an exact
  substring (after NFC) of its source document; error
* ``weekday-mismatch`` — a date annotated with the wrong weekday ("03/01/2023 (thứ Tư)",
  "thứ Hai, ngày 16/01/2024"), found on the raw text of a quote (error) or anywhere in a cited
  source document (warning). A mismatch is *acknowledged* (``info``, exit 0) when a rule records a
  ``correction`` whose ``printed`` text contains it, or — in a source document only — when a
  ``not_encoded`` quote contains it (the author read it and set it aside);
* ``correction-not-printed`` — a correction's ``printed`` text is not in the rule's quote; warning
* ``due-differs`` — a deadline whose due date is none of the dates in its quote, with no correction; error
* ``due-outside-year`` / ``due-before-issue`` — a due date (deadline ``due``, ``required`` ``due``
  and window end, ``condition`` ``due``) outside the pack's school year (1 August of its first
  year to 31 July of its second) or before the plan was issued; error
* ``applies-to-no-unit`` — levels that none of the rule's unit types can have, or an effective
  window that is empty or ends before the plan was issued; error

Errors and warnings make ``compliance lint`` exit 1; notes (``info``) do not. The report is
written as text, JSON or SARIF by :mod:`compliance.reporters.lint_report`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from compliance import checks
from compliance.checks import Check
from compliance.compiler import compile_packs, parse_pack
from compliance.dates import AnnotatedDate, annotated_dates, quoted_dates, weekday_vi
from compliance.errors import Code, Location, Problem, RulePackError
from compliance.i18n import Text
from compliance.language import Correction
from compliance.loading import LoadedFile
from compliance.messages import problem
from compliance.program import CompiledPack
from compliance.rulepack import Rule, RulePack

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")  # most serious first

# Which school levels a unit of each type can declare; other unit types have none (a district
# office, a commune, a department is not a school). Used only to find rules that bind nobody.
LEVELS_OF_UNIT: dict[str, frozenset[str]] = {
    "TRUONG": frozenset({"MN", "TH", "THCS", "THPT", "GDTX"}),
    "TT_GDNN_GDTX": frozenset({"GDTX", "THPT"}),
}

CODES: dict[str, Text] = {
    "invalid": Text(
        vi="Không hợp lệ theo ngôn ngữ tiêu chí hoặc không biên dịch được",
        en="Not valid in the rule language or does not compile",
    ),
    "unknown-field": Text(
        vi="Đường dẫn trường không có trong schema báo cáo",
        en="A field path that does not exist in the report schema",
    ),
    "duplicate-id": Text(vi="Mã tiêu chí dùng hai lần", en="A rule id used twice across packs"),
    "duplicate-pack": Text(vi="Mã bộ tiêu chí dùng hai lần", en="A pack id used twice"),
    "source-missing": Text(
        vi="Không có văn bản nguồn trong --sources", en="The cited source document is not in --sources"
    ),
    "quote-not-in-source": Text(
        vi="Trích dẫn không nguyên văn", en="The quote is not a verbatim substring of its source"
    ),
    "weekday-mismatch": Text(vi="Thứ trong tuần ghi sai", en="A date annotated with the wrong weekday"),
    "correction-not-printed": Text(
        vi="Văn bản 'printed' của đính chính không có trong trích dẫn",
        en="A correction's printed text is not in the rule's quote",
    ),
    "due-differs": Text(
        vi="Hạn khác ngày trong trích dẫn mà không ghi đính chính",
        en="A due date that differs from the quoted date without a recorded correction",
    ),
    "due-outside-year": Text(
        vi="Hạn nằm ngoài năm học của gói", en="A due date outside the pack's school year"
    ),
    "due-before-issue": Text(
        vi="Hạn trước ngày ban hành kế hoạch", en="A due date before the plan was issued"
    ),
    "applies-to-no-unit": Text(
        vi="Tiêu chí không thể áp dụng cho đơn vị nào", en="A rule that can apply to no unit"
    ),
}

# Compiler problems that are about field paths; the compiler's own within-pack duplicate ids are
# left to ``duplicates``, which reports them with the ones across packs.
_UNKNOWN_FIELD = frozenset({Code.UNKNOWN_FIELD, Code.UNKNOWN_COLLECTION, Code.FIELD_NOT_OBJECTS})


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One thing lint found; :mod:`compliance.reporters.lint_report` words it."""

    code: str
    level: Level
    file: str
    message: Text
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    rule_id: str | None = None
    fix: Text | None = None


@dataclass
class LintReport:
    files: list[str]
    sources: str | None = None  # the folder the quotes were checked against; None: not checked
    findings: list[LintFinding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.level != "info" for f in self.findings)

    def count(self, level: Level) -> int:
        return sum(f.level == level for f in self.findings)


# ----------------------------------------------------------------------------- dates in text


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _squash(text: str) -> str:
    """For comparing printed fragments: NFC, case-folded, runs of white space as one space."""
    return " ".join(_nfc(text).casefold().split())


def _wrong_weekday_text(a: AnnotatedDate) -> tuple[str, str]:
    return (
        f"“{a.text}”: ngày {a.day:%d/%m/%Y} là {weekday_vi(a.day)}, không phải “{a.stated}”",
        f"“{a.text}”: {a.day:%d/%m/%Y} is a {a.day:%A}, not “{a.stated}”",
    )


# ----------------------------------------------------------------------------- the linter


@dataclass(frozen=True, slots=True)
class _Correction:
    document: str
    printed: str  # squashed


class _Linter:
    def __init__(self, files: Sequence[LoadedFile], sources: Path | None) -> None:
        self.files = files
        self.sources = sources
        self.report = LintReport([f.name for f in files], str(sources) if sources is not None else None)
        self._source_text: dict[str, str | None] = {}

    def add(
        self,
        code: str,
        level: Level,
        file: LoadedFile,
        pointer: str | None,
        vi: str,
        en: str,
        rule_id: str | None = None,
        fix: Text | None = None,
    ) -> None:
        line, column = file.source_map.locate(pointer) if pointer is not None else (None, None)
        self.report.findings.append(
            LintFinding(code, level, file.name, Text(vi=vi, en=en), pointer, line, column, rule_id, fix)
        )

    def source(self, name: str) -> str | None:
        """The NFC text of a source document in ``--sources``; None when absent (or not a plain name)."""
        if self.sources is None:
            return None
        if name not in self._source_text:
            path = self.sources / name
            text = None
            if Path(name).name == name and path.is_file():
                try:
                    text = _nfc(path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError) as exc:
                    raise RulePackError(
                        [problem(Code.SOURCE_UNREADABLE, at=Location(str(path)), detail=exc)]
                    ) from None
            self._source_text[name] = text
        return self._source_text[name]

    # -- driver

    def run(self) -> LintReport:
        parsed: list[tuple[LoadedFile, RulePack]] = []
        for file in self.files:
            try:
                parsed.append((file, parse_pack(file)))
            except RulePackError as exc:
                self.problems(exc.problems, None)
        programs: dict[str, CompiledPack] = {}
        for file, pack in parsed:
            try:
                (programs[file.name],) = compile_packs([file]).packs
            except RulePackError as exc:
                self.problems(exc.problems, pack)
        self.duplicates(parsed)
        corrections = {
            _Correction(r.source.document, _squash(found[1].printed))
            for _, pack in parsed
            for r in pack.rules
            if (found := _correction(r)) is not None
        }
        for file, pack in parsed:
            compiled = programs.get(file.name)
            checks = {r.id: r.check for r in compiled.rules} if compiled else {}
            for index, rule in enumerate(pack.rules):
                self.rule(file, pack, index, rule, checks.get(rule.id), corrections)
            self.not_encoded(file, pack)
        self.source_weekdays(parsed, corrections)
        self.report.findings.sort(key=lambda f: (f.file, f.line or 0, f.column or 0, f.code))
        return self.report

    def problems(self, problems: Sequence[Problem], pack: RulePack | None) -> None:
        for p in problems:
            if p.code is Code.DUPLICATE_RULE_ID:
                continue
            rule_id = None
            m = re.match(r"^/rules/(\d+)", p.pointer or "")
            if pack is not None and m and int(m.group(1)) < len(pack.rules):
                rule_id = pack.rules[int(m.group(1))].id
            self.report.findings.append(
                LintFinding(
                    "unknown-field" if p.code in _UNKNOWN_FIELD else "invalid",
                    "error",
                    p.file or "<input>",
                    p.message,
                    p.pointer,
                    p.line,
                    p.column,
                    rule_id,
                    p.fix,
                )
            )

    def duplicates(self, parsed: list[tuple[LoadedFile, RulePack]]) -> None:
        rules: dict[str, tuple[LoadedFile, str]] = {}
        packs: dict[str, LoadedFile] = {}
        for file, pack in parsed:
            if pack.pack in packs:
                first = packs[pack.pack]
                where = Location(first.name, first.source_map.locate("/pack")[0])
                self.add(
                    "duplicate-pack",
                    "error",
                    file,
                    "/pack",
                    f"mã gói '{pack.pack}' đã dùng ở {where}",
                    f"pack id '{pack.pack}' is already used at {where}",
                )
            else:
                packs[pack.pack] = file
            for index, rule in enumerate(pack.rules):
                pointer = f"/rules/{index}/id"
                if rule.id in rules:
                    first_file, first_pointer = rules[rule.id]
                    where = Location(first_file.name, first_file.source_map.locate(first_pointer)[0])
                    self.add(
                        "duplicate-id",
                        "error",
                        file,
                        pointer,
                        f"mã tiêu chí '{rule.id}' đã dùng ở {where}",
                        f"rule id '{rule.id}' is already used at {where}",
                        rule.id,
                        Text(
                            vi="đặt một mã khác, duy nhất trong mọi gói",
                            en="choose an id unique across packs",
                        ),
                    )
                else:
                    rules[rule.id] = (file, pointer)

    # -- one rule

    def rule(
        self,
        file: LoadedFile,
        pack: RulePack,
        index: int,
        rule: Rule,
        check: Check | None,
        corrections: set[_Correction],
    ) -> None:
        ptr = f"/rules/{index}"
        if rule.source.document != pack.document.seed:
            self.quote(file, f"{ptr}/source/document", rule.source.document, None, rule.id)
        self.quote(file, f"{ptr}/source/quote", rule.source.document, rule.source.quote, rule.id)
        for a in annotated_dates(rule.source.quote):
            if a.wrong:
                self.weekday_in_quote(file, f"{ptr}/source/quote", a, rule, corrections)
        found = _correction(rule)
        if found is not None and _squash(found[1].printed) not in _squash(rule.source.quote):
            where, correction = found
            self.add(
                "correction-not-printed",
                "warning",
                file,
                f"{ptr}/check/{rule.check.kind}/{where}/printed",
                f"“{correction.printed}” không có trong trích dẫn của tiêu chí",
                f"“{correction.printed}” does not occur in the rule's quote",
                rule.id,
                Text(vi="chép đúng phần in sai từ trích dẫn", en="copy the misprinted text from the quote"),
            )
        if check is not None:
            self.due_dates(file, pack, ptr, rule, check)
        self.audience(file, pack, ptr, rule)

    def quote(
        self, file: LoadedFile, pointer: str, document: str, quote: str | None, rule_id: str | None
    ) -> None:
        """``quote`` (at ``pointer``) is verbatim in ``document``; without a quote, the document exists
        (reported at ``pointer``)."""
        if self.sources is None:
            return
        text = self.source(document)
        if text is None:
            if quote is not None:
                return  # the rule's or the pack's document is reported as missing once
            self.add(
                "source-missing",
                "error",
                file,
                pointer,
                f"không có tệp nguồn '{document}' trong {self.sources}",
                f"no source file '{document}' in {self.sources}",
                rule_id,
                Text(vi="ghi đúng tên tệp trong seeds/", en="name the file as it is in seeds/"),
            )
        elif quote is not None and _nfc(quote) not in text:
            self.add(
                "quote-not-in-source",
                "error",
                file,
                pointer,
                f"trích dẫn không có nguyên văn trong {document}",
                f"the quote is not a verbatim part of {document}",
                rule_id,
                Text(
                    vi="chép nguyên văn từ tệp nguồn (kể cả dấu cách không ngắt, lỗi chính tả)",
                    en="copy the text exactly from the source (non-breaking spaces and typos included)",
                ),
            )

    def weekday_in_quote(
        self, file: LoadedFile, pointer: str, a: AnnotatedDate, rule: Rule, corrections: set[_Correction]
    ) -> None:
        vi, en = _wrong_weekday_text(a)
        if _acknowledged(rule.source.document, a, corrections):
            self.add(
                "weekday-mismatch",
                "info",
                file,
                pointer,
                vi + " — đã ghi nhận đính chính.",
                en + " — the correction is recorded.",
                rule.id,
            )
        else:
            self.add(
                "weekday-mismatch",
                "error",
                file,
                pointer,
                vi + ".",
                en + ".",
                rule.id,
                Text(
                    vi="ghi 'check.deadline.correction' (printed: phần in sai, reason) với ngày đúng",
                    en="record 'check.deadline.correction' (printed text, reason) with the intended date",
                ),
            )

    def due_dates(self, file: LoadedFile, pack: RulePack, ptr: str, rule: Rule, check: Check) -> None:
        first = int(pack.document.school_year[:4])
        start, end = dt.date(first, 8, 1), dt.date(first + 1, 7, 31)
        issued = pack.document.issuer.issued_on
        kind = checks.get(rule.check.kind)
        for where, due in kind.due_dates(rule.check.spec, check):
            pointer = f"{ptr}/check/{kind.name}/{where}"
            if not start <= due <= end:
                self.add(
                    "due-outside-year",
                    "error",
                    file,
                    pointer,
                    f"hạn {due:%d/%m/%Y} nằm ngoài năm học {pack.document.school_year} "
                    f"({start:%d/%m/%Y}–{end:%d/%m/%Y})",
                    f"due {due:%d/%m/%Y} is outside school year {pack.document.school_year} "
                    f"({start:%d/%m/%Y}–{end:%d/%m/%Y})",
                    rule.id,
                )
            if due < issued:
                self.add(
                    "due-before-issue",
                    "error",
                    file,
                    pointer,
                    f"hạn {due:%d/%m/%Y} trước ngày ban hành kế hoạch {issued:%d/%m/%Y}",
                    f"due {due:%d/%m/%Y} is before the plan was issued ({issued:%d/%m/%Y})",
                    rule.id,
                )
        stated = kind.quoted_due(rule.check.spec, check)
        if stated is not None:
            where, due = stated
            quoted = quoted_dates(rule.source.quote)
            if quoted and due not in quoted:
                shown = ", ".join(f"{d:%d/%m/%Y}" for d in quoted)
                self.add(
                    "due-differs",
                    "error",
                    file,
                    f"{ptr}/check/{kind.name}/{where}",
                    f"hạn {due:%d/%m/%Y} khác ngày trong trích dẫn ({shown}) mà không ghi đính chính",
                    f"due {due:%d/%m/%Y} differs from the quoted date ({shown}) and no correction is recorded",
                    rule.id,
                    Text(
                        vi="dùng ngày trong trích dẫn, hoặc ghi 'correction' (printed, reason)",
                        en="use the quoted date, or record a 'correction' (printed, reason)",
                    ),
                )

    def audience(self, file: LoadedFile, pack: RulePack, ptr: str, rule: Rule) -> None:
        applies = rule.applies_to
        if applies.levels:
            possible = frozenset().union(*(LEVELS_OF_UNIT.get(t, frozenset()) for t in applies.unit_types))
            if not possible & set(applies.levels):
                self.add(
                    "applies-to-no-unit",
                    "error",
                    file,
                    f"{ptr}/applies_to/levels",
                    f"không loại đơn vị nào trong {applies.unit_types} có cấp học {applies.levels}",
                    f"none of the unit types {applies.unit_types} can have the levels {applies.levels}",
                    rule.id,
                    Text(
                        vi="bỏ 'levels' hoặc thêm loại đơn vị là trường",
                        en="drop 'levels' or add a school unit type",
                    ),
                )
        eff = applies.effective
        if eff is None:
            return
        if eff.from_ and eff.to and eff.from_ > eff.to:
            self.add(
                "applies-to-no-unit",
                "error",
                file,
                f"{ptr}/applies_to/effective",
                f"thời gian hiệu lực rỗng (từ {eff.from_:%d/%m/%Y} đến {eff.to:%d/%m/%Y})",
                f"the effective window is empty (from {eff.from_:%d/%m/%Y} to {eff.to:%d/%m/%Y})",
                rule.id,
            )
        elif eff.to and eff.to < pack.document.issuer.issued_on:
            self.add(
                "applies-to-no-unit",
                "error",
                file,
                f"{ptr}/applies_to/effective/to",
                f"tiêu chí hết hiệu lực ({eff.to:%d/%m/%Y}) trước khi kế hoạch được ban hành "
                f"({pack.document.issuer.issued_on:%d/%m/%Y})",
                f"the rule lapses ({eff.to:%d/%m/%Y}) before the plan was issued "
                f"({pack.document.issuer.issued_on:%d/%m/%Y})",
                rule.id,
            )

    def not_encoded(self, file: LoadedFile, pack: RulePack) -> None:
        """The plan's own file must be in ``--sources``, and what the pack sets aside quoted verbatim."""
        if self.sources is None:
            return
        self.quote(file, "/document/seed", pack.document.seed, None, None)
        if self.source(pack.document.seed) is not None:
            for index, entry in enumerate(pack.not_encoded):
                self.quote(file, f"/not_encoded/{index}/quote", pack.document.seed, entry.quote, None)

    # -- the plans themselves

    def source_weekdays(
        self, parsed: list[tuple[LoadedFile, RulePack]], corrections: set[_Correction]
    ) -> None:
        """Wrong weekday annotations anywhere in the cited documents, on their raw text."""
        if self.sources is None:
            return
        set_aside: dict[str, list[str]] = {}
        for _, pack in parsed:
            set_aside.setdefault(pack.document.seed, []).extend(_squash(e.quote) for e in pack.not_encoded)
        names = {r.source.document for _, pack in parsed for r in pack.rules} | set(set_aside)
        for name in sorted(names):
            text = self.source(name)
            if text is None:
                continue
            for a in annotated_dates(text):
                if not a.wrong:
                    continue
                line = text.count("\n", 0, a.start) + 1
                column = a.start - (text.rfind("\n", 0, a.start) + 1) + 1
                vi, en = _wrong_weekday_text(a)
                if _acknowledged(name, a, corrections):
                    level: Level = "info"
                    tail = (" — một tiêu chí đã ghi đính chính.", " — a rule records the correction.")
                elif any(_squash(a.text) in q for q in set_aside.get(name, [])):
                    level = "info"
                    tail = (
                        " — câu này được ghi trong not_encoded.",
                        " — the sentence is listed in not_encoded.",
                    )
                else:
                    level = "warning"
                    tail = (
                        "; chưa tiêu chí nào ghi đính chính, cũng không ghi trong not_encoded.",
                        "; no rule records a correction and no not_encoded entry sets it aside.",
                    )
                self.report.findings.append(
                    LintFinding(
                        "weekday-mismatch",
                        level,
                        str(self.sources / name),
                        Text(vi=vi + tail[0], en=en + tail[1]),
                        None,
                        line,
                        column,
                    )
                )


def _acknowledged(document: str, a: AnnotatedDate, corrections: set[_Correction]) -> bool:
    printed = _squash(a.text)
    return any(c.document == document and printed in c.printed for c in corrections)


def _correction(rule: Rule) -> tuple[str, Correction] | None:
    """The rule's recorded correction of a misprinted date (pointer below its kind's spec)."""
    found: tuple[str, Correction] | None = checks.get(rule.check.kind).correction(rule.check.spec)
    return found


def lint(files: Sequence[LoadedFile], sources: Path | None = None) -> LintReport:
    """Lint the rule packs in ``files``; with ``sources`` (the seeds folder), against the plans too."""
    return _Linter(files, sources).run()


__all__ = ["CODES", "LEVELS", "LintFinding", "LintReport", "lint"]
