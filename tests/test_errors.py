"""Problems: every code has its words in both languages; locations print one way; the code a
problem carries says what kind of problem it is, whoever found it."""

from __future__ import annotations

import ast
import re
import string

import pytest

from builders import ROOT, pack_text, rule
from compliance.compiler import compile_packs
from compliance.errors import Code, Location, Problem, ReportError, RulePackError
from compliance.loading import load_text
from compliance.messages import CATALOGUE
from compliance.validate import validate_report

HEAD = """\
schema_version: "1"
kind: HO_SO_MINH_CHUNG
school_year: "2023-2024"
received_at: 2023-10-16
submitter: {unit_id: VN-HN-TX-THCS-NHANCHINH, unit_type: TRUONG, school_levels: [THCS]}
"""


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def yaml_problems(text: str, name: str = "bao-cao.yaml") -> tuple[Problem, ...]:
    with pytest.raises(ReportError) as info:
        load_text(text, name=name, format="yaml", error=ReportError)
    return info.value.problems


def report_problems(text: str) -> list[Problem]:
    return validate_report(load_text(text, name="bao-cao.yaml", format="yaml"))


def pack_problems(*texts: str) -> tuple[Problem, ...]:
    files = [load_text(text, name=f"goi-{i}.yaml", format="yaml") for i, text in enumerate(texts, 1)]
    with pytest.raises(RulePackError) as info:
        compile_packs(files)
    return info.value.problems


# ----------------------------------------------------------------------------- the catalogue


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_every_code_has_a_message_and_a_fix_in_both_languages(code: Code) -> None:
    template = CATALOGUE[code]
    assert template.vi.strip() and template.en.strip() and template.vi != template.en
    assert template.fix_vi.strip() and template.fix_en.strip()


def test_the_catalogue_words_only_the_codes_there_are() -> None:
    assert set(CATALOGUE) == set(Code)


def test_codes_are_distinct_kebab_case_words() -> None:
    values = [code.value for code in Code]
    assert len(values) == len(set(values)) == len(Code.__members__)  # no value aliases another
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) for value in values)


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_the_vietnamese_words_use_only_values_the_english_ones_are_given(code: Code) -> None:
    # English may add a library's own detail (libyaml's reason, an OS error) that has no translation.
    template = CATALOGUE[code]
    vi = _placeholders(template.vi) | _placeholders(template.fix_vi)
    assert vi <= _placeholders(template.en) | _placeholders(template.fix_en)


def test_no_module_but_the_catalogue_builds_a_problem() -> None:
    builders = []
    for path in sorted((ROOT / "src" / "compliance").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem":
                builders.append(path.name)
    assert builders == ["messages.py"]


# ----------------------------------------------------------------------------- locations


def test_location_with_everything_names_file_line_column_and_pointer() -> None:
    assert (
        str(Location("bao-cao.yaml", 12, 5, "/submitter/unit_id")) == "bao-cao.yaml:12:5 /submitter/unit_id"
    )


def test_location_of_the_whole_document_shows_the_root_pointer() -> None:
    assert str(Location("bao-cao.yaml", 1, 1, "")) == "bao-cao.yaml:1:1 /"


def test_location_of_a_roster_row_has_a_line_and_no_column() -> None:
    assert str(Location("danh-sach.csv", 4, None, "/2")) == "danh-sach.csv:4 /2"


def test_location_of_a_file_alone_is_its_name() -> None:
    assert str(Location("rules/002-thanh-xuan-gdct-cths-2023-2024.yaml")) == (
        "rules/002-thanh-xuan-gdct-cths-2023-2024.yaml"
    )


def test_location_of_a_command_line_option_is_the_option() -> None:
    assert str(Location("--as-of")) == "--as-of"


def test_location_without_a_file_says_input() -> None:
    assert str(Location(None, 3, 7)) == "<input>:3:7"


def test_problem_renders_location_code_message_and_fix() -> None:
    (p,) = report_problems(HEAD.replace("HO_SO_MINH_CHUNG", "BAO_CAO_KHAC"))
    assert p.render("vi").startswith(
        "bao-cao.yaml:2:7 /kind [schema-enum] giá trị 'BAO_CAO_KHAC' không thuộc"
    )
    assert p.render("en").splitlines()[1].startswith("    Fix: use one of: ")


# ----------------------------------------------------------------------------- the code of a problem


def test_yaml_syntax_error_has_its_code() -> None:
    (p,) = yaml_problems('kind: HO_SO_MINH_CHUNG\nsubmitter: {unit_id: "VN-HN-TX\n')
    assert p.code is Code.YAML_SYNTAX and p.line is not None


def test_text_where_a_number_belongs_is_a_schema_type_error() -> None:
    (p,) = report_problems(HEAD + "committees:\n  - {kind: TO_QL_CSVC, members: năm}\n")
    assert (p.code, p.pointer) == (Code.SCHEMA_TYPE, "/committees/0/members")


def test_misspelt_report_key_is_an_unknown_key_of_the_report_format() -> None:
    (p,) = report_problems(HEAD + "committees:\n  - {kind: TO_QL_CSVC, establised_on: 2023-09-25}\n")
    assert (p.code, p.line) == (Code.SCHEMA_UNKNOWN_KEY, 7)


def test_condition_on_a_field_the_report_has_not_is_an_unknown_field() -> None:
    where = {"field": "establised_on", "exists": True}
    check = {"required": {"select": {"collection": "committees", "where": where}}}
    (p,) = pack_problems(pack_text(rule(check)))
    assert (p.code, p.pointer) == (Code.UNKNOWN_FIELD, "/rules/0/check/required/select/where/field")


def test_misspelt_key_in_a_rule_pack_is_an_unknown_key_of_the_rule_language() -> None:
    (p,) = pack_problems(pack_text(rule({"required": {"select": {}}}, serverity="high")))
    assert (p.code, p.pointer) == (Code.PACK_UNKNOWN_KEY, "/rules/0/serverity")


# A Text (a rule's title, remedy, reasons) is a dataclass that pydantic validates: its problems
# are worded as a model's were (an unknown key, not an object, empty, missing).
@pytest.mark.parametrize(
    ("title", "code", "pointer", "words"),
    [
        (
            {"vi": "Tiêu chí", "en": "Rule", "fr": "Règle"},
            Code.PACK_UNKNOWN_KEY,
            "/title/fr",
            "unknown key 'fr' (a typo?)",
        ),
        ("Tiêu chí", Code.PACK_TYPE, "/title", "'Tiêu chí' has the wrong type; model expected"),
        (["Tiêu chí", "Rule"], Code.PACK_TYPE, "/title", "list has the wrong type; model expected"),
        (
            {"vi": "", "en": "Rule"},
            Code.PACK_INVALID,
            "/title/vi",
            "not valid in the rule language: String should have at least 1 character",
        ),
        ({"vi": "Tiêu chí"}, Code.PACK_MISSING_FIELD, "/title/en", "the required field 'en' is missing"),
    ],
)
def test_a_malformed_text_in_a_rule_pack_is_worded_as_a_models_was(
    title: object, code: Code, pointer: str, words: str
) -> None:
    (p,) = pack_problems(pack_text(rule({"required": {"select": {"collection": "drills"}}}, title=title)))
    assert (p.code, p.pointer, p.message.en) == (code, f"/rules/0{pointer}", words)
    assert p.line is not None


def test_rule_id_used_in_two_packs_is_a_duplicate_rule_id_naming_the_first() -> None:
    check = {"required": {"select": {"collection": "drills"}}}
    first = pack_text(rule(check, rule_id="TX-DIEN-TAP"))
    second = pack_text(rule(check, rule_id="TX-DIEN-TAP"), pack="goi-khac")
    (p,) = pack_problems(first, second)
    assert (p.code, p.file) == (Code.DUPLICATE_RULE_ID, "goi-2.yaml")
    assert re.search(r"\(đã dùng ở goi-1\.yaml:\d+\)$", p.message.vi)


def test_problems_travel_as_json_with_their_code() -> None:
    (p,) = report_problems(HEAD + "briefings:\n  - {group: NV, total: 9, reached: 10}\n")
    assert p.as_dict() == {
        "code": "reached-over-total",
        "file": "bao-cao.yaml",
        "line": 7,
        "column": 36,
        "pointer": "/briefings/0/reached",
        "message": {
            "vi": "số người được quán triệt (10) lớn hơn tổng số (9)",
            "en": "people reached (10) exceed the group size (9)",
        },
        "fix": {"vi": "sửa reached hoặc total", "en": "fix reached or total"},
    }
