"""What every CLI command shares: settings, the clock and a lazily built application."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import click

from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.clock import Clock, SystemClock
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings, load_settings
from projections.runner import Projector

# Exit codes scripts can rely on (documented in docs/cli.md).
EXIT_OK = 0
EXIT_FAILED = 1  # an unexpected failure
EXIT_USAGE = 2  # bad options (click's own code)
EXIT_INVALID = 3  # input failed validation; nothing was written
EXIT_REFUSED = 4  # a domain rule refused a command; nothing of it was written
EXIT_NOT_FOUND = 5  # the case, meeting or other record does not exist
EXIT_STORE = 6  # the event store could not be reached


@dataclass
class CliContext:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    _app: Mappa | None = None
    _projector: Projector | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def app(self) -> Mappa:
        if self._app is None:
            self._app = bootstrap(self.settings, self.clock)
        return self._app

    @property
    def projector(self) -> Projector:
        if self._projector is None:
            self._projector = build_projector(self.settings, self.app)
        return self._projector

    def current_views(self) -> Projector:
        """The read models, caught up with every event recorded so far (read-your-writes)."""
        self.projector.catch_up()
        return self.projector

    def close(self) -> None:
        if self._projector is not None:
            self._projector.source.close()  # type: ignore[attr-defined]
            self._projector.engine.dispose()
            self._projector = None
        if self._app is not None:
            self._app.close()
            self._app = None


def make_context() -> CliContext:
    return CliContext(settings=load_settings())


pass_cli = click.make_pass_decorator(CliContext)
