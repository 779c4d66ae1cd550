"""A rebuild on several cores (SQLite): the deadlines view in shares, built by helper processes and merged.

Real helper processes, real shadow files, real SIGKILLs. Every test ends by comparing every table of every
view with a rebuild in one process: the shares must change how fast a rebuild is, never what it gives.
PostgreSQL rebuilds in one process (mappa_flow/sharing.py ``parallel_for``), so these tests are SQLite's.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from eventsourcing.cipher import AESCipher
from pydantic import SecretStr

from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.projecting import ApplicationSource, all_views, views_engine
from mappa_flow.settings import Settings
from mappa_flow.sharing import parallel_for
from projections import tracking
from projections.parallel import build_share, merge, shadow_file
from projections.partition import Share
from projections.runner import Projector
from projections.source import ListSource
from projections.views.deadline import DeadlineView
from tests.conftest import postgres_settings, sqlite_settings
from tests.integration.test_projection_concurrency import _saved_history
from tests.integration.test_projection_properties import _environment, contents
from tests.projection_history import history_of, random_operations

HISTORY = 2500  # operations: a few thousand events, every kind of subject, late events and closure days


@pytest.fixture
def sharing_store(tmp_path: Path) -> Settings:
    """A SQLite store whose rebuilds use two helpers however few the events are."""
    return sqlite_settings(tmp_path / "mappa.db", rebuild_workers=2, rebuild_parallel_from=1)


@pytest.fixture
def sharing_app(sharing_store: Settings, clock: FixedClock) -> Iterator[Mappa]:
    application = bootstrap(sharing_store, clock)
    _saved_history(application, seed=31, count=HISTORY)
    yield application
    application.close()


def _one_process_rebuild(app: Mappa, store: Settings, tmp_path: Path) -> tuple[int, dict[str, list[tuple]]]:
    engine = views_engine(store.model_copy(update={"views_sqlite_path": tmp_path / "one-process.db"}))
    projector = Projector(engine, ApplicationSource(app), all_views())
    projector.setup()
    applied = projector.rebuild()
    found = contents(engine), _tracking(engine)
    engine.dispose()
    return applied, {**found[0], "tracking": found[1]}


def _tracking(engine: sa.Engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(conn.execute(sa.select(tracking.tracking)).all())


def _sharing_projector(app: Mappa, store: Settings) -> Projector:
    projector = Projector(views_engine(store), ApplicationSource(app), all_views(), parallel=parallel_for(store))
    projector.setup()
    return projector


def _everything(projector: Projector) -> dict[str, list[tuple]]:
    return {**contents(projector.engine), "tracking": _tracking(projector.engine)}


@pytest.mark.parametrize("workers", [2, 3])
def test_a_rebuild_in_shares_gives_exactly_the_tables_and_the_count_of_a_rebuild_in_one_process(
        sharing_store: Settings, sharing_app: Mappa, tmp_path: Path, workers: int,
        caplog: pytest.LogCaptureFixture) -> None:
    store = sharing_store.model_copy(update={"rebuild_workers": workers})
    expected_applied, expected = _one_process_rebuild(sharing_app, store, tmp_path)
    projector = _sharing_projector(sharing_app, store)
    with caplog.at_level(logging.INFO, logger="projections"):
        applied = projector.rebuild()
    assert f"view deadlines: {workers} shares built by helper processes merged" in caplog.text
    assert projector.merged == {"deadlines": workers}
    assert _everything(projector) == expected
    assert applied == expected_applied
    assert not list(tmp_path.glob("*.share-*")), "the shadow files are removed"
    projector.engine.dispose()


def test_events_recorded_after_the_rebuild_began_are_caught_up_after_the_merge(
        sharing_store: Settings, clock: FixedClock, tmp_path: Path) -> None:
    events = history_of(random_operations(seed=43, count=HISTORY))
    app = bootstrap(sharing_store, clock)
    for start in range(0, len(events) - 200, 500):
        app.save(*events[start:min(start + 500, len(events) - 200)])
    projector = _sharing_projector(app, sharing_store)
    recorded = False

    def record_the_rest(reached: int, head: int) -> None:
        nonlocal recorded
        if not recorded:
            app.save(*events[-200:])  # while the helpers build their shares up to the old head
            recorded = True

    projector.rebuild(progress=record_the_rest)
    assert recorded
    head = app.max_notification_id()
    assert head == len(events)
    assert all(status.position == head for status in projector.status())
    assert _everything(projector) == _one_process_rebuild(app, sharing_store, tmp_path)[1]
    projector.engine.dispose()
    app.close()


def test_a_store_encrypted_at_rest_is_rebuilt_in_shares_with_the_same_key(tmp_path: Path, clock: FixedClock) -> None:
    key = SecretStr(AESCipher.create_key(num_bytes=32))
    store = sqlite_settings(tmp_path / "mappa.db", rebuild_workers=2, rebuild_parallel_from=1, cipher_key=key)
    app = bootstrap(store, clock)
    _saved_history(app, seed=47, count=800)
    projector = _sharing_projector(app, store)
    projector.rebuild()
    assert projector.merged == {"deadlines": 2}  # the helpers decrypted their shares with the key handed over
    assert _everything(projector) == _one_process_rebuild(app, store, tmp_path)[1]
    projector.engine.dispose()
    app.close()


def test_a_helper_killed_mid_share_leaves_its_view_to_the_rebuilding_process(
        sharing_store: Settings, sharing_app: Mappa, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    projector = _sharing_projector(sharing_app, sharing_store)
    killed: list[int] = []

    def kill_a_helper(reached: int, head: int) -> None:
        helpers = _helper_pids(os.getpid())
        if not killed and helpers:
            os.kill(helpers[0], signal.SIGKILL)
            killed.append(helpers[0])

    with caplog.at_level(logging.WARNING, logger="projections"):
        projector.rebuild(progress=kill_a_helper)
    assert killed, "a helper was running to be killed"
    assert "view deadlines is replayed in this process" in caplog.text
    assert projector.merged == {}
    assert _everything(projector) == _one_process_rebuild(sharing_app, sharing_store, tmp_path)[1]
    projector.engine.dispose()


REBUILDER = """
import sys, time
from pathlib import Path
from mappa_flow.bootstrap import bootstrap
from mappa_flow.projecting import build_projector
from mappa_flow.settings import load_settings

settings = load_settings()
app = bootstrap(settings)
projector = build_projector(settings, app)
started = Path(sys.argv[1])

def pace(reached, head):
    started.touch()
    time.sleep(0.05)

projector.rebuild(progress=pace)
"""


def test_killing_the_rebuilding_process_stops_its_helpers_and_a_restart_ends_as_a_clean_rebuild(
        sharing_store: Settings, sharing_app: Mappa, tmp_path: Path) -> None:
    script, started = tmp_path / "rebuilder.py", tmp_path / "started"
    script.write_text(REBUILDER)
    env = {**_environment(sharing_store), "MAPPA_REBUILD_WORKERS": "2", "MAPPA_REBUILD_PARALLEL_FROM": "1"}
    rebuilder = subprocess.Popen([sys.executable, str(script), str(started)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        helpers = _helpers_of(rebuilder, started, tmp_path)
        rebuilder.send_signal(signal.SIGKILL)
        rebuilder.wait(timeout=30)
    finally:
        if rebuilder.poll() is None:
            rebuilder.kill()
    _wait_until_gone(helpers)
    projector = _sharing_projector(sharing_app, sharing_store)
    projector.catch_up()  # the restart: the deadlines view was left empty at 0, and is replayed
    assert _everything(projector) == _one_process_rebuild(sharing_app, sharing_store, tmp_path)[1]
    assert list(tmp_path.glob(f"*.share-{rebuilder.pid}-*")), "the killed rebuild left its shadow files"
    projector.rebuild()
    assert not list(tmp_path.glob("*.share-*")), "the next rebuild removes a dead process's shadow files"
    projector.engine.dispose()


def _helpers_of(process: subprocess.Popen[bytes], started: Path, folder: Path) -> list[int]:
    """The pids of ``process``'s share helpers, once its rebuild has begun and they are building their shares
    (their shadow files are in ``folder``)."""
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, f"the rebuilder ended before it was killed: {process.communicate()}"
        assert time.monotonic() < deadline, "the rebuilder never started its helpers"
        helpers = _helper_pids(process.pid)
        if started.exists() and len(helpers) == 2 and len(list(folder.glob(f"*.share-{process.pid}-*"))) == 2:
            return helpers
        time.sleep(0.02)


def _helper_pids(parent: int) -> list[int]:
    """The share helpers ``parent`` started (from its main thread), as the kernel lists its children."""
    found = []
    for pid in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
        try:
            if b"mappa_flow.sharing" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(int(pid))
        except FileNotFoundError:
            continue  # it has just ended
    return found


def _wait_until_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 60
    while any(_alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"helpers {pids} outlived the rebuilding process"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; its parent (here init) has not reaped it yet


def test_shares_are_merged_only_when_each_is_complete_and_the_view_is_still_empty(tmp_path: Path) -> None:
    events = history_of(random_operations(seed=41, count=1200))
    head = len(events)
    files = []
    for index in range(2):
        share = Share(index, 2)
        files.append(shadow_file(tmp_path / "views.db", "deadlines", share))
        build_share(ListSource(events), DeadlineView(), share, files[-1])
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'views.db'}")
    projector = Projector(engine, ListSource(events), all_views())
    projector.setup()
    view = projector.views["deadlines"]
    assert not merge(engine, view, files, head - 1), "a share is not at the position asked for"
    with engine.begin() as conn:
        tracking.set_position(conn, "deadlines", 7)
    assert not merge(engine, view, files, head), "another process has moved the view"
    assert contents(engine) == _empty(), "a refused merge writes nothing"
    with engine.begin() as conn:
        tracking.set_position(conn, "deadlines", 0)
    assert merge(engine, view, files, head)
    projector.catch_up()
    clean = Projector(sa.create_engine("sqlite://"), ListSource(events), all_views())
    clean.setup()
    clean.rebuild()
    assert contents(engine) == contents(clean.engine)
    engine.dispose()


def _empty() -> dict[str, list[tuple]]:
    return {table.name: [] for view in all_views() for table in view.tables}


def test_postgresql_and_single_core_machines_rebuild_in_one_process(tmp_path: Path) -> None:
    assert parallel_for(postgres_settings("any_schema", rebuild_workers=4)) is None
    assert parallel_for(sqlite_settings(tmp_path / "a.db", rebuild_workers=0)) is None
    found = parallel_for(sqlite_settings(tmp_path / "a.db", rebuild_workers=3, rebuild_parallel_from=10))
    assert found is not None and (found.workers, found.least_events) == (3, 10)
    by_default = parallel_for(sqlite_settings(tmp_path / "a.db"))
    cores = os.cpu_count() or 1
    assert (by_default.workers if by_default else 0) == (cores if cores > 1 else 0)
