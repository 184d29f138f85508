"""reporters/_forked.py: a long list of findings written by forked copies of the process, each a
slice, and put together in order: the same bytes as one process writes, a copy that fails costing
only its slice, no copy where forking is unsafe."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from compliance import CheckResult
from compliance.findings import DocumentInfo
from compliance.records import Records, Spool
from compliance.reporters import write
from compliance.reporters._forked import FORK_AFTER, may_fork, write_all

forking = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and hasattr(os, "fork")),
    reason="copies are forked on Linux only (compliance.audit.pool.start_method)",
)


def _documents(count: int) -> Records[DocumentInfo]:
    """``count`` document summaries of the districts' schools, spooled to a file past 1 000."""
    spool = Spool(DocumentInfo, limit=1_000)
    spool.extend(
        DocumentInfo(
            file=f"bao-cao/truong-{i:05d}/bao-cao-hk1.yaml",
            kind="BAO_CAO_HK1",
            unit_id=f"VN-HN-TX-{i:05d}",
            school_year="2023-2024",
            received=dt.date(2024, 1, 10) + dt.timedelta(days=i % 20),
        )
        for i in range(count)
    )
    return spool.records()


def _with_pid(d: DocumentInfo) -> bytes:
    return f"{d.unit_id} {d.received:%d/%m/%Y} {os.getpid()}\n".encode()


def _written(records: Records[DocumentInfo], jobs: int) -> list[tuple[str, str, int]]:
    out = io.BytesIO()
    write_all(records, _with_pid, out.write, jobs)
    return [
        (unit, day, int(pid))
        for unit, day, pid in (line.split() for line in out.getvalue().decode().splitlines())
    ]


@pytest.fixture(scope="module")
def fresh() -> Iterator[ProcessPoolExecutor]:
    """A fresh interpreter, running one thread, to make copies from: the test's own process may
    run threads that an earlier test left behind, and such a process is never forked."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as executor:
        yield executor


def _in_order(count: int, jobs: int) -> tuple[bool, int, set[int]]:
    """In the fresh interpreter: whether the lines came back in order, its pid, the writers' pids."""
    records = _documents(count)
    lines = _written(records, jobs)
    expected = [(r.unit_id, f"{r.received:%d/%m/%Y}") for r in records]
    return [(u, d) for u, d, _ in lines] == expected, os.getpid(), {pid for _, _, pid in lines}


def _fails_in_a_copy(d: DocumentInfo) -> bytes:
    if os.getpid() != _PARENT[0]:
        raise OSError(28, "No space left on device")
    return _with_pid(d)


_PARENT = [0]


def _one_copy_fails(count: int) -> tuple[bool, set[str], str]:
    _PARENT[0] = os.getpid()
    records = _documents(count)
    out = io.BytesIO()
    write_all(records, _fails_in_a_copy, out.write, 2)
    lines = out.getvalue().decode().splitlines()
    return (
        [line.split()[0] for line in lines] == [r.unit_id for r in records],
        {line.split()[2] for line in lines},
        str(os.getpid()),
    )


def _fork_refused(count: int) -> tuple[bool, set[int], int]:
    """In the fresh interpreter: the system refusing a new process (as under a process limit)."""

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    os.fork = refused
    in_order, parent, writers = _in_order(count, 2)
    return in_order, writers, parent


@forking
def test_slices_written_by_copies_come_back_in_order(fresh: ProcessPoolExecutor) -> None:
    in_order, parent, writers = fresh.submit(_in_order, FORK_AFTER + 500, 2).result()
    assert in_order
    assert parent in writers and len(writers) == 2  # the first half there, the second by a copy


@forking
def test_a_copy_reads_the_records_written_just_before_it_was_made(fresh: ProcessPoolExecutor) -> None:
    # the last records are still in the file object's buffer when the copies are made
    in_order, _, writers = fresh.submit(_in_order, FORK_AFTER, 3).result()
    assert in_order and len(writers) == 3


@forking
def test_a_copy_that_fails_costs_only_its_slice(fresh: ProcessPoolExecutor) -> None:
    in_order, writers, parent = fresh.submit(_one_copy_fails, FORK_AFTER).result()
    assert in_order and writers == {parent}


@forking
def test_no_process_to_spare_and_every_slice_is_written_here() -> None:
    # its own interpreter: the refusal stays there
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as alone:
        in_order, writers, parent = alone.submit(_fork_refused, FORK_AFTER).result()
    assert in_order and writers == {parent}


def test_one_job_or_a_short_list_is_written_here() -> None:
    assert not may_fork(1, 10 * FORK_AFTER)
    assert not may_fork(4, FORK_AFTER - 1)


def test_a_process_running_another_thread_is_never_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork(2, 10 * FORK_AFTER)
        assert {pid for _, _, pid in _written(_documents(FORK_AFTER), jobs=2)} == {os.getpid()}
    finally:
        stop.set()
        other.join()


@pytest.fixture(scope="module")
def district(example_audit: CheckResult) -> Iterator[CheckResult]:
    """The examples' audit grown to a district: its findings again for 1 500 more schools."""
    findings = list(example_audit.findings)
    grown = [
        dataclasses.replace(f, unit_id=f"{f.unit_id}-{n:04d}", unit_name=f"{f.unit_name} (cơ sở {n})")
        for n in range(1 + FORK_AFTER // len(findings))
        for f in findings
    ]
    yield example_audit.model_copy(update={"findings": grown})


def _json(result: CheckResult, jobs: int) -> bytes:
    out = io.BytesIO()
    write(result, "json", "vi", out, jobs=jobs)
    return out.getvalue()


@forking
def test_the_json_of_a_district_is_the_same_whoever_writes_it(
    district: CheckResult, fresh: ProcessPoolExecutor
) -> None:
    assert len(district.findings) >= FORK_AFTER
    shared = fresh.submit(_json, district, 2).result()
    assert shared == _json(district, 1) == (district.model_dump_json(indent=2) + "\n").encode()
