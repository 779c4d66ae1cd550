"""``mappa-flow calendar``, ``reminders list|show`` and ``scheduler run|sweep`` as a co-ordinator runs them."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from mappa_flow.bootstrap import bootstrap
from mappa_flow.cli.context import EXIT_NOT_FOUND, EXIT_SETTINGS, EXIT_USAGE
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock, SystemClock, today_in_london
from tests import reminder_world as w
from tests.conftest import sqlite_settings
from tests.e2e.scheduler_process import raised_count, scheduler_env, start
from tests.ical_rfc5545 import problems
from tests.smtp_server import SmtpServer

NOW = "2026-11-20T09:00:00Z"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A store with area north (contacts set) and two Level 3 cases whose reviews are due 1 and 4 December."""
    app = bootstrap(sqlite_settings(tmp_path / "var" / "mappa.db"), FixedClock(datetime(2026, 11, 20, tzinfo=UTC)))
    w.area(app, on=date(2026, 10, 1))
    w.refer(app, "N-0001", date(2026, 10, 20))
    w.refer(app, "N-0002", date(2026, 10, 23))
    app.close()
    return tmp_path


def _run(home: Path, *args: str, **env: str) -> Any:
    variables = {"MAPPA_SQLITE_PATH": str(home / "var" / "mappa.db"), "MAPPA_USER": "coord-1", **env}
    return CliRunner().invoke(cli, list(args), env=variables, catch_exceptions=False)


def test_the_calendar_feed_lists_each_open_deadline_once_with_a_stable_uid(home: Path) -> None:
    first = _run(home, "calendar", "--area", "north", "--output", str(home / "north.ics"))
    assert first.exit_code == 0, first.output
    written = (home / "north.ics").read_bytes()
    assert problems(written) == []  # RFC 5545, octet for octet
    feed = Calendar.from_ical(written)
    events = feed.walk("VEVENT")
    reviews = [e for e in events if "Level 3 review" in str(e["SUMMARY"])]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in reviews] == [
        ("N-0001: Level 3 review meeting due", date(2026, 12, 1)),
        ("N-0002: Level 3 review meeting due", date(2026, 12, 4)),
    ]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) and all(uid.endswith("@mappa-flow") for uid in uids)
    again = _run(home, "calendar", "--area", "north")
    assert [str(e["UID"]) for e in Calendar.from_ical(again.stdout_bytes).walk("VEVENT")] == uids


def test_the_calendar_of_an_unknown_area_is_refused_naming_it(home: Path) -> None:
    result = _run(home, "calendar", "--area", "atlantis")
    assert result.exit_code == EXIT_NOT_FOUND
    assert "area atlantis is not registered" in result.output


def test_the_inbox_lists_reminders_and_shows_one_with_its_history(home: Path) -> None:
    swept = _run(home, "scheduler", "sweep", "--once", "--now", NOW)
    assert swept.exit_code == 0, swept.output
    assert "2 reminders recorded now" in swept.output and "e-mail not configured" in swept.output
    listed = _run(home, "reminders", "list", "--area", "north", "--status", "pending", "--format", "json")
    rows = json.loads(listed.output)
    assert sorted((r["case"], r["stage"], r["status"]) for r in rows) == [
        ("N-0001", "before-14d", "pending"), ("N-0002", "before-14d", "pending")]
    shown = _run(home, "reminders", "show", rows[0]["id"][:8])
    assert shown.exit_code == 0, shown.output
    assert rows[0]["id"] in shown.output and "raised on 2026-11-20 for coordinator" in shown.output
    assert _run(home, "reminders", "list", "--status", "delivered", "--format", "json").output.strip() == "[]"


def test_showing_an_unknown_reminder_is_refused(home: Path) -> None:
    result = _run(home, "reminders", "show", "not-an-id")
    assert result.exit_code == EXIT_NOT_FOUND
    assert "no reminder has an id starting 'not-an-id'" in result.output


@pytest.mark.parametrize("once", [(), ("--once",)], ids=["sweep", "sweep --once"])
def test_a_sweep_runs_once_with_or_without_once_R_REM_1(home: Path, once: tuple[str, ...]) -> None:
    swept = _run(home, "scheduler", "sweep", *once, "--now", NOW)
    assert swept.exit_code == 0, swept.output
    [line] = swept.output.splitlines()  # one readable line
    assert line.startswith("swept 2026-11-20: ") and ", 2 with a stage due, 2 reminders recorded now; " in line
    assert raised_count(home / "var" / "mappa.db") == 2


@pytest.mark.parametrize("args", [
    ("scheduler", "sweep", "--once", "--now", "1 December"),
    ("reminders", "list", "--status", "lost"),
])
def test_bad_scheduler_options_are_usage_errors_and_write_nothing(home: Path, args: tuple[str, ...]) -> None:
    result = _run(home, *args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert raised_count(home / "var" / "mappa.db") == 0


def test_a_misspelt_kind_in_the_reminder_stages_is_refused_before_anything_is_written_R_REM(home: Path) -> None:
    result = _run(home, "scheduler", "sweep", "--once", "--now", NOW,
                  MAPPA_REMINDER_STAGES="default=-14,0;minutes-rmp=-5,0")
    assert result.exit_code == EXIT_SETTINGS, result.output
    assert "MAPPA_REMINDER_STAGES" in result.output and "no kind of deadline called minutes-rmp" in result.output
    assert "minute-and-rmp" in result.output  # the kinds there are
    assert raised_count(home / "var" / "mappa.db") == 0


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.mark.slow
def test_the_long_running_scheduler_sweeps_at_start_up_and_stops_cleanly_on_sigterm_R_REM_1(
        tmp_path: Path, smtp: SmtpServer) -> None:
    today = today_in_london(SystemClock())
    app = bootstrap(sqlite_settings(tmp_path / "var" / "mappa.db"), SystemClock())
    w.area(app, on=today - timedelta(days=60))
    w.refer(app, "N-0001", today - timedelta(days=30))  # review due in 12 days: its 14-day stage has come
    app.close()
    process = start(scheduler_env(tmp_path, smtp.port, MAPPA_SWEEP_INTERVAL_SECONDS="1"), "run")
    try:
        deadline = time.monotonic() + 120
        while not [m for m in smtp.received if "N-0001" in str(m.message["Subject"])]:
            assert process.poll() is None, process.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the scheduler delivered nothing within 120 s"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err[-3000:]
    assert "scheduler stopped" in err
    sweeps = [line for line in err.splitlines() if "scheduler.runner: swept " in line]  # one readable line a sweep
    assert sweeps and all("open deadline" in line and "delivered" in line for line in sweeps), err[-3000:]
    lines = [line for line in err.splitlines() if " INFO " in line]
    assert not [line for line in lines if "Report(" in line or "apscheduler" in line], err[-3000:]
    assert not [line for line in lines if "scheduler.sweep:" in line or "scheduler.delivery:" in line]  # no repeats
    assert raised_count(tmp_path / "var" / "mappa.db") >= 1
