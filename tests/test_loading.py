"""Loading files safely: every bad input is an InputError naming the file, the place and the fix."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.errors import InputError, ReportError
from compliance.loading import Limits, load_file, load_text

REPORT_YAML = """\
kind: BC_SO_KET_HK1
school_year: "2023-2024"
received_at: 2024-01-02T16:41:00+07:00
submitter:
  unit_id: VN-HN-TX-THCS-NHANCHINH
  unit_name: Trường THCS Nhân Chính
  school_levels: [THCS]
committees:
  - {kind: TO_QL_CSVC, members: 5, tasks_assigned: true}
"""
REPORT_JSON = """\
{
  "kind": "BC_SO_KET_HK1",
  "school_year": "2023-2024",
  "received_at": "2024-01-02T16:41:00+07:00",
  "submitter": {"unit_id": "VN-HN-TX-THCS-NHANCHINH", "unit_name": "Trường THCS Nhân Chính", "school_levels": ["THCS"]},
  "committees": [{"kind": "TO_QL_CSVC", "members": 5, "tasks_assigned": true}]
}
"""


def yaml_error(text: str, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        load_text(text, name="bao-cao.yaml", format="yaml", **kwargs)  # type: ignore[arg-type]
    problem = info.value.problems[0]
    assert problem.file == "bao-cao.yaml" and problem.message.vi and problem.message.en
    return info.value


def json_error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        load_text(text, name="bao-cao.json", format="json")
    assert info.value.problems[0].file == "bao-cao.json"
    return info.value


def test_yaml_and_json_of_one_report_load_to_the_same_data() -> None:
    yaml_data = load_text(REPORT_YAML, name="a.yaml", format="yaml").data
    json_data = load_text(REPORT_JSON, name="a.json", format="json").data
    assert yaml_data == json_data


def test_dates_stay_as_written() -> None:
    assert (
        load_text(REPORT_YAML, name="a.yaml", format="yaml").data["received_at"]
        == "2024-01-02T16:41:00+07:00"
    )


def test_nfd_text_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Trường THCS Nhân Chính")
    data = load_text(f"unit_name: {nfd}\n", name="a.yaml", format="yaml").data
    assert data["unit_name"] == "Trường THCS Nhân Chính"


def test_icelandic_eth_is_read_as_vietnamese_d() -> None:
    data = load_text('{"so_hieu": "45/QÐ-THCS"}', name="a.json", format="json").data
    assert data["so_hieu"] == "45/QĐ-THCS"


def test_yes_and_no_stay_text_while_true_is_a_boolean() -> None:
    data = load_text("a: yes\nb: no\nc: on\nd: true\ne: False\n", name="a.yaml", format="yaml").data
    assert data == {"a": "yes", "b": "no", "c": "on", "d": True, "e": False}


def test_python_tag_is_refused(tmp_path: Path) -> None:
    err = yaml_error('kind: !!python/object/apply:os.system ["echo hi"]\n')
    assert "python/object/apply" in err.problems[0].message.en


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {a, b}", "!custom x"])
def test_non_standard_tags_are_refused(tag: str) -> None:
    assert "tag" in yaml_error(f"value: {tag}\n").problems[0].message.en


def test_duplicate_yaml_key_names_both_lines() -> None:
    err = yaml_error("kind: BC_SO_KET_HK1\nschool_year: 2023-2024\nkind: BC_DOT_XUAT\n")
    problem = err.problems[0]
    assert problem.line == 3 and "line 1" in problem.message.en


def test_duplicate_json_key_names_its_line() -> None:
    err = json_error('{\n  "kind": "A",\n  "kind": "B"\n}')
    assert err.problems[0].line == 3


def test_billion_laughs_is_refused() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    err = yaml_error("\n".join(lines) + "\n")
    assert "alias" in err.problems[0].message.en


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_very_deep_nesting_is_refused_without_crashing(fmt: str) -> None:
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError) as info:
        load_text(text, name=f"sau.{fmt}", format=fmt)  # type: ignore[arg-type]
    assert "deep" in info.value.problems[0].message.en


def test_file_over_the_size_limit_is_refused() -> None:
    assert "too large" in yaml_error("a: " + "x" * 2000, limits=Limits(max_bytes=1000)).problems[0].message.en


def test_two_documents_in_one_file_are_refused() -> None:
    assert "more than one" in yaml_error("a: 1\n---\nb: 2\n").problems[0].message.en


@pytest.mark.parametrize("text", ["", "# chỉ có chú thích\n"])
def test_empty_file_is_refused(text: str) -> None:
    assert "empty" in yaml_error(text).problems[0].message.en


def test_syntax_error_gives_line_and_column() -> None:
    problem = yaml_error("kind: BC_SO_KET_HK1\nsubmitter:\n  unit_id: [X\n").problems[0]
    assert problem.line is not None and problem.column is not None and "syntax" in problem.message.en


def test_json_syntax_error_gives_line_and_column() -> None:
    problem = json_error('{\n  "kind": "BC_SO_KET_HK1",,\n}').problems[0]
    assert (problem.line, problem.column) == (2, 27)


def test_invalid_utf8_is_refused_naming_the_byte() -> None:
    err = yaml_error(b"unit_name: Tr\xff\xfeng\n")  # type: ignore[arg-type]
    assert "byte 13" in err.problems[0].message.en


def test_non_finite_numbers_are_refused() -> None:
    yaml_error("members: .inf\n")
    json_error('{"members": NaN}')


def test_non_text_keys_are_refused() -> None:
    assert "quote" in (yaml_error("2023: năm học\n").problems[0].fix.en or "")  # type: ignore[union-attr]


def test_merge_key_fills_in_and_explicit_keys_win() -> None:
    text = (
        "base: &b {unit_type: TRUONG, school_levels: [TH]}\nsubmitter:\n  <<: *b\n  school_levels: [THCS]\n"
    )
    data = load_text(text, name="a.yaml", format="yaml").data
    assert data["submitter"] == {"unit_type": "TRUONG", "school_levels": ["THCS"]}


def test_json_keys_equal_after_nfc_are_duplicates() -> None:
    nfd = unicodedata.normalize("NFD", "tên")
    json_error(f'{{"tên": 1, "{nfd}": 2}}')


def test_unknown_extension_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bao-cao.txt").write_text("a: 1", encoding="utf-8")
    for path in (tmp_path / "bao-cao.txt", tmp_path / "khong-co.yaml"):
        with pytest.raises(ReportError):
            load_file(path, error=ReportError)
    (tmp_path / "thu-muc.yaml").mkdir()
    with pytest.raises(InputError):
        load_file(tmp_path / "thu-muc.yaml")


def test_source_map_points_at_values_and_keys_in_yaml() -> None:
    source = load_text(REPORT_YAML, name="a.yaml", format="yaml").source_map
    assert source.locate("/submitter/unit_name") == (6, 14)
    assert source.locate("/committees/0/members") == (9, 33)
    assert source.locate_key("/submitter/school_levels") == (7, 3)
    assert source.locate("/committees/0/khong-co") == source.locate("/committees/0")


def test_source_map_points_at_values_and_keys_in_json() -> None:
    source = load_text(REPORT_JSON, name="a.json", format="json").source_map
    assert source.locate("/committees/0/members") == (6, 52)
    assert source.locate_key("/kind") == (2, 3)


def test_source_map_escapes_slashes_in_keys() -> None:
    source = load_text('{"a/b": {"c": 1}}', name="a.json", format="json").source_map
    assert source.locate("/a~1b/c") == (1, 15)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["yaml", "json"]))
def test_arbitrary_text_loads_or_gives_an_input_error(text: str, fmt: str) -> None:
    try:
        load_text(text, name="bat-ky", format=fmt)  # type: ignore[arg-type]
    except InputError as exc:
        assert all(p.message.vi and p.message.en for p in exc.problems)
