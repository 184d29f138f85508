"""Audits that run after their request was answered: a bounded, thread-safe table of jobs.

``POST /v1/audit`` answers a large audit with 202 and a job id; ``GET /v1/audits/{id}`` reads the
job. The web page (:mod:`compliance.web`) shares the same table (``app.state.jobs``) to keep
results it has computed. Ids are unguessable (``secrets.token_urlsafe(16)``): knowing one is the
right to read the result. The table keeps at most ``limit`` jobs: when full, the oldest finished
job is dropped; when every job is unfinished, :meth:`Jobs.submit` raises :class:`JobsFull`
(the service answers 503 with ``Retry-After``) rather than queue without bound.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    problems: list[Problem] = field(default_factory=list)  # when failed: why
    created: float = field(default_factory=time.time)
    finished: float | None = None


class JobsFull(Exception):
    """Every job in the table is unfinished: no room for another one."""


class Jobs:
    """At most ``limit`` jobs; ``workers`` threads run the submitted ones (one at a time each)."""

    def __init__(self, *, limit: int = 64, workers: int = 1) -> None:
        if limit < 1 or workers < 1:
            raise ValueError("limit and workers must be at least 1")
        self.limit = limit
        self._jobs: dict[str, Job] = {}  # insertion order: the oldest first
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="compliance-job")

    def put(self, result: CheckResult) -> str:
        """Keep a finished result; its id."""
        job = Job(_new_id(), "done", result, finished=time.time())
        self._add(job)
        return job.id

    def submit(self, work: Callable[[], CheckResult]) -> str:
        """Run ``work`` in a worker thread; its job id at once. An :class:`InputError` it raises
        makes the job ``failed`` with its problems; any other exception too, with one problem
        ``internal-error`` (never a job that stays ``running``)."""
        job = Job(_new_id(), "queued", None)
        self._add(job)
        self._pool.submit(self._run, job, work)
        return job.id

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def unfinished(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.status in ("queued", "running"))

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _add(self, job: Job) -> None:
        with self._lock:
            while len(self._jobs) >= self.limit:
                oldest = next((j for j in self._jobs.values() if j.status in ("done", "failed")), None)
                if oldest is None:
                    raise JobsFull(len(self._jobs))
                del self._jobs[oldest.id]
            self._jobs[job.id] = job

    def _run(self, job: Job, work: Callable[[], CheckResult]) -> None:
        job.status = "running"
        try:
            result = work()
        except InputError as exc:
            job.problems, job.status = list(exc.problems), "failed"
        except Exception as exc:  # a job that crashes says so, it never stays running
            job.problems = [internal_error(type(exc).__name__)]
            job.status = "failed"
        else:
            job.result, job.status = result, "done"
        job.finished = time.time()


def internal_error(what: str) -> Problem:
    return problem(Code.INTERNAL_ERROR, at=Location("<request>"), error=what)


def _new_id() -> str:
    return secrets.token_urlsafe(16)
