"""The national performance indicators R-PI-1 to R-PI-10, their exceptions and commonality (RULES §4).

Pure computations over plain facts (``facts``, ``reviews``, ``attendance``,
``release``, ``minutes``, ``report``, ``commonality``), which the deadlines view
folds into stored occurrences (projections/indicators/rows.py), and a thin
query layer over those rows (``queries``; ``known_at``: the same rulebook over
the facts recorded by a moment). How each
indicator is computed, and the decisions where the rules are silent, are in
docs/indicators.md.
"""

from projections.indicators.commonality import ExceptionRow, Group, Reason
from projections.indicators.model import (
    INDICATORS,
    Indicator,
    IndicatorFigures,
    IndicatorResult,
    Occurrence,
    Status,
    exception_key,
)
from projections.indicators.queries import (
    commonality_groups,
    exception_rows,
    find_exception,
    indicator_figures,
    indicator_results,
    pending_occurrences,
)
from projections.indicators.scope import Scope

__all__ = [
    "INDICATORS",
    "ExceptionRow",
    "Group",
    "Indicator",
    "IndicatorFigures",
    "IndicatorResult",
    "Occurrence",
    "Reason",
    "Scope",
    "Status",
    "commonality_groups",
    "exception_key",
    "exception_rows",
    "find_exception",
    "indicator_figures",
    "indicator_results",
    "pending_occurrences",
]
