"""What every CLI command shares: settings, the clock and a lazily built application.

Nothing here is built until a command asks for it, and this module imports nothing heavy, so
``--help`` and ``schema`` start at once and a bad setting only matters to a command that uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from mappa_flow.bootstrap import Mappa
    from mappa_flow.clock import Clock
    from mappa_flow.settings import Settings
    from projections.runner import Projector

# Exit codes scripts can rely on (documented in docs/cli.md).
EXIT_OK = 0
EXIT_FAILED = 1  # an unexpected failure
EXIT_USAGE = 2  # bad options (click's own code)
EXIT_INVALID = 3  # input failed validation; nothing was written
EXIT_REFUSED = 4  # a domain rule refused a command; nothing of it was written
EXIT_NOT_FOUND = 5  # the case, meeting or other record does not exist
EXIT_STORE = 6  # the event store could not be reached
EXIT_SETTINGS = 8  # a MAPPA_* setting is invalid; nothing was done (7 is `audit verify`'s tampering code)


class CliContext:
    """Settings (read on first use), the clock, the application and the read models, each built once."""

    def __init__(self, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self._settings = settings
        self._clock = clock
        self._app: Mappa | None = None
        self._projector: Projector | None = None
        self.extras: dict[str, Any] = {}
        self.may_create_store = False  # `init` sets it: other commands never create the SQLite store's folder

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from mappa_flow.settings import SettingsError, load_settings

            try:
                self._settings = load_settings()
            except SettingsError as error:
                from mappa_flow.cli.errors import CliFailure

                raise CliFailure(f"invalid setting: {error}", EXIT_SETTINGS) from None
        return self._settings

    @property
    def settings_if_loaded(self) -> Settings | None:
        return self._settings

    @property
    def clock(self) -> Clock:
        if self._clock is None:
            from mappa_flow.clock import SystemClock

            self._clock = SystemClock()
        return self._clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        """Use another clock (e.g. ``scheduler sweep --now``); set it before the application is built."""
        self._clock = clock

    @property
    def app(self) -> Mappa:
        if self._app is None:
            from mappa_flow.bootstrap import bootstrap
            from mappa_flow.settings import SettingsError

            self._check_store_folder(self.settings)
            try:
                self._app = bootstrap(self.settings, self.clock)
            except SettingsError as error:  # the cipher key does not fit the store (store_identity.py)
                from mappa_flow.cli.errors import CliFailure

                raise CliFailure(f"invalid setting: {error}", EXIT_SETTINGS) from None
        return self._app

    def _check_store_folder(self, settings: Settings) -> None:
        """A SQLite store in a folder that does not exist (a mistyped path) is refused, except by ``init``."""
        folder = settings.sqlite_path.parent
        if settings.backend != "sqlite" or self.may_create_store or folder.is_dir():
            return
        from mappa_flow.cli.errors import CliFailure

        raise CliFailure(f"invalid setting: MAPPA_SQLITE_PATH = {str(settings.sqlite_path)!r}: the folder {folder} "
                         "does not exist; run 'mappa-flow init' to create a store there, or correct the path",
                         EXIT_SETTINGS)

    @property
    def projector(self) -> Projector:
        if self._projector is None:
            from mappa_flow.projecting import build_projector

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
    return CliContext()


pass_cli = click.make_pass_decorator(CliContext)
