"""Auditor replay: case histories, time travel, tamper evidence and the access log.

The tables here live beside the events (the same SQLite file, the same
PostgreSQL schema): a case index kept by a catch-up over the event log,
snapshots of past states, and the seals of the hash chain.
"""
