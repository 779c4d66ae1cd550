"""The SOG's Significant Case Review tracker (R-SCR-2), as of a date.

Per review and across reviews: recommendations open and closed, overdue
actions, age, and the SOG's evaluation of each stage. An action is overdue when
its due date is before the as-of date, no progress marked it completed on or
before that date, and its recommendation was still open. Pure: works on the
rows of ``pv_scr`` and ``pv_scr_fact``; only facts dated on or before the
as-of date count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from statistics import mean
from typing import Any, NamedTuple

from domain.scr import ReviewStage

STAGES = tuple(stage.value for stage in ReviewStage)


@dataclass(frozen=True, slots=True)
class Action:
    """An action assigned under a recommendation, and when progress first marked it completed."""

    recommendation_ref: str
    owner: str
    due_on: date
    completed_on: date | None = None


@dataclass(frozen=True, slots=True)
class StageRating:
    """The SOG's latest evaluation of one stage of a review."""

    rating: int
    comment: str | None
    evaluated_on: date


class OverdueAction(NamedTuple):
    scr_ref: str
    area: str
    action_ref: str
    recommendation_ref: str
    owner: str
    due_on: date
    completed_on: date | None
    days_overdue: int


class ScrRow(NamedTuple):
    """One review in the tracker; the row across them all (``scr_ref`` "all") leaves the per-review fields None."""

    scr_ref: str
    area: str | None
    case_reference: str | None
    status: str
    commissioned_on: date | None = None
    published_on: date | None = None
    extent: str | None = None
    closed_on: date | None = None
    age_days: int | None = None
    days_since_published: int | None = None
    recommendations_open: int = 0
    recommendations_closed: int = 0
    actions: int = 0
    actions_completed: int = 0
    actions_overdue: int = 0
    stages_evaluated: str | None = None
    mean_rating: float | None = None


class StageEvaluation(NamedTuple):
    scr_ref: str
    stage: str
    rating: float | None
    comment: str | None
    evaluated_on: date | None


@dataclass
class Review:
    """One SCR folded from its facts up to the as-of date."""

    scr_ref: str
    area: str
    case_reference: str | None
    commissioned_on: date
    published_on: date | None = None
    extent: str | None = None
    closed_on: date | None = None
    recommendations: dict[str, date | None] = field(default_factory=dict)  # ref -> closed on
    actions: dict[str, Action] = field(default_factory=dict)  # action ref -> action
    stages: dict[str, StageRating] = field(default_factory=dict)  # stage -> latest evaluation

    def overdue_actions(self, as_of: date) -> list[OverdueAction]:
        return [
            OverdueAction(self.scr_ref, self.area, ref, action.recommendation_ref, action.owner, action.due_on,
                          action.completed_on, (as_of - action.due_on).days)
            for ref, action in sorted(self.actions.items())
            if action.due_on < as_of and action.completed_on is None
            and self.recommendations.get(action.recommendation_ref) is None
        ]


def fold_reviews(reviews: Iterable[Mapping[str, Any]], facts: Iterable[Mapping[str, Any]],
                 as_of: date) -> list[Review]:
    """Each review commissioned on or before ``as_of``, with its facts up to that date (business-date order)."""
    folded = {
        row["scr_id"]: Review(row["scr_ref"], row["area"], row["case_reference"], row["commissioned_on"])
        for row in reviews if row["commissioned_on"] <= as_of
    }
    for fact in sorted(facts, key=lambda f: (f["occurred_on"], f["position"])):
        review = folded.get(fact["scr_id"])
        if review is not None and fact["occurred_on"] <= as_of:
            _apply(review, fact)
    return sorted(folded.values(), key=lambda r: (r.commissioned_on, r.scr_ref))


def _apply(review: Review, fact: Mapping[str, Any]) -> None:
    kind, on = fact["kind"], fact["occurred_on"]
    if kind == "report-published":
        review.published_on, review.extent = review.published_on or on, fact["value"]
    elif kind == "recommendation-made":
        review.recommendations[fact["ref"]] = None
    elif kind == "recommendation-closed":
        review.recommendations[fact["ref"]] = on
    elif kind == "action-assigned":
        review.actions[fact["ref"]] = Action(fact["parent_ref"], fact["owner"], fact["due_on"])
    elif kind == "action-progressed" and fact["completed"] and fact["ref"] in review.actions:
        action = review.actions[fact["ref"]]
        review.actions[fact["ref"]] = replace(action, completed_on=action.completed_on or on)
    elif kind == "stage-evaluated":
        review.stages[fact["value"]] = StageRating(fact["rating"], fact["comment"], on)
    elif kind == "closed":
        review.closed_on = on


def tracker(reviews: Sequence[Review], as_of: date) -> list[ScrRow]:
    """One row per review, then one row across them all (``scr_ref`` "all")."""
    rows = [_review_row(review, as_of) for review in reviews]
    return [*rows, _across(rows)] if rows else rows


def _review_row(review: Review, as_of: date) -> ScrRow:
    open_recommendations = sum(1 for closed in review.recommendations.values() if closed is None)
    ratings = [stage.rating for stage in review.stages.values()]
    return ScrRow(
        scr_ref=review.scr_ref, area=review.area, case_reference=review.case_reference,
        status="closed" if review.closed_on else ("published" if review.published_on else "in review"),
        commissioned_on=review.commissioned_on, published_on=review.published_on, extent=review.extent,
        closed_on=review.closed_on,
        age_days=((review.closed_on or as_of) - review.commissioned_on).days,
        days_since_published=(as_of - review.published_on).days if review.published_on else None,
        recommendations_open=open_recommendations,
        recommendations_closed=len(review.recommendations) - open_recommendations,
        actions=len(review.actions),
        actions_completed=sum(1 for a in review.actions.values() if a.completed_on is not None),
        actions_overdue=len(review.overdue_actions(as_of)),
        stages_evaluated=f"{len(review.stages)}/{len(STAGES)}",
        mean_rating=round(mean(ratings), 2) if ratings else None,
    )


def _across(rows: list[ScrRow]) -> ScrRow:
    still_open = [row for row in rows if row.status != "closed"]
    return ScrRow(
        scr_ref="all", area=None, case_reference=None, status=f"{len(still_open)} of {len(rows)} open",
        age_days=max((row.age_days for row in still_open if row.age_days is not None), default=None),  # the oldest
        recommendations_open=sum(row.recommendations_open for row in rows),
        recommendations_closed=sum(row.recommendations_closed for row in rows),
        actions=sum(row.actions for row in rows), actions_completed=sum(row.actions_completed for row in rows),
        actions_overdue=sum(row.actions_overdue for row in rows),
    )


def overdue_actions(reviews: Sequence[Review], as_of: date) -> list[OverdueAction]:
    """Every overdue action across the reviews, most overdue first."""
    found = [action for review in reviews for action in review.overdue_actions(as_of)]
    return sorted(found, key=lambda a: (-a.days_overdue, a.scr_ref, a.action_ref))


def stage_evaluations(reviews: Sequence[Review]) -> list[StageEvaluation]:
    """Per review, each of the eight stages of guidance 19.23 with its latest rating and comment (or none yet);
    then per stage across the reviews, the mean rating and how many reviews rated it."""
    rows = [_stage_row(review, stage) for review in reviews for stage in STAGES]
    for stage in STAGES:
        ratings = [review.stages[stage].rating for review in reviews if stage in review.stages]
        rows.append(StageEvaluation("all", stage, round(mean(ratings), 2) if ratings else None,
                                    f"rated in {len(ratings)} of {len(reviews)} reviews", None))
    return rows



def _stage_row(review: Review, stage: str) -> StageEvaluation:
    found = review.stages.get(stage)
    if found is None:
        return StageEvaluation(review.scr_ref, stage, None, None, None)
    return StageEvaluation(review.scr_ref, stage, found.rating, found.comment, found.evaluated_on)
