"""``audit verify --views``: every read model rebuilt from the events into scratch and compared row for row.

The views are edited with plain SQL in the real SQLite views file or the real PostgreSQL schema, as
someone with write access could, and the check must name the table, the row and the columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result
from eventsourcing.cipher import AESCipher
from pydantic import SecretStr
from sqlalchemy import Connection, delete, insert, select, update

from mappa_flow.audit.view_check import ViewCheck, check_views
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.cli.audit import EXIT_TAMPERED
from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.deadlines.query import open_deadlines
from projections.deadlines.tables import area_table, deadline_table
from projections.runner import Projector
from projections.views.case import case_table
from tests.conftest import postgres_url
from tests.integration.audit_story import at, do, tell_story

TODAY = date(2026, 11, 20)


@pytest.fixture
def live(store: Settings, clock: FixedClock) -> Iterator[tuple[Mappa, Projector]]:
    with _live(store, clock) as pair:
        yield pair


@contextmanager
def _live(store: Settings, clock: FixedClock) -> Iterator[tuple[Mappa, Projector]]:
    """The story with its views caught up as it went (as commands and reports do), periodic deadlines included."""
    app = bootstrap(store, clock)
    projector = build_projector(store, app)
    projector.batch_size = 3  # many small batches: the live views are built differently from a rebuild
    tell_story(app, clock)
    projector.catch_up()
    at(clock, 2026, 11, 20)
    do(app, "register_area", occurred_on=date(2026, 11, 20), area="south", name="South")
    projector.catch_up()
    yield app, projector
    projector.engine.dispose()
    app.close()


def _check(store: Settings, live: tuple[Mappa, Projector]) -> ViewCheck:
    return check_views(store, live[0], live[1])


def _review(conn: Connection) -> str:
    """The case's Level 3 review, due 13 October 2026: overdue on TODAY."""
    return str(conn.execute(select(deadline_table.c.deadline_id).where(
        deadline_table.c.kind == "level-3-review")).scalar_one())


def test_untouched_views_match_their_rebuild_row_for_row_periodic_deadlines_included(
    store: Settings, live: tuple[Mappa, Projector]
) -> None:
    with live[1].engine.connect() as conn:
        periodic = conn.execute(select(deadline_table).where(deadline_table.c.rule == "R-REM-6")).all()
    check = _check(store, live)
    assert periodic and check.differences == [] and check.position == live[0].max_notification_id()
    assert check.rows > 30


def test_views_encrypted_with_the_store_key_match_their_rebuild_and_an_edit_still_shows(
    store: Settings, clock: FixedClock
) -> None:
    """Private text is stored with a fresh nonce each time; the check compares what the rows say, not their bytes."""
    keyed = store.model_copy(update={"cipher_key": SecretStr(AESCipher.create_key(32))})
    with _live(keyed, clock) as pair:
        assert _check(keyed, pair).differences == []
        with pair[1].engine.begin() as conn:
            conn.execute(update(case_table).values(ethnicity="edited"))
        found = {(d.table, d.what, tuple(d.columns)) for d in _check(keyed, pair).differences}
    assert found == {("pv_case", "changed", ("ethnicity",))}


def test_an_overdue_review_marked_met_in_the_view_is_named_by_table_row_and_columns(
    store: Settings, live: tuple[Mappa, Projector]
) -> None:
    projector = live[1]
    with projector.engine.begin() as conn:
        review = _review(conn)
        assert review in {d.deadline_id for d in open_deadlines(conn, "north", due_before=TODAY)}  # overdue
        conn.execute(update(deadline_table).where(deadline_table.c.deadline_id == review).values(
            status="met", closed_on=date(2026, 10, 1)))
        assert review not in {d.deadline_id for d in open_deadlines(conn, "north")}  # hidden, and its reminders
    check = _check(store, live)
    assert [(d.table, d.key, d.what, d.columns) for d in check.differences] == [
        ("pv_deadline", f"deadline_id={review}", "changed", ("status", "closed_on"))]
    assert check.differences[0].line() == (f"pv_deadline: row deadline_id={review} differs from the rebuild in "
                                           "status, closed_on")


def test_a_deleted_row_and_an_added_row_are_named(store: Settings, live: tuple[Mappa, Projector]) -> None:
    with live[1].engine.begin() as conn:
        case = dict(conn.execute(select(case_table)).mappings().one())
        conn.execute(delete(case_table))
        conn.execute(insert(case_table).values({**case, "case_id": "forged", "reference": "N-9999"}))
    found = sorted((d.table, d.key, d.what) for d in _check(store, live).differences)
    assert found == sorted([("pv_case", "case_id=forged", "only-live"),
                            ("pv_case", f"case_id={case['case_id']}", "only-rebuilt")])


def test_periodic_deadlines_moved_on_in_the_view_are_named(store: Settings, live: tuple[Mappa, Projector]) -> None:
    """The periodic deadlines (R-REM-6) come from the events: a view claiming the log reached a later day is
    not what the events say."""
    with live[1].engine.begin() as conn:
        conn.execute(update(area_table).values(periodic_through=date(2027, 6, 1)))
    assert [(d.table, d.what, d.columns) for d in _check(store, live).differences] == [
        ("pv_deadline_area", "changed", ("periodic_through",))] * 2  # north and south


def test_verify_views_exits_7_listing_the_row_and_leaves_no_scratch_behind(
    store: Settings, live: tuple[Mappa, Projector], clock: FixedClock, tmp_path: Path
) -> None:
    def run(*args: str) -> Result:
        context = CliContext(settings=store, clock=clock)
        try:
            return CliRunner().invoke(cli, list(args), obj=context)
        finally:
            context.close()

    assert run("audit", "seal", "--as", "auditor-1").exit_code == 0
    clean = run("audit", "verify", "--views")
    assert clean.exit_code == 0, clean.output
    assert "0 differing row(s)" in clean.output and clean.output.rstrip().endswith("OK: no tampering detected")
    with live[1].engine.begin() as conn:
        review = _review(conn)
        conn.execute(update(deadline_table).where(deadline_table.c.deadline_id == review).values(status="met"))
    found = run("audit", "verify", "--views")
    assert found.exit_code == EXIT_TAMPERED
    assert f"VIEW ALTERED: pv_deadline: row deadline_id={review} differs from the rebuild in status" in found.output
    assert found.output.rstrip().endswith("TAMPERING DETECTED")
    report = json.loads(run("audit", "verify", "--views", "--json").output)
    assert report["ok"] is False and report["findings"] == []
    assert report["views"]["differences"] == [
        {"table": "pv_deadline", "key": f"deadline_id={review}", "what": "changed", "columns": ["status"]}]
    if store.backend == "sqlite":
        assert [p.name for p in store.views_path.parent.iterdir() if p.name.startswith(".views-check-")] == []
    else:
        with psycopg.connect(postgres_url()) as pg:
            assert pg.execute("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE "
                                "'mappa_views_check_%'").fetchone() == (0,)
