"""Errors raised when a command would break a MAPPA rule (R-CASE-3).

Every error names the field, the value and the rule, so that a co-ordinator
reading it knows what to correct. A refused command writes nothing.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused because it breaks a rule of the domain."""

    def __init__(self, message: str, *, field: str = "", value: object = None, rule: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.rule = rule

    def __str__(self) -> str:
        parts = [self.message]
        if self.field:
            parts.append(f"field={self.field}")
        if self.value is not None:
            parts.append(f"value={self.value!r}")
        if self.rule:
            parts.append(f"rule={self.rule}")
        return parts[0] if len(parts) == 1 else f"{parts[0]} ({', '.join(parts[1:])})"


class CommandIdReusedError(DomainError):
    """A command id already applied was given again with a different body."""


class LifecycleError(DomainError):
    """The command does not fit the case's lifecycle (R-CASE-3)."""


class CaseNotFoundError(DomainError):
    """No case has this reference."""


class CaseAlreadyExistsError(DomainError):
    """A case with this reference was already referred."""


class MeetingNotFoundError(DomainError):
    """No meeting has this reference."""


class MeetingAlreadyExistsError(DomainError):
    """A meeting with this reference was already recorded."""


class IspNotFoundError(DomainError):
    """No Intensive Support Package has this reference."""


class IspAlreadyExistsError(DomainError):
    """An Intensive Support Package with this reference already exists."""


class ScrNotFoundError(DomainError):
    """No Significant Case Review has this reference."""


class ScrAlreadyExistsError(DomainError):
    """A Significant Case Review with this reference already exists."""


class AuditAlreadyExistsError(DomainError):
    """An audit with this reference was already recorded."""


class ConcurrencyError(DomainError):
    """Another command changed the same record at the same moment, and retries ran out."""


class AreaNotFoundError(DomainError):
    """No MAPPA area has this code."""


class AreaAlreadyExistsError(DomainError):
    """A MAPPA area with this code is already registered."""


class ExceptionNotFoundError(DomainError):
    """No current exception of a national indicator has this key (R-PI-EXC)."""


class ReminderNotFoundError(DomainError):
    """No reminder has this id."""


class AuditSampleAlreadyExistsError(DomainError):
    """An audit sample with this reference was already drawn."""
