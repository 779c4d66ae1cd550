"""When each demo command was entered: the demo's recording clock.

The generator yields commands in business-date order. A real area enters each fact a few days after the day
it describes, and some weeks later: the co-ordinator was away, a minute came in late, a partner agency's
update arrived after the meeting. ``entry_times`` gives each command such a moment and yields the commands in
the order they were entered (recording times never go backwards in the log), deterministically for a seed.

Entering a command later may not change what the domain sees, so a command waits behind the commands it
depends on:

- a command about a case (its meetings, ISPs, SCRs, exception reasons) is entered after every earlier command
  about the same case;
- an area-wide command (a closure day, an audit draw, a SOG review) reads the whole area: every command of the
  area still waiting is entered just before it (it was caught up before the meeting or the draw);
- a command about no case and no area, at once.

Moments are capped at ``now``: the history ends when the demo runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from heapq import heapify, heappop, heappush
from random import Random

from mappa_flow.clock import LONDON
from mappa_flow.commands.base import Command

LATE_SHARE = 0.07  # commands entered weeks after their day (with what waits behind them, about 10 % of all)
LATE_DAYS = (14, 56)
USUAL_DAYS = (0, 1, 1, 2, 2, 3, 4)  # otherwise: the same day to a few working days later
WORKDAY_HOURS = (9, 17)



class EntryClock:
    """Gives each command its moment of entry; ``at(command)`` answers for a command already yielded."""

    def __init__(self, seed: int, now: datetime) -> None:
        self._random = Random(f"demo-entry-{seed}")
        self.now = now
        self._times: dict[str, datetime] = {}
        self._case_of: dict[str, str] = {}  # meeting, ISP, SCR and case references -> case reference
        self._area_of: dict[str, str] = {}  # case reference -> area
        self._after: dict[str, datetime] = {}  # the moment of the last command about each case
        self._waiting: list[tuple[datetime, int, Command]] = []  # a heap: (moment, order given, command)
        self._seq = 0
        self._last = datetime.min.replace(tzinfo=LONDON)  # the moment of the last command yielded

    def at(self, command: Command) -> datetime:
        """The moment ``command`` was entered (asked once per command, after it was yielded)."""
        return self._times.pop(command.command_id)

    def entered(self, commands: Iterable[Command]) -> Iterator[Command]:
        """``commands`` in the order they were entered; ``at`` gives each one's moment."""
        for command in commands:
            # Nothing dated from this day on is entered before the day starts: what was due by then goes first.
            yield from self._due(datetime.combine(command.occurred_on, time(0), tzinfo=LONDON))
            case = self._case(command)
            if case is None:
                yield from self._area_wide(command)
                continue
            moment = self._moment(command.occurred_on, self._random.random() < LATE_SHARE)
            self._after[case] = moment = max(moment, self._after.get(case, moment))
            self._seq += 1
            heappush(self._waiting, (moment, self._seq, command))
        yield from self._due(None)

    def _due(self, by: datetime | None) -> Iterator[Command]:
        """The waiting commands to be entered by ``by`` (all of them: None), in order."""
        while self._waiting and (by is None or self._waiting[0][0] <= by):
            moment, _, command = heappop(self._waiting)
            yield self._stamp(command, moment)

    def _area_wide(self, command: Command) -> Iterator[Command]:
        """A command about no case; one that reads an area comes after the area's waiting commands, caught up."""
        moment = self._moment(command.occurred_on, late=False)
        area = getattr(command, "area", None)
        for scheduled, earlier in self._catch_up(str(area)) if area is not None else ():
            yield self._stamp(earlier, min(moment, scheduled))
            self._after[self._case(earlier) or ""] = self._last
        yield self._stamp(command, moment)

    def _stamp(self, command: Command, moment: datetime) -> Command:
        """Enter ``command`` at ``moment``, or at the last moment given if that is later (time never goes back)."""
        self._last = max(self._last, moment)
        self._times[command.command_id] = self._last
        return command

    def _catch_up(self, area: str) -> list[tuple[datetime, Command]]:
        """The waiting commands about the area's cases, in the order they were to be entered (the rest wait on)."""
        mine = [entry for entry in self._waiting if self._area_of.get(self._case(entry[2]) or "") == area]
        if mine:
            taken = {seq for _, seq, _ in mine}
            self._waiting[:] = [entry for entry in self._waiting if entry[1] not in taken]
            heapify(self._waiting)
        return [(moment, command) for moment, _, command in sorted(mine, key=lambda entry: entry[:2])]

    def _moment(self, day: date, late: bool) -> datetime:
        between = self._random.randint
        days = between(*LATE_DAYS) if late else USUAL_DAYS[between(0, len(USUAL_DAYS) - 1)]
        entered = day + timedelta(days=days)
        if entered.weekday() >= 5:
            entered += timedelta(days=7 - entered.weekday())
        clock_time = time(between(*WORKDAY_HOURS), between(0, 59), between(0, 59))
        return min(datetime.combine(entered, clock_time, tzinfo=LONDON), self.now)

    def _case(self, command: Command) -> str | None:
        """The case a command is about (learnt from the commands that name it), or None."""
        case = getattr(command, "case_reference", None)
        if case is None and command.command == "record_exception_reason":
            case = str(getattr(command, "exception_key", "")).split(":")[1]
        for field in ("meeting_ref", "isp_ref", "scr_ref"):
            ref = getattr(command, field, None)
            if ref is not None:
                case = case or self._case_of.get(ref)
                if case is not None:
                    self._case_of[ref] = case
        if case is not None and command.command == "refer_case":
            self._area_of[case] = str(getattr(command, "area"))  # noqa: B009
        return case

