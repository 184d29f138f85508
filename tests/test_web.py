"""The web page (compliance.web) in process: the upload, a result and its filters, downloads, the
problems of bad input, the language switch, zip safety, the stored audits. The same page in a
real browser: test_web_browser.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Engine

pytest.importorskip("fastapi", reason="the server extra is not installed")
pytest.importorskip("multipart", reason="the server extra is not installed (python-multipart)")
from fastapi.testclient import TestClient

from compliance.server import create_app
from compliance.store import Category, Store, diff, from_store
from compliance.web import Job, Jobs
from compliance.web._upload import Upload, display_name, unpack

KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"
ROW = re.compile(r'<tr data-status="([a-z_]+)">')


def examples_zip() -> bytes:
    """The Thanh Xuân folder zipped as a person zips it (the folder's name first)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(EXAMPLES.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(EXAMPLES.parent).as_posix())
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def client(bundled_engine: Engine) -> TestClient:
    return TestClient(create_app(bundled_engine, max_bytes=8 * 1024 * 1024))


def post(
    client: TestClient, files: list[tuple[str, tuple[str, bytes, str]]], as_of: str = "30/06/2024"
) -> str:
    """Upload; the result page's address (the 303's Location)."""
    answer = client.post("/ui/check", files=files, data={"as_of": as_of}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:2000]
    location: str = answer.headers["location"]
    return location


@pytest.fixture(scope="module")
def result_url(client: TestClient) -> str:
    return post(client, [("reports", ("thanh-xuan-2023-2024.zip", examples_zip(), "application/zip"))])


def rows(page: str) -> list[str]:
    return ROW.findall(page)


def test_the_upload_form_posts_files_a_date_and_a_roster(client: TestClient) -> None:
    page = client.get("/").text
    assert '<form class="panel" method="post" enctype="multipart/form-data" action="/ui/check">' in page
    assert re.search(r'<input type="file" id="reports" name="reports" multiple', page)
    assert '<label for="as_of">Tính đến ngày (dd/mm/yyyy)</label>' in page
    assert 'name="roster"' in page and '<label for="roster">' in page


def test_the_page_loads_nothing_from_elsewhere(client: TestClient, result_url: str) -> None:
    for url in ("/", result_url):
        answer = client.get(url)
        assert not re.search(r'(src|href)="(https?:)?//', answer.text)
        assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_a_zipped_folder_shows_kim_giangs_failures(client: TestClient, result_url: str) -> None:
    page = client.get(result_url, params={"unit": KIM_GIANG, "status": "fail"}).text
    assert len(rows(page)) == 11 and set(rows(page)) == {"fail"}
    assert "thanh-xuan-2023-2024/th-kim-giang/2024-01-05-so-ket-hk1.yaml" in page  # the path in the zip


def test_each_filter_is_a_query_parameter(client: TestClient, result_url: str) -> None:
    everything = rows(client.get(result_url).text)
    assert len(everything) == 76
    assert Counter(rows(client.get(result_url, params={"status": "not_applicable"}).text)) == {
        "not_applicable": 19
    }
    for name, value in (("severity", "critical"), ("rule", "TX2324-T-BC-SO-KET-HK1"), ("unit", KIM_GIANG)):
        assert 0 < len(rows(client.get(result_url, params={name: value}).text)) < len(everything)


def test_the_counts_by_status_lead_the_result(client: TestClient, result_url: str) -> None:
    page = client.get(result_url, params={"status": "pass"}).text
    counts = dict(re.findall(r'<a class="c-([a-z_]+)" href="[^"]+"><b>(\d+)</b>', page))
    assert counts == {
        "error": "0",
        "fail": "12",
        "pending": "0",
        "waived": "0",
        "pass": "45",
        "not_applicable": "19",
    }


def test_a_finding_shows_its_citation_evidence_and_remedy(client: TestClient, result_url: str) -> None:
    page = client.get(result_url, params={"unit": KIM_GIANG, "rule": "TX2324-T-BC-SO-KET-HK1"}).text
    (row,) = re.findall(r'<tr data-status="fail">.*?</tr>', page, re.S)
    assert "<blockquote>“" in row and "mục " in row  # the plan's words and its section
    assert "2024-01-05-so-ket-hk1.yaml:" in row  # the file and its line
    assert 'data-label="Cách khắc phục">' in row and row.count("</td>") == 7


def test_the_result_is_the_engines_check_of_the_same_files(
    client: TestClient, bundled_engine: Engine, example_audit: CheckResult
) -> None:
    """With the roster, the page's findings are the audit's, unit by unit and rule by rule."""
    files = [("reports", ("thanh-xuan-2023-2024.zip", examples_zip(), "application/zip"))]
    files.append(("roster", (ROSTER.name, ROSTER.read_bytes(), "text/csv")))
    url = post(client, files)
    answer = client.get(url + "/download", params={"format": "json"})
    mine = json.loads(answer.text)["findings"]
    theirs = [(f.unit_id, f.rule_id, f.status.value) for f in example_audit.findings]
    assert sorted((f["unit_id"], f["rule_id"], f["status"]) for f in mine) == sorted(theirs)


@pytest.mark.parametrize(
    ("fmt", "kind", "suffix"),
    [
        ("html", "text/html", ".html"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ("csv", "text/csv", ".csv"),
        ("sarif", "application/sarif+json", ".sarif"),
        ("json", "application/json", ".json"),
    ],
)
def test_a_download_is_named_and_typed(
    client: TestClient, result_url: str, fmt: str, kind: str, suffix: str
) -> None:
    answer = client.get(result_url + "/download", params={"format": fmt})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
    assert answer.headers["content-disposition"] == f'attachment; filename="kiem-tra-2024-06-30{suffix}"'


def test_the_csv_download_has_one_row_per_finding(client: TestClient, result_url: str) -> None:
    answer = client.get(result_url + "/download", params={"format": "csv"})
    assert len(list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))) == 76


def test_an_unknown_download_format_names_the_known_ones(client: TestClient, result_url: str) -> None:
    answer = client.get(result_url + "/download", params={"format": "pdf"})
    assert answer.status_code == 400 and "html, xlsx, csv, sarif, json" in answer.text


def test_a_result_the_server_no_longer_holds_is_a_page_not_a_traceback(client: TestClient) -> None:
    answer = client.get("/ui/results/khong-co")
    assert answer.status_code == 404 and "web-no-such-result" in answer.text and "<html" in answer.text


def test_a_bad_report_is_shown_with_its_file_line_and_fix_beside_the_good_ones(client: TestClient) -> None:
    good = (EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml").read_bytes()
    url = post(
        client,
        [
            ("reports", ("2024-01-05-so-ket-hk1.yaml", good, "application/yaml")),
            ("reports", ("hong.yaml", b"kind: BC_SO_KET_HK1\nschool_year: [\n", "application/yaml")),
        ],
    )
    page = client.get(url).text
    (table,) = re.findall(r'<table class="cards" id="problems">.*?</table>', page, re.S)
    assert (
        "<code>hong.yaml</code>" in table
        and re.search(r"<code>dòng \d+, cột \d+", table)
        and "Cách sửa" in table
    )
    assert KIM_GIANG in page  # the good report was still checked


def test_nothing_to_check_is_refused_with_the_engines_problem(client: TestClient) -> None:
    answer = client.post("/ui/check", files=[("reports", ("ghi-chu.txt", b"xin chao", "text/plain"))])
    assert answer.status_code == 422
    assert "unsupported-report-type" in answer.text and "ghi-chu.txt" in answer.text
    assert "Traceback" not in answer.text


def test_an_empty_form_is_a_check_of_nothing(client: TestClient) -> None:
    answer = client.post("/ui/check", data={"as_of": ""})
    assert answer.status_code == 422 and "no-documents" in answer.text


def test_a_date_that_does_not_exist_is_refused(client: TestClient) -> None:
    zipped = ("reports", ("a.zip", examples_zip(), "application/zip"))
    answer = client.post("/ui/check", files=[zipped], data={"as_of": "31/02/2024"})
    assert answer.status_code == 422 and "date-impossible" in answer.text


def test_a_bad_roster_names_the_file_as_sent(client: TestClient) -> None:
    zipped = ("reports", ("a.zip", examples_zip(), "application/zip"))
    roster = ("roster", ("danh-sach.csv", b"ten_don_vi\nKim Giang\n", "text/csv"))
    answer = client.post("/ui/check", files=[zipped, roster])
    assert answer.status_code == 422 and "danh-sach.csv" in answer.text and "/tmp" not in answer.text


def test_english_is_asked_once_and_remembered(bundled_engine: Engine, result_url: str) -> None:
    with TestClient(create_app(bundled_engine)) as fresh:
        assert '<html lang="vi">' in fresh.get("/").text
        switched = fresh.get("/", params={"lang": "en"})
        assert '<html lang="en">' in switched.text and "compliance-lang=en" in switched.headers["set-cookie"]
        page = fresh.get("/").text
        assert '<html lang="en">' in page and "Report files or a .zip" in page
        assert '<html lang="vi">' in fresh.get("/", params={"lang": "vi"}).text


def test_the_language_switch_keeps_the_filters(client: TestClient, result_url: str) -> None:
    page = client.get(result_url, params={"status": "fail", "lang": "vi"}).text
    assert f'href="{result_url}?status=fail&amp;lang=en" hreflang="en"' in page


def test_the_pages_are_not_in_the_api_contract(client: TestClient) -> None:
    assert not [p for p in client.get("/openapi.json").json()["paths"] if p == "/" or p.startswith("/ui")]


# ----------------------------------------------------------------------------- zips


def test_a_zip_with_a_path_leading_out_is_refused_member_by_member() -> None:
    good = (EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml").read_bytes()
    sent = zip_of(
        {"../../etc/x.yaml": b"kind: x", "/abs.yaml": b"kind: x", "C:/win.yaml": b"x", "ok/a.yaml": good}
    )
    files, problems = unpack([Upload("bao-cao.zip", sent)])
    assert [f.name for f in files] == ["ok/a.yaml"]
    assert [p.code for p in problems] == ["upload-zip-unsafe-name"] * 3


def test_a_zip_inside_the_zip_is_not_read() -> None:
    inner = zip_of({"a.yaml": b"kind: x"})
    files, problems = unpack([Upload("bao-cao.zip", zip_of({"trong.zip": inner}))])
    assert files == [] and [(p.code, p.file) for p in problems] == [
        ("upload-zip-nested", "bao-cao.zip/trong.zip")
    ]


def test_a_zip_bomb_stops_at_the_unpacked_limit() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3):
            archive.writestr(f"{i}.yaml", b" " * 600_000)
    files, problems = unpack([Upload("bom.zip", out.getvalue())], max_bytes=1_000_000)
    assert len(files) == 1 and [p.code for p in problems] == ["upload-too-large"]


def test_too_many_files_are_cut_with_a_problem() -> None:
    files, problems = unpack([Upload(f"{i}.yaml", b"kind: x") for i in range(5)], max_files=3)
    assert len(files) == 3 and [p.code for p in problems] == ["upload-too-many-files"]


def test_a_file_that_is_not_a_zip_says_so() -> None:
    files, problems = unpack([Upload("hong.zip", b"PK\x03\x04 not really")])
    assert files == [] and [p.code for p in problems] == ["upload-zip-unreadable"]


def test_a_folders_other_files_and_a_zip_tools_litter_are_not_reports() -> None:
    sent = zip_of(
        {
            "a/ghi-chu.txt": b"x",
            "__MACOSX/a/._b.yaml": b"x",
            "a/.DS_Store": b"x",
            "a/~$c.xlsx": b"x",
            "a/b.yaml": b"kind: x",
        }
    )
    files, problems = unpack([Upload("a.zip", sent)])
    assert [f.name for f in files] == ["a/b.yaml"] and problems == []


@given(st.text(alphabet=st.sampled_from("ab./\\:C.. "), max_size=30))
def test_a_shown_name_never_leads_out_of_its_folder(raw: str) -> None:
    name = display_name(raw)
    assert name and not name.startswith("/") and ".." not in name.split("/") and "\\" not in name


# ----------------------------------------------------------------------------- the stored audits


@pytest.fixture(scope="module")
def store_path(
    example_audit: CheckResult, early_audit: CheckResult, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Kim Giang on 02/01/2024 (pending), then the district on 30/06/2024."""
    path = tmp_path_factory.mktemp("store") / "audits.sqlite"
    with Store.open(path, create=True) as store:
        store.save(early_audit, command="audit", paths=["bao-cao/"])
        store.save(example_audit, command="audit", paths=["bao-cao/"])
    return path


@pytest.fixture(scope="module")
def store_client(bundled_engine: Engine, store_path: Path) -> TestClient:
    return TestClient(create_app(bundled_engine, store=store_path))


def test_the_stored_audits_are_listed_with_their_counts(store_client: TestClient) -> None:
    page = store_client.get("/ui/audits").text
    runs = re.findall(
        r'<tr><th scope="row" data-label="Lần">#(\d+)</th>.*?data-label="Tính đến ngày">([^<]+)<', page
    )
    assert runs == [("2", "30/06/2024"), ("1", "02/01/2024")]
    assert '<form class="panel filters" method="get" action="/ui/audits/diff"' in page


def test_two_stored_audits_are_compared(store_client: TestClient, store_path: Path) -> None:
    with Store.open(store_path) as store:
        expected = diff(from_store(store, 1), from_store(store, 2)).counts[Category.new_failure]
    answer = store_client.get("/ui/audits/diff", params={"a": "1", "b": "2"})
    assert answer.status_code == 200 and '<a href="/ui/audits">' in answer.text
    assert expected > 0 and f"Mới không đạt ({expected})</h2>" in answer.text


def test_a_run_the_store_lacks_is_the_stores_problem(store_client: TestClient) -> None:
    answer = store_client.get("/ui/audits/diff", params={"a": "1", "b": "9"})
    assert answer.status_code == 422 and "no-such-run" in answer.text


def test_without_a_store_the_audits_page_says_how_to_give_one(client: TestClient) -> None:
    answer = client.get("/ui/audits")
    assert answer.status_code == 404 and "--store" in answer.text and "/ui/audits" not in client.get("/").text


def test_jobs_keep_at_most_their_limit_dropping_the_oldest(example_audit: CheckResult) -> None:
    jobs = Jobs(limit=2)
    first, second, third = (jobs.put(example_audit) for _ in range(3))
    assert jobs.get(first) is None and jobs.get(second) is not None and jobs.get(third) is not None


def test_a_job_keeps_the_result_it_was_given(example_audit: CheckResult) -> None:
    jobs = Jobs()
    kept = jobs.get(jobs.put(example_audit))
    assert kept is not None and kept.status == "done" and kept.result is example_audit
    assert kept.created <= dt.datetime.now().timestamp()


def test_the_upload_names_a_person_sees() -> None:
    assert display_name("thu-muc\\th-kim-giang\\bao-cao.yaml") == "thu-muc/th-kim-giang/bao-cao.yaml"
    assert display_name("../../bao-cao.yaml") == "bao-cao.yaml"


def _settled(jobs: Jobs, job_id: str) -> Job:
    """The job once its thread is done (bounded: the thread only runs ``work``)."""
    deadline = time.monotonic() + 60
    while (job := jobs.get(job_id)) is not None and job.status in ("queued", "running"):
        assert time.monotonic() < deadline, "the job's thread never finished"
        threading.Event().wait(0.01)
    assert job is not None
    return job


def test_submitted_work_is_kept_when_done(example_audit: CheckResult) -> None:
    jobs = Jobs()
    job = _settled(jobs, jobs.submit(lambda: example_audit))
    assert job.status == "done" and job.result is example_audit and job.problems == []


def test_submitted_work_that_refuses_its_input_keeps_the_problems(bundled_engine: Engine) -> None:
    jobs = Jobs()
    job = _settled(jobs, jobs.submit(lambda: bundled_engine.check([])))
    assert (
        job.status == "failed" and job.result is None and [p.code for p in job.problems] == ["no-documents"]
    )


def test_submitted_work_that_crashes_fails_with_a_bilingual_problem() -> None:
    def work() -> CheckResult:
        raise ZeroDivisionError

    jobs = Jobs()
    job = _settled(jobs, jobs.submit(work))
    assert job.status == "failed" and [p.code for p in job.problems] == ["internal-error"]
    assert (
        "ZeroDivisionError" in job.problems[0].message.vi
        and "ZeroDivisionError" in job.problems[0].message.en
    )


def test_with_a_token_every_page_asks_for_it_as_a_browser_can_send_it(bundled_engine: Engine) -> None:
    with TestClient(create_app(bundled_engine, token="ma-bi-mat")) as locked:
        for method, url in (
            ("GET", "/"),
            ("POST", "/ui/check"),
            ("GET", "/ui/results/x"),
            ("GET", "/ui/audits"),
        ):
            answer = locked.request(method, url)
            assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Basic ")
            assert "web-unauthorized" in answer.text and "<html" in answer.text
        assert locked.get("/", auth=("can-bo", "sai")).status_code == 401
        assert locked.get("/", auth=("can-bo", "ma-bi-mat")).status_code == 200
        assert locked.get("/", headers={"Authorization": "bearer ma-bi-mat"}).status_code == 200
