"""Build real Word and Excel plan files for the import tests, with python-docx and openpyxl.

Seed 002 (tests/import_seed002.py) as a board would publish it: in Word, one table per
objective whose first row is the objective merged across the table, then the column headings,
then the actions, with multi-line cells as paragraphs and 1d's milestones as continuation rows
under vertically merged Ref, Activity, Outcome, Lead and Measure cells; in Excel, the same
blocks stacked on one sheet with the objective rows merged across. `colour_status` leaves the
Status column empty and fills each cell with its status's RAG colour instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.import_seed002 import OBJECTIVES

REPO = Path(__file__).resolve().parents[1]
RAG_FILLS = {
    "red": "FF0000",
    "amber": "FFC000",
    "green": "00B050",
    "blue": "0070C0",
    "grey": "BFBFBF",
}
# The columns a continuation row leaves to the action above it (merged down in the files).
MERGED_DOWN = (0, 1, 2, 4, 5)


def board() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "data" / "board.yaml").read_text())
    return loaded


def status_fill(label: str) -> str:
    """The RAG fill of a status as board.yaml colours it (seed 002 prints the words only)."""
    for status in board()["statuses"]:
        if status["label"] == label:
            return RAG_FILLS[status["rag"]]
    raise KeyError(label)


def status_options(*, colours: bool = False) -> list[str]:
    """`--status` values a board would pass: its labels, or its RAG letters."""
    if colours:
        letters = {"red": "R", "amber": "A", "green": "G", "blue": "B"}
        return [
            f"{letters[s['rag']]}={s['id']}" for s in board()["statuses"] if s["rag"] in letters
        ]
    return [f"{s['label']}={s['id']}" for s in board()["statuses"]]


def _groups(rows: list[tuple[str, ...]]) -> list[list[tuple[str, ...]]]:
    """Each action's row with the continuation rows below it."""
    groups: list[list[tuple[str, ...]]] = []
    for row in rows:
        if row[0] or not groups:
            groups.append([row])
        else:
            groups[-1].append(row)
    return groups


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write_lines(cell: Any, text: str) -> None:
    """One paragraph per line, as Word keeps a cell typed with Enter."""
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def build_seed_docx(path: Path, *, colour_status: bool = False) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("SSCB Action Plan 2015-16", 1)
    for objective in OBJECTIVES:
        rows: list[tuple[str, ...]] = objective["rows"]  # type: ignore[assignment]
        headings: list[str] = objective["headings"]  # type: ignore[assignment]
        table = document.add_table(rows=2 + len(rows), cols=8)
        table.style = "Table Grid"
        heading_cell = table.rows[0].cells[0].merge(table.rows[0].cells[7])
        heading_cell.text = str(objective["heading"])
        for column, heading in enumerate(headings):
            table.rows[1].cells[column].text = heading
        index = 2
        for group in _groups(rows):
            if len(group) > 1:
                for column in MERGED_DOWN:
                    table.cell(index, column).merge(table.cell(index + len(group) - 1, column))
            for offset, row in enumerate(group):
                cells = table.rows[index + offset].cells
                for column, text in enumerate(row):
                    if offset and column in MERGED_DOWN:
                        continue
                    if column == 7 and colour_status:
                        _shade(cells[column], status_fill(text))
                        continue
                    _write_lines(cells[column], text)
            index += len(group)
        document.add_paragraph("")
    document.save(str(path))
    return path


def build_seed_xlsx(path: Path, *, colour_status: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Action plan 2015-16"
    line = 1
    for objective in OBJECTIVES:
        rows: list[tuple[str, ...]] = objective["rows"]  # type: ignore[assignment]
        headings: list[str] = objective["headings"]  # type: ignore[assignment]
        sheet.cell(line, 1, str(objective["heading"]))
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=8)
        for column, heading in enumerate(headings, 1):
            sheet.cell(line + 1, column, heading)
        line += 2
        for group in _groups(rows):
            for offset, row in enumerate(group):
                for column, text in enumerate(row, 1):
                    if offset and column - 1 in MERGED_DOWN:
                        continue
                    cell = sheet.cell(line + offset, column)
                    if column == 8 and colour_status:
                        cell.fill = PatternFill("solid", fgColor="FF" + status_fill(text))
                        continue
                    cell.value = text or None
                    cell.alignment = Alignment(wrap_text=True)
            if len(group) > 1:
                for column in MERGED_DOWN:
                    sheet.merge_cells(
                        start_row=line,
                        start_column=column + 1,
                        end_row=line + len(group) - 1,
                        end_column=column + 1,
                    )
            line += len(group)
        line += 1  # a blank row between objectives
    book.save(str(path))
    return path
