"""compliance — check Vietnamese school reports against the obligations in education plans.

>>> from compliance import Engine
>>> engine = Engine.from_path()              # the bundled rule packs
>>> result = engine.check("examples/")       # paths, folders, documents or report dicts
>>> [f.status for f in result.findings]
"""

from __future__ import annotations

__version__ = "0.1.0"

from compliance.engine import Engine, document_from_data
from compliance.errors import ComplianceError, InputError, Problem, ReportError, RulePackError
from compliance.findings import CheckResult, Evidence, Finding, Status
from compliance.i18n import Text
from compliance.severity import Severity

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
