"""Mapped tables as published rows: one frozen `PublishedRow` per action, text as published.

The rules, each reported where it applies and none applied silently:
- A row holding one cell (merged across the table, or alone in the first column and worded
  like a heading) is an objective heading: `1.) Ensure that...` or `Objective 3: ...` gives
  its number and title. The objective holds for the rows below it, across tables, until the
  next one.
- A row with a ref starts an action. A row with an empty ref whose only text is in the due,
  progress and status columns continues the action above it: a further milestone. An empty
  ref with text anywhere else (action, outcome, measure, lead) is a row broken across a page
  or a missing ref: it is not placed, and reported (`import-split-row`).
- An action cell's lines from the first one starting `Note:` are its notes, apart from the
  title. A lead cell is split on line breaks and `;` only (never on `and` or `&`, which
  appear inside names such as "Quality & Governance"), and the split is reported.
  (published.py: the row types, and how a row's cells become a `PublishedRow`.)
- Progress cells are split into dated entries by progress.py; statuses are mapped by
  status.py; due wording is kept verbatim.
- A ref used twice is reported at the second row (both rows are kept, neither renamed); an
  empty row between rows is reported; a repeated header row is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assurance_cli.importing.columns import (
    ColumnMap,
    MappedTables,
    map_columns,
    normalise_heading,
    parse_column_overrides,
)
from assurance_cli.importing.progress import split_progress
from assurance_cli.importing.published import (
    OBJECTIVE,
    Milestone,
    Objective,
    PublishedPlan,
    PublishedRow,
    RowBuilder,
    Unplaced,
    cell_text,
    parse_objective,
    plain_ref,
    split_leads,
)
from assurance_cli.importing.safety import Limits
from assurance_cli.importing.status import (
    StatusValue,
    parse_status_mapping,
    read_status_key,
    resolve_status,
)
from assurance_cli.importing.tables import Cell, Place, SourceTables, read_tables
from assurance_cli.problems import Problem, error, warning

# The row types live in published.py; callers may still ask this module for them.
__all__ = [
    "Milestone",
    "Objective",
    "PublishedPlan",
    "PublishedRow",
    "Unplaced",
    "parse_objective",
    "plain_ref",
    "read_plan",
    "read_rows",
    "split_leads",
]

_MILESTONE_FIELDS = frozenset({"due", "progress", "status"})
_SHORTEST_UNNUMBERED_HEADING = 20


def read_plan(
    path: Path,
    *,
    sheet: str | None = None,
    table: int | None = None,
    columns: Iterable[str] = (),
    statuses: Iterable[str] = (),
    name: str | None = None,
    limits: Limits | None = None,
) -> PublishedPlan:
    """Read a plan file into published rows. `columns` are `HEADING=FIELD` overrides and
    `statuses` `VALUE=KEY` mappings. Raises ImportRefused for a file that cannot be read."""
    overrides = parse_column_overrides(columns)
    mapping = parse_status_mapping(statuses)
    source = read_tables(path, sheet=sheet, table=table, name=name, limits=limits)
    return read_rows(source, map_columns(source, overrides), mapping)


def read_rows(
    source: SourceTables, mapped: MappedTables, statuses: dict[str, str]
) -> PublishedPlan:
    """Published rows from mapped tables; `statuses` maps normalised values to status keys."""
    reader = _Reader(source.path, statuses, _document_status_key(mapped))
    for column_map in mapped.maps:
        reader.read_table(column_map)
    problems = (*source.problems, *mapped.problems, *reader.problems)
    return PublishedPlan(
        source.path,
        tuple(builder.freeze() for builder in reader.rows),
        tuple(reader.objectives),
        tuple(reader.unplaced),
        tuple(reader.unmapped),
        problems,
        source.title,
    )


def _document_status_key(mapped: MappedTables) -> dict[str, str]:
    """A status key printed as a row of its own (`Key: 1 = Complete, 2 = ...`); a key inside
    an action's cells is that action's text, not a legend."""
    key: dict[str, str] = {}
    for column_map in mapped.maps:
        for row in column_map.table.rows:
            texts = [cell.text for cell in row if cell.text.strip()]
            if len(texts) == 1:
                key |= read_status_key(texts[0])
    return key


class _Reader:
    """Walks the tables in order, carrying the objective and the action being read."""

    def __init__(self, path: str, statuses: dict[str, str], key: dict[str, str]) -> None:
        self.path = path
        self.statuses = statuses
        self.key = key
        self.rows: list[RowBuilder] = []
        self.objectives: list[Objective] = []
        self.unplaced: list[Unplaced] = []
        self.unmapped: list[str] = []
        self.problems: list[Problem] = []
        self.objective: Objective | None = None
        self.current: RowBuilder | None = None
        self.refs: dict[str, Place] = {}

    def read_table(self, column_map: ColumnMap) -> None:
        table = column_map.table
        for row in table.rows[: column_map.header_row - 1]:
            self._maybe_objective(row, column_map)
        header = _row_headings(table.rows[column_map.header_row - 1])
        empties: list[Place] = []
        for row in table.rows[column_map.header_row :]:
            texts = [cell for cell in row if cell.text.strip()]
            if not texts:
                if row:
                    empties.append(row[0].place)
                continue
            if _row_headings(row) == header or self._is_key_row(texts):
                empties.clear()  # a repeated header or a status key: layout, not an action
                continue
            if self._maybe_objective(row, column_map):
                empties.clear()
                continue
            self._report_empty(empties)
            self._read_body_row(row, column_map)

    def _is_key_row(self, texts: list[Cell]) -> bool:
        return len(texts) == 1 and bool(read_status_key(texts[0].text))

    def _maybe_objective(self, row: tuple[Cell, ...], column_map: ColumnMap) -> bool:
        texts = [cell for cell in row if cell.text.strip()]
        if len(texts) != 1 or not _looks_like_heading(texts[0], column_map):
            return False
        if read_status_key(texts[0].text):
            return False
        self.objective = parse_objective(texts[0].text, texts[0].place)
        self.objectives.append(self.objective)
        self.current = None
        return True

    def _report_empty(self, empties: list[Place]) -> None:
        """One warning for a run of empty rows, not one a row: a sheet with a stray cell far
        below the table would otherwise print thousands."""
        if empties:
            first, last = empties[0], empties[-1]
            rows = (
                f"row {first.row} is"
                if first is last
                else f"rows {first.row} to {last.row} ({len(empties)} rows) are"
            )
            self.problems.append(
                warning(
                    self.path,
                    first.row,
                    1,
                    "import-empty-row",
                    f"{first.table_name()}, {rows} empty: skipped",
                )
            )
        empties.clear()

    def _read_body_row(self, row: tuple[Cell, ...], column_map: ColumnMap) -> None:
        fields = {
            name: cell
            for cell in row
            if (name := column_map.field_of(cell.place.column)) is not None
        }
        key_field = "ref" if column_map.has("ref") else "title"
        key = cell_text(fields.get(key_field))
        filled = {
            name
            for name, cell in fields.items()
            if cell.text.strip() or (name == "status" and cell.fill)
        }
        other = _other(row, column_map)
        first = row[0].place
        if key is not None:
            self._start_action(fields, other, first, column_map)
        elif filled <= _MILESTONE_FIELDS and not other and self.current is not None:
            self._continue_action(fields, first, column_map)
        else:
            code = "import-orphan-row" if filled <= _MILESTONE_FIELDS else "import-split-row"
            self._unplace(row, column_map, code)

    def _start_action(
        self,
        fields: dict[str, Cell],
        other: tuple[tuple[str, str], ...],
        place: Place,
        column_map: ColumnMap,
    ) -> None:
        ref = cell_text(fields.get("ref"))
        if ref is not None:
            self._check_duplicate(ref, fields["ref"].place, column_map)
        lead = fields.get("lead")
        if lead is not None and len(split_leads(cell_text(lead))) > 1:
            self.problems.append(
                warning(
                    self.path,
                    lead.place.row,
                    lead.place.column,
                    "import-lead-split",
                    f"{self._where(lead, column_map)}: {len(split_leads(cell_text(lead)))} leads, "
                    "split on line breaks and ';'",
                )
            )
        self._check_due(fields.get("due"), column_map)
        status = self._status(fields.get("status"), column_map)
        self.current = RowBuilder(ref, fields, other, self.objective, place, status)
        self.rows.append(self.current)

    def _continue_action(
        self, fields: dict[str, Cell], place: Place, column_map: ColumnMap
    ) -> None:
        assert self.current is not None
        self._check_due(fields.get("due"), column_map)
        milestone = Milestone(
            cell_text(fields.get("due")),
            split_progress(cell_text(fields.get("progress")) or ""),
            self._status(fields.get("status"), column_map),
            place,
        )
        self.current.continuations.append(milestone)

    def _unplace(self, row: tuple[Cell, ...], column_map: ColumnMap, code: str) -> None:
        place = row[0].place
        cells = tuple(
            (
                column_map.heading_of(cell.place.column) or f"column {cell.place.column}",
                cell.text.strip(),
            )
            for cell in row
            if cell.text.strip()
        )
        self.unplaced.append(Unplaced(place, code, cells))
        if code == "import-split-row":
            message = (
                f"{place.table_name()}, row {place.row} has no ref but has action text "
                "(a row broken across a page, or a missing ref): not placed; join it to "
                "the row it belongs to, or give it a ref"
            )
        else:
            message = (
                f"{place.table_name()}, row {place.row} continues an action (no ref) "
                "but no action is above it: not placed"
            )
        self.problems.append(error(self.path, place.row, 1, code, message))

    def _check_duplicate(self, ref: str, place: Place, column_map: ColumnMap) -> None:
        plain = plain_ref(ref).casefold()
        first = self.refs.get(plain)
        if first is None:
            self.refs[plain] = place
            return
        self.problems.append(
            error(
                self.path,
                place.row,
                place.column,
                "import-duplicate-ref",
                f"{place.describe(column_map.heading_of(place.column))}: ref {plain_ref(ref)!r} "
                f"is already used at {first.table_name()}, row {first.row}: both rows are kept; "
                "give one of them a new ref",
            )
        )

    def _check_due(self, cell: Cell | None, column_map: ColumnMap) -> None:
        if cell is not None and cell.kind == "number":
            self.problems.append(
                warning(
                    self.path,
                    cell.place.row,
                    cell.place.column,
                    "import-due-number",
                    f"{self._where(cell, column_map)}: a number, not a date or wording (an Excel "
                    "date without a date format?); kept as published: format the column as dates",
                )
            )

    def _status(self, cell: Cell | None, column_map: ColumnMap) -> StatusValue:
        if cell is None:
            return StatusValue(None)
        value = resolve_status(cell.text, cell.fill, self.statuses, self.key)
        if value.stated and value.key is None:
            published = value.published()
            if published not in self.unmapped:
                self.unmapped.append(published)
            self.problems.append(
                warning(
                    self.path,
                    cell.place.row,
                    cell.place.column,
                    "import-unknown-status",
                    f"{self._where(cell, column_map)}: a status value with no mapping (listed "
                    "with the result); map it with --status VALUE=KEY",
                )
            )
        return value

    def _where(self, cell: Cell, column_map: ColumnMap) -> str:
        return cell.place.describe(column_map.heading_of(cell.place.column))


def _row_headings(row: tuple[Cell, ...]) -> tuple[str, ...]:
    return tuple(normalise_heading(cell.text) for cell in row if cell.text.strip())


def _looks_like_heading(cell: Cell, column_map: ColumnMap) -> bool:
    width = column_map.table.width
    if cell.span >= 2 and cell.span * 2 >= width:
        return True
    first_column = min((row[0].place.column for row in column_map.table.rows if row), default=1)
    if cell.place.column != first_column:
        return False
    text = cell.text.strip()
    match = OBJECTIVE.fullmatch(text)
    numbered = match is not None and bool(match.group("title").strip())
    return numbered or len(text) >= _SHORTEST_UNNUMBERED_HEADING


def _other(row: tuple[Cell, ...], column_map: ColumnMap) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            column_map.heading_of(cell.place.column) or f"column {cell.place.column}",
            cell.text.strip(),
        )
        for cell in row
        if cell.place.column in column_map.aside and cell.text.strip()
    )
