"""Rule packs test themselves: each rule's ``tests`` are small portfolios with the status the rule
must give them. This module runs those cases through the real engine (no mocks, no shortcuts).

A rule with no case at all is never silently taken for a tested one: the report lists it
(:attr:`RuleTestReport.untested`), every reporter shows it, and when no case ran at all
:attr:`RuleTestReport.nothing_tested` makes ``compliance test`` exit 1. ``--threshold`` turns any
rule without both a passing and a failing example into exit 1."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from compliance.compiler import compile_packs, parse_pack
from compliance.engine import Engine, applicable_packs, document_from_data
from compliance.errors import InputError
from compliance.findings import Finding, Status
from compliance.loading import LoadedFile
from compliance.portfolio import as_of_view, group
from compliance.rulepack import RulePack, RuleTest


@dataclass(frozen=True, slots=True)
class CaseResult:
    pack: str
    file: str
    rule_id: str
    name: str
    expected: str
    actual: str  # a status, or "invalid" when the case's documents are not valid reports
    finding: Finding | None
    detail: str | None = None  # why the case could not run
    line: int | None = None  # where the case is written in the pack

    @property
    def passed(self) -> bool:
        return self.actual == self.expected


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Objects merge key by key; lists and scalars in ``override`` replace the base's."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which rules have at least one passing and one failing example."""

    rules: int
    covered: int
    lacking: dict[str, list[str]]  # rule id -> the statuses it has no example of ("pass", "fail")

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.rules if self.rules else 100.0


_COVERING = (Status.pass_.value, Status.fail.value)  # a covered rule has an example of each


def coverage(rule_ids: list[str], results: list[CaseResult]) -> Coverage:
    have: dict[str, set[str]] = {rule: set() for rule in rule_ids}
    for result in results:
        if result.passed and result.rule_id in have:
            have[result.rule_id].add(result.expected)
    lacking = {rule: [s for s in _COVERING if s not in kinds] for rule, kinds in have.items()}
    lacking = {rule: missing for rule, missing in lacking.items() if missing}
    return Coverage(rules=len(rule_ids), covered=len(rule_ids) - len(lacking), lacking=lacking)


@dataclass(frozen=True, slots=True)
class UntestedRule:
    """A rule whose ``tests`` is empty, and where it is written."""

    pack: str
    file: str
    rule_id: str
    line: int | None


def untested_rules(files: Sequence[LoadedFile]) -> list[UntestedRule]:
    """The rules of the packs in ``files`` that have no test case."""
    found: list[UntestedRule] = []
    for file in files:
        pack = parse_pack(file)
        for index, rule in enumerate(pack.rules):
            if not rule.tests:
                line, _ = file.source_map.locate(f"/rules/{index}/id")
                found.append(UntestedRule(pack.pack, file.name, rule.id, line))
    return found


@dataclass(frozen=True, slots=True)
class RuleTestReport:
    """Every case of some packs, the coverage of their rules, the rules without any case, and the
    threshold asked for."""

    results: list[CaseResult]
    coverage: Coverage
    threshold: float | None = None  # percent of rules that must be covered
    untested: list[UntestedRule] = field(default_factory=list)

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    @property
    def nothing_tested(self) -> bool:
        """No case ran at all: nothing was shown to work (``compliance test`` exits 1)."""
        return not self.results

    @property
    def below(self) -> bool:
        """The coverage is under the threshold."""
        return self.threshold is not None and self.coverage.percent < self.threshold


def run_pack_tests(
    files: Sequence[LoadedFile], *, threshold: float | None = None, engine: Engine | None = None
) -> RuleTestReport:
    """Run the cases of the packs in ``files`` (compiled into ``engine``, or here when not given)."""
    results = run_cases(engine or Engine(compile_packs(files)), files)
    rule_ids = [r.id for f in files for r in parse_pack(f).rules]
    return RuleTestReport(results, coverage(rule_ids, results), threshold, untested_rules(files))


def run_cases(
    engine: Engine, files: Sequence[LoadedFile], rule_ids: set[str] | None = None
) -> list[CaseResult]:
    """Run every test case of the packs in ``files`` (already compiled into ``engine``)."""
    results: list[CaseResult] = []
    for file in files:
        pack = parse_pack(file)
        for index, rule in enumerate(pack.rules):
            if rule_ids is not None and rule.id not in rule_ids:
                continue
            for number, case in enumerate(rule.tests):
                line, _ = file.source_map.locate(f"/rules/{index}/tests/{number}")
                actual, finding, detail = _run(engine, pack, rule.id, case)
                results.append(
                    CaseResult(
                        pack.pack, file.name, rule.id, case.name, case.expect, actual, finding, detail, line
                    )
                )
    return results


def _run(
    engine: Engine, pack: RulePack, rule_id: str, case: RuleTest
) -> tuple[str, Finding | None, str | None]:
    """(status or "invalid"/"out_of_scope", the finding, why it could not run) of one case."""
    try:
        docs = [
            document_from_data(
                deep_merge(pack.test_defaults, doc), name=f"{rule_id} · {case.name} · #{i + 1}"
            )
            for i, doc in enumerate(case.documents or [{}])
        ]
    except InputError as exc:
        return "invalid", None, exc.render("en")
    portfolios = group(docs)
    if len(portfolios) != 1:
        return "invalid", None, "a test case must describe one unit and one school year"
    portfolio, _ = as_of_view(portfolios[0], case.as_of)
    if pack.pack not in {p.id for p in applicable_packs(engine.program, portfolio)}:
        return "out_of_scope", None, "the pack does not cover this unit's school year or place"
    (finding,), _ = engine.check_rules([engine.program.rules_by_id[rule_id]], portfolio, as_of=case.as_of)
    return finding.status.value, finding, None
