"""The synthetic reports the benchmarks measure are the reports they say they are: readable but for
the faults put in on purpose. A corpus that the loader refuses in bulk measures refusals, not audits
(the YAML district once lost 16% of its files to a tax id PyYAML's dumper left unquoted)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from builders import ROOT
from compliance.audit import EngineSpec, audit
from compliance.loading import load_text

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_audit  # a script folder, not a package: found through sys.path above
import bench_check

# What bench_audit.generate breaks on purpose, about 1 file in 100: a misspelt school_year (the
# schema's required and unknown key) and, in half of those YAML files, a syntax error.
DELIBERATE = {"schema-required", "schema-unknown-key", "yaml-syntax"}


def test_the_district_generator_breaks_only_what_it_means_to(tmp_path: Path) -> None:
    bench_audit.generate(tmp_path, 400, yaml_share=1.0)
    result = audit([tmp_path], spec=EngineSpec(), as_of=dt.date(2024, 6, 30), jobs=1)
    codes = {p.code for p in result.problems}
    broken = {p.file for p in result.problems}
    assert codes <= DELIBERATE and len(broken) <= 400 * 3 // 100


def test_every_report_of_the_check_benchmark_loads() -> None:
    for i, text in enumerate(bench_check.corpus(60)):
        load_text(text, name=f"r{i}.yaml", format="yaml")
