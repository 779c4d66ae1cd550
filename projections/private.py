"""Private text in the views: stored encrypted with the event store's cipher when the store is encrypted.

A view column of type ``PrivateText`` holds free text, e-mail addresses or people's names. On an engine
given a cipher (``with_cipher``, done by the composition root for every engine on an encrypted store's
views), each value is stored as base64 of the cipher's output (AES-GCM with a random nonce: equal texts
are stored differently) and decrypted when read through SQLAlchemy. On an engine without one it is plain
text, as any other column.

So such a column can be read and shown, but never compared in SQL: a filter, a join, a GROUP BY or an
ORDER BY on it would compare ciphertexts. Its comparator refuses every SQL operator but IS (NOT) NULL, so
a query that tries fails at once instead of silently finding nothing; group or sort after reading.

A value that does not decrypt (a row edited in the database, or views made with another key) reads as
``UNREADABLE``, and is logged without its content: a report shows it instead of failing, and
``audit verify --views`` finds the row differs from a rebuild.
"""

from __future__ import annotations

import binascii
import logging
from base64 import b64decode, b64encode
from typing import Any, Protocol

from sqlalchemy import Dialect, Engine, Text, TypeDecorator
from sqlalchemy.sql import operators

log = logging.getLogger(__name__)

UNREADABLE = "[unreadable: damaged, or encrypted with another key]"
_ATTRIBUTE = "mappa_view_cipher"  # the engine's cipher, kept on its dialect: the one object a column type sees


class Cipher(Protocol):
    """What the views need of the store's cipher (eventsourcing's ``AESCipher`` has it)."""

    def encrypt(self, plaintext: bytes) -> bytes: ...

    def decrypt(self, ciphertext: bytes) -> bytes: ...


def with_cipher(engine: Engine, cipher: Cipher | None) -> Engine:
    """Make ``engine`` store its ``PrivateText`` columns encrypted with ``cipher`` (None: as plain text).

    Call it before the engine's first statement. Engines sharing a dialect (``execution_options``) share it.
    """
    setattr(engine.dialect, _ATTRIBUTE, cipher)
    return engine


def cipher_of(dialect: Dialect) -> Cipher | None:
    return getattr(dialect, _ATTRIBUTE, None)  # type: ignore[no-any-return]


class PrivateText(TypeDecorator[str]):
    """Free text, an e-mail address or a person's name: encrypted at rest when the engine has a cipher."""

    impl = Text
    cache_ok = True

    class Comparator(TypeDecorator.Comparator[str]):
        def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
            if op not in (operators.is_, operators.is_not):
                raise TypeError(f"{self.expr} is private text, encrypted at rest: SQL cannot compare, group or sort "
                                "it (read it, then do so in Python)")
            return super().operate(op, *other, **kwargs)

    comparator_factory = Comparator

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        cipher = cipher_of(dialect)
        if value is None or cipher is None:
            return value
        return b64encode(cipher.encrypt(value.encode("utf-8"))).decode("ascii")

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        cipher = cipher_of(dialect)
        if value is None or cipher is None:
            return value
        try:
            return cipher.decrypt(b64decode(value, validate=True)).decode("utf-8")
        except (ValueError, binascii.Error):  # UnicodeDecodeError is a ValueError too
            log.warning("a private text value in the views does not decrypt; `mappa-flow audit verify --views` "
                        "shows which row, and `mappa-flow projections rebuild` makes it again from the events")
            return UNREADABLE
