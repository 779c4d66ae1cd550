"""``mappa-flow demo`` and ``demo-case``: a synthetic, deterministic area in the configured store."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from mappa_flow.cli.context import EXIT_REFUSED, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure, guarded
from mappa_flow.cli.progress import progress_bar
from mappa_flow.clock import today_in_london


def _demo_options(function: Callable[..., Any]) -> Callable[..., Any]:
    decorators = [
        click.option("--cases", type=click.IntRange(1, 1_000_000), default=400, show_default=True,
                     help="How many cases to generate."),
        click.option("--years", type=click.IntRange(1, 30), default=3, show_default=True,
                     help="How many years of history, ending today."),
        click.option("--seed", type=int, default=7, show_default=True,
                     help="The same seed, size and day give the same data."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@click.command("demo")
@_demo_options
@pass_cli
@guarded
def demo(context: CliContext, cases: int, years: int, seed: int) -> None:
    """Generate a synthetic but realistic MAPPA area into the configured store.

    Mostly Level 1 cases, some Level 2 and 3 with meetings, releases, recalls, missing episodes,
    orders, ISPs and an SCR. No real names: every reference is synthetic. Each fact is recorded as
    if entered a few days after its date (some weeks late), so --known-at and audit corrections
    have a past to show. Deterministic: the same seed, size and day generate the same commands
    with the same ids, so running it again adds nothing.
    """
    from mappa_flow.demo import EntryClock, estimate_commands, generate_demo  # imported here: --help stays quick

    today = today_in_london(context.clock)
    entry = EntryClock(seed, context.clock.now())  # each command recorded as if entered days after its date
    commands = entry.entered(generate_demo(seed=seed, cases=cases, years=years, today=today))
    started = time.perf_counter()
    with progress_bar(f"Generating {cases} cases over {years} year(s)", estimate_commands(cases, years)) as advance:
        result = context.app.run_batch(commands, progress=advance, entered_at=entry.at)
    seconds = time.perf_counter() - started
    if result.refusal is not None:
        raise CliFailure(f"demo command {result.refusal.command_id} was refused: {result.refusal.error}",
                         EXIT_REFUSED)
    click.echo(f"Demo ready: {result.applied} command(s) applied, {result.skipped} already there, "
               f"in {seconds:.1f}s, in {context.settings.describe_store()}.")


@click.command("demo-case")
@_demo_options
@pass_cli
def demo_case(context: CliContext, cases: int, years: int, seed: int) -> None:
    """Print the reference of an interesting Level 3 case of the demo with the same options."""
    from mappa_flow.demo import demo_case_reference

    today: date = today_in_london(context.clock)
    click.echo(demo_case_reference(seed=seed, cases=cases, years=years, today=today))


def register(group: click.Group) -> None:
    for command in (demo, demo_case):
        group.add_command(command)
