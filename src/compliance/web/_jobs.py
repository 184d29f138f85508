"""Results kept for the web page, by id: a bounded, thread-safe table of jobs.

The same interface as the HTTP service's ``compliance.server.jobs`` (the integrator points the
web page at that one): :meth:`Jobs.put` keeps a finished result, :meth:`Jobs.submit` runs work
on a thread and keeps what it gives (or the problems it raised), :meth:`Jobs.get` finds a job.
Past ``limit`` jobs the oldest finished one is dropped; its id then answers None.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from compliance.errors import Code, InputError, Location, Problem
from compliance.findings import CheckResult
from compliance.messages import problem

JobStatus = Literal["queued", "running", "done", "failed"]


@dataclass
class Job:
    id: str
    status: JobStatus
    result: CheckResult | None
    problems: list[Problem] = field(default_factory=list)
    created: float = field(default_factory=time.time)


class Jobs:
    """Jobs by id, at most ``limit`` of them (the oldest finished ones are dropped first)."""

    def __init__(self, *, limit: int = 64) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._limit = limit
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def _add(self, job: Job) -> None:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._limit:
                finished = next((k for k, j in self._jobs.items() if j.status in ("done", "failed")), None)
                if finished is None or finished == job.id:  # every other job still runs: keep them
                    break
                del self._jobs[finished]

    def put(self, result: CheckResult) -> str:
        """Keep a finished result; its id."""
        job = Job(secrets.token_urlsafe(12), "done", result)
        self._add(job)
        return job.id

    def submit(self, work: Callable[[], CheckResult]) -> str:
        """Run ``work`` on a thread; the job's id at once. An :class:`InputError` it raises is
        the job's problems; any other exception fails the job with an ``internal-error`` problem."""
        job = Job(secrets.token_urlsafe(12), "queued", None)
        self._add(job)

        def run() -> None:
            job.status = "running"
            try:
                result = work()
            except InputError as exc:
                job.problems, job.status = list(exc.problems), "failed"
            except Exception as exc:  # a job never takes the service down
                job.problems = [problem(Code.WEB_JOB_FAILED, at=Location("<job>"), reason=type(exc).__name__)]
                job.status = "failed"
            else:
                job.result, job.status = result, "done"

        threading.Thread(target=run, name=f"job-{job.id}", daemon=True).start()
        return job.id

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)
