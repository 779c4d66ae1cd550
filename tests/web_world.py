"""A small world for the web tests: a store with two areas and one account of each role, the application
built on it with a clock the test moves, and helpers to sign in as a browser would (CSRF token included)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from fastapi.testclient import TestClient
from pydantic import SecretStr

from mappa_flow import identity
from mappa_flow.clock import FixedClock
from mappa_flow.commands.area import RegisterArea
from mappa_flow.settings import Settings
from mappa_flow.web.app import create_app
from mappa_flow.web.services import Services

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
SECRET = "a-test-secret-of-more-than-32-characters"
ACCOUNTS = {  # name: (role, areas)
    "co.north": ("coordinator", ["north"]),
    "au.north": ("auditor", ["north"]),
    "sog.north": ("sog", ["north"]),
    "ad.min": ("admin", []),
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    client: TestClient
    clock: FixedClock
    services: Services


def web_settings(store: Settings, **overrides: object) -> Settings:
    return store.model_copy(update={"web_secret": SecretStr(SECRET), **overrides})


@contextmanager
def site(store: Settings, *, tls: bool = False) -> Iterator[Site]:
    """The web application on ``store``, with areas north and south and the accounts of ``ACCOUNTS``."""
    clock = FixedClock(START)
    app = create_app(web_settings(store, web_tls=tls), clock=clock)
    services: Services = app.state.services
    for code in ("north", "south"):
        services.app.handle(RegisterArea(command_id=f"area-{code}", recorded_by="op", occurred_on=START.date(),
                                         area=code, name=code.capitalize()))
    for name, (role, areas) in ACCOUNTS.items():
        identity.register_account(services.app, name, role, areas, PASSWORD, "op")
    with TestClient(app, base_url="https://testserver" if tls else "http://testserver") as client:
        yield Site(client, clock, services)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD, next_path: str = "/") -> httpx.Response:
    token = csrf_of(client.get("/sign-in").text)
    return client.post("/sign-in", data={"name": name, "password": password, "next": next_path,
                                         "csrf_token": token}, follow_redirects=False)


def sign_out(client: TestClient) -> httpx.Response:
    token = csrf_of(client.get("/").text)
    return client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
