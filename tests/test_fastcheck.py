"""The fast validity check never lets an invalid report through, and passes the valid ones."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import EXAMPLES
from compliance.loading import load_file
from compliance.validate import fast_check, report_validator
from strategies import reports

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def checks() -> tuple[Any, Any]:
    fast = fast_check()
    assert fast is not None, "the report schema should compile to the fast check"
    return fast, report_validator()


def test_example_reports_take_the_fast_path() -> None:
    fast, _ = checks()
    for path in sorted(EXAMPLES.rglob("*.*")):
        assert fast(load_file(path).data), path


@SETTINGS
@given(reports())
def test_generated_valid_reports_take_the_fast_path(report: dict[str, Any]) -> None:
    fast, full = checks()
    assert full.is_valid(report) and fast(report)


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found = [(path, value)] if isinstance(value, dict | list) else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _containers(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _containers(v, (*path, i))
    return found


MUTATIONS = st.sampled_from(
    [
        "unknown-key",
        "extension-key",
        "drop-key",
        "to-string",
        "to-number",
        "to-bool",
        "to-null",
        "bad-date",
        "bad-code",
        "duplicate-item",
        "negative",
        "float",
        "empty-string",
        "nested-list",
    ]
)


@SETTINGS
@given(reports(), MUTATIONS, st.randoms(use_true_random=False))
def test_a_mutated_report_is_never_passed_when_jsonschema_rejects_it(
    report: dict[str, Any], mutation: str, rng: Any
) -> None:
    fast, full = checks()
    doc = copy.deepcopy(report)
    path, target = rng.choice(_containers(doc))
    if isinstance(target, dict):
        key = rng.choice(sorted(target)) if target else None
        if mutation == "unknown-key":
            target["khong_co"] = 1
        elif mutation == "extension-key":
            target["x-ghi-chu"] = {"any": ["thing"]}
        elif mutation == "drop-key" and key:
            del target[key]
        elif key:
            target[key] = {
                "to-string": "chín",
                "to-number": 9,
                "to-bool": True,
                "to-null": None,
                "bad-date": "2024-02-30",
                "bad-code": "KHONG_CO",
                "negative": -1,
                "float": 5.0,
                "empty-string": "",
                "nested-list": [[1]],
                "duplicate-item": [target[key], target[key]],
            }[mutation]
    elif target:
        target.append(target[0]) if mutation == "duplicate-item" else target.insert(
            0, {"to-null": None}.get(mutation, 7)
        )
    assert not (fast(doc) and not full.is_valid(doc)), (mutation, path)
