"""jsonout writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json
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


@given(documents)
def test_same_text_as_the_standard_library(document: Any) -> None:
    assert jsonout.dumps(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_control_characters_line_separators_and_quotes_are_escaped() -> None:
    text = 'a"b\\c\n\t\x00\u2028é'
    assert jsonout.dumps({"k": [text]}) == json.dumps({"k": [text]}, indent=2, ensure_ascii=False)
    assert json.loads(jsonout.dumps([text])) == [text]


@pytest.mark.parametrize("value", [object(), {1: "x"}, {"a": {2, 3}}])
def test_values_json_cannot_hold_are_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        jsonout.dumps(value)
