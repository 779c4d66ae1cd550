"""The fixed vocabularies of MAPPA (R-CASE-1, R-MTG-1, R-MTG-2, R-MTG-3).

Values are short, stable strings: they are stored inside events, so renaming a
member is a schema change.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Category(IntEnum):
    """R-CASE-1: 1 registered sex offender, 2 restricted patient, 3 other risk of serious harm."""

    REGISTERED_SEX_OFFENDER = 1
    RESTRICTED_PATIENT = 2
    OTHER_RISK_OF_SERIOUS_HARM = 3


class Level(IntEnum):
    """R-CASE-1: 1 single-agency, 2 multi-agency, 3 MAPPP."""

    ONE = 1
    TWO = 2
    THREE = 3


class Agency(StrEnum):
    """The four Responsible Authorities (R-MTG-2). Every other agency is Duty-to-Co-operate."""

    POLICE_SCOTLAND = "police-scotland"
    SOCIAL_WORK = "social-work"
    PRISON_SERVICE = "sps"
    HEALTH_BOARD = "health"


RESPONSIBLE_AUTHORITIES = frozenset(a.value for a in Agency)


def is_responsible_authority(agency: str) -> bool:
    return agency in RESPONSIBLE_AUTHORITIES


class Attendance(StrEnum):
    """R-MTG-2: the outcome of one agency's invitation to a meeting."""

    IN_PERSON = "in-person"
    REMOTE = "remote"
    WRITTEN = "written"
    ABSENT = "absent"


ATTENDED = frozenset({Attendance.IN_PERSON, Attendance.REMOTE})


class MeetingKind(StrEnum):
    INITIAL = "initial"
    REVIEW = "review"


class Venue(StrEnum):
    """A Scottish Prison Service Risk Management Team meeting is a custody meeting."""

    COMMUNITY = "community"
    CUSTODY = "custody"


class Disclosure(StrEnum):
    """R-MTG-3: the disclosure decision recorded in the minutes."""

    DISCLOSE = "disclose"
    DO_NOT_DISCLOSE = "do-not-disclose"
    DEFER = "defer"


class Breach(StrEnum):
    LICENCE = "licence"
    ORDER = "order"


class MissingStatus(StrEnum):
    WANTED = "wanted"
    MISSING = "missing"


class OffenceKind(StrEnum):
    SEXUAL = "sexual"
    VIOLENT = "violent"


class OffenceStage(StrEnum):
    CHARGED = "charged"
    CONVICTED = "convicted"


class OrderRoute(StrEnum):
    CIVIL = "civil"
    CRIMINAL = "criminal"


class OrderStatus(StrEnum):
    APPLIED = "applied"
    GRANTED = "granted"
    REFUSED = "refused"
