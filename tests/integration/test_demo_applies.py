"""The demo stream applies on every event store with no refusal: each command is one the domain accepts."""

from __future__ import annotations

from datetime import date

from domain.case import Case
from mappa_flow.bootstrap import Mappa
from mappa_flow.demo import demo_case_reference, generate_demo

TODAY = date(2026, 11, 20)  # the `clock` fixture's day
SEED, CASES, YEARS = 11, 150, 2


def test_every_command_of_a_demo_history_is_accepted_and_it_has_the_cases_asked_for(app: Mappa) -> None:
    assert app.clock.now().date() == TODAY
    applied = 0
    for command in generate_demo(SEED, CASES, YEARS, TODAY):
        outcome = app.handle(command)  # a refusal raises and fails the test
        applied += outcome.applied
    referrals = app.recorder.select_notifications(1, 100_000, topics=[Case.Referred.TOPIC])
    assert len(referrals) == CASES
    assert applied > CASES * 5
    showcase = app.repository.get(app.ids.case(demo_case_reference(SEED, CASES, YEARS, TODAY)))
    assert showcase.level == 3 and not showcase.in_custody and not showcase.archived
