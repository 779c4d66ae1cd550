"""R-PI-8: the initial Level 3 meeting held in the community at least 28 days before release.

Over the releases from custody in the period (the actual release date decides
the period) of cases at Level 3 on release. The meeting that counts is a
meeting of kind ``initial`` at Level 3 with venue ``community``, held during
the custody spell that ends with this release (on or after the date the case
entered custody: referral in custody, recall to prison or re-opening in
custody) and on or before the release date; the earliest such meeting is
judged. Met when it was held on or before release date - 28 days.

The actual release date is what counts: when the release date changed after
the meeting so that fewer than 28 days remained, the release is an exception,
and its detail shows the release date expected when the meeting was held.

A case in custody at Level 3 on the as-of date whose expected release date
falls in the period, on or after the as-of date (the release may still be
recorded that day), is shown as pending.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from itertools import pairwise

from domain.calendar import FOUR_WEEKS, Period
from domain.rules.case_timeline import CaseState, fold, state_at
from projections.indicators.facts import CaseFacts, MeetingFact
from projections.indicators.model import Occurrence, Status


def release_occurrences(case: CaseFacts, initial_meetings: Iterable[MeetingFact], period: Period,
                        as_of: date, states: Sequence[CaseState] | None = None) -> Iterator[Occurrence]:
    """R-PI-8 for one case: its releases in the period, and a pending release expected in it."""
    states = [s for s in (fold(case.changes) if states is None else states) if s.since <= as_of]
    meetings = sorted((m for m in initial_meetings if _counts(m)), key=lambda m: (m.held_on, m.position))
    for before, after in pairwise(states):
        if after.kind == "released" and period.contains(after.since) and before.in_custody and after.level == 3:
            yield _judged(case, states, before.custody_since, after.since, meetings)
    pending = _pending(case, states[-1] if states else None, meetings, period, as_of)
    if pending is not None:
        yield pending


def _counts(meeting: MeetingFact) -> bool:
    return meeting.kind == "initial" and meeting.level == 3 and meeting.venue == "community"


def _occurrence(case: CaseFacts, on: date, status: Status, detail: str, meeting: MeetingFact | None = None,
                days_late: int | None = None) -> Occurrence:
    return Occurrence(indicator="R-PI-8", area=case.area, case_reference=case.reference, on=on, status=status,
                      meeting_ref=None, days_late=days_late,
                      detail=detail + (f" (meeting {meeting.meeting_ref})" if meeting else ""))


def _judged(case: CaseFacts, states: Sequence[CaseState], spell_start: date, released_on: date,
            meetings: list[MeetingFact]) -> Occurrence:
    deadline = released_on - timedelta(days=FOUR_WEEKS)
    held = next((m for m in meetings if spell_start <= m.held_on <= released_on), None)
    if held is None:
        return _occurrence(case, released_on, Status.NOT_MET,
                           f"released {released_on.isoformat()}; no initial Level 3 community meeting before release")
    if held.held_on <= deadline:
        return _occurrence(case, released_on, Status.MET, f"initial meeting {held.held_on.isoformat()}", held)
    expected = _expected_release_when(states, held)
    return _occurrence(
        case, released_on, Status.NOT_MET,
        f"initial meeting {held.held_on.isoformat()}, due by {deadline.isoformat()}"
        + (f"; release then expected {expected.isoformat()}" if expected and expected != released_on else ""),
        held, (held.held_on - deadline).days,
    )


def _expected_release_when(states: Sequence[CaseState], meeting: MeetingFact) -> date | None:
    state = state_at(states, meeting.held_on)
    return state.expected_release_on if state else None


def _pending(case: CaseFacts, state: CaseState | None, meetings: list[MeetingFact], period: Period,
             as_of: date) -> Occurrence | None:
    if state is None or not state.in_custody or state.archived or state.level != 3:
        return None
    expected = state.expected_release_on
    if expected is None or expected < as_of or not period.contains(expected):
        return None
    deadline = expected - timedelta(days=FOUR_WEEKS)
    held = next((m for m in meetings if state.custody_since <= m.held_on <= as_of), None)
    detail = (f"release expected {expected.isoformat()}; "
              + (f"initial meeting held {held.held_on.isoformat()}" if held else
                 f"initial Level 3 meeting due by {deadline.isoformat()}"))
    return _occurrence(case, expected, Status.PENDING, detail)
