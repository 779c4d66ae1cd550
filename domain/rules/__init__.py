"""The rulebook: each MAPPA rule of ``RULES.md`` written once, one module per rule.

Every module holds pure functions of dates and plain values, with the rule ids
in their docstrings, and does no I/O. Indicators, deadlines and reminders call
these functions; none of them re-implements a rule.
"""
