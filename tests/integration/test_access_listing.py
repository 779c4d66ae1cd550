"""A list that names cases records one access row per case, with the operating-system account, on every store."""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator

import pytest

from domain.errors import CaseNotFoundError
from mappa_flow.audit.access import record_listing
from mappa_flow.audit.auditor import Auditor
from mappa_flow.bootstrap import Mappa
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
