"""The regional reports as papers (HTML, Word): the same tables as their Markdown templates,
as a `Paper` the paper engine renders."""

from __future__ import annotations

from assurance_cli.queries.region.reports import (
    BoardSource,
    RegionContext,
    RegionOverdueContext,
    RegionResponsesContext,
    RegionThemesContext,
)
from assurance_cli.render.papers.document import (
    Block,
    Cell,
    Column,
    Cover,
    Heading,
    Paper,
    Paragraph,
    Table,
)


def _table(headings: list[str], rows: list[list[str]], caption: str) -> Table:
    return Table(
        tuple(Column(heading) for heading in headings),
        tuple(tuple(Cell.of(text) for text in row) for row in rows),
        caption=caption,
        wide=len(headings) > 6,
    )


def _sources(boards: tuple[BoardSource, ...]) -> list[Block]:
    rows = [[b.id, b.name, b.source, b.commit, str(b.left_out)] for b in boards]
    headings = ["Board", "Name", "Read from", "Commit", "Files left out"]
    return [Heading(1, "Boards compared"), _table(headings, rows, "Boards compared")]


def _overdue(context: RegionOverdueContext) -> tuple[str, list[Block]]:
    rates = [
        [
            r.board,
            str(r.actions),
            str(r.open),
            str(r.overdue),
            r.overdue_rate,
            str(r.slipped),
            r.slippage_rate,
        ]
        for r in context.rows
    ]
    statuses = [
        [r.board, *map(str, r.statuses), str(r.not_stated), "\n".join(r.not_mapped) or "-"]
        for r in context.rows
    ]
    blocks: list[Block] = [
        Paragraph(
            f"As at {context.as_of}. Overdue: open and due (or an open milestone due) before "
            "that day. Slipped: due date amended at least once. Rates: overdue of open "
            "actions, slipped of all actions."
        ),
        _table(
            ["Board", "Actions", "Open", "Overdue", "Overdue rate", "Slipped", "Slippage rate"],
            rates,
            "Overdue and slippage by board",
        ),
        Heading(1, "Actions by the region's status"),
        Paragraph("A status the region file does not map is named as the board has it."),
        _table(
            ["Board", *context.status_titles, "Not stated", "Not mapped"],
            statuses,
            "Actions by the region's status",
        ),
    ]
    return f"{context.region}: overdue and slippage by board", blocks


def _themes(context: RegionThemesContext) -> tuple[str, list[Block]]:
    rows = [
        [t.title, str(t.findings), str(len(t.boards)), ", ".join(t.boards) or "-"]
        for t in context.themes
    ]
    blocks: list[Block] = [
        Paragraph("Each finding counted once under each region theme its themes map to."),
        _table(["Theme", "Findings", "Boards", "Where"], rows, "Themes of findings"),
        Heading(1, "Themes not mapped to the region's"),
    ]
    if context.not_mapped:
        unmapped = [[t.board, t.theme, t.title, str(t.findings)] for t in context.not_mapped]
        blocks.append(
            _table(["Board", "Theme", "Title", "Findings"], unmapped, "Themes not mapped")
        )
    else:
        blocks.append(Paragraph("Every theme of every board's findings is mapped."))
    if context.no_theme:
        blocks.append(Paragraph(f"Findings with no theme: {'; '.join(context.no_theme)}."))
    return f"{context.region}: themes of findings across boards", blocks


def _responses(context: RegionResponsesContext) -> tuple[str, list[Block]]:
    blocks: list[Block] = [
        Paragraph(
            "For each region theme whose findings are answered by actions in two boards or "
            "more: those actions, with the findings they answer."
        )
    ]
    for group in context.groups:
        rows = [[r.board, r.action, r.title, r.status, r.findings] for r in group.rows]
        blocks += [
            Heading(1, group.title),
            Paragraph(f"Answered in {len(group.boards)} boards: {', '.join(group.boards)}."),
            _table(["Board", "Action", "Title", "Status", "Findings answered"], rows, group.title),
        ]
    if not context.groups:
        blocks.append(
            Paragraph("No region theme has findings answered by actions in more than one board.")
        )
    return f"{context.region}: actions answering the same kind of finding", blocks


def region_paper(context: RegionContext) -> Paper:
    if isinstance(context, RegionOverdueContext):
        title, blocks = _overdue(context)
    elif isinstance(context, RegionThemesContext):
        title, blocks = _themes(context)
    else:
        title, blocks = _responses(context)
    return Paper(Cover(title=title), tuple(blocks + _sources(context.boards)))
