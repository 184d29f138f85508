"""Where the bundled data lives: inside the wheel (``compliance/_data``) or, in a source checkout,
at the project root (``rules/``, ``schemas/``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``rules`` or ``schemas``: the installed copy first, then the checkout's."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled '{name}' folder not found next to {_PACKAGE}")


def bundled_rules() -> Path:
    return data_dir("rules")


@cache
def schema(name: str) -> dict[str, Any]:
    """A bundled JSON Schema by file stem: ``report``, ``findings``, ``rule-pack``."""
    with (data_dir("schemas") / f"{name}.schema.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded
