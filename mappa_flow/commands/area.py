"""Commands that set up an area and the settings its rules depend on (R-CAL-3, R-REM-7)."""

from __future__ import annotations

from typing import Literal

from pydantic import EmailStr

from mappa_flow.commands.base import AreaCode, Command, Day, ShortText


class AreaCommand(Command):
    area: AreaCode


class RegisterArea(AreaCommand):
    command: Literal["register_area"] = "register_area"
    name: ShortText


class AddClosureDay(AreaCommand):
    command: Literal["add_closure_day"] = "add_closure_day"
    day: Day
    label: ShortText


class RemoveClosureDay(AreaCommand):
    command: Literal["remove_closure_day"] = "remove_closure_day"
    day: Day


class SetContact(AreaCommand):
    command: Literal["set_contact"] = "set_contact"
    role: Literal["coordinator", "sog-chair"]
    email: EmailStr


AREA_COMMANDS = (RegisterArea, AddClosureDay, RemoveClosureDay, SetContact)
