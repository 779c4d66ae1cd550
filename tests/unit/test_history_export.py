"""The case summary above a history, and the HTML export's rows: days late blank on the day, events in words."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.case_state import CaseState, IspState, MeetingState
from mappa_flow.audit.export import ExportHeader, history_html
from mappa_flow.audit.history import HistoryEntry
from mappa_flow.audit.summary import case_summary
from projections.deadlines.query import DeadlineRow

TODAY = date(2026, 12, 7)


def _entry(occurred_on: date, recorded_at: datetime, kind: str = "Case.LevelChanged") -> HistoryEntry:
    return HistoryEntry(position=1, occurred_on=occurred_on, recorded_at=recorded_at, recorded_by="coord",
                        command_id="c-1", kind=kind, record="Case N-0001", summary="Level changed 2 -> 3")


def _deadline(kind: str, due_on: date, status: str = "open") -> DeadlineRow:
    return DeadlineRow(deadline_id=f"{kind}-{due_on}", kind=kind, rule="R-REM-1", area="north", case_id=None,
                       case_reference="N-0001", subject_ref="N-0001", basis=date(2026, 10, 1), due_on=due_on,
                       status=status, closed_on=None, reason=None)


def _state() -> CaseState:
    return CaseState(
        reference="N-0001", area="north", category=1, level=3, in_custody=True, referred_on=date(2026, 4, 1),
        expected_release_on=date(2027, 1, 15), orders={"O-1": "granted"},
        meetings={"m": MeetingState("M-1", date(2026, 11, 2), 3, "review", "custody")},
        isps={"i": IspState("ISP-1", "Acme", date(2026, 11, 1), date(2027, 1, 31), 100000)},
    )


def test_the_summary_says_level_category_custody_orders_meetings_isps_and_open_deadlines() -> None:
    deadlines = [_deadline("level-3-review", date(2026, 12, 1)), _deadline("pre-release-level-3-meeting",
                 date(2026, 12, 18)), _deadline("minute-and-rmp", date(2026, 11, 1), status="met")]
    items = dict(case_summary(_state(), deadlines, TODAY).items)
    assert (items["Level"], items["Category"], items["Area"]) == ("3", "1", "north")
    assert items["Custody"] == "in custody, release expected 2027-01-15"
    assert items["Status"] == "open, referred on 2026-04-01" and items["Wanted or missing"] == "no"
    assert items["Preventative orders"] == "O-1 (granted)"
    assert items["Meetings"] == "1, the latest on 2026-11-02 (review, Level 3)"
    assert items["ISPs"] == "1, current: ISP-1 to 2027-01-31"
    assert items["Open deadlines"] == "2 (1 overdue); the next: level-3-review due 2026-12-01"


def test_a_case_with_nothing_open_says_none() -> None:
    state = CaseState(reference="N-0002", area="north", category=2, level=1, in_custody=False,
                      referred_on=date(2026, 4, 1), archived=True, archived_on=date(2026, 9, 1))
    items = dict(case_summary(state, [_deadline("level-2-review", date(2026, 8, 1), status="withdrawn")], TODAY).items)
    assert (items["Custody"], items["Status"]) == ("in the community", "archived on 2026-09-01")
    assert items["Open deadlines"] == items["Meetings"] == items["ISPs"] == items["Preventative orders"] == "none"


def test_the_export_leaves_days_late_blank_on_the_day_names_events_in_words_and_puts_the_summary_first() -> None:
    header = ExportHeader("N-0001", "auditor", datetime(2026, 12, 7, 10, tzinfo=UTC), "everything", None)
    same_day = _entry(date(2026, 6, 10), datetime(2026, 6, 10, 9, tzinfo=UTC))
    late = _entry(date(2026, 4, 20), datetime(2026, 6, 10, 9, tzinfo=UTC))
    html = history_html(header, [same_day, late], case_summary(_state(), [], TODAY))
    rows = html.split("<tbody>")[1].split("</tr>")
    assert '<td class="num"></td>' in rows[0] and '<td class="num">51</td>' in rows[1]
    assert "<td>Level changed</td>" in rows[0] and "Case.LevelChanged" not in html
    assert html.index("<h2>The case on 2026-12-07</h2>") < html.index("<table>")
    assert "<dt>Custody</dt><dd>in custody, release expected 2027-01-15</dd>" in html
    assert html.count("<tr") == 3  # the header row and the two events: the summary is not a table
