"""The themed learning report (seeds 000 and 001) as a paper: the period's activities, then
per theme its findings with their sources and the proposed actions, then the recurring
themes table."""

from __future__ import annotations

from collections.abc import Sequence

from assurance_cli.queries.reports.common import Activity, FindingItem
from assurance_cli.queries.reports.learning import LearningContext, ThemeSection
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


def learning_paper(context: LearningContext, parts: PaperParts) -> Paper:
    blocks: list[Block] = [
        Paragraph(
            f"{context.board.name}: the key learning from the assurance activities that "
            f"reported {context.period.span}, organised by theme."
        ),
        *summary_blocks(parts),
        Heading(1, "1. Introduction"),
    ]
    if context.activities:
        rows = tuple(
            (Cell.of(a.date), Cell.of(_kind(a)), Cell.of(a.title)) for a in context.activities
        )
        columns = (Column("Date", 1.2), Column("Kind", 1.2), Column("Activity", 3))
        blocks.append(Table(columns, rows, caption="The assurance activities of the period"))
        figures = tuple(
            f"{a.title}: {'; '.join(a.figures)}" for a in context.activities if a.figures
        )
        if figures:
            blocks += [Paragraph("Figures the activities published:"), BulletList(figures)]
    else:
        blocks.append(Paragraph("No assurance activities are recorded for this period."))
    if context.undated:
        titles = "; ".join(a.title for a in context.undated)
        blocks.append(Paragraph(f"In no period, as they give no date: {titles}."))
    for number, section in enumerate(context.sections, start=2):
        blocks += _section(number, section, context.next_plan)
    blocks += _matrix(context)
    return Paper(cover_of(parts.cover, context.board), tuple(blocks))


def _kind(activity: Activity) -> str:
    return activity.kind + (f" ({activity.cadence})" if activity.cadence else "")


def _findings(findings: Sequence[FindingItem]) -> list[Block]:
    if not findings:
        return []
    return [BulletList(tuple(_finding(f) for f in findings))]


def _finding(finding: FindingItem) -> str:
    text = f"{finding.text} (Source: {'; '.join(finding.sources)})"
    if finding.repeats:
        text += f" (Repeats the finding of {'; '.join(finding.repeats)})"
    return text + (f" Response: {finding.response}" if finding.response else "")


def _section(number: int, section: ThemeSection, next_plan: str | None) -> list[Block]:
    blocks: list[Block] = [Heading(1, f"{number}. {section.title}"), *_findings(section.findings)]
    for sub_number, sub in enumerate(section.subsections, start=1):
        blocks.append(Heading(2, f"{number}.{sub_number} {sub.title}"))
        blocks += _findings(sub.findings)
    if section.actions:
        blocks.append(Heading(3, f"Proposed key actions for the {next_plan} action plan"))
        blocks.append(
            BulletList(
                tuple(
                    f"{a.prefix + ': ' if a.prefix else ''}{a.title} ({a.id})"
                    for a in section.actions
                )
            )
        )
    return blocks


def _matrix(context: LearningContext) -> list[Block]:
    matrix = context.matrix
    blocks: list[Block] = [Heading(1, "Recurring themes")]
    if not matrix.rows:
        return [*blocks, Paragraph("No findings are recorded for this period.")]
    columns = (Column("Activity", 3), *(Column(theme) for theme in matrix.themes))
    rows = [
        (Cell.of(row.title), *(Cell.of(str(c) if c else "") for c in row.counts))
        for row in matrix.rows
    ]
    rows.append((Cell.of("Activities"), *(Cell.of(str(c)) for c in matrix.activities_per_theme)))
    blocks.append(Paragraph("Findings each activity contributed to each theme."))
    table = Table(columns, tuple(rows), caption="Findings per activity and theme", wide=True)
    return [*blocks, table]
