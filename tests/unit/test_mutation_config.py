"""make mutate (docs/mutation.md, issue 12) mutates every module of the rulebook, domain/rules/, tests the mutants
with the rule tests only, and fails under 90% killed. mutmut itself is too slow for this suite: these tests read
its configuration and check the score script."""

from __future__ import annotations

import importlib.util
import json
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _mutmut() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    config: dict[str, list[str]] = project["tool"]["mutmut"]
    return config


def _score_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_score", ROOT / "scripts" / "mutation_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mutated(path: str, config: dict[str, list[str]]) -> bool:
    """What mutmut 3.8 mutates: a Python file under a source path that one of only_mutate's globs matches."""
    under = any(path.startswith(source.rstrip("/") + "/") for source in config["source_paths"])
    return under and path.endswith(".py") and any(fnmatch(path, glob) for glob in config["only_mutate"])


def test_make_mutate_mutates_every_module_of_the_rulebook_and_nothing_else() -> None:
    config = _mutmut()
    sources = [path.relative_to(ROOT).as_posix() for path in (ROOT / "domain").rglob("*.py")]
    rules = {path for path in sources if path.startswith("domain/rules/")}
    assert len(rules) >= 4
    assert {path for path in sources if _mutated(path, config)} == rules
    assert _mutated("domain/rules/a_rule_added_later.py", config)


def test_make_mutate_runs_the_rule_tests_only_and_prints_the_score() -> None:
    assert _mutmut()["pytest_add_cli_args_test_selection"] == ["tests/unit/rules"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nmutate:", 1)[1].split("\n\n", 1)[0]
    assert "mutmut run" in target and "scripts/mutation_score.py" in target


def test_the_score_fails_make_mutate_under_90_percent_killed(tmp_path: Path) -> None:
    script, stats = _score_script(), tmp_path / "stats.json"
    for killed, timeout, expected in ((89, 0, 1), (90, 0, 0), (89, 1, 0), (100, 0, 0)):
        stats.write_text(json.dumps({"killed": killed, "timeout": timeout, "total": 100}), encoding="utf-8")
        assert script.main(stats) == expected, (killed, timeout)
    stats.write_text(json.dumps({"killed": 0, "timeout": 0, "total": 0}), encoding="utf-8")
    assert script.main(stats) == 1  # no mutants at all is no score
