"""The rulebook: each MAPPA rule of ``RULES.md`` written once, one module per rule.

Every module holds pure functions of dates and plain values, with the rule ids
in their docstrings, and does no I/O. Indicators, deadlines and reminders call
these functions; none of them re-implements a rule.

- ``obligation``: what a rule decides (arose, due, met or stopped) and its judgement as of a date;
- ``case_timeline``: a case's states over time (R-CAL-1, R-CASE-2), the fold the case rules read;
- ``review_clock``: R-PI-1, R-PI-2 and their deadlines (R-REM-1);
- ``minutes``: R-PI-9, R-REM-3 and R-PI-10 (R-CAL-3);
- ``pre_release``: R-PI-8 and its deadline R-REM-2 (the meeting that counts, the 28 days);
- ``attendance``: R-PI-3 to R-PI-7, per invitation;
- ``isp_renewal``: R-REM-4 (R-ISP-1);
- ``scr_actions``: R-REM-5 (R-SCR-1);
- ``periodic``: R-REM-6, the annual case audit, the quarterly meeting audit and SOG review, the annual report.
"""
