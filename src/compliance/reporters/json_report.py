"""JSON: the findings schema (``schemas/findings.schema.json``), stable and documented."""

from __future__ import annotations

from compliance.findings import CheckResult
from compliance.i18n import Lang


def render(result: CheckResult, lang: Lang = "vi") -> str:
    """Both languages are always present in JSON; ``lang`` is accepted for a uniform signature."""
    del lang
    return result.model_dump_json(indent=2) + "\n"
