"""The built wheel (issue 15, item 7): what it installs, and what happens beside the index's ``scheduler`` package.

The wheel installs four top-level packages: ``domain``, ``projections``, ``scheduler`` and ``mappa_flow`` (the
layout requires the folders). The package index has a package named ``scheduler`` too, whose files go to the same
``scheduler/`` folder. pip does not check that two distributions own the same file: installing both overwrites
one ``scheduler/__init__.py`` with the other's, and uninstalling either removes that shared file from the other.
So the README says to install mappa-flow in its own virtual environment; this test shows why, with real pip
runs. It needs the package index (the build backend and the other ``scheduler``), as ``make run`` does.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and a virtual environment

ROOT = Path(__file__).resolve().parents[2]
OTHER_SCHEDULER = "scheduler==0.8.11"  # https://pypi.org/project/scheduler/: an in-process job scheduler


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", out, ROOT)
    [built] = out.glob("mappa_flow-*.whl")
    return built


def test_the_wheel_holds_the_four_top_level_packages_and_states_its_licence_in_spdx_form(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if ".dist-info/" not in name}
    assert tops == {"domain", "projections", "scheduler", "mappa_flow"}
    [metadata] = [name for name in names if name.endswith(".dist-info/METADATA")]
    assert "License-Expression: MIT" in zipfile.ZipFile(wheel).read(metadata).decode()


def test_the_wheel_ships_the_web_templates_and_the_vendored_design_system_with_its_licence(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    web = "mappa_flow/web/"
    assert {f"{web}templates/base.html", f"{web}templates/sign_in.html", f"{web}static/app.js",
            f"{web}static/app.css", f"{web}static/sgds/LICENSE.txt", f"{web}static/sgds/VERSION",
            f"{web}static/sgds/css/design-system.min.css", f"{web}static/sgds/scripts/design-system.js",
            f"{web}static/sgds/images/icons/icons.stack.svg"} <= names


def test_beside_the_index_scheduler_package_the_two_share_one_folder_so_mappa_flow_needs_its_own_environment(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    pip = (python, "-m", "pip", "--disable-pip-version-check")
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    _run(*pip, "install", "--quiet", "--no-deps", wheel)
    ours = (site / "scheduler" / "__init__.py").read_text(encoding="utf-8")
    # In its own environment, `scheduler` is ours (its package docstring, no third-party import needed):
    assert _run(python, "-c", "import scheduler; print(scheduler.__doc__)", cwd=tmp_path).startswith("The scheduler:")

    _run(*pip, "download", "--quiet", "--no-deps", "--dest", tmp_path, OTHER_SCHEDULER)
    [other] = tmp_path.glob("scheduler-*.whl")
    _run(*pip, "install", "--quiet", "--no-deps", other)  # pip says nothing about the shared folder
    shared = site / "scheduler" / "__init__.py"
    assert shared.read_text(encoding="utf-8") != ours  # the other package's __init__ replaced ours
    assert (site / "scheduler" / "runner.py").exists() and (site / "scheduler" / "threading").is_dir()  # mixed

    _run(*pip, "uninstall", "--yes", "scheduler")
    assert not shared.exists()  # removing the other package took the shared file from our install
    assert (site / "scheduler" / "runner.py").exists()
