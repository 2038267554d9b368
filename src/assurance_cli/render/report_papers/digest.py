"""The quarterly digest (seed 003) as a paper: the activities that reported with their key
recommendations, then the actions closed, become overdue, rescheduled and due next."""

from __future__ import annotations

from collections.abc import Sequence

from assurance_cli.queries.reports.digest import DigestAction, DigestContext, DueAction
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
from assurance_cli.render.report_papers.common import (
    PaperParts,
    Statuses,
    cover_of,
    summary_blocks,
)


def digest_paper(context: DigestContext, parts: PaperParts) -> Paper:
    statuses = Statuses.of(parts.summary)
    blocks: list[Block] = [
        Paragraph(f"{context.board.name}: {context.start} to {context.end}."),
        *summary_blocks(parts),
        Heading(1, "Assurance activities that reported"),
    ]
    if not context.activities:
        blocks.append(Paragraph("No assurance activity reported in this period."))
    for activity in context.activities:
        blocks += [Heading(2, activity.title), Paragraph(f"{activity.kind}, {activity.date}.")]
        if activity.recommendations:
            blocks += [
                Paragraph("Key recommendations and findings:"),
                BulletList(activity.recommendations),
            ]
    blocks += _actions(
        "Actions closed", context.closed, statuses, "No action was closed in this period."
    )
    blocks += _actions(
        "Actions that became overdue",
        context.overdue,
        statuses,
        "No action became overdue in this period.",
    )
    blocks.append(Heading(1, "Actions rescheduled"))
    if context.rescheduled:
        columns = (
            Column("Action", 0.8),
            Column("Activity", 3),
            Column("From", 1),
            Column("To", 1),
            Column("Why", 2),
        )
        rows = tuple(
            (Cell.of(a.id), Cell.of(a.title), Cell.of(a.from_), Cell.of(a.to), Cell.of(a.reason))
            for a in context.rescheduled
        )
        blocks.append(Table(columns, rows, caption="Due dates amended in the period"))
    else:
        blocks.append(Paragraph("No due date was amended in this period."))
    blocks += _actions(
        f"Due in the next quarter (to {context.horizon})",
        context.due_next,
        statuses,
        "Nothing falls due in the next quarter.",
    )
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def _actions(
    title: str, actions: Sequence[DigestAction], statuses: Statuses, none: str
) -> list[Block]:
    blocks: list[Block] = [Heading(1, title)]
    if not actions:
        return [*blocks, Paragraph(none)]
    with_due = all(isinstance(a, DueAction) for a in actions)
    columns = [Column("Action", 0.8), Column("Activity", 3), Column("Lead", 1.2)]
    if with_due:
        columns.append(Column("Due", 1))
    columns.append(Column("Status", 1.3))
    rows = []
    for action in actions:
        cells = [Cell.of(action.id), Cell.of(action.title), Cell.of(action.lead)]
        if with_due and isinstance(action, DueAction):
            cells.append(Cell.of(action.due))
        cells.append(statuses.cell((action.status,)))
        rows.append(tuple(cells))
    return [*blocks, Table(tuple(columns), tuple(rows), caption=title)]
