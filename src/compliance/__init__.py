"""compliance — check Vietnamese school reports against the obligations in education plans.

>>> from compliance import Engine
>>> engine = Engine.from_path()              # the bundled rule packs
>>> result = engine.check("examples/")       # paths, folders, documents or report dicts
>>> [f.status for f in result.findings]

Importing the package imports nothing else: each public name is imported from its module on
first use, so ``compliance --version`` and the durable-rules worker processes, which import
submodules of this package, do not pay for the engine, pydantic or jsonschema.
"""

from __future__ import annotations

import importlib

from compliance._version import __version__

TYPE_CHECKING = False  # as typing.TYPE_CHECKING (mypy reads the name), without importing typing
if TYPE_CHECKING:
    from typing import Any

    from compliance.engine import Engine, document_from_data
    from compliance.errors import ComplianceError, InputError, Problem, ReportError, RulePackError
    from compliance.findings import CheckResult, Evidence, Finding, Status
    from compliance.i18n import Text
    from compliance.severity import Severity

# public name → the module that defines it
_HOMES = {
    "CheckResult": "compliance.findings",
    "ComplianceError": "compliance.errors",
    "Engine": "compliance.engine",
    "Evidence": "compliance.findings",
    "Finding": "compliance.findings",
    "InputError": "compliance.errors",
    "Problem": "compliance.errors",
    "ReportError": "compliance.errors",
    "RulePackError": "compliance.errors",
    "Severity": "compliance.severity",
    "Status": "compliance.findings",
    "Text": "compliance.i18n",
    "document_from_data": "compliance.engine",
}

__all__ = [
    "CheckResult",
    "ComplianceError",
    "Engine",
    "Evidence",
    "Finding",
    "InputError",
    "Problem",
    "ReportError",
    "RulePackError",
    "Severity",
    "Status",
    "Text",
    "__version__",
    "document_from_data",
]


if not TYPE_CHECKING:  # mypy sees the names above, and flags any other

    def __getattr__(name: str) -> Any:
        """Import a public name's module on first access, and keep the name here for the next."""
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module 'compliance' has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
