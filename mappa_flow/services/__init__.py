"""Use cases, one method per command, grouped by the aggregate they mainly change."""
