"""R-PI-8: the initial Level 3 meeting held in the community at least 28 days before release.

The rule is ``domain.rules.pre_release`` (which the pre-release deadline, R-REM-2, follows too): it judges each
release of the case in the period and a release expected in it. Here each judgement becomes an occurrence with
the detail a co-ordinator reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from domain.calendar import Period
from domain.rules.case_timeline import CaseState, fold
from domain.rules.obligation import Verdict
from domain.rules.pre_release import InitialMeeting, ReleaseJudgement, release_judgements
from projections.indicators.facts import CaseFacts
from projections.indicators.model import Occurrence, Status


def release_occurrences(case: CaseFacts, initial_meetings: Iterable[InitialMeeting], period: Period,
                        as_of: date, states: Sequence[CaseState] | None = None) -> Iterator[Occurrence]:
    """R-PI-8 for one case: its releases in the period, and a pending release expected in it."""
    for judged in release_judgements(fold(case.changes) if states is None else states, initial_meetings, period,
                                     as_of):
        detail, meeting_ref = _detail(judged)
        yield Occurrence(indicator="R-PI-8", area=case.area, case_reference=case.reference, on=judged.on,
                         status=Status(judged.verdict.value), meeting_ref=None, days_late=judged.days_late,
                         detail=detail + (f" (meeting {meeting_ref})" if meeting_ref else ""))


def _detail(judged: ReleaseJudgement) -> tuple[str, str | None]:
    """What a co-ordinator reads, and the meeting it names (none while pending)."""
    held, due = judged.held, judged.due_on.isoformat()
    if judged.verdict is Verdict.PENDING:
        return (f"release expected {judged.on.isoformat()}; "
                + (f"initial meeting held {held.held_on.isoformat()}" if held else
                   f"initial Level 3 meeting due by {due}")), None
    if held is None:
        return f"released {judged.on.isoformat()}; no initial Level 3 community meeting before release", None
    if judged.verdict is Verdict.MET:
        return f"initial meeting {held.held_on.isoformat()}", held.meeting_ref
    expected = judged.expected_then
    return (f"initial meeting {held.held_on.isoformat()}, due by {due}"
            + (f"; release then expected {expected.isoformat()}" if expected else "")), held.meeting_ref
