"""Lint rule packs: what the compiler cannot know, checked against the plans themselves.

Checks (code — what it finds):

* ``invalid`` — not valid in the rule language, or does not compile (bad code, bad constant …);
* ``unknown-field`` — a field path that does not exist in ``schemas/report.schema.json``;
* ``duplicate-id`` — a rule id used twice across packs;
* ``source-missing`` — ``source.document`` is not a file in ``--sources``;
* ``quote-not-in-source`` — ``source.quote`` is not an exact substring (after NFC) of it;
* ``weekday-mismatch`` — a date annotated with the wrong weekday ("03/01/2023 (thứ Tư)"), in a
  quote or anywhere in a source document; reported as ``acknowledged`` (info) when a rule records
  a ``correction`` whose ``printed`` text is that date;
* ``due-differs`` — a deadline whose due date is none of the dates in its quote, with no correction;
* ``due-outside-year`` / ``due-before-issue`` — a deadline outside the pack's school year
  (1 August to 31 July) or before the plan was issued;
* ``applies-to-no-unit`` — levels that none of the rule's unit types can have, or an effective
  window that is empty or ends before the plan was issued.

Errors and warnings make ``compliance lint`` exit 1; notes (``info``) do not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from compliance import ir
from compliance.calendar import parse_weekday_vi, weekday_vi
from compliance.compiler import compile_packs, parse_pack
from compliance.errors import Problem, RulePackError
from compliance.i18n import Lang, Text
from compliance.loading import LoadedFile
from compliance.reporters.sarif import sarif_log
from compliance.rulepack import RulePack

Level = Literal["error", "warning", "info"]
LEVELS_OF_UNIT: dict[str, frozenset[str]] = {
    "TRUONG": frozenset({"MN", "TH", "THCS", "THPT", "GDTX"}),
    "TT_GDNN_GDTX": frozenset({"GDTX", "THPT"}),
}
_DATE = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_ANNOTATED = re.compile(_DATE + r"\s*\(([^()]{1,20})\)")
_ANY_DATE = re.compile(_DATE)


@dataclass(frozen=True, slots=True)
class LintFinding:
    code: str
    level: Level
    file: str
    message: Text
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    rule_id: str | None = None

    def render(self, lang: Lang) -> str:
        where = ":".join(str(x) for x in (self.file, self.line, self.column) if x is not None)
        label = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning"), "info": ("ghi chú", "note")}[
            self.level
        ]
        rule = f" [{self.rule_id}]" if self.rule_id else ""
        return (
            f"{where}: {label[0] if lang == 'vi' else label[1]} {self.code}{rule}: {self.message.pick(lang)}"
        )

    @property
    def fingerprint(self) -> str:
        key = f"{self.code}|{self.file}|{self.rule_id}|{self.pointer}|{self.message.en}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass
class LintReport:
    files: list[str]
    findings: list[LintFinding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.level != "info" for f in self.findings)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _date(match: re.Match[str]) -> dt.date | None:
    day, month, year = (int(match.group(i)) for i in (1, 2, 3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _problem_finding(p: Problem, rule_ids: dict[str, dict[int, str]]) -> LintFinding:
    unknown = (
        "does not exist in schemas/report.schema.json" in p.message.en
        or "is not an array of objects" in p.message.en
    )
    rule_id = None
    if p.pointer and p.file in rule_ids:
        m = re.match(r"^/rules/(\d+)", p.pointer)
        rule_id = rule_ids[p.file].get(int(m.group(1))) if m else None
    return LintFinding(
        "unknown-field" if unknown else "invalid",
        "error",
        p.file or "<input>",
        p.message,
        p.pointer,
        p.line,
        p.column,
        rule_id,
    )


class _Linter:
    def __init__(self, files: Sequence[LoadedFile], sources: Path | None) -> None:
        self.files = files
        self.sources = sources
        self.report = LintReport([f.name for f in files])
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
    ) -> None:
        line, column = file.source_map.locate(pointer) if pointer is not None else (None, None)
        self.report.findings.append(
            LintFinding(code, level, file.name, Text(vi=vi, en=en), pointer, line, column, rule_id)
        )

    def source(self, name: str) -> str | None:
        if self.sources is None:
            return None
        if name not in self._source_text:
            path = self.sources / name
            self._source_text[name] = _nfc(path.read_text(encoding="utf-8")) if path.is_file() else None
        return self._source_text[name]

    def run(self) -> LintReport:
        parsed: list[tuple[LoadedFile, RulePack]] = []
        ids: dict[str, dict[int, str]] = {}
        for file in self.files:
            try:
                pack = parse_pack(file)
            except RulePackError as exc:
                self.report.findings.extend(_problem_finding(p, ids) for p in exc.problems)
                continue
            ids[file.name] = {i: r.id for i, r in enumerate(pack.rules)}
            parsed.append((file, pack))
        programs: dict[str, ir.CompiledPack] = {}
        for file, _ in parsed:
            try:
                (programs[file.name],) = compile_packs([file]).packs
            except RulePackError as exc:
                self.report.findings.extend(_problem_finding(p, ids) for p in exc.problems)
        self.duplicates(parsed)
        corrections = {
            (r.source.document, r.check.deadline.correction.printed)
            for _, pack in parsed
            for r in pack.rules
            if r.check.deadline is not None and r.check.deadline.correction is not None
        }
        for file, pack in parsed:
            for index, rule in enumerate(pack.rules):
                self.rule(file, pack, index, rule, programs.get(file.name), corrections)
        self.source_weekdays(parsed, corrections)
        self.report.findings.sort(key=lambda f: (f.file, f.line or 0, f.code))
        return self.report

    def duplicates(self, parsed: list[tuple[LoadedFile, RulePack]]) -> None:
        seen: dict[str, tuple[LoadedFile, int]] = {}
        for file, pack in parsed:
            for index, rule in enumerate(pack.rules):
                if rule.id in seen:
                    first_file, first_index = seen[rule.id]
                    first_line, _ = first_file.source_map.locate(f"/rules/{first_index}/id")
                    self.add(
                        "duplicate-id",
                        "error",
                        file,
                        f"/rules/{index}/id",
                        f"mã luật '{rule.id}' đã dùng ở {first_file.name}:{first_line}",
                        f"rule id '{rule.id}' is already used at {first_file.name}:{first_line}",
                        rule.id,
                    )
                else:
                    seen[rule.id] = (file, index)

    def rule(
        self,
        file: LoadedFile,
        pack: RulePack,
        index: int,
        rule: Any,
        compiled: ir.CompiledPack | None,
        corrections: set[tuple[str, str]],
    ) -> None:
        ptr = f"/rules/{index}"
        quote = rule.source.quote
        text = self.source(rule.source.document)
        if self.sources is not None and text is None:
            self.add(
                "source-missing",
                "error",
                file,
                f"{ptr}/source/document",
                f"không có tệp nguồn '{rule.source.document}' trong {self.sources}",
                f"no source file '{rule.source.document}' in {self.sources}",
                rule.id,
            )
        elif text is not None and _nfc(quote) not in text:
            self.add(
                "quote-not-in-source",
                "error",
                file,
                f"{ptr}/source/quote",
                f"trích dẫn không có nguyên văn trong {rule.source.document}",
                f"the quote is not a verbatim part of {rule.source.document}",
                rule.id,
            )
        for match in _ANNOTATED.finditer(quote):
            self.weekday(file, f"{ptr}/source/quote", match, rule.source.document, corrections, rule.id)
        self.deadline(file, pack, ptr, rule, compiled)
        self.audience(file, pack, ptr, rule)

    def weekday(
        self,
        file: LoadedFile,
        pointer: str,
        match: re.Match[str],
        document: str,
        corrections: set[tuple[str, str]],
        rule_id: str | None,
    ) -> None:
        day = _date(match)
        stated = parse_weekday_vi(match.group(4))
        if day is None or stated is None or stated == day.weekday():
            return
        printed = match.group(0)
        acknowledged = (document, printed) in corrections
        vi = f"“{printed}”: ngày {day:%d/%m/%Y} là {weekday_vi(day)}"
        en = f"“{printed}”: {day:%d/%m/%Y} is a {day:%A}, not “{match.group(4)}”"
        if acknowledged:
            self.add(
                "weekday-mismatch",
                "info",
                file,
                pointer,
                vi + " — đã ghi nhận đính chính.",
                en + " — the correction is recorded.",
                rule_id,
            )
        else:
            self.add(
                "weekday-mismatch",
                "error",
                file,
                pointer,
                vi + "; ghi 'correction' hoặc sửa trích dẫn.",
                en + "; record a 'correction' or fix the quote.",
                rule_id,
            )

    def deadline(
        self, file: LoadedFile, pack: RulePack, ptr: str, rule: Any, compiled: ir.CompiledPack | None
    ) -> None:
        if rule.check.deadline is None or compiled is None:
            return
        check = next((r.check for r in compiled.rules if r.id == rule.id), None)
        if not isinstance(check, ir.DeadlineCheck):
            return
        due = check.deadline.due
        quoted = [d for m in _ANY_DATE.finditer(rule.source.quote) if (d := _date(m)) is not None]
        if quoted and due not in quoted and rule.check.deadline.correction is None:
            shown = ", ".join(f"{d:%d/%m/%Y}" for d in quoted)
            self.add(
                "due-differs",
                "error",
                file,
                f"{ptr}/check/deadline/due",
                f"hạn {due:%d/%m/%Y} khác ngày trong trích dẫn ({shown}) mà không ghi đính chính",
                f"due {due:%d/%m/%Y} differs from the quoted date ({shown}) and no correction is recorded",
                rule.id,
            )
        first = int(pack.document.school_year[:4])
        start, end = dt.date(first, 8, 1), dt.date(first + 1, 7, 31)
        if not start <= due <= end:
            self.add(
                "due-outside-year",
                "error",
                file,
                f"{ptr}/check/deadline/due",
                f"hạn {due:%d/%m/%Y} nằm ngoài năm học {pack.document.school_year} ({start:%d/%m/%Y}–{end:%d/%m/%Y})",
                f"due {due:%d/%m/%Y} is outside school year {pack.document.school_year} ({start:%d/%m/%Y}–{end:%d/%m/%Y})",
                rule.id,
            )
        issued = pack.document.issuer.issued_on
        if due < issued:
            self.add(
                "due-before-issue",
                "error",
                file,
                f"{ptr}/check/deadline/due",
                f"hạn {due:%d/%m/%Y} trước ngày ban hành kế hoạch {issued:%d/%m/%Y}",
                f"due {due:%d/%m/%Y} is before the plan was issued ({issued:%d/%m/%Y})",
                rule.id,
            )

    def audience(self, file: LoadedFile, pack: RulePack, ptr: str, rule: Any) -> None:
        applies = rule.applies_to
        if applies.levels:
            possible = frozenset().union(*(LEVELS_OF_UNIT.get(t, frozenset()) for t in applies.unit_types))
            if not possible & set(applies.levels):
                self.add(
                    "applies-to-no-unit",
                    "error",
                    file,
                    f"{ptr}/applies_to",
                    f"không loại đơn vị nào trong {applies.unit_types} có cấp học {applies.levels}",
                    f"none of the unit types {applies.unit_types} can have the levels {applies.levels}",
                    rule.id,
                )
        eff = applies.effective
        if eff is not None:
            if eff.from_ and eff.to and eff.from_ > eff.to:
                self.add(
                    "applies-to-no-unit",
                    "error",
                    file,
                    f"{ptr}/applies_to/effective",
                    "thời gian hiệu lực rỗng ('from' sau 'to')",
                    "the effective window is empty ('from' after 'to')",
                    rule.id,
                )
            elif eff.to and eff.to < pack.document.issuer.issued_on:
                self.add(
                    "applies-to-no-unit",
                    "error",
                    file,
                    f"{ptr}/applies_to/effective/to",
                    "luật hết hiệu lực trước khi kế hoạch được ban hành",
                    "the rule lapses before the plan was issued",
                    rule.id,
                )

    def source_weekdays(
        self, parsed: list[tuple[LoadedFile, RulePack]], corrections: set[tuple[str, str]]
    ) -> None:
        """Wrong weekday annotations anywhere in the cited documents (on their raw text)."""
        if self.sources is None:
            return
        documents = sorted(
            {r.source.document for _, pack in parsed for r in pack.rules}
            | {p.document.seed for _, p in parsed}
        )
        for name in documents:
            text = self.source(name)
            if text is None:
                continue
            for match in _ANNOTATED.finditer(text):
                day, stated = _date(match), parse_weekday_vi(match.group(4))
                if day is None or stated is None or stated == day.weekday():
                    continue
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                printed = match.group(0)
                acknowledged = any(doc == name and p == printed for doc, p in corrections)
                level: Level = "info" if acknowledged else "warning"
                tail = (
                    (" — đã có luật ghi đính chính.", " — a rule records the correction.")
                    if acknowledged
                    else ("; chưa luật nào ghi đính chính.", "; no rule records a correction.")
                )
                self.report.findings.append(
                    LintFinding(
                        "weekday-mismatch",
                        level,
                        str(self.sources / name),
                        Text(
                            vi=f"“{printed}”: ngày {day:%d/%m/%Y} là {weekday_vi(day)}{tail[0]}",
                            en=f"“{printed}”: {day:%d/%m/%Y} is a {day:%A}{tail[1]}",
                        ),
                        None,
                        line,
                        column,
                    )
                )


def lint(files: Sequence[LoadedFile], sources: Path | None = None) -> LintReport:
    return _Linter(files, sources).run()


def to_sarif(report: LintReport, lang: Lang = "vi") -> dict[str, Any]:
    codes = sorted({f.code for f in report.findings} | set(CODES))
    rules = [
        {"id": c, "name": c.replace("-", "_"), "shortDescription": {"text": CODES.get(c, c)}} for c in codes
    ]
    results = []
    for f in report.findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": Path(f.file).as_posix()}}
        if f.line is not None:
            location["region"] = {"startLine": f.line, **({"startColumn": f.column} if f.column else {})}
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": codes.index(f.code),
                "level": {"error": "error", "warning": "warning", "info": "note"}[f.level],
                "message": {"text": f.message.pick(lang)},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {"lint/v1": f.fingerprint},
                **({"properties": {"rule_id": f.rule_id}} if f.rule_id else {}),
            }
        )
    return sarif_log("compliance-lint", rules, results)


CODES: dict[str, str] = {
    "invalid": "Not valid in the rule language or does not compile",
    "unknown-field": "A field path that does not exist in the report schema",
    "duplicate-id": "A rule id used twice across packs",
    "source-missing": "The cited source document is not in --sources",
    "quote-not-in-source": "The quote is not a verbatim substring of its source",
    "weekday-mismatch": "A date annotated with the wrong weekday",
    "due-differs": "A due date that differs from the quoted date without a recorded correction",
    "due-outside-year": "A deadline outside the pack's school year",
    "due-before-issue": "A deadline before the plan was issued",
    "applies-to-no-unit": "A rule that can apply to no unit",
}

__all__ = ["CODES", "LintFinding", "LintReport", "lint", "to_sarif"]
