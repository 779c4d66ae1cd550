"""The scheduler: an entrypoint that sweeps the deadlines view and asks the application to record reminders.

It imports ``domain`` and ``projections`` only; the application is handed in
through the small protocols in ``scheduler.port``.
"""
