"""Delivery over real SMTP on loopback: what arrives, to whom, and every attempt recorded (RULES.md section 9)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from domain.reminder import message_id, reminder_id
from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from projections.runner import Projector
from scheduler.delivery import Outbox, RetryPolicy
from scheduler.smtp import SmtpConfig, SmtpMailer
from tests import reminder_world as w
from tests.smtp_server import SmtpServer, free_port

SENDER = "mappa-flow@example.org"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def _outbox(port: int, username: str | None = None, password: str | None = None, ca_file: str | None = None) -> Outbox:
    config = SmtpConfig("127.0.0.1", port, username=username, password=password, timeout_seconds=5,
                        starttls=ca_file is not None, ca_file=ca_file)
    return Outbox(SmtpMailer(config), SENDER, RetryPolicy(base_seconds=60, max_seconds=3600))


def _world(app: Mappa, store: Settings, contacts: bool = True) -> Projector:
    w.area(app, contacts=contacts, on=date(2026, 10, 1))  # no periodic deadline has a stage by 20 November
    w.refer(app, "N-0001", date(2026, 10, 20))  # Level 3 review due 1 December; before-14d came on 17 November
    return w.projector(store, app)


def test_a_reminder_arrives_once_with_its_case_due_date_rule_and_stable_message_id_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock, smtp: SmtpServer) -> None:
    views = _world(app, store)
    report = w.cycle(app, views, clock, _outbox(smtp.port)).run_once()
    assert report.delivered is not None and report.delivered.delivered == 1
    [mail] = smtp.received
    [raised] = w.reminder_events(app)
    assert mail.envelope_to == [w.COORDINATOR_EMAIL]
    assert mail.message["To"] == w.COORDINATOR_EMAIL
    assert mail.message_id == message_id(raised.originator_id)
    assert mail.message["Subject"] == ("[MAPPA north] N-0001: Level 3 review meeting due in 11 days "
                                       "(Tuesday 1 December 2026)")
    assert "Case:     N-0001" in mail.text and "Tuesday 1 December 2026" in mail.text and "R-REM-1" in mail.text
    [delivered] = w.reminder_events(app, "Delivered")
    assert (delivered.to, delivered.message_id, delivered.attempt) == ([w.COORDINATOR_EMAIL], mail.message_id, 1)
    w.cycle(app, views, clock, _outbox(smtp.port)).run_once()
    assert len(smtp.received) == 1  # delivered reminders do not go again


def test_an_escalation_reaches_the_coordinator_and_the_sog_chair_R_REM_7(
        app: Mappa, store: Settings, clock: FixedClock, smtp: SmtpServer) -> None:
    views = _world(app, store)
    clock.set(datetime(2026, 12, 8, 9, tzinfo=UTC))
    w.cycle(app, views, clock, _outbox(smtp.port)).run_once()
    [mail] = [m for m in smtp.received if "N-0001" in str(m.message["Subject"])]
    assert sorted(mail.envelope_to) == sorted([w.COORDINATOR_EMAIL, w.CHAIR_EMAIL])
    assert str(mail.message["Subject"]).startswith("ESCALATED: [MAPPA north] N-0001")
    assert "7 days overdue" in mail.text and "Escalated to the SOG chair" in mail.text


def test_a_failed_delivery_is_recorded_with_its_reason_and_retried_after_the_backoff_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock, smtp: SmtpServer) -> None:
    views = _world(app, store)
    down = _outbox(free_port())  # nothing listens there
    report = w.cycle(app, views, clock, down).run_once()
    assert report.delivered is not None and report.delivered.failed == 1
    [failed] = w.reminder_events(app, "DeliveryFailed")
    assert "ConnectionRefusedError" in failed.reason
    assert (failed.attempt, failed.next_attempt_at) == (1, clock.now() + timedelta(seconds=60))
    clock.advance(seconds=30)
    w.cycle(app, views, clock, _outbox(smtp.port)).run_once()
    assert smtp.received == []  # not before the next attempt is due
    clock.advance(seconds=31)
    w.cycle(app, views, clock, _outbox(smtp.port)).run_once()
    assert len(smtp.received) == 1
    [delivered] = w.reminder_events(app, "Delivered")
    assert delivered.attempt == 2


def test_an_area_without_contacts_fails_delivery_naming_what_to_set_R_REM_7(
        app: Mappa, store: Settings, clock: FixedClock, smtp: SmtpServer) -> None:
    views = _world(app, store, contacts=False)
    w.cycle(app, views, clock, _outbox(smtp.port)).run_once()
    [failed] = w.reminder_events(app, "DeliveryFailed")
    assert "area north has no co-ordinator or SOG chair e-mail set" in failed.reason
    assert smtp.received == []


def test_a_reminder_whose_deadline_is_met_before_it_goes_out_is_cancelled_not_sent_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock, smtp: SmtpServer) -> None:
    views = _world(app, store)
    w.cycle(app, views, clock).run_once()  # recorded; e-mail not configured yet
    w.hold_meeting(app, "M-1", "N-0001", date(2026, 11, 19))  # the review was held yesterday, recorded today
    w.cycle(app, views, clock, _outbox(smtp.port)).run_once()
    subjects = [str(mail.message["Subject"]) for mail in smtp.received]
    # Only the meeting's own deadline (10 working days; St Andrew's Day, 30 November, does not count).
    assert subjects == ["[MAPPA north] N-0001: minute ratified and RMP updated due in 14 days "
                        "(Friday 4 December 2026)"]
    [cancelled] = w.reminder_events(app, "Cancelled")
    assert cancelled.reason == "met"
    assert cancelled.originator_id == reminder_id(w.reminder_events(app)[0].deadline_id, "before-14d",
                                                  date(2026, 12, 1))


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_credentials_are_used_and_a_wrong_password_is_a_recorded_failure(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    server = SmtpServer(username="mappa", password="s3cret").start()
    try:
        views = _world(app, store)
        w.cycle(app, views, clock, _outbox(server.port, "mappa", "wrong")).run_once()
        [failed] = w.reminder_events(app, "DeliveryFailed")
        assert "SMTPAuthenticationError" in failed.reason
        clock.advance(seconds=61)
        w.cycle(app, views, clock, _outbox(server.port, "mappa", "s3cret")).run_once()
        [mail] = server.received
        assert (mail.over_tls, mail.login) == (False, "mappa")
    finally:
        server.stop()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder.mkdir(exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def test_starttls_is_used_and_the_server_certificate_verified_before_credentials_are_sent(
        app: Mappa, store: Settings, clock: FixedClock, tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    server = SmtpServer(username="mappa", password="s3cret", tls=(cert, key)).start()  # AUTH only after STARTTLS
    try:
        views = _world(app, store)
        w.cycle(app, views, clock, _outbox(server.port, "mappa", "s3cret", ca_file=str(cert))).run_once()
        [mail] = server.received
        assert (mail.over_tls, mail.login) == (True, "mappa")  # upgraded with STARTTLS, then logged in
        assert len(w.reminder_events(app, "Delivered")) == 1
    finally:
        server.stop()


def test_a_server_certificate_that_cannot_be_verified_is_a_recorded_failure(
        app: Mappa, store: Settings, clock: FixedClock, tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    server = SmtpServer(tls=(cert, key)).start()
    try:
        views = _world(app, store)
        w.cycle(app, views, clock, _outbox(server.port, ca_file=str(_self_signed(tmp_path / "other")[0]))).run_once()
        assert server.received == []
        [failed] = w.reminder_events(app, "DeliveryFailed")
        assert "CERTIFICATE_VERIFY_FAILED" in failed.reason
    finally:
        server.stop()
