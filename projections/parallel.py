"""A rebuild on several cores: the deadlines view in shares, each built by its own process into a shadow file.

One Python process uses one core. A rebuild on SQLite can use the others:
while the rebuilding process replays the other views, helper processes each
build one share of a partitioned view (projections/partition.py) into a shadow
SQLite file of their own, with no journal (it is thrown away if anything goes
wrong). When every share is done, the rebuilding process copies them into the
real view and moves its position, in one transaction, and catches up from
there as any rebuild does.

Safety:
- the real view is written only by that one transaction: a crash before it leaves the view empty at
  position 0, as a one-process rebuild does, and the next catch-up replays it;
- the shadows hold the view's state at one position (``upto``): the merge checks each is complete;
- if another process caught the view up meanwhile (it was at 0, so anyone could), its work stands and the
  shadows are dropped;
- a helper that fails leaves the view at 0, to be replayed in the rebuilding process.

The composition root says how to start a helper (``Parallel.start``): only it knows how to open the event store.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool

from projections import tracking
from projections.partition import Partitioned, Share
from projections.private import Cipher, with_cipher
from projections.source import EventSource
from projections.view import View

log = logging.getLogger(__name__)

SHADOW_CACHE_KIB = 16 * 1024  # a share's page cache: as fast as 64 MiB (15.2 s both), and a helper's peak memory
# stays flat from a quarter to all of a 1.17 M-event history (140 to 144 MiB; 132 to 215 MiB with 64 MiB)


class Job(Protocol):
    """A helper process building one share."""

    def reached(self) -> int:
        """The position the share has reached so far."""
        ...

    def applied(self) -> int:
        """How many events the share applied, once finished."""
        ...

    def finished(self) -> bool: ...

    def succeeded(self) -> bool:
        """Finished, and without an error."""
        ...

    def stop(self) -> None:
        """Stop the helper if it still runs, and wait for it."""
        ...


Start = Callable[[str, Share, Path, int], Job]  # (view name, share, shadow file, upto) -> a running helper


@dataclass(frozen=True)
class Parallel:
    """How a rebuild may use more cores: ``workers`` helpers, each a share of a partitioned view, when the
    rebuild replays at least ``least_events`` events."""

    start: Start
    workers: int
    least_events: int = 50_000

    def worth_it(self, engine: Engine, views: Sequence[View], events: int) -> bool:
        on_file = engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")
        return (on_file and self.workers >= 1 and events >= self.least_events
                and any(isinstance(view, Partitioned) for view in views))


def shadow_engine(path: Path) -> Engine:
    """An engine on a shadow file: no journal and no syncing, since a shadow is thrown away after any failure."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool, hide_parameters=True)
    event.listen(engine, "connect", _shadow_pragmas)
    return engine


def _shadow_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=OFF")
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute(f"PRAGMA cache_size=-{SHADOW_CACHE_KIB}")
    cursor.close()


class Shares:
    """The helpers building the shares of the partitioned views of one rebuild, and their shadow files."""

    def __init__(self, parallel: Parallel, views_file: Path, views: Sequence[View], upto: int) -> None:
        remove_orphans(views_file)
        self.upto = upto
        self.files: dict[str, list[Path]] = {}
        self.jobs: dict[str, list[Job]] = {}
        for view in views:
            shares = [Share(index, parallel.workers) for index in range(parallel.workers)]
            self.files[view.name] = [shadow_file(views_file, view.name, share) for share in shares]
            self.jobs[view.name] = [parallel.start(view.name, share, path, upto)
                                    for share, path in zip(shares, self.files[view.name], strict=True)]

    def reached(self) -> int:
        return min((job.reached() for jobs in self.jobs.values() for job in jobs), default=self.upto)

    def wait(self, progress: Callable[[], None], every: float = 0.2) -> None:
        while not all(job.finished() for jobs in self.jobs.values() for job in jobs):
            progress()
            time.sleep(every)
        progress()

    def succeeded(self, name: str) -> bool:
        return all(job.succeeded() for job in self.jobs[name])

    def applied(self, name: str) -> int:
        return sum(job.applied() for job in self.jobs[name])

    def close(self) -> None:
        for jobs in self.jobs.values():
            for job in jobs:
                job.stop()
        for paths in self.files.values():
            for path in paths:
                try:
                    path.unlink(missing_ok=True)
                except OSError as error:  # leave it to remove_orphans: the rebuild's result matters more
                    log.warning("could not remove the shadow file %s: %s", path, error)


def merge(engine: Engine, view: View, files: Sequence[Path], upto: int) -> bool:
    """Copy the shares in ``files`` into ``view`` and move it to ``upto``, in one transaction.

    False, writing nothing, when a share is not at ``upto`` or the view is no longer at 0 (another process
    caught it up meanwhile).
    """
    assert isinstance(view, Partitioned)
    schemas = [f"share_{index}" for index in range(len(files))]
    with engine.connect() as conn, _attached(conn, dict(zip(schemas, files, strict=True))):
        complete = all(_share_position(conn, schema, view.name) == upto for schema in schemas)
        conn.rollback()
        if not complete:
            log.warning("view %s is replayed in this process: a share is not at position %d", view.name, upto)
            return False
        with conn.begin():
            if tracking.lock(conn, [view.name])[view.name] != 0:
                log.info("view %s was caught up by another process during the rebuild: its shares are dropped",
                         view.name)
                return False
            view.merge(conn, schemas)
            tracking.set_position(conn, view.name, upto)
    log.info("view %s: %d shares built by helper processes merged at position %d", view.name, len(files), upto)
    return True


@contextmanager
def _attached(conn: Connection, files: dict[str, Path]) -> Iterator[None]:
    """The shadow files attached to ``conn`` as schemas (SQLite attaches and detaches outside a transaction)."""
    for schema, path in files.items():
        conn.exec_driver_sql(f"ATTACH DATABASE ? AS {schema}", (str(path),))
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()
        for schema in files:
            conn.exec_driver_sql(f"DETACH DATABASE {schema}")
        conn.commit()


def _share_position(conn: Connection, schema: str, name: str) -> int:
    query = f"SELECT position FROM {schema}.{tracking.tracking.name} WHERE view = ?"
    return int(conn.exec_driver_sql(query, (name,)).scalar() or 0)


def build_share(source: EventSource, view: View, share: Share, path: Path,
                progress: Callable[[int, int], None] | None = None, cipher: Cipher | None = None) -> int:
    """In a helper: build ``share`` of ``view`` into a new shadow file at ``path``, from ``source`` (which ends
    where the share must end). Returns how many events the share applied. ``cipher``: the views' own
    (projections/private.py), so that the merge copies private text as the real view stores it."""
    from projections.runner import Projector, query_indexes  # the runner imports this module

    assert isinstance(view, Partitioned)
    path.unlink(missing_ok=True)
    engine = with_cipher(shadow_engine(path), cipher)
    try:
        projector = Projector(engine, source, [view.part(share)])
        projector.setup()
        with engine.begin() as conn:  # the indexes only queries use: the real view's are built after the merge
            for index in query_indexes(list(projector.views.values())):
                index.drop(conn)
        return projector.catch_up(progress=progress)
    finally:
        engine.dispose()


def shadow_file(views_file: Path, name: str, share: Share) -> Path:
    """Where this process builds ``share`` of view ``name``: beside the views file, named after the process."""
    return views_file.with_name(f"{views_file.name}.share-{os.getpid()}-{name}-{share.index}of{share.count}")


def remove_orphans(views_file: Path) -> None:
    """Delete the shadow files of rebuilding processes that no longer run (killed before they cleaned up)."""
    for path in views_file.parent.glob(f"{views_file.name}.share-*"):
        pid = path.name.removeprefix(f"{views_file.name}.share-").split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
