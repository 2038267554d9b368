"""The action plan (seed 002) as a paper: cover, summary, the exceptions at the as-of date
(when there is one), then a landscape table per priority in seed 002's columns, each status
cell carrying its word and shaded with its RAG rating."""

from __future__ import annotations

from assurance_cli.dates import long, parse_iso_day
from assurance_cli.queries.reports.action_plan import ActionPlanContext, PlanRow, PlanSection
from assurance_cli.queries.reports.exceptions import ExceptionsContext
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

# Seed 002's columns, in its order, with their relative widths.
PLAN_COLUMNS = (
    Column("Ref", 0.5),
    Column("Activity", 2.0),
    Column("Desired Outcome", 2.0),
    Column("Due Date", 1.1),
    Column("Lead", 1.1),
    Column("Outcome Measure", 2.0),
    Column("Progress", 3.0),
    Column("Status", 1.3),
)


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
    blocks: list[Block] = [Paragraph(intro), *summary_blocks(parts)]
    if exceptions is not None:
        blocks.append(Heading(1, "Exceptions"))
        blocks += exception_blocks(exceptions, statuses, level=2)
    blocks.append(Heading(1, "The action plan"))
    label = context.plan.priority_label
    for section in context.sections:
        blocks += _section(section, label, statuses)
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def _section(section: PlanSection, label: str, statuses: Statuses) -> list[Block]:
    number = f"{section.number}. " if section.number is not None else ""
    blocks: list[Block] = [Heading(2, f"{number}{section.title}")]
    if not section.rows:
        return [*blocks, Paragraph("No actions.")]
    caption = f"{label} {section.number}: actions" if section.number is not None else "Actions"
    rows = tuple(_row(row, statuses) for row in section.rows)
    return [*blocks, Table(PLAN_COLUMNS, rows, caption=caption, wide=True)]


def _row(row: PlanRow, statuses: Statuses) -> tuple[Cell, ...]:
    return (
        Cell.of(row.ref),
        lines_cell(row.activity),
        Cell.of(row.desired_outcome),
        lines_cell(row.due),
        Cell.of(row.lead),
        Cell.of(row.outcome_measure),
        lines_cell(row.progress),
        statuses.cell(row.status, status_id=row.status_id),
    )
