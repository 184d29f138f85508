"""reporters/html.py (and the diff page of reporters/diff_report.py) as people see them (issue 17
item 8): on a phone — no page wider than the screen, no text under 11 px — and on A4; errors
counted as errors, a unit that sent nothing read as such. The layout is measured in headless
Chromium (tests/chromium.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builders import report
from chromium import Chromium
from compliance import CheckResult, Engine, Status
from compliance.reporters import render
from compliance.reporters.diff_report import render_html
from compliance.store import Store, diff, from_store, with_trends
from district_over_time import two_audits

PHONES = [(360, 740), (390, 844), (485, 900)]  # CSS pixels: small Android, iPhone 12–15, the issue's
A4_WIDTH = 703  # CSS pixels: 210 mm less the page's 2 × 12 mm margins, at 96 px per inch
SMALLEST = 11.0  # px, on a screen
SMALLEST_PRINTED = 10.0  # px (7.5 pt) on paper


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as opened:
        yield opened


@pytest.fixture(scope="module")
def pages(
    example_audit: CheckResult, bundled_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The examples' audit page, a district's page with the trends of a store of two runs, and
    the diff page of those runs."""
    folder = tmp_path_factory.mktemp("pages")
    with Store.open(folder / "audits.sqlite", create=True) as store:
        audits = two_audits(folder, bundled_engine, store)
        trended = with_trends(audits.b, store)
        changes = render_html(diff(from_store(store, 1), from_store(store, 2)), "vi")
    out = {}
    for name, result in (("audit", example_audit), ("trends", trended)):
        page = render(result, "html")
        assert isinstance(page, str)
        out[name] = folder / f"{name}.html"
        out[name].write_text(page, encoding="utf-8")
    out["diff"] = folder / "diff.html"
    out["diff"].write_text(changes, encoding="utf-8")
    return out


def _fits(measured: dict[str, Any], width: int, smallest: float) -> None:
    assert measured["innerWidth"] == width, measured  # the viewport meta tag is honoured
    assert measured["scrollWidth"] <= width, measured  # no sideways scrolling of the page
    assert measured["wide"] == [], measured  # nothing past the edge (tables scroll in their box)
    assert measured["smallest"] >= smallest, measured


@pytest.mark.parametrize("name", ["audit", "trends", "diff"])
@pytest.mark.parametrize(("width", "height"), PHONES)
def test_the_page_fits_a_phone_with_readable_text(
    browser: Chromium, pages: dict[str, Path], name: str, width: int, height: int
) -> None:
    _fits(browser.measure(pages[name].as_uri(), width=width, height=height), width, SMALLEST)


@pytest.mark.parametrize("name", ["audit", "trends", "diff"])
def test_the_printed_page_fits_a4(browser: Chromium, pages: dict[str, Path], name: str) -> None:
    measured = browser.measure(pages[name].as_uri(), width=A4_WIDTH, height=1000, media="print")
    assert measured["scrollWidth"] <= A4_WIDTH and measured["wide"] == [], measured
    assert measured["smallest"] >= SMALLEST_PRINTED, measured


def test_the_charts_hold_no_text_that_shrinks_with_them(example_audit: CheckResult) -> None:
    """Labels and rates are HTML beside the bars: an SVG's text would scale down with its viewBox."""
    page = render(example_audit, "html")
    assert isinstance(page, str)
    charts = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert charts and not any("<text" in chart for chart in charts)


# ----------------------------------------------------------------------------- what the labels say


@pytest.fixture(scope="module")
def with_an_error(bundled_engine: Engine) -> CheckResult:
    """One report whose district no pack knows: one finding, an error (nothing could be judged)."""
    data = report()
    data["submitter"]["district"] = "Thanh Xuan"
    result = bundled_engine.check([data], as_of=dt.date(2024, 6, 30))
    assert [f.status for f in result.findings] == [Status.error]
    return result


def test_an_error_has_its_own_card_and_bar_never_the_failures(with_an_error: CheckResult) -> None:
    page = render(with_an_error, "html")
    assert isinstance(page, str)
    assert '<b class="s-error">1</b>Lỗi' in page and '<b class="s-fail">0</b>Không đạt' in page
    assert "<title>Lỗi: 1</title>" in page and "<title>Không đạt:" not in page


def test_an_error_reads_as_an_error_in_the_matrix_and_the_details(with_an_error: CheckResult) -> None:
    page = render(with_an_error, "html")
    assert isinstance(page, str)
    assert re.search(r'<td class="s-error" title="[^"]*: Lỗi">', page)
    assert '<div class="finding error"' in page and '<b class="s-error">Lỗi</b>' in page
    assert 'class="finding fail"' not in page


def test_a_unit_that_sent_nothing_reads_as_not_sent_never_as_an_error(example_audit: CheckResult) -> None:
    page = render(example_audit, "html")
    assert isinstance(page, str)
    forbidden = [
        i
        for i, f in enumerate(example_audit.findings)
        if f.unit_id == "VN-HN-TX-TH-KHUONGMAI" and f.kind == "forbidden"
    ]
    assert forbidden
    for i in forbidden:
        start = page.index(f'id="finding-{i}"')
        block = page[start : page.index("\n</div>", start)]
        assert "chưa gửi báo cáo" in block and "Lỗi" not in block, block
        cell = re.search(rf'<td class="s-(\w+)" title="([^"]*)"><a href="#finding-{i}">', page)
        assert cell is not None and cell.group(1) == "fail" and not cell.group(2).endswith("Lỗi")
    assert "Không gửi báo cáo nào" in page
