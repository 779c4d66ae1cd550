"""Small checks shared by the aggregates."""

from __future__ import annotations

from enum import Enum

from domain.errors import LifecycleError


def check_choice(vocabulary: type[Enum], value: object, field: str, rule: str) -> None:
    """Refuse a value that is not in a fixed vocabulary, listing the allowed values."""
    allowed = [str(m.value) for m in vocabulary]
    if str(value) not in allowed:
        raise LifecycleError(f"{field} must be one of {', '.join(allowed)}", field=field, value=value, rule=rule)
