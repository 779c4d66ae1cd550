"""What a deadline is: its kind, its subject, its due date and its fate (RULES §9).

A deadline's id is derived from its kind, its subject and the date its due
date was computed from (its *basis*), so the same deadline always gets the
same id however often, and in whatever batches, the events are replayed. The
scheduler derives its reminder ids from it. A deadline whose due date moves
(a pre-release meeting when the release date changes, R-REM-2) keeps its id
and basis; the reminders planned for the old due date are then cancelled as
moved, and new ones planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from hashlib import sha1
from typing import NamedTuple
from uuid import UUID, uuid5

DEADLINE_NAMESPACE = UUID("5b0f3c52-8a8e-4f0e-9a55-3d1c1e0d7a11")


class Kind(StrEnum):
    LEVEL_3_REVIEW = "level-3-review"
    LEVEL_2_REVIEW = "level-2-review"
    PRE_RELEASE_MEETING = "pre-release-level-3-meeting"
    MINUTE_AND_RMP = "minute-and-rmp"
    ISP_RENEWAL = "isp-renewal"
    SCR_ACTION = "scr-action"
    CASE_AUDIT = "annual-case-audit"
    MEETING_AUDIT = "quarterly-meeting-audit"
    SOG_REVIEW = "quarterly-sog-review"
    ANNUAL_REPORT = "annual-report"


RULE_OF: dict[Kind, str] = {
    Kind.LEVEL_3_REVIEW: "R-REM-1",
    Kind.LEVEL_2_REVIEW: "R-REM-1",
    Kind.PRE_RELEASE_MEETING: "R-REM-2",
    Kind.MINUTE_AND_RMP: "R-REM-3",
    Kind.ISP_RENEWAL: "R-REM-4",
    Kind.SCR_ACTION: "R-REM-5",
    Kind.CASE_AUDIT: "R-REM-6",
    Kind.MEETING_AUDIT: "R-REM-6",
    Kind.SOG_REVIEW: "R-REM-6",
    Kind.ANNUAL_REPORT: "R-REM-6",
}


class Status(StrEnum):
    OPEN = "open"
    MET = "met"
    WITHDRAWN = "withdrawn"
    MISSED = "missed"  # closed unmet after its due date had passed: late, and no longer applicable (RULES §10)


def deadline_id(kind: str, subject: str, basis: date) -> UUID:
    """The stable id of the deadline of ``kind`` for ``subject`` computed from ``basis``."""
    return uuid5(DEADLINE_NAMESPACE, f"{kind}|{subject}|{basis.isoformat()}")


@lru_cache(maxsize=16_384)  # bounded low: a rebuild's memory must not grow with history (hits come within a fold)
def _deadline_id_text(kind: str, subject: str, basis: date) -> str:
    """``str(deadline_id(...))`` without building a UUID object (a rebuild makes hundreds of thousands)."""
    digest = bytearray(sha1(_NAMESPACE_BYTES + f"{kind}|{subject}|{basis.isoformat()}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_NAMESPACE_BYTES = DEADLINE_NAMESPACE.bytes


@dataclass(frozen=True)
class Deadline:
    """One deadline and its fate. ``subject`` is the aggregate (or area) whose events decide it."""

    kind: Kind
    subject: str
    basis: date
    due_on: date
    status: Status = Status.OPEN
    closed_on: date | None = None
    reason: str | None = None
    item: str = ""  # distinguishes deadlines of one subject with one basis (an SCR's actions)
    label: str = ""  # what the deadline is about when the subject alone does not say (a period)

    @property
    def id(self) -> str:
        """``deadline_id`` as text (cached: a rebuild asks for the same ids again and again)."""
        return _deadline_id_text(self.kind, f"{self.subject}/{self.item}" if self.item else self.subject, self.basis)

    @property
    def rule(self) -> str:
        return RULE_OF[self.kind]

    def met(self, on: date, reason: str | None = None) -> Deadline:
        return self._closed(Status.MET, on, reason)

    def withdrawn(self, on: date, reason: str) -> Deadline:
        return self._closed(Status.WITHDRAWN, on, reason)

    def missed(self, on: date, reason: str) -> Deadline:
        return self._closed(Status.MISSED, on, reason)

    def _closed(self, status: Status, on: date, reason: str | None) -> Deadline:
        """``dataclasses.replace`` spelt out: a rebuild closes hundreds of thousands of deadlines."""
        return Deadline(self.kind, self.subject, self.basis, self.due_on, status, on, reason, self.item, self.label)


class Fact(NamedTuple):
    """One event, reduced to what the deadline and indicator rules read. Stored by the deadlines view, a row per fact.

    A named tuple: a rebuild makes millions of them, and a tuple is what the database takes and gives.
    """

    subject: str
    position: int
    occurred_on: date
    kind: str
    level: int | None = None
    flag: bool | None = None
    on_date: date | None = None
    until: date | None = None
    ref: str | None = None
    ref2: str | None = None
    flag2: bool | None = None
    text: str | None = None  # a meeting of a case: its reference (R-PI-1/2 name the meeting that met a review)
    seq: int = 0  # several facts of one event for one subject: a meeting's invitations (1, 2, ...)
    recorded_at: datetime | None = None  # when the event was recorded (a report as known at a moment, R-CAL-1)


class Ledger:
    """The deadlines a fold produced, by id: a later version of the same deadline replaces the earlier."""

    def __init__(self) -> None:
        self.by_id: dict[str, Deadline] = {}

    def put(self, deadline: Deadline) -> Deadline:
        self.by_id[deadline.id] = deadline
        return deadline

    def all(self) -> list[Deadline]:
        return list(self.by_id.values())
