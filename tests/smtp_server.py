"""A real SMTP server on loopback (aiosmtpd) that keeps what arrives, and can be told to stall.

``stall_before_data``: the server hangs in the MAIL command, before the
message is handed over (a kill then lands "after recording, before delivery").
``stall_after``: once that many messages have arrived, the server hangs before
acknowledging the last (a kill then lands "during delivery": the e-mail went,
the delivery was not recorded, so it goes again with the same Message-ID).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    envelope_to: list[str]
    message: Message
    over_tls: bool = False  # the session had been upgraded with STARTTLS when the message arrived
    login: str | None = None  # who the session authenticated as, if it did

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def text(self) -> str:
        payload = self.message.get_payload(decode=True)
        return payload.decode() if isinstance(payload, bytes) else str(payload)


@dataclass
class RecordingHandler:
    received: list[Received] = field(default_factory=list)
    stall_before_data: bool = False  # hang in MAIL: nothing handed over yet
    stall_after: int | None = None  # hang once this many messages have arrived, before acknowledging the last
    stalled: bool = False  # True while a session is hanging
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        while self.stall_before_data:
            self.stalled = True
            await asyncio.sleep(0.02)
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            message = message_from_bytes(envelope.content, policy=policy.default)
            login = session.login_data.decode() if session.authenticated and session.login_data else None
            self.received.append(Received(list(envelope.rcpt_tos), message, session.ssl is not None, login))
        while self.stall_after is not None and len(self.received) >= self.stall_after:
            self.stalled = True
            await asyncio.sleep(0.02)
        return "250 Message accepted for delivery"

    def release(self) -> None:
        self.stall_before_data, self.stall_after, self.stalled = False, None, False


class SmtpServer:
    """Start with ``start()``, read ``received``, stop with ``stop()``. Credentials are optional."""

    def __init__(self, username: str | None = None, password: str | None = None,
                 tls: tuple[Path, Path] | None = None):
        """``tls``: (certificate, key) files; STARTTLS is then required, and so is TLS before AUTH."""
        self.handler = RecordingHandler()
        self.port = free_port()
        options: dict[str, Any] = {}
        if username:
            options = {"authenticator": self._authenticator(username, password or ""), "auth_required": True,
                       "auth_require_tls": tls is not None}
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            options.update(tls_context=context, require_starttls=True)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)

    @staticmethod
    def _authenticator(username: str, password: str) -> Any:
        def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == (
                username, password)
            return AuthResult(success=ok, handled=False, auth_data=data if ok else None)

        return check

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.handler.release()
        self.controller.stop()
