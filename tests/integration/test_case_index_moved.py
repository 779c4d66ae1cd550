"""The case index moved from the SQLite store's own file to the views' file when it became a view (issue 12, item 4):
an old store loses the index's tables there once, and its histories are built in the views' file."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from mappa_flow.audit.auditor import Auditor
from mappa_flow.bootstrap import bootstrap
from mappa_flow.clock import FixedClock
from projections import tracking
from projections.views.case_index import case_event
from tests.conftest import sqlite_settings
from tests.integration.audit_story import tell_story

OLD_TABLES = {"audit_case_member", "audit_case_event", "audit_case_snapshot", "mappa_view_tracking",
              "mappa_view_origin"}


def _tables(path: Path) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_an_sqlite_store_loses_the_old_index_tables_and_indexes_its_cases_with_the_views(
        tmp_path: Path, clock: FixedClock) -> None:
    settings = sqlite_settings(tmp_path / "mappa.db")
    app = bootstrap(settings, clock)
    tell_story(app, clock)
    engine = sa.create_engine(f"sqlite:///{settings.sqlite_path}")
    with engine.begin() as conn:  # what the old runner left in the store's own file
        for name in sorted(OLD_TABLES):
            conn.exec_driver_sql(f"CREATE TABLE {name} (x INTEGER)")
    engine.dispose()
    auditor = Auditor.open(settings, app)
    try:
        assert auditor.history("N-0001")
        assert not OLD_TABLES & _tables(settings.sqlite_path)
        assert {"audit_seal", "audit_seal_leaf"} <= _tables(settings.sqlite_path)
        with auditor.index.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(case_event)).scalar()
        assert auditor.index.engine.url.database == str(settings.views_path)
    finally:
        auditor.close()
        app.close()


def test_a_store_whose_views_share_its_file_keeps_the_index_there(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "mappa.db"
    settings = sqlite_settings(path, views_sqlite_path=path)
    app = bootstrap(settings, clock)
    tell_story(app, clock)
    for _ in range(2):  # a second open must not drop what the first one built, nor the views' tracking
        auditor = Auditor.open(settings, app)
        try:
            assert auditor.history("N-0001")
            with auditor.index.engine.begin() as conn:
                conn.execute(sa.insert(tracking.tracking).prefix_with("OR IGNORE").values(view="kept", position=7))
        finally:
            auditor.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert tracking.positions(conn)["kept"] == 7
    engine.dispose()
    app.close()
