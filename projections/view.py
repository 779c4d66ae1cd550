"""The contract every read model keeps."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy import Connection, MetaData, Table

from projections.source import Positioned

metadata = MetaData()


class View(ABC):
    """A read model: the tables it owns, the event topics it takes, and how it applies a batch.

    ``apply`` runs inside the transaction that also moves the view's tracking
    position, and only ever sees events after that position.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    topics: ClassVar[tuple[str, ...]]
    version: ClassVar[int] = 1  # raise it when the tables or what ``apply`` writes change (projections/versions.py)
    every_topic: ClassVar[bool] = False  # takes every event of the log, whatever ``topics`` says (the case index)
    caches: ClassVar[tuple[Table, ...]] = ()  # of ``tables``, those its queries fill, not ``apply``: never compared

    @abstractmethod
    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        """Write the effect of ``batch`` (oldest first) to this view's tables."""

    def unsettled(self, conn: Connection) -> bool:
        """Whether the batches left work for ``settle`` (read without a lock). Most views leave none."""
        return False

    def settle(self, conn: Connection) -> None:
        """Finish, once, the work the batches of a catch-up left (the deadlines view folds the subjects they
        marked). Runs at the end of every catch-up in which ``unsettled`` is true, also one that found no
        event to apply, so work a stopped process left behind is finished by the next catch-up; in its own
        transaction, holding the view's tracking row."""
        raise NotImplementedError(f"view {self.name} leaves no work to settle")

    def reset(self, conn: Connection) -> None:
        """Empty this view's tables, for a rebuild."""
        for table in reversed(self.tables):
            conn.execute(table.delete())
