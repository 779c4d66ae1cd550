"""Every command model a file may carry, by name. Each is handled by the function in ``HANDLERS`` for its type
(mappa_flow/handlers), named like the command.

Add a family's tuple here when you add a family of commands.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from mappa_flow.commands.area import AREA_COMMANDS
from mappa_flow.commands.audit import AUDIT_COMMANDS
from mappa_flow.commands.audit_sample import AUDIT_SAMPLE_COMMANDS
from mappa_flow.commands.base import Command
from mappa_flow.commands.case import CASE_COMMANDS
from mappa_flow.commands.exception import EXCEPTION_COMMANDS
from mappa_flow.commands.isp import ISP_COMMANDS
from mappa_flow.commands.meeting import MEETING_COMMANDS
from mappa_flow.commands.oversight import OVERSIGHT_COMMANDS
from mappa_flow.commands.scr import SCR_COMMANDS

ALL_COMMANDS: tuple[type[Command], ...] = (
    *AREA_COMMANDS, *CASE_COMMANDS, *MEETING_COMMANDS, *ISP_COMMANDS, *SCR_COMMANDS, *AUDIT_COMMANDS,
    *AUDIT_SAMPLE_COMMANDS, *EXCEPTION_COMMANDS, *OVERSIGHT_COMMANDS,
)

BY_NAME: dict[str, type[Command]] = {
    model.model_fields["command"].default: model for model in ALL_COMMANDS
}


def command_adapter() -> TypeAdapter[Any]:
    """A validator for one line of the import format: any command, chosen by its ``command`` field."""
    union: Any = Annotated[Union[tuple(ALL_COMMANDS)], Field(discriminator="command")]  # noqa: UP007
    adapter: TypeAdapter[Any] = TypeAdapter(union)
    return adapter
