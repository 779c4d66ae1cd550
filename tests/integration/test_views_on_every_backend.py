"""Every view gives the same rows on SQLite and on PostgreSQL, from the same code (issue 3).

The same generated history (every kind of event, some recorded late) is projected into an SQLite
database and into a PostgreSQL schema, in batches of different sizes, and every table of every view in
``all_views()`` is compared row by row. Timestamps are compared in UTC (SQLite keeps them without a zone).
Then the reports read from each backend's views must give the same figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import pytest
import sqlalchemy as sa

from domain.account import Account
from domain.audit_sample import AuditSample
from domain.calendar import date_range, reporting_year
from domain.event import Stamp
from mappa_flow.cli.indicator_rows import exception_fields, result_fields
from mappa_flow.projecting import all_views, views_engine
from projections.deadlines import find_deadlines
from projections.indicators import Scope
from projections.indicators.queries import exception_rows, indicator_results
from projections.registers import queries
from projections.runner import Projector
from projections.source import ListSource
from tests.conftest import postgres_settings
from tests.projection_history import history_of, random_operations

pytestmark = pytest.mark.postgres



def _draws() -> list[Any]:
    """Two random case-audit samples (the generated histories draw none): one seeded, one derived."""
    stamp = Stamp("coord-1", "draw-cmd-1", datetime(2035, 1, 2, tzinfo=UTC), date(2035, 1, 2))
    drawn = [AuditSample.draw(uuid5(NAMESPACE_URL, f"sample:{area}"), stamp, date(2025, 9, 1), sample_ref=area,
                              area=area, reporting_year="2025-26", eligible=["C-1", "C-2", "C-3", "C-4"], size=2,
                              seed=seed) for area, seed in (("north", 7), ("south", None))]
    return [event for sample in drawn for event in sample.collect_events()]


def _accounts() -> list[Any]:
    """Accounts of the web application: registered, granted, given tokens, signed in, one disabled."""
    stamp = Stamp("op", "account-cmd-1", datetime(2035, 1, 2, 9, 30, tzinfo=UTC), date(2035, 1, 2))
    jo = Account.register(uuid5(NAMESPACE_URL, "account:jo"), stamp, date(2035, 1, 2), name="jo.smith",
                          role="coordinator", areas=["north"], password_hash="h" * 20)
    jo.grant("auditor", ["north", "south"], stamp, date(2035, 1, 2))
    jo.issue_calendar_token("c" * 64, False, stamp, date(2035, 1, 2))
    jo.sign_in(stamp, date(2035, 1, 2))
    al = Account.register(uuid5(NAMESPACE_URL, "account:al"), stamp, date(2035, 1, 2), name="al.admin",
                          role="admin", areas=[], password_hash="h" * 20)
    al.issue_api_token("a" * 64, stamp, date(2035, 1, 2))
    al.disable(stamp, date(2035, 1, 2))
    return [*jo.collect_events(), *al.collect_events()]


EVENTS = [*history_of(random_operations(seed=31, count=1200)), *_draws(), *_accounts()]
Contents = dict[str, list[tuple[Any, ...]]]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)).replace(tzinfo=None)
    return value


def contents(engine: sa.Engine) -> Contents:
    found: Contents = {}
    with engine.connect() as conn:
        for view in all_views():
            for table in view.tables:
                rows = [tuple(_plain(v) for v in row) for row in conn.execute(sa.select(table))]
                found[table.name] = sorted(rows, key=lambda row: tuple((v is None, str(v)) for v in row))
    return found


def _projected(engine: sa.Engine, batch_size: int) -> Projector:
    projector = Projector(engine, ListSource(EVENTS), all_views(), batch_size=batch_size)
    projector.setup()
    projector.catch_up()
    return projector


@pytest.fixture
def both(pg_schema: str) -> Iterator[tuple[Projector, Projector]]:
    sqlite = _projected(sa.create_engine("sqlite://"), batch_size=37)
    postgres = _projected(views_engine(postgres_settings(pg_schema)), batch_size=250)
    yield sqlite, postgres
    postgres.engine.dispose()


def test_every_view_holds_the_same_rows_on_sqlite_and_postgresql(both: tuple[Projector, Projector]) -> None:
    sqlite, postgres = both
    on_sqlite, on_postgres = contents(sqlite.engine), contents(postgres.engine)
    assert sum(len(rows) for rows in on_sqlite.values()) > 1000
    # every table holds rows, but the deadlines view's queue of subjects to fold, empty once caught up
    assert [name for name, rows in on_sqlite.items() if not rows] == ["pv_deadline_dirty"]
    for table in on_sqlite:
        assert on_postgres[table] == on_sqlite[table], f"{table} differs between SQLite and PostgreSQL"


def _reports(engine: sa.Engine) -> dict[str, Any]:
    year, everything = reporting_year(2025), date_range(date(2025, 4, 1), date(2027, 12, 31))
    as_of = date(2027, 12, 31)
    with engine.connect() as conn:
        return {
            "indicators": [result_fields(r) for r in indicator_results(conn, Scope(None, everything, as_of))],
            "exceptions": [exception_fields(row) for row in exception_rows(conn, Scope("north", year, as_of))],
            "stats": queries.statistics(conn, None, year, as_of),
            "isp": queries.isp_register(conn, None, everything, as_of),
            "isp_costs": queries.isp_costs(conn, "south", year, as_of),
            "scr": [vars(review) for review in queries.reviews(conn, None, everything, as_of)],
            "audits": queries.audit_register(conn, None, year, as_of),
            "samples": queries.audit_samples(conn, None, year, as_of),
            "wanted_missing": queries.wanted_or_missing(conn, None, everything, as_of),
            "deadlines": [row.as_dict() for row in find_deadlines(conn, status=None)],
        }


def test_every_report_gives_the_same_figures_on_sqlite_and_postgresql(both: tuple[Projector, Projector]) -> None:
    sqlite, postgres = both
    on_sqlite, on_postgres = _reports(sqlite.engine), _reports(postgres.engine)
    assert all(on_sqlite.values()), [name for name, rows in on_sqlite.items() if not rows]
    for report in on_sqlite:
        assert on_postgres[report] == on_sqlite[report], f"{report} differs between SQLite and PostgreSQL"
