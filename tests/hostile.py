"""Results that carry hostile text, built through the API (the loader refuses such characters in
files): vertical tab, SOH, NUL, ESC (a terminal escape), a C1 control and the non-character
U+FFFE in every kind of text a reporter shows."""

from __future__ import annotations

import dataclasses
from typing import Any

from compliance import CheckResult
from compliance.findings import Evidence, InputProblem, SourceCitation
from compliance.i18n import Text

HOSTILE = "Trường\u000b số\u0001 1\ufffe <b>&\x00\x1b[31m đỏ\u0085"
# The characters each reporter must not pass on (JSON and SARIF escape the controls instead).
FORBIDDEN = "\u000b\u0001\ufffe\x00\x1b\u0085"


def _text(prefix: str) -> Text:
    return Text(vi=f"{prefix} {HOSTILE}", en=f"{prefix} {HOSTILE}")


def hostile(result: CheckResult) -> CheckResult:
    """``result`` with hostile text in its first findings (names, titles, messages, notes,
    evidence, citations, remedies, waivers), its problems and notes, and the units missing."""
    findings = list(result.findings)
    changed: dict[str, Any] = {
        "unit_name": f"Đơn vị {HOSTILE}",
        "title": _text("Nội dung"),
        "message": _text("Chi tiết"),
        "notes": [_text("Ghi chú")],
        "remediation": _text("Cách khắc phục"),
        "waiver": f"Miễn {HOSTILE}",
    }
    for i, f in enumerate(findings[:6]):
        findings[i] = dataclasses.replace(
            f,
            **changed
            | {
                "evidence": [
                    Evidence(document=f"bao-cao{HOSTILE}.yaml", pointer="/title", line=3, value=HOSTILE)
                ],
                "source": SourceCitation(
                    document=f.source.document if f.source else "ke-hoach.txt",
                    section=f"C.{HOSTILE}",
                    quote=HOSTILE,
                    plan=f.source.plan if f.source else None,
                ),
            },
        )
    problem = InputProblem(
        code="yaml-syntax", file=f"hong{HOSTILE}.yaml", line=1, message=_text("Lỗi"), fix=_text("Sửa")
    )
    update: dict[str, Any] = {
        "findings": findings,
        "problems": [*result.problems, problem],
        "notes": [*result.notes, _text("Lưu ý")],
    }
    if result.audit is not None:
        update["audit"] = result.audit.model_copy(
            update={"units_missing": [*result.audit.units_missing, f"VN{HOSTILE}"]}
        )
    return result.model_copy(update=update)
