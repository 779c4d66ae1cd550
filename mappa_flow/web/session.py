"""The session: a signed cookie, HttpOnly and SameSite=Lax, Secure under TLS (docs/web.md).

The cookie holds the account's name, when the session started and when it was last used, its CSRF token and
a one-off notice; it is signed with MAPPA_WEB_SECRET (itsdangerous), so it cannot be forged or altered.
WEB-SES-1: a session ends after 30 minutes without a request, and 12 hours after sign-in at the latest.
WEB-SES-2: it also ends when the account signs out, is disabled, has its password reset or its access changed
(the account's ``sessions_from``), so a stolen cookie dies with the next sign-out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "mappa_session"
IDLE = timedelta(minutes=30)  # WEB-SES-1
LONGEST = timedelta(hours=12)


def _new_csrf() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Session:
    csrf: str = field(default_factory=_new_csrf)
    account: str | None = None
    started_at: datetime | None = None
    seen_at: datetime | None = None
    notice: str | None = None  # shown once, on the next page

    def begin(self, account: str, now: datetime) -> None:
        """Sign ``account`` in: a new CSRF token too, so a token seen before sign-in is worth nothing after."""
        self.csrf = _new_csrf()
        self.account, self.started_at, self.seen_at = account, now, now

    def end(self, notice: str | None = None) -> None:
        self.csrf = _new_csrf()
        self.account = self.started_at = self.seen_at = None
        self.notice = notice

    def expired(self, now: datetime) -> str | None:
        """WEB-SES-1: why the session has ended at ``now``, or None while it lasts."""
        if self.started_at is None or self.seen_at is None:
            return "no session"
        if now - self.started_at > LONGEST:
            return "Your session ended 12 hours after you signed in. Please sign in again."
        if now - self.seen_at > IDLE:
            return "Your session ended after 30 minutes without activity. Please sign in again."
        return None

    def pop_notice(self) -> str | None:
        notice, self.notice = self.notice, None
        return notice


class SessionCodec:
    """Reads and writes the signed cookie."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeSerializer(secret, salt="mappa-flow session")

    def load(self, cookie: str | None) -> Session:
        """The session in ``cookie``, or a new anonymous one if there is none or it does not verify."""
        if not cookie:
            return Session()
        try:
            data: Any = self._serializer.loads(cookie)
            return Session(csrf=str(data["c"]), account=data.get("a"), started_at=_instant(data.get("s")),
                           seen_at=_instant(data.get("t")), notice=data.get("n"))
        except (BadSignature, KeyError, TypeError, ValueError):
            return Session()

    def dump(self, session: Session) -> str:
        data: dict[str, Any] = {"c": session.csrf}
        if session.account is not None:
            data.update(a=session.account, s=_stamp(session.started_at), t=_stamp(session.seen_at))
        if session.notice:
            data["n"] = session.notice
        return self._serializer.dumps(data)


def _stamp(instant: datetime | None) -> float | None:
    return instant.timestamp() if instant else None


def _instant(stamp: Any) -> datetime | None:
    return datetime.fromtimestamp(float(stamp), tz=UTC) if stamp is not None else None
