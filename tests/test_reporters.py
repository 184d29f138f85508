"""reporters/__init__.py: every registered format renders a check as well as an audit, and the
commands offer exactly the formats their registries hold."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from builders import EXAMPLES
from compliance import CheckResult, Engine
from compliance.audit import EngineSpec, audit
from compliance.cli import build_parser
from compliance.reporters import LINT_REPORTERS, REPORTERS, RULETEST_REPORTERS, render, text


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
    sub.format_help()  # a command's options are registered when it is first used
    (fmt,) = [a for a in sub._actions if a.dest == "format"]
    assert list(fmt.choices) == list(registry) and fmt.default == next(iter(registry))


# ----------------------------------------------------------------------------- problem codes in every format


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, bundled_engine: Engine) -> CheckResult:
    """An audit of a folder holding one report whose YAML is broken."""
    folder = tmp_path_factory.mktemp("bao-cao")
    (folder / "hong.yaml").write_text("kind: BC_SO_KET_HK1\nsubmitter: [\n", encoding="utf-8")
    return audit([folder], spec=EngineSpec(), as_of=dt.date(2024, 6, 30), jobs=1, engine=bundled_engine)


def test_unreadable_document_is_listed_in_text_with_its_code(broken: CheckResult) -> None:
    listed = text.render(broken, width=400)  # the temporary folder's path is long
    assert re.search(r"hong\.yaml:\d+:\d+ \[yaml-syntax\] lỗi cú pháp YAML", listed)


def test_unreadable_document_carries_its_code_as_a_sarif_property(broken: CheckResult) -> None:
    (result,) = json.loads(render(broken, "sarif"))["runs"][0]["results"]
    assert result["properties"] == {"code": "yaml-syntax"}


def test_unreadable_document_carries_its_code_in_junit(broken: CheckResult) -> None:
    (error,) = ET.fromstring(render(broken, "junit")).iter("error")
    assert "[yaml-syntax]" in (error.text or "")


def test_unreadable_document_carries_its_code_in_the_json(broken: CheckResult) -> None:
    assert [p["code"] for p in json.loads(render(broken, "json"))["problems"]] == ["yaml-syntax"]
