"""A store written by the previous version (commit 025abed) opens with this one (issue 12).

tests/fixtures/store-025abed.db and its views file were written by tests/fixtures/make_upgrade_store.py
with the code of 025abed, which saved its own reports over them in store-025abed-reports.json. Opened
here as a user would open them (the CLI over MAPPA_SQLITE_PATH, the views file found beside it), the
deadlines view, stored at version 1, is rebuilt by itself at its new version (and the meetings view, which
now keeps whether disclosure was considered, R-MTG-3); the indicators and exceptions
are the old ones exactly; the deadlines are the old ones except for the clarifications of RULES §10,
worked out here from the old report alone (not by running the new rules):

- R-PI-1 / R-PI-2 (refined): a review deadline the old version withdrew after its due date had passed
  was already late: it is now ``missed``, same id and dates, its days overdue counted to the day it
  stopped, its reason "not reviewed by the due date; then <the old reason>".
- R-REM-2 (refined): the old version withdrew a pre-release deadline as "superseded" when the release
  date changed and opened another. Now there is one deadline per custody spell: the last of the old
  chain, as it stands (due date, status, closed on), under the id of the first.

SQLite only: the fixture is an SQLite store with its SQLite views file, and what is tested is that
this version upgrades those files; test_stored_by_v0_1.py covers old stored events on PostgreSQL.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from projections.views.account import AccountView
from projections.views.case_index import CaseIndexView
from projections.views.deadline import DeadlineView
from projections.views.meeting import MeetingFactsView
from tests.conftest import sqlite_settings
from tests.fixtures import make_upgrade_store as fixture

FIXTURES = Path(fixture.__file__).parent
OLD_REPORTS: dict[str, Any] = json.loads((FIXTURES / fixture.REPORTS_NAME).read_text())["reports"]
REVIEWS = ("level-2-review", "level-3-review")
PRE_RELEASE = "pre-release-level-3-meeting"
SUPERSEDED = "superseded: "
Row = dict[str, Any]


@pytest.fixture
def old_store(tmp_path: Path) -> Settings:
    """Copies of the fixture's store and views file (the committed files never change)."""
    for name in (fixture.STORE_NAME, fixture.VIEWS_NAME):
        shutil.copyfile(FIXTURES / name, tmp_path / name)
    settings = sqlite_settings(tmp_path / fixture.STORE_NAME)
    assert settings.views_path == tmp_path / fixture.VIEWS_NAME  # found beside the store, as 025abed put it
    return settings


def _report(settings: Settings, args: tuple[str, ...]) -> Any:
    context = CliContext(settings=settings, clock=FixedClock(fixture.TODAY))
    try:
        result = CliRunner().invoke(cli, list(args), obj=context, env={"MAPPA_USER": "upgrade-test"})
    finally:
        context.close()
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _view_versions(settings: Settings) -> dict[str, int]:
    with sqlite3.connect(settings.views_path) as conn:
        return dict(conn.execute("SELECT view, version FROM mappa_view_version").fetchall())


def _order(rows: list[Row]) -> list[Row]:
    """The deadlines report's order: due date, kind, id."""
    return sorted(rows, key=lambda row: (row["due_on"], row["kind"], row["deadline_id"]))


def _missed_if_late(row: Row) -> Row:
    """R-PI-1 / R-PI-2 refined: withdrawn only while pending; a review stopped after its due date is missed."""
    if row["kind"] not in REVIEWS or row["status"] != "withdrawn" or row["closed_on"] <= row["due_on"]:
        return row
    late = (date.fromisoformat(row["closed_on"]) - date.fromisoformat(row["due_on"])).days
    return {**row, "status": "missed", "days_overdue": late,
            "reason": f"not reviewed by the due date; then {row['reason']}"}


def _superseded(row: Row) -> bool:
    return row["kind"] == PRE_RELEASE and row["status"] == "withdrawn" and str(row["reason"]).startswith(SUPERSEDED)


def _successor(row: Row, rows: list[Row]) -> Row:
    """The deadline that took the place of a superseded one: of the same case, not superseded itself, and the
    first to close on or after the day the release date changed (an open one last). A later custody spell's
    deadline closes after it; an earlier spell's closed before that spell ended."""
    candidates = [other for other in rows if other["kind"] == PRE_RELEASE and not _superseded(other)
                  and other["case_reference"] == row["case_reference"]
                  and (other["closed_on"] is None or other["closed_on"] >= row["closed_on"])]
    return min(candidates, key=lambda other: (other["closed_on"] is None, other["closed_on"] or ""))


def _one_per_spell(rows: list[Row]) -> list[Row]:
    """R-REM-2 refined: each old chain of superseded pre-release deadlines and the one that replaced them is
    one moved deadline: the last of the chain, under the first one's id."""
    chains: dict[str, list[Row]] = defaultdict(list)
    for row in filter(_superseded, rows):
        chains[_successor(row, rows)["deadline_id"]].append(row)
    moved = {last: min(chain, key=lambda row: row["closed_on"])["deadline_id"] for last, chain in chains.items()}
    return [{**row, "deadline_id": moved.get(row["deadline_id"], row["deadline_id"])}
            for row in rows if not _superseded(row)]


def expected_deadlines(old: list[Row]) -> list[Row]:
    """The old deadlines report with the clarifications of RULES §10, and nothing else, applied."""
    return _order(_one_per_spell([_missed_if_late(row) for row in old]))


def test_the_expected_deadlines_make_exactly_the_named_clarifications_to_the_fixture() -> None:
    """The fixture exercises each clarification; nothing else of the old report is expected to change."""
    old = OLD_REPORTS["deadlines"]
    expected = {row["deadline_id"]: row for row in expected_deadlines(old)}
    changed = {row["deadline_id"]: row for row in old if expected.get(row["deadline_id"]) != row}
    assert sorted((row["case_reference"], row["kind"], row["status"]) for row in changed.values()) == [
        ("UP-0001", "level-3-review", "withdrawn"),  # missed, then the level changed
        ("UP-0002", "level-2-review", "withdrawn"),  # missed, then archived
        ("UP-0003", "level-3-review", "withdrawn"),  # missed, then recalled to custody
        ("UP-0005", PRE_RELEASE, "open"), ("UP-0005", PRE_RELEASE, "withdrawn"),  # release date changed once
        ("UP-0006", PRE_RELEASE, "met"), ("UP-0006", PRE_RELEASE, "withdrawn"),  # ... twice, then met
        ("UP-0006", PRE_RELEASE, "withdrawn"),
    ]
    assert [(row["case_reference"], row["status"], row["days_overdue"]) for row in expected.values()
            if row["status"] == "missed"] == [("UP-0001", "missed", 21), ("UP-0002", "missed", 21),
                                              ("UP-0003", "missed", 16)]
    moved = [row for row in expected.values() if row["kind"] == PRE_RELEASE and row["area"] == "upgrade"]
    assert [(row["case_reference"], row["due_on"], row["status"]) for row in moved] == [
        ("UP-0006", "2027-01-04", "met"), ("UP-0005", "2027-03-08", "open")]
    assert len(expected) == len(old) - 3
    assert old == _order(old)  # the old report's order is the one expected_deadlines keeps


def test_an_old_store_rebuilds_its_deadlines_view_itself_and_reports_as_before_but_r_pi_1_and_r_rem_2_of_rules_10(
        old_store: Settings, caplog: pytest.LogCaptureFixture) -> None:
    """RULES §10, R-PI-1 / R-PI-2 refined, R-REM-2 refined: the only differences in the reports."""
    before = _view_versions(old_store)
    assert (before["deadlines"], before["meetings"]) == (1, 2)
    caplog.set_level(logging.INFO, logger="projections.versions")
    new = {name: _report(old_store, args) for name, args in fixture.reports().items()}
    remade = [r.getMessage() for r in caplog.records if r.name == "projections.versions"]
    assert sorted(remade) == [  # the case index, now a view (issue 12, item 4), the deadlines view (RULES §10,
        # folded once per subject), the meetings view (R-MTG-3)
        f"view audit_case_index: schema version 1 -> {CaseIndexView.version}; its tables are made again and "
        "rebuilt from the events",
        f"view deadlines: schema version 1 -> {DeadlineView.version}; its tables are made again and rebuilt from "
        "the events",
        f"view meetings: schema version 2 -> {MeetingFactsView.version}; its tables are made again and rebuilt from "
        "the events"]
    assert _view_versions(old_store) == {**before, "deadlines": DeadlineView.version,
                                         "meetings": MeetingFactsView.version,
                                         "audit_case_index": CaseIndexView.version,
                                         "accounts": AccountView.version}  # new since: the web's accounts
    for name, old in OLD_REPORTS.items():
        if name != "deadlines":
            assert old and new[name] == old, name
    assert new["deadlines"] == expected_deadlines(OLD_REPORTS["deadlines"])
