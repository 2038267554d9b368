"""A board paper as plain values: a cover and a list of blocks.

Everything here is plain text. No renderer reads markup in it: `<script>`, `{{ }}`, `|` or
a Word field code `{ DATE }` is printed as those characters. What a paper does not give is
not printed (an empty cover field is left out, never filled with a guess).

`plain` and `plain_lines` are the one place record text is made safe to print: line
breaks split lines; control characters, bidirectional overrides and code points no XML
file may hold are dropped. Every renderer passes text through them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# C0 and C1 controls, DEL, bidirectional embeddings, overrides and isolates (they reorder
# the text a reader sees), lone surrogates and the two non-characters XML forbids.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def plain(text: str) -> str:
    """One line of printable text: line breaks become spaces, tabs a space, controls go."""
    if text.isprintable():  # the usual case, without the regexes
        return text
    return " ".join(plain_lines(text))


def plain_lines(text: str) -> list[str]:
    """Text split at its line breaks, each line cleaned as `plain` does; blank lines kept."""
    return [_UNPRINTABLE.sub("", line.replace("\t", " ")) for line in _LINE_BREAKS.split(text)]


def printable_lines(lines: tuple[str, ...] | list[str]) -> list[str]:
    """Several texts as printable lines: each split at its own line breaks and cleaned."""
    out: list[str] = []
    for line in lines:
        if line.isprintable():
            out.append(line)
        else:
            out.extend(plain_lines(line))
    return out


def check_colour(colour: str) -> str:
    """A colour as `#RRGGBB`; anything else is a programming error, refused here."""
    if not _HEX_COLOUR.match(colour):
        raise ValueError(f"a colour must be written #RRGGBB, not {colour!r}")
    return colour.upper()


# --- the cover ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cover:
    """What a paper says about itself. Each field is optional; an absent one is not printed."""

    title: str | None = None
    board: str | None = None
    meeting: str | None = None  # the meeting it goes to, in the board's words
    date: str | None = None  # the paper's date, as it should be printed
    author: str | None = None
    version: str | None = None
    purpose: str | None = None
    recommendations: tuple[str, ...] = ()

    def facts(self) -> list[tuple[str, str]]:
        """The short cover fields that are given, as (label, value), in print order."""
        named = (
            ("Board", self.board),
            ("Meeting", self.meeting),
            ("Date", self.date),
            ("Author", self.author),
            ("Version", self.version),
        )
        return [(label, value) for label, value in named if value]


# --- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int  # 1, 2 or 3
    text: str

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"a heading level is 1, 2 or 3, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Rag:
    """A RAG (red, amber, green...) fill and the word that says the same thing in text."""

    colour: str  # #RRGGBB
    word: str  # e.g. "Not yet completed but off-track"

    def __post_init__(self) -> None:
        object.__setattr__(self, "colour", check_colour(self.colour))
        if not plain(self.word).strip():
            raise ValueError("a RAG colour needs its word: colour is never the only signal")


@dataclass(frozen=True)
class Cell:
    """One table cell: lines of text, and optionally a RAG fill."""

    lines: tuple[str, ...] = ()
    rag: Rag | None = None

    @classmethod
    def of(cls, text: str | None, rag: Rag | None = None) -> Cell:
        """A cell from one text (split at its line breaks); None or "" is an empty cell."""
        return cls(tuple(plain_lines(text)) if text else (), rag)

    def shown_lines(self) -> tuple[str, ...]:
        """The lines to print: a RAG cell always carries its word, first if not already in."""
        if self.rag is None or self.rag.word in self.lines:
            return self.lines
        return (self.rag.word, *self.lines)


@dataclass(frozen=True)
class Column:
    heading: str
    weight: float = 1.0  # relative width


@dataclass(frozen=True)
class Table:
    """A table with one header row; `wide` puts it in a landscape section in Word."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    wide: bool = False

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError("a table needs at least one column")
        width = len(self.columns)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(f"row {number} has {len(row)} cells for {width} columns")


@dataclass(frozen=True)
class Series:
    """One named series of counts, drawn in one colour."""

    name: str
    colour: str  # #RRGGBB
    values: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "colour", check_colour(self.colour))
        if any(value < 0 for value in self.values):
            raise ValueError(f"series {self.name!r} has a negative count")


@dataclass(frozen=True)
class StackedBar:
    """Counts by category (one bar each), stacked by series, e.g. status by priority."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_label: str = "Actions"

    def __post_init__(self) -> None:
        _check_lengths(self.series, len(self.categories))


@dataclass(frozen=True)
class LineChart:
    """Counts at dates, one line per series, e.g. open and overdue actions at each meeting."""

    title: str
    dates: tuple[date, ...]
    series: tuple[Series, ...]
    value_label: str = "Actions"

    def __post_init__(self) -> None:
        _check_lengths(self.series, len(self.dates))
        if list(self.dates) != sorted(set(self.dates)):
            raise ValueError("a line chart's dates must be distinct and in order")


def _check_lengths(series: tuple[Series, ...], points: int) -> None:
    if not series:
        raise ValueError("a chart needs at least one series")
    for one in series:
        if len(one.values) != points:
            raise ValueError(f"series {one.name!r} has {len(one.values)} values for {points}")


@dataclass(frozen=True)
class Chart:
    """A chart with its caption; its alt text is written from the data unless given."""

    spec: StackedBar | LineChart
    caption: str
    alt_text: str | None = None


@dataclass(frozen=True)
class Notice:
    """A boxed notice the reader cannot miss, e.g. what a paper left out and why."""

    title: str
    lines: tuple[str, ...] = ()


Block = Heading | Paragraph | BulletList | Table | Chart | Notice


@dataclass(frozen=True)
class Paper:
    cover: Cover
    blocks: tuple[Block, ...] = field(default=())
    language: str = "en-GB"

    def title(self) -> str:
        """The title a window or file shows: the cover's, else the first heading's."""
        if self.cover.title:
            return plain(self.cover.title)
        for block in self.blocks:
            if isinstance(block, Heading):
                return plain(block.text)
        return "Board paper"
