"""The authorization matrix (mappa_flow/web/access.py), tried from the application's own route table: every
route declares its policy, and every route is tried for every role and for a signed-out visitor, in an area of
the account's and in one that is not (docs/web.md, "Roles and the matrix")."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import APIRouter, Depends
from fastapi.routing import APIRoute
from starlette.routing import Mount

from mappa_flow.web.access import MATRIX, policy_for
from mappa_flow.web.auth import authorize
from tests.conftest import sqlite_settings
from tests.web_world import ACCOUNTS, Site, sign_in, site

OWN_AREA, OTHER_AREA = "north", "south"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for the whole matrix: routing does not depend on the backend (the sign-in tests run on both)."""
    from argon2 import PasswordHasher, Type

    from mappa_flow import credential

    saved = credential._HASHER
    credential._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    try:
        with site(sqlite_settings(tmp_path_factory.mktemp("matrix") / "mappa.db")) as built:
            yield built
    finally:
        credential._HASHER = saved


def _routes(routes: list[object]) -> set[tuple[str, str]]:
    """(method, path) of every route, also inside included routers (FastAPI keeps those as one entry that holds
    the router; this application includes its routers without a prefix)."""
    found: set[tuple[str, str]] = set()
    for route in routes:
        if isinstance(route, APIRoute):
            found |= {(method, route.path) for method in route.methods}
        elif isinstance(route, Mount):
            found.add(("GET", route.path))
        elif (included := getattr(route, "original_router", None)) is not None:
            found |= _routes(list(included.routes))
        else:
            raise AssertionError(f"a route of a kind this test does not know: {route!r}")
    return found


def test_every_route_of_the_application_declares_its_policy_in_the_matrix(web: Site) -> None:
    routes = _routes(list(web.client.app.routes))  # type: ignore[attr-defined]
    assert sorted(routes - set(MATRIX)) == [], "add these routes to MATRIX in mappa_flow/web/access.py"
    assert sorted(set(MATRIX) - routes) == [], "these entries of MATRIX name no route"


def test_a_route_missing_from_the_matrix_is_refused_to_everyone(web: Site) -> None:
    assert policy_for("GET", "/undeclared") is None
    router = APIRouter(dependencies=[Depends(authorize)])
    router.add_api_route("/undeclared", lambda: "secret", methods=["GET"])
    web.client.app.include_router(router)  # type: ignore[attr-defined]
    try:
        for name in ACCOUNTS:
            web.client.cookies.clear()
            sign_in(web.client, name)
            assert web.client.get("/undeclared").status_code == 403
    finally:
        web.client.app.router.routes.pop()  # type: ignore[attr-defined]


def _url(path: str, area: str) -> str:
    return re.sub(r"\{area\}", area, path)


def _cases() -> list[tuple[str, str, str]]:
    """(method, path, area) for every route of the matrix, in the account's area and in another."""
    cases = []
    for method, path in sorted(MATRIX):
        areas = [OWN_AREA, OTHER_AREA] if "{area}" in path else [""]
        cases += [(method, path, area) for area in areas]
    return cases


def _request(web: Site, method: str, path: str, area: str) -> int:
    url = "/static/app.js" if path == "/static" else _url(path, area)
    if method == "GET":
        return web.client.get(url, follow_redirects=False).status_code
    from tests.web_world import csrf_of

    token = csrf_of(web.client.get("/sign-in" if "mappa_session" not in web.client.cookies else "/").text)
    return web.client.post(url, data={"csrf_token": token}, follow_redirects=False).status_code


@pytest.mark.parametrize("role_account", sorted(ACCOUNTS))
def test_every_route_for_every_role_in_its_area_and_another(web: Site, role_account: str) -> None:
    """Allowed: not 403 and not sent to sign in. Refused: 403. Tried in order, sign-out last."""
    role, areas = ACCOUNTS[role_account]
    tried = 0
    for method, path, area in sorted(_cases(), key=lambda case: case[1] == "/sign-out"):
        web.client.cookies.clear()
        assert sign_in(web.client, role_account).status_code == 303
        status = _request(web, method, path, area)
        policy = policy_for(method, path)
        assert policy is not None
        allowed = policy.allows(role, areas, {"area": area} if area else {})
        if allowed:
            assert status not in (403, 500), (role, method, path, area, status)
            if method == "GET" and path != "/sign-in":  # signed in, the sign-in page sends you on
                assert status == 200, (role, method, path, area, status)
        else:
            assert status == 403, (role, method, path, area, status)
        tried += 1
    assert tried == len(_cases())


def test_a_signed_out_visitor_is_sent_to_sign_in_from_every_route_that_is_not_public(web: Site) -> None:
    for method, path, area in _cases():
        web.client.cookies.clear()
        policy = policy_for(method, path)
        assert policy is not None
        status = _request(web, method, path, area or OWN_AREA)
        if policy.public:
            assert status in (200, 400), (method, path, status)
        else:
            assert status == 303, (method, path, status)


EXPECTED = {  # the matrix in words, for the routes that show data: role -> routes answered 200
    "coordinator": {"/", "/areas/north"},
    "auditor": {"/", "/areas/north"},
    "sog": {"/", "/areas/north"},
    "admin": {"/", "/admin/users"},
}


@pytest.mark.parametrize("name", sorted(ACCOUNTS))
def test_each_role_sees_its_own_pages_and_gets_403_for_the_others(web: Site, name: str) -> None:
    role = ACCOUNTS[name][0]
    web.client.cookies.clear()
    sign_in(web.client, name)
    for url in ("/", "/areas/north", "/areas/south", "/admin/users"):
        status = web.client.get(url, follow_redirects=False).status_code
        assert status == (200 if url in EXPECTED[role] else 403), (role, url, status)


def test_a_403_page_uses_the_design_system_and_says_why(web: Site) -> None:
    web.client.cookies.clear()
    sign_in(web.client, "co.north")
    answer = web.client.get("/admin/users")
    assert answer.status_code == 403 and "ds_page-header__title" in answer.text
    assert "does not give access" in answer.text


def test_the_admin_users_page_lists_every_account_with_role_and_areas(web: Site) -> None:
    web.client.cookies.clear()
    sign_in(web.client, "ad.min")
    page = web.client.get("/admin/users").text
    assert all(name in page for name in ACCOUNTS) and "coordinator" in page and "north" in page
