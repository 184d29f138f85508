"""Loading YAML and JSON safely: equal data from both formats, NFC text, no surprises from YAML
1.1, line and column for every value, and every bad input refused as an InputError that names the
file, the place and the fix in Vietnamese and English."""

from __future__ import annotations

import json
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.errors import Code, InputError, Problem, ReportError, RulePackError
from compliance.loading import (
    DEFAULT_LIMITS,
    Format,
    Limits,
    LoadedFile,
    SourceMap,
    _yaml,
    json_pointer,
    load_file,
    load_text,
)
from compliance.textnorm import normalize_text

UNIT_NAME = "Trường THCS Nhân Chính"

# The same report twice, as a school would write it in YAML and as a portal would export it in JSON.
REPORT_YAML = """\
# yaml-language-server: $schema=../../../schemas/report.schema.json
schema_version: "1"
kind: BC_SO_KET_HK1
school_year: "2023-2024"
submitter:
  unit_id: VN-HN-TX-THCS-NHANCHINH
  unit_name: Trường THCS Nhân Chính
  unit_type: TRUONG
  school_levels: [THCS]
  province: Hà Nội
  district: Thanh Xuân
received_at: 2024-01-02T16:41:00+07:00
period: {from: 2023-09-05, to: 2023-12-31}
committees:
  - kind: BCD_GDCT_CTHS_HDNGLL
    decision_so_hieu: 45/QĐ-THCSNC
    established_on: 2023-09-25
    members: 9
    tasks_assigned: true
  - {kind: TO_QL_CSVC, decision_so_hieu: 46/QĐ-THCSNC, members: 5, tasks_assigned: false}
budget_vnd: 12500000.5
incidents: []
notes: null
"""

REPORT_JSON = """\
{
  "schema_version": "1",
  "kind": "BC_SO_KET_HK1",
  "school_year": "2023-2024",
  "submitter": {
    "unit_id": "VN-HN-TX-THCS-NHANCHINH",
    "unit_name": "Trường THCS Nhân Chính",
    "unit_type": "TRUONG",
    "school_levels": ["THCS"],
    "province": "Hà Nội",
    "district": "Thanh Xuân"
  },
  "received_at": "2024-01-02T16:41:00+07:00",
  "period": {"from": "2023-09-05", "to": "2023-12-31"},
  "committees": [
    {"kind": "BCD_GDCT_CTHS_HDNGLL", "decision_so_hieu": "45/QĐ-THCSNC",
     "established_on": "2023-09-25", "members": 9, "tasks_assigned": true},
    {"kind": "TO_QL_CSVC", "decision_so_hieu": "46/QĐ-THCSNC", "members": 5, "tasks_assigned": false}
  ],
  "budget_vnd": 12500000.5,
  "incidents": [],
  "notes": null
}
"""


def load_yaml(text: str | bytes, **kwargs: Any) -> LoadedFile:
    return load_text(text, name="bao-cao.yaml", format="yaml", **kwargs)


def load_json(text: str | bytes, **kwargs: Any) -> LoadedFile:
    return load_text(text, name="bao-cao.json", format="json", **kwargs)


def assert_well_formed(error: InputError, file: str) -> None:
    """Every problem names the file and says what is wrong, and how to fix it, in both languages."""
    assert error.problems
    for p in error.problems:
        assert p.file == file
        assert p.message.vi.strip() and p.message.en.strip()
        assert p.message.vi != p.message.en
        assert p.fix is not None and p.fix.vi.strip() and p.fix.en.strip()


def yaml_problem(text: str | bytes, **kwargs: Any) -> Problem:
    with pytest.raises(InputError) as info:
        load_yaml(text, **kwargs)
    assert_well_formed(info.value, "bao-cao.yaml")
    return info.value.problems[0]


def json_problem(text: str | bytes, **kwargs: Any) -> Problem:
    with pytest.raises(InputError) as info:
        load_json(text, **kwargs)
    assert_well_formed(info.value, "bao-cao.json")
    return info.value.problems[0]


def file_problem(path: Path, **kwargs: Any) -> Problem:
    with pytest.raises(InputError) as info:
        load_file(path, **kwargs)
    assert_well_formed(info.value, str(path))
    return info.value.problems[0]


# ----------------------------------------------------------------------------- same data, either format


def test_yaml_and_json_of_the_same_report_load_to_equal_data() -> None:
    assert load_yaml(REPORT_YAML).data == load_json(REPORT_JSON).data


def test_yaml_and_json_files_of_the_same_report_load_to_equal_data(tmp_path: Path) -> None:
    (tmp_path / "so-ket-hk1.yaml").write_text(REPORT_YAML, encoding="utf-8")
    (tmp_path / "so-ket-hk1.json").write_text(REPORT_JSON, encoding="utf-8")
    assert load_file(tmp_path / "so-ket-hk1.yaml").data == load_file(tmp_path / "so-ket-hk1.json").data


def test_data_round_trips_through_json_dumps() -> None:
    data = load_yaml(REPORT_YAML).data
    assert load_json(json.dumps(data, ensure_ascii=False)).data == data


def test_loaded_file_records_the_name_as_given_and_the_format(tmp_path: Path) -> None:
    path = tmp_path / "so-ket-hk1.yaml"
    path.write_text(REPORT_YAML, encoding="utf-8")
    loaded = load_file(path)
    assert (loaded.name, loaded.format) == (str(path), "yaml")
    assert isinstance(loaded.source_map, SourceMap)


def test_load_file_accepts_a_string_path(tmp_path: Path) -> None:
    path = tmp_path / "so-ket-hk1.json"
    path.write_text(REPORT_JSON, encoding="utf-8")
    assert load_file(str(path)).name == str(path)


def test_yml_extension_is_read_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "so-ket-hk1.yml"
    path.write_text(REPORT_YAML, encoding="utf-8")
    assert load_file(path).format == "yaml"


def test_extension_is_recognised_in_upper_case(tmp_path: Path) -> None:
    path = tmp_path / "SO-KET-HK1.JSON"
    path.write_text(REPORT_JSON, encoding="utf-8")
    assert load_file(path).format == "json"


def test_yaml_values_keep_their_types() -> None:
    data = load_yaml(REPORT_YAML).data
    committee = data["committees"][0]
    assert committee["members"] == 9 and type(committee["members"]) is int
    assert committee["tasks_assigned"] is True
    assert data["budget_vnd"] == 12500000.5 and type(data["budget_vnd"]) is float
    assert data["incidents"] == [] and data["notes"] is None


def test_json_values_keep_their_types() -> None:
    data = load_json(REPORT_JSON).data
    assert type(data["committees"][0]["members"]) is int
    assert type(data["budget_vnd"]) is float
    assert data["committees"][1]["tasks_assigned"] is False


def test_utf8_byte_order_mark_is_ignored_in_yaml() -> None:
    assert load_yaml(("\ufeff" + REPORT_YAML).encode("utf-8")).data["kind"] == "BC_SO_KET_HK1"


def test_utf8_byte_order_mark_is_ignored_in_json() -> None:
    assert load_json(("\ufeff" + REPORT_JSON).encode("utf-8")).data["kind"] == "BC_SO_KET_HK1"


def test_json_after_a_second_byte_order_mark_is_a_syntax_error_naming_it() -> None:
    with pytest.raises(InputError) as caught:
        load_json("\ufeff\ufeff{}")
    (refused,) = caught.value.problems
    assert refused.code == Code.JSON_SYNTAX and "BOM" in refused.message.en


def test_utf8_bytes_and_text_load_to_equal_data() -> None:
    assert load_json(REPORT_JSON.encode("utf-8")).data == load_json(REPORT_JSON).data


def test_a_document_may_be_a_single_text() -> None:
    assert load_yaml("Trường THCS Nhân Chính\n").data == UNIT_NAME


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="xml"):
        load_text("<a/>", name="a.xml", format="xml")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- Unicode


def test_nfd_value_in_yaml_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", UNIT_NAME)
    assert nfd != UNIT_NAME
    assert load_yaml(f"unit_name: {nfd}\n").data["unit_name"] == UNIT_NAME


def test_nfd_value_in_json_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", UNIT_NAME)
    assert load_json(f'{{"unit_name": "{nfd}"}}').data["unit_name"] == UNIT_NAME


def test_nfd_key_in_yaml_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "ghi chú")
    assert load_yaml(f"{nfd}: đã kiện toàn\n").data == {"ghi chú": "đã kiện toàn"}


def test_nfd_key_in_json_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "ghi chú")
    assert load_json(f'{{"{nfd}": "đã kiện toàn"}}').data == {"ghi chú": "đã kiện toàn"}


def test_nfd_text_in_nested_json_lists_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Cháy phòng thí nghiệm Hóa học")
    data = load_json(f'{{"drills": [{{"scenarios": [["{nfd}"]]}}]}}').data
    assert data["drills"][0]["scenarios"] == [["Cháy phòng thí nghiệm Hóa học"]]


def test_nfd_text_in_a_top_level_json_list_becomes_nfc() -> None:
    assert load_json(f'["{unicodedata.normalize("NFD", UNIT_NAME)}"]').data == [UNIT_NAME]


def test_nfd_written_with_json_escapes_becomes_nfc() -> None:
    assert load_json('{"unit_name": "Tru\\u031bo\\u031b\\u0300ng"}').data["unit_name"] == "Trường"


def test_icelandic_eth_becomes_vietnamese_d_with_stroke_in_yaml() -> None:
    assert load_yaml("so_hieu: 45/Q\u00d0-THCSNC\n").data["so_hieu"] == "45/Q\u0110-THCSNC"


def test_icelandic_eth_becomes_vietnamese_d_with_stroke_in_json() -> None:
    assert load_json('{"issuer": "Ph\u00f2ng G\u00d0\u00d0T"}').data["issuer"] == "Phòng GĐĐT"


def test_small_icelandic_eth_becomes_small_d_with_stroke() -> None:
    assert load_yaml("signer_name: \u00f0\u1ed7 v\u0103n an\n").data["signer_name"] == "đỗ văn an"


def test_eth_written_as_a_json_escape_becomes_d_with_stroke() -> None:
    assert load_json('{"so_hieu": "Q\\u00d0"}').data["so_hieu"] == "QĐ"


def test_eth_in_a_yaml_key_becomes_d_with_stroke() -> None:
    assert load_yaml("\u00d0i\u1ec3m: 9\n").data == {"Điểm": 9}


# ----------------------------------------------------------------------------- YAML 1.1 surprises


def test_iso_date_stays_text_as_written() -> None:
    assert load_yaml("established_on: 2023-09-25\n").data["established_on"] == "2023-09-25"


def test_iso_date_time_stays_text_as_written() -> None:
    data = load_yaml("received_at: 2024-01-02T16:41:00+07:00\n").data
    assert data["received_at"] == "2024-01-02T16:41:00+07:00"


def test_iso_date_time_with_a_space_stays_text_as_written() -> None:
    data = load_yaml("submitted_at: 2024-01-02 16:30:00\n").data
    assert data["submitted_at"] == "2024-01-02 16:30:00"


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "y", "n"])
def test_yaml_1_1_yes_no_on_off_stay_text(word: str) -> None:
    assert load_yaml(f"tasks_assigned: {word}\n").data["tasks_assigned"] == word


@pytest.mark.parametrize(
    ("word", "value"), [("true", True), ("false", False), ("False", False), ("TRUE", True), ("tRuE", True)]
)
def test_true_and_false_in_any_case_are_booleans(word: str, value: bool) -> None:
    assert load_yaml(f"tasks_assigned: {word}\n").data["tasks_assigned"] is value


@pytest.mark.parametrize("word", ["~", "null", "Null", "NULL", ""])
def test_yaml_null_forms_are_null(word: str) -> None:
    assert load_yaml(f"notes: {word}\n").data["notes"] is None


@pytest.mark.parametrize(("written", "value"), [("10", 10), ("0", 0), ("-7", -7), ("+12", 12)])
def test_plain_integers_are_integers(written: str, value: int) -> None:
    assert load_yaml(f"members: {written}\n").data["members"] == value


@pytest.mark.parametrize(
    ("written", "value"),
    [("1.5e+3", 1500.0), ("1e6", 1e6), ("2.5", 2.5), (".5", 0.5), ("-.5", -0.5), ("0.25", 0.25)],
)
def test_plain_decimals_are_numbers_as_yaml_1_2_reads_them(written: str, value: float) -> None:
    assert load_yaml(f"ratio: {written}\n").data["ratio"] == value


@pytest.mark.parametrize(
    ("written", "write"),
    [
        ("010", "10"),  # YAML 1.1: octal 8
        ("+010", "10"),
        ("08", "8"),  # YAML 1.1: text
        ("007", "7"),
        ("01.5", "1.5"),
        ("1:30", "90"),  # YAML 1.1: base 60
        ("0x10", "16"),
        ("-0x10", "-16"),
        ("0b101", "5"),
        ("0o17", "15"),  # YAML 1.2 only
        ("1_000", "1000"),
        ("1_0.5", "10.5"),
    ],
)
def test_numbers_yaml_1_1_reads_otherwise_are_refused_saying_what_to_write(written: str, write: str) -> None:
    p = yaml_problem(f"kind: BC_KHAC\nmembers: {written}\n")
    assert p.code == Code.YAML_AMBIGUOUS_NUMBER and (p.line, p.column, p.pointer) == (2, 10, "/members")
    assert f"viết {write};" in p.fix.vi and f'"{written}"' in p.fix.vi
    assert f"write {write};" in p.fix.en and f'quote it: "{written}"' in p.fix.en


@pytest.mark.parametrize("written", ["010", "0x10", "1_000"])
def test_a_tag_does_not_make_a_surprising_number_readable(written: str) -> None:
    assert yaml_problem(f"members: !!int {written}\n").code == Code.YAML_AMBIGUOUS_NUMBER
    assert yaml_problem(f"members: !!int '{written}'\n").code == Code.YAML_AMBIGUOUS_NUMBER


@pytest.mark.parametrize("written", ["'010'", '"1:30"', "!!str 0x10", "0x", "1:2:x", "10 lớp"])
def test_quoted_or_non_numbers_stay_text(written: str) -> None:
    assert isinstance(load_yaml(f"so_hieu: {written}\n").data["so_hieu"], str)


# plain scalars as reports write them, and the forms YAML 1.1 and 1.2 read as something else
_PLAIN_WORDS = [
    "yes",
    "No",
    "ON",
    "y",
    "~",
    "null",
    "NULL",
    "true",
    "fAlSe",
    "<<",
    "=",
    "!",
    "&",
    "*",
    ".inf",
    ".NaN",
]
_PLAIN_SCALARS = st.one_of(
    st.sampled_from(_PLAIN_WORDS),
    st.text(alphabet="0123456789+-._:eExXoObB ~TtNnYyFf", max_size=12),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
    st.dates().map(str),
)


@settings(max_examples=400, deadline=None)
@given(_PLAIN_SCALARS)
def test_a_plain_scalar_is_read_as_pyyaml_s_resolver_and_the_reading_rules_say(written: str) -> None:
    # the short cuts (a first character no resolver knows: text; a kind remembered) say what the
    # whole reading says, the first time and the next
    assert _yaml._plain_kind(written) == _yaml._read_plain_kind(written)
    assert _yaml._plain_kind(written) == _yaml._read_plain_kind(written)


def test_a_surprising_number_as_a_key_must_be_quoted() -> None:
    p = yaml_problem("010: x\n")
    assert p.code == Code.KEY_NOT_TEXT and 'quote it: "010"' in p.fix.en


def test_quoted_scalars_are_always_text() -> None:
    data = load_yaml("a: \"true\"\nb: '2023'\nc: 'null'\nd: \"2024-01-03\"\n").data
    assert data == {"a": "true", "b": "2023", "c": "null", "d": "2024-01-03"}


def test_block_scalar_is_text() -> None:
    assert load_yaml("notes: |\n  2023\n").data["notes"] == "2023\n"


def test_standard_str_tag_makes_text() -> None:
    assert load_yaml("so_hieu: !!str 2023\n").data["so_hieu"] == "2023"


def test_standard_int_and_float_tags_are_allowed() -> None:
    assert load_yaml("a: !!int '9'\nb: !!float 1\n").data == {"a": 9, "b": 1.0}


def test_standard_map_and_seq_tags_are_allowed() -> None:
    assert load_yaml("a: !!map {x: 1}\nb: !!seq [THCS]\n").data == {"a": {"x": 1}, "b": ["THCS"]}


def test_non_specific_tag_makes_text() -> None:
    assert load_yaml("school_year: ! 2023\n").data["school_year"] == "2023"


def test_explicit_bool_tag_on_yes_is_refused() -> None:
    p = yaml_problem("tasks_assigned: !!bool yes\n")
    assert "'yes'" in p.message.en and "true or false" in p.message.en


def test_explicit_int_tag_on_a_word_is_refused() -> None:
    assert "integer" in yaml_problem("members: !!int chín\n").message.en


# ----------------------------------------------------------------------------- tags


def test_python_object_apply_tag_is_refused_naming_the_tag() -> None:
    p = yaml_problem('kind: !!python/object/apply:os.system ["echo hi"]\n')
    assert "!!python/object/apply:os.system" in p.message.en
    assert "!!python/object/apply:os.system" in p.message.vi
    assert "not allowed" in p.message.en and "không được phép" in p.message.vi


def test_python_object_apply_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "da-chay"
    with pytest.raises(InputError):
        load_yaml(f'kind: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    [
        "kind: !!python/name:os.system\n",
        "kind: !!python/object/new:builtins.dict {}\n",
        "kind: !!python/tuple [1, 2]\n",
    ],
)
def test_other_python_tags_are_refused(text: str) -> None:
    assert "!!python/" in yaml_problem(text).message.en


def test_binary_tag_is_refused() -> None:
    p = yaml_problem("attachment: !!binary aGVsbG8=\n")
    assert "!!binary" in p.message.en and "!!binary" in p.message.vi


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("school_levels: !!set {THCS, THPT}\n", "!!set"),
        ("committees: !!omap [{kind: TO_QL_CSVC}]\n", "!!omap"),
        ("received_at: !!timestamp 2024-01-02\n", "!!timestamp"),
        ("kind: !custom BC_SO_KET_HK1\n", "!custom"),
        ("%TAG !e! tag:example.com,2000:\n---\nkind: !e!bao-cao BC_KHAC\n", "tag:example.com,2000:bao-cao"),
    ],
)
def test_non_standard_tags_are_refused_naming_the_tag(text: str, tag: str) -> None:
    p = yaml_problem(text)
    assert tag in p.message.en and tag in p.message.vi


def test_custom_tag_on_a_mapping_is_refused() -> None:
    assert "!khac" in yaml_problem("submitter: !khac {unit_id: VN-HN-TX-THCS-NHANCHINH}\n").message.en


def test_map_tag_on_a_text_is_refused() -> None:
    assert "!!map" in yaml_problem("kind: !!map BC_KHAC\n").message.en


def test_refused_tag_is_located_at_its_value() -> None:
    p = yaml_problem("kind: BC_SO_KET_HK1\nsubmitter:\n  unit_id: !custom VN-HN\n")
    assert (p.line, p.column, p.pointer) == (3, 12, "/submitter/unit_id")


# ----------------------------------------------------------------------------- duplicate keys


def test_duplicate_yaml_key_is_reported_at_the_line_of_the_repeat() -> None:
    p = yaml_problem('kind: BC_SO_KET_HK1\nschool_year: "2023-2024"\nkind: BC_DOT_XUAT\n')
    assert (p.line, p.column, p.pointer) == (3, 1, "/kind")


def test_duplicate_yaml_key_message_names_both_lines() -> None:
    p = yaml_problem('kind: BC_SO_KET_HK1\nschool_year: "2023-2024"\nkind: BC_DOT_XUAT\n')
    assert "line 3" in p.message.en and "line 1" in p.message.en
    assert "dòng 3" in p.message.vi and "dòng 1" in p.message.vi


def test_duplicate_yaml_key_in_a_nested_mapping_is_refused() -> None:
    p = yaml_problem("submitter:\n  unit_id: A\n  unit_type: TRUONG\n  unit_id: B\n")
    assert (p.line, p.pointer) == (4, "/submitter/unit_id")


def test_duplicate_key_in_a_yaml_flow_mapping_is_refused() -> None:
    p = yaml_problem("committees:\n  - {kind: TO_QL_CSVC, members: 5, members: 6}\n")
    assert (p.line, p.column, p.pointer) == (2, 36, "/committees/0/members")


def test_every_duplicate_yaml_key_is_reported() -> None:
    with pytest.raises(InputError) as info:
        load_yaml("kind: A\nkind: B\nsubmitter:\n  unit_id: X\n  unit_id: Y\n")
    assert [(p.line, p.pointer) for p in info.value.problems] == [(2, "/kind"), (5, "/submitter/unit_id")]


def test_yaml_keys_equal_after_nfc_are_duplicates() -> None:
    p = yaml_problem(f"tên: Nhân Chính\n{unicodedata.normalize('NFD', 'tên')}: Kim Giang\n")
    assert (p.line, p.pointer) == (2, "/tên")


def test_duplicate_json_key_is_reported_at_the_line_of_the_repeat() -> None:
    p = json_problem(
        '{\n  "kind": "BC_SO_KET_HK1",\n  "school_year": "2023-2024",\n  "kind": "BC_DOT_XUAT"\n}'
    )
    assert (p.line, p.column, p.pointer) == (4, 3, "/kind")
    assert "line 4" in p.message.en and "line 2" in p.message.en


def test_duplicate_json_key_in_a_nested_object_is_refused() -> None:
    p = json_problem('{"submitter": {\n  "unit_id": "A",\n  "unit_id": "B"}}')
    assert (p.line, p.pointer) == (3, "/submitter/unit_id")


def test_every_duplicate_json_key_is_reported() -> None:
    with pytest.raises(InputError) as info:
        load_json('{"kind": "A",\n "kind": "B",\n "submitter": {"unit_id": "X",\n "unit_id": "Y"}}')
    assert [(p.line, p.pointer) for p in info.value.problems] == [(2, "/kind"), (4, "/submitter/unit_id")]


def test_json_keys_that_differ_only_by_nfc_and_nfd_are_duplicates() -> None:
    nfd = unicodedata.normalize("NFD", "tên")
    p = json_problem(f'{{\n  "tên": "Nhân Chính",\n  "{nfd}": "Kim Giang"\n}}')
    assert (p.line, p.pointer) == (3, "/tên")


def test_json_duplicate_before_broken_text_is_still_reported() -> None:
    p = json_problem('{"kind": "A", "kind": "B"} ]]]')
    assert p.pointer == "/kind"


# ----------------------------------------------------------------------------- size, depth, aliases


def billion_laughs() -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_as_alias_expansion() -> None:
    p = yaml_problem(billion_laughs())
    assert "aliases" in p.message.en and "bí danh" in p.message.vi
    assert str(DEFAULT_LIMITS.max_nodes) in p.message.en


@pytest.mark.timeout(30)  # a hang guard, not a speed test: expanding the aliases would take days
def test_billion_laughs_is_refused_without_expanding_it() -> None:
    with pytest.raises(InputError):
        load_yaml(billion_laughs())


def test_alias_expansion_counts_toward_the_value_limit() -> None:
    text = "a: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a, *a]\n"
    assert load_yaml(text).data["b"] == [[1, 2, 3, 4, 5]] * 4
    assert "aliases" in yaml_problem(text, limits=Limits(max_nodes=20)).message.en


def test_alias_repeats_the_anchored_value() -> None:
    data = load_yaml("levels: &lv [TH, THCS]\nschool_levels: *lv\n").data
    assert data["school_levels"] == ["TH", "THCS"]


def test_anchor_on_a_key_can_be_used_as_a_value() -> None:
    assert load_yaml("&k unit_id: X\nfield: *k\n").data == {"unit_id": "X", "field": "unit_id"}


def test_alias_of_a_text_can_be_a_key() -> None:
    assert load_yaml("field: &k unit_id\n*k : X\n").data == {"field": "unit_id", "unit_id": "X"}


def test_alias_of_an_object_as_a_key_is_refused() -> None:
    assert "must be text" in yaml_problem("a: &m {x: 1}\n*m : 2\n").message.en


def test_alias_to_an_unknown_anchor_is_refused() -> None:
    p = yaml_problem("school_levels: *khong_co\n")
    assert "*khong_co" in p.message.en and (p.line, p.column) == (1, 16)


def test_alias_to_its_own_unfinished_anchor_is_refused() -> None:
    assert "no complete anchor" in yaml_problem("a: &a [1, *a]\n").message.en


def test_aliases_cannot_nest_past_the_depth_limit() -> None:
    # Each anchor is shallow where written, but every alias adds its depth where it is used.
    text = "a: &a [[[1]]]\nb: &b [[[*a]]]\nc: [[[*b]]]\n"
    assert load_yaml(text).data["c"] == [[[[[[[[[1]]]]]]]]]
    assert "nested too deeply" in yaml_problem(text, limits=Limits(max_depth=8)).message.en


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_100000_deep_brackets_are_refused_with_a_depth_message(fmt: Format) -> None:
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError) as info:
        load_text(text, name=f"sau.{fmt}", format=fmt)
    assert_well_formed(info.value, f"sau.{fmt}")
    assert "nested too deeply" in info.value.problems[0].message.en
    assert "lồng nhau quá sâu" in info.value.problems[0].message.vi


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_100000_unclosed_brackets_are_refused_with_a_depth_message(fmt: Format) -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        load_text("[" * 100_000, name=f"sau.{fmt}", format=fmt)


def test_100000_deep_json_objects_are_refused_with_a_depth_message() -> None:
    assert "nested too deeply" in json_problem('{"a":' * 100_000 + "1" + "}" * 100_000).message.en


def test_100000_deep_yaml_block_mappings_are_refused_with_a_depth_message() -> None:
    text = "".join(" " * i + "a:\n" for i in range(2000))
    assert "nested too deeply" in yaml_problem(text).message.en


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_nesting_at_the_default_depth_limit_loads(fmt: Format) -> None:
    assert isinstance(load_text("[" * 64 + "]" * 64, name=f"a.{fmt}", format=fmt).data, list)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_nesting_one_level_past_the_default_limit_is_refused(fmt: Format) -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        load_text("[" * 65 + "]" * 65, name=f"a.{fmt}", format=fmt)


def test_yaml_depth_problem_points_at_the_container_too_deep() -> None:
    p = yaml_problem("submitter:\n  school_levels:\n    - [THCS]\n", limits=Limits(max_depth=2))
    assert (p.line, p.column, p.pointer) == (3, 5, "/submitter/school_levels")


def test_json_depth_problem_gives_line_and_column() -> None:
    p = json_problem('{"a": {\n  "b": {"c": 1}}}', limits=Limits(max_depth=2))
    assert "at most 2" in p.message.en and (p.line, p.column) == (2, 8)


def test_brackets_inside_json_strings_do_not_count_as_nesting() -> None:
    assert load_json('{"notes": "' + "[" * 1000 + '"}').data["notes"] == "[" * 1000


def test_escaped_quotes_do_not_hide_json_nesting() -> None:
    text = '{"notes": "a \\" [[[[", "x": ' + "[" * 70 + "]" * 70 + "}"
    assert "nested too deeply" in json_problem(text).message.en


@pytest.mark.timeout(30)  # a hang guard: a quadratic scan of this text would take hours
def test_unterminated_json_string_full_of_escaped_quotes_is_refused() -> None:
    json_problem('["' + '\\"[' * 200_000)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_too_many_values_are_refused(fmt: Format) -> None:
    text = "[" + ", ".join(["1"] * 20) + "]"
    with pytest.raises(InputError, match="too many values"):
        load_text(text, name=f"a.{fmt}", format=fmt, limits=Limits(max_nodes=10))


def test_file_over_the_byte_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lon.yaml"
    path.write_text("notes: " + "x" * 2000 + "\n", encoding="utf-8")
    p = file_problem(path, limits=Limits(max_bytes=1000))
    assert "too large" in p.message.en and "1000" in p.message.en and "quá lớn" in p.message.vi


def test_text_over_the_byte_limit_is_refused() -> None:
    assert "too large" in yaml_problem("notes: " + "x" * 2000, limits=Limits(max_bytes=1000)).message.en


def test_text_under_the_limit_in_characters_but_over_it_in_utf8_bytes_is_refused() -> None:
    text = "notes: " + "ệ" * 400  # 407 characters, 1207 bytes
    assert "1207 bytes" in yaml_problem(text, limits=Limits(max_bytes=1000)).message.en


def test_bytes_over_the_byte_limit_are_refused() -> None:
    data = b'{"notes": "' + b"x" * 2000 + b'"}'
    assert "too large" in json_problem(data, limits=Limits(max_bytes=1000)).message.en


def test_file_exactly_at_the_byte_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "vua.yaml"
    path.write_bytes(b"kind: BC_KHAC\n")
    assert load_file(path, limits=Limits(max_bytes=14)).data == {"kind": "BC_KHAC"}


# ----------------------------------------------------------------------------- one document, not empty


def test_two_yaml_documents_in_one_file_are_refused() -> None:
    p = yaml_problem("kind: BC_SO_KET_HK1\n---\nkind: BC_DOT_XUAT\n")
    assert "more than one" in p.message.en and "nhiều hơn một" in p.message.vi and p.line == 2


def test_one_yaml_document_with_explicit_markers_loads() -> None:
    assert load_yaml("---\nkind: BC_SO_KET_HK1\n...\n").data == {"kind": "BC_SO_KET_HK1"}


@pytest.mark.parametrize(
    "text", ["", "\n\n", "   ", "# yaml-language-server: $schema=report.json\n# chỉ chú thích\n"]
)
def test_empty_or_comment_only_yaml_is_refused(text: str) -> None:
    p = yaml_problem(text)
    assert "empty" in p.message.en and "rỗng" in p.message.vi


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_empty_file_is_refused(tmp_path: Path, fmt: Format) -> None:
    path = tmp_path / f"rong.{fmt}"
    path.write_bytes(b"")
    assert "empty" in file_problem(path).message.en


# ----------------------------------------------------------------------------- syntax and encoding


def test_yaml_syntax_error_reports_line_and_column() -> None:
    p = yaml_problem("kind: BC_SO_KET_HK1\nsubmitter:\n  unit_id: [VN-HN\n")
    assert (p.line, p.column) == (4, 1)
    assert "syntax" in p.message.en and "cú pháp" in p.message.vi


def test_yaml_indentation_error_reports_line_and_column() -> None:
    p = yaml_problem("submitter:\n  unit_id: VN-HN-TX-THCS-NHANCHINH\n unit_type: TRUONG\n")
    assert (p.line, p.column) == (3, 2)


def test_yaml_syntax_error_says_what_libyaml_found() -> None:
    p = yaml_problem("kind: BC_SO_KET_HK1\n  school_year: 2023-2024\n")
    assert "mapping values are not allowed" in p.message.en and (p.line, p.column) == (2, 14)


def test_json_syntax_error_reports_line_and_column() -> None:
    p = json_problem('{\n  "kind": "BC_SO_KET_HK1",,\n}')
    assert (p.line, p.column) == (2, 27)
    assert "JSON syntax error" in p.message.en and "cú pháp JSON" in p.message.vi


def test_json_trailing_data_is_refused() -> None:
    assert "Extra data" in json_problem('{"kind": "BC_KHAC"} {"kind": "BC_KHAC"}').message.en


def test_invalid_utf8_is_refused_naming_the_byte_offset() -> None:
    p = yaml_problem(b"unit_name: Tr\xff\xfeng\n")
    assert "byte 13" in p.message.en and "byte thứ 13" in p.message.vi and "UTF-8" in p.message.en
    assert (p.line, p.column) == (1, 14)


def test_invalid_utf8_reports_the_line_and_column_of_the_byte() -> None:
    p = yaml_problem('kind: BC_KHAC\nschool_year: "2023-2024"\nghi_chú: Đ'.encode() + b"\xc3\n")
    assert (p.line, p.column) == (3, 11)


def test_windows_1258_file_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.yaml"
    path.write_bytes("unit_name: THCS Nhân Chính\n".encode("cp1258"))  # â and í as single bytes
    assert "UTF-8" in file_problem(path).message.en


def test_control_character_in_yaml_is_refused_with_its_position() -> None:
    p = yaml_problem("kind: BC_KHAC\nghi_chú: Đã\x01xong\n")
    assert "U+0001" in p.message.en and (p.line, p.column) == (2, 12)


@pytest.mark.parametrize(
    "char", ["\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ufdd0", "\ufffe", "\U0010ffff"]
)
def test_control_characters_and_noncharacters_in_json_are_refused_like_yaml(char: str) -> None:
    text = '{\n  "kind": "BC_KHAC",\n  "notes": "Đã' + char + 'xong"\n}'
    p = json_problem(text)
    assert p.code == Code.CONTROL_CHARACTER and f"U+{ord(char):04X}" in p.message.en
    assert (p.line, p.column, p.pointer) == (3, 15, "/notes")
    assert yaml_problem(f"kind: BC_KHAC\nnotes: Đã{char}xong\n").code == Code.CONTROL_CHARACTER


@pytest.mark.parametrize(
    "escape", ["\\u000b", "\\u0001", "\\b", "\\f", "\\u007F", "\\uFFFE", "\\ud83f\\udffe"]
)
def test_a_json_escape_of_a_control_character_is_refused_at_its_value(escape: str) -> None:
    p = json_problem('{\n  "kind": "BC_KHAC",\n  "plans": [{"title": "a' + escape + 'b"}]\n}')
    assert p.code == Code.CONTROL_CHARACTER and (p.line, p.pointer) == (3, "/plans/0/title")


@pytest.mark.parametrize("escape", ["\\x0b", "\\v", "\\a", "\\e", "\\0", "\\N", "\\u0001"])
def test_a_yaml_escape_of_a_control_character_is_refused_at_its_value(escape: str) -> None:
    p = yaml_problem(f'kind: BC_KHAC\nplans:\n  - title: "a{escape}b"\n')
    assert p.code == Code.CONTROL_CHARACTER and (p.line, p.column, p.pointer) == (3, 12, "/plans/0/title")


def test_a_control_character_in_a_key_is_shown_by_its_mapping_never_printed() -> None:
    for p in (
        json_problem('{"submitter": {"unit\\u0001id": "X"}}'),
        yaml_problem('submitter:\n  "unit\\x01id": X\n'),
    ):
        assert p.code == Code.CONTROL_CHARACTER and p.pointer == "/submitter"
        assert "\x01" not in p.render("vi")


def test_tab_line_feed_and_carriage_return_are_ordinary_text() -> None:
    assert load_json('{"notes": "a\\tb\\nc\\r\\n",\t"x": 1}\r\n').data["notes"] == "a\tb\nc\r\n"
    assert load_yaml('notes: "a\\tb\\nc"\nx: "\tá"\r\n').data["notes"] == "a\tb\nc"


def test_a_control_character_outside_any_value_has_its_position_only() -> None:
    p = json_problem('{"kind":\x01 "BC_KHAC"}')
    assert p.code == Code.CONTROL_CHARACTER and (p.line, p.column) == (1, 9)


def test_yaml_text_with_a_lone_surrogate_is_refused() -> None:
    p = yaml_problem("notes: \ud800\n")  # a str from a surrogateescape decode, say
    assert "U+D800" in p.message.en and (p.line, p.column) == (1, 8)


def test_text_with_a_lone_surrogate_over_the_byte_limit_is_refused_as_too_large() -> None:
    assert (
        "too large"
        in json_problem('{"notes": "' + "x" * 20 + '\ud800"}', limits=Limits(max_bytes=10)).message.en
    )


def test_json_lone_surrogate_escape_is_refused() -> None:
    p = json_problem('{"submitter": {\n  "unit_name": "Tr\\ud800"}}')
    assert (p.line, p.pointer) == (2, "/submitter/unit_name")


def test_json_surrogate_pair_escape_loads() -> None:
    assert load_json('{"notes": "\\ud83c\\udf93"}').data["notes"] == "🎓"


# ----------------------------------------------------------------------------- files


def test_unknown_extension_is_refused_naming_it_and_the_accepted_ones(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT_YAML, encoding="utf-8")
    p = file_problem(path)
    assert ".txt" in p.message.en and ".txt" in p.message.vi
    assert all(ext in p.message.en for ext in (".yaml", ".yml", ".json"))


def test_file_without_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao"
    path.write_text(REPORT_YAML, encoding="utf-8")
    assert "no extension" in file_problem(path).message.en


def test_missing_file_is_refused(tmp_path: Path) -> None:
    p = file_problem(tmp_path / "khong-co.yaml")
    assert "no such file" in p.message.en and "không tìm thấy" in p.message.vi


def test_file_under_a_file_is_refused_as_missing(tmp_path: Path) -> None:
    (tmp_path / "bao-cao.yaml").write_text("kind: BC_KHAC\n", encoding="utf-8")
    assert "no such file" in file_problem(tmp_path / "bao-cao.yaml" / "con.yaml").message.en


def test_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao.yaml"
    folder.mkdir()
    p = file_problem(folder)
    assert "folder" in p.message.en and "thư mục" in p.message.vi


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "bao-cao.yaml"
    os.mkfifo(pipe)
    assert "not a regular file" in file_problem(pipe).message.en


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bao-cao.yaml"
    path.write_text("kind: BC_KHAC\n", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("compliance.loading.files.open", denied, raising=False)  # root may read anything
    p = file_problem(path)
    assert "permission" in p.message.en and "quyền" in p.message.vi


def test_path_with_a_nul_character_is_refused(tmp_path: Path) -> None:
    assert "cannot read" in file_problem(tmp_path / "bao\x00cao.yaml").message.en


PROC_STATUS = Path("/proc/self/status")  # a regular file that stat() says is empty


@pytest.mark.skipif(not PROC_STATUS.exists(), reason="needs Linux /proc")
def test_a_file_bigger_than_stat_says_is_read_whole() -> None:
    from compliance.loading.files import read

    assert PROC_STATUS.stat().st_size == 0
    raw = read(str(PROC_STATUS), DEFAULT_LIMITS)
    assert raw.startswith(b"Name:") and raw.endswith(b"\n") and b"\nPid:" in raw


@pytest.mark.skipif(not PROC_STATUS.exists(), reason="needs Linux /proc")
def test_a_file_bigger_than_stat_says_is_still_refused_past_the_limit() -> None:
    from compliance.loading._base import Fail
    from compliance.loading.files import read

    with pytest.raises(Fail) as caught:
        read(str(PROC_STATUS), Limits(max_bytes=16))
    assert [p.code for p in caught.value.problems] == [Code.FILE_TOO_LARGE]


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("value", [".inf", "-.inf", "+.inf", ".Inf", ".nan", ".NaN"])
def test_yaml_infinity_and_nan_are_refused(value: str) -> None:
    p = yaml_problem(f"members: {value}\n")
    assert "finite" in p.message.en and "hữu hạn" in p.message.vi
    assert (p.line, p.column, p.pointer) == (1, 10, "/members")


def test_yaml_float_too_large_is_refused() -> None:
    assert "finite" in yaml_problem("amount_vnd: 1.0e+999\n").message.en


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused(value: str) -> None:
    p = json_problem(f'{{\n  "members": {value}\n}}')
    assert value in p.message.en and (p.line, p.column, p.pointer) == (2, 14, "/members")


@pytest.mark.parametrize("value", ["1e999", "-1e999"])
def test_json_number_too_large_for_a_float_is_refused(value: str) -> None:
    # json.loads turns 1e999 into inf without calling parse_constant
    assert value in json_problem(f'{{"amount_vnd": {value}}}').message.en


def test_json_integer_longer_than_python_converts_is_refused() -> None:
    p = json_problem('{"amount_vnd": ' + "9" * 5000 + "}")
    assert p.pointer == "/amount_vnd" and "…" in p.message.en


def test_long_json_integer_within_pythons_limit_loads() -> None:
    assert load_json('{"amount_vnd": ' + "9" * 400 + "}").data["amount_vnd"] == int("9" * 400)


# ----------------------------------------------------------------------------- keys


@pytest.mark.parametrize(
    ("text", "shown"), [("2023: năm học\n", "'2023'"), ("true: x\n", "'true'"), ("1.5: x\n", "'1.5'")]
)
def test_non_text_yaml_key_is_refused(text: str, shown: str) -> None:
    p = yaml_problem(text)
    assert shown in p.message.en and "keys must be text" in p.message.en and "chuỗi" in p.message.vi
    assert p.fix is not None and "quote it" in p.fix.en and (p.line, p.column) == (1, 1)


def test_null_yaml_key_is_refused() -> None:
    assert "keys must be text" in yaml_problem("~: x\n").message.en


def test_quoted_number_key_is_text() -> None:
    assert load_yaml('"2023": năm học\n').data == {"2023": "năm học"}


def test_date_key_stays_text() -> None:
    assert load_yaml("2024-01-03: hạn nộp\n").data == {"2024-01-03": "hạn nộp"}


def test_yes_key_stays_text() -> None:
    assert load_yaml("yes: x\n").data == {"yes": "x"}


def test_list_as_yaml_key_is_refused() -> None:
    assert "key must be text" in yaml_problem("[THCS]: x\n").message.en


def test_mapping_as_yaml_key_is_refused() -> None:
    assert "key must be text" in yaml_problem("? {a: 1}\n: x\n").message.en


# ----------------------------------------------------------------------------- merge keys

MERGE_BASE = "truong: &truong {unit_type: TRUONG, province: Hà Nội, district: Thanh Xuân}\n"


def test_merge_key_fills_in_missing_keys() -> None:
    text = MERGE_BASE + "submitter:\n  <<: *truong\n  unit_id: VN-HN-TX-THCS-NHANCHINH\n"
    assert load_yaml(text).data["submitter"] == {
        "unit_type": "TRUONG",
        "province": "Hà Nội",
        "district": "Thanh Xuân",
        "unit_id": "VN-HN-TX-THCS-NHANCHINH",
    }


def test_explicit_key_after_the_merge_wins() -> None:
    text = MERGE_BASE + "submitter:\n  <<: *truong\n  district: Cầu Giấy\n"
    assert load_yaml(text).data["submitter"]["district"] == "Cầu Giấy"


def test_explicit_key_before_the_merge_wins() -> None:
    text = MERGE_BASE + "submitter:\n  district: Cầu Giấy\n  <<: *truong\n"
    assert load_yaml(text).data["submitter"]["district"] == "Cầu Giấy"


def test_merge_of_a_list_takes_the_first_mapping_for_each_key() -> None:
    text = "a: &a {district: Thanh Xuân}\nb: &b {district: Cầu Giấy, province: Hà Nội}\nc:\n  <<: [*a, *b]\n"
    assert load_yaml(text).data["c"] == {"district": "Thanh Xuân", "province": "Hà Nội"}


def test_merge_of_an_inline_mapping() -> None:
    assert load_yaml("submitter:\n  <<: {unit_type: TRUONG}\n  unit_id: X\n").data == {
        "submitter": {"unit_type": "TRUONG", "unit_id": "X"}
    }


def test_merge_of_a_text_is_refused() -> None:
    p = yaml_problem("a: &s TRUONG\nsubmitter:\n  <<: *s\n")
    assert "'<<'" in p.message.en and (p.line, p.pointer) == (3, "/submitter")


def test_merge_key_twice_in_one_mapping_is_a_duplicate() -> None:
    p = yaml_problem(MERGE_BASE + "submitter:\n  <<: *truong\n  <<: *truong\n")
    assert "duplicate key '<<'" in p.message.en and p.line == 4


def test_merge_does_not_change_the_anchored_mapping() -> None:
    text = MERGE_BASE + "submitter:\n  <<: *truong\n  unit_id: X\n"
    assert "unit_id" not in load_yaml(text).data["truong"]


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert load_yaml('"<<": x\n').data == {"<<": "x"}


def test_merged_key_is_located_at_the_merge_key() -> None:
    source = load_yaml(MERGE_BASE + "submitter:\n  <<: *truong\n  unit_id: X\n").source_map
    assert source.locate("/submitter/district") == (3, 3)
    assert source.locate("/submitter/unit_id") == (4, 12)


# ----------------------------------------------------------------------------- source maps

SOURCE_YAML = """\
kind: BC_SO_KET_HK1
submitter:
  unit_id: VN-HN-TX-THCS-NHANCHINH
  unit_name: "Trường THCS Nhân Chính"
  school_levels: [THCS, THPT]
committees:
  - kind: TO_QL_CSVC
    members: 5
  - {kind: BCD_GDCT_CTHS_HDNGLL, members: 9}
"a/b": {"c~d": 1}
"""

SOURCE_JSON = """\
{
  "kind": "BC_SO_KET_HK1",
  "submitter": {
    "unit_id": "VN-HN-TX-THCS-NHANCHINH",
    "school_levels": ["THCS", "THPT"]
  },
  "committees": [
    {"kind": "TO_QL_CSVC", "members": 5},
    {"kind": "BCD_GDCT_CTHS_HDNGLL",
     "members": 9}
  ],
  "a/b": {"c~d": 1},
  "tên": "Trường"
}"""


@pytest.fixture(scope="module")
def yaml_map() -> SourceMap:
    return load_text(SOURCE_YAML, name="a.yaml", format="yaml").source_map


@pytest.fixture(scope="module")
def json_map() -> SourceMap:
    return load_text(SOURCE_JSON, name="a.json", format="json").source_map


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("/kind", (1, 7)),
        ("/submitter", (3, 3)),
        ("/submitter/unit_id", (3, 12)),
        ("/submitter/unit_name", (4, 14)),
        ("/committees/0", (7, 5)),
        ("/committees/0/members", (8, 14)),
    ],
)
def test_yaml_block_style_values_are_located_1_based(
    yaml_map: SourceMap, pointer: str, position: tuple[int, int]
) -> None:
    assert yaml_map.locate(pointer) == position


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("/submitter/school_levels", (5, 18)),
        ("/submitter/school_levels/1", (5, 25)),
        ("/committees/1", (9, 5)),
        ("/committees/1/members", (9, 43)),
    ],
)
def test_yaml_flow_style_values_are_located_1_based(
    yaml_map: SourceMap, pointer: str, position: tuple[int, int]
) -> None:
    assert yaml_map.locate(pointer) == position


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("", (1, 1)),
        ("/kind", (2, 11)),
        ("/submitter", (3, 16)),
        ("/submitter/unit_id", (4, 16)),
        ("/submitter/school_levels/1", (5, 31)),
        ("/committees/0", (8, 5)),
        ("/committees/0/members", (8, 39)),
        ("/committees/1/members", (10, 17)),
        ("/tên", (13, 10)),
    ],
)
def test_json_values_are_located_1_based(
    json_map: SourceMap, pointer: str, position: tuple[int, int]
) -> None:
    assert json_map.locate(pointer) == position


def test_yaml_root_is_located_at_the_start(yaml_map: SourceMap) -> None:
    assert yaml_map.locate("") == (1, 1)


def test_yaml_locate_key_points_at_the_key_not_the_value(yaml_map: SourceMap) -> None:
    assert yaml_map.locate_key("/submitter/unit_id") == (3, 3)
    assert yaml_map.locate_key("/committees/1/members") == (9, 34)


def test_json_locate_key_points_at_the_key_not_the_value(json_map: SourceMap) -> None:
    assert json_map.locate_key("/kind") == (2, 3)
    assert json_map.locate_key("/committees/1/members") == (10, 6)


def test_locate_key_of_a_list_item_falls_back_to_the_item(yaml_map: SourceMap) -> None:
    assert yaml_map.locate_key("/committees/0") == yaml_map.locate("/committees/0")


def test_locate_key_of_an_unknown_key_falls_back_to_the_object(json_map: SourceMap) -> None:
    assert json_map.locate_key("/submitter/khong_co") == json_map.locate("/submitter")


def test_yaml_unknown_pointer_falls_back_to_its_nearest_known_ancestor(yaml_map: SourceMap) -> None:
    assert yaml_map.locate("/committees/1/established_on") == (9, 5)
    assert yaml_map.locate("/committees/7/members") == yaml_map.locate("/committees")


def test_json_unknown_pointer_falls_back_to_its_nearest_known_ancestor(json_map: SourceMap) -> None:
    assert json_map.locate("/submitter/unit_name/deeper") == json_map.locate("/submitter")


def test_pointer_unknown_from_the_top_falls_back_to_the_root(json_map: SourceMap) -> None:
    assert json_map.locate("/khong-co") == (1, 1)


def test_malformed_pointer_falls_back_to_the_root(yaml_map: SourceMap) -> None:
    assert yaml_map.locate("kind") == (1, 1)


def test_yaml_key_containing_a_slash_is_addressed_with_tilde_1(yaml_map: SourceMap) -> None:
    assert yaml_map.locate("/a~1b") == (10, 8)
    assert yaml_map.locate_key("/a~1b") == (10, 1)


def test_json_key_containing_a_slash_is_addressed_with_tilde_1(json_map: SourceMap) -> None:
    assert json_map.locate("/a~1b") == (12, 10)
    assert json_map.locate_key("/a~1b") == (12, 3)


def test_key_containing_a_tilde_is_addressed_with_tilde_0(yaml_map: SourceMap, json_map: SourceMap) -> None:
    assert yaml_map.locate("/a~1b/c~0d") == (10, 16)
    assert json_map.locate("/a~1b/c~0d") == (12, 18)


def test_yaml_alias_is_located_where_the_alias_is_written() -> None:
    source = load_yaml("levels: &lv [TH, THCS]\nschool_levels: *lv\n").source_map
    assert source.locate("/school_levels") == (2, 16)
    assert source.locate("/school_levels/1") == (2, 16)


def test_json_escaped_key_is_located_by_its_decoded_name() -> None:
    source = load_json('{\n  "t\\u00ean": "Trường"\n}').source_map
    assert source.locate("/tên") == (2, 15)


def test_json_pointer_escapes_slash_and_tilde() -> None:
    assert json_pointer(["a/b", "c~d", 0]) == "/a~1b/c~0d/0"


def test_json_pointer_escapes_tilde_before_slash() -> None:
    assert json_pointer(["~1"]) == "/~01"


def test_json_pointer_of_no_steps_is_the_root() -> None:
    assert json_pointer([]) == ""


def test_json_source_map_is_only_worked_out_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    import compliance.loading._json
    from compliance.loading._jsonpos import JsonPositions

    made: list[JsonPositions] = []

    class Recorded(JsonPositions):
        def __init__(self, text: str) -> None:
            super().__init__(text)
            made.append(self)

    monkeypatch.setattr(compliance.loading._json, "JsonPositions", Recorded)
    loaded = load_json(SOURCE_JSON)
    assert [p.members_read for p in made] == [0]
    assert loaded.source_map.locate("/kind") == (2, 11)
    loaded.source_map.locate_key("/kind")
    assert [p.members_read for p in made] == [2]  # the document and its first member


def test_source_map_of_a_json_file_can_be_read_from_many_threads() -> None:
    source = load_json(SOURCE_JSON).source_map
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda _: source.locate("/committees/1/members"), range(32)))
    assert set(found) == {(10, 17)}


# text a file may hold: no control characters, surrogates or noncharacters (refused on load)
LOADABLE_TEXT = st.characters(exclude_categories=("Cc", "Cs", "Cn"))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(LOADABLE_TEXT, max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(LOADABLE_TEXT, max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
).filter(  # text already normalised, so the loaded data and its pointers equal the value's
    lambda value: (
        normalize_text(json.dumps(value, ensure_ascii=False)) == json.dumps(value, ensure_ascii=False)
    )
)


def pointers(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    found = [(pointer, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += pointers(item, pointer + json_pointer([key]))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += pointers(item, pointer + json_pointer([index]))
    return found


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.sampled_from([None, 1, 2]), st.booleans())
def test_json_source_map_locates_every_value_at_its_first_character(
    value: Any, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    loaded = load_json(text)
    lines = text.split("\n")
    for pointer, item in pointers(loaded.data):
        line, column = loaded.source_map.locate(pointer)
        assert line is not None and column is not None
        assert lines[line - 1][column - 1] == json.dumps(item)[0]


# ----------------------------------------------------------------------------- every error is an InputError

BAD_YAML: dict[str, str | bytes] = {
    "python-tag": 'kind: !!python/object/apply:os.system ["echo hi"]\n',
    "binary-tag": "attachment: !!binary aGVsbG8=\n",
    "duplicate-key": "kind: A\nkind: B\n",
    "billion-laughs": billion_laughs(),
    "deep": "[" * 100_000,
    "two-documents": "kind: A\n---\nkind: B\n",
    "empty": "",
    "syntax": "school_levels: [THCS\n",
    "not-utf8": b"unit_name: \xff\n",
    "control-character": "notes: \x07\n",
    "escaped-control-character": 'notes: "\\v"\n',
    "noncharacter": "notes: \ufffe\n",
    "ambiguous-number": "members: 010\n",
    "surrogate": "notes: \udcff\n",
    "nan": "members: .nan\n",
    "number-key": "2023: x\n",
    "list-key": "[a]: x\n",
    "merge-text": "a: &s x\nb:\n  <<: *s\n",
    "unknown-alias": "a: *x\n",
    "bool-tag": "a: !!bool on\n",
    "too-large": "x" * (DEFAULT_LIMITS.max_bytes + 1),
}
BAD_JSON: dict[str, str | bytes] = {
    "duplicate-key": '{"kind": "A", "kind": "B"}',
    "nfc-duplicate-key": '{"t\u00ean": 1, "te\u0302n": 2}',
    "deep": "[" * 100_000,
    "nan": '{"members": NaN}',
    "inf": '{"members": 1e400}',
    "long-int": "[" + "1" * 5000 + "]",
    "syntax": "{",
    "empty": "",
    "not-utf8": b'{"unit_name": "\xff"}',
    "surrogate-escape": '["\\udc00"]',
    "control-character": '{"notes": "\x85"}',
    "escaped-control-character": '{"notes": "\\u000b"}',
    "noncharacter": '["\ufffe"]',
    "too-large": b'["' + b"x" * DEFAULT_LIMITS.max_bytes + b'"]',
}


@pytest.mark.parametrize("text", BAD_YAML.values(), ids=BAD_YAML.keys())
def test_every_yaml_refusal_is_an_input_error_in_both_languages_naming_the_file(text: str | bytes) -> None:
    yaml_problem(text)


@pytest.mark.parametrize("text", BAD_JSON.values(), ids=BAD_JSON.keys())
def test_every_json_refusal_is_an_input_error_in_both_languages_naming_the_file(text: str | bytes) -> None:
    json_problem(text)


@pytest.mark.parametrize("text", BAD_YAML.values(), ids=BAD_YAML.keys())
def test_load_text_raises_the_error_class_it_is_given(text: str | bytes) -> None:
    with pytest.raises(ReportError):
        load_text(text, name="bao-cao.yaml", format="yaml", error=ReportError)


@pytest.mark.parametrize("name", ["bao-cao.txt", "khong-co.yaml", "thu-muc.yaml", "lon.json", "hong.json"])
def test_load_file_raises_the_error_class_it_is_given(tmp_path: Path, name: str) -> None:
    (tmp_path / "bao-cao.txt").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "thu-muc.yaml").mkdir()
    (tmp_path / "lon.json").write_text('{"notes": "' + "x" * 100 + '"}', encoding="utf-8")
    (tmp_path / "hong.json").write_text('{"a": }', encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_file(tmp_path / name, limits=Limits(max_bytes=50), error=RulePackError)
    assert_well_formed(info.value, str(tmp_path / name))


def test_problem_renders_file_line_column_and_fix() -> None:
    p = yaml_problem('kind: BC_SO_KET_HK1\nschool_year: "2023-2024"\nkind: BC_DOT_XUAT\n')
    assert p.render("en").startswith("bao-cao.yaml:3:1 /kind [duplicate-key] duplicate key 'kind'")
    assert "Cách sửa:" in p.render("vi")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_as_yaml_loads_or_raises_an_input_error(text: str) -> None:
    try:
        load_text(text, name="bat-ky.yaml", format="yaml")
    except InputError as exc:
        assert_well_formed(exc, "bat-ky.yaml")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_as_json_loads_or_raises_an_input_error(text: str) -> None:
    try:
        load_text(text, name="bat-ky.json", format="json")
    except InputError as exc:
        assert_well_formed(exc, "bat-ky.json")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_load_or_raise_an_input_error(data: bytes) -> None:
    for fmt in ("yaml", "json"):
        try:
            load_text(data, name=f"bat-ky.{fmt}", format=fmt)
        except InputError as exc:
            assert_well_formed(exc, f"bat-ky.{fmt}")


PUNCTUATION_SOUP = st.lists(
    st.sampled_from(
        [
            *"[]{}:,-?&*!|>'\"#\\\n ",
            "a",
            "1",
            "1e999",
            "true",
            "yes",
            "null",
            "NaN",
            ".inf",
            "<<",
            "---",
            "&x",
            "*x",
            "!!str",
            "!!set",
            "\\u00d0",
            "\\ud800",
            "Đ",
            "ệ",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(PUNCTUATION_SOUP, st.sampled_from(["yaml", "json"]))
def test_punctuation_soup_loads_or_raises_an_input_error(text: str, fmt: Format) -> None:
    try:
        loaded = load_text(text, name=f"bat-ky.{fmt}", format=fmt)
    except InputError as exc:
        assert_well_formed(exc, f"bat-ky.{fmt}")
    else:
        loaded.source_map.locate("/0/a")
