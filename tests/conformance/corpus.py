"""The conformance corpus: what the engine must conclude, written from the plans' text.

Each ``<kind>/*.yaml`` file holds one rule and the cases written from one passage of a plan:

.. code-block:: yaml

    plan: "002 §C.II"                     # where the passage is
    quote: "học kỳ I trước ngày 03/01/2023 (thứ Tư)"   # verbatim (checked against shared/seeds)
    pack: {parameters: {…}}              # optional: merged over the corpus's pack head
    rule: {check: {…}, applies_to: {…}}  # title, source, remediation are filled in
    defaults: {kind: BC_SO_KET_HK1}      # optional: merged into every document of every case
    cases:
      - name: nộp đúng ngày in kèm thứ là đúng hạn
        as_of: 2024-01-31
        documents: [{received_at: 2024-01-03}]
        expect: {status: pass, says: "đúng hạn", notes: ["Nhận đúng ngày 03/01/2024"]}

The corpus knows nothing of the engine's internals: a case is a rule, reports, a date and the
expected finding. Every case runs against every registered evaluator.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import PACK_HEAD, SCHOOL
from compliance import Engine, Finding, evaluators
from compliance.compiler import compile_packs
from compliance.engine import document_from_data
from compliance.loading import load_file, load_text

CORPUS = Path(__file__).resolve().parent
EVALUATORS = evaluators.names()  # every registered back end


@dataclass(frozen=True)
class Case:
    file: Path
    plan: str
    quote: str
    pack: dict[str, Any]
    rule: dict[str, Any]
    name: str
    as_of: dt.date
    documents: list[dict[str, Any]]
    status: str
    says: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file.stem}: {self.name}"


def merge(base: Any, over: Any) -> Any:
    """Objects merged key by key; anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(over)


def cases(kind: str) -> list[Case]:
    found = []
    for path in sorted((CORPUS / kind).glob("*.yaml")):
        spec = load_file(path).data  # our loader: dates stay text, as in a report file
        for raw in spec["cases"]:
            expect = raw["expect"] if isinstance(raw["expect"], dict) else {"status": raw["expect"]}
            says = expect.get("says", [])
            found.append(
                Case(
                    file=path,
                    plan=spec["plan"],
                    quote=spec["quote"],
                    pack=spec.get("pack", {}),
                    rule=spec["rule"],
                    name=raw["name"],
                    as_of=dt.date.fromisoformat(raw["as_of"]),
                    documents=[merge(spec.get("defaults", {}), d) for d in raw.get("documents", [{}])],
                    status=expect["status"],
                    says=[says] if isinstance(says, str) else list(says),
                    notes=list(expect.get("notes", [])),
                    params=raw.get("params", {}),
                )
            )
    return found


def rule_of(case: Case) -> dict[str, Any]:
    base = {
        "id": "CASE-1",
        "title": {"vi": "Tiêu chí của bộ kiểm thử", "en": "Conformance rule"},
        "severity": "high",
        "applies_to": {"unit_types": ["TRUONG"]},
        "source": {"document": PACK_HEAD["document"]["seed"], "section": case.plan, "quote": case.quote},
        "remediation": {"vi": "Khắc phục theo kế hoạch.", "en": "Do what the plan asks."},
    }
    merged: dict[str, Any] = merge(base, case.rule)
    return merged


_ENGINES: dict[tuple[str, str, str], Engine] = {}


def engine(case: Case, evaluator: str) -> Engine:
    head = merge(PACK_HEAD, case.pack)
    text = yaml.safe_dump({**head, "rules": [rule_of(case)]}, allow_unicode=True, sort_keys=False)
    key = (text, evaluator, repr(sorted(case.params.items())))
    if key not in _ENGINES:
        params = {f"{head['pack']}.{k}": v for k, v in case.params.items()}
        loaded = load_text(text, name=f"{case.file.stem}.yaml", format="yaml")
        _ENGINES[key] = Engine(compile_packs([loaded], params=params), engine=evaluator)
    return _ENGINES[key]


def finding(case: Case, evaluator: str) -> Finding:
    docs = [
        document_from_data(merge(SCHOOL, d), name=f"{case.file.stem}-{i + 1}.yaml")
        for i, d in enumerate(case.documents)
    ]
    result = engine(case, evaluator).check(docs, as_of=case.as_of)
    (found,) = [f for f in result.findings if f.rule_id == "CASE-1"]
    return found


def check(case: Case, evaluator: str) -> None:
    """The case's expectation holds for ``evaluator``: status, words of the message, notes."""
    found = finding(case, evaluator)
    shown = f"{found.status.value}: {found.message.vi} | notes: {[n.vi for n in found.notes]}"
    assert found.status.value == case.status, shown
    for words in case.says:
        assert words in found.message.vi or words in found.message.en, shown
    for words in case.notes:
        assert any(words in n.vi or words in n.en for n in found.notes), shown


def parametrize(kind: str) -> pytest.MarkDecorator:
    found = cases(kind)
    return pytest.mark.parametrize(
        ("case", "evaluator"),
        [pytest.param(c, e, id=f"{c.id} [{e}]") for c in found for e in EVALUATORS],
    )


def close_engines() -> None:
    for e in _ENGINES.values():
        e.close()
    _ENGINES.clear()
