"""Repeating a measurement, and one row of a results table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Timed:
    """Medians of several runs, wall clock and CPU time of this process, in seconds."""

    wall: float
    cpu: float
    runs: list[float]

    @property
    def ms(self) -> float:
        return self.wall * 1000


def repeat(run: Callable[[], object], times: int, setup: Callable[[], object] | None = None) -> Timed:
    """Run ``run`` ``times`` times (``setup`` before each, not timed) and keep the medians."""
    wall, cpu = [], []
    for _ in range(times):
        if setup is not None:
            setup()
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return Timed(statistics.median(wall), statistics.median(cpu), wall)


@dataclass
class Row:
    """One workload on one backend and size: a figure, the baseline measured in the same run, their ratio.

    ``ratio`` is always "how fast compared with the baseline": figure / baseline for rates, baseline / figure
    for durations; above 1 the figure is faster than its baseline.
    """

    workload: str  # short key: ingest, import, rebuild, report-area, report-all, sweep, as-at, verify
    title: str
    backend: str
    size: str  # the workload's size, or what the figure was measured on
    figure: float
    unit: str  # "commands/s", "ms", ...
    baseline: float | None = None
    baseline_what: str | None = None
    baseline_unit: str | None = None  # when it differs from the figure's (import lines/s against commands/s)
    target: str | None = None
    met: bool | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.baseline or not self.figure:
            return None
        return self.figure / self.baseline if self.unit.endswith("/s") else self.baseline / self.figure

    @classmethod
    def from_dict(cls, found: dict[str, Any]) -> Row:
        fields = {key: found[key] for key in ("workload", "title", "backend", "size", "figure", "unit", "baseline",
                                              "baseline_what", "target", "met", "detail")}
        return cls(**fields, baseline_unit=found.get("baseline_unit"))

    def as_dict(self) -> dict[str, Any]:
        return {"workload": self.workload, "title": self.title, "backend": self.backend, "size": self.size,
                "figure": self.figure, "unit": self.unit, "baseline": self.baseline,
                "baseline_what": self.baseline_what, "baseline_unit": self.baseline_unit or self.unit,
                "ratio": self.ratio, "target": self.target, "met": self.met, "detail": self.detail}
