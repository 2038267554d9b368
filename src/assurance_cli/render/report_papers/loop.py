"""Closing the loop as a paper: each finding with the actions answering it and their
status, the findings no action answers, and completed actions with no impact recorded."""

from __future__ import annotations

from assurance_cli.queries.reports.loop import LoopContext, LoopFinding
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


def loop_paper(context: LoopContext, parts: PaperParts) -> Paper:
    statuses = Statuses.of(parts.summary)
    blocks: list[Block] = [
        Paragraph(
            f"Findings of the assurance activities that reported {context.period.span} "
            f"({context.finding_count} "
            "findings), the actions that answer them, and completed actions with no "
            "evidence of impact recorded."
        ),
        *(
            [Paragraph(f"In no period, as they give no date, the findings of: {titles}.")]
            if (titles := "; ".join(a.title for a in context.undated))
            else []
        ),
        *summary_blocks(parts),
        Heading(1, "Findings and the actions answering them"),
    ]
    if context.answered:
        columns: tuple[Column, ...] = (
            Column("Finding", 3),
            Column("Source", 1.5),
            Column("Actions", 1),
            Column("Status", 1.3),
        )
        rows: tuple[tuple[Cell, ...], ...] = tuple(_answered(f, statuses) for f in context.answered)
        blocks.append(Table(columns, rows, caption="Findings answered", wide=True))
    else:
        blocks.append(Paragraph("No finding of the period has an action recorded against it."))
    blocks.append(Heading(1, "Findings no action answers"))
    if context.unanswered:
        columns = (Column("Finding", 3), Column("Kind", 0.8), Column("Source", 1.5))
        rows = tuple(
            (Cell.of(f.text), Cell.of(f.kind), lines_cell(f.sources)) for f in context.unanswered
        )
        blocks.append(Table(columns, rows, caption="Findings no action answers"))
    else:
        blocks.append(Paragraph("Every finding of the period has an action."))
    blocks.append(Heading(1, "Completed actions with no evidence of impact recorded"))
    if context.no_impact:
        columns = (Column("Action", 0.8), Column("Activity", 3), Column("Status", 1.3))
        rows = tuple(
            (Cell.of(a.id), Cell.of(a.title), statuses.cell((a.status,))) for a in context.no_impact
        )
        blocks.append(Table(columns, rows, caption="Completed actions with no impact recorded"))
    else:
        blocks.append(Paragraph("Every completed action records its impact."))
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def _answered(finding: LoopFinding, statuses: Statuses) -> tuple[Cell, ...]:
    labels = tuple(a.status for a in finding.actions)
    # One shade for the cell only when every action answering it has the same status.
    status = statuses.cell(labels) if len(set(labels)) == 1 else lines_cell(labels)
    return (
        Cell.of(finding.text),
        lines_cell(finding.sources),
        lines_cell(tuple(a.id for a in finding.actions)),
        status,
    )
