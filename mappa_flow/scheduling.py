"""Wires the scheduler to the application, the read models and the SMTP server, from settings."""

from __future__ import annotations

from datetime import timedelta

from domain.reminder_stage import StagePlan
from mappa_flow.audit.anchor import SealKeeper
from mappa_flow.audit.tables import audit_engine, create_tables
from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import Clock
from mappa_flow.settings import Settings
from projections.deadlines.model import Kind
from projections.runner import Projector
from scheduler.cycle import Cycle
from scheduler.delivery import Outbox, RetryPolicy
from scheduler.smtp import SmtpConfig, SmtpMailer


def smtp_config(settings: Settings) -> SmtpConfig | None:
    """The SMTP server to e-mail reminders through, or None when none is configured."""
    if not settings.smtp_host:
        return None
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    ca_file = str(settings.smtp_ca_file) if settings.smtp_ca_file else None
    return SmtpConfig(host=settings.smtp_host, port=settings.smtp_port, starttls=settings.smtp_starttls,
                      ca_file=ca_file, username=settings.smtp_username, password=password,
                      timeout_seconds=settings.smtp_timeout_seconds)


def outbox(settings: Settings) -> Outbox | None:
    config = smtp_config(settings)
    if config is None:
        return None
    policy = RetryPolicy(settings.delivery_retry_base_seconds, settings.delivery_retry_max_seconds)
    return Outbox(SmtpMailer(config), settings.smtp_from, policy, settings.delivery_batch_size)


def stage_plan(settings: Settings) -> StagePlan:
    """The reminder stages per kind of deadline; a kind the deadlines view does not have is refused (R-REM)."""
    return StagePlan.parse(settings.reminder_stages, known_kinds=[kind.value for kind in Kind])


def seal_keeper(settings: Settings, app: Mappa, projector: Projector, mail: Outbox | None) -> SealKeeper:
    """Seals the store every MAPPA_SEAL_INTERVAL_HOURS and e-mails each new seal's hash to the SOG chairs."""
    engine = audit_engine(settings)
    create_tables(engine)
    return SealKeeper(app, engine, projector.engine, mail, timedelta(hours=settings.seal_interval_hours))


def build_cycle(settings: Settings, app: Mappa, projector: Projector, clock: Clock,
                plan: StagePlan | None = None) -> Cycle:
    mail = outbox(settings)
    return Cycle(app=app, projector=projector, plan=plan or stage_plan(settings),
                 outbox=mail, clock=clock.now, use_lock=settings.scheduler_advisory_lock,
                 batch_size=settings.reminder_batch_size, keep_seal=seal_keeper(settings, app, projector, mail))
