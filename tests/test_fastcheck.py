"""The fast validity check (jsonschema-rs) never lets an invalid report through, and passes the valid
ones."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import EXAMPLES, SCHOOL, report
from compliance.loading import load_file
from compliance.validate import fast_check, report_validator
from strategies import reports

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def checks() -> tuple[Any, Any]:
    return fast_check(), report_validator()


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
        "far-date",
        "full-width-digits",
        "invisible-character",
        "huge-number",
        "no-levels",
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
        elif mutation == "no-levels" and "school_levels" in target:
            if rng.random() < 0.5:
                del target["school_levels"]
            else:
                target["school_levels"] = []
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
                "far-date": "9999-12-31T23:00:00-05:00",
                "full-width-digits": "２０２３-２０２４",
                "invisible-character": "Thanh\u200bXuân",
                "huge-number": 10**400,
                "no-levels": target[key],
            }[mutation]
    elif target:
        target.append(target[0]) if mutation == "duplicate-item" else target.insert(
            0, {"to-null": None}.get(mutation, 7)
        )
    assert not (fast(doc) and not full.is_valid(doc)), (mutation, path)


BOUNDS = [
    ("received_at", "1899-12-31", False),
    ("received_at", "1900-01-01", True),
    ("received_at", "2100-12-31T23:00:00-05:00", True),
    ("received_at", "2101-01-01", False),
    ("received_at", "2024-01-05T10:20:00+07:00\n", False),
    ("received_at", "２０２４-01-05", False),
    ("school_year", "2023-2024\n", False),
    ("school_year", "２０２３-２０２４", False),
    ("school_year", "2100-2101", False),
    ("briefings", [{"group": "GV", "total": 10**9, "reached": 0}], True),
    ("briefings", [{"group": "GV", "total": 10**9 + 1, "reached": 0}], False),
    ("briefings", [{"group": "GV", "total": 10**400, "reached": 0}], False),
    ("recipients", ["VN-HN-PGDDT-THANHXUAN\u200e"], False),
    ("recipients", ["VN-HN-PGDDT-THANHXUAN"], True),
]


@pytest.mark.parametrize(("field", "value", "valid"), BOUNDS)
def test_the_fast_check_agrees_with_jsonschema_on_the_bounds(field: str, value: Any, valid: bool) -> None:
    fast, full = checks()
    doc = report(**{field: value})
    assert full.is_valid(doc) is valid and fast(doc) is valid


@pytest.mark.parametrize(
    ("unit_type", "levels", "valid"),
    [
        ("TRUONG", None, False),
        ("TRUONG", [], False),
        ("TRUONG", ["TH"], True),
        ("PHONG_GDDT", None, True),
        ("PHONG_GDDT", [], True),
    ],
)
def test_the_fast_check_agrees_with_jsonschema_on_school_levels(
    unit_type: str, levels: list[str] | None, valid: bool
) -> None:
    fast, full = checks()
    submitter = {k: v for k, v in SCHOOL["submitter"].items() if k != "school_levels"}
    submitter["unit_type"] = unit_type
    if levels is not None:
        submitter["school_levels"] = levels
    doc = report(submitter=submitter)
    assert full.is_valid(doc) is valid and fast(doc) is valid
