"""The thin query layer of the SOG registers: load the facts from the views, hand them to the pure reports.

Every report reads "as at" ``min(as_of, period end)``: a past period is shown
as it stood at its end, the current one as it stands on the as-of date. With
``known_at``, only rows recorded at or before that moment count (what was known
then, for an auditor).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Select, Table, null, select

from domain.calendar import Period
from projections.registers import audit, isp, scr, stats, wanted_missing
from projections.registers.case_fold import CaseInfo, Change
from projections.views.area import area_table
from projections.views.audit import audit_table, sample_case_table, sample_table
from projections.views.case import case_table, change_table
from projections.views.isp import isp_fact_table, isp_table
from projections.views.meeting import meeting_table
from projections.views.scr import scr_fact_table, scr_table
from projections.views.stats import case_fact_table

Rows = list[Mapping[str, Any]]


def as_at(period: Period, as_of: date) -> date:
    return min(as_of, period.end)


def _known(query: Select[Any], table: Table, known_at: datetime | None) -> Select[Any]:
    if known_at is None:
        return query
    return query.where(table.c.recorded_at <= known_at.astimezone(UTC))


def _in_area(query: Select[Any], table: Table, area: str | None) -> Select[Any]:
    return query if area is None else query.where(table.c.area == area)


def _rows(conn: Connection, query: Select[Any]) -> Rows:
    return [dict(row) for row in conn.execute(query).mappings()]


# ---- statistics (RULES §5) ---------------------------------------------------


def _case_facts(conn: Connection, area: str | None, end: date, known_at: datetime | None,
                by: str | None = None) -> tuple[dict[str, CaseInfo], list[Change]]:
    c, ch = case_table, change_table
    ethnicity = c.c.ethnicity if by == "ethnicity" else null()  # private text: read (decrypted) only when shown
    infos = conn.execute(_in_area(select(c.c.case_id, c.c.reference, c.c.area, c.c.age_band, c.c.gender,
                                         ethnicity), c, area))
    cases = {row.case_id: CaseInfo(*row) for row in infos}
    columns = [ch.c[name] for name in Change.__dataclass_fields__]  # in Change's field order
    query = _known(_in_area(select(*columns).where(ch.c.occurred_on <= end), ch, area), ch, known_at)
    return cases, [Change(*row) for row in conn.execute(query)]


def statistics(conn: Connection, area: str | None, period: Period, as_of: date, by: str | None = None,
               known_at: datetime | None = None) -> list[stats.StatRow]:
    end = as_at(period, as_of)
    cases, changes = _case_facts(conn, area, end, known_at, by)
    f = case_fact_table
    query = _known(select(f).where(f.c.occurred_on.between(period.start, end)), f, known_at)
    facts = [
        stats.CaseFact(r["case_id"], r["position"], r["kind"], r["occurred_on"], r["route"], r["offence"], r["stage"])
        for r in conn.execute(query).mappings() if r["case_id"] in cases
    ]
    return stats.statistics(cases, changes, facts, period.start, end, by)


def wanted_or_missing(conn: Connection, area: str | None, period: Period, as_of: date,
                      known_at: datetime | None = None) -> list[wanted_missing.SpellRow]:
    end = as_at(period, as_of)
    cases, changes = _case_facts(conn, area, end, known_at)
    return wanted_missing.wanted_missing_list(cases, changes, period.start, end)


# ---- SCR tracker (R-SCR-2) --------------------------------------------------------


def reviews(conn: Connection, area: str | None, period: Period, as_of: date,
            known_at: datetime | None = None) -> list[scr.Review]:
    """The reviews open at some time in the period, folded as at its end (or ``as_of``)."""
    found = _rows(conn, _known(_in_area(select(scr_table), scr_table, area), scr_table, known_at))
    ids = [row["scr_id"] for row in found]
    facts = _rows(conn, _known(select(scr_fact_table).where(scr_fact_table.c.scr_id.in_(ids)), scr_fact_table,
                               known_at)) if ids else []
    folded = scr.fold_reviews(found, facts, as_at(period, as_of))
    return [r for r in folded if r.closed_on is None or r.closed_on >= period.start]


# ---- ISP register (R-ISP-2) -------------------------------------------------------


def packages(conn: Connection, area: str | None, period: Period, as_of: date,
             known_at: datetime | None = None) -> tuple[list[isp.Package], Rows]:
    """The ISPs folded as at the period's end (or ``as_of``), and the meetings of their cases."""
    found = _rows(conn, _known(_in_area(select(isp_table), isp_table, area), isp_table, known_at))
    ids = [row["isp_id"] for row in found]
    facts = _rows(conn, _known(select(isp_fact_table).where(isp_fact_table.c.isp_id.in_(ids)), isp_fact_table,
                               known_at)) if ids else []
    case_ids = sorted({row["case_id"] for row in found})
    m = meeting_table
    meetings = _rows(conn, _known(select(m.c.case_id, m.c.held_on, m.c.level).where(m.c.case_id.in_(case_ids)), m,
                                  known_at)) if case_ids else []
    return isp.fold_packages(found, facts, as_at(period, as_of)), meetings


def isp_register(conn: Connection, area: str | None, period: Period, as_of: date) -> list[isp.IspRow]:
    folded, meetings = packages(conn, area, period, as_of)
    return isp.register(folded, meetings, period, as_at(period, as_of))


def isp_costs(conn: Connection, area: str | None, period: Period, as_of: date) -> list[isp.IspCostRow]:
    folded, _ = packages(conn, area, period, as_of)
    return isp.costs(folded, period, as_at(period, as_of))


# ---- audit register (R-AUD-1) -----------------------------------------------------


def audit_register(conn: Connection, area: str | None, period: Period, as_of: date) -> list[audit.AuditRow]:
    audits = _rows(conn, _in_area(select(audit_table), audit_table, area))
    areas = [area] if area else [row.code for row in conn.execute(select(area_table.c.code))]
    areas += [] if area else [row["area"] for row in audits]
    return audit.register(areas, audits, period, as_of)


def audit_samples(conn: Connection, area: str | None, period: Period, as_of: date) -> list[audit.SampleRow]:
    s = sample_table
    drawn = _rows(conn, _in_area(select(s).where(s.c.drawn_on.between(period.start, period.end)), s, area))
    ids = [row["sample_id"] for row in drawn]
    cases = _rows(conn, select(sample_case_table).where(sample_case_table.c.sample_id.in_(ids))) if ids else []
    audits = _rows(conn, _in_area(select(audit_table), audit_table, area))
    return audit.samples(drawn, cases, audits, as_at(period, as_of))
