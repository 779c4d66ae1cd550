"""Audits (R-AUD-1): each audit records the items its kind requires (guidance 19.19, 19.20, 19.21)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.audit import REQUIRED_ITEMS, Audit
from domain.errors import DomainError
from tests.unit.given import new_events, some_id, stamp

S = stamp()
ON = date(2026, 10, 15)


def _answers(kind: str) -> dict[str, str]:
    return {item: f"answer about {item}" for item in REQUIRED_ITEMS[kind]}


def _complete(kind: str = "case", **overrides: Any) -> Audit:
    details: dict[str, Any] = {
        "audit_ref": "AUD-1", "kind": kind, "area": "north", "case_reference": "N-0001", "meeting_ref": None,
        "findings": _answers(kind) if kind in REQUIRED_ITEMS else {},
    }
    details.update(overrides)
    return Audit.complete(some_id("AUD-1"), S, ON, **details)


def _error(**overrides: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        _complete(**overrides)
    return caught.value


def test_a_level_2_3_case_audit_records_every_item_of_19_19_and_the_sample_it_was_drawn_in_R_AUD_1() -> None:
    (completed,) = new_events(_complete(sample_ref="north-2026-27"))
    assert isinstance(completed, Audit.Completed)
    assert set(completed.findings) == {
        "referral_and_minutes_reviewed", "all_agencies_present", "rmp_quality", "actions_completed_timely",
        "effective_practice", "improvements", "feedback_route",
    }
    assert (completed.kind, completed.case_reference, completed.sample_ref) == ("case", "N-0001", "north-2026-27")


@pytest.mark.parametrize("kind", ["case", "meeting", "level1"])
def test_an_audit_missing_a_required_item_is_refused_naming_it_R_AUD_1(kind: str) -> None:
    findings = _answers(kind)
    dropped = REQUIRED_ITEMS[kind][-1]
    findings[dropped] = "   "
    error = _error(kind=kind, findings=findings, meeting_ref="M-1")
    assert (error.field, error.value, error.rule) == ("findings", dropped, "R-AUD-1")


def test_an_item_not_on_the_audit_form_is_refused_R_AUD_1() -> None:
    error = _error(findings={**_answers("case"), "rmp_qualty": "typo"})
    assert (error.field, error.value, error.rule) == ("findings", "rmp_qualty", "R-AUD-1")


@pytest.mark.parametrize(("kind", "field"), [("case", "case_reference"), ("level1", "case_reference"),
                                             ("meeting", "meeting_ref")])
def test_an_audit_names_the_case_or_meeting_it_audited_R_AUD_1(kind: str, field: str) -> None:
    error = _error(kind=kind, findings=_answers(kind), case_reference=None, meeting_ref=None)
    assert (error.field, error.value, error.rule) == (field, None, "R-AUD-1")


def test_a_meeting_audit_of_the_chair_records_the_items_of_19_20_R_AUD_1() -> None:
    (completed,) = new_events(_complete("meeting", case_reference=None, meeting_ref="M-1"))
    assert set(completed.findings) == {"chair_performance", "conduct_of_meeting", "feedback_given"}
    assert (completed.meeting_ref, completed.sample_ref) == ("M-1", None)


def test_an_unknown_kind_of_audit_is_refused_R_AUD_1() -> None:
    error = _error(kind="annual")
    assert (error.field, error.value, error.rule) == ("kind", "annual", "R-AUD-1")
