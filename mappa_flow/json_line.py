"""Reading one JSON object per line, with bounds, before any command model sees it (issue 11).

``json.loads`` alone takes the last of two equal keys, turns a 5,000-digit number into a ``ValueError``
and a line nested 100,000 deep into a ``RecursionError``, and accepts ``NaN``. Here:

- a line is at most ``MAX_LINE_BYTES`` long, read so that a longer one never sits whole in memory;
- objects and lists nest at most ``MAX_DEPTH`` deep, checked before parsing;
- a key given twice in one object is refused;
- a number literal longer than ``MAX_NUMBER_CHARS`` (or beyond Decimal's range) becomes a ``HugeNumber``,
  which every command field refuses, naming the field; decimals are parsed exactly (``Decimal``);
- ``NaN`` and ``Infinity`` are not JSON, and are refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

MAX_LINE_BYTES = 1_000_000  # the longest real line (an audit: 7 findings of 4,000 characters, escaped) is ~200 KB
MAX_DEPTH = 8  # a line nests 3 deep at most (a meeting's invitations); 8 leaves room and bounds the parser
MAX_NUMBER_CHARS = 40  # no field takes a number anywhere near this long (the largest, a seed, has 19 digits)
_SKIP_CHUNK = 65_536
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


class LineProblem(Exception):
    """What is wrong with a line before its command is validated: the field (if known), value, rule and kind."""

    def __init__(self, field: str, value: Any, rule: str, kind: str):
        super().__init__(rule)
        self.field, self.value, self.rule, self.kind = field, value, rule, kind


class HugeNumber:
    """A number literal too long to be any field's value; kept as text so that nothing converts it."""

    def __init__(self, literal: str):
        self.literal = literal

    def __str__(self) -> str:
        return f"(a number of {len(self.literal)} characters)"


def bounded_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The lines of ``handle``; a line longer than MAX_LINE_BYTES is cut to MAX_LINE_BYTES + 1 bytes (so it is
    refused as too long) and the rest of it skipped without being kept."""
    while raw := handle.readline(MAX_LINE_BYTES + 1):
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
        yield raw


def parse_object(text: str) -> Any:
    """``json.loads`` within the bounds above. Raises json.JSONDecodeError or LineProblem."""
    depth = _depth(text)
    if depth > MAX_DEPTH:
        raise LineProblem("(line)", f"nested {depth} deep", f"objects and lists nest at most {MAX_DEPTH} deep here",
                          "too_deep")
    return json.loads(text, object_pairs_hook=_object, parse_int=_integer, parse_float=_decimal,
                      parse_constant=_constant)


def _depth(text: str) -> int:
    """How deep objects and lists nest in ``text``, brackets inside strings aside (C-speed regexes, one pass)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot nest deeper than it has brackets
    deepest = depth = 0
    for bracket in _NOT_BRACKETS.sub("", _STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise LineProblem(key, json.dumps(key), "this field is given twice in one object; give it once",
                              "duplicate_key")
        found[key] = value
    return found


def _integer(literal: str) -> int | HugeNumber:
    return int(literal) if len(literal) <= MAX_NUMBER_CHARS else HugeNumber(literal)


def _decimal(literal: str) -> Decimal | HugeNumber:
    if len(literal) > MAX_NUMBER_CHARS:
        return HugeNumber(literal)
    try:
        return Decimal(literal)
    except InvalidOperation:  # an exponent beyond Decimal's range
        return HugeNumber(literal)


def _constant(literal: str) -> Any:
    raise LineProblem("(line)", literal, f"{literal} is not a number JSON allows; give a number", "not_a_number")
