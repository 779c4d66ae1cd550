"""The rulebook: each MAPPA rule of ``RULES.md`` written once, one module per rule.

Every module holds pure functions of dates and plain values, with the rule ids
in their docstrings, and does no I/O. Indicators, deadlines and reminders call
these functions; none of them re-implements a rule.

- ``obligation``: what a rule decides (arose, due, met or stopped) and its judgement as of a date;
- ``case_timeline``: a case's states over time (R-CAL-1, R-CASE-2), the fold the case rules read;
- ``review_clock``: R-PI-1, R-PI-2 and their deadlines (R-REM-1);
- ``minutes``: R-PI-9, R-REM-3 and R-PI-10 (R-CAL-3).

Not yet here (issue 12): R-PI-8 and the pre-release deadline (R-REM-2), R-PI-3 to R-PI-7, and the
ISP, SCR and periodic deadlines, which are still in ``projections/``.
"""
