"""The SOG statistics (RULES §5, guidance 19.14), computed from case events fed straight into the views."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from domain.calendar import parse_period
from projections.registers import queries
from projections.registers.stats import StatRow
from projections.views.case import CaseRegisterView
from projections.views.stats import CaseStatFactsView
from tests.unit.registers_given import World, projected

Q1 = parse_period("2026-27-Q1")  # 1 April to 30 June 2026
AS_OF = date(2027, 6, 30)


def _stats(world: World, period: Any = Q1, *, batch_size: int = 500, by: str | None = None,
           known_at: datetime | None = None, area: str | None = None) -> list[dict[str, Any]]:
    engine = projected([CaseRegisterView(), CaseStatFactsView()], world.events, batch_size)
    with engine.connect() as conn:
        return queries.statistics(conn, area, period, AS_OF, by=by, known_at=known_at)


def _figure(rows: list[StatRow], measure: str, *, category: str = "all", detail: str = "all",
            column: str = "total", group: str | None = None) -> Any:
    (row,) = [r for r in rows if r.measure == measure and r.category == category and r.detail == detail
              and r.group == group]
    return getattr(row, column)


def test_individuals_at_the_period_end_are_counted_by_category_level_and_community_RULES_5() -> None:
    world = World()
    world.refer("A-1", date(2026, 4, 2), category=1, level=1)
    world.refer("A-2", date(2026, 4, 2), category=1, level=2, in_custody=True)
    world.refer("A-3", date(2026, 4, 3), category=3, level=2)
    world.refer("A-4", date(2026, 4, 3), category=3, level=1)
    world.refer("A-5", date(2026, 4, 4), category=3, level=3)
    world.on_case("A-5", "archive", "left MAPPA", on=date(2026, 6, 1))
    world.refer("A-6", date(2026, 7, 1), category=1, level=1)  # after the period
    rows = _stats(world)
    assert _figure(rows, "subject") == 4
    assert _figure(rows, "subject", category="1", column="level_2") == 1
    assert _figure(rows, "community") == 3
    assert _figure(rows, "community", category="1") == 1
    assert _figure(rows, "cat1-community", category="1") == 1
    assert _figure(rows, "cat3-l23-community", category="3") == 1
    assert _figure(rows, "cat3-l23-community", category="3", column="level_1") is None


def test_new_reopened_and_archived_cases_count_at_their_level_on_the_day_RULES_5() -> None:
    world = World()
    world.refer("B-1", date(2026, 3, 20), level=2)  # before the period: not new
    world.refer("B-2", date(2026, 4, 10), level=3, in_custody=True)
    world.refer("B-3", date(2026, 4, 11), level=1)
    world.on_case("B-1", "change_level", 3, on=date(2026, 5, 1))
    world.on_case("B-1", "archive", "left MAPPA", on=date(2026, 6, 1))
    world.on_case("B-1", "reopen", 1, False, on=date(2026, 6, 20))
    rows = _stats(world)
    assert _figure(rows, "new") == 2
    assert _figure(rows, "new", column="level_3") == 1
    assert _figure(rows, "new-community") == 1
    assert _figure(rows, "archived", column="level_3") == 1
    assert _figure(rows, "reopened", column="level_1") == 1
    assert _figure(rows, "subject") == 3


def test_an_event_recorded_late_counts_at_its_business_date_RULES_5() -> None:
    world = World()
    world.refer("C-1", date(2026, 4, 1), level=2, in_custody=True)
    world.on_case("C-1", "change_level", 3, on=date(2026, 7, 5))  # recorded first, dated after the period
    before_release = world.recorded_at
    world.on_case("C-1", "release", on=date(2026, 6, 20))  # recorded later, dated inside the period
    rows = _stats(world)
    assert _figure(rows, "community", column="level_2") == 1
    assert _figure(rows, "subject", column="level_3") == 0
    as_known_before = _stats(world, known_at=before_release)
    assert _figure(as_known_before, "community") == 0
    assert _figure(as_known_before, "subject", column="level_2") == 1


def test_wanted_or_missing_individuals_how_long_and_how_many_located_RULES_5() -> None:
    world = World()
    for reference in ("D-1", "D-2", "D-3"):
        world.refer(reference, date(2026, 1, 5), level=2)
    world.on_case("D-1", "declare_missing", "missing", on=date(2026, 3, 1))
    world.on_case("D-1", "locate", on=date(2026, 3, 31))  # located before the period: not counted
    world.on_case("D-2", "declare_missing", "wanted", on=date(2026, 3, 20))
    world.on_case("D-2", "locate", on=date(2026, 5, 9))
    world.on_case("D-3", "declare_missing", "missing", on=date(2026, 6, 10))
    rows = _stats(world)
    assert _figure(rows, "wanted-missing") == 2
    assert _figure(rows, "wanted-missing", detail="wanted") == 1
    assert _figure(rows, "located", detail="wanted") == 1
    assert _figure(rows, "wanted-missing-at-end", detail="missing") == 1
    engine = projected([CaseRegisterView()], world.events)
    with engine.connect() as conn:
        spells = queries.wanted_or_missing(conn, None, Q1, AS_OF)
    assert [(s.case_reference, s.days, s.located_in_period) for s in spells] == [
        ("D-2", 50, True), ("D-3", 20, False)]


def test_further_offences_count_each_individual_once_at_their_first_offence_RULES_5() -> None:
    world = World()
    world.refer("E-1", date(2026, 4, 1), category=1, level=1)
    world.refer("E-2", date(2026, 4, 1), category=3, level=2)
    world.on_case("E-1", "record_further_offence", "sexual", "charged", on=date(2026, 4, 20))
    world.on_case("E-1", "change_level", 2, on=date(2026, 5, 1))
    world.on_case("E-1", "record_further_offence", "sexual", "convicted", on=date(2026, 6, 1))
    world.on_case("E-1", "record_further_offence", "violent", "charged", on=date(2026, 6, 2))
    world.on_case("E-2", "record_further_offence", "violent", "convicted", on=date(2026, 7, 2))  # after
    rows = _stats(world)
    assert _figure(rows, "further-offence") == 1
    assert _figure(rows, "further-offence", column="level_1") == 1
    assert _figure(rows, "further-offence", detail="sexual") == 1
    assert _figure(rows, "further-offence", detail="violent", column="level_2") == 1
    assert _figure(rows, "further-offence-convicted", detail="sexual", column="level_2") == 1
    assert _figure(rows, "further-offence", category="3") == 0


@pytest.mark.parametrize("batch_size", [1, 500])
def test_preventative_orders_count_by_route_at_every_step_RULES_5(batch_size: int) -> None:
    world = World()
    world.refer("F-1", date(2026, 3, 1), level=2)
    world.on_case("F-1", "apply_for_order", "O-1", "SHPO", "civil", on=date(2026, 3, 15))  # applied before
    world.on_case("F-1", "decide_order", "O-1", True, on=date(2026, 4, 15))
    world.on_case("F-1", "apply_for_order", "O-2", "SHPO", "criminal", on=date(2026, 4, 20))
    world.on_case("F-1", "decide_order", "O-2", False, on=date(2026, 5, 20))
    world.on_case("F-1", "make_order_at_conviction", "O-3", "SHPO", on=date(2026, 5, 25))
    world.on_case("F-1", "breach_order", "O-1", on=date(2026, 6, 5))
    world.on_case("F-1", "breach_order", "O-3", on=date(2026, 6, 6))
    rows = _stats(world, batch_size=batch_size)
    assert _figure(rows, "orders-applied") == 1
    assert _figure(rows, "orders-applied", detail="criminal") == 1
    assert _figure(rows, "orders-granted", detail="civil") == 1
    assert _figure(rows, "orders-refused", detail="criminal") == 1
    assert _figure(rows, "orders-made-at-conviction") == 1
    assert _figure(rows, "order-breaches") == 2
    assert _figure(rows, "order-breaches", detail="civil", column="level_2") == 1
    assert _figure(rows, "order-breaches", detail="criminal") == 1


def test_only_breaches_that_recalled_the_individual_to_prison_are_counted_RULES_5() -> None:
    world = World()
    world.refer("G-1", date(2026, 4, 1), level=3)
    world.refer("G-2", date(2026, 4, 1), level=2)
    world.on_case("G-1", "recall", "licence", True, on=date(2026, 5, 1))
    world.on_case("G-2", "recall", "order", False, on=date(2026, 5, 2))
    rows = _stats(world)
    assert _figure(rows, "recalled-to-prison") == 1
    assert _figure(rows, "recalled-to-prison", detail="licence", column="level_3") == 1
    assert _figure(rows, "recalled-to-prison", detail="order") == 0
    assert _figure(rows, "community") == 1


def test_statistics_split_by_age_band_with_unrecorded_values_shown_RULES_5() -> None:
    world = World()
    world.refer("H-1", date(2026, 4, 1), age_band="21-30")
    world.refer("H-2", date(2026, 4, 1), age_band="21-30")
    world.refer("H-3", date(2026, 4, 1))
    rows = _stats(world, by="age_band")
    assert _figure(rows, "subject", group="21-30") == 2
    assert _figure(rows, "subject", group="not recorded") == 1
    with pytest.raises(ValueError, match="age_band, gender, ethnicity"):
        _stats(world, by="occupation")


def test_statistics_for_one_area_leave_out_the_other_areas_RULES_5() -> None:
    world = World()
    world.refer("K-1", date(2026, 4, 1), area="north")
    world.refer("K-2", date(2026, 4, 1), area="south")
    assert _figure(_stats(world, area="south"), "subject") == 1
    assert _figure(_stats(world), "subject") == 2


def test_a_late_recorded_event_is_classified_by_the_level_on_its_business_date_RULES_5() -> None:
    world = World()
    world.refer("L-1", date(2026, 4, 1), level=2)
    world.on_case("L-1", "change_level", 3, on=date(2026, 6, 1))
    world.on_case("L-1", "record_further_offence", "violent", "charged", on=date(2026, 5, 1))  # recorded late
    world.on_case("L-1", "recall", "licence", True, on=date(2026, 5, 2))  # recorded late too
    rows = _stats(world)
    assert _figure(rows, "further-offence", column="level_2") == 1
    assert _figure(rows, "recalled-to-prison", column="level_2") == 1
    assert _figure(rows, "subject", column="level_3") == 1
