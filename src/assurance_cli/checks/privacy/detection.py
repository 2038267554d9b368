"""What every detector returns: personal data of one kind at a place in a text value."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Detection:
    """Personal data of one kind at [start, end) of a text value."""

    start: int
    end: int
    code: str


Detector = Callable[[str], Iterator[Detection]]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each detector first looks for a cheap sign of its kind (a pattern opening with a plain
# character class, which the regex engine skips to quickly, or a substring test) and stops at
# once without one: the check reads every text value, and most hold nothing of these shapes.
