"""A list that names cases records one access row per case, with the operating-system account, on every store."""

from __future__ import annotations

import json
import os
import pwd
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from domain.errors import CaseNotFoundError
from mappa_flow.audit.access import record_listing
from mappa_flow.audit.auditor import Auditor
from mappa_flow.bootstrap import Mappa
from mappa_flow.cli.context import CliContext
from mappa_flow.cli.main import cli
from mappa_flow.clock import FixedClock
from mappa_flow.settings import Settings
from tests.integration.audit_story import tell_story


@pytest.fixture
def auditor(app: Mappa, store: Settings) -> Iterator[Auditor]:
    opened = Auditor.open(store, app)
    yield opened
    opened.close()


def test_each_case_listed_gets_one_access_row_naming_the_viewer_and_the_os_account(
    app: Mappa, clock: FixedClock, auditor: Auditor
) -> None:
    tell_story(app, clock, "N-0001")
    tell_story(app, clock, "N-0002")

    recorded = record_listing(app, ["N-0002", "N-0001", "N-0002"], "coord-1", "deadlines: Deadlines (open)")

    assert recorded == 2
    for reference in ("N-0001", "N-0002"):
        (entry,) = auditor.access_log(reference)
        assert (entry.viewer, entry.os_user, entry.action, entry.subject, entry.scope) == (
            "coord-1", pwd.getpwuid(os.getuid()).pw_name, "viewed", "listed", "deadlines: Deadlines (open)")


def test_a_list_naming_no_case_records_nothing(app: Mappa, clock: FixedClock) -> None:
    tell_story(app, clock)
    before = app.max_notification_id()

    assert record_listing(app, [], "coord-1", "reminders list: area all, status all") == 0
    assert app.max_notification_id() == before


def test_a_list_naming_an_unknown_case_is_refused(app: Mappa, clock: FixedClock) -> None:
    tell_story(app, clock)
    before = app.max_notification_id()

    with pytest.raises(CaseNotFoundError, match="N-9999"):
        record_listing(app, ["N-9999"], "coord-1", "exceptions")

    assert app.max_notification_id() == before


def test_the_registers_that_name_cases_record_who_saw_them_R_AUD_1(
    app: Mappa, store: Settings, clock: FixedClock, auditor: Auditor
) -> None:
    from tests.integration.test_registers import _world

    _world(app)

    def run(*args: str) -> Any:
        context = CliContext(settings=store, clock=clock)
        try:
            return CliRunner().invoke(cli, list(args), obj=context)
        finally:
            context.close()

    drawn = run("audits", "draw", "--area", "north", "--year", "2026-27", "--size", "2", "--seed", "5", "--on",
                "2026-09-01", "--recorded-by", "coord-1", "--format", "json")
    samples = run("audits", "--samples", "--period", "2026-27", "--format", "json", "--as", "auditor-2")
    spells = run("stats", "--wanted-missing", "--period", "2026-27", "--format", "json", "--as", "auditor-3")
    anonymous = [run("audits", "--samples", "--period", "2026-27"), run("stats", "--wanted-missing")]

    selected = [row["case_reference"] for row in json.loads(drawn.stdout)]
    assert samples.exit_code == 0 and spells.exit_code == 0, (samples.output, spells.output)
    for reference in selected:
        seen = [(e.viewer, e.scope.split(":")[0]) for e in auditor.access_log(reference)]
        assert ("coord-1", "audits draw") in seen and ("auditor-2", "audits --samples") in seen
    assert ("auditor-3", "stats --wanted-missing") in [(e.viewer, e.scope.split(":")[0])
                                                      for e in auditor.access_log("N-2")]
    assert [(result.exit_code, result.stdout) for result in anonymous] == [(2, ""), (2, "")]
