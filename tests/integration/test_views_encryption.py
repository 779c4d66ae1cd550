"""Encryption at rest reaches the views: with a cipher key, no free text, e-mail address or person's name is
stored in plain text in any view table (nor in the audit seals), and every report still shows it decrypted.

Each private value below is a distinctive marker. After the views catch up (and again after a rebuild), the
raw stored bytes are searched for every marker: on SQLite the views file, its write-ahead log and the event
store file; on PostgreSQL every row of every table of the schema, read without SQLAlchemy. Without a key the
same search finds every marker, so it does see the views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import psycopg
import pytest
from eventsourcing.cipher import AESCipher
from psycopg import sql
from pydantic import SecretStr
from sqlalchemy import Connection, select

from domain.calendar import quarter, reporting_year
from domain.scr import ReviewStage
from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.seal import seals
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.projecting import all_views, build_projector
from mappa_flow.settings import Settings
from projections.indicators import Scope
from projections.indicators.queries import reasons
from projections.private import UNREADABLE
from projections.registers.queries import isp_register, reviews, statistics
from projections.runner import Projector
from projections.views.area import area_contacts, closure_table
from projections.views.meeting import meeting_table
from projections.views.reminder import inbox
from scheduler.delivery import Outbox, RetryPolicy
from scheduler.smtp import SmtpConfig, SmtpMailer
from tests import reminder_world as w
from tests.conftest import postgres_url
from tests.integration.audit_story import do
from tests.smtp_server import SmtpServer

RECORDER = "zq7-recorder of every command"
AREA_NAME = "Zq7 Area Name"
CLOSURE_LABEL = "Zq7 closure label"
COORDINATOR = "zq7.coordinator@example.org"
SOG_CHAIR = "zq7.sog-chair@example.org"
ETHNICITY = "Zq7 ethnicity"
CHAIR = "Zq7 Chair Person"
ORDER_TYPE = "Zq7 order type"
PROVIDER = "Zq7 Provider Ltd"
RENEWED_PROVIDER = "Zq7 Second Provider"
REASON = "Zq7 reason, in the co-ordinator's words"
OUTCOME = "Zq7 recommendation outcome"
COMMENT = "Zq7 comment on the remit"
DELIVERED_TO = "zq7.delivered@example.org"
FAILURE = "Zq7 550 mailbox unavailable"
SEALER = "zq7 sealer"
MARKERS = (RECORDER, AREA_NAME, CLOSURE_LABEL, COORDINATOR, SOG_CHAIR, ETHNICITY, CHAIR, ORDER_TYPE, PROVIDER,
           RENEWED_PROVIDER, REASON, OUTCOME, COMMENT, DELIVERED_TO, FAILURE, SEALER)
NOT_IN_REPORTS = {ORDER_TYPE, PROVIDER, OUTCOME}  # kept by the views (the first provider: the register shows the
# current one), but no report shows them today; read back from the view rows instead
LATE_REVIEW = "R-PI-1:N-0001:2026-05-14"  # referred 2 April at Level 3: review due 14 May, held 20 May
AS_OF = date(2026, 11, 20)


@pytest.fixture(params=[True, False], ids=["with-key", "without-key"])
def encrypted(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def settings(store: Settings, encrypted: bool) -> Settings:
    key = SecretStr(AESCipher.create_key(num_bytes=32)) if encrypted else None
    return store.model_copy(update={"cipher_key": key})


@pytest.fixture
def world(settings: Settings, clock: FixedClock) -> Iterator[tuple[Mappa, Projector, Auditor]]:
    app = bootstrap(settings, clock)
    projector = build_projector(settings, app)
    auditor = Auditor.open(settings, app)
    yield app, projector, auditor
    auditor.close()
    projector.engine.dispose()
    app.close()


def _record_private_text(app: Mappa, projector: Projector, clock: FixedClock) -> None:
    def run(command: str, on: date, /, **fields: Any) -> None:
        do(app, command, by=RECORDER, occurred_on=on, **fields)

    run("register_area", date(2026, 4, 1), area="north", name=AREA_NAME)
    run("add_closure_day", date(2026, 4, 1), area="north", day=date(2026, 12, 28), label=CLOSURE_LABEL)
    run("set_contact", date(2026, 4, 1), area="north", role="coordinator", email=COORDINATOR)
    run("set_contact", date(2026, 4, 1), area="north", role="sog-chair", email=SOG_CHAIR)
    run("refer_case", date(2026, 4, 2), area="north", case_reference="N-0001", category=3, level=3,
        referring_agency="police-scotland", in_custody=False, ethnicity=ETHNICITY)
    run("hold_meeting", date(2026, 5, 20), meeting_ref="M-1", case_reference="N-0001", kind="review",
        venue="community", chair=CHAIR,
        invitations=[{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}])
    run("apply_for_order", date(2026, 6, 1), case_reference="N-0001", order_ref="ORD-1", order_type=ORDER_TYPE,
        route="civil")
    run("approve_isp", date(2026, 6, 1), isp_ref="ISP-1", case_reference="N-0001", provider=PROVIDER,
        cost="1250.50", starts_on=date(2026, 6, 1))
    run("request_isp_renewal", date(2026, 8, 20), isp_ref="ISP-1", risk_assessed_on=date(2026, 8, 18))
    run("renew_isp", date(2026, 8, 25), isp_ref="ISP-1", cost="900", provider=RENEWED_PROVIDER)
    run("record_exception_reason", AS_OF, indicator="R-PI-1", exception_key=LATE_REVIEW,
        category="chair-unavailable", agency="police-scotland", text=REASON)
    run("commission_scr", date(2026, 6, 1), scr_ref="SCR-1", area="north", case_reference="N-0001",
        remit="the remit")
    run("make_recommendation", date(2026, 7, 1), scr_ref="SCR-1", recommendation_ref="REC-1", text="a text")
    run("close_recommendation", date(2026, 8, 1), scr_ref="SCR-1", recommendation_ref="REC-1", outcome=OUTCOME,
        evidence="the evidence")
    run("evaluate_scr_stage", date(2026, 8, 1), scr_ref="SCR-1", stage=ReviewStage.REMIT.value, rating=3,
        comment=COMMENT)
    _deliver_two_reminders(app, projector, clock)


def _deliver_two_reminders(app: Mappa, projector: Projector, clock: FixedClock) -> None:
    """The scheduler raises the overdue review's reminders; one goes out, one fails."""
    w.cycle(app, projector, clock, stages=w.STAGES).run_once()
    first, second, *_ = [event.originator_id for event in w.reminder_events(app)]
    app.record_delivery(first, 1, "email", "<zq7-message@mappa.example>", [DELIVERED_TO])
    app.record_delivery_failure(second, 1, "email", FAILURE, datetime(2026, 11, 21, tzinfo=UTC))


def closure_label(conn: Connection, area: str, day: date) -> str | None:
    c = closure_table.c
    return conn.execute(select(c.label).where(c.area == area, c.day == day)).scalar()


def meeting_chair(conn: Connection, meeting_ref: str) -> str | None:
    m = meeting_table.c
    return conn.execute(select(m.chair).where(m.meeting_ref == meeting_ref)).scalar()


def stored_bytes(settings: Settings) -> bytes:
    """Everything stored, raw: the views file, its WAL and the event store file, or every PostgreSQL row."""
    if settings.backend == "sqlite":
        paths = [settings.views_path, settings.sqlite_path]
        files = [p.with_name(p.name + suffix) for p in paths for suffix in ("", "-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    chunks: list[bytes] = []
    with psycopg.connect(postgres_url()) as conn:
        tables = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                              (settings.postgres_schema,)).fetchall()
        for (table,) in tables:
            query = sql.SQL("SELECT * FROM {}.{}").format(sql.Identifier(settings.postgres_schema),
                                                         sql.Identifier(table))
            chunks.extend(str(value).encode() for row in conn.execute(query) for value in row)
    return b"".join(chunks)


def _found(settings: Settings) -> set[str]:
    raw = stored_bytes(settings)
    assert b"pv_exception_reason" in raw or settings.backend == "postgres"  # the scan does read the views
    return {marker for marker in MARKERS if marker.encode() in raw}


def _read_back(projector: Projector) -> set[str]:
    """Every marker in the rows of every view table, read through the views' engine."""
    with projector.engine.connect() as conn:
        text = repr([conn.execute(table.select()).all() for view in all_views() for table in view.tables])
    assert UNREADABLE not in text
    return {marker for marker in MARKERS if marker in text}


def _shown(projector: Projector, auditor: Auditor) -> set[str]:
    """Every marker that the reports show."""
    shown: list[Any] = []
    scope = Scope("north", quarter(2026, 1), as_of=AS_OF)
    with projector.engine.connect() as conn:
        shown += [(r.text, r.recorded_by) for r in reasons(conn, scope).values()]
        shown.append(area_contacts(conn, "north"))
        shown += [closure_label(conn, "north", date(2026, 12, 28)), meeting_chair(conn, "M-1")]
        shown += isp_register(conn, "north", reporting_year(2026), AS_OF)
        shown += statistics(conn, "north", reporting_year(2026), AS_OF, by="ethnicity")
        shown += [(stage.comment, r.recommendations) for r in reviews(conn, None, reporting_year(2026), AS_OF)
                  for stage in r.stages.values()]
        shown += inbox(conn, "north")
    shown += [(entry.recorded_by,) for entry in auditor.history("N-0001")]
    with auditor.engine.connect() as conn:
        shown += seals(conn)
    text = repr(shown)
    assert UNREADABLE not in text
    return {marker for marker in MARKERS if marker in text}


@pytest.mark.parametrize("build", [Projector.catch_up, Projector.rebuild], ids=["catch_up", "rebuild"])
def test_with_a_key_the_views_store_no_private_text_and_the_reports_show_it_all(
        world: tuple[Mappa, Projector, Auditor], settings: Settings, encrypted: bool, clock: FixedClock,
        build: Callable[[Projector], object]) -> None:
    """Whether the views were caught up event by event or rebuilt from the log."""
    app, projector, auditor = world
    _record_private_text(app, projector, clock)
    build(projector)
    auditor.seal(SEALER)
    assert _found(settings) == (set() if encrypted else set(MARKERS))
    assert _shown(projector, auditor) == set(MARKERS) - NOT_IN_REPORTS
    assert _read_back(projector) == set(MARKERS) - {SEALER}


def test_with_a_key_the_scheduler_mails_the_contacts_it_reads_back_from_the_views_R_REM_1(
        store: Settings, clock: FixedClock) -> None:
    settings = store.model_copy(update={"cipher_key": SecretStr(AESCipher.create_key(num_bytes=32))})
    app, server = bootstrap(settings, clock), SmtpServer().start()
    try:
        w.area(app, on=date(2026, 10, 1))
        w.refer(app, "N-0001", date(2026, 10, 20))  # Level 3 review due 1 December: a reminder comes on 17 November
        views = w.projector(settings, app)
        outbox = Outbox(SmtpMailer(SmtpConfig("127.0.0.1", server.port, timeout_seconds=5)), "mappa@example.org",
                        RetryPolicy(base_seconds=60, max_seconds=3600))
        w.cycle(app, views, clock, outbox).run_once()
        [mail] = server.received
        assert mail.envelope_to == [w.COORDINATOR_EMAIL]
        with views.engine.connect() as conn:
            assert [row.delivered_to for row in inbox(conn, "north")] == [w.COORDINATOR_EMAIL]
        assert w.COORDINATOR_EMAIL.encode() not in stored_bytes(settings)
        views.engine.dispose()
    finally:
        server.stop()
        app.close()
