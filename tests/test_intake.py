"""Spreadsheet reports (issue 14, items 1–3): the form written from the schema, a filled .xlsx read
like a YAML report (every problem naming its sheet and cell), and conversions between the formats.

Workbooks are filled here as a unit's clerk would: the form is written by ``compliance template``
or ``convert``, then opened with openpyxl (as Excel would), cells typed in, and saved.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook, load_workbook

from builders import EXAMPLES
from compliance import Engine
from compliance.cli import main
from compliance.errors import Code, InputError, ReportError
from compliance.findings import as_json
from compliance.layout import HEADER_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET, NONE_WORD, layout
from compliance.loading import Limits, load_file, load_report_bytes
from compliance.paths import find_reports
from compliance.template import PERSONAL_DATA_WARNING, fields_read, write_report, write_template
from strategies import reports

AS_OF = dt.date(2024, 6, 30)
BRIEFINGS = "Quán triệt kế hoạch"
EVENTS = "Sự kiện"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".json"))

KIM_GIANG_YAML = EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml"
KIM_GIANG: dict[str, Any] = load_file(KIM_GIANG_YAML).data  # briefings in rows 2-5: CBQL, GV, NV (8 of 9), HS


def xlsx(tmp_path: Path, data: dict[str, Any], name: str = "bao-cao.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(write_report(data, name=name))
    return path


def edit(path: Path, sheet: str, cells: dict[str, Any]) -> Path:
    """Type values into cells, as a clerk does in Excel, and save."""
    book = load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)
    return path


def problems_of(path: Path, **kwargs: Any) -> list[tuple[str, str | None]]:
    with pytest.raises(ReportError) as caught:
        load_file(path, error=ReportError, workbook=True, **kwargs)
    return [(p.code.value, p.at.cell) for p in caught.value.problems]


def header_row(key: str) -> int:
    """The row of the header sheet that holds the field ``key``."""
    keys = [c.key for c in layout().header.columns]
    return keys.index(key) + 2


# ----------------------------------------------------------------------------- reading


def test_a_filled_workbook_reads_as_the_report_it_holds(tmp_path: Path) -> None:
    loaded = load_file(xlsx(tmp_path, KIM_GIANG), workbook=True)
    assert loaded.format == "xlsx"
    assert loaded.data == KIM_GIANG


def test_receipts_and_the_channel_have_their_sheet_and_labels_and_read_back(tmp_path: Path) -> None:
    """Version 2's new fields flow into the form: the receipts get a sheet of their own, the channel
    a drop-down label, and both read back as the report holds them."""
    data = {
        **KIM_GIANG,
        "schema_version": "2",
        "submission_channel": "HE_THONG_QLVB",
        "receipts": [
            {"unit_id": "VN-HN-PGDDT-THANHXUAN", "received_at": "2024-01-05T10:20:00+07:00", "so_den": "215"},
            {"unit_id": "VN-HN-UBND-THANHXUAN", "received_at": "2024-01-08", "channel": "EMAIL_CONG_VU"},
        ],
    }
    path = xlsx(tmp_path, data)
    book = load_workbook(path)
    header = {row[0].value: row[1].value for row in book[HEADER_SHEET].iter_rows(min_row=2)}
    assert header["Cách gửi văn bản"] == "Hệ thống quản lý văn bản và điều hành"
    rows = list(book["Ngày đến tại từng nơi nhận"].iter_rows(values_only=True))
    assert rows[0][:4] == (
        "Mã đơn vị nhận *",
        "Thời điểm nơi này nhận được *",
        "Số đến trong sổ văn bản đến của nơi nhận",
        "Cách gửi đến nơi này",
    )
    assert rows[2][3] == "Thư điện tử công vụ"
    assert load_file(path, workbook=True).data == data


def test_a_workbook_is_no_report_where_only_text_is_read(tmp_path: Path) -> None:
    """Rule packs, rosters and waivers stay text: .xlsx is accepted for reports only."""
    with pytest.raises(InputError) as caught:
        load_file(xlsx(tmp_path, KIM_GIANG))
    assert caught.value.problems[0].code is Code.UNSUPPORTED_FILE_TYPE


def test_the_labels_a_clerk_picks_become_codes(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"D2": "Giáo viên"})
    assert load_file(path, workbook=True).data["briefings"][0]["group"] == "GV"


def test_a_label_not_in_the_list_names_the_cell_and_the_list(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"D4": "Bảo vệ"})
    with pytest.raises(ReportError) as caught:
        load_file(path, error=ReportError, workbook=True)
    (p,) = caught.value.problems
    assert (p.code, p.at.cell) == (Code.XLSX_LABEL, f"{BRIEFINGS}!D4")
    assert "Nhân viên" in p.fix.vi
    assert str(p.at) == f"{path} › {BRIEFINGS}!D4"


def test_a_formula_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"F2": "=E2"})
    assert problems_of(path) == [("xlsx-formula", f"{BRIEFINGS}!F2")]


def test_a_typed_date_and_a_date_cell_are_both_dates(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"A2": "05/10/2023", "A3": dt.datetime(2023, 10, 6)})
    held = [b.get("held_on") for b in load_file(path, workbook=True).data["briefings"]]
    assert held == ["2023-10-05", "2023-10-06", "2023-10-07", "2023-10-09"]


def test_a_day_that_does_not_exist_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"A2": "31/02/2024"})
    assert problems_of(path) == [("xlsx-date", f"{BRIEFINGS}!A2")]


def test_a_received_moment_with_a_time_keeps_it(tmp_path: Path) -> None:
    row = header_row("received_at")
    path = edit(xlsx(tmp_path, KIM_GIANG), HEADER_SHEET, {f"B{row}": "05/01/2024 16:45"})
    assert load_file(path, workbook=True).data["received_at"] == "2024-01-05T16:45:00"


def test_whole_numbers_stay_integers(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"E2": 3.0, "F2": "3"})
    first = load_file(path, workbook=True).data["briefings"][0]
    assert (first["total"], first["reached"]) == (3, 3)
    assert type(first["total"]) is int and type(first["reached"]) is int


def test_a_fraction_of_a_person_is_a_schema_problem_at_the_cell(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"F4": 7.5})
    with pytest.raises(ReportError) as caught:
        Engine.from_path().check([path], as_of=AS_OF)
    (p,) = caught.value.problems
    assert (p.code, p.at.cell, p.at.pointer) == (Code.SCHEMA_TYPE, f"{BRIEFINGS}!F4", "/briefings/2/reached")


def test_text_is_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Trường Tiểu học Kim Giang")
    row = header_row("submitter.unit_name")
    path = edit(xlsx(tmp_path, KIM_GIANG), HEADER_SHEET, {f"B{row}": decomposed})
    assert load_file(path, workbook=True).data["submitter"]["unit_name"] == "Trường Tiểu học Kim Giang"


def test_blank_rows_are_ignored(tmp_path: Path) -> None:
    path = xlsx(tmp_path, KIM_GIANG)
    book = load_workbook(path)
    book[BRIEFINGS].insert_rows(3, 2)  # two blank rows between the items
    book.save(path)
    assert load_file(path, workbook=True).data["briefings"] == KIM_GIANG["briefings"]


def test_none_written_out_is_an_empty_list(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), EVENTS, {"A2": NONE_WORD})
    assert load_file(path, workbook=True).data["events"] == []


def test_an_unknown_sheet_and_an_unknown_column_are_named(tmp_path: Path) -> None:
    path = xlsx(tmp_path, KIM_GIANG)
    book = load_workbook(path)
    book.create_sheet("Trang tính 1")["A1"] = "ghi chú riêng"
    book[BRIEFINGS]["G1"] = "Số người vắng"
    book.save(path)
    assert sorted(problems_of(path)) == [
        ("xlsx-unknown-column", f"{BRIEFINGS}!G1"),
        ("xlsx-unknown-sheet", "Trang tính 1"),
    ]


def test_a_value_under_no_heading_is_refused(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"H2": 5})
    assert problems_of(path) == [("xlsx-no-heading", f"{BRIEFINGS}!H2")]


def test_a_value_beside_the_header_sheet_s_columns_is_refused(tmp_path: Path) -> None:
    row = header_row("submitter.unit_name")
    path = edit(xlsx(tmp_path, KIM_GIANG), HEADER_SHEET, {f"D{row}": "Trường Tiểu học Kim Giang"})
    assert problems_of(path) == [("xlsx-no-heading", f"{HEADER_SHEET}!D{row}")]


def test_a_column_given_twice_is_refused(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"G1": "Tổng số người của nhóm"})
    assert problems_of(path) == [("xlsx-duplicate-column", f"{BRIEFINGS}!G1")]


def test_an_extension_column_is_read_unchecked(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"G1": "x-ghi-chu", "G2": "họp toàn trường"})
    assert load_file(path, workbook=True).data["briefings"][0]["x-ghi-chu"] == "họp toàn trường"


def test_rows_past_the_limit_are_refused(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"D99": "Giáo viên"})
    assert problems_of(path, limits=Limits(max_rows=98)) == [("xlsx-too-many-rows", BRIEFINGS)]


def test_a_column_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"XFD2": 1})
    assert problems_of(path) == [("xlsx-too-many-columns", f"{BRIEFINGS}!XFD2")]


def test_a_macro_workbook_is_refused_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsm"
    path.write_bytes(write_report(KIM_GIANG, name="bao-cao.xlsm"))
    assert problems_of(path) == [("xlsx-macros", None)]


def test_a_workbook_holding_macros_is_refused_whatever_its_name(tmp_path: Path) -> None:
    path = xlsx(tmp_path, KIM_GIANG)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    assert problems_of(path) == [("xlsx-macros", None)]


def test_xml_entities_in_a_sheet_are_refused_never_expanded(tmp_path: Path) -> None:
    """An entity-expansion bomb ("billion laughs") in a sheet's XML: defusedxml stops the parser."""
    path = xlsx(tmp_path, KIM_GIANG)
    evil = tmp_path / "bao-cao-thuc-the.xlsx"
    entities = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename.startswith("xl/worksheets/"):
                data = data.decode("utf-8").replace("?>", "?>" + entities, 1).encode("utf-8")
            target.writestr(member, data)
    assert problems_of(evil) == [("xlsx-not-a-workbook", None)]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """A member that unpacks to more than the limit: refused from the zip's directory alone."""
    path = xlsx(tmp_path, KIM_GIANG)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", b"\0" * 2_000_000)
    assert path.stat().st_size < 200_000
    assert problems_of(path, limits=Limits(max_unpacked_bytes=1_000_000)) == [
        ("xlsx-unpacked-too-large", None)
    ]


def test_a_file_that_is_no_workbook_is_said_to_be_so(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    path.write_text("kind: BC_SO_KET_HK1\n", encoding="utf-8")  # a YAML report saved under the wrong name
    assert problems_of(path) == [("xlsx-not-a-workbook", None)]


def test_a_file_that_is_no_zip_is_said_so_in_each_language_alone(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    path.write_text("kind: BC_SO_KET_HK1\n", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        load_file(path, error=ReportError, workbook=True)
    (found,) = caught.value.problems
    assert "không phải tệp zip" in found.message.vi and "zip file" not in found.message.vi
    assert "not a zip file" in found.message.en and "tệp zip" not in found.message.en


def test_an_old_xls_is_refused_with_the_report_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    with pytest.raises(ReportError) as caught:
        load_file(path, error=ReportError, workbook=True)
    assert caught.value.problems[0].code is Code.UNSUPPORTED_REPORT_TYPE
    assert ".xlsx" in caught.value.problems[0].message.vi


def test_a_workbook_written_by_hand_in_the_form_s_layout_is_read(tmp_path: Path) -> None:
    """Not from our writer: headings typed in, the English keys accepted for the Vietnamese."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = HEADER_SHEET
    sheet.append(["Mục", "Giá trị"])
    for row in (
        ["Loại văn bản", "Báo cáo sơ kết học kỳ I"],
        ["Năm học", "2023-2024"],
        ["submitter.unit_id", "VN-HN-TX-TH-KIMGIANG"],
        ["Đơn vị gửi — Loại đơn vị", "TRUONG"],
        ["Đơn vị gửi — Các cấp học của trường", "Tiểu học"],
        ["Thời điểm nơi nhận nhận được", dt.datetime(2024, 1, 5)],
    ):
        sheet.append(row)
    drills = book.create_sheet("drills")
    drills.append(["kind", "held_on", "scenarios"])
    drills.append(["THUC_TAP_PACC", "09/11/2023", "Cháy phòng thí nghiệm; Cháy nhà bếp"])
    path = tmp_path / "tu-lam.xlsx"
    book.save(path)
    assert load_file(path, workbook=True).data == {
        "kind": "BC_SO_KET_HK1",
        "school_year": "2023-2024",
        "submitter": {"unit_id": "VN-HN-TX-TH-KIMGIANG", "unit_type": "TRUONG", "school_levels": ["TH"]},
        "received_at": "2024-01-05",
        "drills": [
            {
                "kind": "THUC_TAP_PACC",
                "held_on": "2023-11-09",
                "scenarios": ["Cháy phòng thí nghiệm", "Cháy nhà bếp"],
            }
        ],
    }


def test_an_upload_of_bytes_reads_as_the_file_does(tmp_path: Path) -> None:
    raw = write_report(KIM_GIANG, name="x.xlsx")
    assert load_report_bytes(raw, name="tai-len.xlsx").data == KIM_GIANG


# ----------------------------------------------------------------------------- check, audit, evidence


def test_evidence_in_findings_points_at_the_cell(tmp_path: Path) -> None:
    result = Engine.from_path().check([xlsx(tmp_path, KIM_GIANG)], as_of=AS_OF)
    briefed = next(f for f in result.findings if f.rule_id == "TX2324-T-QUAN-TRIET")
    cells = {e.cell for e in briefed.evidence}
    assert f"{BRIEFINGS}!4:4" in cells  # the NV briefing, 8 of 9
    assert all(e.line is None for e in briefed.evidence)


def test_the_text_report_shows_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # no wrapping: where a line breaks depends on tmp_path's length
    path = xlsx(tmp_path, KIM_GIANG)
    main(["check", str(path), "--as-of", "30/06/2024", "--lang", "vi"])
    assert f"› {BRIEFINGS}!" in capsys.readouterr().out


def test_check_of_an_xlsx_with_a_bad_cell_exits_2_naming_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"E4": "chín"})
    assert main(["check", str(path), "--as-of", "30/06/2024"]) == 2
    assert f"{path} › {BRIEFINGS}!E4 [xlsx-number]" in capsys.readouterr().err


def test_an_audit_finds_workbooks_and_skips_excel_lock_files(tmp_path: Path) -> None:
    xlsx(tmp_path, KIM_GIANG)
    (tmp_path / "~$bao-cao.xlsx").write_bytes(b"\x0cnguoi-dung")
    found = find_reports([tmp_path])
    assert [p.name for p in found.files] == ["bao-cao.xlsx"]
    assert found.problems == []


def _stable(result: Any, *files: Path) -> list[dict[str, Any]]:
    """The findings without where their evidence was written (a line in YAML, a cell in XLSX),
    ``files`` named as "DOC" wherever they are named."""
    out = []
    for finding in result.findings:
        data = as_json(finding)
        for evidence in data["evidence"]:
            evidence["document"] = Path(evidence["document"]).stem
            for key in ("line", "column", "cell"):
                evidence.pop(key)
        text = json.dumps(data, ensure_ascii=False)
        for file in files:
            text = text.replace(str(file), "DOC")
        out.append(json.loads(text))
    return out


def test_every_example_converted_to_xlsx_gives_the_same_findings(tmp_path: Path) -> None:
    for source in EXAMPLE_FILES:
        folder = tmp_path / source.parent.name
        folder.mkdir(exist_ok=True)
        target = folder / f"{source.stem}.xlsx"
        assert main(["convert", str(source), "--to", "xlsx", "--out", str(target)]) == 0
    engine = Engine.from_path()
    from_yaml = engine.check([EXAMPLES], as_of=AS_OF)
    from_xlsx = engine.check([tmp_path], as_of=AS_OF)
    assert len(from_xlsx.findings) == len(from_yaml.findings) > 50
    assert _stable(from_xlsx) == _stable(from_yaml)
    cells = [e.cell for f in from_xlsx.findings for e in f.evidence]
    assert cells and all(cells)


@pytest.mark.parametrize("source", EXAMPLE_FILES, ids=lambda p: p.name)
def test_each_example_survives_xlsx_and_back(source: Path, tmp_path: Path) -> None:
    original = load_file(source, workbook=True).data
    assert load_report_bytes(write_report(original, name=source.name), name="x.xlsx").data == original


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_generated_reports_round_trip_through_xlsx(data: dict[str, Any]) -> None:
    assert load_report_bytes(write_report(data, name="sinh.yaml"), name="sinh.xlsx").data == data


# ----------------------------------------------------------------------------- convert


def test_convert_to_yaml_and_json_keeps_the_report(tmp_path: Path) -> None:
    source = xlsx(tmp_path, KIM_GIANG)
    assert main(["convert", str(source), "--out", str(tmp_path / "r.yaml")]) == 0
    assert main(["convert", str(tmp_path / "r.yaml"), "--to", "json", "--out", str(tmp_path / "r.json")]) == 0
    assert yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8")) == KIM_GIANG
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == KIM_GIANG
    assert load_file(tmp_path / "r.yaml").data == KIM_GIANG


def test_convert_to_yaml_quotes_text_that_looks_like_a_number(tmp_path: Path) -> None:
    """A tax id with a leading zero stays text: our YAML loader refuses it unquoted."""
    data = {
        **KIM_GIANG,
        "food_safety": {
            "suppliers_total": 1,
            "supplier_commitments": [
                {"supplier_name": "Công ty TNHH Thực phẩm sạch Hà Nội", "supplier_tax_id": "0108123456"}
            ],
        },
    }
    source = xlsx(tmp_path, data)
    assert main(["convert", str(source), "--out", str(tmp_path / "r.yaml")]) == 0
    assert load_file(tmp_path / "r.yaml").data == data


def test_convert_refuses_an_invalid_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "sai.yaml"
    bad.write_text(yaml.safe_dump({**KIM_GIANG, "school_yea": "2023"}), encoding="utf-8")
    assert main(["convert", str(bad), "--to", "xlsx", "--out", str(tmp_path / "sai.xlsx")]) == 2
    assert "schema-unknown-key" in capsys.readouterr().err
    assert not (tmp_path / "sai.xlsx").exists()


def test_convert_without_a_format_says_which_to_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(EXAMPLE_FILES[0])]) == 2
    assert "convert-no-format" in capsys.readouterr().err


def test_a_value_no_cell_can_hold_is_refused_by_its_pointer(tmp_path: Path) -> None:
    data = copy.deepcopy(KIM_GIANG)
    data["drills"] = [{"kind": "THUC_TAP_PACC", "held_on": "2023-11-09", "scenarios": ["Cháy; nổ"]}]
    source = tmp_path / "r.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        main_raising(["convert", str(source), "--to", "xlsx", "--out", str(tmp_path / "r.xlsx")])
    (p,) = caught.value.problems
    assert (p.code, p.at.pointer) == (Code.XLSX_CANNOT_HOLD, "/drills/0/scenarios/0")


def main_raising(argv: list[str]) -> None:
    from compliance.cli import build_parser

    args = build_parser().parse_args(argv)
    args.run(args)


# ----------------------------------------------------------------------------- templates


def template(tmp_path: Path, *extra: str, kind: str = "BC_SO_KET_HK1") -> Path:
    path = tmp_path / "bieu-mau.xlsx"
    assert main(["template", kind, "--out", str(path), *extra]) == 0
    return path


def test_the_template_has_the_header_a_sheet_per_collection_and_the_instructions(tmp_path: Path) -> None:
    book = load_workbook(template(tmp_path))
    form = layout()
    assert set(book.sheetnames) == {
        INSTRUCTIONS_SHEET,
        LISTS_SHEET,
        HEADER_SHEET,
        *(s.name for s in form.collections),
    }
    assert book[LISTS_SHEET].sheet_state == "hidden"


def test_headings_are_vietnamese_with_the_english_key_in_a_comment(tmp_path: Path) -> None:
    sheet = load_workbook(template(tmp_path))[BRIEFINGS]
    assert [c.value for c in sheet[1]] == [
        "Ngày tổ chức",
        "Nội dung quán triệt",
        "Chủ đề đã quán triệt, triển khai",
        "Nhóm đối tượng *",
        "Tổng số người của nhóm *",
        "Số người đã được quán triệt *",
    ]
    comment = sheet["F1"].comment
    assert comment is not None and comment.text.startswith("reached\n")


def test_every_enumeration_has_a_drop_down_of_its_labels(tmp_path: Path) -> None:
    book = load_workbook(template(tmp_path))
    sheet = book[BRIEFINGS]
    (group,) = [v for v in sheet.data_validations.dataValidation if "D2" in v.sqref]
    assert group.type == "list"
    column = group.formula1.split("!")[1].replace("$", "")
    listed = [c.value for c in book[LISTS_SHEET][column.split(":")[0][0]] if c.value]
    assert "Nhân viên" in listed and "Giáo viên" in listed


def test_date_columns_are_date_cells_shown_dd_mm_yyyy(tmp_path: Path) -> None:
    sheet = load_workbook(template(tmp_path))[BRIEFINGS]
    assert (
        sheet.column_dimensions["A"].number_format == "dd/mm/yyyy"
        or sheet["A2"].number_format == "dd/mm/yyyy"
    )


def test_the_instructions_cite_the_rules_and_warn_of_personal_data(tmp_path: Path) -> None:
    rows = [[c.value for c in r] for r in load_workbook(template(tmp_path))[INSTRUCTIONS_SHEET].iter_rows()]
    flat = [str(v) for r in rows for v in r if v]
    assert PERSONAL_DATA_WARNING in flat
    reached = next(r for r in rows if r[2] == "briefings.reached")
    assert "TX2324-T-QUAN-TRIET" in str(reached[3])


def test_a_pack_limits_the_form_to_the_fields_its_rules_read(tmp_path: Path) -> None:
    pack = Path(__file__).resolve().parents[1] / "rules" / "002-thanh-xuan-gdct-cths-2023-2024.yaml"
    book = load_workbook(template(tmp_path, "--pack", str(pack), "--unit-type", "TRUONG"))
    full = {s.name for s in layout().collections}
    assert BRIEFINGS in book.sheetnames
    assert set(book.sheetnames) < {INSTRUCTIONS_SHEET, LISTS_SHEET, HEADER_SHEET, *full}
    engine = Engine.from_path(pack)
    read = set().union(*(fields_read(r) for r in engine.program.rules))
    assert "briefings.reached" in read
    headings = [c.value for c in book[BRIEFINGS][1]]
    assert "Nội dung quán triệt" not in headings  # briefings.topic: no rule of the pack reads it
    assert "Số người đã được quán triệt *" in headings


def test_the_template_presets_the_kind_and_the_unit_type(tmp_path: Path) -> None:
    sheet = load_workbook(template(tmp_path, "--unit-type", "TRUONG"))[HEADER_SHEET]
    values = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}
    assert values["Loại văn bản *"] == "Báo cáo sơ kết học kỳ I"
    assert values["Đơn vị gửi — Loại đơn vị *"] == "Trường học"


def test_a_filled_template_checks_like_its_yaml(tmp_path: Path) -> None:
    """The whole way: a clerk fills the blank form; the office checks it."""
    path = template(tmp_path, "--unit-type", "TRUONG")
    rows = {
        key: header_row(key)
        for key in (
            "school_year",
            "submitter.unit_id",
            "submitter.school_levels",
            "received_at",
            "document.so_hieu",
        )
    }
    edit(
        path,
        HEADER_SHEET,
        {
            f"B{rows['school_year']}": "2023-2024",
            f"B{rows['submitter.unit_id']}": "VN-HN-TX-TH-KIMGIANG",
            f"B{rows['submitter.school_levels']}": "Tiểu học",
            f"B{rows['received_at']}": dt.datetime(2024, 1, 5),
            f"B{rows['document.so_hieu']}": "03/BC-THKG",
        },
    )
    edit(path, BRIEFINGS, {"D2": "Nhân viên", "E2": 9, "F2": 8})
    filled = Engine.from_path().check([path], as_of=AS_OF)
    expected = {
        "schema_version": "2",
        "kind": "BC_SO_KET_HK1",
        "school_year": "2023-2024",
        "submitter": {"unit_id": "VN-HN-TX-TH-KIMGIANG", "unit_type": "TRUONG", "school_levels": ["TH"]},
        "received_at": "2024-01-05",
        "document": {"so_hieu": "03/BC-THKG"},
        "briefings": [{"group": "NV", "total": 9, "reached": 8}],
    }
    assert load_file(path, workbook=True).data == expected
    same = tmp_path / "same.yaml"
    same.write_text(yaml.safe_dump(expected, allow_unicode=True), encoding="utf-8")
    assert _stable(filled, path) == _stable(Engine.from_path().check([same], as_of=AS_OF), same)


def test_a_report_form_left_without_its_number_names_the_cell_to_fill(tmp_path: Path) -> None:
    path = template(tmp_path, "--unit-type", "TRUONG")
    cells: dict[str, Any] = {"school_year": "2023-2024", "submitter.unit_id": "VN-HN-TX-TH-KIMGIANG"}
    cells |= {"submitter.school_levels": "Tiểu học", "received_at": dt.datetime(2024, 1, 5)}
    edit(path, HEADER_SHEET, {f"B{header_row(key)}": value for key, value in cells.items()})
    with pytest.raises(ReportError) as caught:
        Engine.from_path().check([path], as_of=AS_OF)
    (p,) = caught.value.problems
    assert (p.code, p.at.cell) == (Code.SCHEMA_SO_HIEU, f"{HEADER_SHEET}!B{header_row('document.so_hieu')}")


def test_write_template_gives_the_same_form_as_the_command(tmp_path: Path) -> None:
    raw = write_template(kind="BC_TONG_KET_NAM_HOC")
    book = load_workbook(io.BytesIO(raw))
    assert HEADER_SHEET in book.sheetnames


# ----------------------------------------------------------------------------- HTTP

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client(bundled_engine: Engine) -> Any:
    pytest.importorskip("fastapi", reason="the server extra is not installed")
    from fastapi.testclient import TestClient

    from compliance.server import create_app

    return TestClient(create_app(bundled_engine))


def test_an_uploaded_workbook_is_checked_like_its_yaml(client: Any, bundled_engine: Engine) -> None:
    answer = client.post(
        "/v1/check/xlsx",
        content=write_report(KIM_GIANG, name="x.xlsx"),
        headers={"content-type": XLSX_TYPE},
        params={"as_of": "2024-06-30", "name": "kim-giang.xlsx"},
    )
    assert answer.status_code == 200
    statuses = [(f["rule_id"], f["status"]) for f in answer.json()["findings"]]
    expected = bundled_engine.check([KIM_GIANG_YAML], as_of=AS_OF)
    assert statuses == [(f.rule_id, f.status.value) for f in expected.findings]


def test_an_uploaded_workbook_with_a_formula_gets_422_naming_the_cell(client: Any, tmp_path: Path) -> None:
    path = edit(xlsx(tmp_path, KIM_GIANG), BRIEFINGS, {"F2": "=E2"})
    answer = client.post("/v1/check/xlsx", content=path.read_bytes(), headers={"content-type": XLSX_TYPE})
    assert answer.status_code == 422
    (p,) = answer.json()["problems"]
    assert (p["code"], p["file"], p["cell"]) == ("xlsx-formula", "bao-cao.xlsx", f"{BRIEFINGS}!F2")


def test_an_upload_that_is_not_sent_as_a_workbook_gets_415(client: Any) -> None:
    answer = client.post("/v1/check/xlsx", content=b"kind: BC_KHAC\n", headers={"content-type": "text/yaml"})
    assert answer.status_code == 415
    assert answer.json()["problems"][0]["code"] == "body-not-xlsx"
