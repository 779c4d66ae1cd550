"""R-MTG-3 (refined): "disclosure considered" is its own yes / no, required with every disclosure decision. The real
CLI, on SQLite and PostgreSQL, refuses a decision without it, or with anything but true or false, naming the
line, the field, the value and the rule, with exit 3 and nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mappa_flow.cli.context import EXIT_INVALID
from tests.e2e.test_cli import _stored, _write, mappa

BASE = {"recorded_by": "coord-1"}
AREA = {"command": "register_area", "command_id": "d-1", "occurred_on": "2026-05-01", "area": "north",
        "name": "North", **BASE}
REFER = {"command": "refer_case", "command_id": "d-2", "occurred_on": "2026-05-02", "case_reference": "N-0001",
         "area": "north", "category": 1, "level": 2, "referring_agency": "police-scotland", "in_custody": False,
         **BASE}
HOLD = {"command": "hold_meeting", "command_id": "d-3", "occurred_on": "2026-05-04", "meeting_ref": "M-1",
        "case_reference": "N-0001", "kind": "initial", "venue": "community", "chair": "chair-1", **BASE,
        "invitations": [{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}]}
DECIDE = {"command": "decide_disclosure", "command_id": "d-4", "occurred_on": "2026-05-05", "meeting_ref": "M-1",
          "decision": "defer", **BASE}


@pytest.mark.parametrize(("line", "shown"), [
    (DECIDE, "line 4: considered = (missing): is required [missing]"),
    ({**DECIDE, "considered": "yes"}, 'line 4: considered = "yes": must be true or false [bool_type]'),
    ({**DECIDE, "considered": 1}, "line 4: considered = 1: must be true or false [bool_type]"),
    ({**DECIDE, "considered": None}, "line 4: considered = null: must be true or false [bool_type]"),
    ({**HOLD, "command_id": "d-5", "meeting_ref": "M-2", "disclosure": "disclose"},
     "line 4: considered = (missing): is required with a disclosure decision (R-MTG-3) [missing_with_decision]"),
    ({**HOLD, "command_id": "d-5", "meeting_ref": "M-2", "disclosure": "disclose", "considered": "no"},
     'line 4: considered = "no": must be true or false [bool_type]'),
], ids=["decide-missing", "decide-text", "decide-number", "decide-null", "hold-missing", "hold-text"])
def test_a_disclosure_decision_without_a_true_or_false_considered_is_refused_and_nothing_is_written_R_MTG_3(
        any_env: dict[str, str], tmp_path: Path, line: dict[str, Any], shown: str) -> None:
    assert mappa(any_env, "init").returncode == 0
    path = _write(tmp_path, "considered.jsonl", [json.dumps(x) for x in (AREA, REFER, HOLD, line)])

    done = mappa(any_env, "import", path)

    assert done.returncode == EXIT_INVALID, done.stderr
    assert shown in done.stderr
    assert "Traceback" not in done.stderr
    assert _stored(any_env) == (0, 0)


def test_considered_without_a_disclosure_decision_on_a_meeting_is_refused_R_MTG_3(any_env: dict[str, str]) -> None:
    assert mappa(any_env, "init").returncode == 0

    done = mappa(any_env, "record", "--json", json.dumps({**HOLD, "considered": True}))

    assert done.returncode == EXIT_INVALID, done.stderr
    assert ("considered = true: is recorded with a disclosure decision: give `disclosure` too (R-MTG-3) "
            "[considered_without_decision]") in done.stderr
    assert _stored(any_env) == (0, 0)


def test_a_decision_with_considered_false_is_recorded_and_named_in_the_case_history_R_MTG_3(
        any_env: dict[str, str], tmp_path: Path) -> None:
    assert mappa(any_env, "init").returncode == 0
    lines = [AREA, REFER, HOLD, {**DECIDE, "considered": False}]
    done = mappa(any_env, "import", _write(tmp_path, "ok.jsonl", [json.dumps(x) for x in lines]))
    assert done.returncode == 0, done.stderr
    assert _stored(any_env)[1] == 4

    shown = mappa(any_env, "case", "show", "N-0001", "--as", "coord-1")

    assert shown.returncode == 0, shown.stderr
    assert "Disclosure decision: defer; disclosure not considered" in shown.stdout
