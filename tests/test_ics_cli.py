"""``compliance calendar`` on the example district: rosters, one unit, --pending-only after an
audit, and the refusals (exit 2, in Vietnamese or English)."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
import yaml

from builders import EXAMPLES, PACK_HEAD, ROOT, rule
from compliance import ics
from compliance.cli import main

ROSTER = ROOT / "examples" / "roster-thanh-xuan-2023-2024.yaml"
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"
AS_OF = "15/06/2024"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def entries(cal: icalendar.Calendar) -> list[icalendar.Component]:
    return [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]


def rules_of(cal: icalendar.Calendar) -> set[str]:
    """The rule ids the calendar's entries are for (each description ends with its id)."""
    return {str(c["description"]).rsplit("Tiêu chí ", 1)[1].split(" ", 1)[0] for c in entries(cal)}


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example district audited on 15/06/2024, as JSON."""
    out = tmp_path_factory.mktemp("audit") / "kq.json"
    code = main([
        "audit", str(EXAMPLES), "--roster", str(ROSTER), "--as-of", AS_OF, "--format", "json", "--out", str(out),
        "--no-config",
    ])  # fmt: skip
    assert code == 1  # some units fail
    return out


def test_a_roster_gives_one_calendar_per_unit_named_by_its_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(
        capsys, "calendar", "--roster", str(ROSTER), "--out", str(tmp_path / "lich"), "--as-of", AS_OF
    )
    assert code == 0
    units = [u["unit_id"] for u in yaml.safe_load(ROSTER.read_text(encoding="utf-8"))["units"]]
    assert sorted(p.name for p in (tmp_path / "lich").iterdir()) == sorted(f"{u}.ics" for u in units)
    cal = read(tmp_path / "lich" / f"{KIM_GIANG}.ics")
    assert str(cal["x-wr-calname"]) == "Lịch hạn báo cáo năm học 2023-2024 — Trường Tiểu học Kim Giang"


def test_a_roster_row_picked_by_unit_goes_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "--roster", str(ROSTER), "--unit", KIM_GIANG, "--as-of", AS_OF)
    assert code == 0
    cal = icalendar.Calendar.from_ical(out)
    assert entries(cal) and all(KIM_GIANG in str(c["description"]) for c in entries(cal))


def test_a_unit_given_by_its_type_and_levels_gets_the_rows_calendar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    by_row = tmp_path / "row.ics"
    by_type = tmp_path / "type.ics"
    run(capsys, "calendar", "--roster", str(ROSTER), "--unit", KIM_GIANG, "--out", str(by_row))
    code, _, _ = run(
        capsys, "calendar", "--unit", KIM_GIANG, "--unit-type", "TRUONG", "--levels", "TH",
        "--school-year", "2023-2024", "--province", "Hà Nội", "--district", "Thanh Xuân", "--out", str(by_type),
    )  # fmt: skip
    assert code == 0
    assert [str(c["uid"]) for c in entries(read(by_row))] == [str(c["uid"]) for c in entries(read(by_type))]


def test_a_test_pack_given_with_rules_puts_a_deadline_in_tet_on_15_02_2024(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = tmp_path / "tet.yaml"
    due = {
        "deadline": {
            "report": {"documents": ["BC_SO_KET_HK1"]},
            "due": "2024-02-12",
            "shift_to_working_day": True,
        }
    }
    pack.write_text(yaml.safe_dump({**PACK_HEAD, "rules": [rule(due)]}, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(
        capsys, "calendar", "--rules", str(pack), "--unit", "VN-HN-TX-THCS-NHANCHINH", "--unit-type", "TRUONG",
        "--school-year", "2023-2024", "--no-cache",
    )  # fmt: skip
    assert code == 0
    (event,) = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert event.decoded("dtstart").isoformat() == "2024-02-15"


def test_pending_only_leaves_out_what_the_audit_found_met(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, audit: Path
) -> None:
    everything, pending = tmp_path / "all.ics", tmp_path / "pending.ics"
    run(
        capsys,
        "calendar",
        "--roster",
        str(ROSTER),
        "--unit",
        KIM_GIANG,
        "--as-of",
        AS_OF,
        "--out",
        str(everything),
    )
    code, _, _ = run(
        capsys, "calendar", "--roster", str(ROSTER), "--unit", KIM_GIANG, "--pending-only", "--findings", str(audit),
        "--out", str(pending),
    )  # fmt: skip
    assert code == 0
    findings = json.loads(audit.read_text(encoding="utf-8"))["findings"]
    done = {f["rule_id"] for f in findings if f["unit_id"] == KIM_GIANG and f["status"] in ics.MET}
    assert done and rules_of(read(pending))
    assert rules_of(read(pending)) == rules_of(read(everything)) - done


def test_pending_only_after_checking_the_reports_agrees_with_the_audit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, audit: Path
) -> None:
    from_audit, from_reports = tmp_path / "a.ics", tmp_path / "r.ics"
    common = ("calendar", "--roster", str(ROSTER), "--unit", KIM_GIANG, "--pending-only")
    run(capsys, *common, "--findings", str(audit), "--out", str(from_audit))
    code, _, _ = run(
        capsys,
        *common,
        "--reports",
        str(EXAMPLES / "th-kim-giang"),
        "--as-of",
        "2024-06-15",
        "--out",
        str(from_reports),
    )
    assert code == 0
    assert rules_of(read(from_reports)) == rules_of(read(from_audit))


def test_pending_entries_say_what_the_audit_found(capsys: pytest.CaptureFixture[str], audit: Path) -> None:
    _, out, _ = run(
        capsys,
        "calendar",
        "--roster",
        str(ROSTER),
        "--unit",
        KIM_GIANG,
        "--pending-only",
        "--findings",
        str(audit),
    )
    assert all(
        "Kết quả kiểm tra: " in str(c["description"]) for c in entries(icalendar.Calendar.from_ical(out))
    )


def test_pending_only_without_an_audit_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "calendar", "--roster", str(ROSTER), "--unit", KIM_GIANG, "--pending-only")
    assert (code, out) == (2, "")
    assert "[calendar-pending-source]" in err


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", "loại đơn vị 'TRUONG_HOC' không có trong danh mục"),
        ("en", "there is no unit type 'TRUONG_HOC'"),
    ],
)
def test_an_unknown_unit_type_is_refused_in_either_language(
    capsys: pytest.CaptureFixture[str], lang: str, words: str
) -> None:
    code, out, err = run(capsys, "calendar", "--unit", "VN-HN-X", "--unit-type", "TRUONG_HOC", "--lang", lang)
    assert (code, out) == (2, "")
    assert f"--unit-type [calendar-unit-type] {words}" in err
    assert "TRUONG, TT_GDNN_GDTX" in err  # the fix lists the types there are


def test_a_unit_id_alone_is_refused_naming_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "calendar", "--unit", KIM_GIANG)
    assert code == 2
    assert "[calendar-needs-unit-type]" in err and "--unit-type" in err


def test_a_unit_the_roster_does_not_list_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "calendar", "--roster", str(ROSTER), "--unit", "VN-HN-TX-TH-KHONGCO")
    assert code == 2
    assert "[calendar-not-in-roster]" in err


def test_a_roster_needs_an_out_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "calendar", "--roster", str(ROSTER))
    assert (code, out) == (2, "")
    assert "[calendar-out-not-folder]" in err


def test_a_unit_no_rule_applies_to_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "calendar", "--unit", "VN-HN-X", "--unit-type", "TRUONG", "--school-year", "2030-2031"
    )
    assert (code, out) == (2, "")
    assert "[calendar-nothing-applies]" in err


def test_a_findings_file_that_is_not_an_audit_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "kq.json"
    bad.write_text('{"units": []}', encoding="utf-8")
    code, _, err = run(
        capsys,
        "calendar",
        "--roster",
        str(ROSTER),
        "--unit",
        KIM_GIANG,
        "--pending-only",
        "--findings",
        str(bad),
    )
    assert code == 2
    assert f"{bad} /format [not-an-audit-json]" in err


def test_a_school_year_the_roster_has_no_row_for_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        "calendar",
        "--roster",
        str(ROSTER),
        "--school-year",
        "2024-2025",
        "--out",
        str(tmp_path / "lich"),
    )
    assert code == 2
    assert "[calendar-roster-no-year] danh sách không có dòng nào của năm học 2024-2025" in err
    assert not (tmp_path / "lich").exists()


def test_a_roster_unit_no_rule_applies_to_is_named_and_the_others_are_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roster = tmp_path / "ds.yaml"
    roster.write_text(
        'school_year: "2023-2024"\nunits:\n'
        "  - {unit_id: VN-HN-TX-TH-KIMGIANG, unit_type: TRUONG, school_levels: [TH], province: Hà Nội,"
        " district: Thanh Xuân}\n"
        "  - {unit_id: VN-HN-TX-TTHTCD-KHUONGDINH, unit_type: TT_HTCD, province: Hà Nội, district: Thanh Xuân}\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "calendar", "--roster", str(roster), "--out", str(tmp_path / "lich"))
    assert code == 0
    assert [p.name for p in (tmp_path / "lich").iterdir()] == ["VN-HN-TX-TH-KIMGIANG.ics"]
    assert (
        "[calendar-nothing-applies] không tiêu chí nào áp dụng cho đơn vị VN-HN-TX-TTHTCD-KHUONGDINH" in err
    )
