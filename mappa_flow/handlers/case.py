"""Handlers of a case's lifecycle (R-CASE-2, R-CASE-3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.case import Case
from domain.errors import CaseAlreadyExistsError
from mappa_flow.commands import case as c
from mappa_flow.handlers.load import load_area, load_case

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def refer_case(cmd: c.ReferCase, unit: Unit) -> None:
    load_area(unit, cmd.area)
    case = Case.refer(
        unit.app.ids.case(cmd.case_reference), unit.stamp, cmd.occurred_on,
        **cmd.model_dump(exclude={"command", "command_id", "recorded_by", "occurred_on", "case_reference"}),
        reference=cmd.case_reference,
    )
    unit.create(case, lambda: CaseAlreadyExistsError(
        f"case {cmd.case_reference} was already referred", field="case_reference", value=cmd.case_reference,
        rule="R-CASE-1"))


def change_level(cmd: c.ChangeLevel, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).change_level(cmd.level, unit.stamp, cmd.occurred_on)


def set_release_date(cmd: c.SetReleaseDate, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).set_release_date(cmd.release_on, unit.stamp, cmd.occurred_on)


def record_release(cmd: c.RecordRelease, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).release(unit.stamp, cmd.occurred_on)


def record_recall(cmd: c.RecordRecall, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).recall(cmd.breach, cmd.recalled_to_prison, unit.stamp, cmd.occurred_on)


def declare_missing(cmd: c.DeclareMissing, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).declare_missing(cmd.status, unit.stamp, cmd.occurred_on)


def record_located(cmd: c.RecordLocated, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).locate(unit.stamp, cmd.occurred_on)


def record_further_offence(cmd: c.RecordFurtherOffence, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).record_further_offence(cmd.offence, cmd.stage, unit.stamp, cmd.occurred_on)


def apply_for_order(cmd: c.ApplyForOrder, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).apply_for_order(
        cmd.order_ref, cmd.order_type, cmd.route, unit.stamp, cmd.occurred_on)


def record_order_decision(cmd: c.RecordOrderDecision, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).decide_order(cmd.order_ref, cmd.granted, unit.stamp, cmd.occurred_on)


def record_order_at_conviction(cmd: c.RecordOrderAtConviction, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).make_order_at_conviction(
        cmd.order_ref, cmd.order_type, unit.stamp, cmd.occurred_on)


def record_order_breach(cmd: c.RecordOrderBreach, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).breach_order(cmd.order_ref, unit.stamp, cmd.occurred_on)


def archive_case(cmd: c.ArchiveCase, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).archive(cmd.reason, unit.stamp, cmd.occurred_on)


def reopen_case(cmd: c.ReopenCase, unit: Unit) -> None:
    load_case(unit, cmd.case_reference).reopen(cmd.level, cmd.in_custody, unit.stamp, cmd.occurred_on)
