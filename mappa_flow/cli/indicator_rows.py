"""The indicator reports' rows as the CLI shows them: the output edge turns the typed results into fields."""

from __future__ import annotations

from typing import Any

from projections.indicators.commonality import ExceptionRow, Group
from projections.indicators.model import IndicatorFigures, IndicatorResult, Occurrence, figures_of

_MET = {True: "met", False: "not met", None: "n/a"}


def result_fields(line: IndicatorResult | IndicatorFigures) -> dict[str, Any]:
    """One indicator line (per DTC agency for R-PI-3)."""
    r = figures_of(line) if isinstance(line, IndicatorResult) else line
    return {"indicator": r.indicator.id, "title": r.indicator.title, "agency": r.agency, "numerator": r.numerator,
            "denominator": r.denominator, "percentage": r.percentage, "target": r.indicator.target,
            "met": _MET[r.met], "pending": r.pending, "withdrawn": r.withdrawn, "exceptions": r.exceptions}


def exception_fields(row: ExceptionRow) -> dict[str, Any]:
    o, r = row.occurrence, row.reason
    return {
        "indicator": o.indicator, "area": o.area, "case": o.case_reference, "on": o.on.isoformat(),
        "meeting": o.meeting_ref, "agency": o.agency, "days_late": o.days_late, "detail": o.detail,
        "key": o.key, "reason_recorded": r is not None, "reason": row.category,
        "reason_agency": r.agency if r else None, "reason_text": r.text if r else None,
    }


def occurrence_fields(o: Occurrence) -> dict[str, Any]:
    return {"indicator": o.indicator, "area": o.area, "case": o.case_reference, "on": o.on.isoformat(),
            "meeting": o.meeting_ref, "agency": o.agency, "status": str(o.status), "detail": o.detail, "key": o.key}


def group_fields(group: Group) -> dict[str, Any]:
    return {"by": group.dimension, "value": group.value, "this_period": group.current,
            "previous_period": group.previous, "change": group.current - group.previous, "repeated": group.repeated}
