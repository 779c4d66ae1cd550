"""The national performance indicators R-PI-1 to R-PI-10, their exceptions and commonality (RULES §4).

Pure computations over plain facts (``facts``, ``timeline``, ``reviews``,
``attendance``, ``release``, ``minutes``, ``report``, ``commonality``) and a
thin query layer over the read models (``load``, ``queries``). How each
indicator is computed, and the decisions where the rules are silent, are in
docs/indicators.md.
"""

from projections.indicators.commonality import ExceptionRow, Group, Reason
from projections.indicators.load import Scope
from projections.indicators.model import INDICATORS, Indicator, IndicatorResult, Occurrence, Status, exception_key
from projections.indicators.queries import (
    commonality_groups,
    exception_rows,
    find_exception,
    indicator_results,
    pending_occurrences,
)

__all__ = [
    "INDICATORS",
    "ExceptionRow",
    "Group",
    "Indicator",
    "IndicatorResult",
    "Occurrence",
    "Reason",
    "Scope",
    "Status",
    "commonality_groups",
    "exception_key",
    "exception_rows",
    "find_exception",
    "indicator_results",
    "pending_occurrences",
]
