"""English for counts and labels in messages and papers: `1 day`, `2 days`, `Priorities`.

A board's own words (a plan's `priority_label`: "Priority", "Objective", "Priority area")
are made plural by the common English rules, never by adding "s" blindly ("Prioritys")."""

from __future__ import annotations

_VOWELS = frozenset("aeiou")

# What every output prints where a paper gave nothing: never a default, never blank.
NOT_STATED = "Not stated"


def plural(noun: str) -> str:
    """The plural of a noun or noun phrase (its last word): Priority -> Priorities,
    Priority area -> Priority areas, Box -> Boxes."""
    if not noun:
        return noun
    lower = noun.lower()
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        return noun[:-1] + ("IES" if noun.isupper() else "ies")
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return noun + ("ES" if noun.isupper() else "es")
    return noun + ("S" if noun.isupper() else "s")


def count(number: int, noun: str) -> str:
    """`1 finding`, `2 findings`, `0 findings`."""
    return f"{number} {noun if number == 1 else plural(noun)}"


def stated(value: str | None) -> str:
    """What the paper gives, or "Not stated"."""
    return value if value is not None else NOT_STATED
