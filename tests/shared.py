"""Files the project cites but does not hold: the five source plans and the official schemas.

They live in ``shared/`` beside the checkout (``shared/seeds``, ``shared/vendor``), where CI and
every developer have them, or wherever ``COMPLIANCE_SHARED`` points. Without them only the tests
that read them skip, each saying how to supply the files (on CI, ``COMPLIANCE_NO_SKIP=1`` turns
every skip into a failure: see ``conftest.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMPLIANCE_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
SARIF_SCHEMA = SHARED / "vendor" / "sarif-schema-2.1.0.json"
JUNIT_XSD = SHARED / "vendor" / "JUnit.xsd"
OBLIGATIONS = SHARED / "docs" / "obligations.json"


def shared(path: Path) -> Path:
    """``path`` (below :data:`SHARED`) when it exists; otherwise skip the test with a reason that
    says how to supply it."""
    if path.exists():
        return path
    reason = (
        f"{path} is absent: put the project's shared/ folder (seeds/, vendor/, docs/) beside the "
        "checkout, or set COMPLIANCE_SHARED=/path/to/shared"
    )
    pytest.skip(reason)
