"""The synthetic vocabulary of the demo: area names, agencies, roles and generic free text.

Nothing here names or describes a real person. Areas are invented; people
appear only as role ids ("chair-03", "coord-northshire", "reviewer-02").
"""

from __future__ import annotations

from mappa_flow.demo.choice import weighted

# code, name, case-reference prefix: invented places, not real MAPPA areas.
AREAS: tuple[tuple[str, str, str], ...] = (
    ("northshire", "Northshire", "NS"),
    ("eastmoor", "Eastmoor", "EM"),
    ("westvale", "Westvale", "WV"),
    ("southfirth", "Southfirth", "SF"),
    ("glenmoor", "Glenmoor", "GM"),
    ("lochside", "Lochside", "LS"),
    ("riverford", "Riverford", "RF"),
    ("highcairn", "Highcairn", "HC"),
)

# Duty-to-Co-operate agencies, most often invited first.
DTC_AGENCIES: tuple[str, ...] = (
    "housing", "dwp-jobcentre", "registered-social-landlord", "education", "electronic-monitoring",
    "children-and-families", "skills-development-scotland", "addiction-services",
)
DTC_WEIGHTS: tuple[int, ...] = (30, 18, 14, 8, 8, 10, 5, 7)
DTC = weighted(DTC_AGENCIES, DTC_WEIGHTS)

AGE_BANDS: tuple[str, ...] = ("18-20", "21-30", "31-40", "41-50", "51-60", "61+")
AGE = weighted(AGE_BANDS, (4, 20, 25, 22, 17, 12))
ETHNICITIES: tuple[str, ...] = (
    "white-scottish", "white-other-british", "white-other", "asian", "african", "caribbean-or-black", "mixed",
    "other",
)
ETHNICITY = weighted(ETHNICITIES, (78, 9, 5, 3, 2, 1, 1, 1))

ORDER_TYPES_SEXUAL: tuple[str, ...] = ("sexual-harm-prevention-order", "sexual-risk-order")
ORDER_TYPES_OTHER: tuple[str, ...] = ("non-harassment-order", "exclusion-order")

ARCHIVE_REASONS = weighted((
    "Notification requirements ended",
    "Licence or order expired",
    "Risk reduced; no longer meets MAPPA criteria",
    "Transferred to an area outside Scotland",
    "Deceased",
), (40, 30, 20, 6, 4))
ISP_PROVIDERS: tuple[str, ...] = tuple(f"isp-provider-{n:02d}" for n in range(1, 7))
ISP_END_REASONS: tuple[str, ...] = ("Package objectives met", "Support no longer needed")

CLOSURE_LABELS: tuple[str, str] = ("Local spring holiday", "Local autumn holiday")

FINDING_TEXTS: tuple[str, ...] = (
    "Information held by one agency was not shared with the others in time.",
    "Risk assessment was not updated after a change in circumstances.",
    "Actions in the risk management plan had no named owner.",
    "Contingency planning did not cover accommodation breakdown.",
    "Attendance of key agencies at meetings was inconsistent.",
    "Escalation to the Strategic Oversight Group was delayed.",
)
RECOMMENDATION_TEXTS: tuple[str, ...] = (
    "Agree an information-sharing timescale for all agencies before each meeting.",
    "Review risk assessments whenever circumstances change materially.",
    "Name an owner and a date for every action in the risk management plan.",
    "Include accommodation contingencies in every Level 3 risk management plan.",
    "Monitor agency attendance quarterly and follow up non-attendance.",
    "Clarify the route for urgent escalation to the SOG chair.",
)
ACTION_TEXTS: tuple[str, ...] = (
    "Issue revised local procedure to all agencies.",
    "Deliver briefing sessions to practitioners.",
    "Audit a sample of cases for compliance.",
    "Update the meeting templates.",
    "Report progress to the Strategic Oversight Group.",
)
PROGRESS_NOTES: tuple[str, ...] = (
    "Work under way; draft circulated for comment.",
    "Partly complete; remaining work scheduled.",
    "Delayed by staff availability; revised plan agreed.",
    "Completed and evidence filed.",
)
SCR_REMIT = "Review of multi-agency management of the case before a serious further offence."
STAGE_COMMENTS: tuple[str, ...] = (
    "Handled well and on time.",
    "Adequate, with minor delays.",
    "Needs improvement: roles were unclear.",
    "Good communication throughout.",
)
CLOSE_OUTCOMES: tuple[str, ...] = ("Implemented", "Implemented in part; residual risk accepted")
CLOSE_EVIDENCE = "Revised procedure issued and compliance audit completed."

AUDIT_ANSWERS: tuple[str, ...] = (
    "Met the expected standard.",
    "Largely met; minor gaps noted.",
    "Not met; see improvement actions.",
    "Good practice identified and shared.",
)

# Reasons co-ordinators record against indicator exceptions (R-PI-EXC): (category, agency or None, text).
Reason = tuple[str, str | None, str]
LATE_REVIEW_REASONS = weighted((
    ("chair-unavailable", None, "Meeting rescheduled because the chair was unavailable."),
    ("agency-unavailable", "police-scotland", "A key agency could not attend on the planned date."),
    ("agency-unavailable", "social-work", "A key agency could not attend on the planned date."),
    ("information-not-received-in-time", None, "Reports were not received in time for the planned date."),
    ("other", None, "Meeting moved to follow a court hearing."),
), (35, 12, 13, 28, 12))
LATE_MINUTE_REASONS = weighted((
    ("information-not-received-in-time", None, "Agency amendments to the minute arrived late."),
    ("chair-unavailable", None, "The chair was not available to ratify the minute in time."),
    ("other", None, "Minute-taker absence delayed the minute."),
), (40, 30, 30))
DISCLOSURE_REASON: Reason = ("other", None, "Disclosure was discussed but the decision was not minuted.")
ABSENCE_TEXT = "Representative unavailable; no deputy at the agreed seniority."
