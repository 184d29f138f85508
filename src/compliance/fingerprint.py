"""A finding's fingerprint: its identity across audits.

A finding is *the same finding* in two audits when it is about the same obligation of the same
pack for the same unit in the same school year. Its fingerprint is therefore computed from those
four things only::

    sha256("{pack}|{rule_id}|{unit_id}|{school_year}")   # UTF-8, NFC; the first 32 hex digits

``pack`` is empty for the engine's own findings (``compliance/…``, which belong to no pack). The
message, the status, the evidence, the as-of date, the pack's version and the documents are left
out on purpose: they are what changes between two audits of one finding (new evidence, a later
as-of date, a corrected pack), and the diff and the baseline compare exactly those.

The encoding is unambiguous: pack ids and rule ids cannot hold ``|`` (rule-pack schema) and a
school year is ``YYYY-YYYY``, so the only free text, the unit id, sits between the second and the
last ``|``. It is the value the SARIF reporter writes as ``partialFingerprints["compliance/v1"]``,
so a SARIF viewer and the audit store agree on which results are the same.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Protocol


class Identified(Protocol):
    """What a fingerprint reads: a :class:`~compliance.findings.Finding` or a stored one."""

    @property
    def pack(self) -> str | None: ...
    @property
    def rule_id(self) -> str: ...
    @property
    def unit_id(self) -> str: ...
    @property
    def school_year(self) -> str: ...


def fingerprint_of(pack: str | None, rule_id: str, unit_id: str, school_year: str) -> str:
    """The fingerprint of the finding of ``rule_id`` (of ``pack``) for one unit and school year."""
    key = unicodedata.normalize("NFC", f"{pack or ''}|{rule_id}|{unit_id}|{school_year}")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprint(finding: Identified) -> str:
    """The fingerprint of ``finding`` (see the module's documentation)."""
    return fingerprint_of(finding.pack, finding.rule_id, finding.unit_id, finding.school_year)
