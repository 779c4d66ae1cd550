"""Who is asking, and whether they may: the dependency every route runs (``authorize``).

It finds the route's policy in the matrix (access.py), checks the CSRF token of every POST, resolves the
session to an account (WEB-SES-1, WEB-SES-2), and refuses: a signed-out visitor is sent to the sign-in page,
a signed-in one without the role or the area gets 403.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import HTTPException, Request

from mappa_flow import identity
from mappa_flow.web.access import policy_for
from mappa_flow.web.services import Services
from mappa_flow.web.session import Session


@dataclass(frozen=True)
class Viewer:
    """The signed-in account, as the pages need it."""

    name: str
    role: str
    areas: tuple[str, ...]


class SignInRequiredError(Exception):
    """The route needs a signed-in account: the handler redirects to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfError(Exception):
    """A POST without the session's CSRF token (WEB-SES-3)."""


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def session(request: Request) -> Session:
    found: Session = request.state.session
    return found


def current_viewer(request: Request) -> Viewer | None:
    """The account of this request's session, if it is still valid (WEB-SES-1, WEB-SES-2); None otherwise."""
    if hasattr(request.state, "viewer"):
        viewer: Viewer | None = request.state.viewer
        return viewer
    request.state.viewer = _resolve(services(request), session(request))
    return request.state.viewer  # type: ignore[no-any-return]


def _resolve(found: Services, current: Session) -> Viewer | None:
    if current.account is None:
        return None
    now = found.clock.now()
    why = current.expired(now)
    account = identity.find_account(found.app, current.account)
    if why is None and (account is None or account.disabled or
                        (account.sessions_from is not None and current.started_at is not None
                         and current.started_at < account.sessions_from)):
        why = "Your session has ended. Please sign in again."
    if why is not None or account is None:
        current.end(why)
        return None
    current.seen_at = now
    return Viewer(account.name, account.role, tuple(account.areas))


async def authorize(request: Request) -> None:
    """Run before every route: CSRF on POST, then the route's policy from the matrix."""
    route = request.scope.get("route")
    policy = policy_for(request.method, getattr(route, "path", ""))
    if request.method == "POST":
        await _check_csrf(request)
    if policy is None:
        raise HTTPException(status_code=403, detail="This page has no access policy, so nobody may use it.")
    if policy.public:
        return
    viewer = current_viewer(request)
    if viewer is None:
        raise SignInRequiredError(request.url.path)
    if not policy.allows(viewer.role, viewer.areas, dict(request.path_params)):
        raise HTTPException(status_code=403, detail="Your account does not give access to this page.")


async def _check_csrf(request: Request) -> None:
    """WEB-SES-3: every form carries the session's CSRF token, and a POST without it changes nothing."""
    form = await request.form()
    given = form.get("csrf_token")
    expected = session(request).csrf
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfError()


def sign_in_location(next_path: str) -> str:
    return "/sign-in" if next_path in ("", "/") else f"/sign-in?next={quote(next_path, safe='/')}"


def safe_next(next_path: str | None) -> str:
    """Where to go after sign-in: a path of this site only (never another site: an open redirect)."""
    if not next_path or not next_path.startswith("/") or next_path.startswith("//") or "\\" in next_path:
        return "/"
    return next_path
