"""The HTTP service for portals: a thin shell over :class:`compliance.Engine` (docs/http.md).

* :mod:`.app` — the routes and the OpenAPI document (``/openapi.json``, the contract);
* :mod:`.guard` — what every request passes before its body is read (request id, length, token),
  the body read within a limit and a time, access logs, metrics;
* :mod:`.reading` — a JSON body and ``as_of`` read as the CLI reads a .json file and ``--as-of``;
* :mod:`.problems` — the one error shape, RFC 9457 ``application/problem+json``;
* :mod:`.jobs` — audits that run after their request was answered (``app.state.jobs``);
* :mod:`.metrics` — ``/metrics`` in the Prometheus text format;
* :mod:`.runner` — uvicorn with header, idle and size limits (``compliance serve``).
"""

from compliance.server.app import DEFAULT_MAX_BYTES, create_app
from compliance.server.jobs import Job, Jobs
from compliance.server.problems import Refusal

__all__ = ["DEFAULT_MAX_BYTES", "Job", "Jobs", "Refusal", "create_app"]
