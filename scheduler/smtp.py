"""Sending a reminder e-mail over SMTP (STARTTLS and credentials optional).

A failure of any kind (refused connection, timeout, rejected recipients, a
server error) becomes a ``MailError`` carrying a short reason, which the
delivery records as a failed attempt.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage


class MailError(Exception):
    """An e-mail could not be handed to the SMTP server."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 25
    starttls: bool = False
    ca_file: str | None = None  # PEM CA certificates to verify the server with; None: the system's
    username: str | None = None
    password: str | None = None
    timeout_seconds: float = 30.0


class SmtpMailer:
    """Hands each message to the configured SMTP server, one connection per message."""

    def __init__(self, config: SmtpConfig):
        self.config = config

    def send(self, message: EmailMessage) -> list[str]:
        """Send ``message``; returns the recipients the server accepted. Raises MailError otherwise."""
        config = self.config
        try:
            with smtplib.SMTP(config.host, config.port, timeout=config.timeout_seconds) as smtp:
                if config.starttls:
                    smtp.starttls(context=ssl.create_default_context(cafile=config.ca_file))
                if config.username:
                    smtp.login(config.username, config.password or "")
                refused = smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(f"{type(error).__name__}: {error}") from error
        return [to for to in _recipients(message) if to not in refused]


def _recipients(message: EmailMessage) -> list[str]:
    return [address.strip() for address in str(message["To"]).split(",") if address.strip()]
