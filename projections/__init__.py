"""Read models: projections of the event log into SQL tables (SQLAlchemy), on SQLite and PostgreSQL.

Each view writes its rows and its own tracking position in one transaction, so
a crash or a re-delivered event never counts anything twice, and every view can
be dropped and rebuilt from the events.
"""
