"""What the report-paper tests share: seed 002's columns, the shipped statuses' RAG ratings
read from board.yaml and the action files themselves (not through assure), and a Word
document's tables with the section each stands in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .conftest import SHIPPED

SEED_002_COLUMNS = [
    "Ref",
    "Activity",
    "Desired Outcome",
    "Due Date",
    "Lead",
    "Outcome Measure",
    "Progress",
    "Status",
]
# The palette's shades (render/papers/palette.py), written out here so a change shows.
SHADES = {
    "red": "D4351C",
    "amber": "FFBF47",
    "green": "00703C",
    "blue": "1D70B8",
    "grey": "B1B4B6",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def board_statuses(root: Path = SHIPPED) -> dict[str, dict[str, Any]]:
    board = yaml.safe_load((root / "data" / "board.yaml").read_text(encoding="utf-8"))
    return {status["id"]: status for status in board["statuses"]}


def shipped_action(ref: str, plan: str = "2015-16") -> dict[str, Any]:
    path = SHIPPED / "data" / "actions" / plan / f"{ref}.yaml"
    found: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return found


def word_tables(path: Path) -> list[tuple[Any, int]]:
    """Every table of a .docx with the number of the section it stands in (a section ends
    at a paragraph holding a `w:sectPr`)."""
    import docx

    document = docx.Document(str(path))
    tables = []
    section = 0
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}tbl":
            tables.append((docx.table.Table(element, document), section))
        elif element.tag == f"{W}p" and element.find(f"{W}pPr/{W}sectPr") is not None:
            section += 1
    return tables


def cell_fill(cell: Any) -> str | None:
    shading = cell._tc.find(f"{W}tcPr/{W}shd")
    return None if shading is None else shading.get(f"{W}fill")


def repeats_header(table: Any) -> bool:
    properties = table.rows[0]._tr.trPr
    return properties is not None and properties.find(f"{W}tblHeader") is not None
