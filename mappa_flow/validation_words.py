"""Pydantic's validation errors, said in words a co-ordinator understands.

Each problem names the line, the field, the value given and the rule broken, plus pydantic's
error type in brackets for whoever supports the co-ordinator.
"""

from __future__ import annotations

import difflib
import json
import re
import types
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from mappa_flow.commands.registry import BY_NAME
from mappa_flow.json_line import HugeNumber

MAX_VALUE_CHARS = 60
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
MISSING = "(missing)"


@dataclass(frozen=True)
class Problem:
    line: int | None  # None when the input is not a file (``mappa-flow record``)
    field: str
    value: str
    rule: str
    kind: str  # pydantic's error type, or ours (json_invalid, duplicate_command_id, ...)

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return printable(f"{where}{self.field} = {self.value}: {self.rule} [{self.kind}]")


def problems_from(error: ValidationError, line: int | None, data: dict[str, Any]) -> list[Problem]:
    command = data.get("command")
    model = BY_NAME.get(command) if isinstance(command, str) else None
    return [_problem(detail, line, model) for detail in error.errors(include_url=False)]


def _problem(detail: Any, line: int | None, model: type[BaseModel] | None) -> Problem:
    kind = detail["type"]
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return _command_problem(detail, line)
    path = list(detail["loc"][1:])  # the first element is the command's name (the union's tag)
    value = MISSING if kind.startswith("missing") else show(detail["input"])  # also our "missing_with_..."
    info = _field_info(model, path) if model else None
    if isinstance(detail.get("input"), HugeNumber) and kind != "extra_forbidden":
        return Problem(line, _field_name(path), value, "is far too long a number for this field", "number_too_long")
    return Problem(line, _field_name(path), value, _rule(detail, info, model), kind)


def _command_problem(detail: Any, line: int | None) -> Problem:
    if detail["type"] == "union_tag_not_found":
        return Problem(line, "command", MISSING,
                       'every command names itself, e.g. "command": "refer_case"', detail["type"])
    tag = str(detail["ctx"]["tag"])
    close = difflib.get_close_matches(tag, list(BY_NAME), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; `mappa-flow schema` lists every command"
    return Problem(line, "command", show(tag), f"is not a command mappa-flow knows{hint}", detail["type"])


def _field_name(path: list[Any]) -> str:
    name = ""
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
        elif part == "[key]":
            name += " (item name)"
        else:
            part = _readable_key(str(part))
            name += f".{part}" if name else part
    return name or "(command)"


def _readable_key(key: str) -> str:
    """A key as written, in quotes when it is blank or holds a space, '=' or ':' (the problem line's own marks)."""
    if key.strip() != key or not key or any(mark in key for mark in " =:"):
        return json.dumps(key)
    return key


_SIMPLE: dict[str, str] = {
    "missing": "is required",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "decimal_parsing": "must be an amount in pounds, such as 1250.50",
    "decimal_type": "must be an amount in pounds, such as 1250.50",
    "string_type": "must be text, in quotes",
    "list_type": "must be a list, in [ ]",
    "dict_type": "must be an object, in { }",
    "model_type": "must be an object, in { }",
    "model_attributes_type": "must be an object, in { }",
    "date_type": "must be a date written YYYY-MM-DD",
}


def _rule(detail: Any, info: FieldInfo | None, model: type[BaseModel] | None) -> str:
    kind, ctx = detail["type"], detail.get("ctx") or {}
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind in ("literal_error", "enum"):
        return f"must be one of {ctx.get('expected', '')}"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"must be a real date written YYYY-MM-DD ({ctx.get('error', 'not a date')})"
    if kind == "extra_forbidden":
        name = model.model_fields["command"].default if model else "this command"
        return f"is not a field of {name}; check its spelling (`mappa-flow schema` lists the fields)"
    if kind == "string_pattern_mismatch":
        return _pattern_rule(detail, info)
    return _bound_rule(kind, ctx) or re.sub(r"^Value error, ", "", str(detail["msg"]))


def _bound_rule(kind: str, ctx: dict[str, Any]) -> str | None:
    words = {
        "string_too_short": ("cannot be empty" if ctx.get("min_length") == 1
                             else f"must be at least {ctx.get('min_length')} characters"),
        "string_too_long": f"must be at most {ctx.get('max_length')} characters",
        "too_short": f"needs at least {ctx.get('min_length')} item(s)",
        "too_long": f"can have at most {ctx.get('max_length')} items",
        "greater_than_equal": f"must be {ctx.get('ge')} or more",
        "greater_than": f"must be more than {ctx.get('gt')}",
        "less_than_equal": f"must be {ctx.get('le')} or less",
        "less_than": f"must be less than {ctx.get('lt')}",
    }
    return words.get(kind)


def _pattern_rule(detail: Any, info: FieldInfo | None) -> str:
    if "[key]" in detail["loc"]:
        return "an item name is lower-case letters, digits and '_', such as rmp_quality"
    if info is not None and info.description:
        return f"is not in the expected form: {info.description}"
    return "is not in the expected form (`mappa-flow schema` shows it)"


def _field_info(model: type[BaseModel], path: list[Any]) -> FieldInfo | None:
    """The pydantic field a location points at, following nested models through lists."""
    current: Any = model
    info: FieldInfo | None = None
    for part in path:
        if not isinstance(part, str) or part == "[key]":
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        current = _inner_model(info.annotation)
    return info


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType):
        for argument in get_args(annotation):
            if (found := _inner_model(argument)) is not None:
                return found
    return None


def show(value: Any, *, raw: bool = False) -> str:
    """A value as JSON (so "3" and 3 differ), or ``raw`` text as written; shortened, control characters escaped."""
    if raw or isinstance(value, HugeNumber | Decimal):
        text = str(value)
    else:
        try:
            text = json.dumps(value, default=str, ensure_ascii=False)
        except (ValueError, RecursionError):  # an integer of over 4,300 digits, or nesting Python cannot follow
            text = f"({type(value).__name__} too large to show)"
    return printable(text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…")


def printable(text: str) -> str:
    """``text`` with every control character (and unpaired surrogate) written as \\uXXXX: safe on a terminal."""
    return _UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
