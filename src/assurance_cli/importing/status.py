"""Published statuses to the board's status keys: words, numbers with a key, RAG letters,
and colour-only cells.

The caller supplies the mapping (`"G=on-track"`, `"Completed=completed"`, `"1=completed"`,
repeatable); values are matched without regard to case, spacing or punctuation. A RAG letter,
a colour word (`Red`, `Amber`, `Green`, `Blue`) and a cell filled with a colour close to one
of those all meet the same entry: `G=on-track` covers `G`, `Green` and a green cell. A
number is looked up as itself, then through a status key the document prints
(`1 = Complete, 2 = In progress`). A value nothing maps stays unmapped and is listed, never
guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assurance_cli.importing.columns import normalise_heading
from assurance_cli.problems import AssureError

RAG_LETTERS = ("R", "A", "G", "B")
_RAG_WORDS = {"red": "R", "amber": "A", "green": "G", "blue": "B"}
# Fills boards use for each RAG colour (Office's standard and theme-like shades, and yellow,
# which many boards use for amber).
_RAG_FILLS: dict[str, tuple[str, ...]] = {
    "R": ("FF0000", "C00000", "E6B8B7", "FF6161", "F4B084"),
    "A": ("FFC000", "FFBF00", "FFA500", "FFFF00", "FFD966", "FFEB9C", "F79646"),
    "G": ("00B050", "00FF00", "92D050", "008000", "C6EFCE", "A9D08E", "70AD47"),
    "B": ("0070C0", "00B0F0", "0000FF", "8DB4E2", "9BC2E6", "4472C4", "5B9BD5", "BDD7EE"),
}


def _rgb_of(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16)


_SHADES = tuple(
    (_rgb_of(shade), letter) for letter, shades in _RAG_FILLS.items() for shade in shades
)
# A fill this close to grey (max minus min channel) is no RAG colour: white, grey, black.
_GREY_SPREAD = 40
# Beyond this distance from every RAG shade a fill is reported, not guessed.
_FAR = 120
_KEY_PAIR = re.compile(r"(\d{1,2})\s*[=:\-–]\s*([A-Za-z].*)")
_KEY_SEPARATORS = re.compile(r"[,;\n]")


@dataclass(frozen=True)
class StatusValue:
    """A status as published and what it maps to. `rag` is the RAG letter the text or fill
    gives (R/A/G/B), `key` the board's status key or None when nothing maps it."""

    text: str | None
    fill: str | None = None
    rag: str | None = None
    key: str | None = None

    @property
    def stated(self) -> bool:
        return bool(self.text) or self.rag is not None or self.fill is not None

    def published(self) -> str:
        """The value as listed when unmapped: the text, else the RAG letter or fill."""
        if self.text:
            return self.text
        return self.rag or (f"#{self.fill}" if self.fill else "")


def parse_status_mapping(items: Iterable[str]) -> dict[str, str]:
    """`["G=on-track", "Completed=completed"]` -> {normalised value: status key}."""
    mapping: dict[str, str] = {}
    for item in items:
        value, sep, key = item.rpartition("=")
        if not sep or not value.strip() or not key.strip():
            raise AssureError(f"--status wants VALUE=KEY (e.g. G=on-track), not '{item}'")
        mapping[_status_token(value)] = key.strip()
    return mapping


def read_status_key(text: str) -> dict[str, str]:
    """`Key: 1 = Complete, 2 = In progress; 3 = Delayed` -> {"1": "Complete", ...} when the
    text holds at least two pairs (separated by commas, semicolons or lines); else {}."""
    pairs = {}
    for part in _KEY_SEPARATORS.split(text):
        match = _KEY_PAIR.fullmatch(part.strip().removeprefix("Key:").strip())
        if match:
            pairs[match.group(1)] = match.group(2).strip()
    return pairs if len(pairs) >= 2 else {}


@lru_cache(maxsize=256)  # a plan uses a handful of fills, each on hundreds of rows
def nearest_rag(fill: str | None) -> str | None:
    """The RAG letter whose shades are nearest the fill, or None for grey or far colours."""
    if fill is None or not re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return None
    rgb = _rgb_of(fill)
    if max(rgb) - min(rgb) < _GREY_SPREAD:
        return None
    best, letter = min((_distance(rgb, shade), letter) for shade, letter in _SHADES)
    return letter if best <= _FAR else None


def resolve_status(
    text: str | None,
    fill: str | None,
    mapping: dict[str, str],
    key: dict[str, str] | None = None,
) -> StatusValue:
    """The status a cell states, mapped to the board's key where the mapping allows."""
    text = (text or "").strip() or None
    if text is None:
        rag = nearest_rag(fill)
        found = mapping.get(rag.lower()) if rag else None
        return StatusValue(None, fill, rag, found)
    token = _status_token(text)
    rag = token.upper() if token.upper() in RAG_LETTERS else _RAG_WORDS.get(token)
    found = mapping.get(token)
    if found is None and rag is not None:
        found = mapping.get(rag.lower())
    if found is None and key and token in key:
        found = mapping.get(_status_token(key[token]))
    return StatusValue(text, fill, rag, found)


def _status_token(value: str) -> str:
    token = normalise_heading(value)
    return _RAG_WORDS[token].lower() if token in _RAG_WORDS else token


def _distance(one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(one, two, strict=True)) ** 0.5)
