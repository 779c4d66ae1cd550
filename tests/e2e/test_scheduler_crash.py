"""Crash injection: the real scheduler killed with SIGKILL mid-sweep, before delivery, during delivery and
between deliveries, at 18 points over two days of stages.

After every restart: each due reminder is recorded exactly once and delivered
at least once, and a duplicate e-mail carries the same Message-ID (RULES.md
section 9, R-REM-1, R-REM-7). A kill during delivery (the e-mail went, its
delivery was not recorded) sends exactly one duplicate; a kill between
deliveries may land with the next e-mail half sent, so it sends at most one.
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
from tests import reminder_world as w
from tests.conftest import sqlite_settings
from tests.e2e.scheduler_process import KillPoint, raised_count, run_and_kill, scheduler_env, sweep_once
from tests.smtp_server import SmtpServer

CASES = 60
# The review of every case is due 1 December. Day one: the 14-day stage. Day two, after an outage of the
# scheduler: only the escalation, which supersedes the stages missed in between.
DAYS = [("2026-11-17T09:00:00Z", "before-14d"), ("2026-12-08T09:00:00Z", "escalation-7d")]
KILLS = [
    [KillPoint("mid-sweep", 1), KillPoint("mid-sweep", 10), KillPoint("mid-sweep", 20),
     KillPoint("before-delivery"), KillPoint("during-delivery", 5), KillPoint("after-delivered", 3),
     KillPoint("during-delivery", 25), KillPoint("during-delivery", 1), KillPoint("after-delivered", 10),
     KillPoint("before-delivery")],
    [KillPoint("mid-sweep", 4), KillPoint("mid-sweep", 30), KillPoint("before-delivery"),
     KillPoint("during-delivery", 10), KillPoint("after-delivered", 1), KillPoint("during-delivery", 1),
     KillPoint("after-delivered", 15), KillPoint("during-delivery", 7)],
]


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def _seed(home: Path) -> Mappa:
    app = bootstrap(sqlite_settings(home / "var" / "mappa.db"), FixedClock(datetime(2026, 10, 20, 12, tzinfo=UTC)))
    w.area(app, on=date(2026, 10, 1))
    for number in range(CASES):
        w.refer(app, f"N-{number:04d}", date(2026, 10, 20))  # Level 3 in the community: review due 1 December
    return app


def _check(app: Mappa, smtp: SmtpServer, stages: list[str], kills: Counter[str]) -> int:
    """Every due reminder recorded once and delivered; duplicates only as the kills explain. Returns them."""
    raised = w.reminder_events(app)
    keys = [(e.deadline_id, e.stage, e.due_on) for e in raised]
    assert len(keys) == len(set(keys)), "a deadline stage was recorded twice"
    assert Counter(e.stage for e in raised) == {stage: CASES for stage in stages}
    delivered = {e.originator_id for e in w.reminder_events(app, "Delivered")}
    assert delivered == {e.originator_id for e in raised}, "a recorded reminder was never delivered"
    mails = smtp.received
    assert {m.message_id for m in mails} == {message_id(e.originator_id) for e in raised}
    assert all(m.message_id == message_id(m.message["X-Mappa-Reminder"]) for m in mails)
    duplicates = len(mails) - len({m.message_id for m in mails})
    # the e-mail in hand at each kill during delivery went again, with the same Message-ID
    assert kills["during-delivery"] <= duplicates <= kills["during-delivery"] + kills["after-delivered"]
    for mid in {m.message_id for m in mails}:
        copies = [m for m in mails if m.message_id == mid]
        assert len({(str(m.message["Subject"]), tuple(m.envelope_to)) for m in copies}) == 1
    return duplicates


@pytest.mark.slow
def test_a_scheduler_killed_at_any_point_records_each_reminder_once_and_delivers_it_at_least_once_R_REM_1(
        tmp_path: Path, smtp: SmtpServer) -> None:
    app = _seed(tmp_path)
    env = scheduler_env(tmp_path, smtp.port, MAPPA_REMINDER_BATCH_SIZE="3")
    db = tmp_path / "var" / "mappa.db"
    seen: list[str] = []
    kills: Counter[str] = Counter()
    duplicates = 0
    for day, ((now, _stage), points) in enumerate(zip(DAYS, KILLS, strict=True), start=1):
        for point in points:
            seen.append(run_and_kill(env, now, point, smtp, db))
            kills[point.kind] += 1
        sweep_once(env, now)  # the restart that finishes the day
        duplicates = _check(app, smtp, [s for _, s in DAYS[:day]], kills)
    assert raised_count(db) == CASES * len(DAYS)
    mid_sweep = [s for s in seen if s.startswith("mid-sweep") and f"recorded {CASES}," not in s]
    assert len(mid_sweep) == kills["mid-sweep"], f"a kill meant for mid-sweep did not land there: {seen}"
    print("\n".join(["kill points:", *seen, f"{sum(kills.values())} kills, {raised_count(db)} reminders recorded "
                      f"once each, {len(smtp.received)} e-mails, {duplicates} duplicates (same Message-ID)"]))
    app.close()
