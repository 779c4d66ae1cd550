"""Read models built from another event store, or from a longer log, are rebuilt by themselves (issue 11, defect 1).

Each test fills an event store, builds its views, then changes the log under them the way an operator
can (a new store beside the old views, an emptied events table, a view pushed past the head), opens
the views again and compares every row and every report with views built afresh from the log as it
now is. On SQLite the views are a separate file; on PostgreSQL they share the schema with the events.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from psycopg import sql

from domain.errors import CaseNotFoundError
from mappa_flow.audit.auditor import Auditor
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ReferCase
from mappa_flow.demo import demo_case_reference, generate_demo
from mappa_flow.projecting import ApplicationSource, all_views, build_projector
from mappa_flow.settings import Settings
from mappa_flow.store_identity import StoreLog
from projections import origin, tracking
from projections.runner import Projector
from tests.conftest import postgres_url
from tests.integration.test_views_on_every_backend import _reports, contents

TODAY = date(2026, 11, 20)
REBUILT = "the read models were built from"


def _demo(app: Mappa, seed: int, cases: int) -> None:
    result = app.run_batch(generate_demo(seed=seed, cases=cases, years=1, today=TODAY))
    assert result.refusal is None and result.applied > 0


def _built(settings: Settings, app: Mappa) -> Projector:
    projector = build_projector(settings, app)
    projector.catch_up()
    return projector


def _close(projector: Projector, app: Mappa) -> None:
    projector.engine.dispose()
    app.close()


def _fresh(app: Mappa, engine: sa.Engine) -> Projector:
    """Views built from nothing but the store's log as it is now, in an empty database."""
    projector = Projector(engine, ApplicationSource(app), all_views(), log_origin=StoreLog(app, app.store))
    projector.setup()
    projector.catch_up()
    return projector


def _execute(settings: Settings, *statements: str) -> None:
    """Run statements on the event store's own database (the events' tables, not the views')."""
    if settings.backend == "sqlite":
        with sa.create_engine(f"sqlite:///{settings.sqlite_path}").begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
        return
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(settings.postgres_schema)))
        for statement in statements:
            conn.execute(statement.encode())


def _events_tables(settings: Settings) -> tuple[str, str]:
    return ("stored_events", "stored_snapshots") if settings.backend == "sqlite" else ("mappa_events",
                                                                                       "mappa_snapshots")


def _replace_store(settings: Settings) -> None:
    """A new event store where the old one was, its views left: the SQLite file deleted as ``make run`` does, or
    the event store's tables dropped from the PostgreSQL schema the views share."""
    if settings.backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.sqlite_path}{suffix}").unlink(missing_ok=True)
        return
    events, snapshots = _events_tables(settings)
    _execute(settings, f"DROP TABLE {events}", f"DROP TABLE {snapshots}", "DROP TABLE mappa_store")


def _empty_log(settings: Settings) -> None:
    """The events table emptied in place: the store (and its id) stays, its log starts again."""
    events, snapshots = _events_tables(settings)
    verb = "DELETE FROM" if settings.backend == "sqlite" else "TRUNCATE"
    _execute(settings, f"{verb} {events}", f"{verb} {snapshots}")


def _many_areas(app: Mappa, count: int = 200, prefix: str = "a") -> None:
    """More events than the first store's demo, written without opening the views (a demo opens them)."""
    areas = (RegisterArea(command_id=f"area-{prefix}{n}", recorded_by="coord", occurred_on=TODAY,
                          area=f"{prefix}{n}", name=f"Area {n}") for n in range(count))
    assert app.run_batch(areas).applied == count


def _rebuild_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if REBUILT in record.getMessage()]


@pytest.fixture
def first(store: Settings, clock: FixedClock) -> Iterator[dict[str, object]]:
    """An event store with a demo history, and its views built and closed; what they held."""
    app = bootstrap(store, clock)
    _demo(app, seed=1, cases=8)
    projector = _built(store, app)
    held = {"contents": contents(projector.engine), "head": app.max_notification_id()}
    _close(projector, app)
    yield held


@pytest.mark.parametrize("cases", [3, 14], ids=["shorter log", "longer log"])
def test_views_of_a_replaced_event_store_show_only_the_new_stores_data(
    store: Settings, clock: FixedClock, fresh_views: sa.Engine, first: dict[str, object], cases: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _replace_store(store)
    app = bootstrap(store, clock)
    _demo(app, seed=2, cases=cases)
    assert (app.max_notification_id() < first["head"]) is (cases == 3)  # new events below and above the old head
    with caplog.at_level(logging.WARNING):
        projector = _built(store, app)
    expected = _fresh(app, fresh_views)
    assert contents(projector.engine) == contents(expected.engine) != first["contents"]
    assert _reports(projector.engine) == _reports(expected.engine)
    assert _rebuild_messages(caplog) == [f"{REBUILT} another event store; rebuilding them from this store's events"]
    _close(projector, app)


def test_views_standing_beyond_the_head_of_an_emptied_log_are_rebuilt_before_anything_is_read(
    store: Settings, clock: FixedClock, fresh_views: sa.Engine, first: dict[str, object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _empty_log(store)
    app = bootstrap(store, clock)
    with caplog.at_level(logging.WARNING):
        projector = build_projector(store, app)
    with projector.engine.connect() as conn:
        assert set(tracking.positions(conn).values()) == {0}
    assert contents(projector.engine) == contents(_fresh(app, fresh_views).engine)
    assert sum(len(rows) for rows in contents(projector.engine).values()) == 0
    assert _rebuild_messages(caplog) and "a longer log" in _rebuild_messages(caplog)[0]
    _close(projector, app)


def test_views_of_an_emptied_log_written_again_before_they_open_are_rebuilt(
    store: Settings, clock: FixedClock, fresh_views: sa.Engine, first: dict[str, object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The new events reach past the views' position before the views are opened: only the anchor tells."""
    _empty_log(store)
    app = bootstrap(store, clock)
    _many_areas(app)
    assert app.max_notification_id() > first["head"]  # type: ignore[operator]
    with caplog.at_level(logging.WARNING):
        projector = _built(store, app)
    assert contents(projector.engine) == contents(_fresh(app, fresh_views).engine) != first["contents"]
    assert _rebuild_messages(caplog) and "another log" in _rebuild_messages(caplog)[0]
    _close(projector, app)


def test_a_view_whose_position_is_beyond_the_head_is_rebuilt_and_the_others_are_kept(
    store: Settings, clock: FixedClock, fresh_views: sa.Engine, first: dict[str, object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = bootstrap(store, clock)
    projector = build_projector(store, app)
    head = app.max_notification_id()
    with projector.engine.begin() as conn:
        tracking.set_position(conn, "areas", head + 10)
    with caplog.at_level(logging.WARNING):
        projector.setup()
    with projector.engine.connect() as conn:
        at = tracking.positions(conn)
    assert at["areas"] == 0 and all(at[view.name] == head for view in all_views() if view.name != "areas")
    projector.catch_up()
    assert contents(projector.engine) == contents(_fresh(app, fresh_views).engine) == first["contents"]
    assert len(_rebuild_messages(caplog)) == 1
    _close(projector, app)


def test_views_made_before_their_origin_was_recorded_are_rebuilt_once(
    store: Settings, clock: FixedClock, first: dict[str, object], caplog: pytest.LogCaptureFixture,
) -> None:
    app = bootstrap(store, clock)
    projector = build_projector(store, app)
    with projector.engine.begin() as conn:
        conn.execute(origin.origin.delete())
    with caplog.at_level(logging.WARNING):
        projector.setup()
        projector.catch_up()
        projector.setup()
    assert contents(projector.engine) == first["contents"]
    assert _rebuild_messages(caplog) == [f"{REBUILT} an event store they did not record; rebuilding them from this "
                                         "store's events"]
    _close(projector, app)


def test_views_of_the_same_store_are_kept_when_opened_again(
    store: Settings, clock: FixedClock, first: dict[str, object], caplog: pytest.LogCaptureFixture,
) -> None:
    app = bootstrap(store, clock)
    app.handle(RegisterArea(command_id="area-late", recorded_by="coord", occurred_on=TODAY, area="late",
                            name="Late"))  # an event after the views' position
    with caplog.at_level(logging.WARNING):
        projector = build_projector(store, app)
        with projector.engine.connect() as conn:
            kept = tracking.positions(conn)
        assert projector.catch_up() > 0
    assert set(kept.values()) == {first["head"]}
    assert _rebuild_messages(caplog) == []
    _close(projector, app)


def test_the_audit_index_of_an_emptied_log_is_rebuilt_from_the_new_events(
    store: Settings, clock: FixedClock, first: dict[str, object], caplog: pytest.LogCaptureFixture,
) -> None:
    old_reference = demo_case_reference(seed=1, cases=8, years=1, today=TODAY)
    app = bootstrap(store, clock)
    auditor = Auditor.open(store, app)
    assert auditor.history(old_reference)
    auditor.close()
    app.close()
    _empty_log(store)
    app = bootstrap(store, clock)
    _many_areas(app, count=1, prefix="first")
    app.handle(ReferCase(command_id="ref-new", recorded_by="coord", occurred_on=TODAY, area="first0",
                         case_reference="NEW-0001", category=1, level=1, referring_agency="police",
                         in_custody=False))  # recorded below the old index's position
    _many_areas(app)
    with caplog.at_level(logging.WARNING):
        auditor = Auditor.open(store, app)
    assert "ref-new" in [entry.command_id for entry in auditor.history("NEW-0001")]
    with pytest.raises(CaseNotFoundError):
        auditor.history(old_reference)
    assert _rebuild_messages(caplog)
    auditor.close()
    app.close()
