"""Time travel: the state of a case as at a business date, as known at a recorded moment (R-CAL-1).

A pure fold over the events of a case (its own stream, its meetings and its
ISPs), kept apart from the aggregates: an aggregate replays its events in
version order and checks each command, whereas time travel replays the events
in business-date order (ties in recording order) and checks nothing, so that an
event recorded late counts on the date it describes.

- ``as_at``: only events whose business date (``occurred_on``) is on or before it.
- ``known_at``: only events recorded (library ``timestamp``) at or before it.

Both together answer "what did we believe on 1 May about the case on 1 April?".

The case's level, custody, expected release and archive move as the rulebook's one case-state fold says
(``domain/rules/case_timeline.py``, one ``step`` per change); this module adds what only the auditor shows:
the category, area and referral, wanted or missing, the day archived, orders and offences, meetings and ISPs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from domain.case import Case
from domain.isp import Isp
from domain.meeting import Meeting
from domain.rules import case_timeline as timeline
from domain.rules.case_timeline import CaseChange
from domain.vocabulary import OrderStatus


@dataclass
class MeetingState:
    ref: str
    held_on: date
    level: int
    kind: str
    venue: str
    disclosure: str | None = None
    minute_issued_on: date | None = None
    minute_ratified_on: date | None = None
    rmp_updated_on: date | None = None


@dataclass
class IspState:
    ref: str
    provider: str
    starts_on: date
    ends_on: date
    cost_pence: int  # every period approved so far
    renewal_requested_on: date | None = None
    ended_on: date | None = None


@dataclass
class CaseState:
    reference: str
    area: str
    category: int
    level: int
    in_custody: bool
    referred_on: date
    expected_release_on: date | None = None
    missing: str | None = None
    missing_since: date | None = None
    archived: bool = False
    archived_on: date | None = None
    orders: dict[str, str] = field(default_factory=dict)
    order_breaches: int = 0
    further_offences: int = 0
    meetings: dict[str, MeetingState] = field(default_factory=dict)  # by meeting aggregate id
    isps: dict[str, IspState] = field(default_factory=dict)  # by ISP aggregate id
    events_applied: int = 0
    last_event_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings)."""
        return _jsonable(asdict(self))  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseState:
        values = _dated(cls, data)
        values["meetings"] = {key: MeetingState(**_dated(MeetingState, m)) for key, m in data["meetings"].items()}
        values["isps"] = {key: IspState(**_dated(IspState, i)) for key, i in data["isps"].items()}
        return cls(**values)


# ---- cutting and ordering ----------------------------------------------------


def cut(events: Iterable[Any], as_at: date | None = None, known_at: datetime | None = None) -> list[Any]:
    """The events dated on or before ``as_at`` and recorded at or before ``known_at`` (each when given)."""
    return [
        e for e in events
        if (as_at is None or e.occurred_on <= as_at) and (known_at is None or e.timestamp <= known_at)
    ]


def in_business_order(events: Iterable[Any]) -> list[Any]:
    """Events given in recording order, put in business-date order; a stable sort keeps recording order in ties."""
    return sorted(events, key=lambda e: e.occurred_on)


def case_state(
    events_in_recording_order: Sequence[Any], as_at: date | None = None, known_at: datetime | None = None
) -> CaseState | None:
    """The case as at ``as_at``, as known at ``known_at``; None when the case was not yet referred."""
    return fold(in_business_order(cut(events_in_recording_order, as_at, known_at)))


def fold(events_in_business_order: Iterable[Any], start: CaseState | None = None) -> CaseState | None:
    """Apply events, already in business-date order, on top of ``start`` (which is changed in place)."""
    state = start
    for event in events_in_business_order:
        if isinstance(event, Case.Referred):
            state = _referred(event)
        elif state is not None and _apply(state, event):
            state.events_applied += 1
            state.last_event_on = max(state.last_event_on or event.occurred_on, event.occurred_on)
    return state


def _referred(event: Case.Referred) -> CaseState:
    referral = CaseChange(0, event.occurred_on, "referred", event.level, event.in_custody,
                          on_date=event.expected_release_on)
    started = timeline.step(None, referral)
    assert started is not None, "a referral always starts the case's state"
    return CaseState(
        reference=event.reference, area=event.area, category=event.category, level=started.level,
        in_custody=started.in_custody, referred_on=event.occurred_on, expected_release_on=started.expected_release_on,
        events_applied=1, last_event_on=event.occurred_on,
    )


def _apply(state: CaseState, event: Any) -> bool:
    handler = _HANDLERS.get(type(event))
    if handler is None:
        return False
    return handler(state, event) is not False


# ---- the case's own events: its lifecycle as the rulebook folds it, and what only the auditor shows ----


def _lifecycle(change: Callable[[Any], CaseChange]) -> Callable[[CaseState, Any], None]:
    """Move the case's level, custody, expected release and archive as ``case_timeline.step`` says."""

    def apply(s: CaseState, e: Any) -> None:
        moved = timeline.step(_as_timeline(s), change(e))
        if moved is not None:
            s.level, s.in_custody = moved.level, moved.in_custody
            s.expected_release_on, s.archived = moved.expected_release_on, moved.archived
        if isinstance(e, Case.Archived):
            s.archived_on = e.occurred_on
        elif isinstance(e, Case.Reopened):
            s.archived_on = None

    return apply


def _as_timeline(s: CaseState) -> timeline.CaseState:
    """The rulebook's state of the case from the fields its fold moves (when and by which change it was made,
    which no step reads, the auditor does not keep)."""
    return timeline.CaseState(since=s.last_event_on or s.referred_on, position=0, kind="", level=s.level,
                              in_custody=s.in_custody, archived=s.archived, custody_since=s.referred_on,
                              expected_release_on=s.expected_release_on)


def _missing(s: CaseState, e: Any) -> None:
    s.missing, s.missing_since = e.status, e.occurred_on


def _located(s: CaseState, e: Any) -> None:
    s.missing, s.missing_since = None, None


def _order(status: str) -> Callable[[CaseState, Any], None]:
    def set_status(s: CaseState, e: Any) -> None:
        s.orders[e.order_ref] = status

    return set_status


# ---- meetings and ISPs of the case -------------------------------------------


def _meeting_held(s: CaseState, e: Any) -> None:
    s.meetings[str(e.originator_id)] = MeetingState(
        ref=e.meeting_ref, held_on=e.occurred_on, level=e.level, kind=e.kind, venue=e.venue
    )


def _on_meeting(attribute: str, value: Callable[[Any], Any]) -> Callable[[CaseState, Any], bool]:
    def set_value(s: CaseState, e: Any) -> bool:
        meeting = s.meetings.get(str(e.originator_id))
        if meeting is None:  # a meeting of another case, or held after the cut-off
            return False
        setattr(meeting, attribute, value(e))
        return True

    return set_value


def _isp_approved(s: CaseState, e: Any) -> None:
    s.isps[str(e.originator_id)] = IspState(
        ref=e.isp_ref, provider=e.provider, starts_on=e.starts_on, ends_on=e.ends_on, cost_pence=e.cost_pence
    )


def _on_isp(change: Callable[[IspState, Any], None]) -> Callable[[CaseState, Any], bool]:
    def apply(s: CaseState, e: Any) -> bool:
        isp = s.isps.get(str(e.originator_id))
        if isp is None:
            return False
        change(isp, e)
        return True

    return apply


def _isp_renewed(isp: IspState, e: Any) -> None:
    isp.provider, isp.starts_on, isp.ends_on = e.provider, e.starts_on, e.ends_on
    isp.cost_pence += e.cost_pence
    isp.renewal_requested_on = None


_HANDLERS: dict[type[Any], Callable[[CaseState, Any], Any]] = {
    Case.LevelChanged: _lifecycle(lambda e: CaseChange(0, e.occurred_on, "level-changed", level=e.level)),
    Case.ReleaseDateSet: _lifecycle(lambda e: CaseChange(0, e.occurred_on, "release-date-set", on_date=e.release_on)),
    Case.Released: _lifecycle(lambda e: CaseChange(0, e.occurred_on, "released")),
    Case.Recalled: _lifecycle(lambda e: CaseChange(0, e.occurred_on, "recalled", flag=e.recalled_to_prison)),
    Case.WantedOrMissingDeclared: _missing,
    Case.Located: _located,
    Case.FurtherOffenceRecorded: lambda s, e: setattr(s, "further_offences", s.further_offences + 1),
    Case.OrderApplied: _order(OrderStatus.APPLIED),
    Case.OrderGranted: _order(OrderStatus.GRANTED),
    Case.OrderRefused: _order(OrderStatus.REFUSED),
    Case.OrderMadeAtConviction: _order(OrderStatus.GRANTED),
    Case.OrderBreached: lambda s, e: setattr(s, "order_breaches", s.order_breaches + 1),
    Case.Archived: _lifecycle(lambda e: CaseChange(0, e.occurred_on, "archived")),
    Case.Reopened: _lifecycle(lambda e: CaseChange(0, e.occurred_on, "reopened", e.level, e.in_custody)),
    Meeting.Held: _meeting_held,
    Meeting.DisclosureDecided: _on_meeting("disclosure", lambda e: e.decision),
    Meeting.MinuteIssued: _on_meeting("minute_issued_on", lambda e: e.occurred_on),
    Meeting.MinuteRatified: _on_meeting("minute_ratified_on", lambda e: e.occurred_on),
    Meeting.RmpUpdated: _on_meeting("rmp_updated_on", lambda e: e.occurred_on),
    Isp.Approved: _isp_approved,
    Isp.RenewalRequested: _on_isp(lambda isp, e: setattr(isp, "renewal_requested_on", e.occurred_on)),
    Isp.Renewed: _on_isp(_isp_renewed),
    Isp.Ended: _on_isp(lambda isp, e: setattr(isp, "ended_on", e.occurred_on)),
}

STATE_TOPICS: tuple[str, ...] = tuple(sorted({Case.Referred.TOPIC, *(cls.TOPIC for cls in _HANDLERS)}))
"""The topics the fold reads: a reader may skip every other event of the case."""


# ---- JSON form ----------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def _dated(cls: type[Any], data: dict[str, Any]) -> dict[str, Any]:
    """The dataclass's own fields from ``data``, with ISO strings turned back into dates where a date is expected."""
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        is_date = isinstance(f.type, str) and f.type.startswith("date") and not f.type.startswith("datetime")
        values[f.name] = date.fromisoformat(value) if is_date and isinstance(value, str) else value
    return values
