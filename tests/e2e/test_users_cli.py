"""`mappa-flow users` as an operator runs it, on both backends: accounts are added, listed, disabled, reset and
given tokens; every refusal names the field, the value and the rule, exits 3 or 4, and writes nothing."""

from __future__ import annotations

import json

import pytest

from tests.e2e.cli_run import event_count, mappa

PASSWORD = "correct horse battery staple\n"


@pytest.fixture
def env(any_env: dict[str, str]) -> dict[str, str]:
    assert mappa(any_env, "init").returncode == 0
    done = mappa(any_env, "record", "register_area", "--json", json.dumps(
        {"area": "north", "name": "North", "command_id": "a-1", "recorded_by": "op", "occurred_on": "2026-01-05"}))
    assert done.returncode == 0, done.stderr
    return any_env


def _add(env: dict[str, str], name: str, role: str, *areas: str, password: str = PASSWORD) -> object:
    args = [arg for area in areas for arg in ("--area", area)]
    return mappa(env, "users", "add", name, "--role", role, *args, "--password-stdin", "--as", "op", stdin=password)


def test_an_account_is_added_listed_given_tokens_and_disabled(env: dict[str, str]) -> None:
    added = _add(env, "jo.smith", "coordinator", "north")
    assert added.returncode == 0 and "jo.smith registered as coordinator in north" in added.stdout  # type: ignore[attr-defined]
    assert "correct horse" not in added.stdout + added.stderr  # type: ignore[attr-defined]
    token = mappa(env, "users", "token", "jo.smith")
    assert token.returncode == 0 and token.stdout.startswith("mf_api_") and "shown again" in token.stderr
    calendar = mappa(env, "users", "calendar-token", "jo.smith")
    assert calendar.returncode == 0 and calendar.stdout.startswith("mf_cal_")
    rotated = mappa(env, "users", "calendar-token", "jo.smith", "--rotate")
    assert rotated.returncode == 0 and rotated.stdout != calendar.stdout
    granted = mappa(env, "users", "grant", "jo.smith", "--role", "auditor", "--area", "north")
    assert granted.returncode == 0 and "jo.smith is now auditor in north" in granted.stdout
    assert mappa(env, "users", "disable", "jo.smith").returncode == 0
    (row,) = json.loads(mappa(env, "users", "list", "--json").stdout)
    assert (row["name"], row["role"], row["areas"], row["disabled"], row["has_api_token"],
            row["has_calendar_token"]) == ("jo.smith", "auditor", ["north"], True, True, True)
    listing = mappa(env, "users", "list").stdout
    assert token.stdout.strip() not in listing and "$argon2id$" not in listing


REFUSALS = [  # (arguments, password on stdin, exit code, words of the message)
    (("jo", "--role", "boss", "--area", "north"), PASSWORD, 3, "role = 'boss': WEB-ACC-1"),
    (("jo", "--role", "coordinator", "--area", "south"), PASSWORD, 4, "area south is not registered"),
    (("jo", "--role", "coordinator"), PASSWORD, 4, "rule=WEB-ACC-2"),
    (("jo", "--role", "admin", "--area", "north"), PASSWORD, 4, "an admin account holds no area"),
    (("jo", "--role", "coordinator", "--area", "north"), "short\n", 3, "password = '(hidden)': password has 5"),
    (("jo", "--role", "coordinator", "--area", "north"), "", 3, "password is empty"),
    (("Jo Smith", "--role", "coordinator", "--area", "north"), PASSWORD, 3, "name = 'Jo Smith': WEB-ACC-7"),
]


def test_a_refused_account_names_field_value_and_rule_and_writes_nothing(env: dict[str, str]) -> None:
    before = event_count(env)
    for args, password, code, words in REFUSALS:
        refused = mappa(env, "users", "add", *args, "--password-stdin", stdin=password)
        assert refused.returncode == code and words in refused.stderr, (args, refused.stderr)
    assert event_count(env) == before


def test_a_second_account_of_the_same_name_and_a_disabled_one_are_refused(env: dict[str, str]) -> None:
    assert _add(env, "jo.smith", "coordinator", "north").returncode == 0  # type: ignore[attr-defined]
    again = _add(env, "jo.smith", "auditor", "north")
    assert again.returncode == 4 and "already exists" in again.stderr  # type: ignore[attr-defined]
    assert mappa(env, "users", "disable", "jo.smith").returncode == 0
    before = event_count(env)
    for args in (("disable", "jo.smith"), ("token", "jo.smith")):
        refused = mappa(env, "users", *args)
        assert refused.returncode == 4 and "rule=WEB-ACC-3" in refused.stderr
    reset = mappa(env, "users", "reset", "jo.smith", stdin=PASSWORD)
    assert reset.returncode == 4 and "is disabled" in reset.stderr
    missing = mappa(env, "users", "reset", "nobody", stdin=PASSWORD)
    assert missing.returncode == 5 and "no account is named nobody" in missing.stderr
    assert event_count(env) == before


def test_serve_refuses_to_start_without_a_secret_and_never_prints_one(env: dict[str, str]) -> None:
    without = mappa(env, "serve", "--port", "1")
    assert without.returncode == 8 and "MAPPA_WEB_SECRET is not set" in without.stderr
    short = mappa({**env, "MAPPA_WEB_SECRET": "too-short-a-secret"}, "serve")
    assert short.returncode == 8 and "MAPPA_WEB_SECRET" in short.stderr
    assert "too-short-a-secret" not in short.stderr + short.stdout
