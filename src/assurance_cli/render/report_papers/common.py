"""What every report's paper has: the cover, the summary (tables by status and by RAG rating,
the status-by-priority chart, what changed since an earlier version, the chart over time),
and the status cells every table shares.

Built from typed values (a report's context, `PaperSummary`, `ChangesSince`), never from the
Markdown. Record text goes into the Paper as plain text: the renderers print it as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assurance_cli.dates import DateError, long, parse_iso_day
from assurance_cli.model.paper_file import PaperCover
from assurance_cli.queries.reports.changes import ChangedAction, ChangesSince
from assurance_cli.queries.reports.common import BoardHeading
from assurance_cli.queries.reports.summary import (
    PaperSummary,
    Share,
    StatusKey,
    SummaryLine,
    TrendPoint,
)
from assurance_cli.render.papers.document import (
    Block,
    Cell,
    Chart,
    Column,
    Cover,
    Heading,
    LineChart,
    Notice,
    Paragraph,
    Series,
    StackedBar,
    Table,
)
from assurance_cli.render.papers.palette import NO_RAG_SHADE, rag_label, shade, status_rag

OPEN_SHADE = "#1D70B8"  # the trend chart's lines: blue for open, red for overdue
OVERDUE_SHADE = "#D4351C"
SINCE_HINT = "give --since with a git revision or a date to list them"


@dataclass(frozen=True)
class PaperParts:
    """What a paper needs beside its report's context."""

    cover: PaperCover
    summary: PaperSummary
    changes: ChangesSince | None = None  # None: not asked for (no --since)
    trend: tuple[TrendPoint, ...] = ()  # the chart over time; none drawn when empty
    # What the paper left out or shows despite errors (render/notices.notice_lines): a
    # summary line, then one line per record. Printed first, in a box; nothing when empty.
    notice: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statuses:
    """The board's statuses by id and by label, to shade a status cell with its RAG."""

    by_id: dict[str, StatusKey]
    by_label: dict[str, StatusKey]

    @classmethod
    def of(cls, summary: PaperSummary) -> Statuses:
        return cls(
            {key.id: key for key in summary.statuses},
            {key.label: key for key in summary.statuses},
        )

    def cell(self, lines: Sequence[str], *, status_id: str | None = None) -> Cell:
        """A status cell: its lines, shaded with the status's RAG when it has one. The
        status is found by id, else by the first line as a label."""
        key = self.by_id.get(status_id) if status_id is not None else None
        if key is None and lines:
            key = self.by_label.get(lines[0])
        if key is None:
            return Cell(tuple(lines) or ("Not stated",))
        return Cell(tuple(lines) or (key.label,), status_rag(key.rag, key.label))


# --- the cover ------------------------------------------------------------------------------


def cover_of(given: PaperCover, board: BoardHeading) -> Cover:
    """The cover: what the paper file and the options give, the board's name, and the
    report's title when no title is given. Nothing else is printed."""
    return Cover(
        title=given.title or board.title,
        board=board.name,
        meeting=given.meeting,
        date=_as_printed(given.date),
        author=given.author,
        version=given.version,
        purpose=given.purpose,
        recommendations=given.recommendations,
    )


def _as_printed(day: str | None) -> str | None:
    """An ISO day as boards print it (`7 June 2016`); any other text as written."""
    if day is None:
        return None
    try:
        return long(parse_iso_day(day))
    except DateError:
        return day


# --- the summary ----------------------------------------------------------------------------


def notice_blocks(parts: PaperParts) -> list[Block]:
    """The notice of records left out or shown despite errors, so that a paper never leaves
    anything out silently."""
    if not parts.notice:
        return []
    first, *rest = parts.notice
    return [Notice(first, tuple(line.strip() for line in rest))]


def summary_blocks(parts: PaperParts) -> list[Block]:
    """The notice, if any, then the summary section: counts, the charts and the changes
    since an earlier version."""
    summary = parts.summary
    blocks: list[Block] = [*notice_blocks(parts), Heading(1, "Summary")]
    blocks.append(Paragraph(_overview(summary)))
    if summary.total.total:
        blocks += [_status_table(summary), _rag_table(summary)]
        blocks.append(
            Paragraph(
                "Percentages are of each row's actions, in whole numbers that add up to 100% "
                "(largest remainder); an overdue action is counted under its status too."
            )
        )
        blocks.append(status_chart(summary))
    blocks += trend_chart(parts.trend)
    blocks += changes_blocks(parts.changes)
    return blocks


def _overview(summary: PaperSummary) -> str:
    if not summary.rows:
        return f"{summary.scope}: no actions to count."
    total = summary.total
    text = f"{summary.scope}: {_count(total.total, 'action')}"
    if total.overdue is not None and summary.as_of is not None:
        text += f", {total.overdue.count} overdue at {long(parse_iso_day(summary.as_of))}"
    return text + "."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _share(share: Share) -> str:
    return str(share.count) if share.percent is None else f"{share.count} ({share.percent}%)"


def _row(line: SummaryLine, shares: Sequence[Share], overdue: bool) -> tuple[Cell, ...]:
    cells = [Cell.of(line.label), *(Cell.of(_share(s)) for s in shares), Cell.of(str(line.total))]
    if overdue:
        cells.append(Cell.of(_share(line.overdue) if line.overdue else ""))
    return tuple(cells)


def _summary_table(
    summary: PaperSummary, headings: Sequence[str], pick: str, caption: str
) -> Table:
    overdue = summary.total.overdue is not None
    columns = [Column(summary.group_label, 1.2), *(Column(h) for h in headings), Column("Total")]
    if overdue:
        columns.append(Column("Overdue"))
    lines = [*summary.rows, summary.total]
    rows = tuple(_row(line, getattr(line, pick), overdue) for line in lines)
    return Table(tuple(columns), rows, caption=caption, wide=len(columns) > 9)


def _status_table(summary: PaperSummary) -> Table:
    headings = [key.label for key in summary.statuses]
    return _summary_table(summary, headings, "by_status", "Actions by status")


def _rag_table(summary: PaperSummary) -> Table:
    headings = [rag_label(rag) for rag in summary.rags]
    return _summary_table(summary, headings, "by_rag", "Actions by RAG rating")


def status_chart(summary: PaperSummary) -> Chart:
    """Status by priority as a stacked bar in the board's RAG shades (a status with no
    rating in a light neutral); statuses no action has are left out of the legend."""
    series = []
    for number, key in enumerate(summary.statuses):
        values = tuple(line.by_status[number].count for line in summary.rows)
        if any(values):
            series.append(Series(key.label, shade(key.rag) or NO_RAG_SHADE, values))
    spec = StackedBar(
        title=f"Status by {summary.group_label.lower()}",
        categories=tuple(line.key for line in summary.rows),
        series=tuple(series),
    )
    caption = f"Actions of {summary.scope} by status, per {summary.group_label.lower()}"
    return Chart(spec, caption=caption)


def trend_chart(points: Sequence[TrendPoint]) -> list[Block]:
    """Open and overdue actions at each meeting, from the records' history: the seam for
    `report trend` (issue 18). No points, no chart."""
    if not points:
        return []
    spec = LineChart(
        title="Open and overdue actions over time",
        dates=tuple(point.day for point in points),
        series=(
            Series("Open", OPEN_SHADE, tuple(point.open for point in points)),
            Series("Overdue", OVERDUE_SHADE, tuple(point.overdue for point in points)),
        ),
    )
    return [Chart(spec, caption="Open and overdue actions at each meeting")]


def changes_blocks(changes: ChangesSince | None) -> list[Block]:
    """Closed, slipped and newly overdue since an earlier version; a line saying it was not
    asked for when there is none."""
    if changes is None:
        return [
            Heading(2, "Changes since the last version"),
            Paragraph(f"Changes since an earlier version were not asked for ({SINCE_HINT})."),
        ]
    blocks: list[Block] = [
        Heading(2, f"Changes since {changes.since}"),
        Paragraph(
            f"Compared with the records at {changes.since} (commit {changes.commit}, "
            f"{long(parse_iso_day(changes.day))})."
        ),
    ]
    if changes.left_out:
        blocks.append(
            Paragraph(
                f"{_count(changes.left_out, 'file')} at that version could not be read; "
                "their records are not compared."
            )
        )
    lists: list[tuple[str, tuple[ChangedAction, ...] | None, str]] = [
        ("Closed", changes.closed, "No action was closed."),
        ("Due date slipped", changes.slipped, "No due date moved later."),
        ("Newly overdue", changes.newly_overdue, "No action became overdue."),
    ]
    for title, items, none in lists:
        blocks.append(Heading(3, title))
        if items is None:
            blocks.append(Paragraph("Not worked out: the paper has no as-of date (--as-of)."))
        elif not items:
            blocks.append(Paragraph(none))
        else:
            blocks.append(_changes_table(title, items))
    return blocks


def _changes_table(title: str, items: Sequence[ChangedAction]) -> Table:
    columns = (Column("Action", 0.8), Column("Activity", 3), Column("Lead", 1.2), Column("What", 2))
    rows = tuple(
        (Cell.of(item.id), Cell.of(item.title), Cell.of(item.lead), Cell.of(item.detail))
        for item in items
    )
    return Table(columns, rows, caption=title)


def lines_cell(lines: Sequence[str]) -> Cell:
    """A cell of several lines (each may hold line breaks of its own)."""
    return Cell(tuple(lines))
