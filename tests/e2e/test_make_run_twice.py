"""``make run`` twice in a row shows only the second run's data (issue 11, defect 1).

``make run`` deletes the event store's SQLite file and keeps the views file beside it. The second run's
views must notice they were built from another store, say so in one line and rebuild themselves: every
report then equals the one computed from a views file built afresh from the second store alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import _env, mappa

RUNS = (("1", "12"), ("2", "5"))  # (seed, cases): the second store is another, and shorter, history
REBUILT = "the read models were built from another event store; rebuilding them from this store's events"


def _make_run(env: dict[str, str], seed: str, cases: str) -> dict[str, str]:
    """The steps of ``make run`` (a small demo), each output by step; stderr of them all under "stderr"."""
    Path(env["MAPPA_SQLITE_PATH"]).unlink(missing_ok=True)  # rm -f $(MAPPA_SQLITE_PATH)
    demo = ("--cases", cases, "--years", "1", "--seed", seed)
    steps = {"init": ("init",), "demo": ("demo", *demo), "summary": ("summary", "--json"),
             "indicators": ("indicators", "--format", "json")}
    outputs = {"stderr": ""}
    for step, args in steps.items():
        done = mappa(env, *args)
        assert done.returncode == 0, (step, done.stderr)
        outputs[step], outputs["stderr"] = done.stdout, outputs["stderr"] + done.stderr
    reference = mappa(env, "demo-case", *demo).stdout.strip()
    case = mappa(env, "case", "show", "--as", "make-run", reference)
    assert case.returncode == 0, case.stderr
    outputs["case"] = case.stdout
    return outputs


def test_make_run_twice_shows_only_the_second_runs_data(tmp_path: Path) -> None:
    env = _env(tmp_path)
    first, second = (_make_run(env, seed, cases) for seed, cases in RUNS)
    fresh = mappa({**env, "MAPPA_VIEWS_SQLITE_PATH": str(tmp_path / "fresh-views.db")}, "indicators", "--format",
                  "json")
    assert fresh.returncode == 0, fresh.stderr
    assert json.loads(second["indicators"]) == json.loads(fresh.stdout) != json.loads(first["indicators"])
    assert json.loads(second["summary"])["cases"] == 5 and json.loads(first["summary"])["cases"] == 12
    assert REBUILT not in first["stderr"] and second["stderr"].splitlines() == [REBUILT]
