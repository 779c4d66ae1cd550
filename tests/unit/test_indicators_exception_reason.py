"""The reason recorded against an indicator exception (R-PI-EXC): the aggregate's own checks."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import LifecycleError
from domain.exception_reason import ExceptionReason
from tests.unit.given import new_events, refused, some_id, stamp

KEY = "R-PI-1:N-0001:2026-05-13"


def explained(**overrides: object) -> ExceptionReason:
    details: dict[str, object] = {
        "indicator": "R-PI-1", "exception_key": KEY, "area": "north", "case_reference": "N-0001",
        "category": "chair-unavailable", "agency": None, "text": "synthetic text",
    }
    details.update(overrides)
    return ExceptionReason.explain(some_id(KEY), stamp("reason-1"), date(2026, 6, 1), **details)  # type: ignore[arg-type]


def test_a_reason_records_indicator_key_category_agency_and_text_R_PI_EXC() -> None:
    reason = explained(category="agency-unavailable", agency="housing")
    [event] = new_events(reason)
    assert isinstance(event, ExceptionReason.ReasonRecorded)
    assert (event.indicator, event.exception_key, event.category, event.agency, event.occurred_on) == (
        "R-PI-1", KEY, "agency-unavailable", "housing", date(2026, 6, 1))


def test_a_reason_can_be_revised_and_the_revision_replaces_it_R_PI_EXC() -> None:
    reason = explained()
    new_events(reason)
    reason.revise(stamp("reason-2"), date(2026, 6, 3), category="other", agency=None, text="more detail")
    [event] = new_events(reason)
    assert isinstance(event, ExceptionReason.ReasonRevised)
    assert (reason.category, reason.text) == ("other", "more detail")


@pytest.mark.parametrize(("field", "value"), [("category", "bad-luck"), ("indicator", "R-PI-11")])
def test_an_unknown_category_or_indicator_is_refused_R_PI_EXC(field: str, value: str) -> None:
    with pytest.raises(LifecycleError) as caught:
        explained(**{field: value})
    assert (caught.value.field, caught.value.value, caught.value.rule) == (field, value, "R-PI-EXC")


def test_a_key_of_another_indicator_is_refused_R_PI_EXC() -> None:
    with pytest.raises(LifecycleError) as caught:
        explained(indicator="R-PI-2")
    assert (caught.value.field, caught.value.value) == ("exception_key", KEY)


def test_a_revision_dated_before_the_reason_it_revises_is_refused_R_PI_EXC() -> None:
    reason = explained()
    new_events(reason)
    refused(reason, lambda: reason.revise(stamp("reason-2"), date(2026, 5, 31), category="other", agency=None,
                                          text="x"),
            field="occurred_on", value="2026-05-31", rule="R-PI-EXC")


def test_a_reason_dated_in_the_future_is_refused_R_CAL_1() -> None:
    with pytest.raises(Exception) as caught:
        ExceptionReason.explain(some_id(KEY), stamp("reason-1", today=date(2026, 6, 1)), date(2026, 6, 2),
                                indicator="R-PI-1", exception_key=KEY, area="north", case_reference="N-0001",
                                category="other", agency=None, text="x")
    assert getattr(caught.value, "rule", None) == "R-CAL-1"
