"""The registry of check kinds is the one list: the rule language, the IR and the docs agree with it."""

from __future__ import annotations

import re
import typing

import pytest

from builders import ROOT
from compliance import checks
from compliance.schemas import build_schema


def test_the_rule_pack_schema_offers_exactly_the_registered_kinds_in_order() -> None:
    check = build_schema("rule-pack")["$defs"]["Check"]
    assert list(check["properties"]) == list(checks.KINDS)
    assert check["additionalProperties"] is False


def test_the_ir_union_has_one_member_per_registered_kind() -> None:
    assert typing.get_args(checks.Check) == tuple(kind.ir for kind in checks.KINDS.values())


def test_the_rule_language_docs_have_a_section_per_kind_in_order() -> None:
    text = (ROOT / "docs" / "rule-language.md").read_text(encoding="utf-8")
    sections = text.split("## Check kinds", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^### `(\w+)`", sections, re.MULTILINE) == list(checks.KINDS)


def test_each_kind_lives_in_the_package_named_after_it() -> None:
    for name, kind in checks.KINDS.items():
        assert kind.name == name
        assert (
            kind.ir.__module__
            == kind.judge.__module__
            == kind.compile.__module__
            == f"compliance.checks.{name}"
        )
        assert kind.spec.__module__ == f"compliance.checks.{name}.spec"


def test_an_unknown_kind_is_refused_with_the_kinds_there_are() -> None:
    with pytest.raises(KeyError, match="deadline, required, threshold, each, forbidden, condition"):
        checks.get("hạn_nộp")
