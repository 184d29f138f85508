"""The web page in a real browser: headless Chromium (Debian's ``chromium`` and ``chromedriver``)
driven by Selenium against ``compliance serve``'s app on a real uvicorn on loopback.

Upload the Thanh Xuân examples, see Kim Giang's failures, filter (scripts on: the table changes
without a reload; scripts off: the GET form), download the XLSX, switch to English, use the
filters from the keyboard, fit a 400 px phone, compare two stored audits. Every wait is bounded
(:data:`WAIT`) and waits for a condition, never for a time.

Skipped, with the reason, when Chromium or its driver is missing, unless ``COMPLIANCE_NO_SKIP``
is set (CI, ``.ci/run`` installs both), where the skip fails the test (tests/conftest.py).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from builders import EXAMPLES
from compliance import CheckResult, Engine

pytest.importorskip("fastapi", reason="the server extra is not installed")
pytest.importorskip("multipart", reason="the server extra is not installed (python-multipart)")
pytest.importorskip("selenium", reason="selenium is in the dev extra: pip install -e '.[dev]'")
import httpx
import openpyxl
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from compliance.server import create_app
from compliance.store import Store

WAIT = 120.0  # seconds for one page or condition: generous, the machine may be busy
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"
BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVERS = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
T = TypeVar("T")

pytestmark = pytest.mark.timeout(900)


def _found(candidates: tuple[str, ...], name: str) -> str | None:
    return next((c for c in candidates if Path(c).exists()), None) or shutil.which(name)


def chromium() -> tuple[str, str]:
    """Chromium and its driver, or skip (Debian: apt-get install chromium chromium-driver)."""
    browser, driver = _found(BROWSERS, "chromium"), _found(DRIVERS, "chromedriver")
    if browser is None or driver is None:
        pytest.skip(
            "Chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver)"
        )
    return browser, driver


@pytest.fixture(scope="module")
def store_path(
    example_audit: CheckResult, early_audit: CheckResult, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("store") / "audits.sqlite"
    with Store.open(path, create=True) as store:
        store.save(early_audit, command="audit", paths=["bao-cao/"])
        store.save(example_audit, command="audit", paths=["bao-cao/"])
    return path


@pytest.fixture(scope="module")
def site(bundled_engine: Engine, store_path: Path) -> Iterator[str]:
    """``compliance serve``'s app on uvicorn, on a free loopback port; its base URL. The socket
    listens before the server starts, so a request that comes early waits in its queue."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    app = create_app(bundled_engine, store=store_path, max_bytes=8 * 1024 * 1024)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=WAIT)
        sock.close()


def _driver(downloads: Path, *, scripts: bool = True) -> WebDriver:
    browser, driver = chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    prefs: dict[str, Any] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    }
    if not scripts:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    chrome.set_page_load_timeout(WAIT)
    chrome.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return chrome


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    chrome = _driver(downloads)
    try:
        yield chrome
    finally:
        chrome.quit()


def until(chrome: WebDriver, condition: Callable[[WebDriver], T]) -> T:
    result: T = WebDriverWait(chrome, WAIT, poll_frequency=0.05).until(condition)
    return result


@pytest.fixture(scope="module")
def examples_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("zip") / "thanh-xuan-2023-2024.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(EXAMPLES.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(EXAMPLES.parent).as_posix())
    return path


def upload(chrome: WebDriver, site: str, files: list[Path], as_of: str = "30/06/2024") -> str:
    """Fill the upload form and press Check; the result page's address."""
    chrome.get(site + "/?lang=vi")
    chrome.find_element(By.ID, "reports").send_keys("\n".join(str(f) for f in files))
    chrome.find_element(By.ID, "as_of").send_keys(as_of)
    chrome.find_element(By.CSS_SELECTOR, "form[action='/ui/check'] button[type=submit]").click()
    until(chrome, lambda c: "/ui/results/" in c.current_url)
    return str(chrome.current_url).split("?")[0]


@pytest.fixture(scope="module")
def result_url(browser: WebDriver, site: str, examples_zip: Path) -> str:
    return upload(browser, site, [examples_zip])


def statuses(chrome: WebDriver) -> list[str]:
    """The status of each row of the findings table, read at once (the script replaces it)."""
    found: list[str] = chrome.execute_script(
        "return [...document.querySelectorAll('#findings tr[data-status]')].map((r) => r.dataset.status)"
    )
    return found


def test_uploading_the_examples_shows_kim_giangs_failures(browser: WebDriver, result_url: str) -> None:
    browser.get(result_url)
    Select(browser.find_element(By.ID, "f-unit")).select_by_value(KIM_GIANG)
    Select(browser.find_element(By.ID, "f-status")).select_by_value("fail")
    until(browser, lambda c: statuses(c) == ["fail"] * 11)  # the script fetched the filtered table
    assert "status=fail" in browser.current_url and f"unit={KIM_GIANG}" in browser.current_url
    units = {
        td.text.split("\n")[0]
        for td in browser.find_elements(By.CSS_SELECTOR, "#findings td[data-label='Đơn vị']")
    }
    assert units == {KIM_GIANG}


def test_the_counts_link_to_their_status(browser: WebDriver, result_url: str) -> None:
    browser.get(result_url)
    browser.find_element(By.CSS_SELECTOR, "a.c-not_applicable").click()
    until(browser, lambda c: "status=not_applicable" in c.current_url)
    assert set(statuses(browser)) == {"not_applicable"} and len(statuses(browser)) == 19


def test_several_report_files_are_checked_as_one_upload(browser: WebDriver, site: str) -> None:
    url = upload(browser, site, sorted((EXAMPLES / "th-kim-giang").glob("*.yaml")))
    browser.get(url + "?status=fail")
    assert statuses(browser) == ["fail"] * 11


def test_the_xlsx_download_opens_with_kim_giangs_failures(
    browser: WebDriver, result_url: str, downloads: Path
) -> None:
    browser.get(result_url)
    browser.find_element(By.LINK_TEXT, "XLSX").click()
    target = downloads / "kiem-tra-2024-06-30.xlsx"
    until(browser, lambda _c: target.exists() and not list(downloads.glob("*.crdownload")))
    sheet = openpyxl.load_workbook(target, read_only=True)["Kết luận"]
    head, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
    unit, status = head.index("Mã đơn vị"), head.index("Mã kết quả")
    assert len(body) == 76
    assert sum(1 for row in body if row[unit] == KIM_GIANG and row[status] == "fail") == 11


def test_english_is_one_click_and_stays(browser: WebDriver, result_url: str, site: str) -> None:
    browser.get(result_url + "?status=fail&lang=vi")
    # the page in Vietnamese first (on a loaded machine the last page can still be the one shown)
    until(browser, lambda c: c.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    until(browser, lambda c: c.find_elements(By.LINK_TEXT, "English"))[0].click()
    until(browser, lambda c: c.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check result"
    assert "status=fail" in browser.current_url and set(statuses(browser)) == {"fail"}
    browser.get(site + "/")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=reports]").text == "Report files or a .zip"
    browser.find_element(By.LINK_TEXT, "Tiếng Việt").click()
    until(browser, lambda c: c.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")


def test_the_filters_work_from_the_keyboard(browser: WebDriver, result_url: str) -> None:
    browser.get(result_url + "?lang=vi")
    for _ in range(80):  # Tab through the page to the status filter
        if browser.switch_to.active_element.get_attribute("id") == "f-status":
            break
        ActionChains(browser).send_keys(Keys.TAB).perform()
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "f-status"
    outline = browser.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    ActionChains(browser).send_keys("Không đạt").perform()  # a select takes the option typed
    until(browser, lambda c: statuses(c) and set(statuses(c)) == {"fail"})


def _width(chrome: WebDriver, url: str) -> int:
    chrome.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 400, "height": 800, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        chrome.get(url)
        width: int = chrome.execute_script("return document.documentElement.scrollWidth")
        assert chrome.execute_script("return innerWidth") == 400
        return width
    finally:
        chrome.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("where", ["/", "result", "/ui/audits"])
def test_a_400_px_phone_needs_no_sideways_scroll(
    browser: WebDriver, site: str, result_url: str, where: str
) -> None:
    url = result_url if where == "result" else site + where
    assert _width(browser, url) <= 400


def test_two_stored_audits_are_compared_from_the_list(browser: WebDriver, site: str) -> None:
    browser.get(site + "/ui/audits?lang=vi")
    assert [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#runs tbody th")] == ["#2", "#1"]
    browser.find_element(By.CSS_SELECTOR, "form[action='/ui/audits/diff'] button").click()
    until(browser, lambda c: "/ui/audits/diff" in c.current_url)
    assert "a=1" in browser.current_url and "b=2" in browser.current_url
    assert re.search(r"Mới không đạt \(\d+\)", browser.find_element(By.TAG_NAME, "body").text)


def test_with_scripts_off_the_filter_form_filters(site: str, result_url: str, tmp_path: Path) -> None:
    chrome = _driver(tmp_path, scripts=False)
    try:
        chrome.get(site + "/")
        assert not chrome.find_element(By.ID, "drop").is_displayed()  # drag-and-drop needs the script
        assert chrome.find_element(By.ID, "reports").is_displayed()  # the plain file input does not
        chrome.get(result_url)
        Select(chrome.find_element(By.ID, "f-unit")).select_by_value(KIM_GIANG)
        Select(chrome.find_element(By.ID, "f-status")).select_by_value("fail")
        assert "status=fail" not in chrome.current_url  # nothing happens until the form is sent
        chrome.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
        until(chrome, lambda c: "status=fail" in c.current_url)
        assert statuses(chrome) == ["fail"] * 11
    finally:
        chrome.quit()


def test_without_a_browser_a_get_with_filters_returns_the_filtered_rows(site: str, result_url: str) -> None:
    answer = httpx.get(result_url, params={"unit": KIM_GIANG, "status": "fail"}, timeout=WAIT)
    assert answer.status_code == 200
    assert re.findall(r'<tr data-status="([a-z_]+)">', answer.text) == ["fail"] * 11
    assert "<script>" in answer.text  # the same page a browser gets: the script only enhances it


def test_dropped_files_fill_the_upload_form(browser: WebDriver, site: str) -> None:
    browser.get(site + "/?lang=vi")
    reports = sorted((EXAMPLES / "th-kim-giang").glob("*.yaml"))
    browser.execute_script(
        """
        const [names, texts] = arguments, sent = new DataTransfer();
        names.forEach((name, i) => sent.items.add(new File([texts[i]], name, {type: 'application/yaml'})));
        document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: sent, bubbles: true}));
        """,
        [p.name for p in reports],
        [p.read_text(encoding="utf-8") for p in reports],
    )
    until(browser, lambda c: c.find_element(By.ID, "chosen").text == f"Đã chọn {len(reports)} tệp")
    browser.find_element(By.ID, "as_of").send_keys("30/06/2024")
    browser.find_element(By.CSS_SELECTOR, "form[action='/ui/check'] button[type=submit]").click()
    until(browser, lambda c: "/ui/results/" in c.current_url)
    browser.get(browser.current_url + "?status=fail")
    assert statuses(browser) == ["fail"] * 11


def test_a_picked_folder_fills_the_upload_form(browser: WebDriver, site: str) -> None:
    browser.get(site + "/?lang=vi")
    browser.find_element(By.ID, "folder").send_keys(str(EXAMPLES / "th-kim-giang"))
    until(browser, lambda c: c.find_element(By.ID, "chosen").text.startswith("Đã chọn"))
    browser.find_element(By.ID, "as_of").send_keys("30/06/2024")
    browser.find_element(By.CSS_SELECTOR, "form[action='/ui/check'] button[type=submit]").click()
    until(browser, lambda c: "/ui/results/" in c.current_url)
    browser.get(browser.current_url + "?status=fail")
    assert statuses(browser) == ["fail"] * 11
