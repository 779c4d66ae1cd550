"""``mappa-flow audit`` as an auditor runs it: histories, exports read in a real browser, seals and tampering."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mappa_flow.cli.audit import EXIT_TAMPERED
from mappa_flow.cli.context import EXIT_NOT_FOUND, EXIT_USAGE
from tests.conftest import postgres_url

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "import-example.jsonl"
_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]
CHROMIUM = Path("/usr/bin/chromium")


def mappa(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=600,
                          cwd=Path(env["MAPPA_SQLITE_PATH"]).parents[1])


def _env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env["MAPPA_SQLITE_PATH"] = str(tmp_path / "var" / "mappa.db")
    Path(env["MAPPA_SQLITE_PATH"]).parent.mkdir(exist_ok=True)  # as `init` would: no other command creates it
    return env


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def imported(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """A store holding the example import (case EX-0001 and others)."""
    env = _env(tmp_path)
    if request.param == "postgres":
        env.update(MAPPA_DATABASE_URL=postgres_url(), MAPPA_POSTGRES_SCHEMA=request.getfixturevalue("pg_schema"))
    done = mappa(env, "import", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    return env


def test_a_history_is_refused_until_the_viewer_is_named_then_shown_and_logged(imported: dict[str, str]) -> None:
    anonymous = mappa(imported, "audit", "history", "EX-0001")
    assert anonymous.returncode == EXIT_USAGE and "--as USER or set MAPPA_USER" in anonymous.stderr
    assert "EX-0001" not in anonymous.stdout

    shown = mappa(imported, "audit", "history", "EX-0001", "--as", "auditor-1")
    assert shown.returncode == 0, shown.stderr
    assert "Level changed 2 -> 3" in shown.stdout and "Meeting MTG-EX-1 held" in shown.stdout

    as_json = json.loads(mappa({**imported, "MAPPA_USER": "auditor-2"}, "audit", "history", "EX-0001", "--json",
                               "--kind", "Meeting", "--from", "2024-06-01", "--to", "2024-06-30").stdout)
    assert as_json[0]["kind"] == "Meeting.Held" and all(e["kind"].startswith("Meeting.") for e in as_json)
    assert all("2024-06-01" <= e["occurred_on"] <= "2024-06-30" for e in as_json)
    assert {"occurred_on", "recorded_at", "recorded_by", "command_id", "summary"} <= set(as_json[0])

    log = json.loads(mappa(imported, "audit", "access", "EX-0001", "--json").stdout)
    assert [(e["viewer"], e["action"]) for e in log] == [("auditor-1", "viewed"), ("auditor-2", "viewed")]
    assert log[1]["scope"] == "from 2024-06-01; to 2024-06-30; kinds Meeting"


def test_a_history_starts_with_where_the_case_stands_and_lists_command_receipts_only_on_request(
    imported: dict[str, str], tmp_path: Path
) -> None:
    shown = mappa(imported, "audit", "history", "EX-0001", "--as", "auditor-1")
    assert shown.returncode == 0, shown.stderr
    summary, _, events = shown.stdout.partition("History of case EX-0001")
    assert "Case EX-0001 on" in summary and "Level" in summary and "Open deadlines" in summary
    assert "Level changed" in events and "Meeting held" in events  # the event in words
    assert "Command applied" not in shown.stdout and "Case.LevelChanged" not in shown.stdout
    with_receipts = mappa(imported, "audit", "history", "EX-0001", "--as", "auditor-1", "--receipts", "--json")
    kinds = [e["kind"] for e in json.loads(with_receipts.stdout)]
    plain = json.loads(mappa(imported, "audit", "history", "EX-0001", "--as", "auditor-1", "--json").stdout)
    assert "CommandReceipt.Accepted" in kinds
    assert [e["kind"] for e in plain] == [k for k in kinds if k != "CommandReceipt.Accepted"]
    assert {e["event"] for e in plain} >= {"Case referred", "Level changed", "Meeting held"}
    page = tmp_path / "EX-0001.html"
    assert mappa(imported, "audit", "history", "EX-0001", "--as", "auditor-1", "--export", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<h2>The case on" in html and "<dt>Open deadlines</dt>" in html and "Command applied" not in html


YEAR = ("--period", "2024-25", "--as-of", "2025-06-30")


def test_the_report_known_at_a_moment_is_the_one_shown_then_and_corrections_list_what_changed_R_CAL_1(
    imported: dict[str, str]
) -> None:
    shown = mappa(imported, "indicators", *YEAR, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    time.sleep(0.2)
    shown_at = datetime.now(UTC).isoformat()
    time.sleep(0.2)
    late = {"command_id": "late-1", "recorded_by": "coord-late", "occurred_on": "2024-07-02",  # review due in Sept
            "case_reference": "EX-0009", "area": "example-north", "category": 1, "level": 2,
            "referring_agency": "police-scotland", "in_custody": False}
    recorded = mappa(imported, "record", "refer_case", "--json", json.dumps(late))
    assert recorded.returncode == 0, recorded.stderr

    again = mappa(imported, "indicators", *YEAR, "--known-at", shown_at, "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(shown.stdout)
    assert json.loads(mappa(imported, "indicators", *YEAR, "--format", "json").stdout) != json.loads(shown.stdout)
    listed = mappa(imported, "audit", "corrections", "--as", "auditor-1", "--known-at", shown_at, *YEAR, "--format",
                   "json")
    assert listed.returncode == 0, listed.stderr
    assert [(c["kind"], c["record"], c["occurred_on"], c["recorded_by"]) for c in json.loads(listed.stdout)] == [
        ("Case.Referred", "Case EX-0009", "2024-07-02", "coord-late")]
    table = mappa(imported, "audit", "corrections", "--as", "auditor-1", "--known-at", shown_at, *YEAR)
    assert "EX-0009" in table.stdout and "coord-late" in table.stdout


def test_known_at_alone_reports_the_period_and_as_of_date_of_that_day_R_CAL_1(imported: dict[str, str]) -> None:
    alone = mappa(imported, "indicators", "--known-at", "2025-01-15")
    assert alone.returncode == 0, alone.stderr
    assert "2024-25, as of 2025-01-15, as known at 2025-01-15T23:59" in " ".join(alone.stdout.split())


@pytest.fixture
def sqlite_imported(tmp_path: Path) -> dict[str, str]:
    env = _env(tmp_path)
    done = mappa(env, "import", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    return env


def test_unknown_cases_and_kinds_are_refused_other_records_join_and_past_states_are_shown(
    sqlite_imported: dict[str, str]
) -> None:
    env = sqlite_imported
    missing = mappa(env, "audit", "history", "NOPE-0001", "--as", "auditor-1")
    assert missing.returncode == EXIT_NOT_FOUND and "NOPE-0001" in missing.stderr
    bogus = mappa(env, "audit", "history", "EX-0001", "--as", "auditor-1", "--kind", "Bogus")
    assert bogus.returncode == EXIT_USAGE and "Bogus" in bogus.stderr
    reasons = mappa(env, "audit", "history", "EX-0001", "--as", "auditor-1", "--kind", "ExceptionReason", "--json")
    assert [e["record"] for e in json.loads(reasons.stdout)] == [  # a kind of record that joined by itself
        "Exception reason R-PI-3:EX-0001:MTG-EX-1:housing"]

    before = mappa(env, "audit", "state", "EX-0001", "--as", "auditor-1", "--as-at", "2024-08-31", "--json")
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["state"]["level"] == 2
    after = mappa(env, "audit", "state", "EX-0001", "--as", "auditor-1", "--as-at", "2024-09-01")
    assert re.search(r"Level\s*│\s*3", after.stdout) and "MTG-EX-1" in after.stdout
    assert "as at 2024-09-01" in after.stdout
    unknown_then = mappa(env, "audit", "state", "EX-0001", "--as", "a", "--known-at", "2000-01-01", "--json")
    assert json.loads(unknown_then.stdout)["state"] is None

    time.sleep(0.1)
    before_the_change = datetime.now(UTC).isoformat()
    time.sleep(0.1)
    late = {"command_id": "late-level", "recorded_by": "coord-late", "occurred_on": "2025-05-01",
            "case_reference": "EX-0002", "level": 2}
    assert mappa(env, "record", "change_level", "--json", json.dumps(late)).returncode == 0
    believed = mappa(env, "audit", "state", "EX-0002", "--as", "a", "--as-at", "2025-06-01", "--known-at",
                     before_the_change, "--json")
    now_known = mappa(env, "audit", "state", "EX-0002", "--as", "a", "--as-at", "2025-06-01", "--json")
    assert (json.loads(believed.stdout)["state"]["level"], json.loads(now_known.stdout)["state"]["level"]) == (1, 2)


def test_seal_then_verify_passes_and_a_change_in_the_sqlite_file_fails_with_its_position(
    sqlite_imported: dict[str, str]
) -> None:
    env = sqlite_imported
    sealed = mappa(env, "audit", "seal", "--as", "auditor-1")
    assert sealed.returncode == 0, sealed.stderr
    seal_hash = sealed.stdout.split("Seal hash: ")[1].strip()
    ok = mappa(env, "audit", "verify", "--anchor", seal_hash)
    assert ok.returncode == 0 and "OK: no tampering detected" in ok.stdout and "chain up to it is intact" in ok.stdout
    with sqlite3.connect(env["MAPPA_SQLITE_PATH"]) as conn:
        conn.execute("UPDATE stored_events SET topic = topic || 'x' WHERE rowid = 12")
    tampered = mappa(env, "audit", "verify")
    assert tampered.returncode == EXIT_TAMPERED
    assert "TAMPERED at position 12: changed" in tampered.stdout
    report = json.loads(mappa(env, "audit", "verify", "--json").stdout)
    assert report["ok"] is False and report["findings"][0]["position"] == 12


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    if not CHROMIUM.exists():
        if os.environ.get("MAPPA_REQUIRE_CHROMIUM") == "1":
            pytest.fail("MAPPA_REQUIRE_CHROMIUM=1 but /usr/bin/chromium is missing: apt-get install -y chromium")
        pytest.skip("headless Chromium is not installed (/usr/bin/chromium; Debian: apt-get install -y chromium)")
    done = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _render(page: Path) -> str:
    return _chromium("--dump-dom", page.as_uri()).stdout


def _print(page: Path, pdf: Path) -> list[tuple[float, float]]:
    """Print the page to PDF as a browser would; the size of each printed page, in points."""
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", printed)
    return [(float(width), float(height)) for width, height in boxes]


def test_the_html_export_opens_in_a_real_browser_with_every_event_and_escaped_text(
    sqlite_imported: dict[str, str], tmp_path: Path
) -> None:
    imported = sqlite_imported
    marked = {"command_id": "ex-odd", "recorded_by": "<i>coord</i> & co", "occurred_on": "2025-03-10",
              "case_reference": "EX-0001", "offence": "violent", "stage": "charged"}
    assert mappa(imported, "record", "record_further_offence", "--json", json.dumps(marked)).returncode == 0
    page = tmp_path / "EX-0001.html"
    done = mappa(imported, "audit", "history", "EX-0001", "--as", "sog-chair", "--export", str(page))
    assert done.returncode == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text and "<link" not in text

    dom = _render(page)
    assert "<h1>Case history: EX-0001</h1>" in dom
    for summary in ("Level changed 2 -&gt; 3", "Meeting MTG-EX-1 held", "Released from custody", "The case on",
                    "<dt>Level</dt>", "Further offence recorded"):
        assert summary in dom
    assert "&lt;i&gt;coord&lt;/i&gt; &amp; co" in dom and "<i>coord</i>" not in dom
    assert dom.count("<tr") == len(json.loads(mappa(imported, "audit", "history", "EX-0001", "--as", "x",
                                                    "--json").stdout)) + 1
    log = json.loads(mappa(imported, "audit", "access", "EX-0001", "--json").stdout)
    assert (log[0]["viewer"], log[0]["action"], log[0]["export_format"]) == ("sog-chair", "exported", "html")

    pages = _print(page, tmp_path / "EX-0001.pdf")  # printable: A4 landscape, as its print style asks
    assert pages and all(abs(w - 842) < 2 and abs(h - 595) < 2 for w, h in pages), pages
