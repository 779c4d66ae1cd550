"""PrivateText (projections/private.py): encrypted at rest on an engine with a cipher, plain text on one without."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment

from projections.bulk import insert_rows
from projections.private import UNREADABLE, PrivateText, with_cipher

metadata = sa.MetaData()
notes = sa.Table("notes", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("text", PrivateText))
SECRET = "Zq7 a person's name"


def a_cipher() -> AESCipher:
    return AESCipher(Environment(env={AESCipher.CIPHER_KEY: AESCipher.create_key(32)}))


def an_engine(cipher: AESCipher | None) -> sa.Engine:
    engine = with_cipher(sa.create_engine("sqlite://"), cipher)
    metadata.create_all(engine)
    return engine


@pytest.fixture
def engines() -> Iterator[tuple[sa.Engine, sa.Engine]]:
    plain, sealed = an_engine(None), an_engine(a_cipher())
    yield plain, sealed
    plain.dispose()
    sealed.dispose()


def stored(engine: sa.Engine) -> list[str | None]:
    with engine.connect() as conn:
        return [row[0] for row in conn.exec_driver_sql("SELECT text FROM notes ORDER BY id")]


def read(engine: sa.Engine) -> list[str | None]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(notes.c.text).order_by(notes.c.id)).scalars())


def test_each_engine_stores_private_text_its_own_way_even_through_the_bulk_writer_in_one_process(
        engines: tuple[sa.Engine, sa.Engine]) -> None:
    plain, sealed = engines
    for engine in (plain, sealed):  # the plain engine first: its converters must not serve the other
        with engine.begin() as conn:
            insert_rows(conn, notes, [{"id": 1, "text": SECRET}, {"id": 2, "text": None}])
            conn.execute(notes.insert(), [{"id": 3, "text": SECRET}])
    assert stored(plain) == [SECRET, None, SECRET]
    ciphertexts = stored(sealed)
    assert ciphertexts[1] is None and all(SECRET not in str(value) for value in ciphertexts)
    assert ciphertexts[0] != ciphertexts[2], "a random nonce: equal texts are stored differently"
    assert read(sealed) == read(plain) == [SECRET, None, SECRET]


def test_a_private_column_cannot_be_compared_grouped_or_sorted_in_sql(engines: tuple[sa.Engine, sa.Engine]) -> None:
    for refused in (lambda: notes.c.text == SECRET, lambda: notes.c.text.in_([SECRET]),
                    lambda: notes.c.text.like("Zq7%"), lambda: notes.c.text.desc()):
        with pytest.raises(TypeError, match=r"notes\.text is private text"):
            refused()
    _, sealed = engines
    with sealed.begin() as conn:
        conn.execute(notes.insert(), [{"id": 1, "text": None}, {"id": 2, "text": SECRET}])
        assert conn.execute(sa.select(notes.c.id).where(notes.c.text.is_(None))).scalars().all() == [1]
        assert conn.execute(sa.select(notes.c.id).where(notes.c.text.is_not(None))).scalars().all() == [2]


def test_a_damaged_value_reads_as_unreadable_and_the_log_does_not_show_it(
        engines: tuple[sa.Engine, sa.Engine], caplog: pytest.LogCaptureFixture) -> None:
    _, sealed = engines
    with sealed.begin() as conn:
        conn.execute(notes.insert(), [{"id": 1, "text": SECRET}, {"id": 2, "text": SECRET}])
        conn.exec_driver_sql("UPDATE notes SET text = 'A' || substr(text, 2) WHERE id = 1")  # one byte changed
        conn.exec_driver_sql("INSERT INTO notes VALUES (3, ?)", (SECRET,))  # plain text where a ciphertext belongs
    with caplog.at_level(logging.WARNING, logger="projections.private"):
        assert read(sealed) == [UNREADABLE, SECRET, UNREADABLE]
    assert "does not decrypt" in caplog.text and SECRET not in caplog.text


def test_views_made_with_another_key_read_as_unreadable_never_as_wrong_text(
        engines: tuple[sa.Engine, sa.Engine]) -> None:
    _, sealed = engines
    with sealed.begin() as conn:
        conn.execute(notes.insert(), [{"id": 1, "text": SECRET}])
    with_cipher(sealed, a_cipher())  # as if the views had been made with another key
    assert read(sealed) == [UNREADABLE]
