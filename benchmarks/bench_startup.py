"""What starting the tool costs, compared with starting Python itself.

Run by hand:  python benchmarks/bench_startup.py [--repeat 15] [--top 12]

Runs each command below in a fresh process, ``--repeat`` rounds (each round runs every command
once, so a machine that slows down mid-run slows all of them alike), and prints the median wall
time of each and its ratio to ``python -c pass``:

  1. ``python -c pass``                       — the floor: the interpreter alone;
  2. ``python -c "import yaml, pydantic"``     — two of our dependencies, for scale;
  3. ``compliance --version``                  — what a shell completion or a health probe pays;
  4. ``python -c "import compliance"``         — what an embedding application pays up front;
  5. ``compliance check <one portfolio>``     — a whole check of the Kim Giang example school, its
     program read from the compiled-program cache (a cache of this run, filled by the untimed round);
  6. the same with ``--no-cache``: the five bundled packs loaded and compiled;
  7. the README's main job, ``compliance audit`` of the bundled district with its roster (text),
     and the same with the district's waivers (which need pydantic: the audit without does not).

Then the two targets of the command line (issue 17): ``compliance --version`` within 1.5×
``python -c pass`` + 50 ms, and the check within 3× ``python -c "import yaml, pydantic"``; and,
from ``python -X importtime``, the modules with the largest cumulative import time for
``compliance --version`` and for the check, and which of the libraries a text check does not
need (``compliance._startup.NOT_FOR_TEXT``, the list ``tests/test_startup.py`` asserts: the
other reporters, jsonschema, holidays, the store …) were imported all the same. ``compliance`` is the console script beside this
Python when it is installed, ``python -m compliance`` otherwise (e.g. with ``PYTHONPATH=src``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import bytecode

from compliance._startup import needless

ROOT = Path(__file__).resolve().parents[1]
DISTRICT = ROOT / "examples" / "thanh-xuan-2023-2024"
PORTFOLIO = DISTRICT / "th-kim-giang"
ROSTER = ROOT / "examples" / "roster-thanh-xuan-2023-2024.csv"
WAIVERS = ROOT / "examples" / "mien-tru-thanh-xuan-2023-2024.yaml"
AS_OF = ("--as-of", "30/06/2024")
PY = sys.executable
# An installed tool runs from bytecode (.pyc) that pip or the first run wrote: without it every run
# compiles every module from source, which measures the compiler, not start-up (_timing.bytecode).
ENV = dict(os.environ)
# The compiled-program cache (compliance.cache) of this run only: the untimed round fills it.
ENV["COMPLIANCE_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-startup-cache-")
ENV.pop("COMPLIANCE_NO_CACHE", None)


def cli() -> list[str]:
    """How to run ``compliance``: its console script when installed beside this Python."""
    script = Path(PY).with_name("compliance")
    return [PY, str(script)] if script.is_file() else [PY, "-m", "compliance"]


def commands() -> dict[str, list[str]]:
    check = [*cli(), "check", str(PORTFOLIO), *AS_OF]
    return {
        "python -c pass": [PY, "-c", "pass"],
        'python -c "import yaml, pydantic"': [PY, "-c", "import yaml, pydantic"],
        "compliance --version": [*cli(), "--version"],
        'python -c "import compliance"': [PY, "-c", "import compliance"],
        "compliance check th-kim-giang": check,
        "  … --format json": [*check, "--format", "json"],
        "  … --no-cache (packs compiled)": [*check, "--no-cache"],
        "compliance audit (README's job)": [*cli(), "audit", str(DISTRICT), "--roster", str(ROSTER), *AS_OF],
        "  … --waivers": [
            *cli(),
            "audit",
            str(DISTRICT),
            "--roster",
            str(ROSTER),
            *AS_OF,
            "--waivers",
            str(WAIVERS),
        ],
    }


def run(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        argv, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # a check with failing findings exits 1
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr.decode()}")
    return seconds


def import_times(argv: list[str]) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of every import ``argv`` makes, largest first."""
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, total, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(total), int(own), name.strip()))
    return sorted(rows, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=15, help="rounds (each command once per round)")
    parser.add_argument("--top", type=int, default=12, help="modules listed per -X importtime table")
    args = parser.parse_args()
    bytecode()
    table = commands()
    runs: dict[str, list[float]] = {name: [] for name in table}
    for argv in table.values():  # one untimed round: caches warm
        run(argv)
    for _ in range(args.repeat):
        for name, argv in table.items():
            runs[name].append(run(argv))
    medians = {name: statistics.median(times) for name, times in runs.items()}
    base = medians["python -c pass"]
    print(f"Python {sys.version.split()[0]}, median of {args.repeat} runs each, in one run")
    print(f"{'command':36} {'ms':>8} {'× python -c pass':>17}")
    for name, seconds in medians.items():
        print(f"{name:36} {seconds * 1000:8.1f} {seconds / base:17.1f}")
    version_limit = 1.5 * base + 0.050
    check_limit = 3 * medians['python -c "import yaml, pydantic"']
    print("\ntargets")
    for name, limit, rule in (
        ("compliance --version", version_limit, "1.5 × python -c pass + 50 ms"),
        ("compliance check th-kim-giang", check_limit, '3 × python -c "import yaml, pydantic"'),
    ):
        seconds = medians[name]
        verdict = "met" if seconds <= limit else "NOT met"
        print(f"{name:36} {seconds * 1000:8.1f} ms ≤ {limit * 1000:7.1f} ms ({rule}): {verdict}")
    for name in ("compliance --version", "compliance check th-kim-giang"):
        rows = import_times(table[name])
        # a module loaded by name (as the reporter registry loads its reporters) has no line of its
        # own in -X importtime: its imports show it (tests/test_startup.py reads sys.modules instead)
        unwanted = sorted(needless(m for _, _, m in rows))
        print(
            f"\n-X importtime, {name}: {sum(own for _, own, _ in rows) / 1000:.1f} ms of imports in all; "
            f"not needed for text yet imported: {', '.join(unwanted) or 'none'}"
        )
        print(f"top {args.top} by cumulative time")
        print(f"{'cumulative ms':>13} {'self ms':>8}  module")
        for total, own, module in rows[: args.top]:
            print(f"{total / 1000:13.1f} {own / 1000:8.1f}  {module}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(ENV["COMPLIANCE_CACHE_DIR"], ignore_errors=True)
