"""The composition root: builds the application and its adapters from settings."""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING

from mappa_flow.application import MappaApplication
from mappa_flow.batch import BatchRunner
from mappa_flow.clock import Clock, SystemClock
from mappa_flow.ids import Ids
from mappa_flow.services.access import AccessService
from mappa_flow.services.audit import AuditService
from mappa_flow.services.audit_sample import AuditSampleService
from mappa_flow.services.case import CaseService
from mappa_flow.services.exception import ExceptionService, ViewsExceptionLookup
from mappa_flow.services.isp import IspService
from mappa_flow.services.meeting import MeetingService
from mappa_flow.services.oversight import OversightService
from mappa_flow.services.reminder import ReminderService
from mappa_flow.services.scr import ScrService
from mappa_flow.settings import Settings
from mappa_flow.storage import event_store_env
from mappa_flow.store_identity import open_store

if TYPE_CHECKING:
    from projections.runner import Projector


class Mappa(
    AccessService,
    ReminderService, AuditSampleService, AuditService, MeetingService, IspService, ScrService, CaseService,
    ExceptionService, OversightService, BatchRunner, MappaApplication,
):
    """Every use case of mappa-flow, on one event store."""


def bootstrap(settings: Settings, clock: Clock | None = None) -> Mappa:
    """Build the application. Connects to the store now, never at import.

    Raises ``StoreKeyError`` (a ``SettingsError``) before anything is read or written when the cipher key does
    not fit the store: missing for an encrypted store, another key, or a key for a store made without one."""
    secret = settings.cipher_key.get_secret_value() if settings.cipher_key else None
    app = Mappa(
        env=event_store_env(settings),
        clock=clock or SystemClock(),
        ids=Ids(secret),
        retries=settings.command_retries,
        snapshot_interval=settings.snapshot_interval,
    )
    try:
        app.store = open_store(app, secret, settings.describe_store())
    except BaseException:
        app.close()
        raise
    app.os_user = operating_system_user()
    app.exception_lookup = ViewsExceptionLookup(lambda: _projector(settings, app))  # views built on first use
    return app


def operating_system_user() -> str:
    """The account this process runs as, from its user id (not from $USER, which anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # no password database entry (a container's bare uid), or not POSIX
        return getpass.getuser() if not hasattr(os, "getuid") else f"uid {os.getuid()}"


def _projector(settings: Settings, app: Mappa) -> Projector:
    from mappa_flow.projecting import build_projector  # the read models are imported only when first needed

    return build_projector(settings, app)
