"""The JSON Schemas this project publishes.

``report`` is written by hand (``schemas/report.schema.json``); ``rule-pack``, ``findings``,
``diff`` (``compliance diff --format json``) and ``waivers`` (``--waivers FILE``) are generated from the pydantic models, and the
committed copies are checked against the models by the test suite (``python -m compliance.schemas``
rewrites them).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel

from compliance.findings import CheckResult
from compliance.resources import data_dir, schema
from compliance.rulepack import RulePack
from compliance.store.diff import AuditDiff
from compliance.waivers import WaiversFile

SCHEMAS = ("report", "findings", "rule-pack", "diff", "waivers")
_GENERATED = ("findings", "rule-pack", "diff", "waivers")
_BASE = "https://compliance.invalid/schemas/"


def build_schema(name: str) -> dict[str, Any]:
    if name == "report":
        return schema("report")
    models: dict[str, type[BaseModel] | type[CheckResult]] = {
        "rule-pack": RulePack,
        "diff": AuditDiff,
        "findings": CheckResult,
        "waivers": WaiversFile,
    }
    model = models[name]
    generated = model.model_json_schema(
        by_alias=True, mode="validation" if name in ("rule-pack", "waivers") else "serialization"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}{name}.schema.json",
        **generated,
    }


def write_generated() -> None:
    folder = data_dir("schemas")
    for name in _GENERATED:
        text = json.dumps(build_schema(name), ensure_ascii=False, indent=2) + "\n"
        (folder / f"{name}.schema.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_generated()
    sys.exit(0)
