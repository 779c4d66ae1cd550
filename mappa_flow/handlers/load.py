"""Loading the aggregates a command names, refused with the rule's words when one does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.area import Area
from domain.case import Case
from domain.errors import AreaNotFoundError, CaseNotFoundError, IspNotFoundError, MeetingNotFoundError, ScrNotFoundError
from domain.isp import Isp
from domain.meeting import Meeting
from domain.scr import Scr

if TYPE_CHECKING:
    from mappa_flow.application import Unit


def load_area(unit: Unit, code: str) -> Area:
    area: Area = unit.load(unit.app.ids.area(code), lambda: AreaNotFoundError(
        f"area {code} is not registered; register it first", field="area", value=code, rule="R-CASE-1"))
    return area


def load_case(unit: Unit, reference: str) -> Case:
    case: Case = unit.load(unit.app.ids.case(reference), lambda: CaseNotFoundError(
        f"no case has reference {reference}", field="case_reference", value=reference, rule="R-CASE-1"))
    return case


def load_meeting(unit: Unit, meeting_ref: str) -> Meeting:
    meeting: Meeting = unit.load(unit.app.ids.meeting(meeting_ref), lambda: MeetingNotFoundError(
        f"no meeting has reference {meeting_ref}", field="meeting_ref", value=meeting_ref, rule="R-MTG-1"))
    return meeting


def load_isp(unit: Unit, isp_ref: str) -> Isp:
    isp: Isp = unit.load(unit.app.ids.isp(isp_ref), lambda: IspNotFoundError(
        f"no Intensive Support Package has reference {isp_ref}", field="isp_ref", value=isp_ref, rule="R-ISP-1"))
    return isp


def load_scr(unit: Unit, scr_ref: str) -> Scr:
    scr: Scr = unit.load(unit.app.ids.scr(scr_ref), lambda: ScrNotFoundError(
        f"no Significant Case Review has reference {scr_ref}", field="scr_ref", value=scr_ref, rule="R-SCR-1"))
    return scr
