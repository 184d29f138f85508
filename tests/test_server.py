"""The HTTP API: JSON in, findings out; the one error shape (RFC 9457), limits, token, health,
the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest

from builders import report
from compliance import Engine

fastapi = pytest.importorskip("fastapi", reason="the server extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from compliance.server import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(bundled_engine: Engine) -> TestClient:
    return TestClient(create_app(bundled_engine, max_bytes=64 * 1024))


def test_health_reports_the_rules_loaded(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200 and answer.json()["rules"] > 0


def test_check_one_report_returns_findings(client: TestClient) -> None:
    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-02T16:41:00+07:00", topics=["GDCT_CTHS"])
    answer = client.post("/v1/check", json=data, params={"as_of": "2024-06-30"})
    assert answer.status_code == 200
    statuses = {f["rule_id"]: f["status"] for f in answer.json()["findings"]}
    assert statuses["TX2324-T-BC-SO-KET-HK1"] == "pass"


def test_check_a_portfolio_with_its_as_of(client: TestClient) -> None:
    incident = {"id": "NC-2023-01", "occurred_at": "2023-12-04T10:15:00+07:00", "resolved": True}
    body = {
        "as_of": "2024-06-30",
        "documents": [
            report(kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20", incidents=[incident]),
            report(kind="BC_DOT_XUAT", received_at="2023-12-04", ad_hoc={"incident_ids": ["NC-2023-01"]}),
        ],
    }
    findings = client.post("/v1/check", json=body).json()["findings"]
    assert next(f for f in findings if f["rule_id"] == "TX2324-T-BC-DOT-XUAT")["status"] == "pass"


def test_invalid_report_gets_422_with_the_pointer_and_both_languages(client: TestClient) -> None:
    answer = client.post("/v1/check", json=report(committees=[{"kind": "TO_QL_CSVC", "members": "năm"}]))
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert problem["pointer"] == "/committees/0/members"
    assert problem["message"]["vi"] and problem["message"]["en"]


def test_invalid_report_problem_carries_its_code(client: TestClient) -> None:
    answer = client.post("/v1/check", json=report(committees=[{"kind": "TO_QL_CSVC", "members": "năm"}]))
    assert answer.json()["problems"][0]["code"] == "schema-type"


def refusal(answer: Any) -> dict[str, Any]:
    """The one problem of a refusal, checked to have the service's one error shape."""
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["status"] == answer.status_code and body["title"] and body["detail"]
    assert body["instance"] == f"urn:compliance:request:{answer.headers['x-request-id']}"
    (problem,) = body["problems"]
    assert set(problem) == {"code", "file", "line", "column", "pointer", "message", "fix"}
    assert set(problem["message"]) == set(problem["fix"]) == {"vi", "en"}
    return dict(problem)


def test_documents_that_are_not_a_list_are_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.post("/v1/check", json={"documents": {"kind": "BC_SO_KET_HK1"}})
    problem = refusal(answer)
    assert answer.status_code == 422 and (problem["code"], problem["pointer"]) == (
        "not-a-document-list",
        "/documents",
    )


def test_an_empty_document_list_is_refused_not_passed(client: TestClient) -> None:
    answer = client.post("/v1/check", json={"documents": [], "as_of": "2024-06-30"})
    assert answer.status_code == 422 and refusal(answer)["code"] == "no-documents"


def test_a_report_no_pack_applies_to_is_an_error_finding(client: TestClient) -> None:
    data = report(submitter={**report()["submitter"], "district": "Thanh Xuan"})
    (finding,) = client.post("/v1/check", json=data, params={"as_of": "2024-06-30"}).json()["findings"]
    assert (finding["rule_id"], finding["status"], finding["pack"], finding["source"]) == (
        "compliance/no-applicable-pack",
        "error",
        None,
        None,
    )


def test_as_of_in_the_body_that_is_not_a_date_is_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.post("/v1/check", json={"documents": [report()], "as_of": "30/06/2024"})
    assert answer.status_code == 422 and refusal(answer)["code"] == "bad-as-of"


def test_unknown_schema_is_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.get("/v1/schemas/bao-cao")
    assert answer.status_code == 404 and "bao-cao" in refusal(answer)["message"]["vi"]


def test_a_body_that_is_not_json_is_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.post(
        "/v1/check", content=b"kind: BC_SO_KET_HK1\n", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400 and refusal(answer)["code"] == "body-not-json"


def test_an_as_of_query_that_is_not_a_date_is_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.post("/v1/check", json=report(), params={"as_of": "30/06/2024"})
    assert answer.status_code == 422 and refusal(answer)["code"] == "bad-as-of"


def test_an_unknown_endpoint_is_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.get("/v1/bao-cao")
    assert answer.status_code == 404 and refusal(answer)["code"] == "no-such-endpoint"


def test_a_wrong_method_is_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.get("/v1/check")
    assert answer.status_code == 405 and refusal(answer)["code"] == "method-not-allowed"


def test_oversized_request_is_refused_with_the_one_error_shape(client: TestClient) -> None:
    answer = client.post("/v1/check", json=report(notes="x" * 70_000))
    assert refusal(answer)["code"] == "request-too-large"


def test_missing_token_is_refused_with_the_one_error_shape(bundled_engine: Engine) -> None:
    answer = TestClient(create_app(bundled_engine, token="bi-mat")).get("/v1/rules")
    assert answer.status_code == 401 and refusal(answer)["code"] == "unauthorized"


def test_oversized_request_is_refused(client: TestClient) -> None:
    big = report(notes="x" * 70_000)
    assert client.post("/v1/check", json=big).status_code == 413


def test_token_is_required_when_configured(bundled_engine: Engine) -> None:
    guarded = TestClient(create_app(bundled_engine, token="bi-mat"))
    assert guarded.get("/v1/rules").status_code == 401
    assert guarded.get("/v1/rules", headers={"Authorization": "Bearer bi-mat"}).status_code == 200
    assert guarded.get("/health").status_code == 200


def test_openapi_document_lists_the_check_endpoint(client: TestClient) -> None:
    assert "/v1/check" in client.get("/openapi.json").json()["paths"]


def test_schemas_are_served(client: TestClient) -> None:
    assert client.get("/v1/schemas/report").json()["title"].startswith("Báo cáo")
    assert client.get("/v1/schemas/khong-co").status_code == 404


def test_oversized_chunked_upload_is_refused_while_it_arrives(client: TestClient) -> None:
    chunks = (b" " * 8192 for _ in range(20))
    answer = client.post("/v1/check", content=chunks, headers={"content-type": "application/json"})
    assert answer.status_code == 413


# ----------------------------------------------------------------------------- the contract


def test_a_refusal_is_rfc9457_problem_details_naming_its_code(client: TestClient) -> None:
    body = client.get("/v1/schemas/bao-cao").json()
    assert body["type"].endswith("/problems/unknown-schema")
    assert body["detail"].startswith("không có schema 'bao-cao' / unknown schema 'bao-cao'")


def test_a_missing_token_is_challenged_with_bearer(bundled_engine: Engine) -> None:
    answer = TestClient(create_app(bundled_engine, token="bi-mat")).get("/v1/rules")
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_the_bearer_scheme_is_read_in_any_case(bundled_engine: Engine) -> None:
    guarded = TestClient(create_app(bundled_engine, token="bi-mat"))
    assert guarded.get("/v1/rules", headers={"Authorization": "bearer bi-mat"}).status_code == 200


def test_a_wrong_token_is_refused_even_with_the_right_scheme(bundled_engine: Engine) -> None:
    guarded = TestClient(create_app(bundled_engine, token="bi-mat"))
    answer = guarded.get("/v1/rules", headers={"Authorization": "Bearer bi-mat-sai"})
    assert answer.status_code == 401 and 'error="invalid_token"' in answer.headers["www-authenticate"]


def test_a_request_id_sent_is_echoed_in_the_header_and_the_problem(client: TestClient) -> None:
    answer = client.get("/v1/schemas/bao-cao", headers={"X-Request-ID": "phong-gd-42"})
    assert answer.headers["x-request-id"] == "phong-gd-42"
    assert answer.json()["instance"] == "urn:compliance:request:phong-gd-42"


def test_a_request_id_that_is_not_a_plain_token_is_replaced(client: TestClient) -> None:
    answer = client.get("/health", headers={"X-Request-ID": "a b\tc"})
    assert answer.headers["x-request-id"] != "a b\tc" and len(answer.headers["x-request-id"]) == 32


def test_a_query_that_fails_fastapis_checks_is_a_bilingual_problem(client: TestClient) -> None:
    answer = client.post("/v1/audit", params={"format": "pdf"}, files={"files": ("a.yaml", b"x")})
    problem = refusal(answer)
    assert answer.status_code == 422 and problem["pointer"] == "/format"
    assert problem["message"]["vi"] != problem["message"]["en"]


def test_the_findings_response_is_the_findings_schema(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    ok = document["paths"]["/v1/check"]["post"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/CheckResult"}
    published = client.get("/v1/schemas/findings").json()
    assert set(document["components"]["schemas"]["CheckResult"]["properties"]) == set(published["properties"])


def test_the_check_request_body_is_typed_as_a_report_or_a_portfolio(client: TestClient) -> None:
    body = client.get("/openapi.json").json()["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    refs = {s["$ref"] for s in body["application/json"]["schema"]["anyOf"]}
    assert refs == {"#/components/schemas/Report", "#/components/schemas/CheckRequest"}
    assert "multipart/form-data" in body


@pytest.mark.parametrize("status", ["401", "413", "415", "422", "503"])
def test_every_refusal_of_check_is_declared_as_problem_details(client: TestClient, status: str) -> None:
    responses = client.get("/openapi.json").json()["paths"]["/v1/check"]["post"]["responses"]
    assert "application/problem+json" in responses[status]["content"]


def test_the_openapi_document_has_no_pydantic_error_shape(client: TestClient) -> None:
    text = client.get("/openapi.json").text
    assert "HTTPValidationError" not in text
