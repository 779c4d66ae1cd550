"""What a run leaves: the machine, one Markdown table per backend, the JSON results and the growth plot."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
from pathlib import Path
from typing import Any

from benchmarks.timing import Row

BACKEND_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
COLOURS = {"sqlite": "tab:blue", "postgres": "tab:orange"}


def machine(postgres_version: str | None) -> dict[str, Any]:
    return {"cores": os.cpu_count(), "memory_gib": round(_mem_total_kib() / 1024 / 1024, 1),
            "cpu": _cpu_model(), "system": platform.platform(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "postgres": postgres_version, "load_average": os.getloadavg(),
            "commit": _commit()}


def _mem_total_kib() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _commit() -> str:
    root = Path(__file__).resolve().parents[1]
    found = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root, capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def describe_machine(info: dict[str, Any]) -> str:
    load = ", ".join(f"{value:.1f}" for value in info["load_average"])
    postgres = f", PostgreSQL {info['postgres']}" if info["postgres"] else ""
    return (f"{info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB memory, Python {info['python']}, "
            f"SQLite {info['sqlite']}{postgres}; load average at the start {load}; commit {info['commit']}")


def tables(rows: list[Row]) -> str:
    """One Markdown table per backend, one row per workload and size."""
    parts = []
    for backend in dict.fromkeys(row.backend for row in rows):
        parts += [f"### {BACKEND_NAMES.get(backend, backend)}", "",
                  "| workload | size | figure | baseline in the same run | ratio | target |",
                  "|---|---|---|---|---|---|"]
        parts += [_line(row) for row in rows if row.backend == backend]
        parts.append("")
    return "\n".join(parts)


def _line(row: Row) -> str:
    unit = row.baseline_unit or row.unit
    baseline = f"{_amount(row.baseline, unit)} ({row.baseline_what})" if row.baseline is not None else "—"
    ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
    target = "—" if row.target is None else f"{row.target}: {'met' if row.met else '**not met**'}"
    return f"| {row.title} | {row.size} | {_figure(row)} | {baseline} | {ratio} | {target} |"


def _figure(row: Row) -> str:
    text = _amount(row.figure, row.unit)
    if row.workload == "rebuild":
        cpu = statistics.median(run["cpu"] for run in row.detail["runs"])
        text += f" ({row.detail['events'] / cpu:,.0f} per CPU second), peak {row.detail['peak_mib']:,.0f} MiB"
    elif row.unit == "ms" and "cpu_ms" in row.detail:
        text += f" (CPU {_amount(row.detail['cpu_ms'], 'ms')})"
    if row.workload == "report-area":
        text += f", {row.detail['area_cases']:,} cases in {row.detail['area']}"
    elif row.workload == "sweep":
        text += f", {row.detail['open_deadlines']:,} open deadlines"
    return text


def _amount(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    return f"{value:,.0f} {unit}"


def write_json(path: Path, run: dict[str, Any], rows: list[Row], points: list[dict[str, Any]]) -> None:
    document = run | {"rows": [row.as_dict() for row in rows], "growth": points}
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")


def plot(path: Path, points: list[dict[str, Any]], title: str) -> None:
    """Rebuild time, report times and peak memory against the length of the history: one line per backend and
    size, each through a quarter, a half and all of that size's history."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    figure, axes = plt.subplots(1, 4, figsize=(20, 4.8))
    panels = (("rebuild_s", "full rebuild of all views (s)"), ("report_area_ms", "indicator report, one area (ms)"),
              ("report_all_ms", "indicator report, all areas (ms)"), ("peak_mib", "peak memory of the rebuild (MiB)"))
    lines = list(dict.fromkeys((p["backend"], p["size"]) for p in points))
    styles = dict(zip(dict.fromkeys(size for _, size in lines), ("-", "--", ":", "-."), strict=False))
    for axis, (key, label) in zip(axes, panels, strict=True):
        for backend, size in lines:
            mine = sorted((p for p in points if (p["backend"], p["size"]) == (backend, size) and p.get(key)),
                          key=lambda p: p["events"])
            axis.plot([p["events"] for p in mine], [p[key] for p in mine], marker="o", color=COLOURS.get(backend),
                      linestyle=styles[size], label=f"{BACKEND_NAMES.get(backend, backend)}, {size}")
        axis.set_title(label, fontsize="medium")
        axis.set_xlabel("events in the history (a quarter, a half, all)")
        axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        axis.set_xlim(left=0)
        axis.set_ylim(bottom=0)
        axis.grid(alpha=0.3)
        axis.legend(fontsize="small", loc="upper left")
    figure.suptitle(title, fontsize="medium")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
