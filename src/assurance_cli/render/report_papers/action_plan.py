"""The action plan (seed 002) as a paper: cover, summary, the exceptions at the as-of date
(when there is one), then a landscape table per priority in the board's columns (seed 002's
by default), each status cell carrying its word and shaded with its RAG rating."""

from __future__ import annotations

from dataclasses import replace

from assurance_cli.dates import long, parse_iso_day
from assurance_cli.queries.reports.action_plan import (
    ActionPlanContext,
    PlanRow,
    PlanSection,
    child_mark,
)
from assurance_cli.queries.reports.exceptions import ExceptionsContext
from assurance_cli.queries.reports.plan_columns import PlanColumn
from assurance_cli.render.papers.document import (
    Block,
    Cell,
    Column,
    Heading,
    Paper,
    Paragraph,
    Table,
)
from assurance_cli.render.report_papers.common import (
    PaperParts,
    Statuses,
    cover_of,
    lines_cell,
    summary_blocks,
)
from assurance_cli.render.report_papers.exceptions import exception_blocks
from assurance_cli.words import NOT_STATED

# Each column's relative width, by the field it shows (seed 002's for its eight).
_WEIGHTS = {
    "ref": 0.5,
    "title": 2.0,
    "desired_outcome": 2.0,
    "due": 1.1,
    "lead": 1.1,
    "outcome_measure": 2.0,
    "progress": 3.0,
    "status": 1.3,
    "subgroup": 1.1,
    "answers": 1.1,
    "impact": 2.0,
}


def action_plan_paper(
    context: ActionPlanContext, parts: PaperParts, exceptions: ExceptionsContext | None = None
) -> Paper:
    statuses = Statuses.of(parts.summary)
    period = context.plan.period
    stated_period = context.plan.start or period != NOT_STATED
    intro = f"{context.board.name}: action plan " + (
        f"for {period}." if stated_period else "(its period is not stated)."
    )
    if context.as_of:
        intro += f" Overdue as at {long(parse_iso_day(context.as_of))}."
    blocks: list[Block] = [Paragraph(intro)]
    if context.left_out:
        blocks.append(Paragraph(left_out_note(context.left_out)))
    blocks += summary_blocks(parts)
    if exceptions is not None:
        blocks.append(Heading(1, "Exceptions"))
        blocks += exception_blocks(exceptions, statuses, level=2)
    blocks.append(Heading(1, "The action plan"))
    label = context.plan.priority_label
    columns = tuple(Column(c.heading, _WEIGHTS.get(c.field, 1.0)) for c in context.columns)
    for section in context.sections:
        blocks += _section(section, label, statuses, context.columns, columns)
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def left_out_note(headings: tuple[str, ...]) -> str:
    return f"Not printed, as no action of the plan fills them: {', '.join(headings)}."


def _section(
    section: PlanSection,
    label: str,
    statuses: Statuses,
    fields: tuple[PlanColumn, ...],
    columns: tuple[Column, ...],
) -> list[Block]:
    number = f"{section.number}. " if section.number is not None else ""
    blocks: list[Block] = [Heading(2, f"{number}{section.title}")]
    if not section.rows:
        return [*blocks, Paragraph("No actions.")]
    caption = f"{label} {section.number}: actions" if section.number is not None else "Actions"
    rows = tuple(_row(row, fields, statuses) for row in section.rows)
    return [*blocks, Table(columns, rows, caption=caption, wide=True)]


def _row(row: PlanRow, fields: tuple[PlanColumn, ...], statuses: Statuses) -> tuple[Cell, ...]:
    """The row's cells; a child's first cell marked as under its parent."""
    cells = [_cell(row, column.field, statuses) for column in fields]
    if row.depth and cells:
        first = cells[0].lines or ("",)
        mark = child_mark(row.depth)
        cells[0] = replace(cells[0], lines=(mark + first[0], *first[1:]))
    return tuple(cells)


def _cell(row: PlanRow, field: str, statuses: Statuses) -> Cell:
    if field == "status":
        return statuses.cell(row.status, status_id=row.status_id)
    value = {
        "ref": row.ref,
        "title": row.activity,
        "desired_outcome": row.desired_outcome,
        "due": row.due,
        "lead": row.lead,
        "outcome_measure": row.outcome_measure,
        "progress": row.progress,
        "subgroup": row.subgroup,
        "answers": row.answers,
        "impact": row.impact,
    }[field]
    return Cell.of(value) if isinstance(value, str) else lines_cell(value)
