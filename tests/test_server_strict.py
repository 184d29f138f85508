"""The service reads what it is sent as strictly as the CLI reads the same thing: a JSON body as a
.json file (duplicate keys, UTF-8 only, syntax errors placed), the wrapper's keys, ``as_of`` as
``--as-of``, the values a query parameter takes (docs/http.md)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from builders import EXAMPLES
from compliance import Engine
from compliance.cli import main

pytest.importorskip("fastapi", reason="the server extra is not installed")
from fastapi.testclient import TestClient

from compliance.server import create_app
from test_server_limits import read_all, serving

PHONG = EXAMPLES / "phong-gddt-thanh-xuan"
SO_KET = PHONG / "2024-01-12-so-ket-hk1.json"  # the Thanh Xuân office's first-term report
TONG_KET = PHONG / "2024-05-30-tong-ket.json"
RECEIVED = '  "received_at": "2024-01-12T14:20:00+07:00",\n'
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(bundled_engine: Engine) -> TestClient:
    return TestClient(create_app(bundled_engine))


def received_twice() -> bytes:
    """The first-term report with ``received_at`` written twice (the second a week later)."""
    text = SO_KET.read_text(encoding="utf-8")
    assert RECEIVED in text
    return text.replace(RECEIVED, RECEIVED + '  "received_at": "2024-01-20T09:00:00+07:00",\n').encode()


def wrapper(*reports: bytes, **keys: str) -> bytes:
    """``{"documents": [...], …}`` around reports as written (their bytes kept as they are)."""
    rest = "".join(f",\n {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in keys.items())
    return b'{"documents": [' + b",\n".join(reports) + b"]" + rest.encode() + b"}"


def the_problem(answer: Any, status: int) -> dict[str, Any]:
    """The one problem of a refusal in the service's one error shape."""
    assert answer.status_code == status, answer.text[:500]
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    (problem,) = body["problems"]
    assert body["type"].endswith("/" + problem["code"])
    assert problem["message"]["vi"] != problem["message"]["en"] and problem["fix"]["vi"]
    return dict(problem)


def placed(problem: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(problem[k] for k in ("code", "line", "column", "pointer", "message", "fix"))


# ----------------------------------------------------------------------------- 1. duplicate keys


def test_a_duplicate_key_in_a_json_body_gets_the_verdict_the_cli_gives_the_same_bytes(
    client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = received_twice()
    path = tmp_path / "2024-01-12-so-ket-hk1.json"
    path.write_bytes(data)
    assert main(["check", str(path), "--as-of", "30/06/2024", "--format", "json"]) == 2
    (cli,) = json.loads(capsys.readouterr().out)["problems"]

    body = the_problem(
        client.post("/v1/check", params={"as_of": "2024-06-30"}, content=data, headers=JSON), 422
    )
    upload = the_problem(
        client.post("/v1/check", params={"as_of": "2024-06-30"}, files={"files": (path.name, data)}), 422
    )
    assert (cli["code"], cli["pointer"]) == ("duplicate-key", "/received_at")
    assert placed(body) == placed(upload) == placed(cli)
    assert (body["file"], upload["file"]) == ("<report 1>", path.name)


def test_a_duplicate_key_in_a_wrapped_report_names_the_report_and_its_pointer(client: TestClient) -> None:
    body = wrapper(TONG_KET.read_bytes(), received_twice(), as_of="2024-06-30")
    problem = the_problem(client.post("/v1/check", content=body, headers=JSON), 422)
    assert (problem["code"], problem["file"], problem["pointer"]) == (
        "duplicate-key",
        "<report 2>",
        "/received_at",
    )
    assert body.decode().splitlines()[problem["line"] - 1].strip().startswith('"received_at": "2024-01-20')


def test_a_duplicate_key_of_the_wrapper_itself_is_refused(client: TestClient) -> None:
    body = wrapper(SO_KET.read_bytes(), as_of="2024-06-30")[:-1] + b',\n "as_of": "2023-12-01"}'
    problem = the_problem(client.post("/v1/check", content=body, headers=JSON), 422)
    assert (problem["code"], problem["file"], problem["pointer"]) == ("duplicate-key", "<request>", "/as_of")


# ----------------------------------------------------------------------------- 2. the wrapper's keys


def test_a_misspelt_key_of_the_wrapper_is_refused_suggesting_as_of(client: TestClient) -> None:
    body = wrapper(SO_KET.read_bytes(), asOf="2023-12-01")
    problem = the_problem(client.post("/v1/check", content=body, headers=JSON), 422)
    assert (problem["code"], problem["file"], problem["pointer"]) == (
        "request-unknown-key",
        "<request>",
        "/asOf",
    )
    assert "có phải as_of?" in problem["fix"]["vi"] and "did you mean as_of?" in problem["fix"]["en"]


def test_the_wrappers_documented_keys_and_extension_keys_are_read(client: TestClient) -> None:
    body = wrapper(SO_KET.read_bytes(), TONG_KET.read_bytes(), as_of="2023-12-01", **{"x-cong": "Cổng TX"})
    answer = client.post("/v1/check", content=body, headers=JSON)
    assert answer.status_code == 200, answer.text[:500]
    result = answer.json()
    assert result["as_of"] == "2023-12-01" and [d["file"] for d in result["documents"]] == [
        "<report 1>",
        "<report 2>",
    ]


# ----------------------------------------------------------------------------- 3. not JSON


def test_a_json_body_with_a_syntax_error_is_400_naming_its_line_and_column(client: TestClient) -> None:
    answer = client.post("/v1/check", content=b'{"a":', headers=JSON)
    problem = the_problem(answer, 400)
    assert (problem["code"], problem["file"], problem["line"], problem["column"]) == (
        "body-not-json",
        "<request>",
        1,
        6,
    )
    assert answer.json()["detail"].startswith("<request>:1:6: nội dung yêu cầu không phải JSON hợp lệ / ")


def test_the_openapi_document_declares_the_400_of_a_json_body(client: TestClient) -> None:
    responses = client.get("/openapi.json").json()["paths"]["/v1/check"]["post"]["responses"]
    assert "application/problem+json" in responses["400"]["content"]
    assert "not JSON" in responses["400"]["description"]


# ----------------------------------------------------------------------------- 4. UTF-8 only


@pytest.mark.parametrize(
    ("encoded", "offset"),
    [
        pytest.param(lambda text: text.encode("utf-16"), 0, id="utf-16 with its byte order mark"),
        pytest.param(lambda text: text.encode("utf-16-le"), 1, id="utf-16-le without one"),
        pytest.param(lambda text: text.encode("utf-16-be"), 0, id="utf-16-be without one"),
        pytest.param(lambda text: b"\xff\xfe{}", 0, id="a byte order mark and {}"),
    ],
)
def test_a_json_body_that_is_not_utf8_is_400_body_not_utf8(
    client: TestClient, encoded: Any, offset: int
) -> None:
    data = encoded(SO_KET.read_text(encoding="utf-8"))
    problem = the_problem(
        client.post("/v1/check", params={"as_of": "2024-06-30"}, content=data, headers=JSON), 400
    )
    assert problem["code"] == "body-not-utf8" and f"offset {offset})" in problem["message"]["en"]


def test_a_json_body_with_a_utf8_byte_order_mark_is_checked_as_a_file_would_be(client: TestClient) -> None:
    data = b"\xef\xbb\xbf" + SO_KET.read_bytes()
    answer = client.post("/v1/check", params={"as_of": "2024-06-30"}, content=data, headers=JSON)
    assert answer.status_code == 200 and answer.json()["findings"]


# ----------------------------------------------------------------------------- 5. as_of as --as-of


def test_an_as_of_that_does_not_exist_is_refused_saying_so(client: TestClient) -> None:
    answer = client.post(
        "/v1/check", params={"as_of": "2024-02-30"}, content=SO_KET.read_bytes(), headers=JSON
    )
    problem = the_problem(answer, 422)
    assert (problem["code"], problem["pointer"]) == ("date-impossible", "/as_of")
    assert "không có thật" in problem["message"]["vi"] and "does not exist" in problem["message"]["en"]


def test_an_as_of_outside_1900_2100_is_refused_as_the_cli_refuses_it(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(SO_KET), "--as-of", "1800-01-01"]) == 2
    assert "[date-out-of-range]" in capsys.readouterr().err
    answer = client.post(
        "/v1/check", params={"as_of": "1800-01-01"}, content=SO_KET.read_bytes(), headers=JSON
    )
    problem = the_problem(answer, 422)
    assert (problem["code"], problem["pointer"]) == ("date-out-of-range", "/as_of")
    assert "1900–2100" in problem["message"]["vi"] and "1900–2100" in problem["message"]["en"]


def test_an_as_of_in_the_wrapper_or_a_form_field_is_read_as_strictly(client: TestClient) -> None:
    body = wrapper(SO_KET.read_bytes(), as_of="2024-02-30")
    in_body = the_problem(client.post("/v1/check", content=body, headers=JSON), 422)
    upload = {"files": (SO_KET.name, SO_KET.read_bytes())}
    in_form = the_problem(client.post("/v1/check", data={"as_of": "1800-01-01"}, files=upload), 422)
    assert (in_body["code"], in_body["pointer"]) == ("date-impossible", "/as_of")
    assert (in_form["code"], in_form["pointer"]) == ("date-out-of-range", "/as_of")


# ----------------------------------------------------------------------------- 6. the formats


def test_an_unknown_format_is_refused_listing_the_formats(client: TestClient) -> None:
    upload = {"files": (SO_KET.name, SO_KET.read_bytes())}
    problem = the_problem(
        client.post("/v1/audit", params={"format": "pdf", "as_of": "2024-06-30"}, files=upload), 422
    )
    assert (problem["code"], problem["pointer"]) == ("request-choice", "/format")
    formats = "json, text, html, xlsx, csv, sarif, sarif-all, junit, junit-ant"
    assert (
        formats in problem["fix"]["vi"]
        and formats in problem["fix"]["en"]
        and "'pdf'" in problem["message"]["en"]
    )


# ----------------------------------------------------------------------------- 7. before the service


@pytest.mark.timeout(60)
def test_a_content_length_that_is_not_a_number_is_refused_by_uvicorn_as_docs_http_md_says(
    bundled_engine: Engine,
) -> None:
    with serving(create_app(bundled_engine)) as port:
        conn = socket.create_connection(("127.0.0.1", port), timeout=30)
        head = b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n"
        conn.sendall(head + b"{}")
        answer = read_all(conn)  # and the connection closed
        conn.close()
    status, _, rest = answer.partition(b"\r\n")
    assert status == b"HTTP/1.1 400 Bad Request"
    assert b"text/plain" in rest and b"problem+json" not in rest
