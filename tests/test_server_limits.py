"""Safe before work: the token and the length are checked before the body is read, slow clients
are cut off, evaluations are bounded, and an open network address needs a token."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest

from builders import report
from compliance import Engine
from compliance.cli import main

pytest.importorskip("fastapi", reason="the server extra is not installed")
import uvicorn
from fastapi.testclient import TestClient

from compliance.cli.serve_cmd import is_loopback
from compliance.server import create_app
from compliance.server.runner import config

TWO_MIB = 2 * 1024 * 1024


class Counted:
    """An ASGI app wrapped so that the body bytes it pulls from the client are counted."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.received = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def counting() -> Any:
            message = await receive()
            self.received += len(message.get("body", b""))
            return message

        await self.app(scope, counting, send)


def test_an_unauthenticated_2_mib_upload_is_refused_before_its_body_is_read(bundled_engine: Engine) -> None:
    counted = Counted(create_app(bundled_engine, token="bi-mat", max_bytes=4 * TWO_MIB))
    answer = TestClient(counted).post(
        "/v1/check", content=b" " * TWO_MIB, headers={"content-type": "application/json"}
    )
    assert (answer.status_code, counted.received) == (401, 0)


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(bundled_engine: Engine) -> None:
    counted = Counted(create_app(bundled_engine, max_bytes=64 * 1024))
    answer = TestClient(counted).post(
        "/v1/check", content=b" " * TWO_MIB, headers={"content-type": "application/json"}
    )
    assert (answer.status_code, counted.received) == (413, 0)


def test_a_chunked_upload_is_read_only_up_to_the_limit(bundled_engine: Engine) -> None:
    app = create_app(bundled_engine, max_bytes=64 * 1024)
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:  # 2 MiB in 8 KiB chunks, with no Content-Length
        nonlocal pulled
        pulled += 8192
        return {"type": "http.request", "body": b" " * 8192, "more_body": pulled < TWO_MIB}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/check",
        "raw_path": b"/v1/check",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("127.0.0.1", 8080),
        "client": ("127.0.0.1", 5000),
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413 and pulled <= 64 * 1024 + 8192


def test_a_full_service_answers_503_with_retry_after(bundled_engine: Engine) -> None:
    app = create_app(bundled_engine, max_concurrent=1, max_queue=1)
    assert app.state.limiter.acquire() and app.state.limiter.acquire()  # one running, one waiting: full
    try:
        answer = TestClient(app).post("/v1/check", json=report(), params={"as_of": "2024-06-30"})
    finally:
        app.state.limiter.release()
        app.state.limiter.release()
    assert answer.status_code == 503 and int(answer.headers["retry-after"]) >= 1
    assert answer.json()["problems"][0]["code"] == "server-busy"


def test_the_service_answers_again_once_an_evaluation_is_done(bundled_engine: Engine) -> None:
    app = create_app(bundled_engine, max_concurrent=1, max_queue=0)
    client = TestClient(app)
    client.post("/v1/check", json=report(), params={"as_of": "2024-06-30"})
    assert client.post("/v1/check", json=report(), params={"as_of": "2024-06-30"}).status_code == 200


# ----------------------------------------------------------------------------- a real server


@contextlib.contextmanager
def serving(app: Any, **options: Any) -> Iterator[int]:
    """``app`` on a loopback port with ``compliance serve``'s uvicorn configuration."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(config(app, host="127.0.0.1", port=port, log_level="warning", **options))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        threading.Event().wait(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def read_all(conn: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (bounded by the socket's timeout)."""
    data = b""
    while chunk := conn.recv(65536):
        data += chunk
    return data


@pytest.mark.timeout(60)
def test_a_client_that_never_finishes_its_headers_is_disconnected(bundled_engine: Engine) -> None:
    with serving(create_app(bundled_engine), header_timeout=0.3) as port:
        conn = socket.create_connection(("127.0.0.1", port), timeout=30)
        conn.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        assert read_all(conn) == b""  # closed by the server, before the socket's own timeout
        conn.close()


@pytest.mark.timeout(60)
def test_a_client_that_never_finishes_its_body_gets_408(bundled_engine: Engine) -> None:
    with serving(create_app(bundled_engine, body_timeout=0.3)) as port:
        conn = socket.create_connection(("127.0.0.1", port), timeout=30)
        head = b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        conn.sendall(head + b'{"kind": ')
        answer = read_all(conn)
        conn.close()
    assert answer.startswith(b"HTTP/1.1 408") and b"body-timeout" in answer


@pytest.mark.timeout(60)
def test_health_answers_on_a_real_server(bundled_engine: Engine) -> None:
    with serving(create_app(bundled_engine)) as port:
        conn = socket.create_connection(("127.0.0.1", port), timeout=30)
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = read_all(conn)
        conn.close()
    assert answer.startswith(b"HTTP/1.1 200") and b"x-request-id" in answer.lower()


# ----------------------------------------------------------------------------- compliance serve


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serving_an_open_address_without_a_token_refuses_to_start(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert "anonymous-on-network" in err and "--allow-anonymous" in err


def test_the_refusal_to_serve_anonymously_is_said_in_english_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", str(free_port()), "--lang", "en"]) == 2
    assert "without a token" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("truong.edu.vn", False),
    ],
)
def test_only_loopback_addresses_may_be_served_without_a_token(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
