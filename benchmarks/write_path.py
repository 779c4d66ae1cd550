"""The write path: commands through the application one by one, the bare library saving the same events, and a
JSON Lines import of the same commands.

The commands are the first ``count`` of a workload's demo history, as JSON lines. Each repeat starts from an
empty scratch store on the backend, so every repeat writes the same events at the same positions.

- ingest: each line is checked and validated as ``mappa-flow record`` does it (``check_command``) and handed to
  the application's service method: domain rules, then its events and receipt saved in one transaction.
- baseline: the bare eventsourcing library (an ``Application`` with only the transcoding our events need, no
  snapshots) encoding and inserting the same events, one transaction per command, with its own recorder.
- import: the same lines written to a file, checked whole and applied in batches (``check_file`` then
  ``apply_checked``, as ``mappa-flow import`` does); its baseline is the ingest rate above.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from benchmarks.stores import CLOCK, TODAY, Store, scratch
from benchmarks.timing import Row
from benchmarks.workload import Size
from mappa_flow.bootstrap import bootstrap
from mappa_flow.demo import generate_demo
from mappa_flow.importing import apply_checked, check_command, check_file
from mappa_flow.storage import event_store_env
from mappa_flow.transcoding import DateAsIso, InvitationAsDict


class BareApplication(Application[UUID]):
    """The eventsourcing library with nothing of mappa-flow but the transcoding its events need."""

    name = "mappa"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsIso())
        transcoder.register(InvitationAsDict())


def demo_lines(size: Size, count: int) -> list[str]:
    """The first ``count`` commands of the size's demo history, one JSON object each."""
    commands = islice(generate_demo(seed=size.seed, cases=size.cases, years=size.years, today=TODAY), count)
    return [command.model_dump_json() for command in commands]


def ingest(store: Store, lines: list[str]) -> tuple[float, list[list[Any]]]:
    """Seconds to record every line one by one, and the events each command saved (for the baseline)."""
    app = bootstrap(store.settings(), CLOCK)
    ends: list[int] = []
    started = time.perf_counter()
    for line in lines:
        checked = check_command(line, today=TODAY)
        if not checked.ok:
            raise RuntimeError(f"a demo command failed validation: {checked.problems[0]}")
        command = checked.lines[0].command
        outcome = app.handle(command)
        if not outcome.applied:
            raise RuntimeError(f"demo command {command.command_id} was not applied")
        ends.append(outcome.notification_id)
    seconds = time.perf_counter() - started
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, ends[-1] + 1)]
    app.close()
    groups, start = [], 0
    for end in ends:  # positions start at 1 in an empty store (PostgreSQL too: a fresh sequence)
        groups.append(events[start:end])
        start = end
    return seconds, groups


def bare_save(store: Store, groups: list[list[Any]]) -> float:
    """Seconds for the bare library to encode and insert each command's events in a transaction of its own."""
    bare = BareApplication(env=event_store_env(store.settings()))
    encode, insert = bare.mapper.to_stored_event, bare.recorder.insert_events
    started = time.perf_counter()
    for group in groups:
        insert([encode(event) for event in group])
    seconds = time.perf_counter() - started
    bare.close()
    return seconds


def import_file(store: Store, path: Path, count: int) -> float:
    app = bootstrap(store.settings(), CLOCK)
    started = time.perf_counter()
    result = apply_checked(app, check_file(path, today=TODAY))
    seconds = time.perf_counter() - started
    app.close()
    if result.applied != count:
        raise RuntimeError(f"the import applied {result.applied} of {count} lines (refused: {result.refusal})")
    return seconds


def _runs_in_scratch(backend: str, repeats: int, measure: Callable[[Store], float]) -> list[float]:
    runs = []
    for _ in range(repeats):
        with scratch(backend) as store:
            runs.append(measure(store))
    return sorted(runs)


def write_rows(backend: str, size: Size, count: int, repeats: int) -> list[Row]:
    lines = demo_lines(size, count)
    where = f"{len(lines):,} commands, empty store"
    ingest_runs: list[float] = []
    groups: list[list[Any]] = []
    for _ in range(repeats):
        with scratch(backend) as store:
            seconds, groups = ingest(store, lines)
            ingest_runs.append(seconds)
    bare_runs = _runs_in_scratch(backend, repeats, lambda store: bare_save(store, groups))
    with tempfile.TemporaryDirectory(prefix="mappa-bench-import-") as folder:
        path = Path(folder) / "commands.jsonl"
        path.write_text("\n".join(lines) + "\n")
        import_runs = _runs_in_scratch(backend, repeats, lambda store: import_file(store, path, len(lines)))
    ingest_rate, bare_rate = len(lines) / statistics.median(ingest_runs), len(lines) / statistics.median(bare_runs)
    import_rate = len(lines) / statistics.median(import_runs)
    events = sum(len(group) for group in groups)
    return [
        Row("ingest", "ingest through the application", backend, where, ingest_rate, "commands/s",
            bare_rate, "the bare eventsourcing library saving the same events",
            detail={"demo": size.name, "commands": len(lines), "events": events, "runs_s": sorted(ingest_runs),
                    "baseline_runs_s": bare_runs}),
        Row("import", "import of a JSON Lines file", backend, where, import_rate, "lines/s",
            ingest_rate, "ingest, the same commands one by one", baseline_unit="commands/s",
            detail={"runs_s": import_runs, "demo": size.name}),
    ]
