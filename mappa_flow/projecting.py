"""Wires the read models to the application's event log and to a SQL database.

On PostgreSQL the views live in the same database and schema as the events,
and the follower wakes on the library's LISTEN/NOTIFY subscription. On SQLite
they live in their own file (derived data, rebuilt at will) and the follower
polls, because the library has no SQLite subscription.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import NullPool

from mappa_flow.application import MappaApplication
from mappa_flow.settings import Settings
from mappa_flow.storage import store_cipher
from mappa_flow.store_identity import StoreLog
from projections.private import with_cipher
from projections.runner import Projector
from projections.source import Positioned
from projections.view import View
from projections.views.account import AccountView
from projections.views.area import AreaView
from projections.views.audit import AuditView
from projections.views.case import CaseRegisterView
from projections.views.case_index import AggregateIds, CaseIndexView
from projections.views.deadline import DeadlineView
from projections.views.exception import ExceptionReasonView
from projections.views.isp import IspView
from projections.views.meeting import MeetingFactsView
from projections.views.reminder import ReminderView
from projections.views.scr import ScrView
from projections.views.stats import CaseStatFactsView

WAL_ATTEMPTS = 200  # 10 s
CHECKPOINT_PAGES = 16_384  # 64 MiB of WAL between checkpoints (default 1,000): a rebuild batch writes thousands
CACHE_KIB = 64 * 1024  # SQLite's page cache for the views file (the default, 2 MiB, thrashes in a rebuild)


def all_views(ids: AggregateIds | None = None) -> list[View]:
    """Every read model mappa-flow keeps; with the store's ids (``app.ids``), the case index too. Add a view
    here to have it projected and rebuilt."""
    views: list[View] = [AreaView(), CaseRegisterView(), MeetingFactsView(), DeadlineView(), ReminderView(),
                         CaseStatFactsView(), ScrView(), IspView(), AuditView(), ExceptionReasonView(), AccountView()]
    return [*views, CaseIndexView(ids)] if ids is not None else views


def views_engine(settings: Settings) -> Engine:
    """An engine on the views; with a cipher key, it stores their private text encrypted (projections/private.py)."""
    return with_cipher(_engine(settings), store_cipher(settings))


def _engine(settings: Settings) -> Engine:
    if settings.postgres_dbname:
        url = URL.create("postgresql+psycopg", username=settings.postgres_user,  # quoted: a password with @ or /
                         password=settings.postgres_password.get_secret_value() or None,  # never breaks the URL
                         host=settings.postgres_host, port=settings.postgres_port, database=settings.postgres_dbname)
        options = {"options": f"-csearch_path={settings.postgres_schema}"} if settings.postgres_schema else {}
        return create_engine(url, connect_args=options, pool_pre_ping=True, hide_parameters=True)
    settings.views_path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{settings.views_path}", connect_args={"timeout": 30}, poolclass=NullPool,
                           hide_parameters=True)  # an error never shows a row's values (a case reference)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # a fixed ceiling: a rebuild's memory does not grow with history
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Put the file in WAL mode (it stays so). Switching needs the file to itself, and SQLite does not wait for
    that, so two processes opening a new views file at once try again for a while instead of failing."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05)


class ApplicationSource:
    """Reads and decodes the application's notifications for the projector."""

    def __init__(self, app: MappaApplication):
        self.app = app
        self._woken = threading.Event()
        self._subscription: Any = None

    def max_position(self) -> int:
        return self.app.max_notification_id()

    def read(self, after: int, limit: int, topics: Sequence[str] = ()) -> list[Positioned]:
        notifications = self.app.recorder.select_notifications(after + 1, limit, topics=topics)
        to_event = self.app.mapper.to_domain_event
        return [Positioned(n.id, to_event(n)) for n in notifications]

    def wait(self, after: int, timeout: float) -> None:
        if self._subscription is None and _has_subscription(self.app):
            self._start_listening(after)
        self._woken.wait(timeout)
        self._woken.clear()

    def _start_listening(self, after: int) -> None:
        self._subscription = self.app.recorder.subscribe(gt=after)

        def listen() -> None:
            for _ in self._subscription:
                self._woken.set()

        threading.Thread(target=listen, name="mappa-listen", daemon=True).start()

    def close(self) -> None:
        if self._subscription is not None:
            self._subscription.stop()
            self._subscription = None


def _has_subscription(app: MappaApplication) -> bool:
    return type(app.recorder).__module__.startswith("eventsourcing.postgres")


def build_projector(settings: Settings, app: MappaApplication, views: list[View] | None = None) -> Projector:
    checked = StoreLog(app, app.store) if app.store else None  # the views are checked against this store's log
    projector = Projector(views_engine(settings), ApplicationSource(app), views or all_views(app.ids),
                          log_origin=checked)
    projector.setup()
    return projector
