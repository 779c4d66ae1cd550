"""Passwords are kept as argon2id hashes and tokens as SHA-256 hashes (mappa_flow/credential.py, WEB-ACC-6)."""

from __future__ import annotations

import pytest

from mappa_flow.credential import (
    PasswordError,
    check_password,
    hash_password,
    new_token,
    same_token,
    token_hash,
    verify_password,
)


def test_a_password_is_hashed_with_argon2id_and_verified_against_its_hash() -> None:
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse batterz")
    assert hash_password("correct horse battery") != hashed  # salted


@pytest.mark.parametrize(("password", "words"), [
    ("", "empty"), ("            ", "empty"), ("eleven char", "11 characters"), ("x" * 257, "257 characters"),
    ("twelve chars\x07", "control character"),
])
def test_a_password_breaking_the_rule_is_refused_without_repeating_it_WEB_ACC_6(password: str, words: str) -> None:
    with pytest.raises(PasswordError) as caught:
        check_password(password)
    assert words in str(caught.value) and "WEB-ACC-6" in str(caught.value)
    assert password.strip() == "" or password not in str(caught.value)


def test_a_malformed_or_empty_hash_never_verifies() -> None:
    assert not verify_password("", "anything at all")
    assert not verify_password("not-a-hash", "anything at all")


def test_a_token_is_random_shown_once_and_kept_as_its_hash() -> None:
    first, second = new_token("mf_api"), new_token("mf_api")
    assert first.secret.startswith("mf_api_") and first.secret != second.secret
    assert first.token_hash == token_hash(first.secret) and first.secret not in first.token_hash
    assert same_token(first.secret, first.token_hash) and not same_token(second.secret, first.token_hash)
    assert not same_token(first.secret, "")
