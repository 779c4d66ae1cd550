"""Weighted choice tables: drawing from a fixed table is much faster than ``random.choices``."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")
Weighted = tuple[tuple[T, ...], tuple[float, ...]]


def weighted(items: Sequence[T], weights: Sequence[float]) -> Weighted[T]:
    """A table for ``World.pick``: the items and their cumulative weights."""
    return tuple(items), tuple(accumulate(weights))
