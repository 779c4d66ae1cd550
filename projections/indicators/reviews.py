"""R-PI-1 and R-PI-2 as indicator occurrences: the review clock's obligations (domain/rules/review_clock.py)
whose due date falls in the period, judged as of the as-of date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from domain.calendar import Period
from domain.rules.case_timeline import CaseState, fold
from domain.rules.obligation import Obligation, Verdict
from domain.rules.review_clock import REVIEW_RULES, ReviewRule, review_obligations
from projections.indicators.facts import CaseFacts, MeetingFact
from projections.indicators.model import Occurrence, Status


def review_occurrences(case: CaseFacts, meetings: Iterable[MeetingFact], period: Period, as_of: date,
                       states: Sequence[CaseState] | None = None,
                       rules: Sequence[ReviewRule] = REVIEW_RULES) -> list[Occurrence]:
    """The case's due reviews of each of ``rules`` (in that order) whose due date falls in ``period``, judged
    as of ``as_of``. ``states`` is the case's folded timeline, when the caller has it already."""
    states = fold(case.changes) if states is None else states
    meetings = list(meetings)
    return [review_occurrence(rule, case, obligation, as_of)
            for rule in rules for obligation in review_obligations(rule, states, meetings)
            if obligation.arose_on <= as_of and not obligation.void and period.contains(obligation.due_on)]


def review_occurrence(rule: ReviewRule, case: CaseFacts, obligation: Obligation, as_of: date) -> Occurrence:
    """One due review of ``rule`` as an occurrence, judged as of ``as_of`` (``Obligation.judge``)."""
    verdict, late = obligation.judge(as_of)
    met_on, stopped_on = obligation.met_on, obligation.stopped_on
    if met_on is not None and met_on <= as_of:
        detail = f"reviewed {met_on.isoformat()}" + (f", {late} days after the due date" if late else "")
        return _made(case, obligation, verdict, late, detail, obligation.met_by)
    if stopped_on is not None and stopped_on <= as_of:
        on, why = stopped_on.isoformat(), obligation.why_stopped
        detail = f"withdrawn: {why} on {on}" if verdict is Verdict.WITHDRAWN else \
            f"no review before the case {why} on {on}"
        return _made(case, obligation, verdict, late, detail)
    if verdict is Verdict.PENDING:
        return _made(case, obligation, verdict, None, f"due {obligation.due_on.isoformat()}, no review yet")
    return _made(case, obligation, verdict, late, f"no Level {rule.level} review held yet")


def _made(case: CaseFacts, obligation: Obligation, verdict: Verdict, late: int | None, detail: str,
          meeting_ref: str | None = None) -> Occurrence:
    return Occurrence(obligation.rule, case.area, case.reference, obligation.due_on, Status(verdict.value),
                      meeting_ref, None, late, detail)
