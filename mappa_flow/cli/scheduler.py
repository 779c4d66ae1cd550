"""``mappa-flow calendar``, ``reminders list|show`` and ``scheduler run|sweep`` (docs/scheduler.md)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import click
from sqlalchemy.exc import IntegrityError, ProgrammingError

from domain.errors import DomainError
from domain.reminder import STATUSES
from domain.reminder_stage import StagePlan
from mappa_flow.cli.context import EXIT_NOT_FOUND, EXIT_SETTINGS, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure
from mappa_flow.cli.reporting import check_area, emit
from mappa_flow.cli.viewer import record_listed, require_viewer, viewer_option
from mappa_flow.clock import FixedClock, today_in_london
from mappa_flow.scheduling import build_cycle, stage_plan
from projections.deadlines.query import open_deadlines
from projections.runner import Projector
from projections.views.reminder import ReminderRow, as_utc, inbox, reminder_row
from scheduler.ical import calendar_feed
from scheduler.message import how_due, what_is_due
from scheduler.runner import run_until_stopped

SETUP_ATTEMPTS = 5
_INBOX_COLUMNS = ("id", "area", "case", "about", "due", "by", "stage", "status", "attempts", "raised_on")


@click.command("calendar")
@click.option("--area", required=True, help="Area code whose open deadlines to write.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@viewer_option
@pass_cli
def calendar(cli: CliContext, area: str, output: Path | None, viewer: str | None) -> None:
    """Write an area's open deadlines as an iCalendar (.ics) feed to subscribe to in Outlook.

    Say who is looking (--as USER or MAPPA_USER): each case in the feed is recorded in its access log.
    """
    who = require_viewer(viewer)
    views = cli.current_views()
    with views.engine.connect() as conn:
        check_area(conn, area)
        deadlines = open_deadlines(conn, area)
    record_listed(cli, (row.case_reference for row in deadlines), who, f"calendar: area {area}")
    feed = calendar_feed(area, deadlines, cli.clock.now())
    if output is None:
        sys.stdout.buffer.write(feed)
        return
    output.write_bytes(feed)
    click.echo(f"wrote {len(deadlines)} open deadlines of area {area} to {output}", err=True)


@click.group("reminders")
def reminders() -> None:
    """The reminders inbox: every reminder recorded, and how its delivery went."""


@reminders.command("list")
@click.option("--area", default=None, help="Only this area's reminders.")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only reminders in this state.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@viewer_option
@pass_cli
def list_reminders(cli: CliContext, area: str | None, status: str | None, limit: int, fmt: str,
                   viewer: str | None) -> None:
    """Reminders, newest first. Say who is looking (--as USER or MAPPA_USER): each case listed is recorded in
    its access log."""
    who = require_viewer(viewer)
    today = today_in_london(cli.clock)
    with cli.current_views().engine.connect() as conn:
        check_area(conn, area)
        rows = inbox(conn, area, status, limit)
    record_listed(cli, (row.case_reference for row in rows), who,
                  f"reminders list: area {area or 'all'}, status {status or 'all'}")
    emit([_inbox_row(row, today, short=fmt == "table") for row in rows], fmt, "Reminders", _INBOX_COLUMNS)


@reminders.command("show")
@click.argument("reminder_id")
@viewer_option
@pass_cli
def show_reminder(cli: CliContext, reminder_id: str, viewer: str | None) -> None:
    """One reminder (its id, or the start of it as listed) and every delivery attempt.

    Say who is looking (--as USER or MAPPA_USER): the reminder's case is recorded in its access log.
    """
    who = require_viewer(viewer)
    with cli.current_views().engine.connect() as conn:
        row = reminder_row(conn, reminder_id)
    if row is None:
        raise CliFailure(f"not found: no reminder has an id starting {reminder_id!r}, or more than one does "
                         f"(field=reminder_id, value={reminder_id!r}); 'mappa-flow reminders list' lists them",
                         EXIT_NOT_FOUND)
    record_listed(cli, [row.case_reference], who, f"reminders show {row.reminder_id}")
    for name, value in _inbox_row(row, today_in_london(cli.clock), short=False).items():
        click.echo(f"{name:>10}: {value}")
    click.echo(f"{'rule':>10}: {row.rule}")
    click.echo("history:")
    for event in cli.app.reminder_history(UUID(row.reminder_id)):
        click.echo(f"  {event.timestamp.isoformat(timespec='seconds')}  {_describe(event)}")


@click.group("scheduler")
def scheduler_group() -> None:
    """Record reminders as their stages come, and deliver them (docs/scheduler.md)."""


@scheduler_group.command("sweep")
@click.option("--once", is_flag=True, hidden=True)  # sweep always runs once; the flag is still accepted
@click.option("--now", "now_", type=click.DateTime(["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%z"]), default=None,
              help="Sweep as at this instant (e.g. 2026-12-01T09:00:00Z) instead of now.")
@pass_cli
def sweep_once(cli: CliContext, once: bool, now_: datetime | None) -> None:
    """Sweep once: record every reminder whose stage has come, then deliver what is waiting, and exit."""
    plan = _stage_plan(cli)
    if now_ is not None:
        cli.clock = FixedClock(now_ if now_.tzinfo else now_.replace(tzinfo=UTC))
    cycle = build_cycle(cli.settings, cli.app, _projector(cli), cli.clock, plan)
    click.echo(cycle.run_once().in_words())


@scheduler_group.command("run")
@pass_cli
def run(cli: CliContext) -> None:
    """Run until stopped (SIGTERM or Ctrl-C): a cycle at start-up, then every MAPPA_SWEEP_INTERVAL_SECONDS."""
    plan = _stage_plan(cli)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # its job lines are reprs; ours is one per sweep
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    cycle = build_cycle(cli.settings, cli.app, _projector(cli), cli.clock, plan)
    run_until_stopped(cycle, cli.settings.sweep_interval_seconds, stop, cli.clock.now)


def _stage_plan(cli: CliContext) -> StagePlan:
    """The stages of each kind of deadline. A mistake in MAPPA_REMINDER_STAGES (a kind misspelt) is refused
    before anything is opened or written."""
    try:
        return stage_plan(cli.settings)
    except DomainError as error:
        raise CliFailure(f"invalid setting: MAPPA_REMINDER_STAGES: {error}", EXIT_SETTINGS) from None


def _projector(cli: CliContext) -> Projector:
    """The views, created if missing. Schedulers starting together can race to create a new view's tables
    (PostgreSQL then refuses the loser's CREATE TABLE); the loser finds them made and goes on."""
    for _ in range(SETUP_ATTEMPTS - 1):
        try:
            return cli.projector
        except (IntegrityError, ProgrammingError):
            time.sleep(0.2)
    return cli.projector


def _inbox_row(row: ReminderRow, today: Any, short: bool) -> dict[str, Any]:
    return {
        "id": row.reminder_id[:8] if short else row.reminder_id, "area": row.area,
        "case": row.case_reference or "-", "about": row.subject_ref, "due": what_is_due(row.kind),
        "by": f"{row.due_on.isoformat()} ({how_due(row.due_on, today)})", "stage": row.stage,
        "status": row.status, "attempts": row.attempts, "raised_on": row.raised_on.isoformat(),
    } | ({} if short else _delivery_fields(row))


def _delivery_fields(row: ReminderRow) -> dict[str, Any]:
    next_at = as_utc(row.next_attempt_at)
    return {"for": row.recipients, "to": row.delivered_to or "-", "message": row.message_id or "-",
            "next_try": next_at.isoformat(timespec="seconds") if next_at else "-",
            "failure": row.last_failure or "-", "cancelled": row.cancel_reason or "-"}


def _describe(event: Any) -> str:
    name = type(event).__name__
    if name == "Delivered":
        return f"delivered by {event.channel} (attempt {event.attempt}) to {', '.join(event.to)}"
    if name == "DeliveryFailed":
        return f"{event.channel} attempt {event.attempt} failed: {event.reason}; next try " \
               f"{event.next_attempt_at.isoformat(timespec='seconds')}"
    if name == "Cancelled":
        return f"cancelled: deadline {event.reason}"
    return f"raised on {event.occurred_on.isoformat()} for {', '.join(event.recipients)} (stage {event.stage})"


def register(root: click.Group) -> None:
    """Attach ``calendar``, ``reminders`` and ``scheduler`` to the root command."""
    for command in (calendar, reminders, scheduler_group):
        root.add_command(command)
