"""Builders for tests: small rule packs and reports written the way users write them."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance import Engine
from compliance.compiler import compile_packs
from compliance.engine import document_from_data
from compliance.loading import load_text
from compliance.portfolio import Document
from compliance.program import Program

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"
ROSTER = (
    ROOT / "examples" / "roster-thanh-xuan-2023-2024.csv"
)  # the examples' units, and one that sent nothing
RULES = ROOT / "rules"
LINT_FIXTURES = ROOT / "tests" / "fixtures" / "lint"  # one failing pack per lint check
LINT_SEEDS = LINT_FIXTURES / "seeds"  # the plans those packs quote

PACK_HEAD: dict[str, Any] = {
    "pack": "kiem-thu",
    "title": {"vi": "Bộ tiêu chí kiểm thử", "en": "Test pack"},
    "document": {
        "seed": "002_ef403fffc9314121.txt",
        "title": "Kế hoạch kiểm thử",
        "issuer": {"name": "Phòng GDĐT quận Thanh Xuân", "issued_on": "2023-09-21"},
        "school_year": "2023-2024",
        "jurisdiction": {"province": "Hà Nội", "district": "Thanh Xuân"},
    },
}

SCHOOL: dict[str, Any] = {
    "schema_version": "2",
    "kind": "HO_SO_MINH_CHUNG",
    "school_year": "2023-2024",
    "received_at": "2023-10-16",
    "submitter": {
        "unit_id": "VN-HN-TX-THCS-NHANCHINH",
        "unit_name": "Trường THCS Nhân Chính",
        "unit_type": "TRUONG",
        "school_levels": ["THCS"],
        "province": "Hà Nội",
        "district": "Thanh Xuân",
    },
    "document": {"so_hieu": "15/BC-THCSNC"},  # version 2: a report (BC_…) states its number
}
# the same school's report as version 1 wrote it: no schema_version, no document number
SCHOOL_V1: dict[str, Any] = {k: v for k, v in SCHOOL.items() if k not in ("schema_version", "document")}


def rule(check: dict[str, Any], *, rule_id: str = "R-1", **extra: Any) -> dict[str, Any]:
    """A rule for schools with the given check."""
    return {
        "id": rule_id,
        "title": {"vi": "Tiêu chí kiểm thử", "en": "Test rule"},
        "severity": "high",
        "applies_to": {"unit_types": ["TRUONG"]},
        "source": {
            "document": "002_ef403fffc9314121.txt",
            "section": "C.II",
            "quote": "Đăng ký tổ chức mô hình điểm",
        },
        "check": check,
        "remediation": {"vi": "Khắc phục.", "en": "Fix it."},
        **extra,
    }


def pack_text(*rules: dict[str, Any], **head: Any) -> str:
    return yaml.safe_dump({**PACK_HEAD, **head, "rules": list(rules)}, allow_unicode=True, sort_keys=False)


def engine_for(*rules: dict[str, Any], params: dict[str, Any] | None = None, **head: Any) -> Engine:
    loaded = load_text(pack_text(*rules, **head), name="kiem-thu.yaml", format="yaml")
    return Engine(compile_packs([loaded], params=params))


def report(**fields: Any) -> dict[str, Any]:
    """A school's report: SCHOOL merged with ``fields`` (top-level keys replace)."""
    data = copy.deepcopy(SCHOOL)
    data.update(fields)
    return data


def reported_by(data: dict[str, Any], **submitter: Any) -> dict[str, Any]:
    """A copy of the report ``data`` whose submitter has ``submitter``'s fields instead."""
    return {**data, "submitter": {**data["submitter"], **submitter}}


def doc(**fields: Any) -> Document:
    return document_from_data(report(**fields), name=f"{fields.get('kind', 'HO_SO')}.yaml")


@contextmanager
def failing_durable(program: Program) -> Iterator[Engine]:
    """A durable-rules engine whose worker never starts in time: every evaluation fails, as when
    durable-rules crashes, so the engine must give ``error`` findings, never raise."""
    pytest.importorskip("durable", reason="durable-rules is not installed")
    with Engine(program, engine="durable") as engine:
        evaluator: Any = engine.evaluator
        evaluator.timeout = 0.001  # not even Python starts that fast
        yield engine


# -- a rule pack that tests itself: one rule (a fire drill is required) and examples of it

DRILL = {"kind": "THUC_TAP_PACC", "held_on": "2023-11-09", "scenarios": ["Cháy phòng thí nghiệm"]}
DRILL_DEFAULTS = {**SCHOOL, "received_at": "2024-05-20"}  # the pack's test_defaults
_DRILL_REQUIRED = {
    "required": {"select": {"collection": "drills", "where": {"field": "kind", "eq": "THUC_TAP_PACC"}}}
}


def drill_case(name: str, expect: str, drills: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """An example of the drill rule: one document with ``drills``, judged on 30/06/2024."""
    document = {"drills": drills, **extra}
    return {"name": name, "as_of": "2024-06-30", "documents": [document], "expect": expect}


DRILL_HELD = drill_case("đã thực tập phương án chữa cháy", "pass", [DRILL])
DRILL_NONE = drill_case("cả năm không thực tập", "fail", [])


def drill_pack(tmp_path: Path, *tests: dict[str, Any], name: str = "pccc.yaml") -> Path:
    """A pack file whose one rule (PCCC-1) carries the examples ``tests``."""
    data = {
        **PACK_HEAD,
        "test_defaults": DRILL_DEFAULTS,
        "rules": [rule(_DRILL_REQUIRED, rule_id="PCCC-1", tests=list(tests))],
    }
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
