"""Importing commands from JSON Lines: check the whole file, then apply it in batches.

A file is checked completely before anything is written: every bad line is reported (line number,
field, value and the rule broken) and then nothing is applied. A good file is applied in order; a
domain refusal stops the import at its line, after saving the lines before it. Each line carries a
command id, so running the same (or a corrected) file again skips what was applied and carries on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pydantic import ValidationError

from domain.errors import DomainError
from mappa_flow.commands.base import Command, checking
from mappa_flow.commands.registry import command_adapter
from mappa_flow.json_line import MAX_LINE_BYTES, LineProblem, bounded_lines, parse_object
from mappa_flow.validation_words import Problem, problems_from, show

if TYPE_CHECKING:  # the application is imported only to apply a file: checking one and `schema` need none of it
    from mappa_flow.bootstrap import Mappa

MAX_BYTES = 40


@dataclass(frozen=True)
class Line:
    """One command of a file, with the line it came from."""

    number: int
    command: Command


@dataclass
class Checked:
    """The result of checking a file: its commands, or every problem found."""

    lines: list[Line] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportResult:
    applied: int  # lines whose command was applied now
    skipped: int  # lines whose command id had been applied before
    notification_id: int | None  # position of the last event written, if any
    refused_line: int | None = None  # the line a domain rule refused; nothing of it was written
    refusal: DomainError | None = None


_JSON_WHITESPACE = " \t\r\n"  # what JSON counts as whitespace (RFC 8259): only such a line is blank


def check_lines(texts: Iterable[str | bytes], *, today: date) -> Checked:
    """Parse and validate every line; report problems of every line, and duplicate command ids.

    ``today`` (Europe/London, from the application's clock) bounds the business dates (commands/base.py).
    """
    adapter = command_adapter()
    context = checking(today)
    checked = Checked()
    first_line_of: dict[str, int] = {}
    for number, raw in enumerate(texts, start=1):
        text = _decoded(number, raw, checked.problems)
        if text is None:
            continue
        if not text.strip(_JSON_WHITESPACE):  # a line of other control characters (\x1c...) is refused, not skipped
            checked.blank += 1
            continue
        command = _check_line(adapter, context, number, text, checked.problems)
        if command is None:
            continue
        if command.command_id in first_line_of:
            checked.problems.append(Problem(
                number, "command_id", show(command.command_id),
                f"this command id is already used on line {first_line_of[command.command_id]}; "
                "each line needs its own", "duplicate_command_id"))
            continue
        first_line_of[command.command_id] = number
        checked.lines.append(Line(number, command))
    return checked


def check_stream(handle: BinaryIO, *, today: date) -> Checked:
    """``check_lines`` of a binary stream (a file, standard input), reading at most one bounded line at a time."""
    return check_lines(bounded_lines(handle), today=today)


def check_file(path: Path, *, today: date) -> Checked:
    with path.open("rb") as handle:
        return check_stream(handle, today=today)


def _decoded(number: int, raw: str | bytes, problems: list[Problem]) -> str | None:
    if len(raw) > MAX_LINE_BYTES:
        problems.append(_too_long(number, raw))
        return None
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(number, "(line)", show(raw[: MAX_BYTES], raw=True),
                                f"not UTF-8 text (byte {error.start + 1}); save the file as UTF-8", "not_utf8"))
        return None


def _too_long(number: int | None, raw: str | bytes) -> Problem:
    return Problem(number, "(line)", show(raw[:MAX_BYTES], raw=True),
                   f"longer than {MAX_LINE_BYTES:,} bytes; one command is far shorter", "line_too_long")


def _check_line(adapter: Any, context: dict[str, Any], number: int | None, text: str,
                problems: list[Problem]) -> Command | None:
    data = _parsed(number, text, problems)
    return None if data is None else _validate(adapter, context, number, data, problems)


def _parsed(number: int | None, text: str, problems: list[Problem]) -> dict[str, Any] | None:
    """The line's JSON object, or None after adding the problem (bad JSON, too deep, a key given twice...)."""
    try:
        data = parse_object(text)
    except json.JSONDecodeError as error:
        where = f"column {error.colno}" if number is not None else f"line {error.lineno}, column {error.colno}"
        problems.append(Problem(number, "(line)", show(text.strip(), raw=True),
                                f"not valid JSON: {error.msg} at {where}", "json_invalid"))
        return None
    except LineProblem as problem:
        problems.append(Problem(number, problem.field, show(problem.value, raw=True), problem.rule, problem.kind))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(number, "(line)", show(text.strip(), raw=True),
                                "each command is one JSON object: {\"command\": ..., ...}", "not_an_object"))
        return None
    return data


def _validate(adapter: Any, context: dict[str, Any], number: int | None, data: dict[str, Any],
              problems: list[Problem]) -> Command | None:
    try:
        command: Command = adapter.validate_python(data, context=context)
    except ValidationError as error:
        problems.extend(problems_from(error, number, data))
        return None
    return command


def check_command(text: str, name: str | None = None, default_command_id: str | None = None, *,
                  today: date) -> Checked:
    """Check one command given as a JSON object (``mappa-flow record``), naming it ``name`` if given."""
    checked = Checked()
    if len(text) > MAX_LINE_BYTES:
        checked.problems.append(_too_long(None, text))
        return checked
    data = _parsed(None, text or "{}", checked.problems)
    if data is None:
        return checked
    if name is not None and data.setdefault("command", name) != name:
        checked.problems.append(Problem(None, "command", show(data["command"]),
                                        f"contradicts the command named on the command line ({name})", "conflict"))
        return checked
    if default_command_id and "command_id" not in data:
        data["command_id"] = default_command_id
    command = _validate(command_adapter(), checking(today), None, data, checked.problems)
    if command is not None:
        checked.lines.append(Line(1, command))
    return checked


def import_schema() -> dict[str, Any]:
    """The JSON Schema of one line of the import format, generated from the command models."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mappa-flow command",
        "description": "One line of a mappa-flow import file (JSON Lines): one command, chosen by its "
                       "\"command\" field. See docs/import-format.md.",
        **command_adapter().json_schema(),
    }


def apply_checked(
    app: Mappa, checked: Checked, *, size: int | None = None, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Apply a checked file in order, ``size`` lines per transaction; stop at the first line a domain rule refuses.

    A file with problems is never applied, not even in part.
    """
    if not checked.ok:
        raise ValueError(f"a file with {len(checked.problems)} problem(s) is not applied; correct it first")
    from mappa_flow.batch import BATCH_SIZE

    lines = checked.lines
    result = app.run_batch((line.command for line in lines), size=size or BATCH_SIZE, progress=progress)
    refusal = result.refusal
    return ImportResult(
        applied=result.applied, skipped=result.skipped, notification_id=result.notification_id,
        refused_line=lines[refusal.index].number if refusal else None,
        refusal=refusal.error if refusal else None,
    )

