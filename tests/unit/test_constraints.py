"""constraints.txt pins every package the project depends on, at a version pyproject.toml allows (issue 15, item 7).

Every pip install of the Makefile uses it (-c constraints.txt), so CI installs exactly these versions.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version and re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version), f"not pinned to one version: {line}"
            pins[canonicalize_name(name)] = version
    return pins


def _requirements(*groups: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    for group in groups:
        found += [Requirement(r) for r in project["optional-dependencies"][group]]
    return found


def test_every_runtime_dev_and_bench_dependency_is_pinned_at_a_version_pyproject_allows() -> None:
    pins = _pins()
    for requirement in _requirements("dev", "bench"):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not pinned in constraints.txt: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {requirement.specifier}: run make lock")


def test_the_packages_of_the_runtime_extras_are_pinned_too() -> None:
    pins = _pins()
    assert {"psycopg", "psycopg-binary", "pycryptodome"} <= set(pins)  # eventsourcing[postgres,crypto], psycopg[binary]
    assert "mappa-flow" not in pins  # the project itself is never pinned


def test_every_pip_install_of_the_makefile_uses_the_constraints() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and ".lock-venv" not in line]
    assert installs and all("-c constraints.txt" in line for line in installs)
    runtime = re.search(r"^\$\(BIN\)/mappa-flow:.*?\n\n", makefile, re.S | re.M)
    assert runtime is not None and "-e .\n" in runtime.group(0) and "[dev" not in runtime.group(0)
