"""docs/import-format.md lists every command of the import format with exactly its fields, optional ones marked ?."""

from __future__ import annotations

import re
from pathlib import Path

from mappa_flow.commands.registry import BY_NAME

DOC = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"
COMMON = {"command", "command_id", "recorded_by", "occurred_on"}  # described once, for every line


def _documented() -> dict[str, dict[str, bool]]:
    """Each documented command's fields, and whether each is marked optional."""
    found: dict[str, dict[str, bool]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"- ((?:`[a-z_]+`(?:, )?)+): (.*)$", line)
        if match is None:
            continue
        fields_text = re.sub(r"\([^)]*\)", "", match.group(2))  # allowed values are in brackets
        fields = {name: mark == "?" for name, mark in re.findall(r"`([a-z_]+)`(\??)", fields_text)}
        for command in re.findall(r"`([a-z_]+)`", match.group(1)):
            found[command] = fields
    return found


def test_every_command_is_documented_with_exactly_its_fields_and_which_are_optional() -> None:
    documented = _documented()
    wrong = {}
    for name, model in BY_NAME.items():
        real = {field: not info.is_required() for field, info in model.model_fields.items() if field not in COMMON}
        if documented.get(name) != real:
            wrong[name] = {"documented": documented.get(name), "model": real}
    assert wrong == {}, f"correct {DOC.name}"
    assert set(documented) <= set(BY_NAME), "the page names a command that does not exist"


def test_the_fields_every_line_has_are_described_once() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert all(f"| `{field}` |" in text for field in COMMON)
