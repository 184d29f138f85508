"""The portal endpoints: uploads, audits and their jobs, rules, readiness, metrics, logs."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from builders import EXAMPLES, ROSTER, report
from compliance import Engine

pytest.importorskip("fastapi", reason="the server extra is not installed")
from fastapi.testclient import TestClient

from compliance.server import Jobs, create_app

AS_OF = {"as_of": "2024-06-30"}
KIM_GIANG = EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml"


@pytest.fixture(scope="module")
def client(bundled_engine: Engine) -> TestClient:
    return TestClient(create_app(bundled_engine))


def upload(*paths: Path) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in paths]


def every_example() -> list[Path]:
    return sorted(EXAMPLES.glob("*/*.*"))


def statuses(findings: list[dict[str, Any]]) -> dict[str, str]:
    return {f["rule_id"]: f["status"] for f in findings}


# ----------------------------------------------------------------------------- POST /v1/check


def test_an_uploaded_yaml_report_is_checked_like_the_same_report_in_json(
    client: TestClient, bundled_engine: Engine
) -> None:
    answer = client.post("/v1/check", files=upload(KIM_GIANG), params=AS_OF)
    assert answer.status_code == 200
    expected = bundled_engine.check([KIM_GIANG], as_of=dt.date(2024, 6, 30))
    assert statuses(answer.json()["findings"]) == {f.rule_id: f.status.value for f in expected.findings}


def test_the_as_of_of_an_upload_may_be_a_form_field(client: TestClient) -> None:
    answer = client.post("/v1/check", files=upload(KIM_GIANG), data={"as_of": "2024-01-02"})
    assert answer.json()["as_of"] == "2024-01-02"


def test_an_invalid_upload_is_a_problem_naming_the_file_as_uploaded(client: TestClient) -> None:
    files = [("files", ("bao-cao-kim-giang.yaml", b"kind: BC_SO_KET_HK1\ntitle: [\n"))]
    answer = client.post("/v1/check", files=files, params=AS_OF)
    assert answer.status_code == 422
    assert {p["file"] for p in answer.json()["problems"]} == {"bao-cao-kim-giang.yaml"}


def test_an_upload_that_is_not_named_as_a_report_is_refused_by_name(client: TestClient) -> None:
    answer = client.post("/v1/check", files=[("files", ("ghi-chu.docx", b"PK"))], params=AS_OF)
    (problem,) = answer.json()["problems"]
    assert answer.status_code == 422 and (problem["code"], problem["file"]) == (
        "upload-not-a-report",
        "ghi-chu.docx",
    )


def test_a_form_without_files_is_refused(client: TestClient) -> None:
    answer = client.post("/v1/check", data={"as_of": "2024-06-30"}, files=[("khac", ("a.txt", b"x"))])
    assert answer.status_code == 422 and answer.json()["problems"][0]["code"] == "no-files"


def test_a_yaml_body_is_told_to_be_uploaded_as_multipart(client: TestClient) -> None:
    answer = client.post(
        "/v1/check", content=KIM_GIANG.read_bytes(), headers={"content-type": "application/yaml"}
    )
    assert answer.status_code == 415 and "multipart/form-data" in answer.json()["problems"][0]["fix"]["en"]


# ----------------------------------------------------------------------------- POST /v1/audit


def test_a_small_audit_is_answered_at_once_with_the_roster(client: TestClient) -> None:
    files = [*upload(*every_example()), ("roster", (ROSTER.name, ROSTER.read_bytes()))]
    answer = client.post("/v1/audit", files=files, params=AS_OF)
    assert answer.status_code == 200
    summary = answer.json()["audit"]
    assert summary["units_expected"] is not None and summary["documents"] == len(every_example())


def test_one_bad_file_does_not_lose_the_audit(client: TestClient) -> None:
    files = [*upload(KIM_GIANG), ("files", ("hong.yaml", b"kind: [\n"))]
    body = client.post("/v1/audit", files=files, params=AS_OF).json()
    assert body["findings"] and any(p["code"] for p in body["problems"])


def test_an_audit_names_files_as_uploaded_never_the_servers_folders(client: TestClient) -> None:
    files = [*upload(KIM_GIANG), ("files", ("hong.yaml", b"kind: [\n"))]
    answer = client.post("/v1/audit", files=files, params=AS_OF)
    body = answer.json()
    assert {d["file"] for d in body["documents"]} == {KIM_GIANG.name}
    assert {p["file"] for p in body["problems"]} == {"hong.yaml"}
    assert "compliance-upload-" not in answer.text


def test_an_audit_is_answered_in_the_format_asked_for(client: TestClient) -> None:
    answer = client.post("/v1/audit", files=upload(KIM_GIANG), params={**AS_OF, "format": "csv"})
    assert answer.headers["content-type"].startswith("text/csv") and b"TX2324" in answer.content


def test_the_accept_header_chooses_the_format_when_the_query_does_not(client: TestClient) -> None:
    answer = client.post("/v1/audit", files=upload(KIM_GIANG), params=AS_OF, headers={"Accept": "text/html"})
    assert answer.headers["content-type"].startswith("text/html") and b"<html" in answer.content.lower()


@pytest.fixture(scope="module")
def jobs_client(bundled_engine: Engine) -> TestClient:
    return TestClient(create_app(bundled_engine, audit_inline_files=1))


def finished(client: TestClient, where: str) -> Any:
    """The answer to ``where`` once the job is no longer queued or running (bounded by the
    test's timeout, not by a clock here)."""
    while (answer := client.get(where)).status_code == 202:
        threading.Event().wait(0.05)
    return answer


@pytest.mark.timeout(120)
def test_a_large_audit_is_a_job_whose_location_gives_the_result(jobs_client: TestClient) -> None:
    answer = jobs_client.post("/v1/audit", files=upload(*every_example()), params=AS_OF)
    assert answer.status_code == 202 and answer.json()["status"] in ("queued", "running", "done")
    where = answer.headers["location"]
    assert where == f"/v1/audits/{answer.json()['id']}"
    result = finished(jobs_client, where)
    assert result.status_code == 200 and result.json()["audit"]["documents"] == len(every_example())


@pytest.mark.timeout(120)
def test_a_jobs_result_comes_in_any_report_format(jobs_client: TestClient) -> None:
    where = jobs_client.post("/v1/audit", files=upload(*every_example()), params=AS_OF).headers["location"]
    finished(jobs_client, where)
    sarif = jobs_client.get(where, params={"format": "sarif"})
    assert json.loads(sarif.content)["version"] == "2.1.0"
    xlsx = jobs_client.get(
        where, headers={"Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    )
    assert xlsx.content[:2] == b"PK"


def test_an_unknown_audit_is_a_404_problem(client: TestClient) -> None:
    answer = client.get("/v1/audits/khong-co")
    assert answer.status_code == 404 and answer.json()["problems"][0]["code"] == "no-such-audit"


# ----------------------------------------------------------------------------- the jobs table


def test_jobs_keep_at_most_their_limit_dropping_the_oldest_finished(example_audit: Any) -> None:
    jobs = Jobs(limit=2)
    first, second, third = (jobs.put(example_audit) for _ in range(3))
    assert jobs.get(first) is None and jobs.get(second) is not None and jobs.get(third) is not None


@pytest.mark.timeout(60)
def test_a_job_whose_work_is_refused_is_failed_with_the_problems(bundled_engine: Engine) -> None:
    jobs = Jobs()

    def work() -> Any:
        return bundled_engine.check([], as_of=None)  # nothing to check: refused, never passed

    job_id = jobs.submit(work)
    while (job := jobs.get(job_id)) is not None and job.status in ("queued", "running"):
        threading.Event().wait(0.01)
    assert job is not None and job.status == "failed" and job.problems[0].code == "no-documents"


@pytest.mark.timeout(60)
def test_a_job_that_crashes_is_a_500_problem_never_a_job_left_running(bundled_engine: Engine) -> None:
    app = create_app(bundled_engine)

    def crashes() -> Any:
        known: dict[str, Any] = {}
        return known["khong-co"]  # a KeyError: a bug, not a refusal

    job_id = app.state.jobs.submit(crashes)
    answer = finished(TestClient(app), f"/v1/audits/{job_id}")
    assert answer.status_code == 500 and answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["problems"][0]["code"] == "internal-error"


def test_job_ids_are_unguessable(example_audit: Any) -> None:
    jobs = Jobs()
    ids = {jobs.put(example_audit) for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 22 for i in ids)


# ----------------------------------------------------------------------------- rules, readiness


def test_a_rule_is_served_with_its_citation_and_parameters(client: TestClient) -> None:
    body = client.get("/v1/rules/TX2324-T-BC-SO-KET-HK1").json()
    assert body["source"]["quote"] and body["source"]["document"]
    assert body["parameters"]["type"] and body["applies_to"]["unit_types"]


def test_a_rule_id_is_read_in_any_case(client: TestClient) -> None:
    assert client.get("/v1/rules/tx2324-t-bc-so-ket-hk1").json()["id"] == "TX2324-T-BC-SO-KET-HK1"


def test_a_mistyped_rule_id_is_a_404_that_suggests_the_rule(client: TestClient) -> None:
    answer = client.get("/v1/rules/TX2324-T-BC-SO-KET-HK")
    assert answer.status_code == 404
    assert "TX2324-T-BC-SO-KET-HK1" in answer.json()["problems"][0]["fix"]["vi"]


def test_every_rule_is_listed_with_its_citation(client: TestClient, bundled_engine: Engine) -> None:
    listed = client.get("/v1/rules").json()
    assert len(listed) == len(bundled_engine.rules) and all(r["source"]["quote"] for r in listed)


def test_the_service_is_ready_once_its_rules_are_compiled(client: TestClient, bundled_engine: Engine) -> None:
    assert client.get("/ready").json() == {
        "status": "ready",
        "rules": len(bundled_engine.rules),
        "packs": len(bundled_engine.program.packs),
    }


# ----------------------------------------------------------------------------- metrics and logs


def test_metrics_count_requests_by_route_and_status_and_findings_by_status(bundled_engine: Engine) -> None:
    fresh = TestClient(create_app(bundled_engine))
    fresh.post("/v1/check", json=report(), params=AS_OF)
    fresh.get("/v1/schemas/khong-co")
    text = fresh.get("/metrics").text
    assert 'compliance_http_requests_total{route="/v1/check",method="POST",status="200"} 1' in text
    assert 'compliance_http_requests_total{route="/v1/schemas/{name}",method="GET",status="404"} 1' in text
    assert 'compliance_http_request_duration_seconds_bucket{route="/v1/check",le="+Inf"} 1' in text
    assert 'compliance_findings_total{status="' in text


def test_each_request_is_one_json_access_log_line(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="compliance.server.access"):
        client.get("/v1/rules/khong-co", headers={"X-Request-ID": "nhat-ky-1"})
    (line,) = [json.loads(r.getMessage()) for r in caplog.records if r.name == "compliance.server.access"]
    assert (line["request_id"], line["route"], line["status"], line["method"]) == (
        "nhat-ky-1",
        "/v1/rules/{rule_id}",
        404,
        "GET",
    )
    assert line["bytes"] > 0 and line["duration_ms"] >= 0
