"""Handlers of a MAPPA meeting (R-MTG-1 to R-MTG-4).

A meeting is its own aggregate: recording it reads the case (to check its
level on the meeting date) but does not change it, so co-ordinators recording
different meetings of one case never conflict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.errors import MeetingAlreadyExistsError
from domain.meeting import Invitation, Meeting
from mappa_flow.commands import meeting as m
from mappa_flow.handlers.load import load_case, load_meeting

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def hold_meeting(cmd: m.HoldMeeting, unit: Unit) -> None:
    meeting_id = unit.app.ids.meeting(cmd.meeting_ref)
    unit.require_absent(meeting_id, lambda: MeetingAlreadyExistsError(
        f"meeting {cmd.meeting_ref} was already recorded", field="meeting_ref", value=cmd.meeting_ref,
        rule="R-MTG-1"))
    meeting = Meeting.hold(
        meeting_id, load_case(unit, cmd.case_reference), unit.stamp, cmd.occurred_on,
        meeting_ref=cmd.meeting_ref, kind=cmd.kind, venue=cmd.venue, chair=cmd.chair, level=cmd.level,
        invitations=[Invitation(i.agency, i.outcome, i.at_seniority) for i in cmd.invitations],
    )
    if cmd.disclosure is not None and cmd.considered is not None:  # the command model requires both or neither
        meeting.decide_disclosure(cmd.disclosure, cmd.considered, unit.stamp, cmd.occurred_on)
    unit.track(meeting)


def decide_disclosure(cmd: m.DecideDisclosure, unit: Unit) -> None:
    load_meeting(unit, cmd.meeting_ref).decide_disclosure(cmd.decision, cmd.considered, unit.stamp, cmd.occurred_on)


def record_contribution(cmd: m.RecordContribution, unit: Unit) -> None:
    load_meeting(unit, cmd.meeting_ref).record_contribution(
        cmd.agency, cmd.in_minute, cmd.in_rmp, unit.stamp, cmd.occurred_on)


def issue_minute(cmd: m.IssueMinute, unit: Unit) -> None:
    load_meeting(unit, cmd.meeting_ref).issue_minute(unit.stamp, cmd.occurred_on)


def ratify_minute(cmd: m.RatifyMinute, unit: Unit) -> None:
    load_meeting(unit, cmd.meeting_ref).ratify_minute(unit.stamp, cmd.occurred_on)


def update_rmp(cmd: m.UpdateRmp, unit: Unit) -> None:
    load_meeting(unit, cmd.meeting_ref).update_rmp(unit.stamp, cmd.occurred_on)
