"""Several real scheduler processes sweeping one PostgreSQL store at once: each deadline stage recorded once.

Correctness must not depend on the advisory lock, so the first race runs with
it off; the second, with it on, also shows that it spares duplicate e-mails.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.reminder import message_id
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import FixedClock
from mappa_flow.projecting import build_projector
from tests import reminder_world as w
from tests.conftest import postgres_settings, postgres_url
from tests.e2e.scheduler_process import scheduler_env, start
from tests.smtp_server import SmtpServer

CASES = 30
PROCESSES = 3

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def seeded(pg_schema: str) -> Iterator[Mappa]:
    settings = postgres_settings(pg_schema)
    app = bootstrap(settings, FixedClock(datetime(2026, 10, 20, 12, tzinfo=UTC)))
    w.area(app, on=date(2026, 10, 1))
    for number in range(CASES):
        w.refer(app, f"N-{number:04d}", date(2026, 10, 20))  # reviews due 1 December
    views = build_projector(settings, app)  # an installation in use: its tables exist, its views lag behind
    views.engine.dispose()
    yield app
    app.close()


def _race(env: dict[str, str], now: str) -> list[str]:
    processes = [start(env, "sweep", "--once", "--now", now) for _ in range(PROCESSES)]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]
        outputs.append(out)
    return outputs


def _env(tmp_path: Path, pg_schema: str, smtp: SmtpServer, lock: bool) -> dict[str, str]:
    (tmp_path / "var").mkdir(exist_ok=True)
    return scheduler_env(tmp_path, smtp.port, MAPPA_DATABASE_URL=postgres_url(), MAPPA_POSTGRES_SCHEMA=pg_schema,
                         MAPPA_SCHEDULER_ADVISORY_LOCK=str(lock).lower(), MAPPA_REMINDER_BATCH_SIZE="4")


def _assert_once_each(app: Mappa, smtp: SmtpServer, stages: list[str]) -> None:
    raised = w.reminder_events(app)
    keys = [(e.deadline_id, e.stage, e.due_on) for e in raised]
    assert len(keys) == len(set(keys))
    assert Counter(e.stage for e in raised) == {stage: CASES for stage in stages}
    assert {e.originator_id for e in w.reminder_events(app, "Delivered")} == {e.originator_id for e in raised}
    assert {m.message_id for m in smtp.received} == {message_id(e.originator_id) for e in raised}


def test_schedulers_racing_record_each_deadline_stage_once_with_or_without_the_lock_R_REM_1_R_REM_7(
        seeded: Mappa, pg_schema: str, smtp: SmtpServer, tmp_path: Path) -> None:
    _race(_env(tmp_path, pg_schema, smtp, lock=False), "2026-11-17T09:00:00Z")
    _assert_once_each(seeded, smtp, ["before-14d"])
    before = len(smtp.received)
    outputs = _race(_env(tmp_path, pg_schema, smtp, lock=True), "2026-12-08T09:00:00Z")
    assert any(out.startswith("swept 2026-12-08") for out in outputs)
    _assert_once_each(seeded, smtp, ["before-14d", "escalation-7d"])
    escalations = smtp.received[before:]
    assert len(escalations) == CASES  # one scheduler at a time delivered: no duplicate e-mails this time
    assert all(sorted(m.envelope_to) == sorted([w.COORDINATOR_EMAIL, w.CHAIR_EMAIL]) for m in escalations)
