"""A plan file as plain tables: rows of cells holding their text exactly as published.

`read_tables` takes a `.xlsx`, `.docx` or `.csv` and returns every table in it (or the one
picked with `sheet` / `table`), each cell with its text (line breaks kept), its fill colour
and where it came from. A merged cell appears once, at its first row and column, with its
span; the grid positions it covers are left out of the rows, so a merged objective row is one
cell. Nothing here knows what a column means (see columns.py).

PDF is not read: pdfplumber pulls in pdfminer, Pillow and a pdfium binary, and a table drawn
on a page has no cells to recover reliably. Copy the table into Word or Excel instead.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assurance_cli.importing.cells import (
    Cell,
    Place,
    SourceTables,
    Table,
    clean_text,
    control_problem,
    too_many_rows_message,
)
from assurance_cli.importing.safety import (
    MACRO_SUFFIXES,
    OLD_SUFFIXES,
    ImportRefused,
    Limits,
    check_office_zip,
    read_source_bytes,
    refuse,
)
from assurance_cli.problems import Problem, warning

_SNIFF_BYTES = 64 * 1024  # how much of a CSV file the dialect is guessed from

__all__ = ["Cell", "ImportRefused", "Limits", "Place", "SourceTables", "Table", "read_tables"]


def read_tables(
    path: Path,
    *,
    sheet: str | None = None,
    table: int | None = None,
    name: str | None = None,
    limits: Limits | None = None,
) -> SourceTables:
    """Every table of a `.xlsx`, `.docx` or `.csv` file, or the one `sheet` / `table` picks.

    Raises ImportRefused (an AssureError) when the file cannot be read safely; problems that
    leave the rest readable are returned with the tables."""
    name = name or path.name
    limits = limits or Limits()
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise refuse(
            name,
            "a macro-enabled file is never opened: save a copy as a plain .xlsx or .docx "
            "(without macros) and import that",
        )
    if suffix in OLD_SUFFIXES:
        raise refuse(name, f"the old {suffix} format is not read: save it as {suffix}x")
    if suffix == ".pdf":
        raise refuse(
            name,
            "PDF is not read (a table on a page has no cells to recover): copy the table into "
            "Word or Excel and import that",
        )
    if suffix not in (".xlsx", ".docx", ".csv"):
        raise refuse(name, "give a .xlsx, .docx or .csv file")
    if sheet is not None and suffix != ".xlsx":
        raise refuse(name, "--sheet is for Excel workbooks: use --table N for Word and CSV")
    data = read_source_bytes(path, name, limits)
    if suffix == ".csv":
        if table not in (None, 1):
            raise refuse(name, "a CSV file holds one table: leave out --table")
        return read_csv_bytes(data, name, limits)
    check_office_zip(data, name, suffix[1:], limits)
    if suffix == ".xlsx":
        from assurance_cli.importing.excel import read_workbook  # openpyxl is imported only here

        return read_workbook(data, name, limits, sheet=sheet, table=table)
    from assurance_cli.importing.word import read_document  # python-docx is imported only here

    return read_document(data, name, limits, table=table)


def read_csv_bytes(data: bytes, name: str, limits: Limits) -> SourceTables:
    """One table from CSV bytes: UTF-8 (a BOM is fine), else Windows-1252 with a warning."""
    problems: list[Problem] = []
    if b"\x00" in data:
        raise refuse(name, "the file holds NUL bytes (not a text file): save it as CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise refuse(
                name, "the file is neither UTF-8 nor Windows-1252: save it as CSV UTF-8"
            ) from exc
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            warning(
                name,
                line,
                1,
                "import-encoding",
                "the file is not UTF-8 (first at this line): read as Windows-1252; "
                "save it as CSV UTF-8 to be sure",
            )
        )
    dialect = _sniff(text[:_SNIFF_BYTES])
    rows: list[tuple[Cell, ...]] = []
    width = 0
    filled = 0
    # strict: a quote left open to the end of the file is an error, not a cell that swallows
    # every row after it.
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    try:
        for row_number, record in enumerate(reader, 1):
            if len(record) > limits.columns:
                raise refuse(
                    name,
                    f"row {row_number} has {len(record)} columns, over the limit of "
                    f"{limits.columns}: export only the action table",
                    line=row_number,
                )
            cells = []
            for column, raw in enumerate(record, 1):
                place = Place(1, row_number, column)
                value, changed = clean_text(raw)
                if changed:
                    problems.append(control_problem(name, place))
                cells.append(Cell(value, place))
            if any(cell.text.strip() for cell in cells):
                filled += 1
                if filled > limits.rows:
                    raise refuse(name, too_many_rows_message(limits), line=row_number)
            width = max(width, len(cells))
            rows.append(tuple(cells))
    except csv.Error as exc:
        raise refuse(
            name,
            f'the CSV does not parse at line {reader.line_num} ({exc}): a quote (") left '
            "open? Close it, or save the file again as CSV",
            line=reader.line_num or 1,
        ) from exc
    table = Table(1, "table 1", width, _pad(rows, width, 1, None))
    return SourceTables(name, "csv", (table,), tuple(problems))


def _sniff(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _pad(
    rows: list[tuple[Cell, ...]], width: int, table: int, sheet: str | None
) -> tuple[tuple[Cell, ...], ...]:
    """CSV rows can be ragged: give every row a cell in every column."""
    padded = []
    for number, row in enumerate(rows, 1):
        extra = tuple(
            Cell("", Place(table, number, column, sheet))
            for column in range(len(row) + 1, width + 1)
        )
        padded.append(row + extra)
    return tuple(padded)
