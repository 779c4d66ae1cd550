"""Random but valid event histories for the projection property tests, built with the domain aggregates.

A history is a list of operations (name, a, b, days). Each is interpreted
against the aggregates built so far: the business date moves on by ``days``
(sometimes back, to record an event late), ``a`` and ``b`` pick the case,
meeting or other subject and a variant. An operation the domain refuses is
skipped, exactly as a refused command writes nothing. The events come out in
the order they were recorded. Everything is synthetic and deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.account import Account
from domain.area import Area
from domain.audit import Audit
from domain.case import Case
from domain.errors import DomainError
from domain.event import Stamp
from domain.exception_reason import ExceptionReason
from domain.isp import Isp
from domain.meeting import Invitation, Meeting
from domain.oversight import AnnualReport, SogReview
from domain.reminder import Reminder, ReminderRequest
from domain.scr import Scr

START = date(2025, 4, 7)
AREAS = ("north", "south")
AGENCIES = ("police-scotland", "social-work", "sps", "health", "housing", "education")
OUTCOMES = ("in-person", "remote", "written", "absent")
AUDIT_ITEMS = {
    "case": ("referral_and_minutes_reviewed", "all_agencies_present", "rmp_quality", "actions_completed_timely",
             "effective_practice", "improvements", "feedback_route"),
    "meeting": ("chair_performance", "conduct_of_meeting", "feedback_given"),
}
Operation = tuple[str, int, int, int]


def _id(kind: str, key: object) -> UUID:
    return uuid5(NAMESPACE_URL, f"projection-history:{kind}:{key}")


class History:
    """Applies operations to aggregates and keeps every event recorded, in order."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.day = START
        self.count = 0
        self.areas = [self._keep(Area.register(_id("area", code), self._stamp(), START, code=code,
                                               name=f"Area {code}")) for code in AREAS]
        self.cases: list[Case] = []
        self.meetings: list[Meeting] = []
        self.isps: list[Isp] = []
        self.scrs: list[Scr] = []
        self.reminders: list[Reminder] = []
        self.accounts: list[Account] = []
        self.touched: list[Any] = []

    def _stamp(self) -> Stamp:
        self.count += 1
        recorded = datetime(2035, 1, 1, tzinfo=UTC) + timedelta(minutes=self.count)
        return Stamp("coord-1", f"cmd-{self.count}", recorded, date(2035, 1, 1))

    def _keep(self, aggregate: Any) -> Any:
        self.events.extend(aggregate.collect_events())
        return aggregate

    def apply(self, operation: Operation) -> None:
        name, a, b, days = operation
        self.day = max(START, self.day + timedelta(days=days))
        self.touched = []
        try:
            _OPERATIONS[name](self, a, b)
        except DomainError:
            for aggregate in self._all():
                aggregate.collect_events()  # nothing of a refused operation is kept
        else:
            for aggregate in self._all():
                self._keep(aggregate)

    def _all(self) -> Iterable[Any]:
        """The aggregates the last operation may have changed: those it picked, and any it created."""
        created = [items[-1] for items in (self.cases, self.meetings, self.isps, self.scrs, self.reminders,
                                           self.accounts) if items]
        return [*self.areas, *created, *(item for item in self.touched if hasattr(item, "collect_events"))]

    def pick(self, items: Sequence[Any], a: int) -> Any:
        if not items:
            raise DomainError("nothing to pick", field="a", value=a)
        self.touched.append(items[a % len(items)])
        return items[a % len(items)]


def _refer(h: History, a: int, b: int) -> None:
    custody = a % 2 == 0
    reference = f"C-{len(h.cases) + 1}"
    release = h.day + timedelta(days=30 + b % 200) if custody and b % 3 else None
    h.cases.append(Case.refer(
        _id("case", reference), h._stamp(), h.day, reference=reference, area=AREAS[a % 2], category=b % 3 + 1,
        level=(a + b) % 3 + 1, referring_agency=AGENCIES[b % len(AGENCIES)], in_custody=custody,
        expected_release_on=release, age_band=("18-25", "26-35", None)[b % 3], gender=("m", "f", None)[a % 3],
        ethnicity=None))


def _meeting(h: History, a: int, b: int) -> None:
    case = h.pick([c for c in h.cases if c.level > 1 and not c.archived], a)
    ref = f"M-{len(h.meetings) + 1}"
    invitations = [Invitation(agency, OUTCOMES[(b + i) % 4], (b + i) % 5 != 0)
                   for i, agency in enumerate(AGENCIES[: 2 + b % 4])]
    h.meetings.append(Meeting.hold(
        _id("meeting", ref), case, h._stamp(), h.day, meeting_ref=ref, kind=("initial", "review")[b % 2],
        venue=("community", "custody")[a % 2 if case.in_custody else 0], chair="chair-1", invitations=invitations))


def _meeting_step(h: History, a: int, b: int) -> None:
    meeting: Meeting = h.pick(h.meetings, a)
    step = b % 5
    if step == 0:
        meeting.decide_disclosure(("disclose", "do-not-disclose", "defer")[a % 3], a % 5 != 0, h._stamp(), h.day)
    elif step == 1:
        written = [i.agency for i in meeting.invitations if i.outcome == "written"]
        meeting.record_contribution(h.pick(written, b), a % 2 == 0, a % 3 != 0, h._stamp(), h.day)
    elif step == 2:
        meeting.issue_minute(h._stamp(), h.day)
    elif step == 3:
        meeting.ratify_minute(h._stamp(), h.day)
    else:
        meeting.update_rmp(h._stamp(), h.day)


def _case_change(h: History, a: int, b: int) -> None:
    case: Case = h.pick(h.cases, a)
    stamp, on = h._stamp(), h.day
    changes: list[Callable[[], None]] = [
        lambda: case.change_level(b % 3 + 1, stamp, on),
        lambda: case.set_release_date(on + timedelta(days=10 + b % 90), stamp, on),
        lambda: case.release(stamp, on),
        lambda: case.recall(("licence", "order")[b % 2], b % 3 != 0, stamp, on),
        lambda: case.declare_missing(("wanted", "missing")[b % 2], stamp, on),
        lambda: case.locate(stamp, on),
        lambda: case.record_further_offence(("sexual", "violent")[b % 2], ("charged", "convicted")[a % 2], stamp, on),
        lambda: case.apply_for_order(f"O-{a}-{b}", "sopo", ("civil", "criminal")[b % 2], stamp, on),
        lambda: case.decide_order(h.pick(sorted(case.orders), b), b % 2 == 0, stamp, on),
        lambda: case.breach_order(h.pick(sorted(case.orders), b), stamp, on),
        lambda: case.archive("left MAPPA", stamp, on),
        lambda: case.reopen(b % 3 + 1, a % 2 == 0, stamp, on),
    ]
    changes[b % len(changes)]()


def _isp(h: History, a: int, b: int) -> None:
    if b % 4 == 0 or not h.isps:
        ref = f"ISP-{len(h.isps) + 1}"
        h.isps.append(Isp.approve(_id("isp", ref), h.pick(h.cases, a), h._stamp(), h.day, isp_ref=ref,
                                  provider="provider-1", cost_pence=1000 * (b % 50), starts_on=h.day))
        return
    isp: Isp = h.pick([i for i in h.isps if i.ended_on is None], a)
    if b % 4 == 1:
        isp.request_renewal(h.day, h._stamp(), h.day)
    elif b % 4 == 2:
        isp.renew(1000 * (a % 50), None, h._stamp(), h.day)
    else:
        isp.end("no longer needed", h._stamp(), h.day)


def _scr(h: History, a: int, b: int) -> None:
    if b % 6 == 0 or not h.scrs:
        ref = f"SCR-{len(h.scrs) + 1}"
        h.scrs.append(Scr.commission(_id("scr", ref), h._stamp(), h.day, scr_ref=ref, area=AREAS[a % 2],
                                     case_reference=None, remit="remit"))
        return
    scr: Scr = h.pick(h.scrs, a)
    stamp, on, rec = h._stamp(), h.day, f"R{a % 3}"
    steps: list[Callable[[], None]] = [
        lambda: scr.make_recommendation(rec, "text", stamp, on),
        lambda: scr.assign_action(rec, f"A{a}-{b}", AGENCIES[a % 6], on + timedelta(days=b % 60), "text", stamp, on),
        lambda: scr.progress_action(h.pick(sorted(scr.actions), b), "note", a % 2 == 0, stamp, on),
        lambda: scr.close_recommendation(rec, "done", "evidence", stamp, on),
        lambda: scr.evaluate_stage("remit", a % 4 + 1, "comment", stamp, on),
    ]
    steps[b % len(steps)]()


def _area(h: History, a: int, b: int) -> None:
    area: Area = h.areas[a % 2]
    day = START + timedelta(days=b % 400)
    if b % 3 == 0:
        area.set_contact(("coordinator", "sog-chair")[a % 2], f"role{b}@example.org", h._stamp(), h.day)
    elif day.isoformat() in area.closure_days:
        area.remove_closure_day(day, h._stamp(), h.day)
    else:
        area.add_closure_day(day, "local closure", h._stamp(), h.day)


def _oversight(h: History, a: int, b: int) -> None:
    stamp, area = h._stamp(), AREAS[a % 2]
    if b % 3 == 0:
        year = 2025 + b % 2
        h._keep(AnnualReport.publish(_id("report", (area, year, h.count)), stamp, h.day, area=area,
                                     year=f"{year}-{(year + 1) % 100:02d}"))
    elif b % 3 == 1:
        h._keep(SogReview.hold(_id("sog", (area, h.count)), stamp, h.day, area=area))
    else:
        kind = ("case", "meeting")[a % 2]
        h._keep(Audit.complete(_id("audit", h.count), stamp, h.day, audit_ref=f"AUD-{h.count}", kind=kind,
                               area=area, case_reference="C-1" if kind == "case" else None,
                               meeting_ref="M-1" if kind == "meeting" else None,
                               findings=dict.fromkeys(AUDIT_ITEMS[kind], "ok")))


def _reminder_or_reason(h: History, a: int, b: int) -> None:
    stamp = h._stamp()
    if b % 2 == 0:
        h._keep(ExceptionReason.explain(
            _id("reason", h.count), stamp, h.day, indicator=f"R-PI-{a % 10 + 1}",
            exception_key=f"R-PI-{a % 10 + 1}:C-{b}", area=AREAS[a % 2], case_reference=f"C-{b}",
            category="other", agency=None, text="synthetic"))
    elif b % 4 == 1 or not h.reminders:
        stage = ("before-14d", "before-7d", "due")[b % 3]
        request = ReminderRequest(f"deadline-{a}", "level-3-review", stage, h.day, h.day, AREAS[a % 2], f"C-{a}",
                                  "R-REM-1", ("coordinator",), f"C-{a}")
        h.reminders.append(Reminder.raise_for(request, stamp))
    else:
        h.pick(h.reminders, a).record_delivery("email", "<m@x>", ["coord@example.org"], stamp)


def _account(h: History, a: int, b: int) -> None:
    """An account registered, granted other areas, issued a token, signing in or out, or disabled (the hashes
    are synthetic: the view keeps them, it never checks them)."""
    stamp = h._stamp()
    if b % 5 == 0 or not h.accounts:
        role = ("coordinator", "auditor", "sog", "admin")[a % 4]
        areas = [] if role == "admin" else [AREAS[a % 2]]
        h.accounts.append(Account.register(_id("account", h.count), stamp, h.day, name=f"user{h.count}",
                                           role=role, areas=areas, password_hash=f"hash-{h.count}"))
        return
    account: Account = h.pick(h.accounts, a)
    action = b % 5
    if action == 1:
        account.grant("coordinator", list(AREAS[: 1 + a % 2]), stamp, h.day)
    elif action == 2:
        account.issue_api_token(f"token-{h.count}", stamp, h.day)
    elif action == 3:
        account.sign_in(stamp, h.day)
    else:
        account.disable(stamp, h.day)


_OPERATIONS: dict[str, Callable[[History, int, int], None]] = {
    "refer": _refer, "meeting": _meeting, "meeting_step": _meeting_step, "case_change": _case_change,
    "isp": _isp, "scr": _scr, "area": _area, "oversight": _oversight, "reminder_or_reason": _reminder_or_reason,
    "account": _account,
}
OPERATION_NAMES = tuple(_OPERATIONS)
_WEIGHTS = {"refer": 10, "meeting": 12, "meeting_step": 14, "case_change": 30, "isp": 6, "scr": 8, "area": 4,
            "oversight": 4, "reminder_or_reason": 4, "account": 3}


def history_of(operations: Iterable[Operation]) -> list[Any]:
    history = History()
    for operation in operations:
        history.apply(operation)
    return history.events


def random_operations(seed: int, count: int) -> list[Operation]:
    """``count`` operations drawn with realistic weights; days move on 0-5 at a time, sometimes back."""
    rng = random.Random(seed)
    names = rng.choices(OPERATION_NAMES, weights=[_WEIGHTS[n] for n in OPERATION_NAMES], k=count)
    return [(name, rng.randrange(1000), rng.randrange(1000), rng.choice((0, 0, 0, 1, 1, 2, 5, -4)))
            for name in names]
