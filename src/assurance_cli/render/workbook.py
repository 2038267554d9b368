"""The leads' update workbook (`assure export --format xlsx`): one row per action, with its
ref, title, due date and lead locked, a status drop-down of the board's statuses with their
RAG fills (the status word is always in the cell: colour is never the only signal), and
columns for a new progress entry, a proposed new due date and its reason. The columns are
declared in importing/updates.py, which reads the workbook when it comes back.

The sheets are protected without a password: the protection stops slips (typing over a ref),
not a determined user; what protects the records is the hidden stamp of each record's content,
which `import-updates` compares with the record as it is then.

Record text is always written as text: a title that starts with `=` is stored as a string,
never as a formula, and characters a workbook cannot hold are replaced by U+FFFD.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from io import BytesIO
from typing import Any

from assurance_cli.importing.updates import (
    ABOUT_SHEET,
    COLUMN_NUMBER,
    COLUMNS,
    KEY_SHEET,
    LAYOUT,
    SHEET,
    column_letter,
)
from assurance_cli.queries.export import UpdateSheet
from assurance_cli.render.papers.colour import text_colour_on
from assurance_cli.render.papers.palette import NOT_STATED, rag_label, shade

# Excel holds at most this many characters in a cell.
CELL_LIMIT = 32_767
_CUT = " [cut: the record holds more]"
HEADER_FILL = "D9D9D9"
EDITABLE_FILL = "FFF2CC"  # the header of the columns a lead fills in
INSTRUCTIONS = (
    "How to return updates",
    "Change only the Status, New progress entry, Date of entry, Proposed new due date and "
    "Reason for the new date columns; the other cells are locked.",
    "A new status needs a new progress entry in the same row: what was done (for a status "
    "that closes the action, see above), or why it changed.",
    "A proposed new due date needs its reason. Write dates as 31/10/2016, 2016-10-31 or "
    "October 2016. Date of entry: when the progress happened (blank: the day it is imported).",
    "Type values, never formulas: a workbook with a formula is refused. Save as .xlsx and send "
    "it back; do not copy rows into another workbook.",
)


def update_workbook(sheet: UpdateSheet, *, exported_on: date) -> bytes:
    """The workbook's bytes (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    book = Workbook()
    actions = book.active
    assert actions is not None
    actions.title = SHEET
    _write_actions(actions, sheet)
    _write_key(book.create_sheet(KEY_SHEET), sheet)
    about = book.create_sheet(ABOUT_SHEET)
    about.append([LAYOUT])
    about.append(["exported", exported_on.isoformat()])
    about.append(["board", _text(sheet.board)])
    about.append(["plan", sheet.plan or "all"])
    about.append(["lead", sheet.lead or "all"])
    about.sheet_state = "veryHidden"
    book.security = WorkbookProtection(lockStructure=True)
    book.properties.creator = "assure"
    book.properties.title = _text(f"{sheet.board}: action updates")
    out = BytesIO()
    book.save(out)
    return _dated(out.getvalue(), exported_on)


def _dated(data: bytes, day: date) -> bytes:
    """The workbook with every timestamp the export's day (openpyxl writes the clock's time
    in the document's properties and in each part's zip entry): the same records exported on
    the same day give the same bytes."""
    stamp = f"{day.isoformat()}T00:00:00Z".encode("ascii")
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _TIMESTAMP.sub(rb"\g<1>" + stamp, content)
            entry = zipfile.ZipInfo(
                info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0)
            )
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


_TIMESTAMP = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*")


def _write_actions(actions: Any, sheet: UpdateSheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    unlocked = Protection(locked=False)
    header = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    editable = PatternFill("solid", start_color=EDITABLE_FILL, end_color=EDITABLE_FILL)
    for number, column in enumerate(COLUMNS, 1):
        cell = actions.cell(1, number)
        _set_text(cell, column.heading)
        cell.font = bold
        cell.fill = editable if column.editable else header
        cell.alignment = wrap
        letter = column_letter(number)
        actions.column_dimensions[letter].width = column.width
        actions.column_dimensions[letter].hidden = column.hidden
        if column.editable:
            actions.column_dimensions[letter].protection = unlocked
    wrapped = {"title", "lead", "progress", "reason", "status"}
    for line, row in enumerate(sheet.rows, 2):
        values = {
            "plan": row.plan or NOT_STATED,
            "ref": row.ref,
            "title": row.title or NOT_STATED,
            "due": row.due or NOT_STATED,
            "lead": "; ".join(row.leads) or NOT_STATED,
            "status": row.status_label,
            "id": row.action_id,
            "exported_status": row.status,
            "stamp": row.stamp,
        }
        for column in COLUMNS:
            cell = actions.cell(line, COLUMN_NUMBER[column.key])
            value = values.get(column.key)
            if value is not None:
                _set_text(cell, value)
            cell.alignment = wrap if column.key in wrapped else top
            if column.editable:
                cell.protection = unlocked
    last = len(sheet.rows) + 1
    visible = [number for number, column in enumerate(COLUMNS, 1) if not column.hidden]
    actions.freeze_panes = "C2"
    actions.auto_filter.ref = f"A1:{column_letter(max(visible))}{last}"
    _status_choices(actions, sheet, last)
    _protect(actions)


def _status_choices(actions: Any, sheet: UpdateSheet, last: int) -> None:
    """The drop-down of the board's statuses (listed on the Key sheet), and each status's
    RAG fill when the cell holds its word."""
    if not sheet.statuses or last < 2:
        return
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = column_letter(COLUMN_NUMBER["status"])
    cells = f"{letter}2:{letter}{last}"
    choices = DataValidation(
        type="list",
        formula1=f"'{KEY_SHEET}'!$A$2:$A${len(sheet.statuses) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not one of the board's statuses",
        error="Choose a status from the list (see the Key sheet).",
        showInputMessage=True,
        promptTitle="Status",
        prompt="Choose from the list. A new status needs a new progress entry saying why.",
    )
    actions.add_data_validation(choices)
    choices.add(cells)
    for status in sheet.statuses:
        colour = shade(status.rag)
        if colour is None:
            continue
        rgb = colour.lstrip("#")
        fill = PatternFill("solid", start_color=rgb, end_color=rgb)
        font = Font(color=text_colour_on(colour).lstrip("#"))
        label = _text(status.label).replace('"', '""')
        rule = CellIsRule(  # type: ignore[no-untyped-call]
            operator="equal", formula=[f'"{label}"'], fill=fill, font=font
        )
        actions.conditional_formatting.add(cells, rule)


def _write_key(key: Any, sheet: UpdateSheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    for number, heading in enumerate(("Status", "RAG", "Closes the action"), 1):
        cell = key.cell(1, number)
        _set_text(cell, heading)
        cell.font = bold
    for line, status in enumerate(sheet.statuses, 2):
        word = key.cell(line, 1)
        _set_text(word, status.label)
        _set_text(key.cell(line, 2), rag_label(status.rag))
        _set_text(key.cell(line, 3), "Yes" if status.closed else "No")
        colour = shade(status.rag)
        if colour is not None:
            rgb = colour.lstrip("#")
            word.fill = PatternFill("solid", start_color=rgb, end_color=rgb)
            word.font = Font(color=text_colour_on(colour).lstrip("#"))
    line = len(sheet.statuses) + 3
    for number, text in enumerate(INSTRUCTIONS):
        cell = key.cell(line + number, 1)
        _set_text(cell, text)
        if number == 0:
            cell.font = bold
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            key.merge_cells(
                start_row=line + number, start_column=1, end_row=line + number, end_column=3
            )
            key.row_dimensions[line + number].height = 45
    key.column_dimensions["A"].width = 40
    key.column_dimensions["B"].width = 16
    key.column_dimensions["C"].width = 34
    _protect(key)


def _protect(worksheet: Any) -> None:
    """Locked cells stay locked; filtering, widening columns and rows stay allowed."""
    protection = worksheet.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _set_text(cell: Any, value: str) -> None:
    """`value` as a text cell, whatever it starts with: openpyxl takes a string starting with
    `=` for a formula, so the type is set after the value."""
    cell.value = _text(value)
    cell.data_type = "s"


def _text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cleaned = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if len(cleaned) > CELL_LIMIT:
        cleaned = cleaned[: CELL_LIMIT - len(_CUT)] + _CUT
    return cleaned
