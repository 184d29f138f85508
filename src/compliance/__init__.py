"""compliance — check Vietnamese school reports against the obligations in education plans.

>>> from compliance import Engine
>>> engine = Engine.from_path()              # the bundled rule packs
>>> result = engine.check("examples/")       # paths, folders, documents or report dicts
>>> [f.status for f in result.findings]
"""

from __future__ import annotations

__version__ = "0.1.0"

from compliance.engine import Engine, document_from_data  # noqa: E402
from compliance.errors import ComplianceError, InputError, Problem, ReportError, RulePackError  # noqa: E402
from compliance.findings import CheckResult, Evidence, Finding, Status  # noqa: E402
from compliance.i18n import Text  # noqa: E402
from compliance.rulepack import Severity  # noqa: E402

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
