"""The trend as a paper: open and overdue actions over time as a line chart, then the table
of every point (open, closed, overdue, by status, moved and slipped) and what changed at
each."""

from __future__ import annotations

from dataclasses import replace

from assurance_cli.queries.reports.summary import TrendPoint as ChartDay
from assurance_cli.queries.reports.trend import TrendContext, TrendPoint, chart_points
from assurance_cli.render.papers.document import (
    Block,
    BulletList,
    Cell,
    Column,
    Heading,
    Paper,
    Paragraph,
    Table,
)
from assurance_cli.render.report_papers.common import PaperParts, cover_of, summary_blocks


def trend_paper(context: TrendContext, parts: PaperParts) -> Paper:
    days = tuple(ChartDay(p.date, p.open, p.overdue) for p in chart_points(context))
    blocks: list[Block] = [
        Paragraph(
            f"How the plan moved from {context.start} to {context.end} ({context.scope}), at "
            f"each {'board meeting' if context.every == 'meeting' else 'month end'}, as the "
            "records were committed then."
        ),
        *summary_blocks(replace(parts, trend=days)),
        Heading(1, "At each point"),
        _table(context),
    ]
    for point in context.points:
        changes = _changes(point)
        if changes:
            blocks += [Heading(2, point.label), BulletList(tuple(changes))]
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def _table(context: TrendContext) -> Table:
    columns = (
        Column("Date", 1.2),
        Column("Commit read", 1.2),
        Column("Open", 0.6),
        Column("Closed", 0.6),
        Column("Overdue", 0.7),
        *(Column(label, 0.8) for label in context.statuses),
        Column("Due dates moved", 0.8),
        Column("Days slipped", 0.8),
    )
    rows = tuple(_row(point) for point in context.points)
    return Table(columns, rows, caption="Actions at each point", wide=True)


def _row(point: TrendPoint) -> tuple[Cell, ...]:
    if not point.recorded:
        counts: tuple[str, ...] = ("", "", "", *("" for _ in point.by_status), "", "")
        return (Cell.of(point.label), Cell.of("no records committed yet"), *map(Cell.of, counts))
    return (
        Cell.of(point.label),
        Cell.of(f"{point.commit} ({point.committed})"),
        Cell.of(str(point.open)),
        Cell.of(str(point.closed)),
        Cell.of(str(point.overdue)),
        *(Cell.of(str(n)) for n in point.by_status),
        Cell.of(str(point.moved)),
        Cell.of(str(point.days_slipped)),
    )


def _changes(point: TrendPoint) -> list[str]:
    found = [f"Closed: {', '.join(point.closed_since)}"] if point.closed_since else []
    if point.newly_overdue:
        found.append(f"Newly overdue: {', '.join(point.newly_overdue)}")
    for move in point.moves:
        days = f" ({move.days} days)" if move.days is not None else ""
        found.append(f"Due date moved: {move.id} from {move.from_} to {move.to}{days}")
    found += [f"Left out: {left.path} ({left.codes})" for left in point.left_out]
    return found
