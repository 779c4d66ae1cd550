"""Sign-in, sessions, CSRF and the lock, through the web application on both backends (docs/web.md).

Sign-ins and failed sign-ins are events of the account (an auditor replays who had access when); no password
is in any event. Rules WEB-SES-1 to WEB-SES-4, WEB-ACC-3."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.account import Account
from mappa_flow.settings import Settings
from tests.web_world import PASSWORD, Site, csrf_of, sign_in, sign_out, site


@pytest.fixture
def web(store: Settings, fast_hashing: None) -> Iterator[Site]:
    with site(store) as built:
        yield built


def _events_of(web: Site, name: str) -> list[object]:
    app = web.services.app
    return list(app.repository.event_store.get(app.ids.account(name)))


def _kinds(web: Site, name: str) -> list[str]:
    return [type(event).__name__ for event in _events_of(web, name)]


def test_healthz_answers_ok_with_the_security_headers(web: Site) -> None:
    answer = web.client.get("/healthz")
    assert (answer.status_code, answer.text) == (200, "ok")
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "script-src 'self';" in answer.headers["content-security-policy"]


def test_signing_in_records_the_event_and_opens_the_home_page_of_the_account(web: Site) -> None:
    answer = sign_in(web.client, "co.north", next_path="/areas/north")
    assert (answer.status_code, answer.headers["location"]) == (303, "/areas/north")
    home = web.client.get("/")
    assert home.status_code == 200 and "Signed in as co.north" in home.text and "/areas/north" in home.text
    assert _kinds(web, "co.north")[-1] == "SignedIn"


def test_the_session_cookie_is_httponly_and_samesite_lax_and_not_secure_without_tls(web: Site) -> None:
    cookie = sign_in(web.client, "co.north").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_cookies_are_secure_when_the_site_is_served_over_tls(store: Settings, fast_hashing: None) -> None:
    with site(store, tls=True) as web:
        cookie = sign_in(web.client, "co.north").headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie
        assert web.client.get("/healthz").headers["strict-transport-security"] == "max-age=31536000"


def test_a_wrong_password_shows_the_error_summary_and_records_a_failure_without_the_password(web: Site) -> None:
    answer = sign_in(web.client, "co.north", password="not my password at all")
    assert answer.status_code == 400
    assert 'class="ds_error-summary"' in answer.text and 'href="#name"' in answer.text
    failed = _events_of(web, "co.north")[-1]
    assert isinstance(failed, Account.SignInFailed) and failed.reason == "password"
    app = web.services.app
    stored = [n.state for n in app.recorder.select_notifications(1, 10_000)]
    assert not any(b"not my password" in state or PASSWORD.encode() in state for state in stored)


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password_and_records_nothing(web: Site) -> None:
    before = web.services.app.max_notification_id()
    wrong = sign_in(web.client, "co.north", password="not my password at all")
    unknown = sign_in(web.client, "nobody.here")
    assert unknown.status_code == wrong.status_code == 400
    assert "is not right" in unknown.text and "is not right" in wrong.text
    assert web.services.app.max_notification_id() == before + 2  # the failure of co.north and its receipt


def test_an_empty_form_names_each_missing_field(web: Site) -> None:
    token = csrf_of(web.client.get("/sign-in").text)
    answer = web.client.post("/sign-in", data={"csrf_token": token})
    assert answer.status_code == 400 and 'href="#name"' in answer.text and 'href="#password"' in answer.text


def test_a_post_without_the_csrf_token_is_refused_and_records_nothing_WEB_SES_3(web: Site) -> None:
    before = web.services.app.max_notification_id()
    answer = web.client.post("/sign-in", data={"name": "co.north", "password": PASSWORD})
    forged = web.client.post("/sign-in", data={"name": "co.north", "password": PASSWORD, "csrf_token": "forged"})
    assert answer.status_code == forged.status_code == 403
    assert web.services.app.max_notification_id() == before


def test_the_token_of_the_signed_out_page_does_not_sign_out_after_sign_in_WEB_SES_3(web: Site) -> None:
    old_token = csrf_of(web.client.get("/sign-in").text)
    sign_in(web.client, "co.north")
    assert web.client.post("/sign-out", data={"csrf_token": old_token}).status_code == 403
    assert web.client.get("/", follow_redirects=False).status_code == 200


def test_five_failed_sign_ins_lock_the_account_for_fifteen_minutes_WEB_SES_4(web: Site) -> None:
    for _ in range(5):
        web.clock.advance(seconds=30)
        assert sign_in(web.client, "co.north", password="guessing wrongly").status_code == 400
    locked = sign_in(web.client, "co.north")
    assert locked.status_code == 400 and "locked until" in locked.text
    assert _events_of(web, "co.north")[-1].reason == "locked"  # type: ignore[attr-defined]
    web.clock.advance(minutes=14, seconds=59)
    assert sign_in(web.client, "co.north").status_code == 400
    web.clock.advance(seconds=2)
    assert sign_in(web.client, "co.north").status_code == 303


def test_a_session_ends_after_30_minutes_idle_WEB_SES_1(web: Site) -> None:
    sign_in(web.client, "co.north")
    web.clock.advance(minutes=29)
    assert web.client.get("/", follow_redirects=False).status_code == 200  # and the idle clock restarts
    web.clock.advance(minutes=29)
    assert web.client.get("/", follow_redirects=False).status_code == 200
    web.clock.advance(minutes=30, seconds=1)
    ended = web.client.get("/", follow_redirects=False)
    assert (ended.status_code, ended.headers["location"]) == (303, "/sign-in")
    assert "30 minutes without activity" in web.client.get("/sign-in").text


def test_a_session_ends_12_hours_after_sign_in_however_busy_WEB_SES_1(web: Site) -> None:
    sign_in(web.client, "co.north")
    for _ in range(12 * 3):
        web.clock.advance(minutes=20)
        assert web.client.get("/healthz").status_code == 200
        assert web.client.get("/", follow_redirects=False).status_code == 200
    web.clock.advance(seconds=1)
    assert web.client.get("/", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session_even_for_a_copy_of_its_cookie_WEB_SES_2(web: Site) -> None:
    sign_in(web.client, "co.north")
    stolen = web.client.cookies.get("mappa_session")
    web.clock.advance(seconds=1)
    assert sign_out(web.client).headers["location"] == "/sign-in"
    assert _kinds(web, "co.north")[-1] == "SignedOut"
    web.client.cookies.set("mappa_session", stolen)
    assert web.client.get("/", follow_redirects=False).status_code == 303


def test_disabling_an_account_ends_its_session_at_the_next_request_WEB_ACC_3(web: Site) -> None:
    from mappa_flow import identity

    sign_in(web.client, "co.north")
    web.clock.advance(seconds=1)
    identity.disable_account(web.services.app, "co.north", "op")
    assert web.client.get("/", follow_redirects=False).status_code == 303
    refused = sign_in(web.client, "co.north")
    assert refused.status_code == 400 and _events_of(web, "co.north")[-1].reason == "disabled"  # type: ignore[attr-defined]


def test_a_change_of_role_or_areas_ends_the_session_so_the_new_access_applies_at_sign_in(web: Site) -> None:
    from mappa_flow import identity

    sign_in(web.client, "co.north")
    assert web.client.get("/areas/north").status_code == 200
    web.clock.advance(seconds=1)
    identity.grant_access(web.services.app, "co.north", "coordinator", ["south"], "op")
    assert web.client.get("/areas/north", follow_redirects=False).status_code == 303
    sign_in(web.client, "co.north")
    assert (web.client.get("/areas/north").status_code, web.client.get("/areas/south").status_code) == (403, 200)


@pytest.mark.parametrize("next_path", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_after_sign_in_the_site_never_sends_the_browser_to_another_site(web: Site, next_path: str) -> None:
    assert sign_in(web.client, "co.north", next_path=next_path).headers["location"] == "/"


def test_signed_in_pages_are_not_cached_and_static_files_may_be(web: Site) -> None:
    sign_in(web.client, "co.north")
    assert web.client.get("/").headers["cache-control"] == "no-store"
    static = web.client.get("/static/sgds/css/design-system.min.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")
    assert static.headers["x-content-type-options"] == "nosniff"
