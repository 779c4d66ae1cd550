"""A rebuild drops the indexes only queries use and builds them once at the end (projections/runner.py).

However it ends, the views keep every index their queries need: built again when the rebuild has caught
up, when it fails, and, after a process stopped mid-rebuild, by the next ``setup``.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from mappa_flow.bootstrap import Mappa
from mappa_flow.projecting import ApplicationSource, all_views, views_engine
from mappa_flow.settings import Settings
from projections.runner import Projector
from tests.projection_history import history_of, random_operations


def missing_indexes(engine: sa.Engine) -> set[str]:
    """The declared indexes the database does not have."""
    inspector = sa.inspect(engine)
    found = {index["name"] for view in all_views() for table in view.tables
             for index in inspector.get_indexes(table.name)}
    return declared_index_names() - found


def declared_index_names() -> set[str]:
    return {str(index.name) for view in all_views() for table in view.tables for index in table.indexes}


@pytest.fixture
def projector(store: Settings, app: Mappa) -> Any:
    app.save(*history_of(random_operations(seed=3, count=600)))
    projector = Projector(views_engine(store), ApplicationSource(app), all_views(), batch_size=50)
    projector.setup()
    yield projector
    projector.engine.dispose()


def test_the_deferred_indexes_are_indexes_the_views_declare(projector: Projector) -> None:
    deferred = {name for view in all_views() for name in getattr(view, "query_indexes", ())}
    assert deferred
    assert deferred <= declared_index_names()


def test_a_rebuild_ends_with_every_declared_index(projector: Projector) -> None:
    projector.rebuild()
    assert missing_indexes(projector.engine) == set()


def test_a_rebuild_that_fails_half_way_still_builds_the_indexes_again(projector: Projector) -> None:
    def fail(reached: int, head: int) -> None:
        if reached > head // 2:
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        projector.rebuild(progress=fail)
    assert missing_indexes(projector.engine) == set()


def test_setup_builds_the_indexes_a_stopped_rebuild_left_out(projector: Projector) -> None:
    with projector.engine.begin() as conn:  # what a process killed mid-rebuild leaves
        for view in all_views():
            for table in view.tables:
                for index in table.indexes:
                    if index.name in getattr(view, "query_indexes", ()):
                        index.drop(conn)
    deferred = {name for view in all_views() for name in getattr(view, "query_indexes", ())}
    assert missing_indexes(projector.engine) == deferred
    projector.setup()
    assert missing_indexes(projector.engine) == set()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_rebuild_on_postgresql_leaves_the_planner_statistics_of_every_table(projector: Projector) -> None:
    projector.rebuild()
    with projector.engine.connect() as conn:
        planned: dict[str, float] = dict(conn.execute(sa.text(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = current_schema()::regnamespace")).all())
        counted = {table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                   for view in all_views() for table in view.tables}
    assert sum(counted.values()) > 1000
    assert {name: planned[name] for name in counted} == {name: float(rows) for name, rows in counted.items()}
