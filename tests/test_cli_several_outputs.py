"""Several ``--out`` in one run (``check``, ``audit``): each file in the format of its suffix, one
evaluation written to each, ``--format`` for an ``--out`` whose suffix names no format (and refused
beside another format's suffix), the same file twice refused, and a rejected input's document
written to every machine-readable ``--out``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import counting_evaluator
from builders import EXAMPLES, ROSTER
from compliance.cli import main
from compliance.cli.output import resolve_all
from compliance.errors import InputError
from compliance.evaluators import EVALUATORS, Entry
from compliance.reporters import REPORTERS

AUDIT = ["audit", str(EXAMPLES), "--roster", str(ROSTER), "--as-of", "30/06/2024", "--jobs", "1"]
CHECK = ["check", str(EXAMPLES / "th-kim-giang"), "--as-of", "30/06/2024"]
BAD = (
    'kind: BC_SO_KET_HK1\nschool_year: "2023-2024"\nreceived_at: 2024-01-02\n'
    "submitter: {unit_id: X, unit_type: TRUONG, school_levels: [TH]}\ncommittees:\n  - kind: TO_QL_CSVC\n"
    "    establised_on: 2023-09-25\n"
)


def outs(*paths: Path) -> list[str]:
    return [arg for path in paths for arg in ("--out", str(path))]


def test_each_out_is_written_in_the_format_of_its_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    html, xlsx, sarif, data, csv, junit = (
        tmp_path / name
        for name in (
            "kiem-tra.html",
            "kiem-tra.xlsx",
            "kiem-tra.sarif",
            "kiem-tra.json",
            "kiem-tra.csv",
            "kq.junit.xml",
        )
    )
    assert main([*AUDIT, *outs(html, xlsx, sarif, data, csv, junit)]) == 1
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert zipfile.is_zipfile(xlsx)
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert json.loads(data.read_text(encoding="utf-8"))["format"] == "compliance-findings"
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets read UTF-8 by
    assert ET.parse(junit).getroot().tag == "testsuites"
    err = capsys.readouterr().err
    for path in (html, xlsx, sarif, data, csv, junit):  # each says where it went
        assert str(path) in err


def test_several_outs_are_written_from_one_evaluation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(EVALUATORS, "counting", Entry("counting_evaluator:CountingEvaluator", {}))
    monkeypatch.setattr(counting_evaluator, "EVALUATED", [])
    assert main([*AUDIT, "--engine", "counting", *outs(tmp_path / "one.json")]) == 1
    once = list(counting_evaluator.EVALUATED)
    assert once  # the examples' portfolios were evaluated through this back end
    counting_evaluator.EVALUATED.clear()
    several = outs(*(tmp_path / f"all.{suffix}" for suffix in ("html", "xlsx", "sarif", "json", "csv")))
    assert main([*AUDIT, "--engine", "counting", *several]) == 1
    assert sorted(counting_evaluator.EVALUATED) == sorted(once)  # each portfolio once, not once per file


def test_each_file_is_the_one_a_run_of_its_own_writes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    together = [tmp_path / "cung.json", tmp_path / "cung.csv"]
    assert main([*AUDIT, *outs(*together)]) == 1
    for path in together:
        alone = tmp_path / f"rieng{path.suffix}"
        assert main([*AUDIT, *outs(alone)]) == 1
        assert path.read_bytes() == alone.read_bytes()


def test_standard_output_may_be_one_of_the_outs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "kiem-tra.json"
    assert main([*CHECK, "--out", "-", "--out", str(target), "--lang", "en"]) == 1
    assert capsys.readouterr().out.startswith("Unit: ")  # text, the default, on standard output
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "compliance-findings"


def test_format_is_the_format_of_the_out_whose_suffix_names_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plain, sheet = tmp_path / "ket-qua.out", tmp_path / "ket-qua.xlsx"
    assert main([*CHECK, "--format", "xlsx", *outs(plain, sheet)]) == 1
    assert zipfile.is_zipfile(plain) and zipfile.is_zipfile(sheet)


def test_format_beside_a_suffix_of_another_format_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data, sheet = tmp_path / "kiem-tra.json", tmp_path / "kiem-tra.xlsx"
    assert main([*AUDIT, "--format", "json", *outs(data, sheet), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"--out [format-mismatch] --format json does not suit '{sheet}'" in err
    assert "leave out --format (the suffix picks the format)" in err
    assert list(tmp_path.iterdir()) == []


def test_the_same_file_named_twice_is_refused_in_vietnamese_with_the_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*CHECK, "--out", "kiem-tra.json", "--out", "./kiem-tra.json"]) == 2
    err = capsys.readouterr().err
    assert "--out [out-repeated] --out ./kiem-tra.json được ghi hai lần trong cùng một lệnh" in err
    assert "Cách sửa: mỗi --out ghi một tệp riêng" in err
    assert list(tmp_path.iterdir()) == []


def test_standard_output_named_twice_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        resolve_all("text", ["-", "-"], REPORTERS, format_given=False, stdout_is_terminal=False)
    assert [p.code.value for p in caught.value.problems] == ["out-repeated"]


def test_no_out_is_standard_output_in_the_format_asked_for() -> None:
    (target,) = resolve_all("json", None, REPORTERS, stdout_is_terminal=False)
    assert (target.format, target.path) == ("json", None)


def test_a_rejected_input_writes_its_document_to_every_machine_readable_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bao-cao.yaml"
    bad.write_text(BAD, encoding="utf-8")
    data, sarif, junit, page = (tmp_path / "kq" / n for n in ("kq.json", "kq.sarif", "kq.xml", "kq.html"))
    assert main(["check", str(bad), "--as-of", "30/06/2024", *outs(data, sarif, junit, page)]) == 2
    (problem,) = json.loads(data.read_text(encoding="utf-8"))["problems"]
    assert (problem["line"], problem["code"]) == (7, "schema-unknown-key")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert any("establised_on" in json.dumps(r, ensure_ascii=False) for r in results)
    assert "establised_on" in junit.read_text(encoding="utf-8")
    assert not page.exists()  # a page for people: the message on standard error is theirs
    assert "establised_on" in capsys.readouterr().err
