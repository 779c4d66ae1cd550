"""The SOG's Significant Case Review tracker (R-SCR-2), fed with SCR events and no application."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.calendar import parse_period
from domain.scr import Scr
from projections.registers import queries, scr
from projections.views.scr import ScrView
from tests.unit.given import some_id
from tests.unit.registers_given import World, projected

YEAR = parse_period("2026-27")


def _review(world: World, ref: str = "SCR-1", on: date = date(2026, 4, 10)) -> Scr:
    review = Scr.commission(some_id(ref), world.stamp(), on, scr_ref=ref, area="north", case_reference="N-0001",
                            remit="Review of multi-agency management")
    return world.keep(review)


def _published_with_actions(world: World) -> Scr:
    review = _review(world)
    review.publish_report("full", world.stamp(), date(2026, 6, 1))
    review.make_recommendation("R1", "Share risk information earlier", world.stamp(), date(2026, 6, 2))
    review.make_recommendation("R2", "Train chairs", world.stamp(), date(2026, 6, 2))
    review.assign_action("R1", "A1", "police-scotland", date(2026, 9, 30), "Protocol", world.stamp(), date(2026, 6, 3))
    review.assign_action("R1", "A2", "social-work", date(2026, 10, 31), "Training", world.stamp(), date(2026, 6, 3))
    review.assign_action("R2", "A3", "health", date(2026, 8, 31), "Chair training", world.stamp(), date(2026, 6, 3))
    return world.keep(review)


def _tracked(world: World, as_of: date) -> tuple[list[scr.Review], list[dict[str, Any]]]:
    engine = projected([ScrView()], world.events)
    with engine.connect() as conn:
        reviews = queries.reviews(conn, None, YEAR, as_of)
    return reviews, scr.tracker(reviews, as_of)


def test_open_and_closed_recommendations_and_age_per_review_and_across_R_SCR_2() -> None:
    world = World()
    review = _published_with_actions(world)
    review.close_recommendation("R2", "implemented", "Training records", world.stamp(), date(2026, 9, 1))
    world.keep(review)
    _review(world, "SCR-2", date(2026, 7, 1))
    _, rows = _tracked(world, date(2026, 10, 1))
    first, second, across = rows
    assert (first.scr_ref, first.recommendations_open, first.recommendations_closed) == ("SCR-1", 1, 1)
    assert (first.age_days, first.days_since_published, first.status) == (174, 122, "published")
    assert (second.age_days, second.days_since_published, second.status) == (92, None, "in review")
    assert (across.scr_ref, across.recommendations_open, across.recommendations_closed) == ("all", 1, 1)
    assert (across.status, across.age_days) == ("2 of 2 open", 174)


def test_an_action_is_overdue_after_its_due_date_until_completed_or_its_recommendation_closes_R_SCR_2() -> None:
    world = World()
    review = _published_with_actions(world)
    review.progress_action("A2", "done early", True, world.stamp(), date(2026, 7, 1))
    review.close_recommendation("R2", "implemented", "Training records", world.stamp(), date(2026, 9, 1))
    world.keep(review)
    on_due_date, _ = _tracked(world, date(2026, 9, 30))
    assert scr.overdue_actions(on_due_date, date(2026, 9, 30)) == []  # A1 is due that day: not yet overdue
    day_after, rows = _tracked(world, date(2026, 11, 1))
    overdue = scr.overdue_actions(day_after, date(2026, 11, 1))
    assert [(a.action_ref, a.owner, a.days_overdue) for a in overdue] == [("A1", "police-scotland", 32)]
    assert rows[0].actions_overdue == 1
    assert rows[-1].actions_overdue == 1


def test_a_completion_dated_after_the_as_of_date_does_not_clear_an_overdue_action_R_SCR_2() -> None:
    world = World()
    review = _published_with_actions(world)
    review.progress_action("A3", "finished", True, world.stamp(), date(2026, 10, 15))
    world.keep(review)
    reviews, _ = _tracked(world, date(2026, 10, 1))
    overdue = scr.overdue_actions(reviews, date(2026, 10, 1))
    assert [a.action_ref for a in overdue] == ["A3", "A1"]  # most overdue first
    reviews, _ = _tracked(world, date(2026, 10, 20))
    assert [a.action_ref for a in scr.overdue_actions(reviews, date(2026, 10, 20))] == ["A1"]


def test_each_stage_shows_its_latest_evaluation_and_the_mean_across_reviews_R_SCR_2() -> None:
    world = World()
    first, second = _review(world), _review(world, "SCR-2")
    first.evaluate_stage("remit", 2, "Remit unclear at first", world.stamp(), date(2026, 5, 1))
    first.evaluate_stage("remit", 3, "Remit clarified", world.stamp(), date(2026, 6, 1))
    second.evaluate_stage("remit", 4, "Clear remit", world.stamp(), date(2026, 5, 1))
    second.evaluate_stage("victim-liaison", 1, "Family not contacted", world.stamp(), date(2026, 5, 1))
    world.keep(first)
    world.keep(second)
    reviews, rows = _tracked(world, date(2026, 7, 1))
    stages = scr.stage_evaluations(reviews)
    mine = {(s.scr_ref, s.stage): (s.rating, s.comment) for s in stages}
    assert mine[("SCR-1", "remit")] == (3, "Remit clarified")
    assert mine[("SCR-1", "staffing")] == (None, None)
    assert mine[("all", "remit")] == (3.5, "rated in 2 of 2 reviews")
    assert mine[("all", "victim-liaison")] == (1, "rated in 1 of 2 reviews")
    assert len([s for s in stages if s.scr_ref == "SCR-2"]) == 8
    assert rows[0].stages_evaluated == "1/8"


def test_a_review_closed_before_the_period_is_left_out_and_one_closed_during_it_is_shown_R_SCR_2() -> None:
    world = World()
    review = _review(world, on=date(2025, 6, 1))
    review.publish_report("part", world.stamp(), date(2025, 9, 1))
    review.close(world.stamp(), date(2026, 5, 1))
    world.keep(review)
    _, rows = _tracked(world, date(2027, 3, 31))
    assert [(r.scr_ref, r.status, r.age_days) for r in rows[:-1]] == [("SCR-1", "closed", 334)]
    engine = projected([ScrView()], world.events)
    with engine.connect() as conn:
        assert queries.reviews(conn, None, parse_period("2027-28"), date(2028, 3, 31)) == []
        assert queries.reviews(conn, "south", YEAR, date(2027, 3, 31)) == []
