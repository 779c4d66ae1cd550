"""R-PI-8 (pre-release Level 3 meetings) and its deadline R-REM-2, written once (RULES §4, §9, §10).

What the two share:

- the meeting that counts: of kind ``initial``, at Level 3, with venue ``community`` (``counts``), held in the
  custody spell that the release ends: on or after the day the case entered custody (referral in custody,
  recall to prison, re-opening in custody) and on or before the release (``in_spell``);
- the 28 days (R-CAL-4): the meeting is due on release date - 28 days (``due_before``).

R-PI-8 judges each release from custody of a case at Level 3 on release, in the period of the actual release
date: met when the first counting meeting was held on or before the due date; late by the days between when
held after it; not met (no days counted) when none was held. When the release date changed after the meeting so
that fewer than 28 days remained, the judgement keeps the release date expected when the meeting was held. A
case in custody at Level 3 whose expected release falls in the period, on or after the as-of date, is pending.

R-REM-2 (refined, RULES §10): one obligation per custody spell of a Level 3 case with a release date. It arises
when all of that holds, with the release date then expected as its ``arose_on`` (its deadline's id); a new
release date moves its due date; the first counting meeting of the spell meets it, even one held before it
arose; release without the meeting, a level change or an archive stop it (``pre_release_step``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from typing import NamedTuple, Protocol

from domain.calendar import FOUR_WEEKS, Period
from domain.rules.case_timeline import CaseState, state_at
from domain.rules.obligation import Obligation, Verdict

PRE_RELEASE_DAYS = FOUR_WEEKS  # R-CAL-4


def counts(kind: str | None, level: int | None, venue: str | None) -> bool:
    """The meeting R-PI-8 and R-REM-2 look for: kind initial, Level 3, venue community."""
    return kind == "initial" and level == 3 and venue == "community"


def in_spell(held_on: date, spell_start: date, until: date) -> bool:
    """Held in the custody spell that began on ``spell_start``, by ``until`` (the release, or the as-of date)."""
    return spell_start <= held_on <= until


def due_before(release_on: date) -> date:
    """The last on-time day for the meeting: 28 days before the release (R-PI-8, R-REM-2, R-CAL-4)."""
    return release_on - timedelta(days=PRE_RELEASE_DAYS)


# --- R-PI-8 ---------------------------------------------------------------------------------------------------


class InitialMeeting(Protocol):
    """A meeting of the case, as R-PI-8 reads it."""

    @property
    def held_on(self) -> date: ...

    @property
    def position(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def level(self) -> int: ...

    @property
    def venue(self) -> str: ...

    @property
    def meeting_ref(self) -> str: ...


class ReleaseJudgement(NamedTuple):
    """R-PI-8 for one release (judged), or for a release expected in the period (pending)."""

    on: date  # the actual release date; the expected one while pending
    due_on: date
    verdict: Verdict  # met, not met or pending
    held: InitialMeeting | None = None  # the meeting that counts, if any
    days_late: int | None = None  # the meeting's days after the due date (none held: None)
    expected_then: date | None = None  # late only: the release date expected when the meeting was held, if other


def release_judgements(states: Sequence[CaseState], meetings: Iterable[InitialMeeting], period: Period,
                       as_of: date) -> list[ReleaseJudgement]:
    """R-PI-8 for one case: its releases in ``period`` judged, and a pending release expected in it.

    ``states`` is the case's folded timeline (``case_timeline.fold``); states after ``as_of`` are left out.
    """
    states = [state for state in states if state.since <= as_of]
    counting = sorted((m for m in meetings if counts(m.kind, m.level, m.venue)), key=lambda m: (m.held_on, m.position))
    found = [_judged(states, before.custody_since, after.since, counting) for before, after in pairwise(states)
             if after.kind == "released" and period.contains(after.since) and before.in_custody and after.level == 3]
    pending = _pending(states[-1] if states else None, counting, period, as_of)
    return found if pending is None else [*found, pending]


def _first(meetings: list[InitialMeeting], spell_start: date, until: date) -> InitialMeeting | None:
    return next((m for m in meetings if in_spell(m.held_on, spell_start, until)), None)


def _judged(states: Sequence[CaseState], spell_start: date, released_on: date,
            meetings: list[InitialMeeting]) -> ReleaseJudgement:
    due_on = due_before(released_on)
    held = _first(meetings, spell_start, released_on)
    if held is None:
        return ReleaseJudgement(released_on, due_on, Verdict.NOT_MET)
    if held.held_on <= due_on:
        return ReleaseJudgement(released_on, due_on, Verdict.MET, held)
    state = state_at(states, held.held_on)
    expected = state.expected_release_on if state else None
    return ReleaseJudgement(released_on, due_on, Verdict.NOT_MET, held, (held.held_on - due_on).days,
                            expected if expected != released_on else None)


def _pending(state: CaseState | None, meetings: list[InitialMeeting], period: Period,
             as_of: date) -> ReleaseJudgement | None:
    if state is None or not state.in_custody or state.archived or state.level != 3:
        return None
    expected = state.expected_release_on
    if expected is None or expected < as_of or not period.contains(expected):
        return None
    return ReleaseJudgement(expected, due_before(expected), Verdict.PENDING,
                            _first(meetings, state.custody_since, as_of))


# --- R-REM-2 --------------------------------------------------------------------------------------------------


class Spell(NamedTuple):
    """What R-REM-2 reads of a case after one of its facts."""

    level: int
    in_custody: bool
    archived: bool
    release_on: date | None  # the release date expected now (in custody only)
    initial_held_on: date | None  # the first counting meeting of the current custody spell


def applies(spell: Spell) -> bool:
    """R-REM-2 applies: a Level 3 case in custody, not archived, with a release date."""
    return not spell.archived and spell.in_custody and spell.level == 3 and spell.release_on is not None


def is_open(obligation: Obligation | None) -> bool:
    return obligation is not None and obligation.met_on is None and obligation.stopped_on is None


def why_released(on: date) -> str:
    return f"released on {on.isoformat()} with no initial Level 3 meeting held"


def pre_release_step(current: Obligation | None, on: date, spell: Spell,
                     why: str) -> tuple[Obligation | None, list[Obligation]]:
    """R-REM-2 after a change of the case on ``on``: the spell's obligation now (None when it does not apply),
    and the obligations this change changed, in order. ``why`` says why it stopped, if it did."""
    changed: list[Obligation] = []
    if current is not None and not applies(spell):
        if is_open(current):
            changed.append(current.stopped(on, why))
        current = None
    if applies(spell):
        assert spell.release_on is not None
        due_on = due_before(spell.release_on)
        if current is None:
            current = Obligation("R-REM-2", spell.release_on, due_on)
            changed.append(current)
        elif is_open(current) and current.due_on != due_on:
            current = replace(current, due_on=due_on)
            changed.append(current)
    if current is not None and is_open(current) and spell.initial_held_on is not None:
        current = current.met(spell.initial_held_on)
        changed.append(current)
    return current, changed


def pre_release_obligations(states: Sequence[CaseState], meetings: Iterable[InitialMeeting],
                            why: Callable[[CaseState], str]) -> list[Obligation]:
    """R-REM-2 over a case's folded timeline: every obligation (one per custody spell), each as it ended.

    A counting meeting held in the spell (``in_spell``) meets the spell's obligation from the day it is held;
    a meeting on the day of a change counts before that change. ``why`` words why a state stopped it."""
    held = sorted(m.held_on for m in meetings if counts(m.kind, m.level, m.venue))
    latest: dict[date, Obligation] = {}
    current: Obligation | None = None
    for state, following in zip(states, [*states[1:], None], strict=True):
        spell = _spell(state, held, state.since)
        current, changed = pre_release_step(current, state.since, spell, why(state))
        latest.update((obligation.arose_on, obligation) for obligation in changed)
        later = _spell(state, held, following.since if following else date.max)
        if later.initial_held_on is not None and later.initial_held_on != spell.initial_held_on:
            current, changed = pre_release_step(current, later.initial_held_on, later, why(state))
            latest.update((obligation.arose_on, obligation) for obligation in changed)
    return list(latest.values())


def _spell(state: CaseState, held: list[date], upto: date) -> Spell:
    """What R-REM-2 reads of ``state``, with the first counting meeting of its custody spell held by ``upto``."""
    if not state.in_custody:
        return Spell(state.level, False, state.archived, None, None)
    first = next((day for day in held if in_spell(day, state.custody_since, upto)), None)
    return Spell(state.level, True, state.archived, state.expected_release_on, first)
