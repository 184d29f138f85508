"""Shared fixtures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from compliance import Engine
from compliance.portfolio import Document


@pytest.fixture
def statuses() -> Callable[..., list[str]]:
    """Check documents with an engine and list the statuses of its findings."""

    def run(engine: Engine, *documents: Document, as_of: dt.date = dt.date(2024, 6, 30)) -> list[str]:
        result = engine.check(list(documents), as_of=as_of)
        return [f.status.value for f in result.findings]

    return run


@pytest.fixture(scope="session")
def bundled_engine() -> Engine:
    return Engine.from_path()
