"""Use case: record, or revise, the reason for an indicator exception (R-PI-EXC).

Whether an exception exists is a question for the indicator computation, over
the read models: the service asks an ``ExceptionLookup`` (the composition root
gives it one that catches the views up first, so a reason can follow the
command that caused the exception). A reason for an occurrence that is met,
pending, withdrawn or unknown is refused, naming the key, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol
from uuid import UUID, uuid5

from domain.errors import DomainError, ExceptionNotFoundError
from domain.exception_reason import ExceptionReason
from mappa_flow.application import MappaApplication, Outcome, Unit
from mappa_flow.commands.exception import RecordExceptionReason

if TYPE_CHECKING:  # the read models are imported only when an exception is looked up
    from projections.indicators import ExceptionRow
    from projections.runner import Projector


class ExceptionLookup(Protocol):
    def find(self, key: str, as_of: date) -> ExceptionRow | None:
        """The current exception with this key as of ``as_of``, or None. ValueError for a malformed key."""
        ...

    def close(self) -> None: ...


class ViewsExceptionLookup:
    """Finds exceptions in the read models, caught up first (read-your-writes)."""

    def __init__(self, projector_factory: Callable[[], Projector]):
        self._factory = projector_factory
        self._projector: Projector | None = None

    def find(self, key: str, as_of: date) -> ExceptionRow | None:
        if self._projector is None:
            self._projector = self._factory()
        self._projector.catch_up()
        from projections.indicators import find_exception

        with self._projector.engine.connect() as conn:
            return find_exception(conn, key, as_of)

    def close(self) -> None:
        if self._projector is not None:
            self._projector.source.close()  # type: ignore[attr-defined]
            self._projector.engine.dispose()
            self._projector = None


class ExceptionService(MappaApplication):
    exception_lookup: ExceptionLookup | None = None

    def record_exception_reason(self, cmd: RecordExceptionReason) -> Outcome:
        def work(unit: Unit) -> None:
            found = self._current_exception(cmd, unit.stamp.today)
            reason_id = self.exception_reason_id(cmd.exception_key)
            if reason_id in self.repository:
                reason: ExceptionReason = unit.load(reason_id, lambda: _not_found(cmd, unit.stamp.today))
                reason.revise(unit.stamp, cmd.occurred_on, category=cmd.category, agency=cmd.agency, text=cmd.text)
                return
            unit.track(ExceptionReason.explain(
                reason_id, unit.stamp, cmd.occurred_on, indicator=cmd.indicator, exception_key=cmd.exception_key,
                area=found.occurrence.area, case_reference=found.occurrence.case_reference, category=cmd.category,
                agency=cmd.agency, text=cmd.text,
            ))

        return self.run_command(cmd, work)

    def exception_reason_id(self, exception_key: str) -> UUID:
        """One reason aggregate per exception key, so a reason can be revised."""
        return uuid5(self.ids.namespace, f"exception-reason:{exception_key}")

    def _current_exception(self, cmd: RecordExceptionReason, today: date) -> ExceptionRow:
        if not cmd.exception_key.startswith(f"{cmd.indicator}:"):
            raise DomainError(f"exception {cmd.exception_key} is not an exception of {cmd.indicator}",
                              field="exception_key", value=cmd.exception_key, rule="R-PI-EXC")
        if self.exception_lookup is None:
            raise RuntimeError("no exception lookup: build the application with bootstrap()")
        try:
            found = self.exception_lookup.find(cmd.exception_key, today)
        except ValueError as error:
            raise DomainError(str(error), field="exception_key", value=cmd.exception_key, rule="R-PI-EXC") from None
        if found is None:
            raise _not_found(cmd, today)
        return found

    def close(self) -> None:
        if self.exception_lookup is not None:
            self.exception_lookup.close()
        super().close()


def _not_found(cmd: RecordExceptionReason, today: date) -> ExceptionNotFoundError:
    return ExceptionNotFoundError(
        f"{cmd.exception_key} is not an exception of {cmd.indicator} as of {today.isoformat()} (it is met, pending,"
        " withdrawn or unknown); 'mappa-flow exceptions' lists the current exceptions and their keys",
        field="exception_key", value=cmd.exception_key, rule="R-PI-EXC",
    )
