"""Which row of a table is its header, and which field each column holds.

Headings are compared normalised (`normalise_heading`: case, punctuation and spacing do not
matter, and a plural `(s)` is dropped), first against `--column` overrides such as
`"By when=due"`, then against the synonyms below, then (for distinctive words only) against
a heading that contains a synonym, the longest one winning: "Progress update (March 2016)"
is progress. A column no heading maps is reported and its cells kept aside, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assurance_cli.importing.tables import SourceTables, Table
from assurance_cli.problems import AssureError, Problem, error, warning

FIELDS = ("ref", "title", "desired_outcome", "outcome_measure", "lead", "due", "progress", "status")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": (
        "ref",
        "reference",
        "ref no",
        "no",
        "number",
        "action no",
        "action number",
        "action ref",
        "id",
    ),
    "title": (
        "action",
        "actions",
        "activity",
        "recommendation",
        "what",
        "what we will do",
        "key action",
        "key actions",
        "task",
        "tasks",
    ),
    "desired_outcome": (
        "outcome",
        "outcomes",
        "desired outcome",
        "expected outcome",
        "impact",
        "intended outcome",
    ),
    "outcome_measure": (
        "outcome measure",
        "measure",
        "measures",
        "success measure",
        "measure of success",
        "how will we know",
    ),
    "lead": (
        "lead",
        "leads",
        "responsibility",
        "responsible",
        "who",
        "owner",
        "lead agency",
        "lead officer",
        "lead person",
    ),
    "due": (
        "due",
        "due date",
        "by when",
        "when",
        "timescale",
        "timescales",
        "date",
        "deadline",
        "target date",
        "completion date",
    ),
    "progress": (
        "progress",
        "update",
        "updates",
        "comments",
        "comment",
        "progress update",
        "progress to date",
    ),
    "status": ("status", "rag", "rag status", "rag rating", "category", "rating"),
}
# Words too common to find a column by appearing inside a longer heading ("Date completed",
# "Action taken" and "Who else is involved" are not due, title and lead).
_EXACT_ONLY = frozenset(
    {
        "no",
        "number",
        "id",
        "what",
        "who",
        "when",
        "date",
        "action",
        "actions",
        "measure",
        "measures",
        "task",
        "tasks",
        "impact",
        "responsible",
        "category",
        "rating",
        "comment",
        "comments",
    }
)
# Override targets: the field names and a few plain words for them.
_TARGETS = {field: field for field in FIELDS} | {
    "action": "title",
    "activity": "title",
    "outcome": "desired_outcome",
    "desired outcome": "desired_outcome",
    "measure": "outcome_measure",
    "outcome measure": "outcome_measure",
    "rag": "status",
}
_HEADER_SCAN = 10
_LONGEST_HEADING = 80
_PLURAL = re.compile(r"\(\s*s\s*\)", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")

_LOOKUP = {synonym: field for field, synonyms in SYNONYMS.items() for synonym in synonyms}
_CONTAINED = sorted(
    (
        (tuple(synonym.split()), field)
        for synonym, field in _LOOKUP.items()
        if synonym not in _EXACT_ONLY
    ),
    key=lambda item: -len(item[0]),
)


def normalise_heading(text: str) -> str:
    """`"Lead (s)"` -> `"lead"`, `"By When?"` -> `"by when"`, `"No."` -> `"no"`."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _NOT_WORD.sub(" ", _PLURAL.sub("", folded))
    return " ".join(words.split())


def parse_column_overrides(items: Iterable[str]) -> dict[str, str]:
    """`["By when=due"]` -> {"by when": "due"}; an unknown field is an AssureError."""
    overrides: dict[str, str] = {}
    for item in items:
        heading, sep, target = item.rpartition("=")
        field = _TARGETS.get(normalise_heading(target).replace(" ", "_")) or _TARGETS.get(
            normalise_heading(target)
        )
        if not sep or not normalise_heading(heading):
            raise AssureError(f"--column wants HEADING=FIELD (e.g. 'By when=due'), not '{item}'")
        if field is None:
            raise AssureError(f"--column '{item}': unknown field; use one of {', '.join(FIELDS)}")
        overrides[normalise_heading(heading)] = field
    return overrides


def field_for_heading(heading: str, overrides: dict[str, str] | None = None) -> str | None:
    """The field a heading names, or None."""
    normal = normalise_heading(heading)
    if not normal or len(heading) > _LONGEST_HEADING:
        return None
    if overrides and normal in overrides:
        return overrides[normal]
    if normal in _LOOKUP:
        return _LOOKUP[normal]
    words = normal.split()
    found = [(len(synonym), field) for synonym, field in _CONTAINED if _contains(words, synonym)]
    if not found:
        return None
    longest = max(length for length, _ in found)
    fields = {field for length, field in found if length == longest}
    return fields.pop() if len(fields) == 1 else None  # "Progress / Status": say so, not guess


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(
        tuple(words[start : start + size]) == phrase for start in range(len(words) - size + 1)
    )


@dataclass(frozen=True)
class ColumnMap:
    """A table's header row (1-based, as in the table) and its columns' fields."""

    table: Table
    header_row: int
    fields: tuple[tuple[int, str], ...]  # (grid column, field)
    headings: tuple[tuple[int, str], ...]  # (grid column, heading as published)
    aside: tuple[int, ...]  # columns no field takes: their cells are kept as `other`

    def field_of(self, column: int) -> str | None:
        return dict(self.fields).get(column)

    def heading_of(self, column: int) -> str | None:
        return dict(self.headings).get(column)

    def has(self, field: str) -> bool:
        return any(mapped == field for _, mapped in self.fields)


@dataclass(frozen=True)
class MappedTables:
    maps: tuple[ColumnMap, ...]
    problems: tuple[Problem, ...]


def find_header(table: Table, overrides: dict[str, str] | None = None) -> int | None:
    """The 1-based number of the table's header row among its first rows, or None."""
    for index, row in enumerate(table.rows[:_HEADER_SCAN]):
        fields = {field_for_heading(cell.text, overrides) for cell in row} - {None}
        if len(fields) >= 3 or (len(fields) >= 2 and fields & {"ref", "title"}):
            return index + 1
    return None


def map_columns(source: SourceTables, overrides: dict[str, str] | None = None) -> MappedTables:
    """Map every table's columns; a table with no header is skipped with a note."""
    overrides = overrides or {}
    maps: list[ColumnMap] = []
    problems: list[Problem] = []
    used: set[str] = set()
    for table in source.tables:
        header = find_header(table, overrides)
        if header is None:
            if any(cell.text.strip() for row in table.rows for cell in row):
                problems.append(
                    warning(
                        source.path,
                        1,
                        1,
                        "import-no-header",
                        f"{table.name} has no header row naming its columns (Ref, Action, Lead, "
                        "Due...): skipped; name its columns with --column HEADING=FIELD",
                    )
                )
            continue
        column_map, map_problems = _map_table(source.path, table, header, overrides)
        used |= {normalise_heading(text) for _, text in column_map.headings}
        maps.append(column_map)
        problems += map_problems
    for heading in overrides:
        if heading not in used:
            problems.append(
                warning(
                    source.path,
                    1,
                    1,
                    "import-unused-column-option",
                    f"no table has a column headed '{heading}' (from --column)",
                )
            )
    if not maps:
        problems.append(
            error(
                source.path,
                1,
                1,
                "import-no-table",
                "no action table found: no table has a header row naming at least two of Ref, "
                "Action, Outcome, Lead, Due, Progress, Status; name them with --column",
            )
        )
    return MappedTables(tuple(maps), tuple(problems))


def _map_table(
    path: str, table: Table, header: int, overrides: dict[str, str]
) -> tuple[ColumnMap, list[Problem]]:
    problems: list[Problem] = []
    fields: list[tuple[int, str]] = []
    headings: list[tuple[int, str]] = []
    aside: list[int] = []
    taken: dict[str, int] = {}
    for cell in table.rows[header - 1]:
        column, heading = cell.place.column, cell.text.strip()
        if not heading:
            continue
        headings.append((column, heading))
        field = field_for_heading(heading, overrides)
        where = cell.place.describe(heading)
        if field is None:
            aside.append(column)
            problems.append(
                warning(
                    path,
                    cell.place.row,
                    column,
                    "import-unmapped-column",
                    f"{where}: no field has this heading; its cells are kept aside "
                    "(map it with --column 'HEADING=FIELD')",
                )
            )
        elif field in taken:
            aside.append(column)
            problems.append(
                warning(
                    path,
                    cell.place.row,
                    column,
                    "import-duplicate-column",
                    f"{where}: a second {field} column (the first is column {taken[field]}); "
                    "its cells are kept aside",
                )
            )
        else:
            taken[field] = column
            fields.append((column, field))
    problems += _headless_columns(path, table, header, {column for column, _ in headings}, aside)
    return ColumnMap(table, header, tuple(fields), tuple(headings), tuple(aside)), problems


def _headless_columns(
    path: str, table: Table, header: int, headed: set[int], aside: list[int]
) -> list[Problem]:
    """Columns with cells below the header but no heading above them."""
    problems = []
    reported: set[int] = set()
    for row in table.rows[header:]:
        if len(row) <= 1:
            continue  # an objective row, one cell spanning the table
        for cell in row:
            column = cell.place.column
            if cell.text.strip() and column not in headed and column not in reported:
                reported.add(column)
                aside.append(column)
                problems.append(
                    warning(
                        path,
                        cell.place.row,
                        column,
                        "import-unmapped-column",
                        f"{cell.place.describe()}: a column with no heading; its cells are kept "
                        "aside",
                    )
                )
    return problems
