"""Trends (issue 12 item 4): a result given the trends of an audit store (compliance.store.
with_trends, the CLI's --save and --store) shows compliance per district and per rule across the
runs: a section of the HTML page, a sheet of the XLSX workbook, a key of the JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Engine
from compliance.cli import main
from compliance.findings import TrendLine, Trends
from compliance.reporters import render
from compliance.resources import schema
from compliance.store import Store, trends, with_trends
from compliance.store.models import Scope
from district_over_time import AS_OF_A, AS_OF_B, TwoAudits, two_audits
from sheets import book


@pytest.fixture(scope="module")
def district(bundled_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> tuple[TwoAudits, Path]:
    """The district of district_over_time.py, audited on 15/01 and on 30/06, both saved."""
    root = tmp_path_factory.mktemp("trends")
    path = root / "audits.sqlite"
    with Store.open(path, create=True) as store:
        audits = two_audits(root, bundled_engine, store)
    return audits, path


@pytest.fixture
def store(district: tuple[TwoAudits, Path]) -> Iterator[Store]:
    with Store.open(district[1]) as opened:
        yield opened


@pytest.fixture
def trended(district: tuple[TwoAudits, Path], store: Store) -> CheckResult:
    """Audit B (30/06/2024) with the trends of the store that holds A and B."""
    return with_trends(district[0].b, store)


class _Tables(HTMLParser):
    """The text of each cell of each ``<table class="trend">``, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._in = ("class", "trend") in attrs
            if self._in:
                self.tables.append([])
        elif self._in and tag == "tr":
            self.tables[-1].append([])
        elif self._in and tag in ("td", "th"):
            self.tables[-1][-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in and self.tables[-1] and self.tables[-1][-1]:
            self.tables[-1][-1][-1] += data


def _trend_tables(page: str | bytes) -> list[list[list[str]]]:
    assert isinstance(page, str)
    parser = _Tables()
    parser.feed(page)
    return parser.tables


# ----------------------------------------------------------------------------- the trends


def test_the_trends_are_the_store_s_rates_per_rule_and_district(trended: CheckResult, store: Store) -> None:
    assert trended.trends is not None
    assert [r.run for r in trended.trends.runs] == [1, 2]
    assert [r.as_of for r in trended.trends.runs] == [AS_OF_A, AS_OF_B]
    scopes: list[tuple[Scope, list[TrendLine]]] = [
        ("rule", trended.trends.by_rule),
        ("district", trended.trends.by_district),
    ]
    for by, lines in scopes:
        expected = {t.key: [(p.run, p.rate, p.failed, p.errors) for p in t.points] for t in store.trend(by)}
        assert {
            line.key: [(p.run, p.rate, p.failed, p.errors) for p in line.points] for line in lines
        } == expected
    assert "Thanh Xuân" in {line.key for line in trended.trends.by_district}


def test_the_trends_can_be_limited_to_the_last_runs(store: Store) -> None:
    last = trends(store, limit=1)
    assert [r.run for r in last.runs] == [2]
    assert all([p.run for p in line.points] == [2] for line in last.by_rule)


def test_a_result_without_a_store_has_no_trends(example_audit: CheckResult) -> None:
    assert example_audit.trends is None


# ----------------------------------------------------------------------------- HTML


def test_the_html_page_gains_a_trend_section_with_a_store_of_two_runs(trended: CheckResult) -> None:
    page = render(trended, "html")
    assert isinstance(page, str)
    assert '<h2 id="trends">Xu hướng qua các lần kiểm tra</h2>' in page and 'href="#trends"' in page
    assert "Theo quận/huyện" in page and "#1<br>15/01/2024" in page and "#2<br>30/06/2024" in page


def test_the_html_page_has_no_trend_section_without_a_store(example_audit: CheckResult) -> None:
    page = render(example_audit, "html")
    assert isinstance(page, str) and 'id="trends"' not in page and "#trends" not in page


def test_every_trend_chart_is_well_formed_svg_with_a_marker_per_rate(trended: CheckResult) -> None:
    page = render(trended, "html")
    assert isinstance(page, str)
    section = page[page.index('id="trends"') : page.index('id="late"')]
    charts = re.findall(r"<svg\b.*?</svg>", section, flags=re.S)
    assert trended.trends is not None
    lines = [*trended.trends.by_district, *trended.trends.by_rule]
    assert len(charts) == len(lines)
    for chart, line in zip(charts, lines, strict=True):
        svg = ET.fromstring(chart)
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox")
        markers = svg.findall("{http://www.w3.org/2000/svg}circle")
        assert len(markers) == sum(p.rate is not None for p in line.points)
        assert not svg.findall(".//{http://www.w3.org/2000/svg}text")  # labels are HTML: they keep their size


def test_the_trend_tables_show_the_store_s_rates(trended: CheckResult, store: Store) -> None:
    district_table, rule_table = _trend_tables(render(trended, "html", "en"))
    assert trended.trends is not None
    runs = [r.run for r in trended.trends.runs]
    tables: list[tuple[list[list[str]], Scope]] = [(district_table, "district"), (rule_table, "rule")]
    for table, by in tables:
        assert table[0][1:] == [f"#{r.run}{r.as_of:%d/%m/%Y}" for r in trended.trends.runs]
        rows = {row[0]: row[1:] for row in table[1:]}
        for t in store.trend(by):
            label = next(
                k for k in rows if k == t.key or k.startswith(t.key + " ") or (t.title and k == t.title.en)
            )
            at = {p.run: p for p in t.points}
            for run, cell in zip(runs, rows[label], strict=True):
                p = at.get(run)
                expected = "—" if p is None or p.rate is None else f"{p.rate:.0%} ({p.passed}/"
                assert cell.startswith(expected), (t.key, run, cell)


def test_errors_are_counted_as_errors_in_the_trend_table(store: Store) -> None:
    base = trends(store)
    line = base.by_district[0]
    point = line.points[-1].model_copy(update={"errors": 2})
    changed = base.model_copy(update={"by_district": [line.model_copy(update={"points": [point]})]})
    cell = _trend_tables(_page_with(changed))[0][1][-1]
    assert "2 lỗi" in cell and "không đạt" not in cell


def test_a_store_of_one_run_says_there_is_no_trend_yet(example_audit: CheckResult, tmp_path: Path) -> None:
    with Store.open(tmp_path / "audits.sqlite", create=True) as store:
        store.save(example_audit, command="audit")
        page = render(with_trends(example_audit, store), "html")
    assert isinstance(page, str) and 'id="trends"' in page and "chưa có xu hướng" in page
    assert '<table class="trend">' not in page


def _page_with(t: Trends) -> str:
    """A page of no findings but the trends ``t``."""
    skeleton = CheckResult.model_validate(
        {
            "tool_version": "0",
            "engine": "python",
            "as_of": "2024-06-30",
            "packs": [],
            "documents": [],
            "findings": [],
            "summary": {"units": 0, "findings": 0, "by_status": {}},
        }
    )
    page = render(skeleton.model_copy(update={"trends": t}), "html")
    assert isinstance(page, str)
    return page


# ----------------------------------------------------------------------------- XLSX, JSON


def test_the_xlsx_gains_a_trend_sheet_of_each_district_and_rule_in_each_run(
    trended: CheckResult, store: Store
) -> None:
    opened = book(render(trended, "xlsx"))
    notes = ["Ghi chú"] if trended.notes else []  # the notes sheet, after the findings
    assert opened.sheetnames == [
        "Tổng hợp",
        "Theo nhóm",
        "Theo đơn vị",
        "Xu hướng",
        "Biểu đồ xu hướng",
        "Kết luận",
        *notes,
    ]
    rows = list(opened["Xu hướng"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Theo", "Mã", "Tên", "Lần kiểm tra", "Tính đến ngày")
    scopes: list[tuple[str, Scope]] = [("Quận/huyện", "district"), ("Tiêu chí", "rule")]
    expected = [
        (scope, t.key, run.run, run.as_of, run.passed, run.failed, run.errors, run.rate)
        for scope, by in scopes
        for t in store.trend(by)
        for run in t.points
    ]
    got = [
        (r[0], r[1], r[3], r[4].date() if isinstance(r[4], dt.datetime) else r[4], r[5], r[6], r[7], r[11])
        for r in rows[1:]
    ]
    assert got == expected


def test_the_xlsx_charts_each_district_s_rate_run_by_run(trended: CheckResult, store: Store) -> None:
    data = render(trended, "xlsx")
    assert isinstance(data, bytes)
    rows = list(book(data)["Biểu đồ xu hướng"].iter_rows(values_only=True))
    assert rows[0] == ("Quận/huyện", "#1 15/01/2024", "#2 30/06/2024")
    expected = {
        (t.title.vi if t.title else t.key): tuple(
            next((p.rate for p in t.points if p.run == run), None) for run in (1, 2)
        )
        for t in store.trend("district")
    }
    assert {r[0]: r[1:] for r in rows[1:] if r[0]} == expected
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert chart.count("<c:ser>") == len(expected) and "Biểu đồ xu hướng" in chart and "<c:marker>" in chart


def test_the_xlsx_has_no_trend_sheet_without_a_store(example_audit: CheckResult) -> None:
    names = book(render(example_audit, "xlsx")).sheetnames
    assert "Xu hướng" not in names and "Biểu đồ xu hướng" not in names


def test_the_json_with_trends_validates_against_the_findings_schema(trended: CheckResult) -> None:
    data = json.loads(render(trended, "json"))
    jsonschema.Draft202012Validator(schema("findings")).validate(data)
    assert [r["run"] for r in data["trends"]["runs"]] == [1, 2]
    assert CheckResult.model_validate(data).trends == trended.trends


# ----------------------------------------------------------------------------- the CLI


def _audit(tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "audit",
            str(EXAMPLES),
            "--roster",
            str(ROSTER),
            "--as-of",
            "30/06/2024",
            "--format",
            "json",
            "--out",
            str(tmp_path / "kiem-tra.json"),
            "--jobs",
            "1",
            "--fail-on",
            "none",
            *extra,
        ]
    )


def test_audit_save_puts_the_run_it_saves_last_in_the_trends(tmp_path: Path) -> None:
    store = str(tmp_path / "kho.sqlite")
    assert _audit(tmp_path, "--save", "--store", store) == 0
    assert _audit(tmp_path, "--save", "--store", store) == 0
    data = json.loads((tmp_path / "kiem-tra.json").read_text(encoding="utf-8"))
    assert [r["run"] for r in data["trends"]["runs"]] == [1, 2]
    assert data["trends"]["by_district"][0]["key"] == "Thanh Xuân"


def test_audit_with_a_store_and_no_save_shows_the_stored_runs(tmp_path: Path) -> None:
    store = str(tmp_path / "kho.sqlite")
    assert _audit(tmp_path, "--save", "--store", store) == 0
    assert _audit(tmp_path, "--store", store) == 0
    data = json.loads((tmp_path / "kiem-tra.json").read_text(encoding="utf-8"))
    assert [r["run"] for r in data["trends"]["runs"]] == [1]
    with Store.open(store) as opened:
        assert len(opened.runs()) == 1  # nothing saved without --save


def test_audit_without_a_store_has_no_trends(tmp_path: Path) -> None:
    assert _audit(tmp_path) == 0
    assert json.loads((tmp_path / "kiem-tra.json").read_text(encoding="utf-8"))["trends"] is None


def test_a_store_given_alone_that_does_not_exist_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _audit(tmp_path, "--store", str(tmp_path / "khong-co.sqlite")) == 2
    assert "khong-co.sqlite" in capsys.readouterr().err
    assert not (tmp_path / "khong-co.sqlite").exists()  # a store is made only to --save in it
