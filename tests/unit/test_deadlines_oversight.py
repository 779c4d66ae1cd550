"""The SOG's own records that meet periodic deadlines: reviews and annual reports (R-REM-6)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.errors import DomainError, LifecycleError
from domain.event import Stamp
from domain.oversight import AnnualReport, SogReview

TODAY = date(2027, 5, 1)
STAMP = Stamp("sog-1", "cmd-1", datetime(2027, 5, 1, 9, tzinfo=UTC), TODAY)


def test_a_sog_review_records_its_area_and_date_R_REM_6() -> None:
    review = SogReview.hold(uuid4(), STAMP, date(2027, 4, 20), area="north")
    [held] = review.collect_events()
    assert (held.area, held.occurred_on) == ("north", date(2027, 4, 20))


def test_an_annual_report_is_published_for_a_year_that_has_ended_R_REM_6() -> None:
    report = AnnualReport.publish(uuid4(), STAMP, date(2027, 4, 30), area="north", year="2026-27")
    [published] = report.collect_events()
    assert (published.year, published.occurred_on) == ("2026-27", date(2027, 4, 30))


@pytest.mark.parametrize(("year", "on", "field", "rule"), [
    ("2026-28", date(2027, 4, 30), "year", "R-CAL-2"),
    ("2026", date(2027, 4, 30), "year", "R-CAL-2"),
    ("2026-27", date(2027, 3, 31), "occurred_on", "R-REM-6"),
])
def test_an_annual_report_for_a_malformed_or_unfinished_year_is_refused(year: str, on: date, field: str,
                                                                       rule: str) -> None:
    with pytest.raises(LifecycleError) as refused:
        AnnualReport.publish(uuid4(), STAMP, on, area="north", year=year)
    assert (refused.value.field, refused.value.rule) == (field, rule)


def test_a_sog_review_dated_in_the_future_is_refused_R_CAL_1() -> None:
    with pytest.raises(DomainError) as refused:
        SogReview.hold(uuid4(), STAMP, date(2027, 5, 2), area="north")
    assert (refused.value.field, refused.value.rule) == ("occurred_on", "R-CAL-1")
