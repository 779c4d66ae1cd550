"""The CLI's `--as` (and MAPPA_USER): a name of 1-200 characters with no control or invisible formatting character."""

from __future__ import annotations

import pytest

from mappa_flow.cli.context import EXIT_INVALID
from mappa_flow.cli.errors import CliFailure
from mappa_flow.cli.viewer import USER


@pytest.mark.parametrize(("name", "words"), [
    ("coord-1\nadmin", "a control character"),
    ("coord-1\radmin", "a control character"),
    ("a\tb", "a control character"),
    ("x\x00y", "a control character"),
    ("esc\x1b[2Jcleared", "a control character"),
    ("del\x7f", "a control character"),
    ("next\x85line", "a control character"),
    ("r\u202eevil", "an invisible formatting character"),
    ("zero\u200bwidth", "an invisible formatting character"),
    ("a\u2028b", "a line separator"),
    ("a\u2029b", "a paragraph separator"),
    ("x" * 201, "at most 200 characters"),
])
def test_a_name_that_could_forge_or_hide_a_line_is_refused_naming_the_option(name: str, words: str) -> None:
    with pytest.raises(CliFailure) as refused:
        USER.convert(name, None, None)
    message = refused.value.format_message()
    assert refused.value.exit_code == EXIT_INVALID
    assert message.startswith("invalid --as (or MAPPA_USER) = ") and words in message
    assert "\n" not in message and "\x00" not in message and "\u202e" not in message


@pytest.mark.parametrize("name", ["coord-1", "Anne O'Neill", "sog-chair@north", "Zoë Ŋgũgĩ", "x" * 200])
def test_an_ordinary_name_is_kept_as_given_without_surrounding_spaces(name: str) -> None:
    assert USER.convert(f"  {name} ", None, None) == name
