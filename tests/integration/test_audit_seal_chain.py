"""Tamper evidence against someone with write access to the database: the seal chain, anchors and overdue seals.

Extends the tamper matrix of test_audit_tamper.py. Each test seals the story, then alters the database with
plain SQL (the real SQLite file, the real PostgreSQL schema) as an administrator could, and checks what
``verify`` (and ``verify --anchor``) then says. Runs on both backends, with and without encryption at rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, update

from mappa_flow.audit.auditor import Auditor
from mappa_flow.audit.seal import Chain, SealRefusedError, previous_hash
from mappa_flow.audit.tables import seal, seal_leaf
from mappa_flow.bootstrap import Mappa, bootstrap
from mappa_flow.cli.audit import EXIT_TAMPERED
from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from tests.integration.audit_story import at, do, tell_story, with_key
from tests.integration.test_audit_tamper import PostgresTamper, SqliteTamper, Tamper, change, truncate


@pytest.fixture(params=[False, True], ids=["plain", "encrypted"])
def settings(request: pytest.FixtureRequest, store: Settings) -> Settings:
    return with_key(store) if request.param else store


@pytest.fixture
def sealed(settings: Settings, clock: FixedClock) -> Iterator[tuple[Mappa, Auditor]]:
    """The story, sealed twice: seal #1 over positions 1 to 14 (2 September), seal #2 over 15 and 16 (3 Sept)."""
    app = bootstrap(settings, clock)
    auditor = Auditor.open(settings, app)
    tell_story(app, clock)
    auditor.seal("auditor-1")
    at(clock, 2026, 9, 3)
    do(app, "change_level", occurred_on=date(2026, 9, 3), case_reference="N-0001", level=2)
    auditor.seal("auditor-2")
    yield app, auditor
    auditor.close()
    app.close()


@pytest.fixture
def db(settings: Settings) -> Tamper:
    return PostgresTamper(settings) if settings.postgres_dbname else SqliteTamper(settings)


def _kinds(auditor: Auditor, anchor: str | None = None) -> list[tuple[str, int]]:
    return [(f.kind, f.position) for f in auditor.verify(anchor).findings]


def _latest_hash(auditor: Auditor) -> str:
    latest = auditor.verify().latest
    assert latest is not None
    return latest.chain_hash


def _set_seal(auditor: Auditor, number: int, **values: object) -> None:
    with auditor.engine.begin() as conn:
        conn.execute(update(seal).where(seal.c.seal_no == number).values(**values))


def test_two_seals_chain_and_verify_with_every_event_checked(sealed: tuple[Mappa, Auditor]) -> None:
    app, auditor = sealed
    result = auditor.verify(_latest_hash(auditor))
    assert not result.tampered and result.checked == app.max_notification_id() == 16
    assert [(s.seal_no, s.first_position, s.last_position, s.version) for s in result.seals] == [
        (1, 1, 14, 2), (2, 15, 16, 2)]


def test_emptied_seal_tables_are_a_finding_once_events_are_older_than_the_seal_interval(
    sealed: tuple[Mappa, Auditor], db: Tamper, settings: Settings
) -> None:
    auditor = sealed[1]
    change(db, 5)
    with auditor.engine.begin() as conn:
        conn.execute(delete(seal_leaf))
        conn.execute(delete(seal))
    findings = auditor.verify().findings
    unreadable = [("unreadable", 5)] if settings.cipher_key else []  # encrypted: the change breaks the cipher
    assert [(f.kind, f.position) for f in findings] == [*unreadable, ("seal-overdue", 1)]
    assert "no seal was ever made" in findings[-1].detail


def test_a_store_younger_than_the_seal_interval_is_not_overdue_until_the_interval_passes(
    settings: Settings, clock: FixedClock
) -> None:
    app = bootstrap(settings, clock)
    auditor = Auditor.open(settings, app)
    try:
        at(clock, 2026, 9, 1, hour=9)
        do(app, "register_area", occurred_on=date(2026, 9, 1), area="south", name="South")
        at(clock, 2026, 9, 2, hour=8)  # 23 hours later
        result = auditor.verify()
        assert not result.tampered and result.unsealed == 2
        at(clock, 2026, 9, 2, hour=10)  # 25 hours later
        assert _kinds(auditor) == [("seal-overdue", 1)]
    finally:
        auditor.close()
        app.close()


def test_deleting_the_newest_seals_leaves_an_overdue_tail_once_a_day_has_passed(
    sealed: tuple[Mappa, Auditor], clock: FixedClock
) -> None:
    auditor = sealed[1]
    with auditor.engine.begin() as conn:
        conn.execute(delete(seal_leaf).where(seal_leaf.c.position > 14))
        conn.execute(delete(seal).where(seal.c.seal_no == 2))
    assert _kinds(auditor) == []  # on the day, a tail sealed the same day cannot be told from a fresh one
    at(clock, 2026, 9, 4, hour=12)
    assert _kinds(auditor) == [("seal-overdue", 15)]


@pytest.mark.parametrize("edit", [
    {"sealed_by": "someone-else"},
    {"sealed_at": "shifted"},
    {"events": 1},
    {"first_position": 13},
    {"version": 1},
    {"version": 9},
], ids=["sealed_by", "sealed_at", "events", "first_position", "version-1", "version-unknown"])
def test_edited_seal_metadata_breaks_the_seal(sealed: tuple[Mappa, Auditor], edit: dict[str, object]) -> None:
    auditor = sealed[1]
    if edit.get("sealed_at") == "shifted":
        edit = {"sealed_at": auditor.verify().seals[0].sealed_at - timedelta(days=30)}
    _set_seal(auditor, 1, **edit)
    assert ("seal-altered", 1) in _kinds(auditor)


def test_events_removed_with_their_seal_from_the_middle_of_the_chain_break_the_seal_after_it(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    app, auditor = sealed
    do(app, "change_level", occurred_on=date(2026, 9, 3), case_reference="N-0001", level=3)
    auditor.seal("auditor-3")  # seal #3 over 17 and 18
    db.run("DELETE FROM {table} WHERE {id} IN (15, 16)")
    with auditor.engine.begin() as conn:  # their seal and digests go, and the next seal is renumbered
        conn.execute(delete(seal_leaf).where(seal_leaf.c.position.in_([15, 16])))
        conn.execute(delete(seal).where(seal.c.seal_no == 2))
        conn.execute(update(seal).where(seal.c.seal_no == 3).values(seal_no=2))
    assert _kinds(auditor) == [("seal-altered", 17)]


def test_sealing_is_refused_over_a_history_that_no_longer_matches_the_last_seal(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    app, auditor = sealed
    do(app, "change_level", occurred_on=date(2026, 9, 3), case_reference="N-0001", level=3)
    change(db, 16)
    with pytest.raises(SealRefusedError, match="seal #2"):
        auditor.seal("auditor-3")
    assert [s.seal_no for s in auditor.verify().seals] == [1, 2]  # nothing was written
    assert ("changed", 16) in _kinds(auditor)


def test_sealing_is_refused_when_the_last_seal_record_was_edited(sealed: tuple[Mappa, Auditor]) -> None:
    auditor = sealed[1]
    _set_seal(auditor, 2, sealed_by="someone-else")
    with pytest.raises(SealRefusedError, match="seal #2 no longer matches its own record"):
        auditor.seal("auditor-3")


def test_a_reseal_after_tampering_is_caught_by_an_anchor_kept_before(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    auditor = sealed[1]
    anchor = _latest_hash(auditor)
    change(db, 5)
    with auditor.engine.begin() as conn:  # remake every seal over the altered history, as an administrator could
        conn.execute(delete(seal_leaf))
        conn.execute(delete(seal))
    auditor.seal("auditor-2")
    assert _kinds(auditor) == []  # consistent in itself: only a hash kept outside shows it
    assert _kinds(auditor, anchor) == [("anchor-missing", 0)]


def test_a_truncated_tail_with_its_seal_removed_is_caught_by_an_anchor(
    sealed: tuple[Mappa, Auditor], db: Tamper
) -> None:
    auditor = sealed[1]
    anchor = _latest_hash(auditor)
    truncate(db, 14)
    assert _kinds(auditor) == [("truncated", 15)]
    with auditor.engine.begin() as conn:  # and the seal and digests of the deleted events with them
        conn.execute(delete(seal_leaf).where(seal_leaf.c.position > 14))
        conn.execute(delete(seal).where(seal.c.seal_no == 2))
    assert _kinds(auditor) == []
    assert _kinds(auditor, anchor) == [("anchor-missing", 0)]


def test_version_1_seals_verify_by_their_rule_and_new_seals_chain_onto_them(
    settings: Settings, clock: FixedClock
) -> None:
    """A seal made before seals covered their own record (version 1): its hash covers the leaves only."""
    app = bootstrap(settings, clock)
    auditor = Auditor.open(settings, app)
    try:
        tell_story(app, clock)
        auditor.seal("auditor-1")
        with auditor.engine.begin() as conn:
            leaves = conn.execute(select(seal_leaf.c.position, seal_leaf.c.digest).order_by("position")).all()
            chain = Chain(previous_hash(None))
            for position, digest in leaves:
                chain.add(position, bytes(digest))
            conn.execute(update(seal).values(version=1, chain_hash=chain.hexdigest()))
        assert _kinds(auditor) == []
        do(app, "change_level", occurred_on=date(2026, 9, 2), case_reference="N-0001", level=2)
        auditor.seal("auditor-2")
        assert [s.version for s in auditor.verify().seals] == [1, 2] and _kinds(auditor, _latest_hash(auditor)) == []
        _set_seal(auditor, 1, sealed_by="someone-else")
        assert _kinds(auditor) == []  # what version 1 could not see (docs/decisions.md)
        _set_seal(auditor, 1, events=13)
        assert _kinds(auditor) == [("seal-altered", 1)]
    finally:
        auditor.close()
        app.close()


def test_an_audit_seal_table_of_the_old_format_gains_the_version_column(store: Settings, clock: FixedClock) -> None:
    app = bootstrap(store, clock)
    try:
        auditor = Auditor.open(store, app)
        with auditor.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE audit_seal")
            conn.exec_driver_sql("CREATE TABLE audit_seal (seal_no INTEGER PRIMARY KEY, first_position BIGINT NOT "
                                 "NULL, last_position BIGINT NOT NULL, events INTEGER NOT NULL, chain_hash "
                                 "VARCHAR(64) NOT NULL, sealed_at TIMESTAMP NOT NULL, sealed_by VARCHAR(200) NOT NULL)")
            conn.exec_driver_sql("INSERT INTO audit_seal VALUES (1, 1, 1, 1, '" + "0" * 64 + "', "
                                 "'2026-01-01 00:00:00', 'old')")  # a row as the old code wrote it
        auditor.close()
        auditor = Auditor.open(store, app)
        assert [(s.seal_no, s.version) for s in auditor.verify().seals] == [(1, 1)]
        auditor.close()
    finally:
        app.close()


def test_verify_exits_7_when_the_emptied_seals_leave_old_events_unsealed(
    sealed: tuple[Mappa, Auditor], settings: Settings, clock: FixedClock
) -> None:
    auditor = sealed[1]
    with auditor.engine.begin() as conn:
        conn.execute(delete(seal_leaf))
        conn.execute(delete(seal))
    context = CliContext(settings=settings, clock=clock)
    try:
        done = CliRunner().invoke(cli, ["audit", "verify"], obj=context)
    finally:
        context.close()
    assert done.exit_code == EXIT_TAMPERED
    assert "TAMPERED at position 1: seal-overdue: the event at position 1, recorded 2026-04-01 10:00 UTC" in done.output
    assert done.output.rstrip().endswith("TAMPERING DETECTED")
