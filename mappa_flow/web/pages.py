"""The pages of this first version: sign-in and sign-out, a home page per role, an area page and the admin's
list of users. Routes are thin: they read the form, call mappa_flow/identity.py or a query, and render."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from mappa_flow import identity
from mappa_flow.web.auth import authorize, current_viewer, safe_next, services, session
from mappa_flow.web.render import page
from projections.views.account import accounts
from projections.views.area import area_contacts

router = APIRouter(dependencies=[Depends(authorize)])


@router.get("/healthz", response_class=PlainTextResponse)
def healthz() -> str:
    return "ok"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request, next_path: Annotated[str, Query(alias="next", max_length=2000)] = "/") -> Response:
    if current_viewer(request) is not None:
        return RedirectResponse(safe_next(next_path), status_code=303)
    return page(request, "sign_in.html", "Sign in", next=safe_next(next_path), name="", errors=[])


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(request: Request, name: Annotated[str, Form(max_length=200)] = "",
            password: Annotated[str, Form(max_length=1000)] = "",
            next_path: Annotated[str, Form(alias="next", max_length=2000)] = "/") -> Response:
    errors = [(field, words) for field, value, words in (
        ("name", name, "Enter your account name"), ("password", password, "Enter your password")) if not value]
    if errors:
        return page(request, "sign_in.html", "Sign in", status=400, next=safe_next(next_path), name=name, errors=errors)
    found = services(request)
    outcome = identity.sign_in(found.app, name.strip().lower(), password)
    if outcome.account is None:
        words = ("The account name or the password is not right, or the account cannot sign in now"
                 + (f" (locked until {outcome.locked_until:%H:%M} UTC after 5 failed sign-ins)"
                    if outcome.locked_until else ""))
        return page(request, "sign_in.html", "Sign in", status=400, next=safe_next(next_path), name=name,
                    errors=[("name", words)])
    session(request).begin(outcome.account.name, found.clock.now())
    return RedirectResponse(safe_next(next_path), status_code=303)


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    viewer = current_viewer(request)
    if viewer is not None:
        identity.sign_out(services(request).app, viewer.name)
    session(request).end("You have signed out.")
    return RedirectResponse("/sign-in", status_code=303)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    viewer = current_viewer(request)
    return page(request, "home.html", "Your account" if viewer is None else f"Signed in as {viewer.name}")


@router.get("/areas/{area}", response_class=HTMLResponse)
def area_page(request: Request, area: str) -> Response:
    with services(request).views().connect() as conn:
        contacts = area_contacts(conn, area)
    if contacts is None:
        raise HTTPException(status_code=404, detail=f"No area has the code {area}.")
    return page(request, "area.html", f"Area {contacts.name}", area=contacts)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request) -> Response:
    with services(request).views().connect() as conn:
        rows = accounts(conn)
    return page(request, "users.html", "Users", accounts=rows)
