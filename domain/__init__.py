"""The MAPPA domain: aggregates, immutable events, rules and the calendar.

Pure Python. Nothing here imports the rest of mappa-flow, touches a database
or reads the wall clock: the application passes every time in.
"""
