"""Properties over generated reports: whatever the schema accepts, the engine answers — one finding
per (unit, rule addressed to it), never a crash, and the same answer every time."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance import Engine, Status
from compliance.checks._base import _DISTINCT_KEY, jsonable
from compliance.i18n import vn_date
from compliance.validate import report_validator
from strategies import DATES, reports


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_generated_reports_are_valid(report: dict[str, Any]) -> None:
    assert list(report_validator().iter_errors(report)) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(reports(), min_size=1, max_size=4), DATES)
def test_every_unit_gets_one_finding_per_rule_and_the_same_one_twice(
    bundled_engine: Engine, portfolio: list[dict[str, Any]], as_of: dt.date
) -> None:
    result = bundled_engine.check(portfolio, as_of=as_of)
    keys = [(f.unit_id, f.school_year, f.rule_id) for f in result.findings]
    assert len(keys) == len(set(keys))
    assert bundled_engine.check(portfolio, as_of=as_of).findings == result.findings


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(reports(unit_type="TRUONG"), min_size=1, max_size=3))
def test_a_failing_deadline_always_says_how_late(
    bundled_engine: Engine, portfolio: list[dict[str, Any]]
) -> None:
    result = bundled_engine.check(portfolio, as_of=dt.date(2024, 8, 31))
    for f in result.findings:
        if f.kind == "deadline" and f.status is Status.fail:
            assert f.deadline is not None and f.deadline.days_late is not None and f.deadline.days_late > 0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(reports(unit_type="TRUONG"), min_size=1, max_size=3))
def test_adding_a_document_never_turns_a_pass_into_missing_data(
    bundled_engine: Engine, portfolio: list[dict[str, Any]]
) -> None:
    portfolio = [{**doc, "submitter": portfolio[0]["submitter"]} for doc in portfolio]
    as_of = dt.date(2024, 8, 31)
    before = {(f.unit_id, f.rule_id): f for f in bundled_engine.check(portfolio[:1], as_of=as_of).findings}
    after = {(f.unit_id, f.rule_id): f for f in bundled_engine.check(portfolio, as_of=as_of).findings}
    for key, finding in before.items():
        if finding.kind in ("required", "deadline") and finding.status is Status.pass_:
            assert after[key].status is Status.pass_


@given(day=st.dates())
def test_a_date_is_written_day_first_as_strftime_writes_it(day: dt.date) -> None:
    assert vn_date(day) == day.strftime("%d/%m/%Y")


ITEM_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.dates()
    | st.datetimes(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)


@given(value=ITEM_VALUES)
def test_the_key_that_finds_an_item_reported_twice_is_its_json_with_dates_as_iso_text(value: Any) -> None:
    assert _DISTINCT_KEY(value) == json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False)
