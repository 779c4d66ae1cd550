"""The root ``mappa-flow`` command. Each command group lives in its own module and is registered below."""

from __future__ import annotations

import click

from mappa_flow.cli import audit, case, deadlines, demo, importing, indicators, projections, registers, scheduler, store
from mappa_flow.cli.context import CliContext, make_context


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mappa-flow")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """mappa-flow: MAPPA case management, national indicators, reminders and audit.

    The store is an SQLite file by default (MAPPA_SQLITE_PATH, default var/mappa.db); set
    MAPPA_DATABASE_URL=postgresql://user@host:5432/db to use PostgreSQL.
    """
    if ctx.obj is None:
        context = make_context()
        ctx.obj = context
        ctx.call_on_close(context.close)


def _register() -> None:
    """Attach every command group. One line per module."""
    store.register(cli)
    importing.register(cli)
    case.register(cli)
    demo.register(cli)
    scheduler.register(cli)
    deadlines.register(cli)
    projections.register(cli)
    audit.register(cli)
    registers.register(cli)
    indicators.register(cli)


_register()


def main() -> None:
    cli()


__all__ = ["CliContext", "cli", "main"]

if __name__ == "__main__":
    main()
