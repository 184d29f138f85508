"""records.py: findings held in memory while few and spooled to a temporary file when many read
back equal to what was stored, in any order, as often as asked, from any thread; an audit that
spools gives the very result (and output) of one that does not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

import compliance.records
from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Engine
from compliance.audit import EngineSpec, audit
from compliance.finding_records import FindingCodec
from compliance.findings import Evidence, Finding, Tally, as_json
from compliance.i18n import Text
from compliance.judge import shared
from compliance.records import Records, Spool
from compliance.reporters import render
from compliance.roster import load_roster
from compliance.severity import Severity
from sheets import cells

AS_OF = dt.date(2024, 6, 30)
NHAN_CHINH = "unit_id: VN-HN-TX-THCS-NHANCHINH"


@pytest.fixture(scope="module")
def findings(example_audit: CheckResult) -> list[Finding]:
    return list(example_audit.findings)


def _spooled(items: list[Finding], limit: int = 3) -> Records[Finding]:
    spool = Spool(Finding, limit=limit, codec=FindingCodec(shared(Engine.from_path(cache=True).program)))
    spool.extend(items)
    return spool.records()


def test_a_spool_stays_in_memory_up_to_its_limit(findings: list[Finding]) -> None:
    assert not _spooled(findings[:3]).spooled
    assert _spooled(findings[:4]).spooled


def test_spooled_findings_read_back_equal_with_the_same_fields_set(findings: list[Finding]) -> None:
    back = _spooled(findings)
    assert back.spooled and back == findings and list(back) == findings
    assert [as_json(f) for f in back] == [as_json(f) for f in findings]


def test_spooled_findings_index_slice_and_iterate_again(findings: list[Finding]) -> None:
    back = _spooled(findings)
    assert len(back) == len(findings)
    assert back[0] == findings[0] and back[-1] == findings[-1] and back[17] == findings[17]
    assert back[5:9] == findings[5:9] and back[::-7] == findings[::-7]
    assert list(back) == list(back)


def test_a_view_gives_the_positions_asked_in_the_order_asked(findings: list[Finding]) -> None:
    spool = Spool(Finding, limit=2)
    spool.extend(findings[:10])
    order = [9, 0, 1, 2, 7, 8, 3]
    assert spool.records(order) == [findings[i] for i in order]


def test_records_differ_from_a_list_that_differs(findings: list[Finding]) -> None:
    back = _spooled(findings[:5])
    assert back != findings[:4] and back != [*findings[:4], findings[6]]
    assert back != "not a list"


def test_spooled_records_read_from_many_threads_at_once(findings: list[Finding]) -> None:
    back = _spooled(findings * 30, limit=10)
    with ThreadPoolExecutor(4) as pool:
        seen = list(pool.map(lambda _: list(back), range(8)))
    assert all(s == findings * 30 for s in seen)


def test_spooled_records_pickle_as_the_items_they_hold(findings: list[Finding]) -> None:
    back = pickle.loads(pickle.dumps(_spooled(findings)))
    assert isinstance(back, Records) and not back.spooled and back == findings


def test_a_shared_value_that_differs_from_its_rules_is_kept_in_the_record(findings: list[Finding]) -> None:
    renamed = dataclasses.replace(findings[0], title=Text(vi="Tên khác", en="Another title"))
    assert list(_spooled([renamed, *findings[:4]], limit=0)) == [renamed, *findings[:4]]


def test_a_finding_of_a_rule_not_in_the_table_is_kept_whole(findings: list[Finding]) -> None:
    stranger = dataclasses.replace(findings[0], rule_id="KHAC-01")
    assert list(_spooled([stranger], limit=0)) == [stranger]


def test_an_evidence_value_marshal_cannot_write_is_pickled_and_read_back(findings: list[Finding]) -> None:
    dated = dataclasses.replace(
        findings[0],
        evidence=[Evidence(document="a.yaml", pointer="/received_at", value=dt.date(2024, 1, 15))],
    )
    assert list(_spooled([dated], limit=0)) == [dated]


def test_records_encoded_elsewhere_are_kept_unread_and_read_back_equal(findings: list[Finding]) -> None:
    table = shared(Engine.from_path(cache=True).program)
    encoded = [FindingCodec(table).encode(f) for f in findings]
    for limit in (None, 0, 5):
        spool = Spool(Finding, limit=limit, codec=FindingCodec(table))
        spool.extend_encoded(b"".join(encoded), [len(e) for e in encoded])
        assert list(spool.records()) == findings and spool.get(3) == findings[3]


def test_a_record_leaves_out_what_its_rule_gives(findings: list[Finding]) -> None:
    table = shared(Engine.from_path(cache=True).program)
    assert len(FindingCodec(table).encode(findings[0])) < len(FindingCodec({}).encode(findings[0])) / 2


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(JSON_VALUES, min_size=1, max_size=6), message=st.text(min_size=1))
def test_any_evidence_value_and_any_text_survive_the_spool(
    example_audit: CheckResult, values: list[Any], message: str
) -> None:
    base = example_audit.findings[0]
    made = [
        dataclasses.replace(
            base,
            evidence=[Evidence(document="a.yaml", pointer=f"/x/{i}", value=v)],
            message=Text(vi=message, en=message),
        )
        for i, v in enumerate(values)
    ]
    assert list(_spooled(made, limit=0)) == made


def test_a_result_takes_a_list_and_keeps_records_as_they_are(example_audit: CheckResult) -> None:
    assert isinstance(example_audit.findings, Records)
    again = CheckResult.model_validate(example_audit.model_dump())
    assert isinstance(again.findings, Records) and again == example_audit
    fields = {f.name: getattr(example_audit, f.name) for f in dataclasses.fields(example_audit)}
    kept = CheckResult.model_validate({**fields, "findings": example_audit.findings})
    assert kept.findings is example_audit.findings


# ----------------------------------------------------------------------------- audits that spool


@pytest.fixture(scope="module")
def spooled_audit(bundled_engine: Engine) -> CheckResult:
    """The examples' audit, spooled after 5 findings."""
    return audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=AS_OF,
        roster=load_roster(ROSTER),
        jobs=1,
        engine=bundled_engine,
        spool_after=5,
    )


def test_an_audit_that_spools_gives_the_same_result(
    spooled_audit: CheckResult, example_audit: CheckResult
) -> None:
    assert spooled_audit.findings.spooled and spooled_audit.documents.spooled  # type: ignore[attr-defined]
    assert not example_audit.findings.spooled  # type: ignore[attr-defined]
    assert spooled_audit == example_audit


def test_an_audit_that_spools_counts_the_same(spooled_audit: CheckResult, example_audit: CheckResult) -> None:
    counted = Tally.of(list(example_audit.findings))
    tally = Tally.of(spooled_audit.findings)
    assert tally.summary() == counted.summary() == spooled_audit.summary
    assert tally.rates("rule") == counted.rates("rule") and tally.rates("unit") == counted.rates("unit")
    assert tally.failing == counted.failing and tally.fails_at(Severity.low)


@pytest.mark.parametrize("fmt", ["text", "json", "html", "csv", "sarif", "xlsx"])
def test_an_audit_that_spools_reports_the_same(
    spooled_audit: CheckResult, example_audit: CheckResult, fmt: str
) -> None:
    if fmt == "xlsx":  # a zip records when it was written: compare the cells
        assert cells(render(spooled_audit, fmt)) == cells(render(example_audit, fmt))
    else:
        assert render(spooled_audit, fmt, "en") == render(example_audit, fmt, "en")


def test_a_portfolio_checked_again_in_the_parent_is_spooled_right(
    tmp_path: Path, bundled_engine: Engine
) -> None:
    """A document whose quick key was wrong (a unit id folded over two lines) is checked again
    with its real portfolio, whose documents are by then in the spool."""
    folder = tmp_path / "bao-cao"
    shutil.copytree(EXAMPLES, folder)
    reports = sorted((folder / "thcs-nhan-chinh").glob("*.yaml"))
    texts = [r.read_text(encoding="utf-8") for r in reports]
    for report, text in zip(reports, texts, strict=True):
        report.write_text(text.replace(NHAN_CHINH, f"{NHAN_CHINH} CS2"), encoding="utf-8")
    expected = audit(
        [folder], spec=EngineSpec(), as_of=AS_OF, jobs=1, engine=bundled_engine, spool_after=None
    )
    reports[0].write_text(texts[0].replace(NHAN_CHINH, f"{NHAN_CHINH}\n    CS2"), encoding="utf-8")
    result = audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=1, engine=bundled_engine, spool_after=2)
    assert result.findings.spooled  # type: ignore[attr-defined]
    assert result.findings == expected.findings and result.summary == expected.summary
    assert [d.file for d in result.documents] == [d.file for d in expected.documents]


class _Open(BaseModel):
    """A model that keeps fields it was not told of: it cannot be rebuilt from its own fields."""

    model_config = ConfigDict(extra="allow")

    unit_id: str


def test_a_spool_that_may_spill_refuses_a_model_it_cannot_rebuild_when_made() -> None:
    with pytest.raises(TypeError, match="cannot be spooled"):
        Spool(_Open, limit=10)


@dataclasses.dataclass(frozen=True)
class _School:
    unit_id: str
    unit_name: str


def test_in_memory_records_set_up_no_codec_and_a_spool_sets_up_one_per_model() -> None:
    # a check's results never leave memory: setting up a codec (it reads the type hints of every
    # class the fields hold) cost about 1.7 ms of each check a server answers
    schools = [_School("VN-HN-TX-TH-KIMGIANG", "Trường Tiểu học Kim Giang")]
    assert list(Records.of(_School, schools)) == schools
    assert _School not in compliance.records._CODECS
    first, second = Spool(_School, limit=0), Spool(_School, limit=0)
    first.extend(schools)
    second.extend(schools)
    assert first.records() == second.records() == schools
    assert list(compliance.records._CODECS).count(_School) == 1


def test_a_portfolio_whose_findings_name_two_units_counts_each_of_them(example_audit: CheckResult) -> None:
    """The parent counts a portfolio of one unit in one step; one whose findings name two units
    (none of the examples' does) is counted finding by finding, with the same counts and roll-ups
    as the two units in portfolios of their own."""
    from compliance.audit.collect import Collector
    from compliance.audit.portfolios import Done

    findings = list(example_audit.findings)
    first, second = sorted({f.unit_id for f in findings})[:2]
    both = [f for f in findings if f.unit_id in (first, second)]
    key = (first, both[0].school_year)
    together = Collector(as_of=AS_OF)
    _, _, tally = together.records({key: together.keep(Done(key, both, [], []))})
    apart = Collector(as_of=AS_OF)
    done = {}
    for unit in (first, second):
        own = (unit, key[1])
        done[own] = apart.keep(Done(own, [f for f in both if f.unit_id == unit], [], []))
    _, _, separate = apart.records(done)
    counted = Tally.of(both)
    assert tally.summary() == counted.summary() == separate.summary()
    assert tally.rates("unit") == counted.rates("unit") == separate.rates("unit")
    assert tally.rates("rule") == counted.rates("rule") and tally.failing == counted.failing
    assert together.rollups() == apart.rollups()
