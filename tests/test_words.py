"""English plurals for a board's own labels and counts."""

from __future__ import annotations

import pytest

from assurance_cli.words import count, plural


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("Priority", "Priorities"),
        ("Priority area", "Priority areas"),
        ("Objective", "Objectives"),
        ("Strategic Priority", "Strategic Priorities"),
        ("Day", "Days"),
        ("Box", "Boxes"),
        ("PRIORITY", "PRIORITIES"),
        ("finding", "findings"),
    ],
)
def test_plural_follows_english_rules(noun: str, expected: str) -> None:
    assert plural(noun) == expected


def test_count_is_singular_only_for_one() -> None:
    assert [count(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
