"""The result's JSON written by pydantic-core alone (compliance._serializer) is pydantic's, byte for
byte: on every record of a result, on the examples' results and on generated findings and trends."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import typing
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import EXAMPLES, ROOT, ROSTER
from compliance._pydantic import adapter, field_types
from compliance._serializer import _record, serializer
from compliance.audit import audit
from compliance.engine import Engine, EngineSpec
from compliance.findings import (
    CheckResult,
    DeadlineDetail,
    Evidence,
    Finding,
    SourceCitation,
    Status,
    TrendLine,
    TrendPoint,
    TrendRun,
    Trends,
    UnitPlace,
    WaiverInfo,
)
from compliance.i18n import Text
from compliance.register import load_register
from compliance.roster import load_roster
from compliance.severity import Severity
from compliance.waivers import load_waivers


def _records(root: type) -> list[type]:
    """``root`` and every dataclass its fields hold, each once."""
    found: list[type] = []

    def walk(hint: Any) -> None:
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            if hint not in found:
                found.append(hint)
                for field_type in field_types(hint).values():
                    walk(field_type)
            return
        for arg in typing.get_args(hint):
            walk(arg)

    walk(root)
    return found


def _same(value: Any) -> None:
    """Our serialiser writes ``value`` as pydantic's adapter does, JSON indented and compact, and
    JSON data, each value by the serialiser its schema names."""
    ours, theirs = serializer(type(value)), adapter(type(value)).serializer
    assert ours is not theirs
    # a value its schema does not expect would be written by inference, with a warning: an error here
    assert ours.to_json(value, indent=2, warnings="error") == theirs.to_json(value, indent=2)
    assert ours.to_json(value, warnings="error") == theirs.to_json(value)
    assert ours.to_python(value, mode="json", warnings="error") == theirs.to_python(value, mode="json")


@pytest.mark.parametrize("kind", _records(CheckResult), ids=lambda k: k.__name__)
def test_every_record_of_a_result_gets_its_schema_from_the_rules_here(kind: type) -> None:
    """No record of the contract falls back to pydantic's adapter: a field of a new type fails here."""
    assert _record(kind)["cls"] is kind


def test_a_type_the_rules_do_not_cover_is_written_by_pydantic() -> None:
    @dataclass(frozen=True, slots=True)
    class Payment:
        school: str
        amount: decimal.Decimal

    payment = Payment(school="Trường Tiểu học Kim Giang", amount=decimal.Decimal("1250000.50"))
    assert serializer(Payment) is adapter(Payment).serializer
    assert (
        serializer(Payment).to_json(payment)
        == b'{"school":"Tr\xc6\xb0\xe1\xbb\x9dng Ti\xe1\xbb\x83u h\xe1\xbb\x8dc Kim Giang","amount":"1250000.50"}'
    )


@pytest.fixture(scope="module")
def district(bundled_engine: Engine) -> CheckResult:
    """The examples audited with their roster, waivers and register: waived findings, a unit that
    sent nothing, register notes, roll-ups."""
    return audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=dt.date(2024, 6, 30),
        roster=load_roster(ROSTER),
        waivers=load_waivers(ROOT / "examples" / "mien-tru-thanh-xuan-2023-2024.yaml"),
        register=load_register(ROOT / "examples" / "so-van-ban-den-thanh-xuan-2023-2024.csv"),
        jobs=1,
        engine=bundled_engine,
    )


def test_the_district_audit_is_written_as_pydantic_writes_it(district: CheckResult) -> None:
    assert any(f.status is Status.waived for f in district.findings)
    assert district.audit is not None and district.audit.rollups
    _same(district)


@pytest.mark.parametrize("unit", ["mn-hoa-sen", "th-kim-giang", "thcs-nhan-chinh", "phong-gddt-thanh-xuan"])
def test_each_example_unit_check_is_written_as_pydantic_writes_it(bundled_engine: Engine, unit: str) -> None:
    result = bundled_engine.check([str(EXAMPLES / unit)], as_of=dt.date(2024, 6, 30))
    assert result.findings
    _same(result)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30)
_VI = st.sampled_from(["Báo cáo sơ kết học kỳ I", "Phòng GDĐT quận Thanh Xuân", "Trường Mầm non Hoa Sen"])
_WORDS = st.one_of(_VI, _TEXT)
_TEXTS = st.builds(Text, vi=_WORDS, en=_WORDS)
_DATES = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
# evidence values: what a report holds (text, numbers, floats of every size, nesting), and dates
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    _WORDS,
    _DATES,
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_WORDS, inner, max_size=3),
    max_leaves=8,
)
_EVIDENCE = st.builds(
    Evidence,
    document=_WORDS,
    pointer=st.sampled_from(["/attendance/0/present", "/drills/1/date", "/title", ""]),
    line=st.none() | st.integers(1, 10_000),
    column=st.none() | st.integers(1, 200),
    value=_VALUES,
    cell=st.none() | st.sampled_from(["Báo cáo!C7", "Sheet1!A1"]),
)
_FINDINGS = st.builds(
    Finding,
    unit_id=st.sampled_from(["VN-HN-TX-TH-KIMGIANG", "VN-HN-TX-MN-HOASEN"]),
    unit_name=st.none() | _WORDS,
    unit_type=st.sampled_from(["TRUONG", "PHONG_GDDT"]),
    place=st.none()
    | st.builds(
        UnitPlace,
        province=st.none() | _WORDS,
        district=st.none() | _WORDS,
        school_levels=st.lists(st.sampled_from(["MN", "TH", "THCS"]), max_size=3).map(tuple),
    ),
    school_year=st.just("2023-2024"),
    rule_id=st.sampled_from(["TX2324-T-MO-HINH-DIEM", "compliance/out-of-scope"]),
    pack=st.none() | st.just("thanh-xuan-gdct-cths-2023-2024"),
    kind=st.sampled_from(["required", "deadline", "threshold"]),
    title=_TEXTS,
    severity=st.sampled_from(Severity),
    status=st.sampled_from(Status),
    message=_TEXTS,
    evidence=st.lists(_EVIDENCE, max_size=3),
    source=st.none()
    | st.builds(SourceCitation, document=_WORDS, section=_WORDS, quote=_WORDS, plan=st.none() | _TEXTS),
    remediation=_TEXTS,
    deadline=st.none()
    | st.builds(
        DeadlineDetail,
        due=_DATES,
        reading=st.sampled_from(["exclusive", "inclusive"]),
        last_allowed_day=_DATES,
        shifted_from=st.none() | _DATES,
        received=st.none() | _DATES,
        days_late=st.none() | st.integers(-400, 400),
        printed=st.none() | _WORDS,
        correction=st.none() | _TEXTS,
    ),
    notes=st.lists(_TEXTS, max_size=2),
    waiver=st.none() | _WORDS,
    waiver_detail=st.none()
    | st.builds(
        WaiverInfo,
        reason=_WORDS,
        legal_basis=_WORDS,
        approved_by=_WORDS,
        starts=st.none() | _DATES,
        expires=st.none() | _DATES,
    ),
)


@settings(max_examples=150, deadline=None)
@given(finding=_FINDINGS)
def test_a_generated_finding_is_written_as_pydantic_writes_it(finding: Finding) -> None:
    _same(finding)


_MOMENTS = st.datetimes(
    dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=st.one_of(st.none(), st.timezones())
)
_POINTS = st.builds(
    TrendPoint,
    run=st.integers(1, 10**6),
    passed=st.integers(0, 10**5),
    failed=st.integers(0, 10**5),
    errors=st.integers(0, 10**5),
    pending=st.integers(0, 10**5),
    not_applicable=st.integers(0, 10**5),
    waived=st.integers(0, 10**5),
    rate=st.none() | st.floats(0, 1),
)
_LINES = st.builds(TrendLine, key=_WORDS, title=st.none() | _TEXTS, points=st.lists(_POINTS, max_size=3))


@settings(max_examples=100, deadline=None)
@given(
    trends=st.builds(
        Trends,
        store=_WORDS,
        runs=st.lists(
            st.builds(TrendRun, run=st.integers(1, 10**6), saved_at=_MOMENTS, as_of=_DATES), max_size=3
        ),
        by_rule=st.lists(_LINES, max_size=2),
        by_district=st.lists(_LINES, max_size=2),
    )
)
def test_generated_trends_are_written_as_pydantic_writes_them(trends: Trends) -> None:
    """Moments with and without a time zone (UTC too), rates of every size."""
    _same(trends)
