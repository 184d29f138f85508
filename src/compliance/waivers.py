"""Waivers: an inspector's recorded decision that a failing finding is excused.

A waivers file (YAML or JSON) is a list of entries; a ``fail`` or ``error`` finding whose unit and
rule match an entry in force at the as-of date becomes ``waived``, carrying the entry's reason.
A waiver never turns anything into ``pass`` and never hides a finding.

```yaml
- unit_id: VN-HN-TX-TH-KIMGIANG
  rule_id: TX2324-T-DIEN-TAP-PCCC
  school_year: "2023-2024"          # optional
  reason: Trường đang sửa chữa, diễn tập chuyển sang tháng 9/2024 theo CV 123/PGDĐT
  approved_by: Phòng GDĐT quận Thanh Xuân
  expires: 2024-09-30               # optional, inclusive
```
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from compliance.errors import Code, InputError
from compliance.findings import Finding, Status
from compliance.loading import load_file
from compliance.messages import problem


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_id: str = Field(min_length=1)
    rule_id: str = Field(min_length=1)
    school_year: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{4}$")
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: dt.date | None = None

    def covers(self, finding: Finding, as_of: dt.date) -> bool:
        return (
            self.unit_id == finding.unit_id
            and self.rule_id == finding.rule_id
            and (self.school_year is None or self.school_year == finding.school_year)
            and (self.expires is None or as_of <= self.expires)
        )


_WAIVERS = TypeAdapter(list[Waiver])


def load_waivers(path: str | os.PathLike[str]) -> list[Waiver]:
    loaded = load_file(path)
    try:
        return _WAIVERS.validate_python(loaded.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            pointer = "".join(f"/{p}" for p in error["loc"])
            problems.append(problem(Code.INVALID_WAIVER, at=loaded.location(pointer), detail=error["msg"]))
        raise InputError(problems) from None


def apply_waivers(findings: Sequence[Finding], waivers: Sequence[Waiver], as_of: dt.date) -> list[Finding]:
    out = []
    for finding in findings:
        waiver = next((w for w in waivers if w.covers(finding, as_of)), None)
        if waiver is not None and finding.status in (Status.fail, Status.error):
            finding = finding.model_copy(
                update={"status": Status.waived, "waiver": f"{waiver.reason} ({waiver.approved_by})"}
            )
        out.append(finding)
    return out
