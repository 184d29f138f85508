"""A letter drawn in headless Chromium: the script that renders one to PNG for a person to look at,
and the page on a phone (skipped without Chromium, unless COMPLIANCE_NO_SKIP is set)."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from builders import ROOT
from chromium import Chromium, browser

GOLDEN = ROOT / "tests" / "fixtures" / "letters" / "VN-HN-TX-TH-KIMGIANG_2023-2024.html"


def test_render_letter_draws_the_whole_letter_to_a_png(tmp_path: Path) -> None:
    browser()  # skips without Chromium
    png = tmp_path / "kim-giang.png"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_letter.py"), str(GOLDEN), str(png)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert width == 900
    assert height > 2 * 1123  # ten obligations: longer than two A4 pages at 96 px to the inch


def test_the_letter_fits_a_phone_without_scrolling_sideways() -> None:
    with Chromium() as chromium:
        measured = chromium.measure(GOLDEN.as_uri(), width=390, height=844)
    assert measured["scrollWidth"] <= measured["innerWidth"], measured["wide"]
    assert measured["smallest"] >= 14  # 11 pt, the recipients' size, is 14.7 px
