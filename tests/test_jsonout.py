"""jsonout writes exactly what json.dumps(indent=2, ensure_ascii=False) writes, but for the
control and bidi characters json leaves raw, which it writes as \\u escapes."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assurance_cli.render import json as jsonout

leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
documents = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=30,
)


RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def standard(document: Any) -> str:
    """json.dumps, with the characters it leaves raw escaped as jsonout escapes them."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@given(documents)
def test_same_text_as_the_standard_library(document: Any) -> None:
    assert jsonout.dumps(document) == standard(document)


@given(st.text())
def test_the_same_string_to_a_json_reader_and_nothing_raw(text: str) -> None:
    written = jsonout.dumps([text])
    assert json.loads(written) == [text]
    assert not RAW.search(written)
    assert not re.search("[\x00-\x1f]", written.replace("\n", ""))


def test_control_characters_line_separators_and_quotes_are_escaped() -> None:
    text = 'a"b\\c\n\t\x00\u2028é\x9b\u202e'
    assert jsonout.dumps({"k": [text]}) == (
        '{\n  "k": [\n    "a\\"b\\\\c\\n\\t\\u0000\\u2028é\\u009b\\u202e"\n  ]\n}'
    )
    assert json.loads(jsonout.dumps([text])) == [text]


@pytest.mark.parametrize("value", [object(), {1: "x"}, {"a": {2, 3}}])
def test_values_json_cannot_hold_are_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        jsonout.dumps(value)
