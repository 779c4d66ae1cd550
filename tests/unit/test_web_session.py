"""The session cookie is signed, and a session ends after 30 minutes idle or 12 hours in all (WEB-SES-1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mappa_flow.web.session import IDLE, LONGEST, Session, SessionCodec

AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_session_survives_its_cookie_and_a_tampered_or_foreign_cookie_gives_a_new_anonymous_one() -> None:
    codec = SessionCodec("s" * 40)
    session = Session()
    session.begin("jo.smith", AT)
    cookie = codec.dump(session)
    back = codec.load(cookie)
    assert (back.account, back.started_at, back.seen_at, back.csrf) == ("jo.smith", AT, AT, session.csrf)
    assert codec.load(cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")).account is None
    assert SessionCodec("t" * 40).load(cookie).account is None
    assert codec.load("garbage").account is None and codec.load(None).account is None


def test_signing_in_changes_the_csrf_token_so_a_token_from_before_is_worth_nothing() -> None:
    session = Session()
    before = session.csrf
    session.begin("jo.smith", AT)
    assert session.csrf != before


def test_a_session_ends_after_30_minutes_without_a_request_WEB_SES_1() -> None:
    session = Session()
    session.begin("jo.smith", AT)
    assert session.expired(AT + IDLE) is None
    assert "30 minutes" in str(session.expired(AT + IDLE + timedelta(seconds=1)))


def test_a_session_ends_12_hours_after_sign_in_however_busy_WEB_SES_1() -> None:
    session = Session()
    session.begin("jo.smith", AT)
    session.seen_at = AT + LONGEST
    assert session.expired(AT + LONGEST) is None
    assert "12 hours" in str(session.expired(AT + LONGEST + timedelta(seconds=1)))


def test_a_notice_is_shown_once() -> None:
    session = Session()
    session.end("You have signed out.")
    assert (session.pop_notice(), session.pop_notice()) == ("You have signed out.", None)
