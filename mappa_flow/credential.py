"""Passwords and tokens: made and checked here, stored only as hashes (docs/web.md).

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended profile). Tokens
are 32 random bytes, so a fast hash (SHA-256) is enough to store them: nobody can guess one to match it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from typing import NamedTuple

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD = 12  # WEB-ACC-6
MAX_PASSWORD = 256

_HASHER = PasswordHasher(type=Type.ID)


class PasswordError(ValueError):
    """A password breaks WEB-ACC-6; the message never repeats the password."""


def check_password(password: str) -> None:
    """WEB-ACC-6: a password has 12 to 256 characters, not all of them spaces, and no control character."""
    if not password.strip():
        raise PasswordError("password is empty (WEB-ACC-6: a password has at least 12 characters)")
    if len(password) < MIN_PASSWORD:
        raise PasswordError(f"password has {len(password)} characters (WEB-ACC-6: at least {MIN_PASSWORD})")
    if len(password) > MAX_PASSWORD:
        raise PasswordError(f"password has {len(password)} characters (WEB-ACC-6: at most {MAX_PASSWORD})")
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        raise PasswordError("password holds a control character (WEB-ACC-6: printable characters only)")


def hash_password(password: str) -> str:
    """The argon2id hash of a password that passed ``check_password``."""
    check_password(password)
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches the hash (False for an empty or malformed hash)."""
    if not password_hash or len(password) > MAX_PASSWORD:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def spend_a_verification() -> None:
    """Take as long as a password check, so an unknown name answers as slowly as a wrong password."""
    verify_password(_dummy_hash(), "not the password")


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash("mappa-flow dummy password")


class Token(NamedTuple):
    secret: str  # shown to the person once
    token_hash: str  # stored


def new_token(prefix: str) -> Token:
    """A fresh random token, e.g. ``mf_api_…``, and the hash to store."""
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    return Token(secret, token_hash(secret))


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_token(secret: str, stored_hash: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(token_hash(secret), stored_hash)
