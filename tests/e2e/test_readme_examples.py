"""Every ``.venv/bin/mappa-flow …`` line of the README runs, as written, on the store ``make run`` builds (issue 15).

The store is built as ``make run`` builds it (``init``, then ``demo --cases 400 --years 3 --seed 7``), in a
temporary SQLite file; each README line then runs in bash from the project's folder, with
``.venv/bin/mappa-flow`` standing for the installed command. A line with several commands (``a ; b``) fails
if any of them fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_SCRIPT = Path(sys.executable).with_name("mappa-flow")
COMMAND = str(_SCRIPT) if _SCRIPT.exists() else f"{sys.executable} -m mappa_flow.cli.main"
DEMO = ("demo", "--cases", "400", "--years", "3", "--seed", "7")  # as the Makefile's run target


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith(".venv/bin/mappa-flow ")]


def test_the_readme_has_examples_and_the_makefile_builds_the_demo_they_use() -> None:
    assert len(readme_examples()) >= 8
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"mappa-flow " + " ".join(DEMO) + r"\b", makefile), "the test builds another demo than make run"


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAPPA_")}
    env["MAPPA_SQLITE_PATH"] = str(tmp_path_factory.mktemp("readme") / "mappa.db")
    for args in (("init",), DEMO):
        done = subprocess.run([*COMMAND.split(), *args], env=env, capture_output=True, text=True, timeout=900,
                              cwd=ROOT)
        assert done.returncode == 0, done.stderr
    return env


@pytest.mark.slow
@pytest.mark.parametrize("line", readme_examples())
def test_each_readme_example_runs_on_the_make_run_demo(demo_env: dict[str, str], line: str) -> None:
    script = line.replace(".venv/bin/mappa-flow", COMMAND)
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script.replace(" ; ", "\n")], env=demo_env,
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, (line, done.stderr[-2000:])
    assert done.stdout.strip(), line
    assert "mappa-flow:" not in done.stderr, (line, done.stderr)
