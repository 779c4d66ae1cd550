"""A store that already holds NUL and other control characters still projects, on every backend (issue 11,
defect 2). The events are recorded through the application with models built without validation, as a store
written before the edge refused them would hold; PostgreSQL refuses any text with NUL, so the views clean it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from domain.calendar import reporting_year
from mappa_flow.bootstrap import Mappa
from mappa_flow.cli.errors import database_failure
from mappa_flow.commands.area import RegisterArea
from mappa_flow.commands.case import ReferCase
from mappa_flow.commands.scr import CommissionScr, EvaluateScrStage
from mappa_flow.importing import apply_checked, check_lines
from mappa_flow.projecting import build_projector
from mappa_flow.settings import Settings
from projections.clean import REPLACEMENT
from projections.registers import queries
from projections.views.area import area_table
from projections.views.case import case_table
from projections.views.scr import scr_fact_table

ON = date(2026, 5, 1)


def _unchecked(model: Any, **fields: Any) -> Any:
    """A command as code that bypasses the edge would build it: no validation at all."""
    return model.model_construct(command=model.model_fields["command"].default, occurred_on=ON, **fields)


def _record_control_characters(app: Mappa) -> None:
    app.handle(_unchecked(RegisterArea, command_id="a-1", recorded_by="coord\x00one", area="north",
                          name="Nul\x00Name"))
    app.handle(_unchecked(ReferCase, command_id="c-1", recorded_by="coord-1", case_reference="N-0001",
                          area="north", category=1, level=2, referring_agency="police-scotland",
                          in_custody=False, expected_release_on=None, age_band=None, gender=None,
                          ethnicity="x\x00y"))
    app.handle(_unchecked(CommissionScr, command_id="s-1", recorded_by="coord-1", scr_ref="SCR-1",
                          area="north", case_reference="N-0001", remit="Remit\x00with \x1b[2J escape"))
    app.handle(_unchecked(EvaluateScrStage, command_id="s-2", recorded_by="coord-1", scr_ref="SCR-1",
                          stage="remit", rating=3, comment="Line one\nline\x00two\x7f"))


def test_a_store_holding_nul_in_text_still_projects_rebuilds_and_reports(app: Mappa, store: Settings) -> None:
    _record_control_characters(app)
    projector = build_projector(store, app)
    try:
        projector.catch_up()
        projector.rebuild()  # the rebuild after a catch-up: both ways in write the same cleaned rows
        with projector.engine.connect() as conn:
            area_name = conn.execute(sa.select(area_table.c.name)).scalar_one()
            ethnicity = conn.execute(sa.select(case_table.c.ethnicity)).scalar_one()
            comment = conn.execute(sa.select(scr_fact_table.c.comment)
                                   .where(scr_fact_table.c.comment.is_not(None))).scalar_one()
            reviews = queries.reviews(conn, "north", reporting_year(2026), date(2026, 11, 20))
        assert all(position >= app.max_notification_id() for position in
                   (status.position for status in projector.status()))
    finally:
        projector.engine.dispose()

    assert area_name == f"Nul{REPLACEMENT}Name"
    assert ethnicity == f"x{REPLACEMENT}y"
    assert comment == f"Line one\nline{REPLACEMENT}two{REPLACEMENT}"  # the new line of free text is kept
    assert [review.scr_ref for review in reviews] == ["SCR-1"]  # a report reads the cleaned views


def test_a_line_with_nul_is_refused_at_the_edge_and_nothing_is_written(app: Mappa) -> None:
    lines = ['{"command": "register_area", "command_id": "a-1", "recorded_by": "coord-1", '
             '"occurred_on": "2026-05-01", "area": "north", "name": "North"}',
             '{"command": "register_area", "command_id": "a-2", "recorded_by": "coord-1", '
             '"occurred_on": "2026-05-01", "area": "south", "name": "Nul\\u0000Name"}']
    checked = check_lines(lines, today=date(2026, 11, 20))

    assert [(p.line, p.field, p.kind) for p in checked.problems] == [(2, "name", "control_character")]
    with pytest.raises(ValueError, match="1 problem"):
        apply_checked(app, checked)
    assert app.max_notification_id() == 0


def test_a_statement_the_database_refuses_shows_no_parameter_and_the_cli_no_value_of_the_row(
        app: Mappa, store: Settings) -> None:
    secret = "ZX-4471-Q"  # a case reference
    projector = build_projector(store, app)
    try:
        with pytest.raises(sa.exc.DBAPIError) as refused, projector.engine.begin() as conn:
            conn.execute(case_table.insert().values(case_id="c", reference=secret, area=None))  # area is NOT NULL
    finally:
        projector.engine.dispose()

    added = str(refused.value).split("[SQL:", 1)[1]  # what SQLAlchemy adds after the driver's message
    assert "[SQL parameters hidden due to hide_parameters=True]" in added and secret not in added
    # PostgreSQL's own DETAIL line names the failing row's values: the CLI shows the first line only
    assert secret not in str(database_failure(refused.value))
