"""``mappa-flow audit``: case histories, time travel, seals, verification and the access log.

Looking at a case's record is itself recorded: ``history`` and ``state`` need to
know who is looking (``--as USER`` or ``MAPPA_USER``) and refuse otherwise.
``verify`` exits with code 7 when it finds tampering.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from domain.access import AccessAction, AccessSubject
from mappa_flow.audit import render
from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.export import ExportHeader, history_html
from mappa_flow.audit.history import HistoryFilter, unknown_kinds
from mappa_flow.audit.known_at import report_corrections
from mappa_flow.audit.seal import InvalidSealerError, SealRefusedError, latest_seal
from mappa_flow.audit.summary import CaseSummary, case_summary
from mappa_flow.cli.context import EXIT_INVALID, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure, guarded
from mappa_flow.cli.reporting import DAY, MOMENT, check_area, emit, report_options, scope_from
from mappa_flow.cli.viewer import record_listed, record_view, require_viewer, viewer_option
from mappa_flow.clock import LONDON, today_in_london
from projections.deadlines.query import deadlines_for_case
from projections.indicators import Scope

EXIT_TAMPERED = 7  # audit verify found the stored history or the views altered; audit seal refused to seal

@click.group("audit")
def audit() -> None:
    """For auditors: what happened, what was known when, and whether anyone altered the record."""


@contextmanager
def auditing(context: CliContext) -> Iterator[Auditor]:
    auditor = Auditor.open(context.settings, context.app)
    try:
        yield auditor
    finally:
        auditor.close()


def _console() -> Console:
    return Console(width=None if Console().is_terminal else 200)


# ---- history ------------------------------------------------------------------------------------


@audit.command("history")
@click.argument("reference")
@click.option("--from", "from_", type=DAY, default=None, help="Only events dated on or after (business date).")
@click.option("--to", type=DAY, default=None, help="Only events dated on or before (business date).")
@click.option("--kind", "kinds", multiple=True, help="Only these kinds: Case, Meeting.Held, LevelChanged, ...")
@click.option("--order", type=click.Choice(["business", "recorded"]), default="business", show_default=True,
              help="business: by business date; recorded: in the order recorded.")
@click.option("--receipts", is_flag=True, help="Also list each command's receipt (\"Command hold_meeting applied\").")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--export", "export", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a self-contained, printable HTML file instead.")
@viewer_option
@pass_cli
@guarded
def history(context: CliContext, reference: str, from_: date | None, to: date | None, kinds: tuple[str, ...],
            order: str, receipts: bool, as_json: bool, export: Path | None, viewer: str | None) -> None:
    """Every event that concerns case REFERENCE, across its case, meetings, ISPs, SCRs, audits and more.

    First where the case stands today (table and export), then each event: the business date, when
    and by whom it was recorded, how many days late, the command id, the record it belongs to, what
    happened and a summary. Exit code 5 if no case has this reference.
    """
    who = require_viewer(viewer)
    wanted = _history_filter(from_, to, kinds, order, receipts)
    if export and not export.resolve().parent.is_dir():
        raise click.BadParameter(f"folder {export.resolve().parent} does not exist", param_hint="--export")
    with auditing(context) as auditor:
        entries = auditor.history(reference, wanted)
        action = AccessAction.EXPORTED if export else AccessAction.VIEWED
        record_view(context.app, reference, who, action, AccessSubject.HISTORY, wanted.in_words(),
                "html" if export else ("json" if as_json else None))
        if export:
            with auditor.engine.connect() as conn:
                seal = latest_seal(conn)
            header = ExportHeader(reference, who, context.app.clock.now(), wanted.in_words(), seal)
            export.write_text(history_html(header, entries, _summary(context, auditor, reference)), encoding="utf-8")
            click.echo(f"Wrote the history of case {reference} ({len(entries)} events) to {export}")
        elif as_json:
            click.echo(json.dumps([entry.as_dict() for entry in entries], indent=2))
        else:
            console = _console()
            console.print(render.summary_table(reference, _summary(context, auditor, reference)))
            console.print(render.history_table(reference, entries))


def _summary(context: CliContext, auditor: Auditor, reference: str) -> CaseSummary:
    """Where the case stands today: its state with everything recorded, and its deadlines from the caught-up view."""
    state = auditor.state(reference).state
    assert state is not None, "a case the index knows was referred"
    with context.current_views().engine.connect() as conn:
        deadlines = deadlines_for_case(conn, reference)
    return case_summary(state, deadlines, today_in_london(context.clock))


def _history_filter(from_: date | None, to: date | None, kinds: tuple[str, ...], order: str,
                    receipts: bool) -> HistoryFilter:
    if from_ and to and from_ > to:
        raise click.BadParameter(f"--from {from_} is after --to {to}", param_hint="--from/--to")
    unknown = unknown_kinds(kinds)
    if unknown:
        raise click.BadParameter(f"no event kind matches {', '.join(unknown)} (e.g. Case, Meeting.Held, "
                                 "LevelChanged)", param_hint="--kind")
    return HistoryFilter(from_, to, kinds, order, receipts)


# ---- time travel ----------------------------------------------------------------------------------


@audit.command("state")
@click.argument("reference")
@click.option("--as-at", type=DAY, default=None, help="The business date to look at (default: everything).")
@click.option("--known-at", type=MOMENT, default=None,
              help="Only what had been recorded by then: 2026-05-01 (end of that day) or 2026-05-01T17:30.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@viewer_option
@pass_cli
@guarded
def state(context: CliContext, reference: str, as_at: date | None, known_at: datetime | None, as_json: bool,
          viewer: str | None) -> None:
    """The state of case REFERENCE as at a business date, as known at a recorded moment, or both.

    For example, what did we believe on 1 May about the case on 1 April:
    --as-at 2026-04-01 --known-at 2026-05-01. Exit code 5 if no case has this reference.
    """
    who = require_viewer(viewer)
    day, moment = as_at, known_at
    with auditing(context) as auditor:
        travel = auditor.state(reference, day, moment)
        record_view(context.app, reference, who, AccessAction.VIEWED, AccessSubject.STATE,
                    render.cut_offs(day, moment))
    if as_json:
        click.echo(json.dumps(render.state_json(reference, day, moment, travel), indent=2))
        return
    for table in render.state_tables(reference, travel, render.cut_offs(day, moment)):
        _console().print(table)


@audit.command("corrections")
@click.option("--known-at", type=MOMENT, required=True,
              help="When the report was produced: 2026-07-15 (end of that day) or 2026-07-15T10:00, UK time.")
@report_options
@viewer_option
@pass_cli
@guarded
def corrections(context: CliContext, /, known_at: datetime, fmt: str, viewer: str | None, **options: Any) -> None:
    """What later corrections changed in a report produced at a past moment (R-CAL-1).

    Lists the events recorded after --known-at that the indicator report of the same --area, --period
    (or --from/--to) and --as-of reads: which event, about what, its business date, when and by whom it was
    recorded. They are exactly the difference between 'mappa-flow indicators --known-at' and the report now.
    --period and --as-of default to the known-at day, as the report produced then did. Say who is looking
    (--as USER or MAPPA_USER): each case named is recorded in its access log.
    """
    who = require_viewer(viewer)
    moment = known_at
    produced_on = min(today_in_london(context.clock), moment.astimezone(LONDON).date())
    chosen = scope_from(options["area"], options["period"], options["from_"], options["to"], options["as_of"],
                        produced_on, today_in_london(context.clock))
    scope = Scope(chosen.area, chosen.period, chosen.as_of)
    with context.current_views().engine.connect() as conn:
        check_area(conn, scope.area)
        found = report_corrections(context.app, conn, scope, moment)
    record_listed(context, (c.case_reference for c in found), who,
                  f"audit corrections: known at {moment.isoformat(timespec='minutes')}, {scope.area or 'all areas'}, "
                  f"{scope.period.label}")
    rows = [{"position": c.position, "record": c.record, "event": c.kind, "on": c.occurred_on.isoformat(),
             "recorded_at": render.uk_time(c.recorded_at), "recorded_by": c.recorded_by, "summary": c.summary}
            for c in found] if fmt == "table" else [c.as_dict() for c in found]
    emit(rows, fmt, f"Recorded after {moment.isoformat(timespec='minutes')}, read by the report of "
                    f"{scope.area or 'all areas'}, {scope.period.label}, as of {scope.as_of.isoformat()}",
         fields=("position", "occurred_on", "recorded_at", "recorded_by", "kind", "record", "summary"))


# ---- the access log -------------------------------------------------------------------------------


@audit.command("access")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_cli
@guarded
def access(context: CliContext, reference: str, as_json: bool) -> None:
    """Who viewed or exported the record of case REFERENCE, and when."""
    with auditing(context) as auditor:
        entries = auditor.access_log(reference)
    if as_json:
        click.echo(json.dumps([entry.as_dict() for entry in entries], indent=2))
        return
    _console().print(render.access_table(reference, entries))


# ---- tamper evidence --------------------------------------------------------------------------------


@audit.command("seal")
@click.option("--as", "sealed_by", envvar="MAPPA_USER", default="mappa-flow", metavar="USER",
              help="Who is sealing (default: MAPPA_USER).")
@pass_cli
@guarded
def seal(context: CliContext, sealed_by: str) -> None:
    """Seal every event recorded since the last seal, and print the latest seal hash.

    Keep the hash outside the database (e.g. in the SOG's quarterly pack): 'audit verify --anchor HASH'
    then proves that the history up to it was not rewritten.
    """
    try:
        with auditing(context) as auditor:
            outcome = auditor.seal(sealed_by)
    except InvalidSealerError as error:
        raise CliFailure(f"invalid {error}; nothing was sealed", EXIT_INVALID) from None
    except SealRefusedError as error:
        raise CliFailure(str(error), EXIT_TAMPERED) from None
    latest = outcome.latest
    if latest is None:
        click.echo("Nothing to seal: the store holds no events yet.")
        return
    click.echo(f"Sealed {outcome.sealed_now} new events. Latest seal #{latest.seal_no} covers positions up to "
               f"{latest.last_position}.")
    click.echo(f"Seal hash: {latest.chain_hash}")


def _anchor_hash(_context: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    found = value.strip().lower()
    if len(found) != 64 or any(ch not in "0123456789abcdef" for ch in found):
        raise click.BadParameter(f"{value[:80]!r} is not a seal hash (64 hexadecimal characters)")
    return found


@audit.command("verify")
@click.option("--anchor", default=None, metavar="HASH", callback=_anchor_hash,
              help="A seal hash kept outside the database (from an e-mail, an export or the SOG's pack) to check.")
@click.option("--views", "views", is_flag=True,
              help="Also rebuild every view from the events into scratch and compare it with the live views.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@pass_cli
@guarded
def verify(context: CliContext, anchor: str | None, views: bool, as_json: bool) -> None:
    """Recompute the seals from the stored events; name the position of any change. Exit code 7 on tampering.

    With --views, every read model is rebuilt from the events into a scratch database (or schema) and
    compared with the live one row for row; each differing row is listed (exit code 7).
    """
    with auditing(context) as auditor:
        result = auditor.verify(anchor)
    checked = None
    if views:
        from mappa_flow.audit.view_check import check_views

        checked = check_views(context.settings, context.app, context.projector)
    if as_json:
        click.echo(json.dumps(render.verification_json(result, checked), indent=2))
    else:
        for line in render.verification_lines(result, checked):
            click.echo(line)
    if result.tampered or (checked is not None and checked.differences):
        raise click.exceptions.Exit(EXIT_TAMPERED)


def register(group: click.Group) -> None:
    group.add_command(audit)
