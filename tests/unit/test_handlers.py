"""The handler registry: every command model has exactly one handler, found by the command's type."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import uuid5

import pytest

from mappa_flow.commands.access import RecordAccess
from mappa_flow.commands.account import ACCOUNT_COMMANDS
from mappa_flow.commands.base import Command
from mappa_flow.commands.case import ChangeLevel
from mappa_flow.commands.registry import ALL_COMMANDS
from mappa_flow.handlers import HANDLERS, work_of
from mappa_flow.handlers.case import change_level
from mappa_flow.ids import Ids


def test_every_command_model_has_exactly_one_handler() -> None:
    # access is recorded by the CLI, accounts by `mappa-flow users` and the web: neither is ever imported
    assert set(HANDLERS) == {*ALL_COMMANDS, RecordAccess, *ACCOUNT_COMMANDS}
    assert len(ALL_COMMANDS) == len(set(ALL_COMMANDS))
    shared = [handler.__name__ for handler, uses in Counter(HANDLERS.values()).items() if uses > 1]
    assert shared == []


def test_each_handler_is_named_after_its_command() -> None:
    misnamed = {model.__name__: handler.__name__ for model, handler in HANDLERS.items()
                if handler.__name__ != model.model_fields["command"].default}
    assert misnamed == {}


def test_a_command_is_handled_by_the_handler_of_its_type() -> None:
    command = ChangeLevel(command_id="c-1", recorded_by="coord-1", occurred_on=date(2026, 5, 1),
                          case_reference="N-0001", level=2)
    work = work_of(command)
    assert (work.func, work.args) == (change_level, (command,))  # type: ignore[attr-defined]


def test_a_command_type_without_a_handler_is_named() -> None:
    class Unknown(Command):
        pass

    with pytest.raises(TypeError, match="no handler for Unknown"):
        work_of(Unknown(command="unknown", command_id="u-1", recorded_by="coord-1", occurred_on=date(2026, 5, 1)))


def test_the_ids_the_services_built_are_unchanged() -> None:
    """Stores hold aggregates under these ids: moving their derivation into ``Ids`` must not change one."""
    ids = Ids("a cipher key")
    derived = (ids.access("c-1"), ids.audit_sample("north-2026-27"), ids.exception_reason("R-PI-1:N-1:2026-05-01"),
               ids.sog_review("north", "2026-06-30"), ids.annual_report("north", "2026-27"))
    before = tuple(uuid5(ids.namespace, name) for name in (
        "access:c-1", "audit-sample:north-2026-27", "exception-reason:R-PI-1:N-1:2026-05-01",
        "sog-review:north:2026-06-30", "annual-report:north:2026-27"))
    assert derived == before
