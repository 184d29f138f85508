"""What starting the tool costs, compared with starting Python itself.

Run by hand:  python benchmarks/bench_startup.py [--repeat 15] [--top 12]

Runs each command below in a fresh process, ``--repeat`` rounds (each round runs every command
once, so a machine that slows down mid-run slows all of them alike), and prints the median wall
time of each and its ratio to ``python -c pass``:

  1. ``python -c pass``                       — the floor: the interpreter alone;
  2. ``python -c "import yaml, pydantic"``     — two of our dependencies, for scale;
  3. ``compliance --version``                  — what a shell completion or a health probe pays;
  4. ``python -c "import compliance"``         — what an embedding application pays up front;
  5. ``compliance check <one portfolio>``     — a whole check of the Kim Giang example school.

Then, from ``python -X importtime``, the modules with the largest cumulative import time for
``compliance --version`` and for the check. ``compliance`` is the console script beside this
Python when it is installed, ``python -m compliance`` otherwise (e.g. with ``PYTHONPATH=src``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORTFOLIO = ROOT / "examples" / "thanh-xuan-2023-2024" / "th-kim-giang"
PY = sys.executable


def cli() -> list[str]:
    """How to run ``compliance``: its console script when installed beside this Python."""
    script = Path(PY).with_name("compliance")
    return [PY, str(script)] if script.is_file() else [PY, "-m", "compliance"]


def commands() -> dict[str, list[str]]:
    check = [*cli(), "check", str(PORTFOLIO), "--as-of", "30/06/2024"]
    return {
        "python -c pass": [PY, "-c", "pass"],
        'python -c "import yaml, pydantic"': [PY, "-c", "import yaml, pydantic"],
        "compliance --version": [*cli(), "--version"],
        'python -c "import compliance"': [PY, "-c", "import compliance"],
        "compliance check th-kim-giang": check,
    }


def run(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # a check with failing findings exits 1
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr.decode()}")
    return seconds


def import_times(argv: list[str]) -> list[tuple[int, int, str]]:
    """(cumulative µs, self µs, module) of every import ``argv`` makes, largest first."""
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], cwd=ROOT, capture_output=True, text=True, check=False
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
    table = commands()
    runs: dict[str, list[float]] = {name: [] for name in table}
    for argv in table.values():  # one untimed round: caches warm, .pyc files written
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
    for name in ("compliance --version", "compliance check th-kim-giang"):
        print(f"\n-X importtime, {name}: top {args.top} by cumulative time")
        print(f"{'cumulative ms':>13} {'self ms':>8}  module")
        for total, own, module in import_times(table[name])[: args.top]:
            print(f"{total / 1000:13.1f} {own / 1000:8.1f}  {module}")


if __name__ == "__main__":
    main()
