"""Significant Case Reviews (R-SCR-1, R-SCR-2): commissioned, staffed, published, followed up, then closed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.scr import Scr
from tests.unit.given import new_events, refused, some_id, stamp

S = stamp()
COMMISSIONED = date(2026, 4, 10)
D1, D2, D3 = date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)


def _scr() -> Scr:
    scr = Scr.commission(some_id("SCR-1"), S, COMMISSIONED, scr_ref="SCR-1", area="north",
                         case_reference="N-0001", remit="Review of multi-agency management before the incident")
    new_events(scr)
    return scr


def _with_recommendation() -> Scr:
    scr = _scr()
    scr.make_recommendation("R1", "Share risk information earlier", S, D1)
    scr.assign_action("R1", "A1", "police-scotland", date(2026, 9, 30), "Agree a sharing protocol", S, D1)
    new_events(scr)
    return scr


def test_an_scr_is_commissioned_with_a_remit_R_SCR_1() -> None:
    scr = Scr.commission(some_id("SCR-1"), S, COMMISSIONED, scr_ref="SCR-1", area="north", case_reference=None,
                         remit="Thematic review")
    (commissioned,) = new_events(scr)
    assert isinstance(commissioned, Scr.Commissioned)
    assert (commissioned.scr_ref, commissioned.area, commissioned.remit) == ("SCR-1", "north", "Thematic review")


def test_the_whole_review_is_recorded_and_closes_when_every_recommendation_is_closed_R_SCR_1() -> None:
    scr = _scr()
    scr.appoint_reviewer("lead-1", ["member-1", "member-2"], S, D1)
    scr.publish_report("part", S, D2)
    scr.record_finding("F1", "Information was not shared", S, D2)
    scr.make_recommendation("R1", "Share risk information earlier", S, D2)
    scr.assign_action("R1", "A1", "police-scotland", date(2026, 9, 30), "Agree a protocol", S, D2)
    scr.progress_action("A1", "Draft protocol circulated", False, S, date(2026, 6, 15))
    scr.progress_action("A1", "Protocol signed", True, S, D3)
    scr.close_recommendation("R1", "implemented", "Signed protocol of 1 July", S, D3)
    scr.close(S, D3)
    events = new_events(scr)
    assert [type(e) for e in events] == [
        Scr.ReviewerAppointed, Scr.ReportPublished, Scr.FindingRecorded, Scr.RecommendationMade, Scr.ActionAssigned,
        Scr.ActionProgressed, Scr.ActionProgressed, Scr.RecommendationClosed, Scr.Closed,
    ]
    appointed, published, _, _, assigned, _, done, closed_rec, _ = events
    assert (appointed.lead_reviewer, appointed.team) == ("lead-1", ["member-1", "member-2"])
    assert published.extent == "part"
    assert (assigned.owner, assigned.due_on, assigned.recommendation_ref) == ("police-scotland", date(2026, 9, 30),
                                                                              "R1")
    assert done.completed is True
    assert (closed_rec.outcome, closed_rec.evidence) == ("implemented", "Signed protocol of 1 July")
    assert scr.closed_on == D3


def test_an_scr_with_an_open_recommendation_cannot_close_R_SCR_1() -> None:
    scr = _with_recommendation()
    scr.make_recommendation("R2", "Train chairs", S, D1)
    scr.close_recommendation("R1", "implemented", "evidence", S, D2)
    scr.publish_report("full", S, D2)
    new_events(scr)
    error = refused(scr, lambda: scr.close(S, D3), field="scr_ref", value="SCR-1", rule="R-SCR-1")
    assert "R2" in error.message and "R1" not in error.message


def test_an_scr_without_a_published_report_cannot_close_R_SCR_1() -> None:
    scr = _scr()
    error = refused(scr, lambda: scr.close(S, D3), field="scr_ref", value="SCR-1", rule="R-SCR-1")
    assert "publish" in error.message


def test_a_report_is_published_in_part_or_in_full_only_R_SCR_1() -> None:
    scr = _scr()
    refused(scr, lambda: scr.publish_report("draft", S, D1), field="extent", value="draft", rule="R-SCR-1")


def test_a_recommendation_is_closed_only_with_evidence_R_SCR_1() -> None:
    scr = _with_recommendation()
    refused(scr, lambda: scr.close_recommendation("R1", "implemented", "  ", S, D2), field="evidence", value="  ",
            rule="R-SCR-1")


DUPLICATES: dict[str, tuple[Callable[[Scr], object], str, str]] = {
    "recommendation": (lambda s: s.make_recommendation("R1", "again", S, D2), "recommendation_ref", "R1"),
    "action": (lambda s: s.assign_action("R1", "A1", "sps", D3, "again", S, D2), "action_ref", "A1"),
}


@pytest.mark.parametrize(("command", "field", "value"), DUPLICATES.values(), ids=DUPLICATES.keys())
def test_a_reference_used_twice_in_one_review_is_refused_R_SCR_1(
    command: Callable[[Scr], object], field: str, value: str
) -> None:
    scr = _with_recommendation()
    refused(scr, lambda: command(scr), field=field, value=value, rule="R-SCR-1")


def test_a_finding_recorded_twice_is_refused_R_SCR_1() -> None:
    scr = _scr()
    scr.record_finding("F1", "first", S, D1)
    new_events(scr)
    refused(scr, lambda: scr.record_finding("F1", "second", S, D2), field="finding_ref", value="F1",
            rule="R-SCR-1")


def test_an_action_for_an_unknown_or_closed_recommendation_is_refused_R_SCR_1() -> None:
    scr = _with_recommendation()
    refused(scr, lambda: scr.assign_action("R9", "A2", "sps", D3, "t", S, D2), field="recommendation_ref",
            value="R9", rule="R-SCR-1")
    scr.close_recommendation("R1", "implemented", "evidence", S, D2)
    new_events(scr)
    refused(scr, lambda: scr.assign_action("R1", "A2", "sps", D3, "t", S, D2), field="recommendation_ref",
            value="R1", rule="R-SCR-1")
    refused(scr, lambda: scr.progress_action("A1", "late note", False, S, D3), field="recommendation_ref",
            value="R1", rule="R-SCR-1")


def test_progress_on_an_unknown_action_is_refused_R_SCR_1() -> None:
    scr = _with_recommendation()
    refused(scr, lambda: scr.progress_action("A9", "note", False, S, D2), field="action_ref", value="A9",
            rule="R-SCR-1")


def test_an_action_falling_due_before_it_is_assigned_is_refused_R_SCR_1() -> None:
    scr = _with_recommendation()
    refused(scr, lambda: scr.assign_action("R1", "A2", "sps", date(2026, 5, 31), "t", S, D2), field="due_on",
            value="2026-05-31", rule="R-SCR-1")


DATED_TOO_EARLY: dict[str, tuple[Callable[[Scr], object], str]] = {
    "before commissioning": (lambda s: s.record_finding("F2", "t", S, date(2026, 4, 1)), "2026-04-01"),
    "progress before the action": (lambda s: s.progress_action("A1", "n", False, S, date(2026, 4, 30)), "2026-04-30"),
    "closing before the recommendation": (
        lambda s: s.close_recommendation("R1", "done", "e", S, date(2026, 4, 30)), "2026-04-30"),
}


@pytest.mark.parametrize(("command", "value"), DATED_TOO_EARLY.values(), ids=DATED_TOO_EARLY.keys())
def test_a_step_dated_before_what_it_follows_is_refused_R_SCR_1(command: Callable[[Scr], object], value: str) -> None:
    scr = _with_recommendation()
    refused(scr, lambda: command(scr), field="occurred_on", value=value, rule="R-SCR-1")


def test_a_closed_scr_refuses_further_changes_but_accepts_the_sogs_evaluation_R_SCR_1_R_SCR_2() -> None:
    scr = _scr()
    scr.publish_report("full", S, D1)
    scr.close(S, D2)
    new_events(scr)
    refused(scr, lambda: scr.make_recommendation("R3", "t", S, D3), field="scr_ref", value="SCR-1", rule="R-SCR-1")
    scr.evaluate_stage("victim-liaison", 2, "Family contacted late", S, D3)
    (evaluated,) = new_events(scr)
    assert isinstance(evaluated, Scr.StageEvaluated)
    assert (evaluated.stage, evaluated.rating) == ("victim-liaison", 2)


@pytest.mark.parametrize(("stage", "rating", "field", "value"), [
    ("budget", 3, "stage", "budget"), ("remit", 0, "rating", 0), ("remit", 5, "rating", 5),
])
def test_a_stage_evaluation_names_a_known_stage_and_a_rating_from_1_to_4_R_SCR_2(
    stage: str, rating: int, field: str, value: object
) -> None:
    scr = _scr()
    refused(scr, lambda: scr.evaluate_stage(stage, rating, "c", S, D1), field=field, value=value, rule="R-SCR-2")
