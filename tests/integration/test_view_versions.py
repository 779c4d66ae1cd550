"""A view's schema version: an upgrade that changes a view's tables rebuilds that view, and only that view.

``Projector.setup()`` compares each view's ``version`` with the one its tables were made for
(projections/versions.py). Here an "old" meetings table (with a column the code no longer declares)
meets a meetings view at the next version.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from mappa_flow.bootstrap import Mappa
from mappa_flow.projecting import ApplicationSource, all_views, views_engine
from mappa_flow.settings import Settings
from projections import tracking, versions
from projections.runner import Projector
from projections.view import View
from projections.views.meeting import MeetingFactsView
from tests.integration.test_projection_properties import contents
from tests.projection_history import history_of, random_operations


class MeetingsAtNextVersion(MeetingFactsView):
    version = MeetingFactsView.version + 1


def with_meetings_at_next_version() -> list[View]:
    return [MeetingsAtNextVersion() if isinstance(view, MeetingFactsView) else view for view in all_views()]


@pytest.fixture
def built(store: Settings, app: Mappa) -> Iterator[Projector]:
    app.save(*history_of(random_operations(seed=11, count=400)))
    projector = Projector(views_engine(store), ApplicationSource(app), all_views(), batch_size=100)
    projector.setup()
    projector.catch_up()
    yield projector
    projector.engine.dispose()


def positions(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return tracking.positions(conn)


def columns(engine: sa.Engine, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns(table)}


def test_a_view_at_a_new_version_gets_new_tables_and_is_rebuilt_alone(
        built: Projector, app: Mappa, fresh_views: sa.Engine) -> None:
    engine, head = built.engine, app.max_notification_id()
    with engine.begin() as conn:  # the table as an older release made it
        conn.execute(sa.text("ALTER TABLE pv_meeting ADD COLUMN legacy_note VARCHAR(20)"))
    upgraded = Projector(engine, ApplicationSource(app), with_meetings_at_next_version(), batch_size=100)
    upgraded.setup()
    assert "legacy_note" not in columns(engine, "pv_meeting")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(sa.table("pv_meeting"))).scalar() == 0
    assert {name: position for name, position in positions(engine).items() if name in built.views} == {
        name: 0 if name == "meetings" else head for name in built.views}
    assert upgraded.catch_up() > 0
    clean = Projector(fresh_views, ApplicationSource(app), all_views())
    clean.setup()
    clean.rebuild()
    assert contents(engine) == contents(fresh_views)


def test_the_new_version_is_recorded_so_the_next_setup_keeps_the_rows(built: Projector, app: Mappa) -> None:
    upgraded = Projector(built.engine, ApplicationSource(app), with_meetings_at_next_version(), batch_size=100)
    upgraded.setup()
    upgraded.catch_up()
    before = contents(built.engine)
    upgraded.setup()
    assert contents(built.engine) == before
    assert positions(built.engine)["meetings"] == app.max_notification_id()
    with built.engine.connect() as conn:
        assert conn.execute(sa.select(versions.versions.c.version).where(
            versions.versions.c.view == "meetings")).scalar() == MeetingsAtNextVersion.version


def test_a_database_from_before_versions_were_kept_is_taken_as_version_1(built: Projector, app: Mappa) -> None:
    before, head = contents(built.engine), app.max_notification_id()
    with built.engine.begin() as conn:
        conn.execute(versions.versions.delete())
    built.setup()
    first = {name for name, view in built.views.items() if view.version == versions.FIRST}
    assert first and first != set(built.views), "some views are still at version 1, some are past it"
    kept = {table.name for name in first for table in built.views[name].tables}
    after = contents(built.engine)
    assert {name: rows for name, rows in after.items() if name in kept} == {
        name: rows for name, rows in before.items() if name in kept}
    assert {name: position for name, position in positions(built.engine).items() if name in built.views} == {
        name: head if name in first else 0 for name in built.views}
    with built.engine.connect() as conn:
        recorded = dict(conn.execute(sa.select(versions.versions.c.view, versions.versions.c.version)).all())
    assert recorded == {name: view.version for name, view in built.views.items()}
    built.catch_up()
    assert contents(built.engine) == before
