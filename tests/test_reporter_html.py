"""reporters/html.py: a self-contained, printable page that shows every finding and escapes every
value taken from a report."""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser
from typing import Any

from builders import report, reported_by
from compliance import CheckResult, Engine
from compliance.reporters import render, write
from compliance.reporters._stream import TextOut
from hostile import FORBIDDEN, hostile


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.external: list[str] = []
        self.tags: set[str] = set()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)
            elif name == "href" and value:
                self.links.append(value[1:])
            elif name == "id" and value:
                self.ids.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_shows_every_finding(example_audit: CheckResult) -> None:
    page = render(example_audit, "html")
    assert isinstance(page, str)
    parser = _Collector()
    parser.feed(page)
    text = "".join(parser.text)
    assert parser.external == [] and "script" not in parser.tags and "svg" in parser.tags
    for f in example_audit.findings:
        assert f.rule_id in text and (f.unit_name or f.unit_id) in text
    assert "Không gửi báo cáo nào" in text and "VN-HN-TX-TH-KHUONGMAI" in text
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert "@media print" in page and "<script" not in page and "@import" not in page


def test_html_links_reach_every_finding_once(example_audit: CheckResult) -> None:
    page = render(example_audit, "html", "en")
    assert isinstance(page, str)
    parser = _Collector()
    parser.feed(page)
    assert len(parser.ids) == len(set(parser.ids))
    assert set(parser.links) <= set(parser.ids)
    assert sum(i.startswith("finding-") for i in parser.ids) == len(example_audit.findings)
    assert "Compliance by unit" in "".join(parser.text)


def test_html_escapes_text_from_reports(bundled_engine: Engine) -> None:
    data = reported_by(
        report(kind="BC_SO_KET_HK1", received_at="2024-01-02"), unit_name="<script>alert(1)</script>"
    )
    page = render(bundled_engine.check(data, as_of=dt.date(2024, 6, 30)), "html")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_unreadable_documents_are_listed(unreadable_audit: CheckResult) -> None:
    assert "sai.json" in render(unreadable_audit, "html")


def test_hostile_text_is_escaped_and_characters_html_forbids_replaced(example_audit: CheckResult) -> None:
    page = render(hostile(example_audit), "html")
    assert isinstance(page, str) and not set(FORBIDDEN) & set(page)
    assert "&lt;b&gt;&amp;" in page and "<b>&" not in page
    parser = _Collector()
    parser.feed(page)
    parser.close()
    text = "".join(parser.text)
    assert "Đơn vị Trường\ufffd số\ufffd 1\ufffd <b>&" in text and "VNTrường\ufffd" in text


def test_html_rate_tables_count_errors_apart_from_failures(bundled_engine: Engine) -> None:
    """An error (nothing could be judged) is not a failure of the unit: its own column."""
    data = report()
    data["submitter"]["district"] = "Thanh Xuan"  # no pack's place: one error finding
    page = render(bundled_engine.check([data], as_of=dt.date(2024, 6, 30)), "html", "vi")
    assert isinstance(page, str)
    header = "<th>Đạt</th><th>Không đạt</th><th>Lỗi</th><th>Được miễn</th>"
    counts = '<td class="n">0</td><td class="n">0</td><td class="n">1</td><td class="n">0</td>'
    assert page.count(header) == 2 and page.count(counts) == 2


class _Writes(io.BytesIO):
    """A file that remembers the size of each write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, data: Any, /) -> int:
        self.sizes.append(len(data))
        return super().write(data)


def test_the_page_reaches_the_file_in_blocks_however_many_units(bundled_engine: Engine) -> None:
    """The charts and tables by unit are written a unit at a time, never built whole: with 400
    schools, no write is much larger than a block of the stream (a chart of 400 bars is 240 KB)."""
    schools = [
        reported_by(report(), unit_id=f"VN-HN-TX-TH-{n:04d}", unit_name=f"Trường Tiểu học số {n}")
        for n in range(400)
    ]
    result = bundled_engine.check(schools, as_of=dt.date(2024, 6, 30))
    out = _Writes()
    write(result, "html", "vi", out)
    page = out.getvalue().decode("utf-8")
    assert page.count('<div class="bar">') == 400 + len({f.rule_id for f in result.findings})
    assert max(out.sizes) < 2 * TextOut._BLOCK
