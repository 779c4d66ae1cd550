"""Deadlines of RULES §9: the rules that fold facts into deadlines, and the queries over the view."""

from projections.deadlines.model import Deadline, Kind, Status, deadline_id
from projections.deadlines.query import DeadlineRow, deadline_by_id, deadlines_for_case, find_deadlines, open_deadlines

__all__ = ["Deadline", "DeadlineRow", "Kind", "Status", "deadline_by_id", "deadline_id", "deadlines_for_case",
           "find_deadlines", "open_deadlines"]
