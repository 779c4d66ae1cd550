"""Progress bars on long work (import, demo): drawn on standard error when it is a terminal, never mixed into
standard output, and absent when standard error is a file or a pipe (scripts get clean output)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

_SCRIPT = Path(sys.executable).with_name("mappa-flow")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mappa_flow.cli.main"]
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "import-example.jsonl"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env.update(MAPPA_SQLITE_PATH=str(tmp_path / "var" / "mappa.db"), TERM="xterm", COLUMNS="100")
    Path(env["MAPPA_SQLITE_PATH"]).parent.mkdir(exist_ok=True)  # as `init` would: no other command creates it
    return env


def run_with_terminal_stderr(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    """Run the CLI with standard error on a pseudo-terminal; return exit code, stdout and what the terminal showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([*CLI, *args], env=_env(tmp_path), cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=terminal, text=True)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        shown += chunk
    stdout = process.stdout.read() if process.stdout else ""
    os.close(controller)
    return process.wait(timeout=300), stdout, shown.decode("utf-8", "replace")


def test_the_demo_shows_a_progress_bar_on_a_terminal_and_keeps_stdout_clean(tmp_path: Path) -> None:
    code, stdout, shown = run_with_terminal_stderr(tmp_path, "demo", "--cases", "20", "--years", "1")
    assert code == 0, shown
    assert "Generating 20 cases over 1 year(s)" in shown and "━" in shown  # the bar itself
    assert stdout.startswith("Demo ready:") and "Generating" not in stdout


def test_an_import_shows_its_checking_and_importing_bars_on_a_terminal(tmp_path: Path) -> None:
    lines = len(EXAMPLE.read_text(encoding="utf-8").splitlines())
    code, stdout, shown = run_with_terminal_stderr(tmp_path, "import", str(EXAMPLE))
    assert code == 0, shown
    assert "Checking import-example.jsonl" in shown
    assert "Importing import-example.jsonl" in shown and f"{lines}/{lines}" in shown
    assert stdout.startswith("Imported ") and "Importing" not in stdout


def test_without_a_terminal_no_bar_is_drawn(tmp_path: Path) -> None:
    done = subprocess.run([*CLI, "import", str(EXAMPLE)], env=_env(tmp_path), cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "Importing" not in done.stdout
