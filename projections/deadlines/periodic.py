"""The periodic deadlines of an area (R-REM-6), which depend on the date rather than on events.

The rule is ``domain.rules.periodic``: for each period from the one the area was
registered in up to ``through`` (the scheduler's today; projections never read
the clock), it says which duties fall due, which records met them, and which
were missed (stopped when the next period's fell due). Here each obligation
becomes a deadline, labelled with its period; a missed one is withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.rules.periodic import OversightRecord, PeriodicObligation, periodic_obligations
from projections.deadlines.model import Deadline, Fact, Kind


def periodic_deadlines(subject: str, registered_on: date, through: date, facts: Iterable[Fact]) -> list[Deadline]:
    """Every periodic deadline of the area ``subject`` (``area:CODE``) as it stands on ``through``."""
    records = [OversightRecord(f.kind, f.occurred_on, f.ref, f.on_date) for f in facts]
    return [_deadline(subject, found) for found in periodic_obligations(registered_on, through, records)]


def _deadline(subject: str, found: PeriodicObligation) -> Deadline:
    obligation = found.obligation
    deadline = Deadline(Kind(found.duty.value), subject, obligation.arose_on, obligation.due_on,
                        label=found.period.label)
    if obligation.met_on is not None:
        return deadline.met(obligation.met_on)
    if obligation.stopped_on is not None:
        return deadline.withdrawn(obligation.stopped_on, obligation.why_stopped)
    return deadline
