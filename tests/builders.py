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
RULES = ROOT / "rules"

PACK_HEAD: dict[str, Any] = {
    "pack": "kiem-thu",
    "title": {"vi": "Gói luật kiểm thử", "en": "Test pack"},
    "document": {
        "seed": "002_ef403fffc9314121.txt",
        "title": "Kế hoạch kiểm thử",
        "issuer": {"name": "Phòng GDĐT quận Thanh Xuân", "issued_on": "2023-09-21"},
        "school_year": "2023-2024",
        "jurisdiction": {"province": "Hà Nội", "district": "Thanh Xuân"},
    },
}

SCHOOL: dict[str, Any] = {
    "schema_version": "1",
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
}


def rule(check: dict[str, Any], *, rule_id: str = "R-1", **extra: Any) -> dict[str, Any]:
    """A rule for schools with the given check."""
    return {
        "id": rule_id,
        "title": {"vi": "Luật kiểm thử", "en": "Test rule"},
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
