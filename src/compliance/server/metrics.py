"""``/metrics`` in the Prometheus text format (version 0.0.4), written by hand: three families
are all the service needs, and a dependency would cost every installation for that.

* ``compliance_http_requests_total{route,method,status}`` — requests answered;
* ``compliance_http_request_duration_seconds{route}`` — a latency histogram;
* ``compliance_findings_total{status}`` — findings the service has answered, by status.

``route`` is the route's template (``/v1/audits/{job_id}``) or ``<unmatched>``, so that the number
of series stays bounded whatever paths clients send.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, str, str]] = Counter()
        self._buckets: dict[str, list[int]] = {}
        self._sums: dict[str, float] = {}
        self._counts: Counter[str] = Counter()
        self._findings: Counter[str] = Counter()

    def request(self, route: str, method: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(route, method, str(status))] += 1
            buckets = self._buckets.setdefault(route, [0] * len(BUCKETS))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            self._sums[route] = self._sums.get(route, 0.0) + seconds
            self._counts[route] += 1

    def findings_counted(self, by_status: Mapping[str, int]) -> None:
        with self._lock:
            self._findings.update(by_status)

    def render(self) -> str:
        with self._lock:
            lines = [
                "# HELP compliance_http_requests_total Requests answered, by route, method and status.",
                "# TYPE compliance_http_requests_total counter",
            ]
            for (route, method, status), n in sorted(self._requests.items()):
                lines.append(
                    f'compliance_http_requests_total{{route="{_esc(route)}",method="{_esc(method)}",'
                    f'status="{status}"}} {n}'
                )
            lines += [
                "# HELP compliance_http_request_duration_seconds Time to answer a request.",
                "# TYPE compliance_http_request_duration_seconds histogram",
            ]
            for route in sorted(self._buckets):
                label = f'route="{_esc(route)}"'
                for bound, n in zip(BUCKETS, self._buckets[route], strict=True):
                    lines.append(
                        f'compliance_http_request_duration_seconds_bucket{{{label},le="{bound}"}} {n}'
                    )
                count = self._counts[route]
                lines.append(f'compliance_http_request_duration_seconds_bucket{{{label},le="+Inf"}} {count}')
                lines.append(
                    f"compliance_http_request_duration_seconds_sum{{{label}}} {self._sums[route]:.6f}"
                )
                lines.append(f"compliance_http_request_duration_seconds_count{{{label}}} {count}")
            lines += [
                "# HELP compliance_findings_total Findings answered, by status.",
                "# TYPE compliance_findings_total counter",
            ]
            for status, n in sorted(self._findings.items()):
                lines.append(f'compliance_findings_total{{status="{_esc(status)}"}} {n}')
        return "\n".join(lines) + "\n"


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
