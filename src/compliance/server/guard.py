"""What every request passes before the application sees it: a pure ASGI middleware.

In this order, before one byte of the body is read:

1. a request id — ``X-Request-ID`` as sent (1–64 of ``A-Z a-z 0-9 . _ -``) or a new one — echoed
   on every answer and in every problem's ``instance``;
2. a ``Content-Length`` that is not a number of bytes → 400; one over the limit → 413 at once;
3. the token, for ``/v1/*`` only: ``Authorization: Bearer <token>``, the scheme in any case
   (RFC 9110 §11.1) → 401 with ``WWW-Authenticate: Bearer``.

Then the body is read here, counted as it arrives (a chunked upload has no length: refused with
413 as soon as it passes the limit) within ``body_timeout`` seconds for the whole body (a slow
client gets 408), a JSON body checked to be UTF-8 — UTF-16 and UTF-32 refused too — (400 with the offset), and handed to the
application. Whatever the application raises becomes a 500 problem, never a traceback. Each
request is one JSON access-log line (logger ``compliance.server.access``) and counted in
:class:`~compliance.server.metrics.Metrics`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import MutableMapping
from typing import Any

from compliance.errors import Code
from compliance.server.jobs import internal_error
from compliance.server.metrics import Metrics
from compliance.server.problems import Refusal, refused

ACCESS_LOG = logging.getLogger("compliance.server.access")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

Scope = MutableMapping[str, Any]
Message = dict[str, Any]


def request_id_of(scope: Scope) -> str:
    state = scope.get("state") or {}
    return str(state.get("request_id", "-"))


class Guard:
    def __init__(
        self,
        app: Any,
        *,
        token: str | None,
        max_bytes: int,
        body_timeout: float,
        metrics: Metrics,
    ) -> None:
        self.app = app
        self.token = token
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {name.lower(): value for name, value in scope.get("headers", ())}
        sent_id = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = sent_id if _REQUEST_ID.fullmatch(sent_id) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        answered = {"status": 0, "bytes": 0, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered["status"], answered["started"] = message["status"], True
                out = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*out, (b"x-request-id", rid.encode())]}
            elif message["type"] == "http.response.body":
                answered["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            refusal = self._before_body(scope, headers)
            if refusal is None:
                body, refusal = await self._read_body(receive, headers)
            if refusal is not None:
                await _send_refusal(refusal, rid, send_with_id)
            else:
                await self.app(scope, _replay(body, receive), send_with_id)
        except Exception:
            logging.getLogger("compliance.server").exception("request %s failed", rid)
            if not answered["started"]:
                await _send_refusal(Refusal(500, [internal_error("exception")]), rid, send_with_id)
        finally:
            self._account(scope, rid, answered, started)

    def _before_body(self, scope: Scope, headers: dict[bytes, bytes]) -> Refusal | None:
        declared = headers.get(b"content-length")
        if declared is not None and not (declared.isascii() and declared.isdigit()):
            text = declared.decode("latin-1")
            shown = text if len(text) <= 40 else text[:39] + "…"
            return refused(400, Code.BAD_CONTENT_LENGTH, value=shown)
        if self.token is not None and str(scope.get("path", "")).startswith("/v1/"):
            scheme, _, credentials = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                credentials.strip().encode("utf-8", "replace"), self.token.encode()
            ):
                challenge = 'Bearer realm="compliance"' + (', error="invalid_token"' if credentials else "")
                return refused(401, Code.UNAUTHORIZED, headers={"WWW-Authenticate": challenge})
        if declared is not None and int(declared) > self.max_bytes:
            return refused(413, Code.REQUEST_TOO_LARGE, limit=self.max_bytes)
        return None

    async def _read_body(self, receive: Any, headers: dict[bytes, bytes]) -> tuple[bytes, Refusal | None]:
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] != "http.request":
                        break
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_bytes:
                        return b"", refused(413, Code.REQUEST_TOO_LARGE, limit=self.max_bytes)
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            return b"", refused(
                408, Code.BODY_TIMEOUT, headers={"Connection": "close"}, seconds=self.body_timeout
            )
        body = b"".join(chunks)
        if (offset := _not_utf8(headers, body)) is not None:
            return body, refused(400, Code.BODY_NOT_UTF8, offset=offset)
        return body, None

    def _account(self, scope: Scope, rid: str, answered: dict[str, Any], started: float) -> None:
        seconds = time.perf_counter() - started
        route = scope.get("route")
        template = getattr(route, "path", None) or "<unmatched>"
        self.metrics.request(template, str(scope.get("method", "")), int(answered["status"]), seconds)
        ACCESS_LOG.info(
            json.dumps(
                {
                    "request_id": rid,
                    "method": scope.get("method"),
                    "route": template,
                    "path": scope.get("path"),
                    "status": answered["status"],
                    "duration_ms": round(seconds * 1000, 3),
                    "bytes": answered["bytes"],
                },
                ensure_ascii=False,
            )
        )


async def _send_refusal(refusal: Refusal, rid: str, send: Any) -> None:
    body = refusal.body(rid)
    await send(
        {
            "type": "http.response.start",
            "status": refusal.status,
            "headers": refusal.header_list(rid, len(body)),
        }
    )
    await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Any) -> Any:
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return dict(await receive())

    return replay


def _not_utf8(headers: dict[bytes, bytes], body: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8 in a JSON body (or one with no type, which
    is read as JSON), else None. JSON is UTF-8 (RFC 8259 §8.1) and the CLI reads no other
    encoding: a body in UTF-16 or UTF-32 is refused too, with or without its byte order mark
    (without one, ASCII text in UTF-16 is valid UTF-8 holding NUL bytes: the offset is the
    first). A UTF-8 byte order mark is allowed, as in a file."""
    kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    if kind and not (kind.startswith(b"application/") and kind.endswith((b"/json", b"+json"))):
        return None
    wide = json.detect_encoding(body) not in ("utf-8", "utf-8-sig")  # UTF-16 or UTF-32
    nul = body.find(b"\0") if wide else -1
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start if nul < 0 else min(exc.start, nul)
    return nul if nul >= 0 else None
