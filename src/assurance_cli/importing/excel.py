"""Excel workbooks (`.xlsx`) as plain tables, through openpyxl in read-only mode.

Read-only mode streams a sheet row by row, so a huge sheet is refused at the row limit rather
than loaded whole; but it does not report merged cells or formulas. Those come from one
streaming pass over the sheet's XML part (`_scan_sheet`), read from the same checked bytes.
Cells are read with their last saved values (`data_only`): a formula is never evaluated and
never kept as a formula, and each one is reported. Links to other workbooks are not loaded.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO
from typing import Any
from xml.etree import ElementTree

from assurance_cli.importing.cells import (
    Cell,
    Place,
    SourceTables,
    Table,
    clean_text,
    control_problem,
    too_many_columns,
    too_many_rows,
)
from assurance_cli.importing.safety import Limits, opened_workbook, refuse
from assurance_cli.importing.updates import ABOUT_SHEET
from assurance_cli.importing.updates import SHEET as UPDATE_SHEET
from assurance_cli.problems import Problem, error, warning

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class _SheetScan:
    merges: tuple[tuple[int, int, int, int], ...]  # min_row, min_col, max_row, max_col
    formulas: dict[tuple[int, int], bool]  # (row, column) -> has a saved value


def read_workbook(
    data: bytes, name: str, limits: Limits, *, sheet: str | None, table: int | None
) -> SourceTables:
    with opened_workbook(data, name, data_only=True) as book:
        if {ABOUT_SHEET, UPDATE_SHEET} <= set(book.sheetnames):
            raise refuse(
                name,
                "this is a leads' update workbook made by `assure export --format xlsx`: "
                "apply it with `assure import-updates`, which checks each row's stamp and "
                "keeps the progress log append-only",
            )
        chosen = _choose_sheets(book, name, sheet, table)
        parts = _sheet_parts(data)
        tables: list[Table] = []
        problems: list[Problem] = []
        for number, worksheet in chosen:
            scan = _scan_sheet(data, parts.get(worksheet.title), name)
            read = _read_sheet(worksheet, number, scan, name, limits)
            tables.append(read[0])
            problems += read[1]
    return SourceTables(name, "xlsx", tuple(tables), tuple(problems))


def _choose_sheets(book: Any, name: str, sheet: str | None, table: int | None) -> list[Any]:
    sheets = list(enumerate(book.worksheets, 1))
    if sheet is not None:
        for number, worksheet in sheets:
            if worksheet.title == sheet or worksheet.title.casefold() == sheet.casefold():
                return [(number, worksheet)]
        names = ", ".join(f"'{worksheet.title}'" for _, worksheet in sheets)
        raise refuse(name, f"no sheet named '{sheet}': the sheets are {names}")
    if table is not None:
        if not 1 <= table <= len(sheets):
            raise refuse(name, f"no sheet {table}: the workbook has {len(sheets)} sheet(s)")
        return [sheets[table - 1]]
    return sheets


def _sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name -> the zip part holding its XML, from workbook.xml and its relationships."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        try:
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except KeyError:
            return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for entry in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(entry.get(f"{_REL}id"), "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[entry.get("name", "")] = posixpath.normpath(part)
    return parts


def _scan_sheet(data: bytes, part: str | None, name: str) -> _SheetScan:
    merges: list[tuple[int, int, int, int]] = []
    formulas: dict[tuple[int, int], bool] = {}
    if part is None:
        return _SheetScan((), formulas)
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    with zipfile.ZipFile(BytesIO(data)) as archive:
        try:
            source = archive.open(part)
        except KeyError:
            return _SheetScan((), formulas)
        with source:
            try:
                for _, element in ElementTree.iterparse(source, events=("end",)):
                    tag = element.tag
                    if tag == f"{_MAIN}c":
                        if element.find(f"{_MAIN}f") is not None and element.get("r"):
                            saved = element.find(f"{_MAIN}v")
                            has_value = saved is not None and bool(saved.text)
                            formulas[coordinate_to_tuple(element.get("r", ""))] = has_value
                        element.clear()
                    elif tag == f"{_MAIN}row":
                        element.clear()
                    elif tag == f"{_MAIN}mergeCell" and element.get("ref"):
                        bounds = range_boundaries(element.get("ref"))
                        if None not in bounds:  # a whole-row or whole-column merge: ignored
                            min_col, min_row, max_col, max_row = (int(b or 0) for b in bounds)
                            merges.append((min_row, min_col, max_row, max_col))
            except (ElementTree.ParseError, ValueError, TypeError) as exc:
                raise refuse(
                    name, "a sheet's XML does not parse: open it in Excel and save it again"
                ) from exc
    return _SheetScan(tuple(merges), formulas)


def _read_sheet(
    worksheet: Any, number: int, scan: _SheetScan, name: str, limits: Limits
) -> tuple[Table, list[Problem]]:
    title = worksheet.title
    covered, spans = _merge_maps(scan.merges, limits)
    problems: list[Problem] = []
    grid: list[dict[int, Cell]] = []
    width = 0
    filled = 0
    seen = 0
    worksheet.reset_dimensions()  # the stored dimension can claim a million rows; ignore it
    for row_number, row in enumerate(worksheet.iter_rows(), 1):
        cells: dict[int, Cell] = {}
        for raw in row:
            seen += 1
            if seen > limits.cells:
                raise too_many_rows(name, limits, row_number)
            if raw.value is None and not getattr(raw, "row", None):
                continue  # openpyxl's placeholder for a gap in the row
            column = raw.column
            if (row_number, column) in covered:
                continue
            cell, cell_problems = _read_cell(
                raw,
                Place(number, row_number, column, title),
                spans.get((row_number, column)),
                scan,
                name,
            )
            problems += cell_problems
            if column > limits.columns:
                if cell.text:
                    raise too_many_columns(name, limits, row_number, column)
                continue  # formatting far to the right of the table, with nothing in it
            if cell.text or cell.fill or cell.span > 1:
                width = max(width, min(column + cell.span - 1, limits.columns))
            cells[column] = cell
        if any(cell.text.strip() for cell in cells.values()):
            filled += 1
            if filled > limits.rows:
                raise too_many_rows(name, limits, row_number)
        grid.append(cells)
    rows = _square(grid, width, covered, number, title)
    return Table(number, f"sheet '{title}'", width, rows), problems


def _merge_maps(
    merges: tuple[tuple[int, int, int, int], ...], limits: Limits
) -> tuple[set[tuple[int, int]], dict[tuple[int, int], tuple[int, int]]]:
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for min_row, min_col, max_row, max_col in merges:
        # A merge reaching past the limits is clipped: only its first cell carries text.
        max_row = min(max_row, min_row + limits.rows)
        max_col = min(max_col, limits.columns)
        spans[(min_row, min_col)] = (max_col - min_col + 1, max_row - min_row + 1)
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                if (row, column) != (min_row, min_col):
                    covered.add((row, column))
    return covered, spans


def _read_cell(
    raw: Any,
    place: Place,
    span: tuple[int, int] | None,
    scan: _SheetScan,
    name: str,
) -> tuple[Cell, list[Problem]]:
    problems: list[Problem] = []
    text, kind = _value_text(raw.value)
    cleaned, changed = clean_text(text)
    if changed:
        problems.append(control_problem(name, place))
    number_format = raw.number_format if kind in ("number", "date") else None
    formula = scan.formulas.get((place.row, place.column))
    if formula is not None:
        number_format = raw.number_format
        problems.append(_formula_problem(name, place, has_value=formula))
        kind = "formula"
    columns, rows = span or (1, 1)
    return (
        Cell(cleaned, place, _fill(raw), columns, rows, kind, number_format),
        problems,
    )


def _value_text(value: object) -> tuple[str, str]:
    if value is None:
        return "", "text"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), "bool"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat(), "date"
        return value.isoformat(), "date"
    if isinstance(value, (date, time)):
        return value.isoformat(), "date"
    if isinstance(value, int):
        return str(value), "number"
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), "number"
    return str(value), "text"


def _formula_problem(name: str, place: Place, *, has_value: bool) -> Problem:
    if has_value:
        return warning(
            name,
            place.row,
            place.column,
            "import-formula",
            f"{place.describe()} holds a formula: never evaluated; its last saved value is used",
        )
    return error(
        name,
        place.row,
        place.column,
        "import-formula",
        f"{place.describe()} holds a formula with no saved value: it reads as empty; "
        "replace the formula by its value (Paste Special, Values) and save",
    )


def _fill(raw: Any) -> str | None:
    try:
        fill = raw.fill
    except (AttributeError, IndexError, KeyError):
        return None
    if fill is None or getattr(fill, "patternType", None) in (None, "none"):
        return None
    colour = getattr(fill, "fgColor", None)
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) >= 6:
        return colour.rgb[-6:].upper()
    if colour.type == "indexed" and isinstance(colour.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        if 0 <= colour.indexed < len(COLOR_INDEX):
            return str(COLOR_INDEX[colour.indexed])[-6:].upper()
    return None  # a theme colour: its value lives in the theme, not in the cell


def _square(
    grid: list[dict[int, Cell]],
    width: int,
    covered: set[tuple[int, int]],
    number: int,
    title: str,
) -> tuple[tuple[Cell, ...], ...]:
    """Every row with a cell in every column up to `width`, except where a merge covers it."""
    last = max((index for index, cells in enumerate(grid) if _has_content(cells)), default=-1)
    rows = []
    for index, cells in enumerate(grid[: last + 1]):
        row_number = index + 1
        rows.append(tuple(_row_cells(cells, row_number, width, covered, number, title)))
    return tuple(rows)


def _row_cells(
    cells: dict[int, Cell],
    row_number: int,
    width: int,
    covered: set[tuple[int, int]],
    number: int,
    title: str,
) -> Iterator[Cell]:
    for column in range(1, width + 1):
        if (row_number, column) in covered:
            continue
        yield cells.get(column) or Cell("", Place(number, row_number, column, title))


def _has_content(cells: dict[int, Cell]) -> bool:
    return any(cell.text or cell.fill for cell in cells.values())
