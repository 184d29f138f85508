"""Lint rule packs: every problem the compiler finds, and what it cannot know, checked against
the plans themselves.

Every error a pack can have on its own is judged by :mod:`compliance.compiler` (so ``check``
refuses the pack too); lint compiles the packs and reports those problems under its codes. What
only lint checks needs ``--sources`` (the plans' text) or is a warning or a note.

Checks (code — what it finds; level):

* ``invalid`` — not valid in the rule language, or does not compile (bad code, bad constant,
  a regular expression outside the RE2 dialect, a date outside 1900–2100 …); error
* ``unknown-field`` — a field path that does not exist in ``schemas/report.schema.json``; error
* ``duplicate-id`` / ``duplicate-pack`` — a rule id / pack id used twice across packs; error
* ``source-missing`` — ``source.document`` is not a file in ``--sources``; error
* ``quote-not-in-source`` — a rule's ``source.quote`` or a ``not_encoded`` quote is not an exact
  substring (after NFC) of its source document; error
* ``weekday-mismatch`` — a date annotated with the wrong weekday ("03/01/2023 (thứ Tư)",
  "03-01-2023, thứ Tư;", "thứ Hai, ngày 16.01.2024": every form :mod:`compliance.dates` reads),
  found on the raw text of a quote (error) or anywhere in a cited source document (warning). A
  mismatch is *acknowledged* (``info``, exit 0) when a rule records a ``correction`` whose
  ``printed`` text contains it, or — in a source document only — when a ``not_encoded`` quote
  contains it (the author read it and set it aside);
* ``correction-not-printed`` — a correction's ``printed`` text is not in the rule's quote; warning
* ``due-differs`` — a deadline whose due date is none of the dates in its quote (in any form:
  03/06/2024, 03-06-2024, 03.06.2024, 2024-06-03, ngày 3 tháng 6 năm 2024), with no correction; error
* ``due-outside-year`` / ``due-before-issue`` — a due date (deadline ``due``, ``required`` ``due``
  and window end, ``condition`` ``due``) outside the pack's school year (1 August of its first
  year to 31 July of its second) or before the plan was issued; error
* ``deadline-unmeetable`` — a deadline whose last allowed day comes before the first day a report
  counts from (``not_before``, the plan's issue date by default): "trước ngày D" read exclusive
  with D the plan's own date; error
* ``applies-to-no-unit`` — levels that none of the rule's unit types can have, or an effective
  window that is empty or ends before the plan was issued; error
* ``no-tests`` — a rule with no example case in ``tests``; warning

Of these, ``source-missing``, ``quote-not-in-source`` and the weekdays of the source documents
need ``--sources``; ``correction-not-printed``, ``no-tests`` and the notes are lint's alone; all the
other errors come from the compiler.

Errors and warnings make ``compliance lint`` exit 1; notes (``info``) do not. The report is
written as text, JSON or SARIF by :mod:`compliance.reporters.lint_report`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from compliance.compiler import (
    PrintedCorrection,
    acknowledged,
    compile_packs,
    correction_of,
    corrections_of,
    parse_pack,
    quote_weekdays,
    squash,
)
from compliance.dates import AnnotatedDate, annotated_dates, weekday_vi
from compliance.errors import Code, Location, Problem, RulePackError
from compliance.i18n import Text
from compliance.loading import LoadedFile
from compliance.messages import problem
from compliance.rulepack import Rule, RulePack

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")  # most serious first

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
    "deadline-unmeetable": Text(
        vi="Hạn chót trước ngày sớm nhất một báo cáo được tính", en="A deadline no report can meet"
    ),
    "applies-to-no-unit": Text(
        vi="Tiêu chí không thể áp dụng cho đơn vị nào", en="A rule that can apply to no unit"
    ),
    "no-tests": Text(vi="Tiêu chí chưa có ví dụ kiểm thử", en="A rule with no test case"),
}

# The lint code of each compiler problem that has its own; every other one is ``invalid``.
_LINT_CODE: dict[Code, str] = {
    Code.UNKNOWN_FIELD: "unknown-field",
    Code.UNKNOWN_COLLECTION: "unknown-field",
    Code.FIELD_NOT_OBJECTS: "unknown-field",
    Code.DUPLICATE_RULE_ID: "duplicate-id",
    Code.DUPLICATE_PACK_ID: "duplicate-pack",
    Code.QUOTE_WRONG_WEEKDAY: "weekday-mismatch",
    Code.DUE_DIFFERS: "due-differs",
    Code.DUE_OUTSIDE_YEAR: "due-outside-year",
    Code.DUE_BEFORE_ISSUE: "due-before-issue",
    Code.DEADLINE_UNMEETABLE: "deadline-unmeetable",
    Code.LEVELS_NO_UNIT: "applies-to-no-unit",
    Code.EFFECTIVE_EMPTY: "applies-to-no-unit",
    Code.EFFECTIVE_BEFORE_ISSUE: "applies-to-no-unit",
}


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


def _wrong_weekday_text(a: AnnotatedDate) -> tuple[str, str]:
    return (
        f"“{a.text}”: ngày {a.day:%d/%m/%Y} là {weekday_vi(a.day)}, không phải “{a.stated}”",
        f"“{a.text}”: {a.day:%d/%m/%Y} is a {a.day:%A}, not “{a.stated}”",
    )


# ----------------------------------------------------------------------------- the linter


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
            except RulePackError:
                continue  # the compiler reports it below
        try:
            compile_packs(self.files)  # every error a pack can have on its own, once
        except RulePackError as exc:
            self.problems(exc.problems, {file.name: pack for file, pack in parsed})
        corrections = corrections_of(pack for _, pack in parsed)
        for file, pack in parsed:
            for index, rule in enumerate(pack.rules):
                self.rule(file, pack, index, rule, corrections)
            self.not_encoded(file, pack)
        self.source_weekdays(parsed, corrections)
        self.report.findings.sort(key=lambda f: (f.file, f.line or 0, f.column or 0, f.code))
        return self.report

    def problems(self, problems: Sequence[Problem], packs: dict[str, RulePack]) -> None:
        for p in problems:
            rule_id = None
            pack = packs.get(p.file or "")
            m = re.match(r"^/rules/(\d+)", p.pointer or "")
            if pack is not None and m and int(m.group(1)) < len(pack.rules):
                rule_id = pack.rules[int(m.group(1))].id
            self.report.findings.append(
                LintFinding(
                    _LINT_CODE.get(p.code, "invalid"),
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

    # -- one rule

    def rule(
        self,
        file: LoadedFile,
        pack: RulePack,
        index: int,
        rule: Rule,
        corrections: frozenset[PrintedCorrection],
    ) -> None:
        ptr = f"/rules/{index}"
        if rule.source.document != pack.document.seed:
            self.quote(file, f"{ptr}/source/document", rule.source.document, None, rule.id)
        self.quote(file, f"{ptr}/source/quote", rule.source.document, rule.source.quote, rule.id)
        for a, ok in quote_weekdays(rule, corrections):
            if ok:  # an unacknowledged one is the compiler's error
                vi, en = _wrong_weekday_text(a)
                self.add(
                    "weekday-mismatch",
                    "info",
                    file,
                    f"{ptr}/source/quote",
                    vi + " — đã ghi nhận đính chính.",
                    en + " — the correction is recorded.",
                    rule.id,
                )
        found = correction_of(rule)
        if found is not None and squash(found[1].printed) not in squash(rule.source.quote):
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
        if not rule.tests:
            self.add(
                "no-tests",
                "warning",
                file,
                f"{ptr}/id",
                f"tiêu chí '{rule.id}' chưa có ví dụ kiểm thử nào (tests)",
                f"rule '{rule.id}' has no test case (tests)",
                rule.id,
                Text(
                    vi="thêm vào 'tests' ít nhất một ví dụ đạt và một ví dụ không đạt (compliance test chạy chúng)",
                    en="add under 'tests' at least one passing and one failing example (compliance test runs them)",
                ),
            )

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
        self, parsed: list[tuple[LoadedFile, RulePack]], corrections: frozenset[PrintedCorrection]
    ) -> None:
        """Wrong weekday annotations anywhere in the cited documents, on their raw text."""
        if self.sources is None:
            return
        set_aside: dict[str, list[str]] = {}
        for _, pack in parsed:
            set_aside.setdefault(pack.document.seed, []).extend(squash(e.quote) for e in pack.not_encoded)
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
                if acknowledged(name, a, corrections):
                    level: Level = "info"
                    tail = (" — một tiêu chí đã ghi đính chính.", " — a rule records the correction.")
                elif any(squash(a.text) in q for q in set_aside.get(name, [])):
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


def lint(files: Sequence[LoadedFile], sources: Path | None = None) -> LintReport:
    """Lint the rule packs in ``files``; with ``sources`` (the seeds folder), against the plans too."""
    return _Linter(files, sources).run()


__all__ = ["CODES", "LEVELS", "LintFinding", "LintReport", "lint"]
