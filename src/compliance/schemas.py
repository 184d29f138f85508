"""The JSON Schemas this project publishes.

``report`` is written by hand (``schemas/report.schema.json``); ``rule-pack`` and ``findings`` are
generated from the pydantic models, and the committed copies are checked against the models by
the test suite (``python -m compliance.schemas`` rewrites them).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from compliance.findings import CheckResult
from compliance.resources import data_dir, schema
from compliance.rulepack import RulePack

SCHEMAS = ("report", "findings", "rule-pack")
_BASE = "https://compliance.invalid/schemas/"


def build_schema(name: str) -> dict[str, Any]:
    if name == "report":
        return schema("report")
    model = RulePack if name == "rule-pack" else CheckResult
    generated = model.model_json_schema(
        by_alias=True, mode="validation" if name == "rule-pack" else "serialization"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}{name}.schema.json",
        **generated,
    }


def write_generated() -> None:
    folder = data_dir("schemas")
    for name in ("findings", "rule-pack"):
        text = json.dumps(build_schema(name), ensure_ascii=False, indent=2) + "\n"
        (folder / f"{name}.schema.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_generated()
    sys.exit(0)
