"""`assure status` rows as JSON, CSV or a Markdown table (the rich table is in terminal.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from assurance_cli.queries.status import Group, StatusRow
from assurance_cli.render import json as jsonout
from assurance_cli.render.escape import escape_controls
from assurance_cli.render.markdown import escape_cell, table
from assurance_cli.words import count, stated

CSV_COLUMNS = (
    "id",
    "plan",
    "ref",
    "priority",
    "title",
    "lead",
    "due",
    "due_as_published",
    "status",
    "status_label",
    "rag",
    "overdue",
    "days_overdue",
    "due_amendments",
    "overdue_milestones",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# The version of the JSON contract (docs/json.md). The document stays an array, as it was
# before it had a version: each of its objects carries the number instead.
STATUS_JSON_VERSION = 1


def rows_json(rows: Sequence[StatusRow], at: dict[str, object] | None = None) -> str:
    """The rows; with `at` (read with --at: docs/json.md), each object ends with it."""
    past = {"at": at} if at is not None else {}
    document = [{"version": STATUS_JSON_VERSION, **row.to_json(), **past} for row in rows]
    return jsonout.dumps(document) + "\n"


def groups_json(groups: Sequence[Group], by: str, at: dict[str, object] | None = None) -> str:
    document = [
        {
            "version": STATUS_JSON_VERSION,
            "by": by,
            "group": group.key,
            "label": group.label,
            "count": len(group.rows),
            "actions": [row.to_json() for row in group.rows],
            **({"at": at} if at is not None else {}),
        }
        for group in groups
    ]
    return jsonout.dumps(document) + "\n"


def neutralise(cell: str) -> str:
    """A spreadsheet would run a cell starting with = + - @ as a formula; make it text.
    Control characters are made visible."""
    cell = escape_controls(cell)
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def rows_csv(
    rows: Sequence[StatusRow], group_by: str | None = None, groups: Sequence[Group] = ()
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["group", *CSV_COLUMNS] if group_by else list(CSV_COLUMNS)
    writer.writerow(header)
    labelled = (
        [(group.label, row) for group in groups for row in group.rows]
        if group_by
        else [(None, row) for row in rows]
    )
    for label, row in labelled:
        cells = _csv_cells(row)
        writer.writerow([neutralise(c) for c in ([label, *cells] if label is not None else cells)])
    return buffer.getvalue()


def _csv_cells(row: StatusRow) -> list[str]:
    return [
        row.id,
        row.plan,
        row.ref,
        "" if row.priority is None else str(row.priority),
        stated(row.title),
        "; ".join(row.lead_labels),
        row.due or "",
        row.due_as_published or "",
        row.status or "",
        row.status_label,
        row.rag or "",
        "yes" if row.overdue else "no",
        "" if row.days_overdue is None else str(row.days_overdue),
        str(row.due_amendments),
        "; ".join(row.overdue_milestones),
    ]


MARKDOWN_HEADER = ["Action", "Title", "Lead", "Due", "Status", "RAG", "Days overdue", "Due amended"]


def _markdown_row(row: StatusRow) -> list[str]:
    due = escape_cell(row.due_as_published or row.due or "")  # as the paper prints it
    if row.overdue_milestones:
        due = "<br>".join([due, *(escape_cell(m) for m in row.overdue_milestones)])
    return [
        escape_cell(row.id),
        escape_cell(row.title),
        escape_cell("; ".join(row.lead_labels)),
        due,
        escape_cell(row.status_label),
        escape_cell(row.rag),
        "" if row.days_overdue is None else str(row.days_overdue),
        str(row.due_amendments) if row.due_amendments else "",
    ]


def rows_markdown(rows: Sequence[StatusRow], summary: str) -> str:
    return table(MARKDOWN_HEADER, [_markdown_row(row) for row in rows]) + "\n" + summary + "\n"


def groups_markdown(groups: Sequence[Group], summary: str) -> str:
    parts = []
    for group in groups:
        parts.append(f"### {escape_cell(group.label)} ({len(group.rows)})\n\n")
        parts.append(table(MARKDOWN_HEADER, [_markdown_row(row) for row in group.rows]) + "\n")
    return "".join(parts) + summary + "\n"


def summary_text(counts: Sequence[tuple[str, int]], total: int, overdue: int) -> str:
    """`12 actions: Completed 7, Not yet started 5; 3 overdue`."""
    by_status = ", ".join(f"{label} {count}" for label, count in counts)
    return count(total, "action") + (f": {by_status}" if by_status else "") + f"; {overdue} overdue"
