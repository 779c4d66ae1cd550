"""The deadlines of one case, folded from its facts in business-date order (R-REM-1, R-REM-2).

Review clocks (R-PI-1, R-PI-2): the rule is domain/rules/review_clock.py, which
the indicators follow too; each of its obligations is a deadline. One stopped
on or before its due date is withdrawn; one stopped after its due date unmet
was already late and is ``missed`` (RULES §10), as the indicator counts it.

Pre-release Level 3 meeting (R-REM-2): while a Level 3 case is in custody with
a release date, an initial Level 3 meeting is due 28 days before that date. As
for R-PI-8, the meeting that counts is of kind initial, at Level 3, with venue
community, held in the current custody spell; it meets the deadline even if
held before the deadline arose. There is one such deadline per custody spell
(RULES §10, R-REM-2 refined): a new release date moves its due date, and it
keeps its id, the release date expected when it arose. Release without the
meeting, a level change or an archive withdraw it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.calendar import FOUR_WEEKS
from domain.rules.obligation import Obligation
from domain.rules.review_clock import LEVEL_2_REVIEWS, LEVEL_3_REVIEWS, ReviewClock, ReviewRule
from projections.deadlines.model import Deadline, Fact, Kind, Ledger, Status

REVIEW_RULE = {Kind.LEVEL_3_REVIEW: LEVEL_3_REVIEWS, Kind.LEVEL_2_REVIEW: LEVEL_2_REVIEWS}
PRE_RELEASE_DAYS = FOUR_WEEKS  # R-CAL-4

# Within one business date: a referral or re-opening first, then meetings, then every other change, so that
# a meeting that decided a release, a change of level or an archive counts before the change it decided
# (as the indicators count it, R-PI-1, R-PI-8).
_RANK = {"referred": 0, "reopened": 0, "meeting": 1}


FoldKey = tuple[date, int, int]


def fold_key(fact: Fact) -> FoldKey:
    return fact.occurred_on, _RANK.get(fact.kind, 2), fact.position


def fold_order(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=fold_key)


@dataclass
class CaseState:
    level: int = 0
    in_custody: bool = False
    archived: bool = False
    release_on: date | None = None
    custody_since: date | None = None
    initial_l3_on: date | None = None  # first initial Level 3 meeting in the current custody spell
    why: str = ""  # why the state last changed, for a withdrawal's reason
    clocks: dict[Kind, Deadline | None] = field(default_factory=lambda: dict.fromkeys(REVIEW_RULE))
    pre_release: Deadline | None = None
    last: FoldKey | None = None  # the fold key of the last fact folded in


def case_deadlines(subject: str, facts: Iterable[Fact]) -> list[Deadline]:
    """Every deadline the case has had, each in its latest state."""
    ledger = Ledger()
    fold_case(subject, CaseState(), fold_order(facts), ledger)
    return ledger.all()


def fold_case(subject: str, state: CaseState, ordered: Iterable[Fact], ledger: Ledger) -> None:
    """Fold ``ordered`` facts (all after ``state.last``) into ``state``, putting each changed deadline."""
    for fact in ordered:
        ledger.at = fact.position
        _change_state(state, fact)
        for kind in REVIEW_RULE:
            _review_clock(ledger, state, kind, subject, fact)
        _pre_release(ledger, state, subject, fact)
        state.last = fold_key(fact)


def _change_state(state: CaseState, fact: Fact) -> None:
    on = fact.occurred_on.isoformat()
    was_in_custody = state.in_custody
    if fact.kind in ("referred", "reopened"):
        state.level, state.in_custody, state.archived = int(fact.level or 0), bool(fact.flag), False
        state.release_on = fact.on_date if fact.kind == "referred" and fact.flag else None
        state.why = f"{fact.kind} on {on}"
    elif fact.kind == "level":
        state.level, state.why = int(fact.level or 0), f"level changed to {fact.level} on {on}"
    elif fact.kind == "release-date" and state.in_custody:
        state.release_on, state.why = fact.on_date, f"release date changed on {on}"
    elif fact.kind == "released":
        state.in_custody, state.release_on, state.why = False, None, f"released on {on}"
    elif fact.kind == "recalled" and fact.flag:
        state.in_custody, state.why = True, f"recalled to custody on {on}"
    elif fact.kind == "archived":
        state.archived, state.why = True, f"archived on {on}"
    if state.in_custody and (not was_in_custody or fact.kind in ("referred", "reopened")):
        state.custody_since, state.initial_l3_on = fact.occurred_on, None
    if fact.kind == "meeting" and state.in_custody and _is_initial_level_3_in_community(fact):
        state.initial_l3_on = state.initial_l3_on or fact.occurred_on


def _is_initial_level_3_in_community(fact: Fact) -> bool:
    """The meeting R-PI-8 and R-REM-2 look for: kind initial, Level 3, venue community."""
    return fact.level == 3 and fact.ref == "initial" and fact.ref2 == "community"


def _review_clock(ledger: Ledger, state: CaseState, kind: Kind, subject: str, fact: Fact) -> None:
    """Step the review clock of ``kind`` (domain/rules/review_clock.py) by one fact; its open deadline is the
    clock's running obligation."""
    rule = REVIEW_RULE[kind]
    current = state.clocks[kind]
    clock = ReviewClock(rule, None if current is None else Obligation(rule.rule, current.basis, current.due_on))
    if fact.kind == "meeting":
        changed = clock.meeting(fact.occurred_on, int(fact.level or 0))
    else:
        changed = clock.moved(fact.occurred_on, _runs(state, rule), state.why)
    for obligation in changed:
        ledger.put(_deadline(kind, subject, obligation))
    running = clock.current
    state.clocks[kind] = None if running is None else Deadline(kind, subject, running.arose_on, running.due_on)


def _runs(state: CaseState, rule: ReviewRule) -> bool:
    return not state.archived and not state.in_custody and state.level == rule.level


def _deadline(kind: Kind, subject: str, obligation: Obligation) -> Deadline:
    deadline = Deadline(kind, subject, obligation.arose_on, obligation.due_on)
    if obligation.met_on is not None:
        return deadline.met(obligation.met_on)
    if obligation.stopped_on is None:
        return deadline
    if obligation.stopped_on <= obligation.due_on:
        return deadline.withdrawn(obligation.stopped_on, obligation.why_stopped)
    return deadline.missed(obligation.stopped_on, f"not reviewed by the due date; then {obligation.why_stopped}")


def _pre_release(ledger: Ledger, state: CaseState, subject: str, fact: Fact) -> None:
    """R-REM-2 (refined, RULES §10): one deadline per custody spell at Level 3 with a release date. A new
    release date moves its due date; it stays the same deadline, with the same id, and is never shown twice."""
    current = state.pre_release
    applies = not state.archived and state.in_custody and state.level == 3 and state.release_on is not None
    if current is not None and not applies:
        if current.status is Status.OPEN:
            reason = state.why
            if fact.kind == "released":
                reason = f"released on {fact.occurred_on.isoformat()} with no initial Level 3 meeting held"
            ledger.put(current.withdrawn(fact.occurred_on, reason))
        current = None
    if applies:
        assert state.release_on is not None
        due_on = state.release_on - timedelta(PRE_RELEASE_DAYS)
        if current is None:
            current = ledger.put(Deadline(Kind.PRE_RELEASE_MEETING, subject, state.release_on, due_on))
        elif current.status is Status.OPEN and current.due_on != due_on:
            current = ledger.put(Deadline(Kind.PRE_RELEASE_MEETING, subject, current.basis, due_on))
    if current is not None and current.status is Status.OPEN and state.initial_l3_on is not None:
        current = ledger.put(current.met(state.initial_l3_on))
    state.pre_release = current
