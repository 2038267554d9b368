"""The leads' update workbook (`assure export --format xlsx`, `assure import-updates`): its
columns, declared once for the writer (render/workbook.py) and the reader, the stamp of a
record's content, and the reading of a returned workbook into plain rows.

A returned workbook is read as hostile input: the bytes pass `safety.check_office_zip` (zip
bombs, macros, entities) before openpyxl sees them, the sheet is streamed and refused past the
limits, and cells are read as stored (`data_only=False`): a formula is never evaluated and
never taken, every formula cell is a problem naming the file, sheet and cell. Dates are taken
as Excel dates, as Excel numbers (a date cell whose format was lost) or as text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from assurance_cli.dates import DATE_ADVICE, DateError, PartialDate, day, read_date
from assurance_cli.importing.cells import clean_text
from assurance_cli.importing.safety import (
    Limits,
    check_office_zip,
    opened_workbook,
    read_source_bytes,
    refuse,
)
from assurance_cli.problems import Problem, error, warning

SHEET = "Actions"
KEY_SHEET = "Key"
# The version of the workbook's layout, in the hidden `assure` sheet: a workbook of another
# layout is refused rather than misread.
LAYOUT = "assure update workbook 1"
ABOUT_SHEET = "assure"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    width: int
    editable: bool = False
    hidden: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("plan", "Plan", 10),
    Column("ref", "Ref", 8),
    Column("title", "Action", 60),
    Column("due", "Due", 18),
    Column("lead", "Lead", 30),
    Column("status", "Status", 32, editable=True),
    Column("progress", "New progress entry", 60, editable=True),
    Column("progress_date", "Date of entry", 14, editable=True),
    Column("new_due", "Proposed new due date", 18, editable=True),
    Column("reason", "Reason for the new date", 40, editable=True),
    # Hidden: which record the row is, its status and its content when exported.
    Column("id", "assure id", 16, hidden=True),
    Column("exported_status", "assure status", 16, hidden=True),
    Column("stamp", "assure stamp", 16, hidden=True),
)
COLUMN_NUMBER = {column.key: number for number, column in enumerate(COLUMNS, 1)}
HEADINGS = {column.heading: column.key for column in COLUMNS}
# The rows of a returned workbook it reads at most (a board's plans hold hundreds of actions;
# a workbook of a whole 10,000-action synthetic board still comes back whole).
UPDATE_LIMITS = Limits(rows=20_000, columns=50)


def content_stamp(raw: bytes) -> str:
    """A record file's content as the workbook remembers it: any change to the file since
    the export (a comment, a space) changes it."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Where:
    """A cell of a returned workbook, as messages name it."""

    file: str
    row: int
    column: int

    @property
    def cell(self) -> str:
        return f"{column_letter(self.column)}{self.row}"

    def describe(self) -> str:
        return f"sheet '{SHEET}', cell {self.cell}"


@dataclass(frozen=True)
class ReturnedRow:
    """One row of a returned workbook: what the lead changed, read and typed."""

    file: str
    row: int
    action_id: str
    stamp: str
    exported_status: str | None
    status: str | None  # the status cell's text (a label, or an id)
    progress: str | None
    progress_date: PartialDate | None
    new_due: PartialDate | None
    reason: str | None
    unreadable: frozenset[str] = frozenset()  # the keys of cells whose value was refused

    def at(self, key: str) -> Where:
        return Where(self.file, self.row, COLUMN_NUMBER[key])

    @property
    def status_changed(self) -> bool:
        return (self.status or None) != (self.exported_status or None)

    @property
    def changed(self) -> bool:
        return bool(
            self.status_changed
            or self.progress
            or self.progress_date
            or self.new_due
            or self.reason
        )


@dataclass(frozen=True)
class ReturnedWorkbook:
    name: str
    rows: tuple[ReturnedRow, ...]
    problems: tuple[Problem, ...]  # cells that cannot be taken (errors) or were cleaned
    board: str | None = None  # the board it was exported from, as its hidden sheet says


def read_returned_workbook(
    path: Path, *, statuses: dict[str, str], limits: Limits = UPDATE_LIMITS
) -> ReturnedWorkbook:
    """The rows of a workbook `assure export` wrote and a lead sent back. `ImportRefused`
    (exit 2) for a file that cannot be read safely or is not such a workbook.

    `statuses`: the board's status labels by id, to read the status cell's label back as
    its id (in any case; a typed id is taken too)."""
    name = path.name
    data = read_source_bytes(path, name, limits)
    check_office_zip(data, name, "xlsx", limits)
    with opened_workbook(data, name, data_only=False) as book:
        if SHEET not in book.sheetnames:
            raise refuse(name, _NOT_OURS)
        board = _check_layout(book, name)
        labels = {label.casefold(): id_ for id_, label in statuses.items()}
        labels.update({id_.casefold(): id_ for id_ in statuses})
        rows, problems = _read_rows(book[SHEET], name, limits, labels)
    return ReturnedWorkbook(name, tuple(rows), tuple(problems), board)


_NOT_OURS = (
    f"not a workbook made by `assure export --format xlsx` (no sheet '{SHEET}' with its "
    "columns): updates are read only from a workbook assure exported"
)


def _check_layout(book: Any, name: str) -> str | None:
    """Refuse a workbook of another layout; the board it was exported from, if it says."""
    if ABOUT_SHEET not in book.sheetnames:
        raise refuse(name, _NOT_OURS)
    about = list(book[ABOUT_SHEET].iter_rows(min_row=1, max_row=10, values_only=True))
    if not about or not about[0] or about[0][0] != LAYOUT:
        raise refuse(
            name,
            "this workbook was made by another version of assure export: export a new one",
        )
    boards = [row[1] for row in about[1:] if len(row) >= 2 and row[0] == "board"]
    return boards[0] if boards and isinstance(boards[0], str) else None


def _read_rows(
    sheet: Any, name: str, limits: Limits, labels: dict[str, str]
) -> tuple[list[ReturnedRow], list[Problem]]:
    sheet.reset_dimensions()  # the stored dimension can claim a million rows; ignore it
    problems: list[Problem] = []
    rows: list[ReturnedRow] = []
    columns: dict[int, str] | None = None
    seen = filled = 0
    for row_number, row in enumerate(sheet.iter_rows(), 1):
        values: dict[str, object] = {}
        for cell in row:
            seen += 1
            if seen > limits.cells:
                raise refuse(name, _too_big(limits), line=row_number)
            value = getattr(cell, "value", None)
            if value is None:
                continue
            column = cell.column
            if column > limits.columns:
                raise refuse(name, _too_wide(limits), line=row_number, col=column)
            if cell.data_type == "f" or not isinstance(value, _PLAIN):
                problems.append(_formula(Where(name, row_number, column)))
                continue
            if columns is not None and column in columns:
                values[columns[column]] = value
            elif columns is None:
                values[str(column)] = value
        if columns is None:
            columns = _header(values, name)
            continue
        if not values:
            continue
        filled += 1
        if filled > limits.rows:
            raise refuse(name, _too_big(limits), line=row_number)
        read = _row(values, name, row_number, labels)
        problems += read[1]
        if read[0] is not None:
            rows.append(read[0])
    if columns is None:
        raise refuse(name, _NOT_OURS)
    return rows, problems


_PLAIN = (str, int, float, datetime, date, time, bool)


def _header(values: dict[str, object], name: str) -> dict[int, str]:
    found = {int(column): HEADINGS.get(str(text).strip()) for column, text in values.items()}
    columns = {column: key for column, key in found.items() if key is not None}
    missing = [c.heading for c in COLUMNS if c.key not in columns.values()]
    if missing or any(COLUMN_NUMBER[key] != column for column, key in columns.items()):
        raise refuse(name, _NOT_OURS)
    return columns


def _row(
    values: dict[str, object], name: str, row_number: int, labels: dict[str, str]
) -> tuple[ReturnedRow | None, list[Problem]]:
    problems: list[Problem] = []
    unreadable: set[str] = set()

    def where(key: str) -> Where:
        return Where(name, row_number, COLUMN_NUMBER[key])

    def text(key: str) -> str | None:
        value = values.get(key)
        if value is None:
            return None
        raw = value if isinstance(value, str) else _plain_text(value)
        cleaned, changed = clean_text(raw)
        if changed:
            place = where(key)
            problems.append(
                warning(
                    name,
                    place.row,
                    place.column,
                    "import-control-character",
                    f"{place.describe()}: control or bidirectional characters removed",
                )
            )
        return cleaned.strip() or None

    def when(key: str) -> PartialDate | None:
        value = values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        found = read_cell_date(value)
        if isinstance(found, str):
            place = where(key)
            unreadable.add(key)
            message = f"{place.describe()}: {found}"
            problems.append(error(name, place.row, place.column, "update-invalid", message))
            return None
        return found

    action_id = text("id")
    stamp = text("stamp")
    status_text = text("status")
    status = labels.get(status_text.casefold(), status_text) if status_text else None
    returned = ReturnedRow(
        name,
        row_number,
        action_id or "",
        stamp or "",
        text("exported_status"),
        status,
        text("progress"),
        when("progress_date"),
        when("new_due"),
        text("reason"),
        frozenset(unreadable),
    )
    if returned.changed and (not action_id or not stamp):
        place = where("id")
        problems.append(
            error(
                name,
                place.row,
                1,
                "update-stale",
                f"sheet '{SHEET}', row {row_number} has no hidden action id or stamp (a row "
                "added or pasted in?): only the rows assure exported can be updated",
            )
        )
        return None, problems
    return returned, problems


def read_cell_date(value: object) -> PartialDate | str:
    """A date cell's value as a date, or why it is not one: an Excel date, an Excel number
    (the days since 1899-12-30, as Excel counts them), or text a rule of `read_date` reads
    (2016-10-31, 31/10/2016, October 2016, Q3 2016/17...)."""
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            return "a date and time: give the date alone"
        return day(value.date())
    if isinstance(value, date):
        return day(value)
    if isinstance(value, bool):
        return "not a date: " + DATE_ADVICE
    if isinstance(value, (int, float)):
        if not float(value).is_integer() or not _FIRST_SERIAL <= value <= _LAST_SERIAL:
            return f"the number {value} is not a date Excel can show: " + DATE_ADVICE
        return day(_EXCEL_EPOCH + timedelta(days=int(value)))
    if isinstance(value, str):
        try:
            found = read_date(" ".join(value.split()))
            # A day or a month the lead typed (31/10/2016, October 2016) is kept as a date;
            # a longer period (Q3 2016/17, Autumn 2016) keeps its wording.
            if found.day_given or found.whole_month:
                return PartialDate(found.last, found.first)
            return found
        except DateError as exc:
            return f"not a date: {exc}"
        except ValueError:
            return "no such date: years run from 0001 to 9999"
    return "not a date: " + DATE_ADVICE


# Excel's day 1 is 1900-01-01, and it counts a 29 February 1900 that never was: from day 61
# on, a day number is the days since 1899-12-30. Days before 1 March 1900 are refused.
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_SERIAL = 61
_LAST_SERIAL = (date(9999, 12, 31) - _EXCEL_EPOCH).days


def _plain_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0, 0) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _formula(where: Where) -> Problem:
    return error(
        where.file,
        where.row,
        where.column,
        "update-formula",
        f"{where.describe()} holds a formula: formulas are never evaluated or taken; type the "
        "value itself (or Paste Special, Values) and save",
    )


def _too_big(limits: Limits) -> str:
    return (
        f"the sheet '{SHEET}' has more than {limits.rows} filled rows (or {limits.cells} cells): "
        "not a workbook assure exported; export one per plan or lead"
    )


def _too_wide(limits: Limits) -> str:
    return (
        f"a cell is past column {limits.columns} of the sheet '{SHEET}': not a workbook assure "
        "exported; delete what was added to the right of it"
    )


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
