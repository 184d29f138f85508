"""District audit at scale: documents per second, peak memory, the cost over merely loading, and
the cost of writing each output format.

Run by hand (not a test):

    PYTHONPATH=src python benchmarks/bench_audit.py [--documents 2000] [--jobs N] [--yaml 0.5]
        [--formats json,xlsx,...] [--repeat 3] [--no-serial] [--no-heap] [--no-keep]
        [--folder DIR]

Generates a synthetic district from the bundled Thanh Xuân examples into a temporary folder: each
synthetic school copies one example school (kindergarten, primary or lower secondary) under its
own id and sends each of its reports with probability 0.85; reports arrive a few days early or late;
some briefings miss a person; an incident whose ad-hoc report was not sent stays unreported; about
1 in 100 files is broken (bad YAML or a misspelt key). A share of the files is YAML, the rest JSON.

Then measures, each stage in a fresh process so that its peak memory is its own:

  1. load+validate — every document read and validated, one after another, nothing kept (the
     floor every audit pays, and the baseline of every ratio);
  2. audit --jobs 1 — the whole audit in one process (skipped with --no-serial);
  3. audit --jobs N — the whole audit with N worker processes;
  4. audit --jobs N + json — the audit and its JSON written to a file: the peak memory of the
     parent from start to end, what a district audit costs;
  5. one process audits once, then writes each format in turn to a file: seconds, ratio to the
     floor and to writing JSON, the peak resident memory while writing (the peak is reset before
     each format through /proc/self/clear_refs; elsewhere the process's peak so far), how far it
     rose above the resident memory when the format began ("+ MB": what writing it holds), and
     the size written.

and prints documents per second, each stage's ratio to the floor, the peak resident memory of the
stage's process and of its largest worker (``getrusage`` and /proc), and the peak Python heap of the
stage's process (``tracemalloc``, in a second, untimed run; skipped with --no-heap). For comparison
the last line keeps every parsed document in memory, as an audit that loaded everything first would.

``--pool-threshold`` measures instead where worker processes start to pay (the audit's
``POOL_THRESHOLD`` and ``SERVED_POOL_THRESHOLD``): for districts of growing size, ``audit --jobs N``
against ``--jobs 1``, each run in a fresh process (so starting the workers is counted): the command
line's (its workers forked), and an audit in a process running a second thread, as an embedding
server is (its workers from the fork server), as a ratio.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import resource
import select
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from _timing import bytecode

from compliance import reporters
from compliance.audit import POOL_THRESHOLD, EngineSpec, audit
from compliance.audit.pool import SERVED_POOL_THRESHOLD
from compliance.cli.convert_cmd import dump_yaml
from compliance.errors import InputError
from compliance.findings import CheckResult
from compliance.loading import load_file
from compliance.portfolio import build_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"
SCHOOLS = ("mn-hoa-sen", "th-kim-giang", "thcs-nhan-chinh")
AS_OF = dt.date(2024, 6, 30)


def _received(value: str, days: int, rng: random.Random) -> str:
    day = dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)
    return f"{day.isoformat()}T{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:00+07:00"


def generate(folder: Path, documents: int, *, yaml_share: float = 0.5, seed: int = 11) -> int:
    """Write ``documents`` report files into ``folder``; return the number of schools."""
    rng = random.Random(seed)
    templates = {
        school: [load_file(p).data for p in sorted((EXAMPLES / school).iterdir())] for school in SCHOOLS
    }
    written = school = 0
    while written < documents:
        school += 1
        kind = rng.choice(SCHOOLS)
        unit = f"VN-HN-TX-SYN-{school:05d}"
        sent = [d for d in templates[kind] if rng.random() < 0.85] or templates[kind][:1]
        for number, template in enumerate(sent[: documents - written]):
            data: dict[str, Any] = copy.deepcopy(template)
            data["id"] = f"{unit}-{number}"
            data["submitter"] = {**data["submitter"], "unit_id": unit, "unit_name": f"Trường số {school}"}
            data["received_at"] = _received(
                str(data["received_at"]), rng.choice([-3, -1, 0, 0, 0, 1, 4]), rng
            )
            for briefing in data.get("briefings", []):
                briefing["reached"] = max(0, briefing["total"] - rng.choice([0, 0, 0, 1]))
            as_yaml = rng.random() < yaml_share
            path = folder / f"{unit}-{number}.{'yaml' if as_yaml else 'json'}"
            broken = rng.random() < 0.01
            if broken:
                data["school_yaer"] = data.pop("school_year")
            if as_yaml:
                # text that looks like a number (a tax id, 0108123456) quoted, as the loader wants it:
                # PyYAML's own dumper leaves it bare, and the loader refuses it as ambiguous
                text = dump_yaml(data)
                path.write_text(
                    text + ("oops: [\n" if broken and rng.random() < 0.5 else ""), encoding="utf-8"
                )
            else:
                path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
            written += 1
    return school


def _district(folder: Path, documents: int, yaml_share: float) -> int:
    """Generate the district in ``folder``, or reuse one generated there with the same size."""
    folder.mkdir(parents=True, exist_ok=True)
    files = list(folder.iterdir())
    if len(files) == documents:
        return len({f.name.rsplit("-", 1)[0] for f in files})
    if files:
        raise SystemExit(f"{folder} holds {len(files)} files, not {documents}: use an empty folder")
    return generate(folder, documents, yaml_share=yaml_share)


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _reset_peak() -> bool:
    """Reset this process's peak resident memory (Linux: VmHWM), so the next peak is the next step's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_mb(field: str = "VmHWM") -> float:
    """This process's peak resident memory (``VmRSS``: its resident memory now), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _rss_mb(resource.RUSAGE_SELF)


def _write(result: CheckResult, fmt: str, path: Path) -> None:
    """The format written to a file as the CLI writes it (streamed when the reporters stream)."""
    with path.open("wb") as out:
        write = getattr(reporters, "write", None)
        if write is not None:
            write(result, fmt, "vi", out)
        else:  # a version whose reporters give the whole output at once
            data = reporters.render(result, fmt, "vi")
            out.write(data if isinstance(data, bytes) else data.encode("utf-8"))


class _WorkerPeak:
    """The largest peak RSS (VmHWM) among this process's descendants, sampled from /proc every
    0.05 s while they live (workers forked by the fork server are not our children for
    ``getrusage``). The sampler is a forked process, not a thread: a process that runs a second
    thread never forks its audit workers (``compliance.audit.pool.start_method``), and the audit
    measured must start them as the command line does."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._sampler = 0
        self._stop = self._result = -1

    def __enter__(self) -> _WorkerPeak:
        watched = os.getpid()
        stop_read, self._stop = os.pipe()
        self._result, result_write = os.pipe()
        self._sampler = os.fork()
        if self._sampler == 0:  # the sampler: until the pipe is closed, then its peak, and out
            os.close(self._stop)
            os.close(self._result)
            peak, me = 0, os.getpid()
            while not select.select([stop_read], [], [], 0.05)[0]:
                peak = max(peak, _descendants_peak_kb(watched, me))
            os.write(result_write, str(peak).encode())
            os._exit(0)
        os.close(stop_read)
        os.close(result_write)
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._stop)
        with os.fdopen(self._result, "rb") as result:
            self.peak_kb = int(result.read() or 0)
        os.waitpid(self._sampler, 0)


def _descendants_peak_kb(ancestor: int, skip: int) -> int:
    """The largest VmHWM, in kB, among the living descendants of ``ancestor`` but ``skip``."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    peak = 0
    for pid in parents:
        up = parents.get(pid)
        while up is not None and up != ancestor:
            up = parents.get(up)
        if up != ancestor or pid == skip:
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


def _stage(name: str, folder: str, jobs: int, traced: bool) -> dict[str, Any]:
    """One stage, run in a fresh process: seconds, findings, peak memory."""
    if traced:
        tracemalloc.start()
    files = sorted(Path(folder).iterdir())
    start = time.perf_counter()
    findings = problems = 0
    workers = _WorkerPeak()
    written = 0.0
    if name == "load":
        for path in files:
            try:
                build_document(load_file(path))
            except InputError:  # broken files are part of the mix
                problems += 1
    elif name == "load-keep":
        kept = []
        for path in files:
            try:
                kept.append(build_document(load_file(path)))
            except InputError:
                problems += 1
    else:
        done = threading.Event()
        with _WorkerPeak() as workers:
            if name == "audit-served":  # as in a server: a second thread runs meanwhile
                threading.Thread(target=done.wait, daemon=True).start()
            result = audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=jobs)
            done.set()
        findings, problems = len(result.findings), len({p.file for p in result.problems})
        if name == "audit+json":
            with tempfile.TemporaryDirectory() as out:
                began = time.perf_counter()
                _write(result, "json", Path(out) / "audit.json")
                written = time.perf_counter() - began
    seconds = time.perf_counter() - start
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
    return {
        "seconds": seconds,
        "written": written,
        "findings": findings,
        "problems": problems,
        "rss": _rss_mb(resource.RUSAGE_SELF),
        "workers_rss": workers.peak_kb / 1024
        if name.startswith("audit") and Path("/proc/self/status").exists()
        else 0,
        "heap": heap,
    }


def _formats(folder: str, jobs: int, formats: list[str]) -> dict[str, Any]:
    """Audit once, then write each format to a file: seconds, peak memory while writing, bytes."""
    result = audit([folder], spec=EngineSpec(), as_of=AS_OF, jobs=jobs)
    rows: dict[str, Any] = {"after_audit": _peak_mb()}
    with tempfile.TemporaryDirectory() as out:
        for fmt in formats:
            reset = _reset_peak()
            before = _peak_mb("VmRSS")
            path = Path(out) / f"audit.{fmt}"
            start = time.perf_counter()
            _write(result, fmt, path)
            rows[fmt] = {
                "seconds": time.perf_counter() - start,
                "peak": _peak_mb(),
                "before": before,
                "own_peak": reset,
                "bytes": path.stat().st_size,
            }
            path.unlink()
    return rows


def _in_fresh_process(name: str, folder: str, jobs: int, traced: bool) -> dict[str, Any]:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_stage, name, folder, jobs, traced).result()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=2000, help="how many report files (default 2000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for the parallel run")
    parser.add_argument("--yaml", type=float, default=0.5, help="share of YAML files (default 0.5)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per stage; the best is shown")
    parser.add_argument(
        "--formats",
        default=",".join(reporters.REPORTERS),
        help="formats written in stage 5, comma-separated (default: all; empty: none)",
    )
    parser.add_argument("--no-serial", action="store_true", help="skip the one-process audit (stage 2)")
    parser.add_argument("--no-heap", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument(
        "--no-keep", action="store_true", help="skip the comparison that keeps every parsed document"
    )
    parser.add_argument(
        "--folder",
        type=Path,
        help="generate the district here, or reuse what an earlier run with the same --documents and --yaml "
        "generated here (the generator is seeded); default: a temporary folder",
    )
    parser.add_argument(
        "--pool-threshold",
        action="store_true",
        help="where workers start to pay: --jobs N / --jobs 1 by size",
    )
    args = parser.parse_args()
    bytecode()
    if args.pool_threshold:
        pool_threshold(max(2, args.jobs), args.repeat, args.yaml)
        return
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory() as scratch:
        tmp = str(args.folder or scratch)
        schools = _district(Path(tmp), args.documents, args.yaml)
        stages = [("load+validate", "load", 1)]
        if not args.no_serial:
            stages.append(("audit --jobs 1", "audit", 1))
        if args.jobs > 1 or args.no_serial:
            stages.append((f"audit --jobs {args.jobs}", "audit", args.jobs))
        stages.append((f"audit -j{args.jobs} + json", "audit+json", args.jobs))
        rows = []
        for label, name, jobs in stages:
            runs = [_in_fresh_process(name, tmp, jobs, False) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            best["heap"] = None if args.no_heap else _in_fresh_process(name, tmp, jobs, True)["heap"]
            rows.append((label, best | {"jobs": jobs if name != "load" else 0}))
        keep = None if args.no_keep else _in_fresh_process("load-keep", tmp, 1, not args.no_heap)
        written: dict[str, Any] = {}
        if formats:
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                written = pool.submit(_formats, tmp, args.jobs, formats).result()
    floor = rows[0][1]["seconds"]
    audited = rows[1][1]
    print(
        f"{args.documents} documents ({args.yaml:.0%} YAML), {schools} schools, {audited['findings']} findings, "
        f"{audited['problems']} unreadable; {os.cpu_count()} cores; Python {sys.version.split()[0]}"
    )
    print(
        f"{'stage':20} {'seconds':>8} {'docs/s':>8} {'× load':>7} {'RSS MB':>7} {'worker MB':>10} {'heap MB':>8}"
    )
    for label, row in rows:
        workers = f"{row['workers_rss']:10.0f}" if row["jobs"] > 1 else f"{'—':>10}"
        heap = f"{row['heap']:8.1f}" if row["heap"] is not None else f"{'—':>8}"
        print(
            f"{label:20} {row['seconds']:8.2f} {args.documents / row['seconds']:8.0f} "
            f"{row['seconds'] / floor:7.2f} {row['rss']:7.0f} {workers} {heap}"
        )
    if keep is not None:
        heap = f"{keep['heap']:8.1f}" if keep["heap"] is not None else f"{'—':>8}"
        print(f"{'(all docs kept)':20} {'':8} {'':8} {'':7} {keep['rss']:7.0f} {'—':>10} {heap}")
    json_row = rows[-1][1]
    per_finding = json_row["rss"] * 1024 / max(1, json_row["findings"])
    print(
        f"audit + json: writing {json_row['written']:.2f} s ({json_row['written'] / floor:.2f} × load); "
        f"parent peak {json_row['rss']:.0f} MB ({per_finding:.1f} KB per finding)"
    )
    if written:
        print(
            f"\nwriting each format after one audit (peak RSS after the audit: {written['after_audit']:.0f} MB)"
        )
        print(
            f"{'format':8} {'seconds':>8} {'× load':>7} {'× json':>7} {'µs/finding':>10} {'peak MB':>8} "
            f"{'+ MB':>6} {'MB written':>10}"
        )
        json_seconds = written["json"]["seconds"] if "json" in written else None
        for fmt in formats:
            row = written[fmt]
            mark = "" if row["own_peak"] else " (peak so far)"
            to_json = f"{row['seconds'] / json_seconds:7.2f}" if json_seconds else f"{'—':>7}"
            print(
                f"{fmt:8} {row['seconds']:8.2f} {row['seconds'] / floor:7.2f} {to_json} "
                f"{row['seconds'] * 1e6 / max(1, audited['findings']):10.1f} {row['peak']:8.0f} "
                f"{row['peak'] - row['before']:6.0f} {row['bytes'] / 2**20:10.1f}{mark}"
            )


def _cli_seconds(folder: str, jobs: int) -> float:
    """``compliance audit FOLDER --jobs N`` in a fresh process, as an officer runs it: a process
    with no other thread, whose workers are forked (``compliance.audit.pool.start_method``)."""
    script = Path(sys.executable).with_name("compliance")
    argv = [sys.executable, str(script)] if script.is_file() else [sys.executable, "-m", "compliance"]
    argv += ["audit", folder, "--as-of", "30/06/2024", "--no-config", "--jobs", str(jobs), "--format", "json"]
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def pool_threshold(jobs: int, repeat: int, yaml_share: float) -> None:
    """``--jobs N`` / ``--jobs 1`` wall time for districts of growing size (best of ``repeat``):
    the command line's, whose workers are forked, and an audit in a process that runs another
    thread (an embedding server's), whose workers come from the fork server."""
    print(
        f"{'documents':>9} {'jobs 1 s':>9} {f'jobs {jobs} s':>9} {'ratio':>6} {'served s':>9} {'ratio':>6}"
        f"   (POOL_THRESHOLD = {POOL_THRESHOLD}, SERVED_POOL_THRESHOLD = {SERVED_POOL_THRESHOLD})"
    )
    for documents in (25, 50, 100, 200, 400, 800, 1600):
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), documents, yaml_share=yaml_share)
            one, many = (min(_cli_seconds(tmp, n) for _ in range(repeat)) for n in (1, jobs))
            served = min(
                _in_fresh_process("audit-served", tmp, jobs, False)["seconds"] for _ in range(repeat)
            )
            served_one = min(
                _in_fresh_process("audit-served", tmp, 1, False)["seconds"] for _ in range(repeat)
            )
        print(
            f"{documents:9} {one:9.2f} {many:9.2f} {many / one:6.2f} {served:9.2f} {served / served_one:6.2f}"
        )


if __name__ == "__main__":
    main()
