"""The business plan (seed 004) as a paper: the matrix of subgroups by priority area, the
actions outside it, the assurance questions, the board's core business and the reporting
cycle."""

from __future__ import annotations

from assurance_cli.queries.reports.business_plan import BusinessPlanContext
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
    lines_cell,
    summary_blocks,
)
from assurance_cli.words import NOT_STATED


def business_plan_paper(context: BusinessPlanContext, parts: PaperParts) -> Paper:
    statuses = Statuses.of(parts.summary)
    plan = context.plan
    blocks: list[Block] = [
        Paragraph(f"{context.board.name}: {plan.period}."),
        *summary_blocks(parts),
    ]
    if context.responsibilities:
        blocks += [
            Heading(1, "The board's responsibilities"),
            BulletList(context.responsibilities),
        ]
    blocks += [Heading(1, f"{plan.priority_label}s"), _matrix(context)]
    blocks += [Paragraph(note) for note in plan.notes]
    if context.others:
        columns: tuple[Column, ...] = (
            Column("Ref", 0.5),
            Column("Activity", 3),
            Column(plan.priority_label, 0.8),
            Column("Lead", 1.2),
            Column("Status", 1.3),
        )
        rows: tuple[tuple[Cell, ...], ...] = tuple(
            (
                Cell.of(a.ref),
                Cell.of(a.title),
                Cell.of(a.priority),
                Cell.of(a.lead),
                statuses.cell((a.status,)),
            )
            for a in context.others
        )
        blocks += [
            Heading(1, "Actions to support the plan"),
            Table(columns, rows, caption="Actions outside the matrix"),
        ]
    if context.questions:
        blocks += _questions(context, plan.priority_label)
    if context.core_business:
        blocks += [Heading(1, "Core business"), BulletList(context.core_business)]
    blocks += _reporting(context)
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def _questions(context: BusinessPlanContext, priority_label: str) -> list[Block]:
    """The actions' questions; with the words each is listed under when the paper gives them
    ("The board may want information about" lists items, not assurance questions)."""
    if not context.questions_headed:
        plain: tuple[Column, ...] = (
            Column("Action", 0.6),
            Column(priority_label, 1.5),
            Column("Question", 3),
        )
        cells: tuple[tuple[Cell, ...], ...] = tuple(
            (Cell.of(q.action), Cell.of(q.area), Cell.of(q.text)) for q in context.questions
        )
        return [Heading(1, "Assurance questions"), Table(plain, cells, caption="Questions")]
    columns: tuple[Column, ...] = (
        Column("Action", 0.6),
        Column(priority_label, 1.3),
        Column("Listed under", 1.6),
        Column("Question or item", 3),
    )
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (Cell.of(q.action), Cell.of(q.area), Cell.of(q.heading), Cell.of(q.text))
        for q in context.questions
    )
    return [
        Heading(1, "Questions and information"),
        Table(columns, rows, caption="Questions and information"),
    ]


def _matrix(context: BusinessPlanContext) -> Table:
    columns = (
        Column("Subgroup", 1),
        *(Column(f"{p.number}. {p.title}", 2) for p in context.priorities),
    )
    rows: list[tuple[Cell, ...]] = []
    if context.has_focus:
        focus = f"{context.board.short_name} focus"
        rows.append((Cell.of(focus), *(Cell.of(p.focus) for p in context.priorities)))
    if context.has_leads:
        leads = (Cell.of(p.leads or NOT_STATED) for p in context.priorities)
        rows.append((Cell.of("Leads"), *leads))
    rows += [(Cell.of(row.name), *(lines_cell(cell) for cell in row.cells)) for row in context.rows]
    caption = f"Subgroups' actions by {context.plan.priority_label.lower()}"
    return Table(columns, tuple(rows), caption=caption, wide=True)


def _reporting(context: BusinessPlanContext) -> list[Block]:
    blocks: list[Block] = [Heading(1, "Assurance reporting cycle")]
    if not context.reporting:
        return [*blocks, Paragraph("No assurance reports are scheduled.")]
    columns = (
        Column("Topic", 2),
        Column("Reported by", 1.2),
        Column("Reported to", 1.2),
        Column("When", 1),
        Column("Frequency", 1),
        Column("Action", 0.8),
    )
    rows = tuple(
        (
            Cell.of(r.topic),
            Cell.of(r.reported_by),
            Cell.of(r.reported_to),
            Cell.of(r.when),
            Cell.of(r.frequency),
            Cell.of(r.action),
        )
        for r in context.reporting
    )
    return [*blocks, Table(columns, rows, caption="Scheduled assurance reports", wide=True)]
