"""Properties every view in all_views() keeps (issue 3): replay-safe, crash-safe, and batch-independent.

- Processing the same events twice changes nothing: a catch-up after a catch-up, and a source that
  re-delivers events already applied, leave every table as it was.
- A failure between a view's update and its commit loses nothing and doubles nothing; a real process
  killed with SIGKILL mid-rebuild, then restarted, ends with exactly the tables of a clean rebuild
  (SQLite and PostgreSQL).
- A rebuild gives exactly the tables of incremental processing in any batches (hypothesis).

The tests iterate over all_views(), so a view added there is covered without changing them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mappa_flow.bootstrap import Mappa
from mappa_flow.projecting import ApplicationSource, all_views, views_engine
from mappa_flow.settings import Settings
from projections import tracking
from projections.deadlines.tables import dirty_table
from projections.runner import Projector
from projections.source import ListSource, Positioned
from projections.views.deadline import DeadlineView
from tests.conftest import postgres_url
from tests.projection_history import OPERATION_NAMES, history_of, random_operations

Contents = dict[str, list[tuple[Any, ...]]]


def contents(engine: sa.Engine) -> Contents:
    """Every row of every table of every view, in a stable order."""
    found: Contents = {}
    with engine.connect() as conn:
        for view in all_views():
            for table in view.tables:
                rows = [tuple(row) for row in conn.execute(sa.select(table))]
                found[table.name] = sorted(rows, key=lambda row: tuple((v is None, str(v)) for v in row))
    return found


def memory_projector(source: Any, batch_size: int = 1000) -> Projector:
    projector = Projector(sa.create_engine("sqlite://"), source, all_views(), batch_size=batch_size)
    projector.setup()
    return projector


def rebuilt(events: list[Any]) -> Contents:
    projector = memory_projector(ListSource(events), batch_size=100_000)
    projector.rebuild()
    return contents(projector.engine)


EVENTS = history_of(random_operations(seed=11, count=1500))


def cut_power_at(monkeypatch: pytest.MonkeyPatch, projector: Projector, call: int) -> None:
    """Fail the ``call``-th tracking write of one catch-up, as a power cut would, then restore the real one."""
    calls = {"n": 0}
    original = tracking.set_position

    def failing(conn: sa.Connection, view: str, position: int) -> None:
        calls["n"] += 1
        if calls["n"] == call:
            raise RuntimeError("power cut")
        original(conn, view, position)

    monkeypatch.setattr(tracking, "set_position", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        projector.catch_up()
    monkeypatch.setattr(tracking, "set_position", original)


def test_the_history_reaches_every_view() -> None:
    topics = {type(event).TOPIC for event in EVENTS}
    for view in all_views():
        assert topics & set(view.topics), f"the generated history has no event for view {view.name}"


def test_catching_up_twice_changes_nothing() -> None:
    projector = memory_projector(ListSource(EVENTS), batch_size=97)
    projector.catch_up()
    once = contents(projector.engine)
    assert projector.catch_up() == 0
    assert contents(projector.engine) == once == rebuilt(EVENTS)


class RedeliveringSource(ListSource):
    """A source that hands back, with each read, some events the reader has already had."""

    def read(self, after: int, limit: int, topics: Any = ()) -> list[Positioned]:
        return super().read(max(after - 25, 0), limit, topics)


def test_events_delivered_again_are_skipped_by_position() -> None:
    projector = memory_projector(RedeliveringSource(EVENTS), batch_size=60)
    projector.catch_up()
    assert contents(projector.engine) == rebuilt(EVENTS)


def test_a_failure_between_the_update_and_its_commit_loses_nothing_and_doubles_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    projector = memory_projector(ListSource(EVENTS), batch_size=50)
    cut_power_at(monkeypatch, projector, 37)  # mid-batch: some views of this batch are written, none committed
    projector.catch_up()
    assert contents(projector.engine) == rebuilt(EVENTS)


def test_a_failure_after_earlier_catch_ups_recovers_the_states_saved_before_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    third = len(EVENTS) // 3
    source = ListSource(EVENTS[:third])
    projector = memory_projector(source, batch_size=40)
    projector.catch_up()  # caught up and flushed: the saved states are current at this point
    for event in EVENTS[third:]:
        source.append(event)
    cut_power_at(monkeypatch, projector, 10 * len(all_views()) + 3)  # ten batches committed since the flush
    projector.catch_up()
    assert contents(projector.engine) == rebuilt(EVENTS)


def test_two_projectors_taking_turns_on_one_database_agree_with_a_rebuild(tmp_path: Path) -> None:
    source = ListSource()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'views.db'}")
    first, second = (Projector(engine, source, all_views(), batch_size=40) for _ in range(2))
    first.setup()
    for turn, start in enumerate(range(0, len(EVENTS), 150)):
        for event in EVENTS[start:start + 150]:
            source.append(event)
        (first if turn % 3 else second).catch_up()  # each keeps its own memory; the other may have moved on
    first.catch_up()
    assert contents(engine) == rebuilt(EVENTS)
    engine.dispose()


def test_a_catch_up_cut_off_after_some_batches_is_finished_by_the_next_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches committed before the cut marked subjects for the deadlines view's fold at the end of the
    catch-up, which never came; the next catch-up folds them (RULES §9)."""
    third = len(EVENTS) // 3
    source = ListSource(EVENTS[:third])
    projector = memory_projector(source, batch_size=45)
    projector.catch_up()
    assert contents(projector.engine) == rebuilt(EVENTS[:third])
    for event in EVENTS[third:]:
        source.append(event)
    cut_power_at(monkeypatch, projector, 7 * len(all_views()) + 4)
    with projector.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(dirty_table)).scalar_one() > 0
    projector.catch_up()
    assert contents(projector.engine) == rebuilt(EVENTS)


def test_work_left_at_the_head_of_the_log_is_finished_by_a_catch_up_with_no_event_to_apply(
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = ListSource(EVENTS)
    projector = memory_projector(source, batch_size=10_000)
    original = DeadlineView.settle

    def power_cut(self: DeadlineView, conn: sa.Connection) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(DeadlineView, "settle", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        projector.catch_up()  # every batch committed; the fold at the end never ran
    monkeypatch.setattr(DeadlineView, "settle", original)
    assert projector.catch_up() == 0
    assert contents(projector.engine) == rebuilt(EVENTS)


operations = st.lists(
    st.tuples(st.sampled_from(OPERATION_NAMES), st.integers(0, 999), st.integers(0, 999),
              st.sampled_from((0, 0, 1, 3, 9, -6))),
    min_size=1, max_size=120,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=operations, arrivals=st.lists(st.integers(1, 60), min_size=1, max_size=12),
       batch_size=st.integers(1, 50))
def test_a_rebuild_gives_exactly_the_tables_of_incremental_processing(
        operations: list[Any], arrivals: list[int], batch_size: int) -> None:
    events = history_of(operations)
    source = ListSource()
    projector = memory_projector(source, batch_size=batch_size)
    fed = 0
    for size in [*arrivals, len(events)]:  # events arrive a few at a time; the views catch up after each
        for event in events[fed:fed + size]:
            source.append(event)
        fed = min(fed + size, len(events))
        projector.catch_up()
    assert contents(projector.engine) == rebuilt(events)


# ---- a real process killed mid-rebuild, on SQLite and PostgreSQL ----------------------------------------

REBUILDER = """
import sys, time
from mappa_flow.bootstrap import bootstrap
from mappa_flow.projecting import ApplicationSource, all_views, views_engine
from mappa_flow.settings import load_settings
from projections.runner import Projector

settings = load_settings()
app = bootstrap(settings)
projector = Projector(views_engine(settings), ApplicationSource(app), all_views(), batch_size=int(sys.argv[2]))
projector.setup()
pace = lambda reached, head: time.sleep(0.005)
projector.rebuild(progress=pace) if sys.argv[1] == "rebuild" else projector.catch_up(progress=pace)
print("finished", flush=True)
"""


def _environment(store: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAPPA_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    if store.backend == "sqlite":
        env.update(MAPPA_SQLITE_PATH=str(store.sqlite_path), MAPPA_VIEWS_SQLITE_PATH=str(store.views_path))
    else:
        env.update(MAPPA_DATABASE_URL=postgres_url(), MAPPA_POSTGRES_SCHEMA=store.postgres_schema)
    return env


def _least_position(engine: sa.Engine) -> int:
    try:
        with engine.connect() as conn:
            found = tracking.positions(conn)
    except sa.exc.DBAPIError:
        return 0  # the tables are not there yet
    return min((found.get(view.name, 0) for view in all_views()), default=0)


def _kill_when_past(store: Settings, mode: str, position: int, engine: sa.Engine, script: Path) -> None:
    """Run the rebuilder in its own process and SIGKILL it once every view has passed ``position``."""
    process = subprocess.Popen([sys.executable, str(script), mode, "20"], env=_environment(store),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while _least_position(engine) <= position:
            assert process.poll() is None, f"the rebuilder ended before it was killed: {process.communicate()}"
            assert time.monotonic() < deadline, "the rebuilder made no progress"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL


@pytest.mark.slow
def test_a_rebuild_killed_twice_and_restarted_ends_exactly_as_a_clean_rebuild(
        store: Settings, app: Mappa, fresh_views: sa.Engine, tmp_path: Path) -> None:
    events = history_of(random_operations(seed=5, count=7000))
    for start in range(0, len(events), 500):
        app.save(*events[start:start + 500])
    head = app.max_notification_id()
    assert head > 3000
    script = tmp_path / "rebuilder.py"
    script.write_text(REBUILDER)
    engine = views_engine(store)
    _kill_when_past(store, "rebuild", head // 3, engine, script)
    _kill_when_past(store, "catch-up", 2 * head // 3, engine, script)
    restarted = Projector(engine, ApplicationSource(app), all_views())
    restarted.catch_up()
    assert all(status.position == head for status in restarted.status())
    clean = Projector(fresh_views, ApplicationSource(app), all_views())
    clean.setup()
    clean.rebuild()
    assert contents(engine) == contents(fresh_views)
    engine.dispose()
