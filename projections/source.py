"""Where projections read events from. The application provides one; tests can feed a list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Positioned:
    """A domain event and its position (notification id) in the application's log."""

    position: int
    event: Any

    @property
    def topic(self) -> str:
        return str(type(self.event).TOPIC)


class EventSource(Protocol):
    def max_position(self) -> int:
        """The position of the newest event in the log (0 when empty)."""
        ...

    def read(self, after: int, limit: int, topics: Sequence[str] = ()) -> list[Positioned]:
        """Up to ``limit`` events with position > ``after``, oldest first, only of ``topics`` if given."""
        ...

    def wait(self, after: int, timeout: float) -> None:
        """Block until an event after ``after`` may exist, or ``timeout`` seconds pass."""
        ...


class ListSource:
    """An in-memory source: feed a projection events directly, with no application running."""

    def __init__(self, events: Sequence[Any] = ()):
        self.items: list[Positioned] = []
        for event in events:
            self.append(event)

    def append(self, event: Any) -> Positioned:
        item = Positioned(len(self.items) + 1, event)
        self.items.append(item)
        return item

    def max_position(self) -> int:
        return len(self.items)

    def read(self, after: int, limit: int, topics: Sequence[str] = ()) -> list[Positioned]:
        wanted = set(topics)
        found = [p for p in self.items[after:] if not wanted or p.topic in wanted]
        return found[:limit]

    def wait(self, after: int, timeout: float) -> None:
        return None
