"""Waivers turn an excused failure into `waived` with its reason, never into `pass`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import EXAMPLES
from compliance import Engine, InputError, Status
from compliance.cli import main
from compliance.waivers import Waiver, load_waivers

KIM_GIANG = str(EXAMPLES / "th-kim-giang")
DRILL = Waiver(
    unit_id="VN-HN-TX-TH-KIMGIANG",
    rule_id="TX2324-T-DIEN-TAP-PCCC",
    reason="Trường đang sửa chữa, diễn tập chuyển sang tháng 9/2024",
    legal_basis="Công văn số 123/PGDĐT-VP ngày 05/3/2024",
    approved_by="Phòng GDĐT quận Thanh Xuân",
    expires=dt.date(2024, 9, 30),
)


def drill_status(engine: Engine, as_of: dt.date, waivers: list[Waiver]) -> tuple[Status, str | None]:
    result = engine.check(KIM_GIANG, as_of=as_of, waivers=waivers)
    finding = next(f for f in result.findings if f.rule_id == "TX2324-T-DIEN-TAP-PCCC")
    return finding.status, finding.waiver


def test_waived_failure_carries_the_reason(bundled_engine: Engine) -> None:
    status, reason = drill_status(bundled_engine, dt.date(2024, 6, 30), [DRILL])
    assert status is Status.waived and reason and "sửa chữa" in reason


def test_expired_waiver_no_longer_applies(bundled_engine: Engine) -> None:
    assert drill_status(bundled_engine, dt.date(2024, 10, 1), [DRILL])[0] is Status.fail


def test_waiver_does_not_touch_passing_findings(bundled_engine: Engine) -> None:
    waiver = DRILL.model_copy(update={"rule_id": "TX2324-T-KE-HOACH"})
    result = bundled_engine.check(KIM_GIANG, as_of=dt.date(2024, 6, 30), waivers=[waiver])
    assert next(f for f in result.findings if f.rule_id == "TX2324-T-KE-HOACH").status is Status.pass_


def test_invalid_waivers_file_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(
        "- unit_id: VN-HN-TX-TH-KIMGIANG\n  rule_id: TX2324-T-DIEN-TAP-PCCC\n  reason: x\n"
        "  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_waivers(path)
    assert info.value.problems[0].line == 1 and "approved_by" in info.value.problems[0].pointer  # type: ignore[operator]


def test_waiver_school_year_in_full_width_digits_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(
        "- unit_id: VN-HN-TX-TH-KIMGIANG\n  rule_id: TX2324-T-DIEN-TAP-PCCC\n  reason: Trường đang sửa chữa\n"
        "  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024\n"
        "  approved_by: Phòng GDĐT quận Thanh Xuân\n  school_year: '２０２３-２０２４'\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_waivers(path)
    assert "school_year" in (info.value.problems[0].pointer or "")


def test_cli_waivers_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mien-tru.yaml"
    path.write_text(
        "- unit_id: VN-HN-TX-TH-KIMGIANG\n  rule_id: TX2324-T-DIEN-TAP-PCCC\n  reason: Sửa chữa trường\n"
        "  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024\n  approved_by: Phòng GDĐT quận Thanh Xuân\n",
        encoding="utf-8",
    )
    main(["check", KIM_GIANG, "--as-of", "30/06/2024", "--waivers", str(path)])
    assert "Được miễn" in capsys.readouterr().out
