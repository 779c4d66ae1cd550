"""The root ``mappa-flow`` command. Each command lives in its own module, loaded only when it is run.

``COMMANDS`` names, for each root command, the module whose ``register`` attaches it and the first
paragraph of its help, so ``mappa-flow --help`` lists every command without importing any of them
(tests/unit/test_cli_lazy.py keeps the table true). Add a line here when you add a root command.
"""

from __future__ import annotations

from typing import Any

import click

from mappa_flow.cli.context import CliContext, make_context

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("store", "Create the event store's tables and the read models' tables, if missing, and say where "
                      "they are."),
    "summary": ("store", "Count areas, cases (open, by level, in custody or the community, archived), meetings "
                         "and events."),
    "import": ("importing", "Import commands from FILE, JSON Lines: one command per line (see "
                            "docs/import-format.md)."),
    "schema": ("importing", "Print the JSON Schema of one line of the import format (and of `record`'s JSON)."),
    "record": ("importing", "Record one command, e.g. record change_level --json '{\"case_reference\": "
                            "\"N-0001\", ...}'."),
    "case": ("case", "Look at one case, or list them."),
    "areas": ("case", "The registered areas: code (for --area), name, and how many cases are open and archived."),
    "demo": ("demo", "Generate a synthetic but realistic MAPPA area into the configured store."),
    "demo-case": ("demo", "Print the reference of an interesting Level 3 case of the demo with the same options."),
    "calendar": ("scheduler", "Write an area's open deadlines as an iCalendar (.ics) feed to subscribe to in "
                              "Outlook."),
    "reminders": ("scheduler", "The reminders inbox: every reminder recorded, and how its delivery went."),
    "scheduler": ("scheduler", "Record reminders as their stages come, and deliver them (docs/scheduler.md)."),
    "deadlines": ("deadlines", "Deadlines: reviews, pre-release meetings, minutes and RMPs, ISP renewals, SCR "
                               "actions, audits, SOG duties."),
    "projections": ("projections", "The read models (views) the reports are computed from."),
    "audit": ("audit", "For auditors: what happened, what was known when, and whether anyone altered the record."),
    "stats": ("registers", "Statistics for the SOG and the annual report (RULES §5, guidance 19.14), by category "
                           "and level."),
    "scr": ("registers", "Significant Case Reviews (R-SCR-2): recommendations, overdue actions, age, stages."),
    "isp": ("registers", "Intensive Support Packages (R-ISP-2): each package funded in the period, its renewal, "
                         "and costs."),
    "audits": ("registers", "Audits done per reporting year and quarter (R-AUD-1); `audits draw` draws the annual "
                            "case sample."),
    "indicators": ("indicators", "The national performance indicators R-PI-1 to R-PI-10 (R-PI-3: one line per DTC "
                                 "agency)."),
    "exceptions": ("indicators", "Each exception: case, meeting or due date, days late, and the recorded reason "
                                 "or 'no reason recorded'."),
    "reason": ("indicators", "Record (or revise) the reason for one exception (R-PI-EXC). The exception must "
                             "exist today."),
    "commonality": ("indicators", "An indicator's exceptions grouped by case, by agency and by reason, against "
                                  "the previous period."),
    "users": ("users", "Accounts of the web application: add, list, disable, reset a password, issue tokens."),
    "serve": ("serve", "Serve the web application with uvicorn (docs/web.md)."),
}


def load_module_commands(module: str) -> dict[str, click.Command]:
    """Import ``mappa_flow.cli.<module>`` and return the root commands its ``register`` attaches."""
    from importlib import import_module

    scratch = click.Group()
    import_module(f"mappa_flow.cli.{module}").register(scratch)
    return dict(scratch.commands)


class LazyGroup(click.Group):
    """A group whose commands are imported on first use; its help lists them from ``COMMANDS``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # A name missing from the table (a new command someone forgot to list) is still found, slowly.
            modules = [COMMANDS[cmd_name][0]] if cmd_name in COMMANDS else sorted({m for m, _ in COMMANDS.values()})
            for module in modules:
                for name, command in load_module_commands(module).items():
                    self.commands.setdefault(name, command)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self._short_help(ctx, name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, ctx: click.Context, name: str, limit: int) -> str:
        if name in COMMANDS:  # a stand-in with the same help, so the command's module need not be imported
            return click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)
        command = self.get_command(ctx, name)
        return command.get_short_help_str(limit) if command else ""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a refusal, a store failure or a bad setting becomes one line and its exit code."""
        try:
            return super().invoke(ctx)
        except Exception as error:
            from mappa_flow.cli.errors import translated

            failure = translated(error, ctx.find_object(CliContext))
            if failure is None:
                raise
            raise failure from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    cli()


__all__ = ["COMMANDS", "CliContext", "LazyGroup", "cli", "main"]

if __name__ == "__main__":
    main()
