"""Handler: record, or revise, the reason for an indicator exception (R-PI-EXC).

Whether an exception exists is a question for the indicator computation, over
the read models: the handler asks an ``ExceptionLookup`` (the composition root
gives it one that catches the views up first, so a reason can follow the
command that caused the exception). A reason for an occurrence that is met,
pending, withdrawn or unknown is refused, naming the key, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol

from domain.errors import DomainError, ExceptionNotFoundError
from domain.exception_reason import ExceptionReason
from mappa_flow.commands.exception import RecordExceptionReason

if TYPE_CHECKING:  # the read models are imported only when an exception is looked up
    from mappa_flow.application import Unit
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


def record_exception_reason(cmd: RecordExceptionReason, unit: Unit) -> None:
    found = _current_exception(unit, cmd)
    reason_id = unit.app.ids.exception_reason(cmd.exception_key)
    if reason_id in unit.app.repository:
        reason: ExceptionReason = unit.load(reason_id, lambda: _not_found(cmd, unit.stamp.today))
        reason.revise(unit.stamp, cmd.occurred_on, category=cmd.category, agency=cmd.agency, text=cmd.text)
        return
    unit.track(ExceptionReason.explain(
        reason_id, unit.stamp, cmd.occurred_on, indicator=cmd.indicator, exception_key=cmd.exception_key,
        area=found.occurrence.area, case_reference=found.occurrence.case_reference, category=cmd.category,
        agency=cmd.agency, text=cmd.text,
    ))


def _current_exception(unit: Unit, cmd: RecordExceptionReason) -> ExceptionRow:
    today = unit.stamp.today
    if not cmd.exception_key.startswith(f"{cmd.indicator}:"):
        raise DomainError(f"exception {cmd.exception_key} is not an exception of {cmd.indicator}",
                          field="exception_key", value=cmd.exception_key, rule="R-PI-EXC")
    lookup = unit.app.exception_lookup
    if lookup is None:
        raise RuntimeError("no exception lookup: build the application with bootstrap()")
    try:
        found = lookup.find(cmd.exception_key, today)
    except ValueError as error:
        raise DomainError(str(error), field="exception_key", value=cmd.exception_key, rule="R-PI-EXC") from None
    if found is None:
        raise _not_found(cmd, today)
    return found


def _not_found(cmd: RecordExceptionReason, today: date) -> ExceptionNotFoundError:
    return ExceptionNotFoundError(
        f"{cmd.exception_key} is not an exception of {cmd.indicator} as of {today.isoformat()} (it is met, pending,"
        " withdrawn or unknown); 'mappa-flow exceptions' lists the current exceptions and their keys",
        field="exception_key", value=cmd.exception_key, rule="R-PI-EXC",
    )
