"""The real ``mappa-flow`` with a cipher key: the reports show the free text, the views file never holds it."""

from __future__ import annotations

import json
from pathlib import Path

from eventsourcing.cipher import AESCipher

from tests.e2e.test_cli import _env, mappa

REASON = "Zq7 the chair was ill, in the co-ordinator's words"
PROVIDER = "Zq7 Provider Ltd"
CONTACT = "zq7.coordinator@example.org"
LINES = [
    {"command": "register_area", "area": "north", "name": "North", "occurred_on": "2026-04-01"},
    {"command": "set_contact", "area": "north", "role": "coordinator", "email": CONTACT, "occurred_on": "2026-04-01"},
    {"command": "refer_case", "area": "north", "case_reference": "N-0001", "category": 3, "level": 3,
     "referring_agency": "police-scotland", "in_custody": False, "occurred_on": "2026-04-02"},
    {"command": "hold_meeting", "meeting_ref": "M-1", "case_reference": "N-0001", "kind": "review",
     "venue": "community", "chair": "Zq7 Chair", "occurred_on": "2026-05-20",
     "invitations": [{"agency": "police-scotland", "outcome": "in-person", "at_seniority": True}]},
    {"command": "approve_isp", "isp_ref": "ISP-1", "case_reference": "N-0001", "provider": PROVIDER,
     "cost": "1250.50", "starts_on": "2026-06-01", "occurred_on": "2026-06-01"},
]
LATE_REVIEW = "R-PI-1:N-0001:2026-05-14"  # due 14 May, held 20 May


def test_with_a_key_the_reports_show_free_text_that_the_views_file_holds_only_encrypted(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "MAPPA_CIPHER_KEY": AESCipher.create_key(32), "MAPPA_USER": "zq7-coordinator"}
    lines = tmp_path / "story.jsonl"
    lines.write_text("".join(json.dumps({**line, "command_id": f"c-{n}", "recorded_by": "zq7-coordinator"}) + "\n"
                             for n, line in enumerate(LINES)))
    for args in (("init",), ("import", str(lines)),
                 ("reason", "--indicator", "R-PI-1", "--key", LATE_REVIEW, "--category", "chair-unavailable",
                  "--text", REASON, "--on", "2026-06-01")):
        done = mappa(env, *args)
        assert done.returncode == 0, done.stderr
    exceptions = mappa(env, "exceptions", "--area", "north", "--period", "2026-27-Q1", "--format", "json")
    isp = mappa(env, "isp", "--area", "north", "--period", "2026-27", "--format", "json")
    assert REASON in exceptions.stdout and PROVIDER in isp.stdout, exceptions.stderr + isp.stderr
    views = Path(env["MAPPA_SQLITE_PATH"]).with_name("mappa-views.db")
    raw = b"".join(path.read_bytes() for path in (views, views.with_name(views.name + "-wal")) if path.exists())
    assert b"pv_exception_reason" in raw
    assert [marker for marker in (REASON, PROVIDER, CONTACT, "Zq7 Chair", "zq7-coordinator")
            if marker.encode() in raw] == []

