"""The benchmark suite's smoke size, run as ``make bench`` runs it, so that the benchmarks cannot rot.

Not a timed test: it checks that every workload of issue 6 gets a row on every backend that answers, with
figures and baselines above zero, and that the JSON results, the Markdown tables and the plot are written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results"
WORKLOADS = {"ingest", "import", "rebuild", "rebuild-memory", "report-area", "report-all", "sweep", "as-at",
             "verify"}
WITH_BASELINE = {"ingest", "import", "rebuild", "rebuild-memory", "as-at", "verify"}


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("bench")
    kept = sorted(RESULTS.glob("*")) if RESULTS.exists() else []
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_") or "POSTGRES" in key}
    done = subprocess.run([sys.executable, "-m", "benchmarks.suite", "--smoke", "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (sorted(RESULTS.glob("*")) if RESULTS.exists() else []) == kept, "the smoke run wrote to results/"
    return done, out


@pytest.mark.slow
def test_the_smoke_run_gives_every_workload_a_row_with_figures_above_zero_on_each_backend(
    smoke: tuple[subprocess.CompletedProcess[str], Path], postgres_problem: str | None,
) -> None:
    _done, out = smoke
    [results] = out.glob("*.json")
    rows = json.loads(results.read_text())["rows"]
    backends = {"sqlite"} if postgres_problem else {"sqlite", "postgres"}
    assert {row["backend"] for row in rows} == backends
    for backend in backends:
        mine = [row for row in rows if row["backend"] == backend]
        assert {row["workload"] for row in mine} == WORKLOADS
        for row in mine:
            assert row["figure"] > 0, row
            if row["workload"] in WITH_BASELINE:
                assert row["baseline"] > 0 and row["ratio"] > 0, row


@pytest.mark.slow
def test_the_smoke_run_prints_the_machine_and_a_table_per_backend_and_writes_the_tables_and_the_plot(
    smoke: tuple[subprocess.CompletedProcess[str], Path], postgres_problem: str | None,
) -> None:
    done, out = smoke
    assert re.search(r"Machine: \d+ cores \(.*\), [\d.]+ GiB memory", done.stdout)
    titles = ["### SQLite"] + ([] if postgres_problem else ["### PostgreSQL"])
    [tables] = out.glob("*.md")
    for title in titles:
        assert title in done.stdout and title in tables.read_text()
    assert "| full rebuild of all views | smoke |" in tables.read_text()
    [plot] = out.glob("*.png")
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
