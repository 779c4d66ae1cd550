"""The case's rules (R-CASE-1, R-CASE-2, R-CASE-3): given a case, a command records these events or is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.case import Case
from domain.errors import DomainError
from tests.unit.given import REFERRED_ON, new_events, referred_case, refused, some_id, stamp

S = stamp()
APR_20, MAY_1, MAY_15, JUN_1 = date(2026, 4, 20), date(2026, 5, 1), date(2026, 5, 15), date(2026, 6, 1)


def _refer(**overrides: object) -> Case:
    details: dict[str, object] = {
        "reference": "N-0009", "area": "north", "category": 3, "level": 2, "referring_agency": "social-work",
        "in_custody": True, "expected_release_on": date(2026, 12, 1), "age_band": "31-40", "gender": "male",
        "ethnicity": None,
    }
    details.update(overrides)
    return Case.refer(some_id("N-0009"), S, REFERRED_ON, **details)


# ---- R-CASE-1: one individual, one area, a category and a level -----------------------------------------------


def test_a_referral_records_the_case_reference_area_category_level_agency_and_custody_R_CASE_1() -> None:
    (referred,) = new_events(_refer())
    assert isinstance(referred, Case.Referred)
    assert (referred.reference, referred.area, referred.category, referred.level) == ("N-0009", "north", 3, 2)
    assert (referred.referring_agency, referred.in_custody) == ("social-work", True)
    assert referred.expected_release_on == date(2026, 12, 1)
    assert (referred.occurred_on, referred.recorded_by, referred.command_id) == (REFERRED_ON, "coord-1", "cmd-1")


@pytest.mark.parametrize("category", [0, 4])
def test_a_category_outside_1_to_3_is_refused_R_CASE_1(category: int) -> None:
    with pytest.raises(DomainError) as caught:
        _refer(category=category)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("category", category, "R-CASE-1")


@pytest.mark.parametrize("level", [0, 4])
def test_a_referral_at_a_level_outside_1_to_3_is_refused_R_CASE_3(level: int) -> None:
    with pytest.raises(DomainError) as caught:
        _refer(level=level)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("level", level, "R-CASE-3")


def test_an_expected_release_date_is_refused_for_a_case_referred_in_the_community_R_CASE_2() -> None:
    with pytest.raises(DomainError) as caught:
        _refer(in_custody=False)
    assert (caught.value.field, caught.value.rule) == ("expected_release_on", "R-CASE-2")


def test_a_referral_dated_after_today_is_refused_R_CAL_1() -> None:
    with pytest.raises(DomainError) as caught:
        Case.refer(some_id("x"), stamp(today=date(2026, 3, 31)), REFERRED_ON, reference="x")
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("occurred_on", "2026-04-01", "R-CAL-1")


# ---- R-CASE-2: the lifecycle events -------------------------------------------------------------------------


def test_a_level_change_records_the_new_and_previous_level_R_CASE_2() -> None:
    case = referred_case(level=2)
    case.change_level(3, S, MAY_1)
    (changed,) = new_events(case)
    assert isinstance(changed, Case.LevelChanged)
    assert (changed.level, changed.previous_level, changed.occurred_on) == (3, 2, MAY_1)
    assert (case.level_on(APR_20), case.level_on(MAY_1)) == (2, 3)


def test_a_release_date_is_set_then_changed_keeping_the_previous_date_R_CASE_2() -> None:
    case = referred_case(in_custody=True, expected_release_on=date(2026, 9, 1))
    case.set_release_date(date(2026, 10, 1), S, MAY_1)
    (event,) = new_events(case)
    assert isinstance(event, Case.ReleaseDateSet)
    assert (event.release_on, event.previous_release_on) == (date(2026, 10, 1), date(2026, 9, 1))


def test_a_first_release_date_is_set_for_a_case_in_custody_without_one_R_CASE_2() -> None:
    case = referred_case(in_custody=True)
    case.set_release_date(date(2026, 10, 1), S, MAY_1)
    (event,) = new_events(case)
    assert isinstance(event, Case.ReleaseDateSet)
    assert (event.release_on, event.previous_release_on, event.occurred_on) == (date(2026, 10, 1), None, MAY_1)
    assert case.expected_release_on == date(2026, 10, 1)


def test_a_release_puts_the_case_in_the_community_R_CASE_2() -> None:
    case = referred_case(in_custody=True)
    case.release(S, MAY_1)
    assert [type(e) for e in new_events(case)] == [Case.Released]
    assert (case.in_custody, case.expected_release_on) == (False, None)


@pytest.mark.parametrize(("to_prison", "in_custody_after"), [(True, True), (False, False)])
def test_a_recall_records_the_breach_and_only_a_recall_to_prison_puts_the_case_in_custody_R_CASE_2(
    to_prison: bool, in_custody_after: bool
) -> None:
    case = referred_case(in_custody=False)
    case.recall("licence", to_prison, S, MAY_1)
    (recalled,) = new_events(case)
    assert isinstance(recalled, Case.Recalled)
    assert (recalled.breach, recalled.recalled_to_prison) == ("licence", to_prison)
    assert case.in_custody is in_custody_after


def test_wanted_or_missing_is_declared_and_later_located_R_CASE_2() -> None:
    case = referred_case()
    case.declare_missing("wanted", S, MAY_1)
    case.locate(S, MAY_15)
    declared, located = new_events(case)
    assert isinstance(declared, Case.WantedOrMissingDeclared) and declared.status == "wanted"
    assert isinstance(located, Case.Located) and located.occurred_on == MAY_15
    assert case.missing is None


def test_a_further_offence_records_whether_sexual_or_violent_and_charged_or_convicted_R_CASE_2() -> None:
    case = referred_case()
    case.record_further_offence("violent", "charged", S, MAY_1)
    (event,) = new_events(case)
    assert isinstance(event, Case.FurtherOffenceRecorded)
    assert (event.offence, event.stage) == ("violent", "charged")


def test_a_preventative_order_is_applied_for_granted_and_breached_R_CASE_2() -> None:
    case = referred_case()
    case.apply_for_order("O-1", "SHPO", "civil", S, APR_20)
    case.decide_order("O-1", True, S, MAY_1)
    case.breach_order("O-1", S, MAY_15)
    applied, granted, breached = new_events(case)
    assert isinstance(applied, Case.OrderApplied)
    assert (applied.order_ref, applied.order_type, applied.route) == ("O-1", "SHPO", "civil")
    assert isinstance(granted, Case.OrderGranted) and granted.order_ref == "O-1"
    assert isinstance(breached, Case.OrderBreached) and breached.occurred_on == MAY_15


def test_a_preventative_order_is_applied_for_by_the_criminal_route_R_CASE_2() -> None:
    case = referred_case()
    case.apply_for_order("O-1", "SHPO", "criminal", S, APR_20)
    (applied,) = new_events(case)
    assert isinstance(applied, Case.OrderApplied) and applied.route == "criminal"
    assert case.orders == {"O-1": "applied"}


def test_a_preventative_order_can_be_refused_or_made_at_conviction_R_CASE_2() -> None:
    case = referred_case()
    case.apply_for_order("O-1", "SHPO", "civil", S, APR_20)
    case.decide_order("O-1", False, S, MAY_1)
    case.make_order_at_conviction("O-2", "SHPO", S, MAY_1)
    _, refused_order, made = new_events(case)
    assert isinstance(refused_order, Case.OrderRefused) and refused_order.order_ref == "O-1"
    assert isinstance(made, Case.OrderMadeAtConviction) and made.order_type == "SHPO"
    assert case.orders == {"O-1": "refused", "O-2": "granted"}


def test_a_case_is_archived_and_reopened_at_a_level_R_CASE_2() -> None:
    case = referred_case(level=2)
    case.archive("left MAPPA: notification period ended", S, MAY_1)
    case.reopen(3, True, S, JUN_1)
    archived, reopened = new_events(case)
    assert isinstance(archived, Case.Archived) and archived.reason.startswith("left MAPPA")
    assert isinstance(reopened, Case.Reopened) and (reopened.level, reopened.in_custody) == (3, True)
    assert case.was_archived_on(MAY_15) and not case.was_archived_on(JUN_1)
    assert case.level_on(JUN_1) == 3


# ---- R-CASE-3: commands that break the lifecycle are refused and change nothing -------------------------------

ON_ANY_CASE: dict[str, Callable[[Case], object]] = {
    "change_level": lambda c: c.change_level(3, S, JUN_1),
    "recall": lambda c: c.recall("licence", True, S, JUN_1),
    "declare_missing": lambda c: c.declare_missing("missing", S, JUN_1),
    "further_offence": lambda c: c.record_further_offence("sexual", "convicted", S, JUN_1),
    "apply_for_order": lambda c: c.apply_for_order("O-9", "SHPO", "civil", S, JUN_1),
    "archive": lambda c: c.archive("again", S, JUN_1),
}


@pytest.mark.parametrize("command", ON_ANY_CASE.values(), ids=ON_ANY_CASE.keys())
def test_an_archived_case_refuses_lifecycle_commands_until_reopened_R_CASE_3(command: Callable[[Case], object]) -> None:
    case = referred_case()
    case.archive("left MAPPA", S, MAY_1)
    new_events(case)
    error = refused(case, lambda: command(case), field="case_reference", value="N-0001", rule="R-CASE-3")
    assert "re-open" in error.message


@pytest.mark.parametrize("command", ON_ANY_CASE.values(), ids=ON_ANY_CASE.keys())
def test_a_command_dated_before_the_referral_is_refused_R_CASE_3(command: Callable[[Case], object]) -> None:
    case = referred_case(on=date(2026, 7, 1))
    refused(case, lambda: command(case), field="occurred_on", value="2026-06-01", rule="R-CASE-3")


def test_a_release_of_a_case_already_in_the_community_is_refused_R_CASE_3() -> None:
    case = referred_case(in_custody=False)
    refused(case, lambda: case.release(S, MAY_1), field="occurred_on", value="2026-05-01", rule="R-CASE-3")


def test_a_release_date_for_a_case_in_the_community_is_refused_R_CASE_3() -> None:
    case = referred_case(in_custody=False)
    refused(case, lambda: case.set_release_date(JUN_1, S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")


def test_a_recall_of_a_case_already_in_custody_is_refused_R_CASE_3() -> None:
    case = referred_case(in_custody=True)
    refused(case, lambda: case.recall("order", True, S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")


@pytest.mark.parametrize("level", [0, 4, -1])
def test_a_level_change_outside_1_to_3_is_refused_R_CASE_3(level: int) -> None:
    case = referred_case()
    refused(case, lambda: case.change_level(level, S, MAY_1), field="level", value=level, rule="R-CASE-3")


def test_a_level_change_to_the_current_level_is_refused_R_CASE_3() -> None:
    case = referred_case(level=2)
    refused(case, lambda: case.change_level(2, S, MAY_1), field="level", value=2, rule="R-CASE-3")


def test_located_is_refused_for_someone_not_wanted_or_missing_R_CASE_3() -> None:
    case = referred_case()
    refused(case, lambda: case.locate(S, MAY_1), field="occurred_on", value="2026-05-01", rule="R-CASE-3")


def test_a_second_declaration_while_still_missing_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.declare_missing("missing", S, MAY_1)
    new_events(case)
    refused(case, lambda: case.declare_missing("wanted", S, MAY_15), field="status", value="wanted",
            rule="R-CASE-3")


def test_a_court_decision_on_an_order_never_applied_for_is_refused_R_CASE_3() -> None:
    case = referred_case()
    refused(case, lambda: case.decide_order("O-1", True, S, MAY_1), field="order_ref", value="O-1",
            rule="R-CASE-3")


def test_a_breach_of_an_order_not_in_force_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.apply_for_order("O-1", "SHPO", "civil", S, APR_20)
    new_events(case)
    refused(case, lambda: case.breach_order("O-1", S, MAY_1), field="order_ref", value="O-1", rule="R-CASE-3")


def test_an_order_reference_used_twice_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.apply_for_order("O-1", "SHPO", "civil", S, APR_20)
    new_events(case)
    refused(case, lambda: case.make_order_at_conviction("O-1", "SHPO", S, MAY_1), field="order_ref",
            value="O-1", rule="R-CASE-3")


def test_reopening_a_case_that_is_open_is_refused_R_CASE_3() -> None:
    case = referred_case()
    refused(case, lambda: case.reopen(2, False, S, MAY_1), field="case_reference", value="N-0001",
            rule="R-CASE-3")


def test_reopening_before_the_archive_date_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.archive("left MAPPA", S, MAY_15)
    new_events(case)
    refused(case, lambda: case.reopen(2, False, S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")


VOCABULARY: dict[str, tuple[Callable[[Case], object], str, str]] = {
    "breach": (lambda c: c.recall("parole", True, S, MAY_1), "breach", "parole"),
    "status": (lambda c: c.declare_missing("absconded", S, MAY_1), "status", "absconded"),
    "offence": (lambda c: c.record_further_offence("theft", "charged", S, MAY_1), "offence", "theft"),
    "stage": (lambda c: c.record_further_offence("sexual", "suspected", S, MAY_1), "stage", "suspected"),
    "route": (lambda c: c.apply_for_order("O-1", "SHPO", "interim", S, MAY_1), "route", "interim"),
}


@pytest.mark.parametrize(("command", "field", "value"), VOCABULARY.values(), ids=VOCABULARY.keys())
def test_a_value_outside_the_fixed_vocabulary_is_refused_naming_the_field_R_CASE_2(
    command: Callable[[Case], object], field: str, value: str
) -> None:
    case = referred_case()
    error = refused(case, lambda: command(case), field=field, value=value, rule="R-CASE-2")
    assert "must be one of" in error.message


# ---- R-CASE-3: each timeline stays in date order (a late record may not go behind the latest change) ----------


def test_a_level_change_dated_before_the_latest_level_change_is_refused_R_CASE_3() -> None:
    case = referred_case(level=2)
    case.change_level(3, S, MAY_15)
    new_events(case)
    refused(case, lambda: case.change_level(1, S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")


def test_a_late_level_change_after_the_latest_one_is_accepted_R_CASE_3() -> None:
    case = referred_case(level=2)
    case.record_further_offence("violent", "charged", S, MAY_15)
    case.change_level(3, S, APR_20)  # recorded in November, dated April: after the latest change of level
    assert [type(e) for e in new_events(case)] == [Case.FurtherOffenceRecorded, Case.LevelChanged]
    assert case.level_on(APR_20) == 3


def test_a_recall_dated_before_the_release_is_refused_R_CASE_3() -> None:
    case = referred_case(in_custody=True)
    case.release(S, MAY_15)
    new_events(case)
    refused(case, lambda: case.recall("licence", True, S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")


def test_located_dated_before_the_declaration_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.declare_missing("missing", S, MAY_15)
    new_events(case)
    refused(case, lambda: case.locate(S, MAY_1), field="occurred_on", value="2026-05-01", rule="R-CASE-3")


def test_a_court_decision_dated_before_the_application_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.apply_for_order("O-1", "SHPO", "civil", S, MAY_15)
    new_events(case)
    refused(case, lambda: case.decide_order("O-1", True, S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")


def test_a_breach_dated_before_the_grant_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.make_order_at_conviction("O-1", "SHPO", S, MAY_15)
    new_events(case)
    refused(case, lambda: case.breach_order("O-1", S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")


def test_an_archive_dated_before_the_latest_recorded_event_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.record_further_offence("sexual", "convicted", S, MAY_15)
    new_events(case)
    refused(case, lambda: case.archive("left MAPPA", S, MAY_1), field="occurred_on", value="2026-05-01",
            rule="R-CASE-3")
