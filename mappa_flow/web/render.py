"""Rendering a page: the Jinja2 templates (templates/), with what every page needs in its context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from mappa_flow.web.auth import Viewer, current_viewer, session

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

ROLE_WORDS = {
    "coordinator": "MAPPA co-ordinator: you read and record in your areas",
    "auditor": "Auditor: you read, without changing anything, in the areas granted to you, and use the audit "
               "functions",
    "sog": "Strategic Oversight Group member: you see aggregate reports and the SCR and ISP registers of your "
           "areas",
    "admin": "Administrator: you manage users and areas, and see no case data",
}


def page(request: Request, template: str, title: str, status: int = 200, **context: Any) -> HTMLResponse:
    current = session(request)
    viewer = current_viewer(request) if getattr(request.state, "session", None) is not None else None
    return TEMPLATES.TemplateResponse(request, template, {
        "title": title, "viewer": viewer, "csrf_token": current.csrf, "notice": current.pop_notice(),
        "role_words": ROLE_WORDS, "navigation": navigation(viewer), **context,
    }, status_code=status)


def navigation(viewer: Viewer | None) -> list[tuple[str, str]]:
    """The site navigation of an account: home, then the admin's users or the account's areas."""
    if viewer is None:
        return []
    if viewer.role == "admin":
        return [("/", "Home"), ("/admin/users", "Users")]
    return [("/", "Home"), *((f"/areas/{area}", f"Area {area}") for area in viewer.areas)]
