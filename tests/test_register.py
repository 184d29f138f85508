"""The office's register of received documents (sổ văn bản đến): ``audit --register``."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import faulty_worker
from builders import EXAMPLES, ROOT, ROSTER
from compliance import CheckResult, Engine, InputError, Status
from compliance.audit import EngineSpec, audit
from compliance.cli import main
from compliance.errors import Code
from compliance.findings import Finding
from compliance.register import Register, load_register, sender_key, so_hieu_key
from compliance.roster import RosterEntry, load_roster

AS_OF = dt.date(2024, 6, 30)
SAMPLE = ROOT / "examples" / "so-van-ban-den-thanh-xuan-2023-2024.csv"
HEADINGS = ["Số đến", "Ngày đến", "Nơi gửi", "Số, ký hiệu", "Trích yếu"]
SO_KET = "Báo cáo sơ kết học kỳ I công tác giáo dục chính trị và công tác học sinh"
NHAN_CHINH = "VN-HN-TX-THCS-NHANCHINH"
HK1 = "TX2324-T-BC-SO-KET-HK1"
# Nhân Chính's sơ kết, received 02/01/2024 by its own account, on time (last day 03/01/2024)
NHAN_CHINH_HK1 = ["5", "08/01/2024", "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET]


def write_csv(path: Path, *rows: list[str], sep: str = ",", bom: bool = False) -> Path:
    """A register as Excel saves it: "Số, ký hiệu" quoted where the separator is a comma."""
    text = io.StringIO()
    csv.writer(text, delimiter=sep, lineterminator="\r\n").writerows([HEADINGS, *rows])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode("utf-8"))
    return path


def write_xlsx(
    path: Path, *rows: list[object], sheet: str = "Sổ văn bản đến", before: str | None = None
) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    if before is not None:  # another sheet first: the register's is found by its name
        first.title = before
        first.append(["Hướng dẫn"])
        ws = book.create_sheet(sheet)
    else:
        first.title = sheet
        ws = first
    ws.append(["SỔ VĂN BẢN ĐẾN"])
    ws.append(HEADINGS)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def run(
    paths: list[Path], register: Register | None, *, jobs: int = 1, roster: list[RosterEntry] | None = None
) -> CheckResult:
    return audit(paths, spec=EngineSpec(), as_of=AS_OF, jobs=jobs, register=register, roster=roster)


def finding(result: CheckResult, unit: str, rule: str) -> Finding:
    return next(f for f in result.findings if f.unit_id == unit and f.rule_id == rule)


@pytest.fixture(scope="module")
def late(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    register = write_csv(tmp_path_factory.mktemp("so") / "so-den.csv", NHAN_CHINH_HK1)
    return run([EXAMPLES / "thcs-nhan-chinh"], load_register(register))


def test_the_registers_date_decides_a_deadline(late: CheckResult) -> None:
    f = finding(late, NHAN_CHINH, HK1)
    assert f.status is Status.fail and f.deadline is not None
    assert f.deadline.received == dt.date(2024, 1, 8) and f.deadline.days_late == 5


def test_a_finding_the_register_changed_says_so(late: CheckResult) -> None:
    f = finding(late, NHAN_CHINH, HK1)
    assert (
        "Ngày nhận theo sổ văn bản đến (số đến 5, ngày 08/01/2024) khác ngày ghi trong báo cáo (02/01/2024); "
        "tính theo sổ." in [n.vi for n in f.notes]
    )
    row = f.evidence[-1]
    assert row.document.endswith("so-den.csv") and row.line == 2 and row.value == "2024-01-08"


def test_findings_that_do_not_use_the_received_date_carry_no_register_note(late: CheckResult) -> None:
    others = [f for f in late.findings if f.rule_id != HK1]
    assert others and not any("sổ văn bản đến" in n.vi for f in others for n in f.notes)


def test_the_document_summary_gives_the_registers_date(late: CheckResult) -> None:
    doc = next(d for d in late.documents if d.file.endswith("2024-01-02-so-ket-hk1.yaml"))
    assert doc.received == dt.date(2024, 1, 8)


def test_a_report_missing_from_the_register_is_a_note(late: CheckResult) -> None:
    missing = [n for n in late.notes if "không có trong sổ văn bản đến" in n.vi]
    assert len(missing) == 2  # the đột xuất and the tổng kết of Nhân Chính
    assert any("41/BC-THCSNC" in n.vi and "20/05/2024" in n.vi for n in missing)


def test_a_register_row_with_no_report_is_a_note(tmp_path: Path) -> None:
    register = write_csv(
        tmp_path / "so.csv", ["14", "08/01/2024", "Trường Tiểu học Kim Giang", "07/BC-THKG", SO_KET]
    )
    result = run([EXAMPLES / "th-kim-giang"], load_register(register))
    note = next(n for n in result.notes if "không có báo cáo nào khớp" in n.vi)
    assert f"{register}:2" in note.vi and "07/BC-THKG" in note.en


def test_rows_from_senders_outside_the_audit_are_counted_in_one_note(tmp_path: Path) -> None:
    rows = [
        ["1502", "14/11/2023", "Sở Giáo dục và Đào tạo Hà Nội", f"{n}/SGDĐT-CTTT", "Công văn"]
        for n in (1, 2, 3)
    ]
    result = run([EXAMPLES / "th-kim-giang"], load_register(write_csv(tmp_path / "so.csv", *rows)))
    counted = [n for n in result.notes if "3 row(s) from senders" in n.en]
    assert len(counted) == 1 and not any("không có báo cáo nào khớp" in n.vi for n in result.notes)


def test_a_roster_unit_that_sent_nothing_has_its_rows_noted_one_by_one(tmp_path: Path) -> None:
    row = ["14", "08/01/2024", "Trường Tiểu học Khương Mai", "02/BC-THKM", SO_KET + " (bản giấy)"]
    result = run(
        [EXAMPLES / "th-kim-giang"],
        load_register(write_csv(tmp_path / "so.csv", row)),
        roster=load_roster(ROSTER),
    )
    assert any("02/BC-THKM" in n.vi and "không có báo cáo nào khớp" in n.vi for n in result.notes)


def test_the_sample_register_of_the_examples(example_audit: CheckResult, bundled_engine: Engine) -> None:
    result = audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=AS_OF,
        roster=load_roster(ROSTER),
        jobs=1,
        engine=bundled_engine,
        register=load_register(SAMPLE),
    )
    hoa_sen = finding(result, "VN-HN-TX-MN-HOASEN", "TX2324-T-BC-TONG-KET")
    assert hoa_sen.status is Status.pass_ and any("số đến 731" in n.vi for n in hoa_sen.notes)
    assert sum("không có trong sổ văn bản đến" in n.vi for n in result.notes) == 3  # the Phòng's own reports
    assert any("02/BC-THKM" in n.vi for n in result.notes)  # Khương Mai's paper report
    statuses = {(f.unit_id, f.rule_id): f.status for f in result.findings}
    assert statuses == {(f.unit_id, f.rule_id): f.status for f in example_audit.findings}


def test_a_register_that_agrees_with_every_report_changes_no_finding(tmp_path: Path) -> None:
    rows = [
        ["3", "02/01/2024", "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET],
        ["1618", "04/12/2023", "Trường THCS Nhân Chính", "09/BC-THCSNC", "Báo cáo đột xuất"],
        ["702", "20/05/2024", "Trường THCS Nhân Chính", "41/BC-THCSNC", "Báo cáo tổng kết"],
    ]
    with_register = run([EXAMPLES / "thcs-nhan-chinh"], load_register(write_csv(tmp_path / "so.csv", *rows)))
    without = run([EXAMPLES / "thcs-nhan-chinh"], None)
    assert with_register.model_dump()["findings"] == without.model_dump()["findings"]
    assert with_register.notes == without.notes


def test_so_hieu_ignores_spaces_case_and_d_with_stroke() -> None:
    assert so_hieu_key("25 / bc-pgddt") == so_hieu_key("25/BC-PGDĐT")
    assert so_hieu_key("25/BC-PGDĐT") != so_hieu_key("26/BC-PGDĐT")


def test_sender_names_match_on_a_key_but_letters_stay_distinct() -> None:
    assert sender_key("THCS  Nhân Chính") == sender_key("Trường THCS Nhân Chính")
    assert sender_key("Trường Mầm non Hoà Bình") == sender_key("trường mầm non Hòa Bình")
    assert sender_key("Trường THCS Nhân Chính") != sender_key("Trường THCS Nhan Chinh")


def test_the_same_so_hieu_from_another_sender_does_not_match(tmp_path: Path) -> None:
    row = ["5", "08/01/2024", "Trường THCS Khương Đình", "12/BC-THCSNC", SO_KET]
    result = run([EXAMPLES / "thcs-nhan-chinh"], load_register(write_csv(tmp_path / "so.csv", row)))
    assert finding(result, NHAN_CHINH, HK1).status is Status.pass_
    assert sum("không có trong sổ văn bản đến" in n.vi for n in result.notes) == 3


def test_the_roster_name_matches_a_sender_the_report_names_otherwise(tmp_path: Path) -> None:
    reports = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", reports)
    path = reports / "2024-01-02-so-ket-hk1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Trường THCS Nhân Chính", "THCS NC"), encoding="utf-8"
    )
    roster = tmp_path / "ds.csv"
    roster.write_text(
        "unit_id,unit_name,unit_type,school_levels,province,district,school_year\n"
        f"{NHAN_CHINH},Trường Trung học cơ sở Nhân Chính,TRUONG,THCS,Hà Nội,Thanh Xuân,2023-2024\n",
        encoding="utf-8",
    )
    row = ["5", "08/01/2024", "Trường Trung học cơ sở Nhân Chính", "12/BC-THCSNC", SO_KET]
    register = load_register(write_csv(tmp_path / "so.csv", row))
    assert finding(run([reports], register), NHAN_CHINH, HK1).status is Status.pass_  # no name in common
    result = run([reports], register, roster=load_roster(roster))
    assert finding(result, NHAN_CHINH, HK1).status is Status.fail


def test_a_semicolon_csv_with_a_bom_reads_like_a_comma_one(tmp_path: Path) -> None:
    comma = load_register(write_csv(tmp_path / "a.csv", NHAN_CHINH_HK1))
    semicolon = load_register(write_csv(tmp_path / "b.csv", NHAN_CHINH_HK1, sep=";", bom=True))
    assert comma.entries == semicolon.entries and comma.entries[0].sender == "Trường THCS Nhân Chính"


def test_title_rows_above_the_headings_are_passed_over() -> None:
    entries = load_register(SAMPLE).entries
    assert entries[0].number == "1502" and entries[0].line == 4 and len(entries) == 8


def test_an_xlsx_register_gives_the_same_findings_as_the_csv(tmp_path: Path, late: CheckResult) -> None:
    row = ["5", dt.datetime(2024, 1, 8), "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET]
    register = load_register(write_xlsx(tmp_path / "so.xlsx", row, before="Hướng dẫn"))
    assert register.entries[0].cell == "Sổ văn bản đến!B3"
    result = run([EXAMPLES / "thcs-nhan-chinh"], register)
    assert finding(result, NHAN_CHINH, HK1).deadline == finding(late, NHAN_CHINH, HK1).deadline


def test_an_xlsx_date_typed_as_text_is_read_day_first(tmp_path: Path) -> None:
    row = [5, "08/01/2024 09:15", "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET]
    entry = load_register(write_xlsx(tmp_path / "so.xlsx", row)).entries[0]
    assert entry.received == dt.date(2024, 1, 8) and entry.number == "5"


def test_a_bad_date_stops_the_audit_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = ["6", "31/02/2024", "Trường Tiểu học Kim Giang", "03/BC-THKG", SO_KET]
    register = write_csv(tmp_path / "so.csv", NHAN_CHINH_HK1, bad)
    assert main(["audit", str(EXAMPLES), "--register", str(register), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{register}:3" in err and "31/02/2024" in err and "dd/mm/yyyy" in err


def test_a_row_without_a_date_is_refused_not_dropped(tmp_path: Path) -> None:
    register = write_csv(tmp_path / "so.csv", ["6", "", "Trường Tiểu học Kim Giang", "03/BC-THKG", SO_KET])
    with pytest.raises(InputError) as info:
        load_register(register)
    (p,) = info.value.problems
    assert p.code is Code.REGISTER_EMPTY_CELL and p.line == 2 and "Ngày đến" in p.message.vi


def test_a_bad_date_in_a_workbook_names_the_sheet_and_cell(tmp_path: Path) -> None:
    row = [5, "ngày 8 tháng 1", "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET]
    with pytest.raises(InputError) as info:
        load_register(write_xlsx(tmp_path / "so.xlsx", row))
    (p,) = info.value.problems
    assert p.code is Code.REGISTER_BAD_DATE and p.at.cell == "Sổ văn bản đến!B3"


def test_a_formula_in_a_workbook_is_refused(tmp_path: Path) -> None:
    row = [5, "=TODAY()", "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET]
    with pytest.raises(InputError) as info:
        load_register(write_xlsx(tmp_path / "so.xlsx", row))
    assert info.value.problems[0].code is Code.REGISTER_FORMULA


def test_a_register_without_its_headings_names_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "so.csv"
    path.write_text("Số đến,Ngày đến,Trích yếu\n5,08/01/2024,Báo cáo\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_register(path)
    (p,) = info.value.problems
    assert p.code is Code.REGISTER_NO_HEADER and "Nơi gửi" in p.message.vi and "Số, ký hiệu" in p.message.vi


def test_a_register_with_no_rows_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_register(write_csv(tmp_path / "so.csv"))
    assert info.value.problems[0].code is Code.REGISTER_EMPTY


def test_a_register_in_the_audited_folder_is_not_read_as_a_report(tmp_path: Path) -> None:
    reports = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", reports)
    register = write_xlsx(
        reports / "so-van-ban-den.xlsx", ["5", "08/01/2024", "Trường THCS Nhân Chính", "12/BC-THCSNC"]
    )
    result = run([reports], load_register(register))
    assert not result.problems and finding(result, NHAN_CHINH, HK1).status is Status.fail


def test_the_same_findings_and_notes_with_one_job_and_with_workers(tmp_path: Path) -> None:
    register = load_register(SAMPLE)
    one, two = (run([EXAMPLES], register, jobs=jobs, roster=load_roster(ROSTER)) for jobs in (1, 2))
    assert two.model_dump() == one.model_dump()
    assert any("tính theo sổ" in n.vi for f in two.findings for n in f.notes)


def test_the_command_line_reads_the_sample_register(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "audit",
        str(EXAMPLES),
        "--register",
        str(SAMPLE),
        "--roster",
        str(ROSTER),
        "--as-of",
        "30/06/2024",
    ]
    assert main([*args, "--jobs", "1", "--format", "json", "--fail-on", "none"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any("02/BC-THKM" in n["vi"] for n in data["notes"]) and not data["problems"]


def test_an_unsupported_register_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "so.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError) as info:
        load_register(path)
    assert (
        info.value.problems[0].code is Code.REGISTER_UNREADABLE
        and "XLSX" in info.value.problems[0].message.en
    )


@pytest.mark.parametrize("fault", ["raise", "kill"])
def test_a_failed_portfolio_keeps_its_register_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    """A portfolio that trips the engine (or whose worker dies twice) still had its reports: its
    rows are not "rows without a report"."""
    faulty_worker.register(monkeypatch)
    reports = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", reports)
    faulty_worker.arm(reports, fault)
    register = load_register(write_csv(tmp_path / "so.csv", NHAN_CHINH_HK1))
    spec = EngineSpec(engine=faulty_worker.FAULTY)
    result = audit([reports], spec=spec, as_of=AS_OF, jobs=2 if fault == "kill" else 1, register=register)
    assert result.audit is not None and result.audit.portfolios_failed == 1
    assert not any("không có báo cáo nào khớp" in n.vi or "row(s) from senders" in n.en for n in result.notes)


def test_a_saved_audit_records_the_register_and_its_digest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = tmp_path / "kho.sqlite"
    args = ["audit", str(EXAMPLES), "--register", str(SAMPLE), "--jobs", "1", "--save", "--store", str(store)]
    assert main([*args, "--format", "json", "--fail-on", "none"]) == 0
    with sqlite3.connect(store) as db:
        ((parameters,),) = db.execute("SELECT parameters FROM runs").fetchall()
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert json.loads(parameters)["register"] == {"file": str(SAMPLE), "sha256": digest}


def test_the_same_so_hieu_a_year_later_is_another_document(tmp_path: Path) -> None:
    """Units number their documents afresh each school year: the row near the date the report
    states is the one that records it."""
    next_year = ["4", "03/01/2025", "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET + " năm học 2024-2025"]
    register = load_register(write_csv(tmp_path / "so.csv", next_year, NHAN_CHINH_HK1))
    result = run([EXAMPLES / "thcs-nhan-chinh"], register)
    assert finding(result, NHAN_CHINH, HK1).deadline.received == dt.date(2024, 1, 8)  # type: ignore[union-attr]


def test_a_document_registered_twice_was_received_by_the_first_row(tmp_path: Path) -> None:
    again = ["9", "10/01/2024", "Trường THCS Nhân Chính", "12/BC-THCSNC", SO_KET + " (bản gửi lại)"]
    register = load_register(write_csv(tmp_path / "so.csv", again, NHAN_CHINH_HK1))
    result = run([EXAMPLES / "thcs-nhan-chinh"], register)
    assert finding(result, NHAN_CHINH, HK1).deadline.received == dt.date(2024, 1, 8)  # type: ignore[union-attr]


def test_the_separator_is_the_one_the_heading_row_uses(tmp_path: Path) -> None:
    path = tmp_path / "so.csv"
    body = write_csv(tmp_path / "body.csv", NHAN_CHINH_HK1).read_text(encoding="utf-8")
    path.write_text("Sổ văn bản đến; năm 2024\n" + body, encoding="utf-8")
    (titled,), (plain,) = load_register(path).entries, load_register(tmp_path / "body.csv").entries
    assert titled.line == 3 and dataclasses.replace(titled, line=2) == plain


_PIECES = [*',;"\n\r\t/0123456789 aáđĐ=', *HEADINGS, "08/01/2024", "31/02/2024", "\ufeff", "\x00"]


@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_any_csv_is_read_or_refused_with_problems(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "so.csv"
        path.write_text(text, encoding="utf-8")
        try:
            register = load_register(path)
        except InputError as exc:
            assert all(p.file == str(path) for p in exc.problems)
        else:
            assert register.entries and all(e.line is not None for e in register.entries)
