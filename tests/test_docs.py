"""The docs say what the code does: generated parts are current, embedded examples are the files."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from builders import ROOT

DOC = ROOT / "docs" / "report-format.md"


def _fields_script() -> object:
    spec = importlib.util.spec_from_file_location("report_fields", ROOT / "scripts" / "report_fields.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_field_reference_is_generated_from_the_current_schema() -> None:
    script: object = _fields_script()
    text = DOC.read_text(encoding="utf-8")
    assert script.updated(text) == text, "run: python scripts/report_fields.py"  # type: ignore[attr-defined]


def test_the_complete_example_is_the_example_file_itself() -> None:
    text = DOC.read_text(encoding="utf-8")
    (name,) = re.findall(r"^`(examples/[^`]+\.yaml)`:$", text, re.MULTILINE)
    block = re.search(r"```yaml\n(.*?)```", text[text.index(name) :], re.DOTALL)
    assert block is not None and block.group(1) == Path(ROOT / name).read_text(encoding="utf-8")
