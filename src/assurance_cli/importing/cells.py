"""The cells of a plan file's tables, as read: text exactly as published, fill colour, and
where each came from. Shared by the readers (CSV in tables.py, excel.py, word.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assurance_cli.importing.safety import ImportRefused, Limits, refuse
from assurance_cli.problems import Problem, warning

# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make text read differently from how it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Place:
    """Where a cell was: a table (Word, CSV) or sheet (Excel), a row and a grid column, 1-based."""

    table: int
    row: int
    column: int
    sheet: str | None = None

    def table_name(self) -> str:
        return f"sheet '{self.sheet}'" if self.sheet is not None else f"table {self.table}"

    def describe(self, heading: str | None = None) -> str:
        """`table 2, row 5, column 'By when'`, or the column's number or letter."""
        if heading:
            column = f"'{heading}'"
        elif self.sheet is not None:
            column = column_letter(self.column)
        else:
            column = str(self.column)
        return f"{self.table_name()}, row {self.row}, column {column}"


@dataclass(frozen=True)
class Cell:
    """One cell as published. `fill` is `RRGGBB` (upper case) or None for no fill.

    `kind` is `text`, `number`, `date` (an Excel date, given as ISO text with the cell's
    `number_format`), `bool` or `formula` (its last saved value, never evaluated)."""

    text: str
    place: Place
    fill: str | None = None
    span: int = 1
    rows: int = 1
    kind: str = "text"
    number_format: str | None = None


@dataclass(frozen=True)
class Table:
    """A table's rows; `width` is its number of grid columns."""

    number: int
    name: str
    width: int
    rows: tuple[tuple[Cell, ...], ...]
    nested: bool = False


@dataclass(frozen=True)
class SourceTables:
    path: str
    kind: str
    tables: tuple[Table, ...]
    problems: tuple[Problem, ...] = field(default=())
    title: str | None = None  # the document's heading (Word), as published


def column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_text(raw: str) -> tuple[str, bool]:
    """Line ends to `\\n`; control and bidi characters removed (True when any were)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROL.sub("", text)
    return cleaned, cleaned != text


def control_problem(name: str, place: Place) -> Problem:
    return warning(
        name,
        place.row,
        place.column,
        "import-control-character",
        f"{place.describe()}: control or bidirectional characters removed",
    )


def too_many_rows_message(limits: Limits) -> str:
    return (
        f"the table has more than {limits.rows} rows, over the limit for a plan: "
        "import one sheet or table at a time (--sheet, --table)"
    )


def too_many_rows(name: str, limits: Limits, row: int) -> ImportRefused:
    return refuse(name, too_many_rows_message(limits), line=row)


def too_many_columns(name: str, limits: Limits, row: int, column: int) -> ImportRefused:
    return refuse(
        name,
        f"a cell in column {column} is past the limit of {limits.columns} columns: delete the "
        "unused columns or copy the action table to a new file",
        line=row,
        col=column,
    )
