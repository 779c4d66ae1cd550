"""The scheduler keeps the store sealed: a seal a day (and after each import), each new seal's hash e-mailed to
the SOG chairs once, over real SMTP on loopback (aiosmtpd), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from mappa_flow.audit.anchor import CLAIM_LEASE, SealKeeper
from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.tables import anchor_mail, audit_engine, seal
from mappa_flow.bootstrap import Mappa
from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.scheduling import build_cycle, outbox
from mappa_flow.settings import Settings
from projections.runner import Projector
from scheduler.cycle import Cycle
from tests import reminder_world as w
from tests.smtp_server import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "import-example.jsonl"
START = datetime(2026, 11, 20, 10, tzinfo=UTC)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def _mailing(store: Settings, port: int) -> Settings:
    return store.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_timeout_seconds": 5,
                                    "smtp_from": "mappa-flow@example.org", "delivery_retry_base_seconds": 600})


@pytest.fixture
def views(app: Mappa, store: Settings, clock: FixedClock) -> Projector:
    """Two areas registered on 1 October (no reminder is due by 20 November): north with a SOG chair, south
    with none."""
    clock.set(START)
    w.area(app, on=date(2026, 10, 1))
    w.area(app, "south", contacts=False, on=date(2026, 10, 1))
    return w.projector(store, app)


def _cycle(settings: Settings, app: Mappa, views: Projector, clock: FixedClock) -> Cycle:
    return build_cycle(settings, app, views, clock)


def _anchors(smtp: SmtpServer) -> list[str]:
    return [str(mail.message["X-Mappa-Seal"]) for mail in smtp.received if mail.message["X-Mappa-Seal"]]


def _seal_nos(store: Settings) -> list[tuple[int, str]]:
    engine = audit_engine(store)
    try:
        with engine.connect() as conn:
            return [(row.seal_no, row.sealed_by) for row in conn.execute(select(seal).order_by(seal.c.seal_no))]
    finally:
        engine.dispose()


def test_the_scheduler_seals_at_once_then_daily_and_mails_each_new_anchor_once(
    app: Mappa, store: Settings, views: Projector, clock: FixedClock, smtp: SmtpServer
) -> None:
    settings = _mailing(store, smtp.port)
    report = _cycle(settings, app, views, clock).run_once()
    assert report.sealed is not None and (report.sealed.sealed, report.sealed.seal_no) == (app.max_notification_id(), 1)
    assert report.sealed.mailed == 1
    [mail] = smtp.received
    assert mail.envelope_to == [w.CHAIR_EMAIL] and "Seal #1" in str(mail.message["Subject"])
    anchor = _anchors(smtp)[0]
    assert f"mappa-flow audit verify --anchor {anchor}" in mail.text
    assert mail.message_id == f"<seal-{anchor[:32]}.north@mappa-flow>"

    w.refer(app, "N-0001", date(2026, 11, 20))
    clock.set(START + timedelta(hours=23))
    later = _cycle(settings, app, views, clock).run_once()
    assert later.sealed is not None and (later.sealed.sealed, later.sealed.seal_no, later.sealed.mailed) == (0, 1, 0)
    clock.set(START + timedelta(hours=24, minutes=5))
    next_day = _cycle(settings, app, views, clock).run_once()
    # the referral and its receipt, and the new day the scheduler reached and its receipt (R-REM-6)
    assert next_day.sealed is not None and (next_day.sealed.sealed, next_day.sealed.seal_no) == (4, 2)
    assert [n for n, _ in _seal_nos(store)] == [1, 2] and _anchors(smtp)[1:] != [anchor]
    _cycle(settings, app, views, clock).run_once()
    assert len(_anchors(smtp)) == 2  # once per seal
    auditor = Auditor.open(store, app)
    try:
        assert not auditor.verify(_anchors(smtp)[0]).tampered and not auditor.verify(_anchors(smtp)[1]).tampered
    finally:
        auditor.close()


def test_two_schedulers_at_the_same_moment_send_each_anchor_once(
    app: Mappa, store: Settings, views: Projector, clock: FixedClock, smtp: SmtpServer
) -> None:
    settings = _mailing(store, smtp.port)
    keepers = [SealKeeper(app, audit_engine(settings), views.engine, outbox(settings), timedelta(hours=24))
               for _ in range(4)]
    views.catch_up()
    auditor = Auditor.open(store, app)  # makes the audit tables
    auditor.seal("auditor-1")
    auditor.close()
    start = threading.Barrier(len(keepers))
    reports = []

    def run(keeper: SealKeeper) -> None:
        start.wait()
        reports.append(keeper(START))

    threads = [threading.Thread(target=run, args=(keeper,)) for keeper in keepers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(reports) == len(keepers)
    assert sorted(report.mailed for report in reports) == [0, 0, 0, 1] and len(_anchors(smtp)) == 1
    for keeper in keepers:
        keeper.engine.dispose()


def test_a_failed_anchor_mail_is_recorded_and_sent_once_after_the_backoff(
    app: Mappa, store: Settings, views: Projector, clock: FixedClock, smtp: SmtpServer
) -> None:
    down = _cycle(_mailing(store, free_port()), app, views, clock).run_once()  # nothing listens there
    assert down.sealed is not None and (down.sealed.seal_no, down.sealed.mailed, down.sealed.failed) == (1, 0, 1)
    engine = audit_engine(store)
    with engine.connect() as conn:
        row = conn.execute(select(anchor_mail)).mappings().one()
    assert (row["area"], row["attempts"], row["delivered_at"]) == ("north", 1, None)
    assert row["last_failure"] and "@" not in row["last_failure"]  # the kind of failure, no address
    up = _mailing(store, smtp.port)
    clock.set(START + timedelta(minutes=5))  # before the next attempt (600 s)
    assert _cycle(up, app, views, clock).run_once().sealed.mailed == 0  # type: ignore[union-attr]
    clock.set(START + timedelta(minutes=11))
    assert _cycle(up, app, views, clock).run_once().sealed.mailed == 1  # type: ignore[union-attr]
    assert _cycle(up, app, views, clock).run_once().sealed.mailed == 0  # type: ignore[union-attr]
    assert len(_anchors(smtp)) == 1
    with engine.begin() as conn:  # a sender that died after claiming: its claim is taken again after the lease
        conn.execute(update(anchor_mail).values(delivered_at=None, claimed_at=START.replace(tzinfo=None)))
    assert _cycle(up, app, views, clock).run_once().sealed.mailed == 0  # type: ignore[union-attr]
    clock.set(START + CLAIM_LEASE + timedelta(minutes=1))
    assert _cycle(up, app, views, clock).run_once().sealed.mailed == 1  # type: ignore[union-attr]
    engine.dispose()


def test_no_automatic_first_seal_over_events_older_than_the_interval_but_a_person_may_seal(
    app: Mappa, store: Settings, views: Projector, clock: FixedClock
) -> None:
    clock.set(START + timedelta(days=2))
    report = _cycle(store, app, views, clock).run_once()
    assert report.sealed is not None and report.sealed.seal_no is None and report.sealed.sealed == 0
    assert report.sealed.refused is not None and "there is no seal" in report.sealed.refused
    assert _seal_nos(store) == []
    auditor = Auditor.open(store, app)
    try:
        assert [f.kind for f in auditor.verify().findings] == ["seal-overdue"]
        auditor.seal("auditor-1")
        assert _cycle(store, app, views, clock).run_once().sealed.refused is None  # type: ignore[union-attr]
    finally:
        auditor.close()


def test_no_automatic_seal_over_a_history_that_no_longer_matches_the_last_seal(
    app: Mappa, store: Settings, views: Projector, clock: FixedClock
) -> None:
    _cycle(store, app, views, clock).run_once()
    engine = audit_engine(store)
    with engine.begin() as conn:
        conn.execute(update(seal).values(sealed_by="someone-else"))
    engine.dispose()
    w.refer(app, "N-0001", date(2026, 11, 20))
    clock.set(START + timedelta(days=1, hours=1))
    report = _cycle(store, app, views, clock).run_once()
    assert report.sealed is not None and report.sealed.refused is not None
    assert "seal #1 no longer matches its own record" in report.sealed.refused
    assert [n for n, _ in _seal_nos(store)] == [1]


def test_an_import_seals_what_it_applied_and_a_repeat_that_applies_nothing_does_not(
    store: Settings, clock: FixedClock
) -> None:
    def run(*args: str) -> str:
        context = CliContext(settings=store, clock=clock)
        try:
            done = CliRunner().invoke(cli, list(args), obj=context)
        finally:
            context.close()
        assert done.exit_code == 0, done.output
        return done.output

    first = run("import", str(EXAMPLE))
    assert "Sealed " in first and "seal #1, hash " in first
    assert _seal_nos(store) == [(1, "mappa-flow import")]
    again = run("import", str(EXAMPLE))
    assert "Sealed" not in again and _seal_nos(store) == [(1, "mappa-flow import")]
