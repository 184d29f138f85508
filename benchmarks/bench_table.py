"""The scale table of issue 16 in one run: each row measured as a ratio against its baseline,
with its goal and whether it is met, and the peak memory of the parent and of its largest worker.

Run by hand (not a test):

    python benchmarks/bench_table.py [--documents 5000] [--rss-sizes 1000,10000,50000] [--repeat 3]
        [--text-documents 1000] [--reports 300] [--quick]

``--quick`` (500 documents, sizes 500 and 1 000, 1 round) finishes in under a minute and is only
a try-out: ratios at such sizes are not the table's. ``--documents 2000 --rss-sizes 1000,5000
--repeat 1`` took 2½ minutes on a 2-core machine shared with other work; the default (76 000
documents generated, 3 rounds at 5 000) takes several times that, much of it generating and
auditing the 50 000 documents (``--rss-sizes 1000,10000`` leaves them out).

Corpora are generated once into a temporary folder by ``bench_audit.generate`` (seeded) and reused:
``--documents`` reports as JSON only, as YAML only and mixed half and half, and one mixed district
per RSS size. Audits run as the command line runs them (``compliance audit … --as-of 30/06/2024``),
each in a fresh process; its CPU time is the child's (``getrusage(RUSAGE_CHILDREN)`` deltas, so the
whole process: start-up, imports, audit, report, teardown). Every round runs every variant once
(so a machine that slows mid-run slows all alike); the table shows medians over ``--repeat`` rounds.
A variant timed in this process (a parse, the checks of row 5) is repeated for half a second in
each round and its mean call taken (:func:`in_process`; the one-process round trip is one call, as
its two-process pair is); the checks are called once, untimed, before the first round.

Rows (as in the issue):

1. JSON audit ``--jobs 1 --format json -o FILE``, CPU, against reading the same files and parsing
   each with ``orjson.loads`` in this process (``json.loads`` when orjson is not installed: the
   output says which baseline was used);
2. YAML audit against reading and parsing the same files with libyaml's ``CSafeLoader``: CPU at
   ``--jobs 1``, and wall at ``--jobs 2`` against the parse's wall time (the goal is on the wall);
3. ``--jobs 2`` against ``--jobs 1``, the mixed audit, wall: the speed-up factor; beside it, two
   ceilings measured in the same round: the ``-j1`` wall against half the ``-j2`` audit's CPU (its
   work perfectly spread over the two cores, nothing serial), and what two cores give work that
   shares nothing (the JSON files read, parsed and written again, by one process, then split
   between two forked ones, :func:`two_processes`);
4. the default text audit (standard output to a file) against the same audit with ``--format json``
   (``--text-documents``, mixed, the default ``--jobs``), wall;
5. a full check with findings (``Engine.check_documents``) against a naive direct use of
   durable-rules for the same rules (``bench_engines.naive_runner``, which only finds which
   selectors match), in process on ``bench_engines.corpus(--reports)``; and, for the record, the
   matching alone (the evaluator, no findings) against the same naive run;
6. cost per finding: the mixed ``--jobs 1`` audit's CPU divided by its findings, in µs;
7. peak RSS of the parent and of its largest worker, ``--jobs 2 --format json -o FILE``, once per
   size: the audit runs in a small wrapper (``python -c``) that calls ``compliance.cli.main`` and
   then reads its own VmHWM from ``/proc/self/status`` (not ``ru_maxrss``: on Linux a process
   started by ``subprocess`` inherits in ``ru_maxrss`` the peak of the process that started it,
   here this benchmark's); the workers' peaks are sampled from ``/proc/<pid>/status`` VmHWM while
   they live (``bench_audit``'s sampler, a forked process: the wrapper runs no second thread, so
   it forks its workers as the command line does; a forked worker's peak counts the pages it
   shares with the parent it was copied from). The goal (under 1 GB at 100 000 documents) is
   judged on a straight line through the two largest sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from _timing import bytecode
from bench_audit import AS_OF, generate
from bench_engines import corpus, naive_runner
from bench_startup import ENV, ROOT, cli

from compliance import Engine
from compliance.engine import applicable_packs
from compliance.portfolio import group

HERE = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"
AS_OF_ARG = AS_OF.strftime("%d/%m/%Y")

# The wrapper of row 7: the audit as the command line runs it, then its own peak and its workers'.
WRAPPER = """\
import json, sys
sys.path.insert(0, sys.argv[1])
from bench_audit import _peak_mb, _WorkerPeak
from compliance.cli import main
with _WorkerPeak() as workers:
    code = main(sys.argv[3:])
with open(sys.argv[2], "w") as out:
    json.dump({"code": code, "parent_mb": _peak_mb(), "workers_mb": workers.peak_kb / 1024}, out)
"""


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def audit_cli(folder: Path, *options: str, stdout: Path | None = None) -> Sample:
    """``compliance audit FOLDER OPTIONS`` in a fresh process: its wall time and its CPU time."""
    argv = [*cli(), "audit", str(folder), "--as-of", AS_OF_ARG, "--no-config", *options]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out:
        done = subprocess.run(argv, cwd=ROOT, env=ENV, stdout=out, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(before)
    if done.returncode not in (0, 1):  # 1: some finding failed, or a (deliberately) broken file
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr.decode()}")
    return Sample(wall, cpu)


SPAN = 0.5  # seconds an in-process variant is repeated for, at least


def in_process(fn: Callable[[], object], span: float = SPAN) -> Sample:
    """One call of ``fn``, timed in this process as the mean of the calls made in ``span`` seconds
    (as ``timeit`` ranges them): a variant of 25 ms timed once is at the mercy of whatever the
    machine does in those 25 ms. ``span`` 0: one call, timed alone."""
    calls = 0
    wall, cpu = time.perf_counter(), time.process_time()
    while True:
        fn()
        calls += 1
        if (spent := time.perf_counter() - wall) >= span:
            return Sample(spent / calls, (time.process_time() - cpu) / calls)


def _round_trip(files: list[Path]) -> None:
    """Work that shares nothing between processes: each file read, parsed and written again."""
    for path in files:
        json.dumps(json.loads(path.read_bytes()), ensure_ascii=False)


def two_processes(files: list[Path]) -> Sample:
    """:func:`_round_trip` of ``files`` split between two forked processes, started and waited for
    here: what two cores give work that needs no parent and no merge (row 3's ceiling)."""
    context = multiprocessing.get_context("fork")
    wall, cpu = time.perf_counter(), _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    halves = [context.Process(target=_round_trip, args=(files[i::2],)) for i in (0, 1)]
    for process in halves:
        process.start()
    for process in halves:
        process.join()
    return Sample(time.perf_counter() - wall, _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - cpu)


def json_loads() -> tuple[Callable[[bytes], Any], str]:
    try:
        import orjson  # noqa: PLC0415 - not a dependency: the baseline when it is installed
    except ImportError:
        return json.loads, "json.loads (orjson is not installed: pip install orjson for the issue's baseline)"
    return orjson.loads, f"orjson.loads (orjson {orjson.__version__})"


def parse_json(files: list[Path], loads: Callable[[bytes], Any]) -> None:
    for path in files:
        loads(path.read_bytes())


def parse_yaml(files: list[Path]) -> None:
    for path in files:
        with contextlib.suppress(yaml.YAMLError):  # about 1 file in 200 is broken on purpose
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def findings_in(report: Path) -> int:
    return len(json.loads(report.read_bytes())["findings"])


def rss(folder: Path, out: Path) -> dict[str, float]:
    """Row 7 at one size: the parent's peak and the largest worker's, in MB."""
    stats = out.with_suffix(".rss.json")
    argv = [
        sys.executable, "-c", WRAPPER, str(HERE), str(stats),
        "audit", str(folder), "--as-of", AS_OF_ARG, "--no-config", "--jobs", "2", "--format", "json",
        "-o", str(out),
    ]  # fmt: skip
    done = subprocess.run(argv, cwd=ROOT, env=ENV, capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the RSS wrapper exited {done.returncode}:\n{done.stderr.decode()}")
    row = json.loads(stats.read_text())
    if row["code"] not in (0, 1):
        raise SystemExit(f"the audit of {folder} exited {row['code']}:\n{done.stderr.decode()}")
    return {"parent_mb": row["parent_mb"], "worker_mb": row["workers_mb"]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=5000, help="documents of rows 1–3 and 6")
    parser.add_argument("--rss-sizes", default="1000,10000,50000", help="documents of row 7, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each runs every variant once")
    parser.add_argument("--text-documents", type=int, default=1000, help="documents of row 4")
    parser.add_argument("--reports", type=int, default=300, help="reports of row 5 (bench_engines)")
    parser.add_argument("--quick", action="store_true", help="500 documents, sizes 500,1000, 1 round")
    args = parser.parse_args()
    bytecode()
    if args.quick:
        args.documents, args.rss_sizes, args.repeat, args.text_documents, args.reports = (
            500,
            "500,1000",
            1,
            500,
            60,
        )
    sizes = sorted({int(s) for s in args.rss_sizes.split(",") if s.strip()})
    began = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="bench-table-"))
    try:
        run(args, sizes, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(ENV["COMPLIANCE_CACHE_DIR"], ignore_errors=True)
    print(f"\nthe whole run: {time.perf_counter() - began:.0f} s")


def run(args: argparse.Namespace, sizes: list[int], scratch: Path) -> None:
    corpora: dict[tuple[int, float], Path] = {}

    def district(documents: int, yaml_share: float) -> Path:
        """Generated once, reused by every row that audits the same district."""
        key = (documents, yaml_share)
        if key not in corpora:
            folder = scratch / f"d{documents}-y{yaml_share:g}"
            folder.mkdir()
            generate(folder, documents, yaml_share=yaml_share)
            corpora[key] = folder
        return corpora[key]

    out = scratch / "out"
    out.mkdir()
    started = time.perf_counter()
    json_docs, yaml_docs, mixed = (district(args.documents, share) for share in (0.0, 1.0, 0.5))
    text_docs = district(args.text_documents, 0.5)
    for size in sizes:
        district(size, 0.5)
    print(f"corpora generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    json_files, yaml_files = sorted(json_docs.iterdir()), sorted(yaml_docs.iterdir())
    loads, loads_label = json_loads()

    python = Engine.from_path()
    documents = corpus(args.reports)
    naive, skipped, refused = naive_runner(python.program)
    portfolios = group(documents)
    rules = {
        id(p): [r for pack in applicable_packs(python.program, p) for r in pack.rules] for p in portfolios
    }

    def matching() -> None:  # as bench_engines measures it: the evaluator alone, no findings
        for p in portfolios:
            python.evaluator.evaluate(rules[id(p)], p)

    as_json = ("--format", "json", "-o")
    variants: dict[str, Callable[[], Sample]] = {
        "json audit -j1": lambda: audit_cli(json_docs, "--jobs", "1", *as_json, str(out / "json.json")),
        "json parse": lambda: in_process(lambda: parse_json(json_files, loads)),
        "yaml audit -j1": lambda: audit_cli(yaml_docs, "--jobs", "1", *as_json, str(out / "yaml1.json")),
        "yaml audit -j2": lambda: audit_cli(yaml_docs, "--jobs", "2", *as_json, str(out / "yaml2.json")),
        "yaml parse": lambda: in_process(lambda: parse_yaml(yaml_files)),
        "mixed audit -j1": lambda: audit_cli(mixed, "--jobs", "1", *as_json, str(out / "mixed1.json")),
        "mixed audit -j2": lambda: audit_cli(mixed, "--jobs", "2", *as_json, str(out / "mixed2.json")),
        # one call, as its two-process pair is timed: the ceiling compares like with like
        "round trip, 1 process": lambda: in_process(lambda: _round_trip(json_files), span=0),
        "round trip, 2 processes": lambda: two_processes(json_files),
        "text audit": lambda: audit_cli(text_docs, stdout=out / "text.txt"),
        "text audit as json": lambda: audit_cli(text_docs, *as_json, str(out / "text.json")),
        "check (python)": lambda: in_process(lambda: python.check_documents(documents, as_of=AS_OF)),
        "matching (python)": lambda: in_process(matching),
        "naive durable-rules": lambda: in_process(lambda: naive(documents)),
    }
    audit_cli(EXAMPLES, "--format", "json", "-o", str(out / "warm.json"))  # untimed: fills the cache
    for name in ("check (python)", "matching (python)"):  # untimed: what a first call pays once
        variants[name]()
    runs: dict[str, list[Sample]] = {name: [] for name in variants}
    for round_ in range(args.repeat):
        for name, variant in variants.items():
            runs[name].append(variant())
        print(f"round {round_ + 1}/{args.repeat} done", file=sys.stderr)
    wall = {name: statistics.median(s.wall for s in samples) for name, samples in runs.items()}
    cpu = {name: statistics.median(s.cpu for s in samples) for name, samples in runs.items()}
    findings = findings_in(out / "mixed1.json")
    same = findings_in(out / "mixed2.json") == findings
    memory = {size: rss(district(size, 0.5), out / f"rss{size}.json") for size in sizes}

    rows: list[tuple[str, str, str, bool]] = []

    def row(what: str, measured: str, goal: str, met: bool) -> None:
        rows.append((what, measured, goal, met))

    n = args.documents
    ratio = cpu["json audit -j1"] / cpu["json parse"]
    row(
        f"JSON audit CPU vs {loads_label.split()[0]} ({n} docs, whole process)",
        f"{ratio:.1f}×",
        "≤ 10×",
        ratio <= 10,
    )
    yaml_cpu = cpu["yaml audit -j1"] / cpu["yaml parse"]
    yaml_wall = wall["yaml audit -j2"] / wall["yaml parse"]
    row(
        f"YAML audit vs libyaml CSafeLoader parse ({n} docs)",
        f"{yaml_cpu:.1f}× CPU at -j1, {yaml_wall:.1f}× wall at -j2",
        "≤ 1.5× wall",
        yaml_wall <= 1.5,
    )
    speedup = wall["mixed audit -j1"] / wall["mixed audit -j2"]
    ceiling = wall["round trip, 1 process"] / wall["round trip, 2 processes"]
    overlapped = wall["mixed audit -j1"] / (cpu["mixed audit -j2"] / 2)
    row(
        f"--jobs 2 vs --jobs 1, same audit ({n} docs, mixed)",
        f"{speedup:.2f}× (wall -j1 / -j2; its CPU on 2 cores at best: {overlapped:.2f}×; "
        f"two cores on share-nothing work: {ceiling:.2f}×)",
        "≥ 1.8× on 2 cores",
        speedup >= 1.8,
    )
    text = wall["text audit"] / wall["text audit as json"]
    row(
        f"default text audit vs --format json ({args.text_documents} docs)",
        f"{text:.1f}×",
        "≤ 1.5×",
        text <= 1.5,
    )
    naive_s = wall["naive durable-rules"]
    full, match = naive_s / wall["check (python)"], naive_s / wall["matching (python)"]
    row(
        f"full check with findings vs naive durable-rules ({args.reports} reports)",
        f"{full:.0f}× (matching alone: {match:.0f}×)",
        "≥ 50×",
        full >= 50,
    )
    per_finding = cpu["mixed audit -j1"] / max(1, findings) * 1e6
    row(
        f"cost per finding (mixed -j1 CPU / {findings} findings)",
        f"{per_finding:.0f} µs",
        "≤ 30 µs",
        per_finding <= 30,
    )
    top = sizes[-1]
    if len(sizes) > 1:  # a straight line through the two largest sizes
        low = sizes[-2]
        slope = (memory[top]["parent_mb"] - memory[low]["parent_mb"]) / (top - low)
    else:
        slope = memory[top]["parent_mb"] / top
    at_100k = memory[top]["parent_mb"] + slope * (100_000 - top)
    parents = " / ".join(f"{memory[s]['parent_mb']:.0f}" for s in sizes)
    row(
        f"parent peak RSS at {' / '.join(str(s) for s in sizes)} docs",
        f"{parents} MB (≈ {slope * 1024:.0f} KB/doc; ≈ {at_100k:.0f} MB at 100 000)",
        "< 1 GB at 100 000",
        at_100k < 1024,
    )

    print(
        f"\nissue 16's table, measured in one run: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"medians of {args.repeat} interleaved rounds, as of {AS_OF:%d/%m/%Y}, {dt.date.today():%d/%m/%Y}"
    )
    width = max(len(r[0]) for r in rows)
    measured_width = max(len(r[1]) for r in rows)
    print(f"{'what':{width}}  {'measured':{measured_width}}  {'goal':18} verdict")
    for what, measured, goal, met in rows:
        print(f"{what:{width}}  {measured:{measured_width}}  {goal:18} {'met' if met else 'NOT met'}")
    print(f"\nJSON baseline: {loads_label}")
    print(f"identical findings --jobs 1 / --jobs 2 (counts): {same}")
    print(f"naive durable-rules: {skipped} selectors it cannot express left out, {refused} rulesets refused")
    print(
        f"\n{'variant':22} {'wall s':>8} {'CPU s':>8}   (medians; audits: the whole process, its workers' CPU included)"
    )
    for name in variants:
        print(f"{name:22} {wall[name]:8.2f} {cpu[name]:8.2f}")
    print(
        f"\n{'documents':>9} {'parent MB':>10} {'worker MB':>10}   (audit --jobs 2 --format json, peak RSS)"
    )
    for size in sizes:
        print(f"{size:9} {memory[size]['parent_mb']:10.0f} {memory[size]['worker_mb']:10.0f}")
    print(
        json.dumps(
            {
                "documents": n,
                "repeat": args.repeat,
                "json_baseline": loads_label.split()[0],
                "rows": [{"what": r[0], "measured": r[1], "goal": r[2], "met": r[3]} for r in rows],
                "wall": wall,
                "cpu": cpu,
                "rss": {str(s): memory[s] for s in sizes},
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
