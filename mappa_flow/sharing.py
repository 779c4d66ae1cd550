"""The helper processes of a rebuild on several cores (projections/parallel.py): how they start and what they run.

Each helper is a new Python interpreter running ``main`` below (nothing of this
process's connections or threads is carried into it, and, unlike
multiprocessing's ``spawn``, nothing of the script that asked for the rebuild
is run again in it). It opens the event store with the
same settings, reads the log up to the rebuild's position, decodes only what
its share needs, and builds the share into its shadow file. It stops by itself
if the rebuilding process is gone.
"""

from __future__ import annotations

import logging
import os
import pickle
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Notification

from mappa_flow.application import MappaApplication
from mappa_flow.settings import Settings
from mappa_flow.storage import store_cipher
from projections.parallel import Parallel, build_share
from projections.partition import Keep, Partitioned, Share
from projections.source import Positioned

log = logging.getLogger(__name__)

MOST_WORKERS = 8
HELPER_NICENESS = 5
# The helper's program: this module's main, found from where this package is (a caller may have found it by its
# own sys.path rather than by an installation).
HELPER = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); "
          "from mappa_flow.sharing import main; main()")


def parallel_for(settings: Settings) -> Parallel | None:
    """How a rebuild of these settings' views may use other cores; None on PostgreSQL or with one core."""
    if settings.postgres_dbname:
        return None
    cores = os.cpu_count() or 1
    workers = settings.rebuild_workers
    if workers is None:  # the default: a helper a core, up to MOST_WORKERS; a setting is taken as given
        workers = min(cores, MOST_WORKERS) if cores > 1 else 0
    if workers == 0:
        return None
    return Parallel(lambda view, share, path, upto: ProcessJob(settings, view, share, path, upto),
                    workers, settings.rebuild_parallel_from)


class ProcessJob:
    """One helper process building one share: this module's ``main`` in a new interpreter, given its work (the settings
    with their secrets among it) on its standard input, never on its command line. It reports each position
    it reaches, and at the end how many events it applied, as lines on its standard output."""

    def __init__(self, settings: Settings, view: str, share: Share, path: Path, upto: int) -> None:
        self._reached = 0
        self._applied = 0
        self.process = subprocess.Popen([sys.executable, "-c", HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdin is not None
        self.process.stdin.write(pickle.dumps((settings, view, share, str(path), upto, os.getpid())))
        self.process.stdin.close()
        self._listener = threading.Thread(target=self._listen, name=f"mappa-share-{view}-{share.index}", daemon=True)
        self._listener.start()

    def _listen(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            what, _, number = line.decode().partition(" ")
            if what == "reached":
                self._reached = int(number)
            elif what == "applied":
                self._applied = int(number)

    def reached(self) -> int:
        return self._reached

    def applied(self) -> int:
        return self._applied

    def finished(self) -> bool:
        return self.process.poll() is not None

    def succeeded(self) -> bool:
        self._listener.join(timeout=5)  # it has read all the helper wrote
        return self.finished() and self.process.returncode == 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()
        self._listener.join(timeout=5)


def main() -> None:
    """The helper's body: build the share it is given on its standard input (``ProcessJob``)."""
    settings, view_name, share, path, upto, parent = pickle.loads(sys.stdin.buffer.read())
    os.nice(HELPER_NICENESS)  # the rebuilding process's own work is what the merge waits for longest
    from mappa_flow.bootstrap import bootstrap
    from mappa_flow.projecting import all_views

    view = next(view for view in all_views() if view.name == view_name)
    assert isinstance(view, Partitioned)
    app = bootstrap(settings)

    def progress(position: int, _head: int) -> None:
        if os.getppid() != parent:
            sys.exit("the rebuilding process is gone")  # orphaned: nobody will merge this share
        print("reached", position, flush=True)

    try:
        source = ShareSource(app, settings.sqlite_path, upto, view.keeps(share), share)
        try:
            build_share(source, view, share, Path(path), progress, store_cipher(settings))
        finally:
            source.close()
        print("applied", source.owned, flush=True)
    finally:
        app.close()


class ShareSource:
    """The SQLite log up to ``upto``, as a share reads it: only the notifications it keeps (``keep``), ``limit``
    kept ones at a time, so that the projector batches them as it batches an unfiltered source.

    The test runs inside SQLite, as a function of the query, on the originator id as stored (text): the rows
    of other shares are never fetched, let alone decoded. The helper's own read-only connection reads the
    library's events table (its name and columns are the library's ``SQLiteApplicationRecorder``'s).

    ``owned`` counts the events read whose originator the share holds: every event has exactly one such
    share, so the shares' counts add up to what one process would have applied to the view.
    """

    def __init__(self, app: MappaApplication, events_file: Path, upto: int, keep: Keep, share: Share) -> None:
        self.app = app
        self.upto = upto
        self.share = share
        self.owned = 0
        self._table = cast(Any, app.recorder).events_table_name
        self._db = sqlite3.connect(f"{events_file.resolve().as_uri()}?mode=ro", uri=True)
        self._db.create_function("mappa_keep", 2, keep, deterministic=True)

    def max_position(self) -> int:
        return min(self.upto, self.app.max_notification_id())

    def read(self, after: int, limit: int, topics: Sequence[str] = ()) -> list[Positioned]:
        wanted = f"AND topic IN ({', '.join('?' * len(topics))}) " if topics else ""
        rows = self._db.execute(
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {self._table} "
            f"WHERE rowid > ? AND rowid <= ? {wanted}AND mappa_keep(originator_id, topic) ORDER BY rowid LIMIT ?",
            (after, self.upto, *topics, limit)).fetchall()
        self.owned += sum(self.share.holds(row[1]) for row in rows)
        to_event = self.app.mapper.to_domain_event
        return [Positioned(row[0], to_event(Notification(id=row[0], originator_id=UUID(row[1]),
                                                         originator_version=row[2], topic=row[3], state=row[4])))
                for row in rows]

    def wait(self, after: int, timeout: float) -> None:
        return None

    def close(self) -> None:
        self._db.close()
