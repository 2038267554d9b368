"""The fast writer of new records (io/new_text.py) writes the bytes ruamel writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assurance_cli.io import new_text, yaml_writer

from .conftest import REPO


def fast_lines(values: dict[str, Any]) -> str | None:
    lines: list[str] = []
    try:
        for key, value in values.items():
            new_text._pair(key, value, 0, "", lines)
    except new_text._Unwritable:
        return None
    return "\n".join(lines) + "\n"


def test_every_shipped_record_is_written_as_ruamel_writes_it() -> None:
    files = sorted((REPO / "data").rglob("*.yaml")) + sorted(
        (REPO / "examples").rglob("data/**/*.yaml")
    )
    fast = 0
    for path in files:
        values = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        expected = yaml_writer.new_document_text(values)
        assert new_text.new_document_text(values) == expected, path
        written = fast_lines(values)
        if written is not None:
            assert written == expected, path
            fast += 1
    assert fast >= len(files) - 5  # the fast path is the common one


TEXT = st.one_of(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=200
    ),
    st.text(alphabet="aZ0 ,.;()/&'-:#\n\"?!|>[]{}~%@`*", min_size=1, max_size=120),
    st.sampled_from(["null", "True", "FALSE", "yes", "No", "on", "1a", "2016-03-31", "1.10"]),
)
VALUE = st.one_of(
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(-10_000, 10_000),
    st.dates(date(1990, 1, 1), date(2030, 12, 31)),
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "ref", "due", "lead", "progress", "impact"]),
        st.one_of(
            VALUE,
            st.lists(VALUE, max_size=3),
            st.lists(st.fixed_dictionaries({"date": VALUE, "text": TEXT}), max_size=3),
        ),
        min_size=1,
    )
)
def test_any_new_record_is_written_as_ruamel_writes_it(values: dict[str, Any]) -> None:
    try:
        expected = yaml_writer.new_document_text(values)
    except Exception:  # a value ruamel refuses: the fast writer must refuse it too
        return
    assert new_text.new_document_text(values) == expected
