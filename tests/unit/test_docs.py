"""The docs a new user reads first say what is true of a clone of this project alone (issue 15, item 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mappa_flow.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# beside the project in its workplace (../shared, or ../../shared from a worktree); not in a clone alone
SPECS = [folder / "shared" / "spec" / "RULES.md" for folder in (ROOT.parent, ROOT.parent.parent)]
RULE_ID = re.compile(r"\bR-(?:[A-Z]+-(?:\d+|EXC))\b")


def _text(*names: str) -> str:
    return "\n".join((ROOT / name).read_text(encoding="utf-8") for name in names)


def _rule_ids(paths: list[Path]) -> set[str]:
    return {rule for path in paths for rule in RULE_ID.findall(path.read_text(encoding="utf-8"))}


def test_every_link_in_the_readme_and_docs_points_at_a_file_of_the_project() -> None:
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://", "mailto:")):
                assert (doc.parent / target).exists(), f"{doc.name} links to {target}, which a clone does not have"
    assert "../shared/" not in _text("README.md")


def test_docs_rules_describes_every_rule_the_code_names() -> None:
    code = [p for folder in ("domain", "projections", "scheduler", "mappa_flow") for p in
            (ROOT / folder).rglob("*.py")]
    described = _rule_ids([ROOT / "docs" / "rules.md"])
    assert _rule_ids(code) - described == set()
    assert "R-PI-1" in described and "R-DQ-1" in described


def test_docs_rules_covers_every_rule_id_of_the_spec_when_the_spec_is_beside_the_project() -> None:
    specs = [spec for spec in SPECS if spec.exists()]
    if not specs:
        pytest.skip("the rule spec (shared/spec/RULES.md) is not beside this clone")
    missing = _rule_ids(specs[:1]) - _rule_ids([ROOT / "docs" / "rules.md"])
    assert missing == set()


def test_every_setting_is_in_the_readme_or_the_scheduler_doc() -> None:
    documented = _text("README.md", "docs/scheduler.md")
    assert [f"MAPPA_{name.upper()}" for name in Settings.model_fields
            if not re.search(rf"\bMAPPA_{name.upper()}\b", documented)] == []


def test_the_readme_makes_no_promise_the_code_does_not_keep() -> None:
    readme = _text("README.md", "docs/scheduler.md", "docs/auditors.md")
    for stale in ("will serve it", "uses every core", "Copy this section into the README",
                  "never need the key", "set the store up one at a time (an advisory lock)"):
        assert stale not in readme, stale


def test_every_mappa_variable_the_docs_name_is_one_the_code_reads() -> None:
    """A removed setting (MAPPA_REBUILD_WORKERS went with the parallel rebuild) leaves no doc naming it.
    docs/decisions.md is the record of what was decided, old settings included, so it is not read here."""
    docs = [ROOT / "README.md", *(p for p in sorted((ROOT / "docs").glob("*.md")) if p.name != "decisions.md")]
    named = {name for doc in docs for name in re.findall(r"\bMAPPA_[A-Z0-9_]*[A-Z0-9]", doc.read_text("utf-8"))}
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("mappa_flow", "scheduler", "benchmarks")
                     for p in (ROOT / folder).rglob("*.py"))
    code += _text("Makefile", "tests/conftest.py")
    settings = {f"MAPPA_{name.upper()}" for name in Settings.model_fields}
    assert sorted(name for name in named - settings if name not in code) == []
