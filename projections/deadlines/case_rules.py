"""The deadlines of one case (R-REM-1, R-REM-2): the rulebook's obligations over the case's one timeline.

The case's facts become its changes and meetings. Its timeline is the one case-state fold
(domain/rules/case_timeline.py), which the indicators read too; the review clocks are
domain/rules/review_clock.py (R-PI-1, R-PI-2) and the pre-release meeting domain/rules/pre_release.py (R-PI-8,
R-REM-2). Each obligation is a deadline:

- a review stopped on or before its due date is withdrawn; one stopped after its due date unmet was already
  late and is ``missed`` (RULES §10), as the indicator counts it;
- the pre-release meeting is one deadline per custody spell, whose id is the release date expected when it
  arose; a new release date moves its due date; stopped unmet, it is withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from domain.rules.case_timeline import CaseChange, CaseState, fold
from domain.rules.obligation import Obligation
from domain.rules.pre_release import pre_release_obligations, why_released
from domain.rules.review_clock import LEVEL_2_REVIEWS, LEVEL_3_REVIEWS, review_obligations
from projections.deadlines.model import Deadline, Fact, Kind

REVIEW_RULE = {Kind.LEVEL_3_REVIEW: LEVEL_3_REVIEWS, Kind.LEVEL_2_REVIEW: LEVEL_2_REVIEWS}

_CHANGE_KIND = {"referred": "referred", "level": "level-changed", "release-date": "release-date-set",
                "released": "released", "recalled": "recalled", "archived": "archived", "reopened": "reopened"}


class Held(NamedTuple):
    """A meeting of the case, as the case's rules read it."""

    held_on: date
    position: int
    level: int
    kind: str
    venue: str
    meeting_ref: str = ""


def case_record(facts: Iterable[Fact]) -> tuple[list[CaseChange], list[Held]]:
    """A case's facts as its changes and its meetings, as the case's rules read them."""
    changes: list[CaseChange] = []
    meetings: list[Held] = []
    for fact in facts:
        if fact.kind == "meeting":
            meetings.append(Held(fact.occurred_on, fact.position, int(fact.level or 0), fact.ref or "",
                                 fact.ref2 or "", fact.text or ""))
        elif fact.kind in _CHANGE_KIND:
            changes.append(_change(fact))
    return changes, meetings


def case_deadlines(subject: str, facts: Iterable[Fact]) -> list[Deadline]:
    """Every deadline the case has had, each as it stands after all its facts."""
    changes, meetings = case_record(facts)
    states = fold(changes)
    found = [_review(kind, subject, obligation) for kind, rule in REVIEW_RULE.items()
             for obligation in review_obligations(rule, states, meetings, lambda state, _: _why(state))]
    found += [_pre_release(subject, obligation) for obligation in pre_release_obligations(
        states, meetings, lambda state: why_released(state.since) if state.kind == "released" else _why(state))]
    return found


def _change(fact: Fact) -> CaseChange:
    kind = _CHANGE_KIND[fact.kind]
    in_custody = fact.flag if kind in ("referred", "reopened") else None
    return CaseChange(fact.position, fact.occurred_on, kind, fact.level, in_custody, fact.flag, fact.on_date)


def _why(state: CaseState) -> str:
    """Why the case's state changed, in the words of a deadline's reason."""
    on = state.since.isoformat()
    words = {"level-changed": f"level changed to {state.level}", "release-date-set": "release date changed",
             "recalled": "recalled to custody"}
    return f"{words.get(state.kind, state.kind)} on {on}"


def _review(kind: Kind, subject: str, obligation: Obligation) -> Deadline:
    deadline = Deadline(kind, subject, obligation.arose_on, obligation.due_on)
    if obligation.met_on is not None:
        return deadline.met(obligation.met_on)
    if obligation.stopped_on is None:
        return deadline
    if obligation.stopped_on <= obligation.due_on:
        return deadline.withdrawn(obligation.stopped_on, obligation.why_stopped)
    return deadline.missed(obligation.stopped_on, f"not reviewed by the due date; then {obligation.why_stopped}")


def _pre_release(subject: str, obligation: Obligation) -> Deadline:
    deadline = Deadline(Kind.PRE_RELEASE_MEETING, subject, obligation.arose_on, obligation.due_on)
    if obligation.met_on is not None:
        return deadline.met(obligation.met_on)
    if obligation.stopped_on is not None:
        return deadline.withdrawn(obligation.stopped_on, obligation.why_stopped)
    return deadline
