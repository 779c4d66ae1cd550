"""Shares of a view: one view rebuilt by several processes at once, each folding a disjoint set of subjects.

A view that can be split this way (``Partitioned``) gives, for a ``Share``, a
copy of itself that writes only the rows of the subjects in that share, and a
filter that tells from a notification's originator and topic, before it is
decoded, whether the share needs the event. The shares are built into shadow
databases and then merged into the real view in one transaction
(projections/parallel.py). A share writes nothing another share writes, except
the tables every share keeps whole (``merge`` takes those from one share only).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable
from zlib import crc32

from sqlalchemy import Connection

from projections.view import View

Keep = Callable[[str, str], bool]  # (originator id as text, topic) -> does the share need this event


@dataclass(frozen=True)
class Share:
    """Share ``index`` of ``count``: the subjects whose key hashes to ``index`` (a stable hash, the same in
    every process and every run, unlike Python's own ``hash`` of a string).

    Dashes in a key are ignored, so that an id hashes alike as ``str(uuid)`` (a subject) and as the 32 hex
    digits the SQLite event store keeps (what a share's reader tests before decoding)."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise ValueError(f"share index {self.index} is not within 0..{self.count - 1}")

    def holds(self, key: str) -> bool:
        return crc32(key.replace("-", "").encode()) % self.count == self.index


@runtime_checkable
class Partitioned(Protocol):
    """A view that can be rebuilt in shares (projections/parallel.py)."""

    name: str

    def part(self, share: Share) -> View:
        """A fresh copy of this view that writes only the rows of ``share``'s subjects."""
        ...

    def keeps(self, share: Share) -> Keep:
        """Which notifications ``share`` must decode: a cheap test before decoding."""
        ...

    def merge(self, conn: Connection, schemas: Sequence[str]) -> None:
        """Fill this view's (empty) tables from the shares built in the attached ``schemas``, one per share,
        each complete up to one position. Runs in the transaction that moves the view to that position."""
        ...
