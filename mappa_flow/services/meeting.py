"""Use cases of a MAPPA meeting (R-MTG-1 to R-MTG-4).

A meeting is its own aggregate: recording it reads the case (to check its
level on the meeting date) but does not change it, so co-ordinators recording
different meetings of one case never conflict.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.errors import MeetingAlreadyExistsError, MeetingNotFoundError
from domain.meeting import Invitation, Meeting
from mappa_flow.application import Outcome, Unit
from mappa_flow.commands import meeting as m
from mappa_flow.services.case import CaseService


class MeetingService(CaseService):
    def load_meeting(self, unit: Unit, meeting_ref: str) -> Meeting:
        meeting: Meeting = unit.load(
            self.ids.meeting(meeting_ref),
            lambda: MeetingNotFoundError(
                f"no meeting has reference {meeting_ref}", field="meeting_ref", value=meeting_ref, rule="R-MTG-1"
            ),
        )
        return meeting

    def _on_meeting(self, cmd: m.MeetingCommand, change: Callable[[Meeting, Unit], None]) -> Outcome:
        def work(unit: Unit) -> None:
            change(self.load_meeting(unit, cmd.meeting_ref), unit)

        return self.run_command(cmd, work)

    def hold_meeting(self, cmd: m.HoldMeeting) -> Outcome:
        def work(unit: Unit) -> None:
            meeting_id = self.ids.meeting(cmd.meeting_ref)
            unit.require_absent(meeting_id, lambda: MeetingAlreadyExistsError(
                f"meeting {cmd.meeting_ref} was already recorded", field="meeting_ref", value=cmd.meeting_ref,
                rule="R-MTG-1"))
            meeting = Meeting.hold(
                meeting_id, self.load_case(unit, cmd.case_reference), unit.stamp, cmd.occurred_on,
                meeting_ref=cmd.meeting_ref, kind=cmd.kind, venue=cmd.venue, chair=cmd.chair, level=cmd.level,
                invitations=[Invitation(i.agency, i.outcome, i.at_seniority) for i in cmd.invitations],
            )
            if cmd.disclosure is not None:
                meeting.decide_disclosure(cmd.disclosure, unit.stamp, cmd.occurred_on)
            unit.track(meeting)

        return self.run_command(cmd, work)

    def decide_disclosure(self, cmd: m.DecideDisclosure) -> Outcome:
        return self._on_meeting(cmd, lambda mt, u: mt.decide_disclosure(cmd.decision, u.stamp, cmd.occurred_on))

    def record_contribution(self, cmd: m.RecordContribution) -> Outcome:
        return self._on_meeting(cmd, lambda mt, u: mt.record_contribution(
            cmd.agency, cmd.in_minute, cmd.in_rmp, u.stamp, cmd.occurred_on))

    def issue_minute(self, cmd: m.IssueMinute) -> Outcome:
        return self._on_meeting(cmd, lambda mt, u: mt.issue_minute(u.stamp, cmd.occurred_on))

    def ratify_minute(self, cmd: m.RatifyMinute) -> Outcome:
        return self._on_meeting(cmd, lambda mt, u: mt.ratify_minute(u.stamp, cmd.occurred_on))

    def update_rmp(self, cmd: m.UpdateRmp) -> Outcome:
        return self._on_meeting(cmd, lambda mt, u: mt.update_rmp(u.stamp, cmd.occurred_on))
