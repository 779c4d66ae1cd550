"""The stored indicator occurrences (projections/indicators/rows.py, the deadlines view's ``pv_compliance``) say
what the rulebook says on every as-of date (R-PI-1 to R-PI-10, R-CAL-1).

- the SQL that reads the rows classifies a review obligation as ``Obligation.judge`` does (R-PI-1, R-PI-2);
- for random case histories with meetings, invitations and steps, the rows that hold on an as-of date are
  exactly the occurrences the report over facts gives (projections/indicators/report.py, ``area_occurrences``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from domain.calendar import Period, WorkingDayCalendar, reporting_year
from domain.rules.obligation import Obligation
from domain.rules.review_clock import LEVEL_3_REVIEWS
from projections.deadlines.model import Fact
from projections.deadlines.tables import compliance_table
from projections.indicators.facts import AreaFacts, CaseChange, CaseFacts, Invitation, MeetingFact, Step
from projections.indicators.model import Occurrence, figures_of
from projections.indicators.queries import indicator_figures, indicator_results, stored_occurrences
from projections.indicators.report import area_occurrences
from projections.indicators.reviews import review_occurrence
from projections.indicators.rows import case_rows, meeting_rows, over_time
from projections.indicators.scope import Scope
from projections.runner import Projector
from projections.source import ListSource
from projections.view import metadata
from projections.views.area import AreaView
from projections.views.deadline import DeadlineView
from tests.unit.indicator_world import World, moment
from tests.unit.test_deadlines_view import a_busy_world

START = date(2026, 4, 1)
EVER = Period(date(2025, 1, 1), date(2028, 12, 31), "test")
CALENDAR = WorkingDayCalendar(frozenset({date(2026, 5, 4)}))


def day(n: int) -> date:
    return START + timedelta(days=n)


@st.composite
def obligations(draw: st.DrawFn) -> Obligation:
    arose = day(draw(st.integers(0, 60)))
    due = arose + timedelta(days=42)
    obligation = Obligation("R-PI-1", arose, due)
    ending = draw(st.sampled_from(("open", "met", "stopped")))
    on = arose + timedelta(days=draw(st.integers(0, 100)))
    if ending == "met":
        return obligation.met(on, "M-1")
    if ending == "stopped":
        return obligation.stopped(on, "went into custody")
    return obligation


@settings(max_examples=150, deadline=None)
@given(obligation=obligations(), as_of_offset=st.integers(-5, 200))
def test_the_rows_read_in_sql_judge_a_review_as_the_obligation_does_R_PI_1_R_PI_2(obligation: Obligation,
                                                                                      as_of_offset: int) -> None:
    """R-PI-1/2: the row holding on the as-of date, read by the report's SQL, has ``Obligation.judge``'s verdict
    and days late (met, late, pending, withdrawn; late and stopped stays late)."""
    if obligation.void:
        return
    case = CaseFacts("case-1", "N-0001", "north", ())
    as_of = obligation.arose_on + timedelta(days=as_of_offset)

    def at(on: date) -> list[Occurrence]:
        return [review_occurrence(LEVEL_3_REVIEWS, case, obligation, on)] if obligation.arose_on <= on else []

    days = [obligation.arose_on, obligation.due_on + timedelta(days=1)]
    days += [d for d in (obligation.met_on, obligation.stopped_on) if d is not None]
    rows = over_time(at, days)
    engine = create_engine("sqlite://")
    metadata.create_all(engine, tables=[compliance_table])
    with engine.begin() as conn:
        if rows:
            conn.execute(compliance_table.insert(), [{"subject_id": "case-1", "on_day": row.on, **{
                name: value for name, value in row._asdict().items() if name != "on"}} for row in rows])
        found = stored_occurrences(conn, Scope("north", EVER, as_of))
    if as_of < obligation.arose_on:
        assert found == []
        return
    verdict, late = obligation.judge(as_of)
    [occurrence] = found
    assert (occurrence.status.value, occurrence.days_late) == (verdict.value, late)
    assert occurrence == review_occurrence(LEVEL_3_REVIEWS, case, obligation, as_of)


# ---- random histories -------------------------------------------------------------------------------------------

_AGENCIES = ("police-scotland", "social-work", "health", "housing")
_OUTCOMES = ("in-person", "remote", "written", "absent")


class History:
    """One case and its meetings, as the deadlines view stores them (facts) and as the report over facts reads
    them (changes and meeting facts), made from the same random draws."""

    def __init__(self) -> None:
        self.case_facts: list[Fact] = []
        self.changes: list[CaseChange] = []
        self.meetings: list[MeetingFact] = []
        self.meeting_facts: dict[str, list[Fact]] = {}
        self.position = 0

    def next_position(self) -> int:
        self.position += 1
        return self.position


_KINDS = {"referred": "referred", "level-changed": "level", "release-date-set": "release-date",
          "released": "released", "recalled": "recalled", "archived": "archived", "reopened": "reopened"}


@st.composite
def histories(draw: st.DrawFn) -> History:
    history = History()
    level = draw(st.integers(1, 3))
    custody = draw(st.booleans())
    release = day(draw(st.integers(10, 200))) if custody else None
    referred = CaseChange(history.next_position(), START, "referred", level, custody, None, release)
    history.changes.append(referred)
    history.case_facts.append(Fact("case-1", referred.position, START, "referred", level=level, flag=custody,
                                   on_date=release))
    for _ in range(draw(st.integers(0, 8))):
        on = day(draw(st.integers(0, 240)))
        kind = draw(st.sampled_from((*list(_KINDS)[1:], "meeting", "meeting")))
        if kind == "meeting":
            _meeting(draw, history, on)
            continue
        position = history.next_position()
        new_level = draw(st.integers(1, 3)) if kind in ("level-changed", "reopened") else None
        flag = draw(st.booleans()) if kind in ("recalled", "reopened") else None
        on_date = day(draw(st.integers(0, 300))) if kind == "release-date-set" else None
        in_custody = flag if kind == "reopened" else None
        history.changes.append(CaseChange(position, on, kind, new_level, in_custody,
                                          flag if kind == "recalled" else None, on_date))
        history.case_facts.append(Fact("case-1", position, on, _KINDS[kind], level=new_level, flag=flag,
                                       on_date=on_date))
    return history


def _meeting(draw: st.DrawFn, history: History, on: date) -> None:
    ref = f"N-0001-M{len(history.meetings) + 1}"
    position = history.next_position()
    level, kind = draw(st.integers(2, 3)), draw(st.sampled_from(("initial", "review")))
    venue = draw(st.sampled_from(("community", "custody")))
    agencies = draw(st.lists(st.sampled_from(_AGENCIES), unique=True, max_size=3))
    invitations = tuple(Invitation(agency, agency in ("police-scotland", "social-work"),
                                   draw(st.sampled_from(_OUTCOMES)), draw(st.booleans())) for agency in agencies)
    facts = [Fact(ref, position, on, "held", level=level, ref=kind, ref2=venue, text=ref)]
    facts += [Fact(ref, position, on, "invited", ref=i.agency, ref2=i.outcome, flag=i.responsible,
                   flag2=i.at_seniority, seq=n) for n, i in enumerate(invitations, start=1)]
    history.case_facts.append(Fact("case-1", position, on, "meeting", level=level, ref=kind, ref2=venue, text=ref))
    steps: list[Step] = []
    for _ in range(draw(st.integers(0, 4))):
        step_on = on + timedelta(days=draw(st.integers(0, 30)))
        step_position = history.next_position()
        name = draw(st.sampled_from(("minute-ratified", "rmp-updated", "disclosure", "contribution")))
        if name == "disclosure":
            decision, considered = draw(st.sampled_from(("disclose", "none"))), draw(st.booleans())
            steps.append(Step(step_position, name, step_on, decision, considered=considered))
            facts.append(Fact(ref, step_position, step_on, name, ref=decision, flag=considered))
        elif name == "contribution" and agencies:
            agency, in_minute, in_rmp = draw(st.sampled_from(agencies)), draw(st.booleans()), draw(st.booleans())
            steps.append(Step(step_position, name, step_on, agency, in_minute=in_minute, in_rmp=in_rmp))
            facts.append(Fact(ref, step_position, step_on, name, ref=agency, flag=in_minute, flag2=in_rmp))
        elif name in ("minute-ratified", "rmp-updated"):
            steps.append(Step(step_position, name, step_on))
            facts.append(Fact(ref, step_position, step_on, name))
    history.meetings.append(MeetingFact(ref, ref, "case-1", "N-0001", "north", on, level, kind, venue, position,
                                        invitations, tuple(steps)))
    history.meeting_facts[ref] = facts


def _sorted(occurrences: list[Occurrence]) -> list[Occurrence]:
    return sorted(occurrences, key=lambda o: (o.indicator, o.on, o.meeting_ref or "", o.agency or "", o.status,
                                              o.days_late or 0, o.detail))


@settings(max_examples=200, deadline=None)
@given(history=histories(), as_of_offset=st.integers(-3, 330))
def test_the_stored_rows_are_the_report_over_facts_on_every_as_of_date_R_PI_1_to_R_PI_10(history: History,
                                                                                        as_of_offset: int) -> None:
    """R-PI-1 to R-PI-10: for a random case history, the rows holding on a random as-of date are the occurrences
    the report over facts gives on that date (all of them: the period covers the whole history)."""
    as_of = day(as_of_offset)
    rows = case_rows("case-1", "N-0001", "north", history.case_facts)
    for ref, facts in history.meeting_facts.items():
        rows += meeting_rows(ref, "case-1", "N-0001", "north", facts, CALENDAR)
    stored = [row.occurrence(as_of) for row in rows if row.holds(as_of)]
    facts = AreaFacts("north", CALENDAR, (CaseFacts("case-1", "N-0001", "north", tuple(history.changes)),),
                      tuple(history.meetings), tuple(history.meetings), tuple(history.meetings))
    assert _sorted(stored) == _sorted(area_occurrences(facts, EVER, as_of))


def test_the_report_counted_in_sql_is_the_count_of_its_occurrences_R_PI_1_to_R_PI_10() -> None:
    """The report's aggregate query over the stored rows gives each line's figures as counting its occurrences
    does (R-PI-3: one line per DTC agency), for one area and for all areas; and a report as known at a moment
    after every fact was recorded is the stored report (R-CAL-1)."""
    world = World()
    world.area("north")
    world.area("south")
    for n, (area, level) in enumerate((("north", 3), ("north", 2), ("south", 3), ("north", 3))):
        reference = f"{area[0].upper()}-{n:04d}"
        world.refer(reference, day(n), level, area=area)
        meeting = world.meet(reference, f"{reference}-M1", day(30 + 20 * n), outcomes=(
            ("police-scotland", "in-person"), ("housing", "written"), ("health", "absent")))
        if n % 2:
            world.minute_done(meeting, day(40 + 20 * n))
    year = reporting_year(2026)
    for scope in (Scope("north", year, date(2026, 9, 30)), Scope(None, year, date(2027, 3, 31)),
                  Scope("south", year, date(2026, 5, 20))):
        with world.conn() as conn:
            counted = indicator_figures(conn, scope)
            results = indicator_results(conn, scope)
            known_now = indicator_results(conn, replace(scope, known_at=moment(date(2030, 1, 1))))
        assert counted == [figures_of(result) for result in results]
        assert known_now == results  # the same fold over every fact recorded (--known-at)
        assert any(line.denominator for line in counted) or scope.area == "south"


def test_every_batch_size_stores_the_same_occurrences_as_one_pass_R_PI_1_to_R_PI_10() -> None:
    """However the events are batched, each case's and meeting's stored occurrences are those of one fold over
    all its facts."""
    events = a_busy_world().events

    def stored(batch_size: int) -> list[tuple[str, ...]]:
        engine = sa.create_engine("sqlite://")
        projector = Projector(engine, ListSource(events), [AreaView(), DeadlineView()], batch_size=batch_size)
        projector.setup()
        projector.catch_up()
        with engine.connect() as conn:
            return sorted(tuple(map(str, row)) for row in conn.execute(sa.select(compliance_table)))

    expected = stored(1000)
    assert {row[1] for row in expected} >= {"R-PI-1", "R-PI-2", "R-PI-9", "R-PI-10"}
    for size in (1, 3, 7):
        assert stored(size) == expected
