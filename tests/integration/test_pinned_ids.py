"""The ids of deadlines and reminders for a fixed history are pinned: literal values, committed here.

Why: a reminder's id is uuid5 of its deadline's id, its stage and its due date (domain/reminder.py), and a
deadline's id is uuid5 of its kind, its subject and its basis date (projections/deadlines/model.py), the
subject being an aggregate id from mappa_flow/ids.py. The event store records each reminder once *because*
its id is the same at every sweep. If a rule change, a refactoring of the deadlines or a new id scheme gave an
open deadline another id, every reminder already sent for it would be sent again. So a change that alters
any of these values must fail this test, and must then come with a migration, not a new literal.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from mappa_flow.bootstrap import Mappa
from mappa_flow.clock import FixedClock
from mappa_flow.commands import isp as i
from mappa_flow.commands import scr as s
from mappa_flow.settings import Settings
from projections.deadlines.tables import deadline_table
from tests import reminder_world as w

DEADLINES = {  # "kind subject basis": deadline id
    "annual-case-audit north 2026-27 2026-04-01": "3d482cdc-6c0e-5867-98ad-c9b6fb80374f",
    "isp-renewal ISP-1 2026-11-30": "31e3ba9b-c1bc-588a-8e49-82438c531ba0",
    "level-2-review N-0003 2026-10-01": "b4259ec9-76ce-5849-ba23-77dcd54fab04",
    "level-2-review N-0003 2026-11-18": "29d29510-7b72-59c8-b5ec-06260161c5e6",
    "level-3-review N-0001 2026-10-20": "907a9bb6-f319-5fcc-af44-34879933dbee",
    "minute-and-rmp M-1 2026-11-18": "5d4e0ecd-9f8a-5447-a149-98c82a70b725",
    "pre-release-level-3-meeting N-0002 2026-12-30": "ad47dbcd-a8fb-5074-b03c-baea192be1a9",
    "quarterly-meeting-audit north 2026-27-Q1 2026-04-01": "22add9ee-e1ff-566d-894b-664f8f11a843",
    "quarterly-meeting-audit north 2026-27-Q2 2026-07-01": "25d238ee-3801-5750-9ef6-23e4f8a6b6f9",
    "quarterly-meeting-audit north 2026-27-Q3 2026-10-01": "8c4fac07-dd7e-5af3-b4e8-66c1137a2745",
    "quarterly-sog-review north 2026-27-Q1 2026-04-01": "b3c7cfd0-66a0-57da-9169-16978da802dc",
    "quarterly-sog-review north 2026-27-Q2 2026-07-01": "02087f52-2dea-519e-8ff4-e3eac0878865",
    "quarterly-sog-review north 2026-27-Q3 2026-10-01": "09f28b37-df09-5b8f-a251-4d1873e144dc",
    "scr-action SCR-1/A-1 2026-11-25": "ff213465-00a1-5b22-a79c-6159b65e8b3b",
}
REMINDERS = {  # "kind subject stage due": (deadline id, reminder id)
    "isp-renewal ISP-1 before-14d 2026-11-30":
        ("31e3ba9b-c1bc-588a-8e49-82438c531ba0", "7b1a1936-955d-54e4-a5ac-c3ca8361c2a9"),
    "level-3-review N-0001 before-14d 2026-12-01":
        ("907a9bb6-f319-5fcc-af44-34879933dbee", "3d622ed0-8666-5572-812d-6ee423fc98e9"),
    "minute-and-rmp M-1 before-14d 2026-12-03":
        ("5d4e0ecd-9f8a-5447-a149-98c82a70b725", "7e19784d-89db-536f-9ac5-da09b79db74e"),
    "pre-release-level-3-meeting N-0002 before-14d 2026-12-02":
        ("ad47dbcd-a8fb-5074-b03c-baea192be1a9", "a8420fb0-f0f2-5f3e-a1c4-ebce40e16def"),
    "quarterly-meeting-audit north 2026-27-Q2 escalation-7d 2026-09-30":
        ("25d238ee-3801-5750-9ef6-23e4f8a6b6f9", "87e2d10a-0d27-566a-87a3-04c174d219ac"),
    "quarterly-sog-review north 2026-27-Q2 escalation-7d 2026-09-30":
        ("02087f52-2dea-519e-8ff4-e3eac0878865", "17e27933-32ff-5e28-aa33-9d76eb9d6a09"),
    "scr-action SCR-1/A-1 before-7d 2026-11-25":
        ("ff213465-00a1-5b22-a79c-6159b65e8b3b", "8fcdad7c-7ac0-5560-ad12-bb255f309dbb"),
}


def _record_fixed_history(app: Mappa) -> None:
    """Every kind of deadline, as in test_reminder_sweep: an area, three cases, a meeting, an ISP, an SCR."""
    w.area(app)
    w.refer(app, "N-0001", date(2026, 10, 20))
    w.refer(app, "N-0002", date(2026, 10, 1), in_custody=True, release_on=date(2026, 12, 30))
    w.refer(app, "N-0003", date(2026, 10, 1), level=2)
    w.hold_meeting(app, "M-1", "N-0003", date(2026, 11, 18))
    app.handle(w.cmd(i.ApproveIsp, date(2026, 9, 1), isp_ref="ISP-1", case_reference="N-0001",
                          provider="provider-1", cost=1200, starts_on=date(2026, 9, 1)))
    app.handle(w.cmd(s.CommissionScr, date(2026, 6, 1), scr_ref="SCR-1", area="north", remit="Remit."))
    app.handle(w.cmd(s.MakeRecommendation, date(2026, 7, 1), scr_ref="SCR-1",
                                  recommendation_ref="R-1", text="Recommendation."))
    app.handle(w.cmd(s.AssignAction, date(2026, 7, 1), scr_ref="SCR-1", recommendation_ref="R-1",
                            action_ref="A-1", owner="police-scotland", due_on=date(2026, 11, 25), text="Action."))


def test_the_ids_of_deadlines_and_reminders_of_a_fixed_history_never_change_R_REM_1(
        app: Mappa, store: Settings, clock: FixedClock) -> None:
    _record_fixed_history(app)
    views = w.projector(store, app)
    w.cycle(app, views, clock).run_once()
    with views.engine.connect() as conn:
        rows = conn.execute(sa.select(deadline_table.c.kind, deadline_table.c.subject_ref, deadline_table.c.basis,
                                      deadline_table.c.deadline_id)).all()
    deadlines = {f"{kind} {subject} {basis.isoformat()}": deadline_id for kind, subject, basis, deadline_id in rows}
    reminders = {f"{e.kind} {e.subject_ref} {e.stage} {e.due_on.isoformat()}": (e.deadline_id, str(e.originator_id))
                 for e in w.reminder_events(app)}
    assert deadlines == DEADLINES
    assert reminders == REMINDERS
