"""Accounts of the web application are events (domain/account.py): who had which role and areas, when, and every
sign-in and failed sign-in, so an auditor can replay who had access when. Rules WEB-ACC-* and WEB-SES-4."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.account import LOCK_FOR, Account, AccountError, check_access, locked_until
from domain.errors import DomainError
from domain.event import Stamp
from tests.unit.given import new_events, refused, some_id, stamp

TODAY = date(2026, 11, 20)
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g"


def _account(role: str = "coordinator", areas: tuple[str, ...] = ("north",)) -> Account:
    account = Account.register(some_id("jo"), stamp("register"), TODAY, name="jo.smith", role=role,
                               areas=list(areas), password_hash=HASH)
    account.collect_events()
    return account


def test_registering_records_the_account_its_role_and_areas_and_the_password_hash_only() -> None:
    account = Account.register(some_id("jo"), stamp(), TODAY, name="jo.smith", role="coordinator",
                               areas=["south", "north", "north"], password_hash=HASH)
    registered, password = new_events(account)
    assert isinstance(registered, Account.Registered) and isinstance(password, Account.PasswordSet)
    assert (registered.name, registered.role, registered.areas) == ("jo.smith", "coordinator", ["north", "south"])
    assert (password.password_hash, password.reset) == (HASH, False)
    assert (registered.recorded_by, registered.occurred_on) == ("coord-1", TODAY)


@pytest.mark.parametrize("role", ["boss", "Coordinator", ""])
def test_a_role_that_is_not_one_of_the_four_is_refused_WEB_ACC_1(role: str) -> None:
    with pytest.raises(AccountError) as caught:
        Account.register(some_id("jo"), stamp(), TODAY, name="jo", role=role, areas=["north"], password_hash=HASH)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("role", role, "WEB-ACC-1")


@pytest.mark.parametrize("role", ["coordinator", "auditor", "sog"])
def test_an_account_that_sees_cases_needs_an_area_WEB_ACC_2(role: str) -> None:
    with pytest.raises(AccountError) as caught:
        check_access(role, [])
    assert (caught.value.field, caught.value.rule) == ("area", "WEB-ACC-2")


def test_an_admin_holds_no_area_because_an_admin_sees_no_case_data_WEB_ACC_2() -> None:
    with pytest.raises(AccountError) as caught:
        check_access("admin", ["north"])
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("area", "north", "WEB-ACC-2")
    assert check_access("admin", []) == []


def test_granting_replaces_the_role_and_areas_and_ends_the_sessions_before_it() -> None:
    account = _account()
    account.grant("auditor", ["west", "north"], stamp("grant"), TODAY)
    (granted,) = new_events(account)
    assert (granted.role, granted.areas) == ("auditor", ["north", "west"])
    assert (account.role, account.areas, account.sessions_from) == ("auditor", ["north", "west"], granted.timestamp)


def test_a_disabled_account_is_granted_and_issued_nothing_more_WEB_ACC_3() -> None:
    account = _account()
    account.disable(stamp("disable"), TODAY)
    assert account.disabled and isinstance(new_events(account)[0], Account.Disabled)
    for command in (lambda: account.grant("sog", ["north"], stamp(), TODAY),
                    lambda: account.issue_api_token("a" * 64, stamp(), TODAY),
                    lambda: account.reset_password(HASH, stamp(), TODAY),
                    lambda: account.disable(stamp(), TODAY)):
        refused(account, command, field="name", value="jo.smith", rule="WEB-ACC-3", error=AccountError)


def test_a_second_calendar_token_needs_rotate_so_a_feed_url_is_not_replaced_by_mistake_WEB_ACC_4() -> None:
    account = _account()
    account.issue_calendar_token("a" * 64, False, stamp(), TODAY)
    assert new_events(account)[0].rotated is False
    refused(account, lambda: account.issue_calendar_token("b" * 64, False, stamp(), TODAY), field="rotate",
            value=False, rule="WEB-ACC-4", error=AccountError)
    account.issue_calendar_token("b" * 64, True, stamp(), TODAY)
    assert (new_events(account)[0].rotated, account.calendar_token_hash) == (True, "b" * 64)


def test_an_event_is_not_recorded_with_a_business_date_after_today_R_CAL_1() -> None:
    with pytest.raises(DomainError) as caught:
        _account().sign_in(stamp(today=TODAY), TODAY + timedelta(days=1))
    assert caught.value.rule == "R-CAL-1"


AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_four_failures_do_not_lock_and_the_fifth_locks_for_fifteen_minutes_after_it_WEB_SES_4() -> None:
    failures = [AT + timedelta(minutes=i) for i in range(4)]
    assert locked_until(failures, AT + timedelta(minutes=4)) is None
    failures.append(AT + timedelta(minutes=4))
    assert locked_until(failures, AT + timedelta(minutes=5)) == AT + timedelta(minutes=4) + LOCK_FOR
    assert locked_until(failures, AT + timedelta(minutes=4) + LOCK_FOR - timedelta(seconds=1)) is not None
    assert locked_until(failures, AT + timedelta(minutes=4) + LOCK_FOR) is None


def _stamp_at(at: datetime, command_id: str) -> Stamp:
    return Stamp(recorded_by="jo.smith", command_id=command_id, recorded_at=at, today=TODAY)


def test_failed_sign_ins_count_from_their_events_and_a_success_or_a_reset_clears_them_WEB_SES_4() -> None:
    account = _account()
    for i in range(5):
        account.fail_sign_in("password", _stamp_at(AT + timedelta(minutes=i), f"f{i}"), TODAY)
    assert account.locked_until(AT + timedelta(minutes=5)) == AT + timedelta(minutes=4) + LOCK_FOR
    account.fail_sign_in("locked", _stamp_at(AT + timedelta(minutes=6), "f6"), TODAY)
    assert len(account.failures) == 5  # a refusal while locked does not make the lock longer
    account.reset_password(HASH, _stamp_at(AT + timedelta(minutes=7), "reset"), TODAY)
    assert account.locked_until(AT + timedelta(minutes=8)) is None
    account.fail_sign_in("password", _stamp_at(AT + timedelta(minutes=9), "f9"), TODAY)
    account.sign_in(_stamp_at(AT + timedelta(minutes=10), "ok"), TODAY)
    assert account.failures == []


def test_signing_out_ends_every_session_started_before_it() -> None:
    account = _account()
    account.sign_out(_stamp_at(AT, "out"), TODAY)
    assert account.sessions_from == AT


def test_no_event_of_an_account_carries_a_password() -> None:
    account = Account.register(some_id("jo"), stamp(), TODAY, name="jo.smith", role="coordinator",
                               areas=["north"], password_hash=HASH)
    account.fail_sign_in("password", stamp(), TODAY)
    fields = {name for event in new_events(account) for name in vars(event)}
    assert not {name for name in fields if "password" in name} - {"password_hash"}
