"""reporters/__init__.py: every registered format renders a check as well as an audit, and the
commands offer exactly the formats their registries hold."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import EXAMPLES
from compliance import CheckResult, Engine
from compliance.cli import build_parser
from compliance.reporters import LINT_REPORTERS, REPORTERS, RULETEST_REPORTERS, render


@pytest.mark.parametrize("fmt", ["text", "json", "html", "csv", "sarif", "junit", "xlsx"])
def test_every_reporter_renders_a_check_result_too(bundled_engine: Engine, fmt: str) -> None:
    checked = bundled_engine.check(str(EXAMPLES / "th-kim-giang"), as_of=dt.date(2024, 6, 30))
    assert render(checked, fmt, "en")


def test_the_unreadable_audit_that_reporter_tests_render_has_two_unreadable_documents(
    unreadable_audit: CheckResult,
) -> None:
    assert len(unreadable_audit.problems) > 2
    assert unreadable_audit.audit is not None and unreadable_audit.audit.unreadable == 2


@pytest.mark.parametrize(
    ("command", "registry"),
    [("check", REPORTERS), ("audit", REPORTERS), ("lint", LINT_REPORTERS), ("test", RULETEST_REPORTERS)],
)
def test_each_command_offers_the_formats_of_its_registry(command: str, registry: dict[str, object]) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]  # type: ignore[index]
    (fmt,) = [a for a in sub._actions if a.dest == "format"]
    assert list(fmt.choices) == list(registry) and fmt.default == next(iter(registry))
