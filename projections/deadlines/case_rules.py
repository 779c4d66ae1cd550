"""The deadlines of one case, folded from its facts in business-date order (R-REM-1, R-REM-2).

Review clocks (R-PI-1, R-PI-2): the rule is domain/rules/review_clock.py, which
the indicators follow too; each of its obligations is a deadline. One stopped
on or before its due date is withdrawn; one stopped after its due date unmet
was already late and is ``missed`` (RULES §10), as the indicator counts it.

Pre-release Level 3 meeting (R-REM-2): the rule is domain/rules/pre_release.py,
which R-PI-8 follows too (the meeting that counts, the 28 days). Its one
obligation per custody spell is a deadline whose id is the release date
expected when it arose; a new release date moves its due date; once stopped
unmet it is withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from domain.rules.obligation import Obligation
from domain.rules.pre_release import Spell, first_initial, pre_release_step, why_released
from domain.rules.review_clock import LEVEL_2_REVIEWS, LEVEL_3_REVIEWS, ReviewClock, ReviewRule
from projections.deadlines.model import Deadline, Fact, Kind, Ledger, Status

REVIEW_RULE = {Kind.LEVEL_3_REVIEW: LEVEL_3_REVIEWS, Kind.LEVEL_2_REVIEW: LEVEL_2_REVIEWS}

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
    if fact.kind == "meeting":
        state.initial_l3_on = first_initial(state.initial_l3_on, fact.occurred_on, state.in_custody, fact.ref,
                                            fact.level, fact.ref2)


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
    """Step R-REM-2 (domain/rules/pre_release.py) by one fact; its running obligation is the state's deadline."""
    current = state.pre_release
    spell = Spell(state.level, state.in_custody, state.archived, state.release_on, state.initial_l3_on)
    why = why_released(fact.occurred_on) if fact.kind == "released" else state.why
    running, changed = pre_release_step(None if current is None else _pre_release_obligation(current),
                                        fact.occurred_on, spell, why)
    for obligation in changed:
        ledger.put(_pre_release_deadline(subject, obligation))
    state.pre_release = None if running is None else _pre_release_deadline(subject, running)


def _pre_release_obligation(deadline: Deadline) -> Obligation:
    met_on = deadline.closed_on if deadline.status is Status.MET else None
    return Obligation("R-REM-2", deadline.basis, deadline.due_on, met_on=met_on)


def _pre_release_deadline(subject: str, obligation: Obligation) -> Deadline:
    deadline = Deadline(Kind.PRE_RELEASE_MEETING, subject, obligation.arose_on, obligation.due_on)
    if obligation.met_on is not None:
        return deadline.met(obligation.met_on)
    if obligation.stopped_on is not None:
        return deadline.withdrawn(obligation.stopped_on, obligation.why_stopped)
    return deadline
