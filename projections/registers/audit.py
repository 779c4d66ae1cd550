"""The audit register (R-AUD-1, guidance 19.18-19.21), as of a date.

Per area: audits done per reporting year and per quarter, by kind; whether the
annual random case audit of Level 2 / 3 cases was done in each reporting year,
and whether a meeting audit was done in each quarter (ideally quarterly). A
period's flag is "done", "not done" (it ended without one), "in progress" (it
is running and has none yet) or "not started". Pure: works on the rows of
``pv_audit``, ``pv_audit_sample`` and ``pv_audit_sample_case``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from domain.audit import AuditKind
from domain.audit_sample import SELECTION_METHOD, select_sample
from domain.calendar import Period, parse_period, quarter_of, reporting_year_of

KINDS = tuple(kind.value for kind in AuditKind)


class AuditRow(NamedTuple):
    """The audits of one area in one reporting year or quarter, and whether the expected one was done."""

    area: str
    period: str
    case_audits: int
    meeting_audits: int
    level1_audits: int
    annual_case_audit: str | None
    meeting_audit: str | None


class SampleRow(NamedTuple):
    """One random case sample drawn, reproduced from what it recorded (``selected`` is space-separated)."""

    sample_ref: str
    area: str
    reporting_year: str
    drawn_on: date
    seed: int
    seed_derived: bool
    method: str
    eligible: int
    requested: int
    selected: str
    reproduced: bool | None
    audited: int


def periods_of(period: Period) -> list[Period]:
    """The reporting years touching ``period``, each followed by its quarters that touch it."""
    found, day = [], reporting_year_of(period.start).start
    while day <= period.end:
        year = reporting_year_of(day)
        found.append(year)
        quarter_start = year.start
        while quarter_start <= year.end:
            quarter = quarter_of(quarter_start)
            if quarter.end >= period.start and quarter.start <= period.end:
                found.append(quarter)
            quarter_start = quarter.end + timedelta(days=1)
        day = year.end + timedelta(days=1)
    return found


def register(areas: Iterable[str], audits: Iterable[Mapping[str, Any]], period: Period,
             as_of: date) -> list[AuditRow]:
    """For each area, one row per reporting year and per quarter of ``period``, counting audits to ``as_of``."""
    done = [a for a in audits if a["completed_on"] <= as_of]
    return [_row(area, span, done, as_of) for area in sorted(set(areas)) for span in periods_of(period)]


def _row(area: str, span: Period, audits: Sequence[Mapping[str, Any]], as_of: date) -> AuditRow:
    counts = Counter(a["kind"] for a in audits if a["area"] == area and span.contains(a["completed_on"]))
    is_year = span == reporting_year_of(span.start)
    return AuditRow(
        area=area, period=span.label, case_audits=counts[AuditKind.CASE],
        meeting_audits=counts[AuditKind.MEETING], level1_audits=counts[AuditKind.LEVEL1],
        annual_case_audit=_flag(counts[AuditKind.CASE], span, as_of) if is_year else None,
        meeting_audit=None if is_year else _flag(counts[AuditKind.MEETING], span, as_of),
    )


def _flag(count: int, span: Period, as_of: date) -> str:
    if count:
        return "done"
    if as_of > span.end:
        return "not done"
    return "in progress" if as_of >= span.start else "not started"


def samples(drawn: Iterable[Mapping[str, Any]], cases: Iterable[Mapping[str, Any]],
            audits: Iterable[Mapping[str, Any]], as_of: date) -> list[SampleRow]:
    """Each draw made on or before ``as_of``, reproduced from what it recorded, and how many of its cases
    have had a case audit in its reporting year."""
    by_sample: dict[str, list[Mapping[str, Any]]] = {}
    for row in cases:
        by_sample.setdefault(row["sample_id"], []).append(row)
    done = [a for a in audits if a["kind"] == AuditKind.CASE and a["completed_on"] <= as_of]
    return [
        _sample_row(sample, by_sample.get(sample["sample_id"], []), done)
        for sample in sorted(drawn, key=lambda s: (s["drawn_on"], s["sample_ref"]))
        if sample["drawn_on"] <= as_of
    ]


def _sample_row(sample: Mapping[str, Any], cases: Sequence[Mapping[str, Any]],
                audits: Sequence[Mapping[str, Any]]) -> SampleRow:
    selected = [c["case_reference"] for c in sorted((c for c in cases if c["rank"]), key=lambda c: c["rank"])]
    eligible = [c["case_reference"] for c in cases]
    year = parse_period(sample["reporting_year"])
    audited = {a["case_reference"] for a in audits if a["area"] == sample["area"] and year.contains(a["completed_on"])}
    return SampleRow(
        sample_ref=sample["sample_ref"], area=sample["area"], reporting_year=sample["reporting_year"],
        drawn_on=sample["drawn_on"],
        seed=sample["seed"], seed_derived=sample["seed_derived"], method=sample["method"],
        eligible=len(eligible), requested=sample["requested_size"], selected=" ".join(selected),
        reproduced=_reproduced(sample, eligible, selected),
        audited=sum(1 for reference in selected if reference in audited),
    )


def _reproduced(sample: Mapping[str, Any], eligible: list[str], selected: list[str]) -> bool | None:
    """Whether drawing again from the recorded eligible cases and seed gives the recorded selection."""
    if sample["method"] != SELECTION_METHOD:
        return None
    return select_sample(eligible, sample["seed"], sample["requested_size"]) == selected
