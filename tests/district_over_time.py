"""A district audited twice in one school year, for the audit store, diff and baseline tests.

The Thanh Xuân examples, copied into a folder ``bao-cao/`` and changed between the audits the way
a district's year goes:

* **15/01/2024** (audit A): the roster holds the Phòng, Kim Giang and Hoa Sen; Nhân Chính's
  reports are not collected yet. Kim Giang's late first-semester report is waived until 31/03/2024.
* between the audits: Kim Giang corrects its report (the ninth staff member was briefed), Hoa Sen
  is merged into another school (off the roster, its folder gone), Nhân Chính's reports arrive and
  Nhân Chính and Khương Mai join the roster; a waiver is granted for Kim Giang's missing
  facilities team (TX2324-T-TO-CSVC).
* **30/06/2024** (audit B).

So B against A holds every category: Kim Giang's briefing resolved, its late report's waiver
expired, its facilities team newly waived, its year-end report (due 24/05) a new failure and its
other gaps still failing; Hoa Sen's findings no longer applicable; Nhân Chính's passes newly
applicable and Khương Mai, which sent nothing, new failures.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Engine
from compliance.audit import EngineSpec, audit
from compliance.roster import RosterEntry, load_roster
from compliance.store import Store
from compliance.waivers import load_waivers

AS_OF_A = dt.date(2024, 1, 15)
AS_OF_B = dt.date(2024, 6, 30)
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"
HOA_SEN = "VN-HN-TX-MN-HOASEN"
NHAN_CHINH = "VN-HN-TX-THCS-NHANCHINH"
KHUONG_MAI = "VN-HN-TX-TH-KHUONGMAI"
PHONG = "VN-HN-PGDDT-THANHXUAN"
KG_REPORT = "th-kim-giang/2024-01-05-so-ket-hk1.yaml"

LATE_WAIVER = """\
- unit_id: VN-HN-TX-TH-KIMGIANG
  rule_id: TX2324-T-BC-SO-KET-HK1
  reason: Mất kết nối mạng ngày 03/01/2024, trường đã báo Phòng qua điện thoại
  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024
  approved_by: Phòng GDĐT quận Thanh Xuân
  expires: 2024-03-31
"""
CSVC_WAIVER = """\
- unit_id: VN-HN-TX-TH-KIMGIANG
  rule_id: TX2324-T-TO-CSVC
  reason: Trường đang cải tạo khu hiệu bộ, tổ quản lý cơ sở vật chất kiện toàn trong tháng 9/2024 theo CV 45/PGDĐT
  legal_basis: Công văn số 45/PGDĐT-CSVC ngày 12/02/2024
  approved_by: Phòng GDĐT quận Thanh Xuân
"""


@dataclass(frozen=True)
class TwoAudits:
    folder: Path
    roster_a: list[RosterEntry]
    roster_b: list[RosterEntry]
    a: CheckResult
    b: CheckResult
    a_json: Path  # audit A as --format json writes it
    b_json: Path


def _roster(path: Path, units: set[str]) -> Path:
    lines = ROSTER.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0], *(line for line in lines[1:] if line.split(",")[0] in units)]) + "\n",
        encoding="utf-8",
    )
    return path


def correct_kim_giang(folder: Path) -> None:
    """Kim Giang's corrected report: all nine staff members were briefed."""
    report = folder / KG_REPORT
    text = report.read_text(encoding="utf-8")
    assert "group: NV, total: 9, reached: 8" in text
    report.write_text(
        text.replace("group: NV, total: 9, reached: 8", "group: NV, total: 9, reached: 9"), encoding="utf-8"
    )


def two_audits(root: Path, engine: Engine, store: Store | None = None) -> TwoAudits:
    """Audit A, then the changes, then audit B (each saved in ``store`` when given)."""
    folder = root / "bao-cao"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("thcs-nhan-chinh"))
    roster_a = load_roster(_roster(root / "danh-sach-hk1.csv", {PHONG, KIM_GIANG, HOA_SEN}))
    (root / "mien-tru-hk1.yaml").write_text(LATE_WAIVER, encoding="utf-8")
    a = audit(
        [folder],
        spec=EngineSpec(),
        as_of=AS_OF_A,
        roster=roster_a,
        waivers=load_waivers(root / "mien-tru-hk1.yaml"),
        jobs=1,
        engine=engine,
    )
    if store is not None:
        store.save(a, command="audit", paths=[folder], roster=roster_a)
    correct_kim_giang(folder)
    shutil.rmtree(folder / "mn-hoa-sen")
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", folder / "thcs-nhan-chinh")
    roster_b = load_roster(_roster(root / "danh-sach-hk2.csv", {PHONG, KIM_GIANG, NHAN_CHINH, KHUONG_MAI}))
    (root / "mien-tru-hk2.yaml").write_text(LATE_WAIVER + CSVC_WAIVER, encoding="utf-8")
    b = audit(
        [folder],
        spec=EngineSpec(),
        as_of=AS_OF_B,
        roster=roster_b,
        waivers=load_waivers(root / "mien-tru-hk2.yaml"),
        jobs=1,
        engine=engine,
    )
    if store is not None:
        store.save(b, command="audit", paths=[folder], roster=roster_b)
    a_json, b_json = root / "kiem-tra-hk1.json", root / "kiem-tra-hk2.json"
    a_json.write_text(a.model_dump_json(indent=2), encoding="utf-8")
    b_json.write_text(b.model_dump_json(indent=2), encoding="utf-8")
    return TwoAudits(folder, roster_a, roster_b, a, b, a_json, b_json)
