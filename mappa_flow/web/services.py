"""What the routes share: the application, its read models, the clock and the cookie codec, built once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mappa_flow.clock import Clock
from mappa_flow.web.session import SessionCodec

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from mappa_flow.bootstrap import Mappa
    from mappa_flow.settings import Settings
    from projections.runner import Projector


@dataclass
class WebConfig:
    """How the site is served: the cookie secret, and whether cookies are Secure (MAPPA_WEB_TLS)."""

    secret: str
    secure_cookies: bool
    dev: bool = False


@dataclass
class Services:
    settings: Settings
    app: Mappa
    clock: Clock
    config: WebConfig
    codec: SessionCodec = field(init=False)
    _projector: Projector | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.codec = SessionCodec(self.config.secret)

    def views(self) -> Engine:
        """The read models' engine, caught up with every event recorded so far (read-your-writes)."""
        with self._lock:  # one catch-up at a time: requests run in a thread pool
            if self._projector is None:
                from mappa_flow.projecting import build_projector

                self._projector = build_projector(self.settings, self.app)
            self._projector.catch_up()
            return self._projector.engine

    def close(self) -> None:
        with self._lock:
            if self._projector is not None:
                self._projector.source.close()  # type: ignore[attr-defined]
                self._projector.engine.dispose()
                self._projector = None
        self.app.close()
