"""Running the real scheduler in a subprocess, and killing it with SIGKILL at a chosen point.

Kill points are observed from outside, as an operator would see them: the
number of reminders recorded in the event store (mid-sweep), the SMTP server
holding the scheduler in the MAIL command (after recording, before delivery),
holding it after a message arrived and before acknowledging it (during
delivery: the e-mail went, the delivery was not recorded), or the number of
deliveries recorded (between two deliveries: the kill lands wherever the
process is then, often with the next e-mail half sent).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.smtp_server import SmtpServer

_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]
RAISED = "mappa:Reminder.Raised"
DELIVERED = "mappa:Reminder.Delivered"


def scheduler_env(home: Path, smtp_port: int, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env.update(MAPPA_SQLITE_PATH=str(home / "var" / "mappa.db"), MAPPA_SMTP_HOST="127.0.0.1",
               MAPPA_SMTP_PORT=str(smtp_port), MAPPA_SMTP_FROM="mappa-flow@example.org",
               MAPPA_SMTP_TIMEOUT_SECONDS="60", **extra)
    Path(env["MAPPA_SQLITE_PATH"]).parent.mkdir(exist_ok=True)  # as `init` would: no other command creates it
    return env


def start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "scheduler", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=Path(env["MAPPA_SQLITE_PATH"]).parents[1])


def sweep_once(env: dict[str, str], now: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*CLI, "scheduler", "sweep", "--once", "--now", now], env=env, capture_output=True,
                          text=True, timeout=300, cwd=Path(env["MAPPA_SQLITE_PATH"]).parents[1])
    assert done.returncode == 0, done.stderr
    return done


def raised_count(db: Path, topic: str = RAISED) -> int:
    """Reminders recorded so far (or events of ``topic``), read straight from the SQLite event store, as another
    process sees it."""
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        try:
            return int(conn.execute("SELECT COUNT(*) FROM stored_events WHERE topic = ?", (topic,)).fetchone()[0])
        except sqlite3.OperationalError:
            return 0  # the tables are not created yet


@dataclass(frozen=True)
class KillPoint:
    kind: str  # "mid-sweep", "before-delivery", "during-delivery" or "after-delivered"
    at: int = 0  # mid-sweep: reminders recorded by this run; during-delivery: e-mails received by this run;
    #              after-delivered: deliveries recorded by this run

    def arm(self, smtp: SmtpServer) -> None:
        smtp.handler.stall_before_data = self.kind == "before-delivery"
        received = len(smtp.received)
        smtp.handler.stall_after = received + self.at if self.kind == "during-delivery" else None

    def counted(self, db: Path) -> int:
        """What this kill point counts in the store: reminders recorded, or deliveries recorded."""
        return raised_count(db, DELIVERED if self.kind == "after-delivered" else RAISED)

    def reached(self, smtp: SmtpServer, db: Path, baseline: int) -> bool:
        if self.kind in ("mid-sweep", "after-delivered"):
            return self.counted(db) >= baseline + self.at
        return smtp.handler.stalled  # held in MAIL (before delivery) or after DATA (during delivery)


def run_and_kill(env: dict[str, str], now: str, point: KillPoint, smtp: SmtpServer, db: Path,
                 timeout: float = 120) -> str:
    """Start ``sweep --once``, SIGKILL it when ``point`` is reached; return what was seen at the kill."""
    baseline, recorded, delivered = point.counted(db), raised_count(db), raised_count(db, DELIVERED)
    point.arm(smtp)
    process = start(env, "sweep", "--once", "--now", now)
    try:
        _wait(lambda: point.reached(smtp, db, baseline) or process.poll() is not None, timeout)
        if process.poll() is not None:
            raise AssertionError(f"the scheduler finished before {point}: {process.communicate()[1][-2000:]}")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        smtp.handler.release()
    assert process.returncode == -signal.SIGKILL
    return (f"{point.kind}@{point.at}: recorded {raised_count(db) - recorded}, delivered "
            f"{raised_count(db, DELIVERED) - delivered} this run")


def _wait(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"kill point not reached within {timeout} s")
        time.sleep(0.002)
