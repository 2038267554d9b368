"""The exception report as a paper: one table of the actions needing attention, or with
`--by lead` a chase list (a heading and a table) per lead."""

from __future__ import annotations

from assurance_cli.queries.reports.exceptions import ExceptionRow, ExceptionsContext
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


def exceptions_paper(context: ExceptionsContext, parts: PaperParts) -> Paper:
    statuses = Statuses.of(parts.summary)
    blocks: list[Block] = [*summary_blocks(parts), Heading(1, "Actions needing attention")]
    blocks += exception_blocks(context, statuses, level=2)
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def exception_blocks(context: ExceptionsContext, statuses: Statuses, *, level: int) -> list[Block]:
    """What lists an action, then the table (or a table per lead)."""
    blocks: list[Block] = [Paragraph(_scope(context))]
    if not context.rows:
        return [*blocks, Paragraph("No action needs the board's attention.")]
    if not context.by_lead:
        return [*blocks, _table(context.rows, statuses, with_lead=True, caption="Exceptions")]
    for group in context.leads:
        blocks.append(Heading(level, group.lead))
        blocks.append(
            _table(group.rows, statuses, with_lead=False, caption=f"Chase list: {group.lead}")
        )
    return blocks


def _scope(context: ExceptionsContext) -> str:
    listed = f"those whose status is {' or '.join(context.statuses)}, " if context.statuses else ""
    return (
        f"Open actions of {context.plan.title} that need the board's attention at "
        f"{context.period_end}: {listed}those overdue, and those rescheduled since "
        f"{context.period_start} ({len(context.rows)})."
    )


def _table(
    rows: tuple[ExceptionRow, ...], statuses: Statuses, *, with_lead: bool, caption: str
) -> Table:
    columns = [Column("Ref", 0.5), Column("Activity", 2.0)]
    if with_lead:
        columns.append(Column("Lead", 1.1))
    columns += [
        Column("Status", 1.3),
        Column("Why listed", 1.2),
        Column("Original due", 1.0),
        Column("Revised due", 1.0),
        Column("Days overdue", 0.8),
        Column("Latest progress", 3.0),
    ]
    return Table(
        tuple(columns),
        tuple(_row(row, statuses, with_lead) for row in rows),
        caption=caption,
        wide=True,
    )


def _row(row: ExceptionRow, statuses: Statuses, with_lead: bool) -> tuple[Cell, ...]:
    if row.progress_date:
        progress = Cell((f"{row.progress_date}:", *Cell.of(row.progress).lines))
    else:
        progress = Cell.of("No progress recorded")
    cells = [Cell.of(row.ref), Cell.of(row.title)]
    if with_lead:
        cells.append(Cell.of(row.lead))
    cells += [
        statuses.cell((row.status,), status_id=row.status_id),
        lines_cell(row.reasons),
        Cell.of(row.original_due),
        Cell.of(row.revised_due or "Not rescheduled"),
        Cell.of(str(row.days_overdue) if row.days_overdue is not None else "Not overdue"),
        progress,
    ]
    return tuple(cells)
