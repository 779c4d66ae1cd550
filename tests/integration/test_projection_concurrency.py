"""Two processes keeping the same views at once (issue 3): the scheduler and a report, two CLI commands.

Each batch's transaction locks the tracking rows of its views and reads their positions under the lock
(projections/tracking.py ``lock``): PostgreSQL ``SELECT ... FOR UPDATE``, SQLite the database's write lock.
So real processes setting up, catching up and rebuilding one views database at the same moment never
clash on a key, never apply an event twice, and end with exactly the tables of a clean rebuild.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mappa_flow.bootstrap import Mappa
from mappa_flow.projecting import ApplicationSource, all_views, views_engine
from mappa_flow.settings import Settings
from projections.runner import Projector
from tests.integration.test_projection_properties import _environment, contents
from tests.projection_history import history_of, random_operations

KEEPER = """
import json, sys, time
from pathlib import Path
from mappa_flow.bootstrap import bootstrap
from mappa_flow.projecting import ApplicationSource, all_views, views_engine
from mappa_flow.settings import load_settings
from projections.runner import Projector

mode, folder, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
settings = load_settings()
app = bootstrap(settings)
projector = Projector(views_engine(settings), ApplicationSource(app), all_views(), batch_size=30)
(folder / f"ready-{name}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
started = time.monotonic()
projector.setup()
pace = lambda reached, head: time.sleep(0.002)  # let the other process take the lock between batches
if mode == "rebuild":
    applied = projector.rebuild(progress=pace)
    (folder / "rebuilt").touch()
else:
    applied = projector.catch_up(progress=pace)
    while mode == "follow" and not (folder / "rebuilt").exists():  # keep catching up while the rebuild runs
        applied += projector.catch_up(progress=pace)
        time.sleep(0.005)
    applied += projector.catch_up(progress=pace)
print(json.dumps({"applied": applied, "started": started, "ended": time.monotonic()}), flush=True)
"""


def _saved_history(app: Mappa, seed: int, count: int) -> int:
    events = history_of(random_operations(seed=seed, count=count))
    for start in range(0, len(events), 500):
        app.save(*events[start:start + 500])
    return app.max_notification_id()


def _run_together(store: Settings, modes: tuple[str, ...], folder: Path) -> list[dict[str, Any]]:
    """Start one keeper process per mode, let them all go at the same moment, and return what each did.

    They are started one after another (each once the last is ready): opening the event store from two
    processes at the same instant is not what is under test here.
    """
    script = folder / "keeper.py"
    script.write_text(KEEPER)
    processes: list[subprocess.Popen[str]] = []
    try:
        for n, mode in enumerate(modes):
            processes.append(subprocess.Popen([sys.executable, str(script), mode, str(folder), str(n)],
                                              env=_environment(store), stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE, text=True))
            _wait_until_ready(processes[-1], folder / f"ready-{n}")
        (folder / "go").touch()
        outputs = [p.communicate(timeout=300) for p in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    return [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]


def _wait_until_ready(process: subprocess.Popen[str], ready: Path) -> None:
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert process.poll() is None, f"a keeper ended before it was ready: {process.communicate()}"
        assert time.monotonic() < deadline, "a keeper never got ready"
        time.sleep(0.01)


def _clean_rebuild(app: Mappa, engine: sa.Engine) -> int:
    clean = Projector(engine, ApplicationSource(app), all_views())
    clean.setup()
    return clean.rebuild()


def _overlapped(runs: list[dict[str, Any]]) -> bool:
    return max(run["started"] for run in runs) < min(run["ended"] for run in runs)


def test_two_processes_setting_up_and_catching_up_one_views_database_apply_each_event_once(
        store: Settings, app: Mappa, fresh_views: sa.Engine, tmp_path: Path) -> None:
    head = _saved_history(app, seed=23, count=2500)
    runs = _run_together(store, ("catch-up", "catch-up"), tmp_path)
    assert _overlapped(runs), runs
    engine = views_engine(store)
    assert all(status.position == head for status in Projector(engine, ApplicationSource(app), all_views()).status())
    expected = _clean_rebuild(app, fresh_views)
    assert sum(run["applied"] for run in runs) == expected  # each event applied to each view once, by one of them
    assert contents(engine) == contents(fresh_views)
    engine.dispose()


def test_a_rebuild_and_a_catch_up_at_once_end_exactly_as_a_clean_rebuild(
        store: Settings, app: Mappa, fresh_views: sa.Engine, tmp_path: Path) -> None:
    _saved_history(app, seed=29, count=2500)
    engine = views_engine(store)
    warm = Projector(engine, ApplicationSource(app), all_views())
    warm.setup()
    warm.catch_up()  # the followers have nothing to do until the rebuild empties the views
    runs = _run_together(store, ("rebuild", "follow", "follow"), tmp_path)
    assert _overlapped(runs), runs
    _clean_rebuild(app, fresh_views)
    assert contents(engine) == contents(fresh_views)
    engine.dispose()


def test_setting_up_from_four_threads_at_once_creates_each_table_once(store: Settings, app: Mappa) -> None:
    engines = [views_engine(store) for _ in range(4)]
    go, failures = threading.Barrier(len(engines)), []

    def set_up(engine: sa.Engine) -> None:
        go.wait()
        try:
            Projector(engine, ApplicationSource(app), all_views()).setup()
        except Exception as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=set_up, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    names = set(sa.inspect(engines[0]).get_table_names())
    assert {table.name for view in all_views() for table in view.tables} <= names
    for engine in engines:
        engine.dispose()
