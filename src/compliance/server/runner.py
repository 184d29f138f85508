"""uvicorn as the service runs it: limits on what a client may hold open.

* ``header_timeout`` — a request's headers must arrive in full within this time from the
  connection (or from the end of the previous answer); else the connection is closed. uvicorn
  has no such limit of its own: a client sending a byte a second would hold a connection open
  for ever;
* ``timeout_keep_alive`` — an idle keep-alive connection is closed after this time;
* ``h11_max_incomplete_event_size`` — headers larger than this are refused (400);
* the body is read within ``body_timeout`` by :class:`~compliance.server.guard.Guard` (408).
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0
KEEP_ALIVE_TIMEOUT = 5
MAX_HEADER_BYTES = 16 * 1024


class _HeaderTimeoutH11(H11Protocol):
    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._header_timer is None and self.conn.their_state is h11.IDLE:
            self._arm()
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_header_timer", None) is not None:
            assert self._header_timer is not None
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def protocol(header_timeout: float) -> type[H11Protocol]:
    """The h11 protocol with a header timeout of ``header_timeout`` seconds."""
    return type("GuardedH11Protocol", (_HeaderTimeoutH11,), {"header_timeout": header_timeout})


def config(
    app: Any,
    *,
    host: str,
    port: int,
    header_timeout: float = HEADER_TIMEOUT,
    keep_alive: int = KEEP_ALIVE_TIMEOUT,
    access_log: bool = False,
    log_level: str = "info",
) -> uvicorn.Config:
    """The uvicorn configuration of ``compliance serve`` (uvicorn's own access log is off: the
    service writes one JSON line per request, logger ``compliance.server.access``)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol(header_timeout),
        timeout_keep_alive=keep_alive,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        access_log=access_log,
        log_level=log_level,
    )
