"""The demo's recording clock: each command entered a few days after its business date, some weeks late, in an
order the domain accepts (recording times never go backwards, a case's commands keep their order)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from itertools import pairwise
from statistics import median

import pytest

from mappa_flow.clock import LONDON
from mappa_flow.commands.base import Command
from mappa_flow.demo import EntryClock, generate_demo

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


Demo = tuple[list[Command], list[Command], list[datetime]]  # as generated, as entered, when each was entered


def _entered(seed: int = 7) -> Demo:
    generated = list(generate_demo(seed, 120, 2, TODAY))
    clock = EntryClock(seed, NOW)
    entered = list(clock.entered(iter(generated)))
    return generated, entered, [clock.at(command) for command in entered]


@pytest.fixture(scope="module")
def demo() -> Demo:
    return _entered()


def test_every_command_is_entered_once_and_recording_times_never_go_backwards(demo: Demo) -> None:
    generated, entered, times = demo
    assert sorted(c.command_id for c in entered) == sorted(c.command_id for c in generated)
    assert all(earlier <= later for earlier, later in pairwise(times))


def test_a_command_is_entered_on_or_after_its_business_date_and_never_after_now(demo: Demo) -> None:
    _, entered, times = demo
    for command, at in zip(entered, times, strict=True):
        assert command.occurred_on <= at.astimezone(LONDON).date() and at <= NOW


def test_most_commands_are_entered_within_days_and_about_one_in_ten_weeks_later(demo: Demo) -> None:
    _, entered, times = demo
    late = [(at.astimezone(LONDON).date() - c.occurred_on).days for c, at in zip(entered, times, strict=True)]
    assert median(late) <= 3
    weeks_late = sum(days >= 14 for days in late) / len(late)
    assert 0.04 <= weeks_late <= 0.2
    assert max(late) < 100


def test_the_commands_about_one_case_keep_their_business_order(demo: Demo) -> None:
    generated, entered, _ = demo
    def by_case(commands: list[Command]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for c in commands:
            case = getattr(c, "case_reference", None) or getattr(c, "meeting_ref", "").rsplit("-M", 1)[0]
            if case:
                found[case].append(c.command_id)
        return found
    assert by_case(entered) == by_case(generated)


def test_an_area_wide_command_comes_after_everything_dated_before_it_in_its_area(demo: Demo) -> None:
    generated, entered, _ = demo
    position = {c.command_id: i for i, c in enumerate(entered)}
    area_of = {c.case_reference: c.area for c in generated if c.command == "refer_case"}  # type: ignore[attr-defined]
    for index, command in enumerate(generated):
        area = getattr(command, "area", None)
        if area is None or getattr(command, "case_reference", None) or getattr(command, "meeting_ref", None):
            continue  # about a case: it waits behind that case's commands only
        earlier = [c for c in generated[:index] if area_of.get(getattr(c, "case_reference", None) or "") == area]
        assert all(position[c.command_id] < position[command.command_id] for c in earlier), command.command_id


def test_the_same_seed_enters_the_same_commands_at_the_same_moments(demo: Demo) -> None:
    _, entered, times = demo
    _, again, again_times = _entered()
    assert [c.command_id for c in again] == [c.command_id for c in entered] and again_times == times
    _, _, other_times = _entered(seed=8)
    assert other_times != times
