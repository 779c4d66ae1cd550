"""Handlers that set up an area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.area import Area
from domain.errors import AreaAlreadyExistsError
from mappa_flow.commands.area import AddClosureDay, RegisterArea, RemoveClosureDay, SetContact
from mappa_flow.handlers.load import load_area

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def register_area(cmd: RegisterArea, unit: Unit) -> None:
    area = Area.register(unit.app.ids.area(cmd.area), unit.stamp, cmd.occurred_on, code=cmd.area, name=cmd.name)
    unit.create(area, lambda: AreaAlreadyExistsError(
        f"area {cmd.area} is already registered", field="area", value=cmd.area))


def add_closure_day(cmd: AddClosureDay, unit: Unit) -> None:
    load_area(unit, cmd.area).add_closure_day(cmd.day, cmd.label, unit.stamp, cmd.occurred_on)


def remove_closure_day(cmd: RemoveClosureDay, unit: Unit) -> None:
    load_area(unit, cmd.area).remove_closure_day(cmd.day, unit.stamp, cmd.occurred_on)


def set_contact(cmd: SetContact, unit: Unit) -> None:
    load_area(unit, cmd.area).set_contact(cmd.role, str(cmd.email), unit.stamp, cmd.occurred_on)
