"""The audit register and the reproducible random case sample (R-AUD-1), with no application or database."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.audit import REQUIRED_ITEMS, Audit
from domain.audit_sample import AuditSample, derive_seed, select_sample
from domain.calendar import parse_period
from domain.errors import LifecycleError
from mappa_flow.commands.audit_sample import DrawAuditSample
from projections.registers import audit, queries
from projections.views.audit import AuditView
from tests.unit.given import some_id
from tests.unit.registers_given import World, projected

ELIGIBLE = [f"N-{n:04d}" for n in range(1, 41)]


def _draw(world: World, *, seed: int | None = 20260, size: int = 5, on: date = date(2026, 9, 1),
          year: str = "2026-27", eligible: list[str] | None = None) -> AuditSample:
    return AuditSample.draw(some_id("S-1"), world.stamp(), on, sample_ref="north-2026-27", area="north",
                            reporting_year=year, eligible=ELIGIBLE if eligible is None else eligible, size=size,
                            seed=seed)


def _audit(world: World, ref: str, kind: str, on: date, case_reference: str | None = "N-0001") -> None:
    findings = {item: "seen" for item in REQUIRED_ITEMS[kind]}
    world.keep(Audit.complete(some_id(ref), world.stamp(), on, audit_ref=ref, kind=kind, area="north",
                              case_reference=None if kind == "meeting" else case_reference,
                              meeting_ref="M-1" if kind == "meeting" else None, findings=findings))


def test_the_selection_is_a_pure_function_of_the_eligible_cases_the_seed_and_the_size_R_AUD_1() -> None:
    chosen = select_sample(ELIGIBLE, 7, 5)
    assert chosen == select_sample(list(reversed(ELIGIBLE)) + ELIGIBLE[:3], 7, 5)  # order and repeats ignored
    assert len(set(chosen)) == 5 and set(chosen) <= set(ELIGIBLE)
    assert select_sample(ELIGIBLE, 8, 5) != chosen
    assert select_sample(ELIGIBLE, 7, 6)[:5] == chosen  # a bigger sample extends a smaller one
    assert select_sample(ELIGIBLE[:3], 7, 10) == select_sample(ELIGIBLE[:3], 7, 3)


def test_anyone_can_reproduce_the_selection_with_sha256_alone_R_AUD_1() -> None:
    by_hand = sorted(ELIGIBLE, key=lambda ref: hashlib.sha256(f"7:{ref}".encode()).hexdigest())[:5]
    assert select_sample(ELIGIBLE, 7, 5) == by_hand


def test_a_draw_records_the_eligible_cases_the_seed_and_the_selection_R_AUD_1() -> None:
    world = World()
    (drawn,) = _draw(world).collect_events()
    assert isinstance(drawn, AuditSample.Drawn)
    assert (drawn.seed, drawn.seed_derived, drawn.requested_size, drawn.method) == (20260, False, 5, "sha256-rank-1")
    assert drawn.eligible == sorted(ELIGIBLE)
    assert drawn.selected == select_sample(ELIGIBLE, 20260, 5)
    assert (drawn.occurred_on, drawn.reporting_year, drawn.area) == (date(2026, 9, 1), "2026-27", "north")


def test_without_a_seed_one_is_derived_from_the_command_id_and_recorded_R_AUD_1() -> None:
    world = World()
    sample = _draw(world, seed=None)
    (drawn,) = sample.collect_events()
    assert drawn.seed_derived is True
    assert drawn.seed == derive_seed(drawn.command_id)
    assert drawn.selected == select_sample(ELIGIBLE, drawn.seed, 5)


@pytest.mark.parametrize(("overrides", "field", "value", "rule"), [
    ({"size": 0}, "sample_size", 0, "R-AUD-1"),
    ({"seed": -1}, "seed", -1, "R-AUD-1"),
    ({"year": "2026-27-Q1"}, "reporting_year", "2026-27-Q1", "R-CAL-2"),
    ({"year": "2026"}, "reporting_year", "2026", "R-CAL-2"),
    ({"on": date(2026, 3, 31)}, "occurred_on", "2026-03-31", "R-AUD-1"),
    ({"eligible": []}, "area", "north", "R-AUD-1"),
])
def test_a_draw_that_breaks_a_rule_is_refused_naming_field_value_and_rule_R_AUD_1(
        overrides: dict[str, Any], field: str, value: object, rule: str) -> None:
    world = World()
    with pytest.raises(LifecycleError) as refused:
        _draw(world, **overrides)
    assert (refused.value.field, refused.value.value, refused.value.rule) == (field, value, rule)
    assert world.events == []


def _register(world: World, as_of: date, period: str = "2026-27") -> list[audit.AuditRow]:
    engine = projected([AuditView()], world.events)
    with engine.connect() as conn:
        return queries.audit_register(conn, "north", parse_period(period), as_of)


def test_audits_are_counted_per_year_and_quarter_by_kind_with_the_annual_and_quarterly_flags_R_AUD_1() -> None:
    world = World()
    _audit(world, "AU-1", "meeting", date(2026, 5, 10))
    _audit(world, "AU-2", "meeting", date(2026, 10, 2))
    _audit(world, "AU-3", "level1", date(2026, 10, 3))
    rows = {row.period: row for row in _register(world, date(2026, 11, 20))}
    assert list(rows) == ["2026-27", "2026-27-Q1", "2026-27-Q2", "2026-27-Q3", "2026-27-Q4"]
    assert (rows["2026-27"].meeting_audits, rows["2026-27"].level1_audits) == (2, 1)
    assert rows["2026-27"].annual_case_audit == "in progress"
    assert [rows[f"2026-27-Q{n}"].meeting_audit for n in (1, 2, 3, 4)] == [
        "done", "not done", "done", "not started"]
    _audit(world, "AU-4", "case", date(2027, 1, 15))
    year_end = {row.period: row for row in _register(world, date(2027, 6, 1))}
    assert (year_end["2026-27"].annual_case_audit, year_end["2026-27-Q4"].case_audits) == ("done", 1)
    assert year_end["2026-27-Q4"].meeting_audit == "not done"


def test_a_year_without_a_case_audit_is_flagged_not_done_once_it_is_over_R_AUD_1() -> None:
    world = World()
    _audit(world, "AU-1", "case", date(2026, 3, 1))  # in 2025-26
    rows = _register(world, date(2027, 4, 1))
    assert rows[0].period == "2026-27"
    assert rows[0].annual_case_audit == "not done"


def test_each_recorded_draw_is_reproduced_and_its_audited_cases_are_counted_R_AUD_1() -> None:
    world = World()
    world.keep(_draw(world))
    first = select_sample(ELIGIBLE, 20260, 5)[0]
    _audit(world, "AU-1", "case", date(2026, 10, 1), case_reference=first)
    _audit(world, "AU-2", "case", date(2026, 10, 2), case_reference="N-9999")  # not in the sample
    engine = projected([AuditView()], world.events)
    with engine.connect() as conn:
        (row,) = queries.audit_samples(conn, None, parse_period("2026-27"), date(2027, 3, 31))
        assert queries.audit_samples(conn, None, parse_period("2026-27"), date(2026, 8, 31)) == []
    assert (row.sample_ref, row.seed, row.eligible, row.requested) == ("north-2026-27", 20260, 40, 5)
    assert row.selected.split() == select_sample(ELIGIBLE, 20260, 5)
    assert (row.reproduced, row.audited) == (True, 1)


def test_a_tampered_selection_is_shown_as_not_reproduced_R_AUD_1() -> None:
    drawn = {"sample_id": "s", "sample_ref": "x", "area": "north", "reporting_year": "2026-27",
             "drawn_on": date(2026, 9, 1), "seed": 1, "seed_derived": False, "requested_size": 1,
             "method": "sha256-rank-1"}
    honest = select_sample(["A-1", "A-2"], 1, 1)[0]
    other = "A-2" if honest == "A-1" else "A-1"
    cases = [{"sample_id": "s", "case_reference": honest, "rank": None},
             {"sample_id": "s", "case_reference": other, "rank": 1}]
    (row,) = audit.samples([drawn], cases, [], date(2027, 1, 1))
    assert row.reproduced is False


@pytest.mark.parametrize(("fields", "field"), [
    ({"sample_size": 0}, "sample_size"),
    ({"sample_size": 501}, "sample_size"),
    ({"seed": -5}, "seed"),
    ({"reporting_year": "2026/27"}, "reporting_year"),
    ({"area": "North Area"}, "area"),
    ({"area": "a" * 38}, "sample_ref"),  # the default reference <area>-<year> would be too long
])
def test_a_draw_command_with_bad_input_is_refused_naming_the_field_R_AUD_1(fields: dict[str, Any], field: str) -> None:
    data: dict[str, Any] = {"command_id": "d-1", "recorded_by": "coord-1", "occurred_on": "2026-09-01",
                            "area": "north", "reporting_year": "2026-27", "sample_size": 3, **fields}
    with pytest.raises(ValidationError) as refused:
        DrawAuditSample(**data)
    assert field in str(refused.value)
