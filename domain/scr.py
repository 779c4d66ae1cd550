"""Significant Case Reviews (R-SCR-1, guidance 19.22-19.23).

An SCR is commissioned with a remit, staffed, reported on, and followed up
through recommendations and their actions. It closes only when every
recommendation is closed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from domain.check import check_choice
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future


class ReviewStage(StrEnum):
    """The stages the SOG evaluates (R-SCR-2, guidance 19.23)."""

    REMIT = "remit"
    COMMISSIONING = "commissioning"
    RESOURCES = "resources"
    MANAGEMENT = "management"
    VICTIM_LIAISON = "victim-liaison"
    STAFFING = "staffing"
    REPORT_HANDLING = "report-handling"
    LEARNING = "learning"


class ReportExtent(StrEnum):
    PART = "part"
    FULL = "full"


class Scr(MappaAggregate):
    TOPIC = "mappa:Scr"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:Scr.Event"

    class Commissioned(MappaAggregate.Created, Event):
        TOPIC = "mappa:Scr.Commissioned"
        scr_ref: str
        area: str
        case_reference: str | None
        remit: str

    class ReviewerAppointed(Event):
        TOPIC = "mappa:Scr.ReviewerAppointed"
        lead_reviewer: str
        team: list[str]

        def apply(self, scr: Scr) -> None:
            scr.moved(self.occurred_on)

    class ReportPublished(Event):
        TOPIC = "mappa:Scr.ReportPublished"
        extent: str

        def apply(self, scr: Scr) -> None:
            scr.published_on = self.occurred_on
            scr.moved(self.occurred_on)

    class FindingRecorded(Event):
        TOPIC = "mappa:Scr.FindingRecorded"
        finding_ref: str
        text: str

        def apply(self, scr: Scr) -> None:
            scr.findings[self.finding_ref] = self.occurred_on
            scr.moved(self.occurred_on)

    class RecommendationMade(Event):
        TOPIC = "mappa:Scr.RecommendationMade"
        recommendation_ref: str
        text: str

        def apply(self, scr: Scr) -> None:
            scr.recommendations[self.recommendation_ref] = None
            scr.made_on[self.recommendation_ref] = self.occurred_on
            scr.moved(self.occurred_on)

    class ActionAssigned(Event):
        TOPIC = "mappa:Scr.ActionAssigned"
        recommendation_ref: str
        action_ref: str
        owner: str
        due_on: date
        text: str

        def apply(self, scr: Scr) -> None:
            scr.actions[self.action_ref] = self.recommendation_ref
            scr.action_dated[self.action_ref] = self.occurred_on
            scr.moved(self.occurred_on)

    class ActionProgressed(Event):
        TOPIC = "mappa:Scr.ActionProgressed"
        action_ref: str
        note: str
        completed: bool

        def apply(self, scr: Scr) -> None:
            scr.action_dated[self.action_ref] = max(scr.action_dated[self.action_ref], self.occurred_on)
            scr.moved(self.occurred_on)

    class RecommendationClosed(Event):
        TOPIC = "mappa:Scr.RecommendationClosed"
        recommendation_ref: str
        outcome: str
        evidence: str

        def apply(self, scr: Scr) -> None:
            scr.recommendations[self.recommendation_ref] = self.occurred_on
            scr.moved(self.occurred_on)

    class StageEvaluated(Event):
        TOPIC = "mappa:Scr.StageEvaluated"
        stage: str
        rating: int
        comment: str

    class Closed(Event):
        TOPIC = "mappa:Scr.Closed"

        def apply(self, scr: Scr) -> None:
            scr.closed_on = self.occurred_on

    def __init__(self, scr_ref: str, occurred_on: date) -> None:
        self.scr_ref = scr_ref
        self.commissioned_on = occurred_on
        self.published_on: date | None = None
        self.findings: dict[str, date] = {}
        self.recommendations: dict[str, date | None] = {}  # recommendation_ref -> closed on, None while open
        self.actions: dict[str, str] = {}  # action_ref -> recommendation_ref
        self.made_on: dict[str, date] = {}  # recommendation_ref -> the date it was made
        self.action_dated: dict[str, date] = {}  # action_ref -> the date of its latest event
        self.last_on = occurred_on  # the date of the latest event of the review's lifecycle
        self.closed_on: date | None = None

    def moved(self, on: date) -> None:
        self.last_on = max(self.last_on, on)

    @classmethod
    def commission(cls, scr_id: Any, stamp: Stamp, on: date, **details: Any) -> Scr:
        check_not_future(on, stamp)
        return cls._create(cls.Commissioned, id=scr_id, **stamp.event_fields(on), **details)

    def appoint_reviewer(self, lead_reviewer: str, team: list[str], stamp: Stamp, on: date) -> None:
        self._check_open(on)
        self.record(self.ReviewerAppointed, stamp, on, lead_reviewer=lead_reviewer, team=list(team))

    def publish_report(self, extent: str, stamp: Stamp, on: date) -> None:
        self._check_open(on)
        check_choice(ReportExtent, extent, "extent", "R-SCR-1")
        self.record(self.ReportPublished, stamp, on, extent=extent)

    def record_finding(self, finding_ref: str, text: str, stamp: Stamp, on: date) -> None:
        self._check_open(on)
        if finding_ref in self.findings:
            raise LifecycleError(
                f"SCR {self.scr_ref} already has finding {finding_ref}",
                field="finding_ref", value=finding_ref, rule="R-SCR-1",
            )
        self.record(self.FindingRecorded, stamp, on, finding_ref=finding_ref, text=text)

    def make_recommendation(self, recommendation_ref: str, text: str, stamp: Stamp, on: date) -> None:
        self._check_open(on)
        if recommendation_ref in self.recommendations:
            raise LifecycleError(
                f"SCR {self.scr_ref} already has recommendation {recommendation_ref}",
                field="recommendation_ref", value=recommendation_ref, rule="R-SCR-1",
            )
        self.record(self.RecommendationMade, stamp, on, recommendation_ref=recommendation_ref, text=text)

    def assign_action(self, recommendation_ref: str, action_ref: str, owner: str, due_on: date, text: str,
                      stamp: Stamp, on: date) -> None:
        self._check_recommendation_open(recommendation_ref, on)
        if action_ref in self.actions:
            raise LifecycleError(
                f"SCR {self.scr_ref} already has action {action_ref}",
                field="action_ref", value=action_ref, rule="R-SCR-1",
            )
        if due_on < on:
            raise LifecycleError(
                f"action {action_ref} cannot fall due before it is assigned ({on.isoformat()})",
                field="due_on", value=due_on.isoformat(), rule="R-SCR-1",
            )
        self.record(self.ActionAssigned, stamp, on, recommendation_ref=recommendation_ref,
                    action_ref=action_ref, owner=owner, due_on=due_on, text=text)

    def progress_action(self, action_ref: str, note: str, completed: bool, stamp: Stamp, on: date) -> None:
        if action_ref not in self.actions:
            raise LifecycleError(
                f"SCR {self.scr_ref} has no action {action_ref}", field="action_ref", value=action_ref, rule="R-SCR-1"
            )
        self._check_recommendation_open(self.actions[action_ref], on)
        self._check_not_before(on, self.action_dated[action_ref], f"the latest event of action {action_ref}")
        self.record(self.ActionProgressed, stamp, on, action_ref=action_ref, note=note, completed=completed)

    def close_recommendation(self, recommendation_ref: str, outcome: str, evidence: str,
                             stamp: Stamp, on: date) -> None:
        self._check_recommendation_open(recommendation_ref, on)
        if not evidence.strip():
            raise LifecycleError(
                "a recommendation is closed with evidence of its outcome",
                field="evidence", value=evidence, rule="R-SCR-1",
            )
        self.record(self.RecommendationClosed, stamp, on, recommendation_ref=recommendation_ref,
                    outcome=outcome, evidence=evidence)

    def evaluate_stage(self, stage: str, rating: int, comment: str, stamp: Stamp, on: date) -> None:
        check_choice(ReviewStage, stage, "stage", "R-SCR-2")
        if rating not in range(1, 5):
            raise LifecycleError("a stage is rated from 1 (poor) to 4 (good)", field="rating", value=rating,
                                 rule="R-SCR-2")
        self._check_not_before_commission(on)
        self.record(self.StageEvaluated, stamp, on, stage=stage, rating=rating, comment=comment)

    def close(self, stamp: Stamp, on: date) -> None:
        """R-SCR-1: the SCR closes only when its report is published and every recommendation is closed."""
        self._check_open(on)
        self._check_not_before(on, self.last_on, "its latest recorded event")
        if self.published_on is None:
            raise LifecycleError(
                f"SCR {self.scr_ref} has no published report; publish it (in part or in full) before closing",
                field="scr_ref", value=self.scr_ref, rule="R-SCR-1",
            )
        still_open = sorted(ref for ref, closed_on in self.recommendations.items() if closed_on is None)
        if still_open:
            raise LifecycleError(
                f"SCR {self.scr_ref} still has open recommendations: {', '.join(still_open)}",
                field="scr_ref", value=self.scr_ref, rule="R-SCR-1",
            )
        self.record(self.Closed, stamp, on)

    def _check_open(self, on: date) -> None:
        if self.closed_on is not None:
            raise LifecycleError(
                f"SCR {self.scr_ref} closed on {self.closed_on.isoformat()}",
                field="scr_ref", value=self.scr_ref, rule="R-SCR-1",
            )
        self._check_not_before_commission(on)

    def _check_not_before_commission(self, on: date) -> None:
        self._check_not_before(on, self.commissioned_on, "its commissioning")

    def _check_not_before(self, on: date, earliest: date, what: str) -> None:
        if on < earliest:
            raise LifecycleError(
                f"SCR {self.scr_ref}: {on.isoformat()} is before {what} ({earliest.isoformat()})",
                field="occurred_on", value=on.isoformat(), rule="R-SCR-1",
            )

    def _check_recommendation_open(self, recommendation_ref: str, on: date) -> None:
        self._check_open(on)
        if recommendation_ref not in self.recommendations:
            raise LifecycleError(
                f"SCR {self.scr_ref} has no recommendation {recommendation_ref}",
                field="recommendation_ref", value=recommendation_ref, rule="R-SCR-1",
            )
        self._check_not_before(on, self.made_on[recommendation_ref], f"recommendation {recommendation_ref} was made")
        if self.recommendations[recommendation_ref] is not None:
            raise LifecycleError(
                f"recommendation {recommendation_ref} of SCR {self.scr_ref} is already closed",
                field="recommendation_ref", value=recommendation_ref, rule="R-SCR-1",
            )
