"""Runs the demo's processes side by side and emits their commands in business-date order.

Each process is a generator of steps in date order (see ``world.Step``). The
engine keeps one pending step per process in a heap, so memory grows with the
number of live processes, never with the number of commands. A process's code
after a ``yield`` runs when that step has been emitted, so it sees the history
as of that date; a process that must read shared state first yields a wake-up
step for the day and decides after it. Steps dated after ``today`` end their
process: the history stops today.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from heapq import heappop, heappush
from typing import Any

from mappa_flow.commands.base import Command
from mappa_flow.demo.world import Flow, Step


class Engine:
    def __init__(self, command_prefix: str, start: int, today: int) -> None:
        self.prefix = command_prefix
        self.today = today
        self.now = start
        self.count = 0
        self._heap: list[tuple[int, int, type[Command] | None, Any, Flow]] = []
        self._seq = 0

    def run(self, prologue: Iterable[Step], processes: Iterable[Flow]) -> Iterator[Command]:
        """Emit the prologue's commands as they come, then every process's commands in date order."""
        for day, model, fields in prologue:
            if model is not None:
                yield self._build(day, model, fields)
        for process in processes:
            self._pull(process)
        heap, prefix, today, fromordinal, count = self._heap, self.prefix, self.today, date.fromordinal, self.count
        while heap:
            day, _, model, payload, process = heappop(heap)
            self.now = day
            while True:  # a process's further steps on the same day follow at once, without the heap
                if model is not None:
                    count += 1
                    # The model's own validator, as Model(**fields) does, minus the keyword-argument round trip.
                    yield model.__pydantic_validator__.validate_python(
                        {"command_id": f"{prefix}{count}", "occurred_on": fromordinal(day), **payload}
                    )
                elif payload is not None:
                    self._pull(payload)
                step = next(process, None)  # as self._pull(process), inline: this loop is the hot path
                if step is None:
                    break
                if step[0] == day:
                    model, payload = step[1], step[2]
                    continue
                if day < step[0] <= today:
                    self._seq += 1
                    heappush(heap, (step[0], self._seq, step[1], step[2], process))
                else:
                    self._refuse_or_end(step, process)
                break

    def _build(self, day: int, model: type[Command], fields: dict[str, Any]) -> Command:
        self.count += 1
        return model(command_id=f"{self.prefix}{self.count}", occurred_on=date.fromordinal(day), **fields)

    def _pull(self, process: Flow) -> None:
        step = next(process, None)
        if step is None:
            return
        if self.now <= step[0] <= self.today:
            self._seq += 1
            heappush(self._heap, (step[0], self._seq, step[1], step[2], process))
        else:
            self._refuse_or_end(step, process)

    def _refuse_or_end(self, step: Step, process: Flow) -> None:
        """A step after today ends its process (it is dropped); a step before the current day is a bug."""
        if step[0] < self.now:
            raise RuntimeError(f"a demo process went back in time: {step[1]} on day {step[0]} after {self.now}")
