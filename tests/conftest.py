"""Shared fixtures, and the CI rule that nothing skips."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Generator
from typing import Any

import pytest

from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Engine
from compliance.audit import EngineSpec, audit
from compliance.portfolio import Document
from compliance.roster import load_roster


@pytest.fixture(scope="session", autouse=True)
def _program_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The command line caches compiled programs (compliance.cache): the tests' go to a folder of
    their own (children inherit it), never to the user's cache."""
    os.environ["COMPLIANCE_CACHE_DIR"] = str(tmp_path_factory.mktemp("program-cache"))


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


@pytest.fixture(scope="session")
def example_audit(bundled_engine: Engine) -> CheckResult:
    """The bundled examples audited against their roster on 30/06/2024: findings of every status,
    a roster unit that sent nothing; what most reporter tests render."""
    return audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=dt.date(2024, 6, 30),
        roster=load_roster(ROSTER),
        jobs=1,
        engine=bundled_engine,
    )


@pytest.fixture(scope="session")
def early_audit(bundled_engine: Engine) -> CheckResult:
    """Kim Giang audited on 02/01/2024, before its deadlines: pending findings."""
    return audit(
        [EXAMPLES / "th-kim-giang"],
        spec=EngineSpec(),
        as_of=dt.date(2024, 1, 2),
        jobs=1,
        engine=bundled_engine,
    )


@pytest.fixture(scope="session")
def unreadable_audit(bundled_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    """Hoa Sen's reports beside a file that is not YAML (hong.yaml) and a JSON report with a
    misspelt key (sai.json): an audit with two unreadable documents."""
    folder = tmp_path_factory.mktemp("unreadable") / "bao-cao"
    shutil.copytree(EXAMPLES / "mn-hoa-sen", folder)
    (folder / "hong.yaml").write_text("kind: [\n", encoding="utf-8")
    (folder / "sai.json").write_text('{"kind": "BC_SO_KET_HK1", "school_yea": "2023-2024"}', encoding="utf-8")
    return audit([folder], spec=EngineSpec(), as_of=dt.date(2024, 6, 30), jobs=1, engine=bundled_engine)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """With ``COMPLIANCE_NO_SKIP=1`` (``.ci/run`` sets it) a skipped test fails, with its reason:
    on CI every file and extra is present, so a skip would hide a test that never ran."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("COMPLIANCE_NO_SKIP") and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped on CI (COMPLIANCE_NO_SKIP=1): {report.longrepr}"
