"""Rule packs test themselves: each rule's ``tests`` are small portfolios with the status the rule
must give them. This module runs those cases through the real engine (no mocks, no shortcuts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compliance.compiler import parse_pack
from compliance.engine import Engine, applicable_packs, document_from_data
from compliance.errors import InputError
from compliance.findings import Finding
from compliance.judge import judge
from compliance.loading import LoadedFile
from compliance.portfolio import group


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


def run_cases(
    engine: Engine, files: Sequence[LoadedFile], rule_ids: set[str] | None = None
) -> list[CaseResult]:
    """Run every test case of the packs in ``files`` (already compiled into ``engine``)."""
    results: list[CaseResult] = []
    for file in files:
        pack = parse_pack(file)
        for rule in pack.rules:
            if rule_ids is not None and rule.id not in rule_ids:
                continue
            compiled = engine.program.rules_by_id[rule.id]
            for case in rule.tests:
                base = {
                    "pack": pack.pack,
                    "file": file.name,
                    "rule_id": rule.id,
                    "name": case.name,
                    "expected": case.expect,
                }
                try:
                    docs = [
                        document_from_data(
                            deep_merge(pack.test_defaults, doc), name=f"{rule.id} · {case.name} · #{i + 1}"
                        )
                        for i, doc in enumerate(case.documents or [{}])
                    ]
                except InputError as exc:
                    results.append(
                        CaseResult(**base, actual="invalid", finding=None, detail=exc.render("en"))
                    )
                    continue
                portfolios = group(docs)
                if len(portfolios) != 1:
                    results.append(
                        CaseResult(
                            **base,
                            actual="invalid",
                            finding=None,
                            detail="a test case must describe one unit and one school year",
                        )
                    )
                    continue
                portfolio = portfolios[0]
                if pack.pack not in {p.id for p in applicable_packs(engine.program, portfolio)}:
                    results.append(
                        CaseResult(
                            **base,
                            actual="out_of_scope",
                            finding=None,
                            detail="the pack does not cover this unit's school year or place",
                        )
                    )
                    continue
                matches = engine.evaluator.evaluate([compiled], portfolio)
                finding = judge(compiled, portfolio, matches, case.as_of)
                results.append(CaseResult(**base, actual=finding.status.value, finding=finding))
    return results
