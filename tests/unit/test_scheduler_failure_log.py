"""A failed scheduler cycle is logged by its kind and where it failed, never by its message (issue 11): a
database's message can quote a row's values, such as a case reference."""

from __future__ import annotations

import logging
from threading import Event
from typing import Any

import pytest

from scheduler.runner import cycle_job

SECRET = "ZX-4471-Q"  # a case reference


class FailingCycle:
    def run_once(self, stop: Event) -> Any:
        raise ValueError(f"Failing row contains (c, {SECRET}, null)")


def test_a_failed_cycle_logs_its_kind_and_frames_but_not_its_message(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="scheduler.runner"):
        cycle_job(FailingCycle(), Event())  # type: ignore[arg-type]

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "scheduler cycle failed (ValueError)" in logged
    assert "run_once" in logged  # where it failed
    assert SECRET not in logged and not any(record.exc_info for record in caplog.records)
