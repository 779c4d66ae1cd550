"""Use cases that set up an area."""

from __future__ import annotations

from domain.area import Area
from domain.errors import AreaAlreadyExistsError, AreaNotFoundError
from mappa_flow.application import MappaApplication, Outcome, Unit
from mappa_flow.commands.area import AddClosureDay, RegisterArea, RemoveClosureDay, SetContact


class AreaService(MappaApplication):
    def load_area(self, unit: Unit, code: str) -> Area:
        area: Area = unit.load(
            self.ids.area(code),
            lambda: AreaNotFoundError(
                f"area {code} is not registered; register it first", field="area", value=code, rule="R-CASE-1"
            ),
        )
        return area

    def register_area(self, cmd: RegisterArea) -> Outcome:
        def work(unit: Unit) -> None:
            area = Area.register(self.ids.area(cmd.area), unit.stamp, cmd.occurred_on, code=cmd.area, name=cmd.name)
            unit.create(area, lambda: AreaAlreadyExistsError(
                f"area {cmd.area} is already registered", field="area", value=cmd.area))

        return self.run_command(cmd, work)

    def add_closure_day(self, cmd: AddClosureDay) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area).add_closure_day(cmd.day, cmd.label, unit.stamp, cmd.occurred_on)

        return self.run_command(cmd, work)

    def remove_closure_day(self, cmd: RemoveClosureDay) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area).remove_closure_day(cmd.day, unit.stamp, cmd.occurred_on)

        return self.run_command(cmd, work)

    def set_contact(self, cmd: SetContact) -> Outcome:
        def work(unit: Unit) -> None:
            self.load_area(unit, cmd.area).set_contact(cmd.role, str(cmd.email), unit.stamp, cmd.occurred_on)

        return self.run_command(cmd, work)
