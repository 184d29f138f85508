"""Baselines: gate only on what is new.

With a baseline (a saved run or an audit JSON), ``--fail-on`` counts only the failing findings
(``fail`` or ``error``) that are *not* already failing in the baseline: a finding whose
fingerprint (:mod:`.fingerprint`) is ``fail`` or ``error`` there is *set aside*. A finding that
was waived, in order, not applicable or absent in the baseline and fails now counts, as does
every unreadable document (those are not findings). The result gains a note saying how many were
set aside; nothing else in it changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.findings import CheckResult, Status
from compliance.fingerprint import fingerprint
from compliance.i18n import Text
from compliance.severity import Severity
from compliance.store.snapshot import Snapshot

_FAILING = (Status.fail, Status.error)


@dataclass(frozen=True, slots=True)
class Gated:
    """A result checked against a baseline: the result with its note, and what ``--fail-on``
    counts."""

    result: CheckResult
    note: Text
    set_aside: int
    new: list[Severity]  # the severity of each failing finding not in the baseline

    def exit_code(self, fail_on: Severity | None) -> int:
        """As :meth:`CheckResult.exit_code`, counting only what the baseline does not hold."""
        if fail_on is None:
            return 0
        return 1 if self.result.problems or any(s.rank >= fail_on.rank for s in self.new) else 0


def known_failures(baseline: Snapshot) -> frozenset[str]:
    """The fingerprints that fail (or could not be evaluated) in the baseline."""
    return frozenset(fp for fp, f in baseline.findings.items() if f.status in _FAILING)


def gate(result: CheckResult, baseline: Snapshot) -> Gated:
    """Set aside the failing findings of ``result`` that already fail in ``baseline``."""
    known = known_failures(baseline)
    set_aside = 0
    new: list[Severity] = []
    for f in result.findings:
        if f.status not in _FAILING:
            continue
        if fingerprint(f) in known:
            set_aside += 1
        else:
            new.append(f.severity)
    label = baseline.source.label()
    note = Text(
        vi=f"So với mốc {label} (tính đến ngày {baseline.source.as_of:%d/%m/%Y}): {set_aside} mục không đạt "
        f"hoặc lỗi đã có từ mốc được để riêng, không tính vào --fail-on; {len(new)} mục mới được tính.",
        en=f"Against the baseline {label} (as of {baseline.source.as_of:%d/%m/%Y}): {set_aside} failing or "
        f"error finding(s) already in the baseline set aside, not counted by --fail-on; {len(new)} new "
        "one(s) counted.",
    )
    gated = result.model_copy(update={"notes": [*result.notes, note]})
    return Gated(gated, note, set_aside, new)
