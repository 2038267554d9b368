"""Word documents (`.docx`) as plain tables, through python-docx.

python-docx opens the package (its XML parser does not resolve entities); the tables are read
from the XML it exposes, because its `row.cells` repeats a merged cell once per grid column
and once per merged row. Here a cell is read once, from its own `w:tc` element: a
horizontally merged objective row is one cell with its span, and the rows a vertical merge
covers leave that position out. Every table is read in document order, nested ones too (each
reported, and read as a table of its own, so their text is not lost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any

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
from assurance_cli.importing.safety import Limits, refuse
from assurance_cli.problems import Problem, warning

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_SKIPPED_RUNS = (f"{_W}del", f"{_W}moveFrom")


@dataclass
class _RawCell:
    column: int
    span: int
    continues: bool  # a vertical merge's later row: its text is the cell above's
    element: Any
    rows: int = 1


def read_document(data: bytes, name: str, limits: Limits, *, table: int | None) -> SourceTables:
    import docx

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # any failure inside the library means "not readable"
        raise refuse(
            name,
            f"the document cannot be read ({type(exc).__name__}): open it in Word and save it "
            "again as .docx",
        ) from exc
    found = list(document.element.body.iter(f"{_W}tbl"))
    if len(found) > limits.tables:
        raise refuse(
            name,
            f"the document has {len(found)} tables, over the limit of "
            f"{limits.tables}: copy the action tables to a new document",
        )
    if table is not None and not 1 <= table <= len(found):
        raise refuse(name, f"no table {table}: the document has {len(found)} table(s)")
    tables: list[Table] = []
    problems: list[Problem] = []
    for number, element in enumerate(found, 1):
        if table is not None and number != table:
            continue
        nested = _parent_table(element)
        if nested is not None:
            problems.append(
                warning(
                    name,
                    1,
                    1,
                    "import-nested-table",
                    f"table {number} is inside a cell of table {found.index(nested) + 1}: "
                    "read as a table of its own",
                )
            )
        read, read_problems = _read_table(element, number, name, limits, nested=nested is not None)
        tables.append(read)
        problems += read_problems
    return SourceTables(name, "docx", tuple(tables), tuple(problems), _heading(document))


_LONGEST_TITLE = 200


def _heading(document: Any) -> str | None:
    """The document's title: the first paragraph before the first table styled as a title or
    heading, else the first non-empty one if it is short enough to be a title."""
    first: str | None = None
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}tbl":
            break
        if child.tag != f"{_W}p":
            continue
        text = " ".join(clean_text(_paragraph_text(child))[0].split())
        if not text:
            continue
        style = child.find(f"{_W}pPr/{_W}pStyle")
        name = (style.get(f"{_W}val", "") if style is not None else "").lower()
        if name.startswith(("title", "heading")):
            return text
        if first is None and len(text) <= _LONGEST_TITLE:
            first = text
    return first


def _parent_table(element: Any) -> Any:
    for ancestor in element.iterancestors(f"{_W}tbl"):
        return ancestor
    return None


def _read_table(
    element: Any, number: int, name: str, limits: Limits, *, nested: bool
) -> tuple[Table, list[Problem]]:
    raw_rows = [_raw_row(row) for row in element.findall(f"{_W}tr")]
    _count_vertical_spans(raw_rows)
    problems: list[Problem] = []
    rows: list[tuple[Cell, ...]] = []
    width = 0
    filled = 0
    for row_number, raw_row in enumerate(raw_rows, 1):
        cells = []
        for raw in raw_row:
            if raw.continues:
                continue
            place = Place(number, row_number, raw.column)
            text, changed = clean_text(_cell_text(raw.element))
            if changed:
                problems.append(control_problem(name, place))
            if raw.column + raw.span - 1 > limits.columns:
                raise too_many_columns(name, limits, row_number, raw.column)
            width = max(width, raw.column + raw.span - 1)
            cells.append(Cell(text, place, _shading(raw.element), raw.span, raw.rows))
        if any(cell.text.strip() for cell in cells):
            filled += 1
            if filled > limits.rows:
                raise too_many_rows(name, limits, row_number)
        rows.append(tuple(cells))
    return Table(number, f"table {number}", width, tuple(rows), nested), problems


def _raw_row(row: Any) -> list[_RawCell]:
    column = 1 + _int_attr(row.find(f"{_W}trPr/{_W}gridBefore"), 0)
    cells = []
    for tc in row.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
        properties = tc.find(f"{_W}tcPr")
        span = max(
            1, _int_attr(None if properties is None else properties.find(f"{_W}gridSpan"), 1)
        )
        merge = None if properties is None else properties.find(f"{_W}vMerge")
        continues = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
        cells.append(_RawCell(column, span, continues, tc))
        column += span
    return cells


def _count_vertical_spans(rows: list[list[_RawCell]]) -> None:
    """Give each vertical merge's first cell the number of rows it covers."""
    open_merges: dict[int, _RawCell] = {}
    for raw_row in rows:
        for raw in raw_row:
            if raw.continues and raw.column in open_merges:
                open_merges[raw.column].rows += 1
            elif not raw.continues:
                open_merges[raw.column] = raw


def _int_attr(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(f"{_W}val", default))
    except ValueError:
        return default


def _cell_text(tc: Any) -> str:
    """The cell's own paragraphs, one per line; a nested table's text is not included."""
    return "\n".join(
        _paragraph_text(paragraph) for paragraph in tc.xpath("./w:p | ./w:sdt/w:sdtContent/w:p")
    )


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for run in paragraph.iter(f"{_W}r"):
        if any(ancestor.tag in _SKIPPED_RUNS for ancestor in run.iterancestors()):
            continue  # tracked deletions are not the published text
        for node in run:
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
    return "".join(parts)


def _shading(tc: Any) -> str | None:
    shading = tc.find(f"{_W}tcPr/{_W}shd")
    if shading is None:
        return None
    fill = shading.get(f"{_W}fill", "")
    return fill.upper() if _HEX.fullmatch(fill) else None
