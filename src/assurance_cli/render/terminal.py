"""Everything printed through rich: the status table and the `show` view.

Record text is always passed as `Text` (never as markup), so a title holding `[red]` or `[/]`
prints literally, and through `plain`, which makes control characters visible (rich passes
ESC through: a title could set the window title or print a hyperlink). Colour only on a
terminal, never with NO_COLOR (rich's own rules).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from assurance_cli.queries.status import Group, StatusRow
from assurance_cli.render.escape import escape_controls
from assurance_cli.render.show_text import DetailView
from assurance_cli.words import stated

RAG_STYLES = {
    "red": "bold red",
    "amber": "yellow",
    "green": "green",
    "blue": "blue",
    "grey": "bright_black",
}


def plain(text: str, style: str = "") -> Text:
    """Text to print as it is: no markup, and control characters made visible."""
    return Text(escape_controls(text), style=style)


def make_console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False, markup=False, emoji=False)
    if not console.is_terminal:
        # Piped or redirected: full text, no truncation, no colour.
        console = Console(
            stderr=stderr, highlight=False, markup=False, emoji=False, width=100_000, no_color=True
        )
    return console


def status_table(
    rows: Sequence[StatusRow], shorten: bool, title: str | None = None, by_id: bool = False
) -> Table:
    """On a terminal, the ids, dates, numbers and the status keep their width and the title
    and lead share what is left (shortened with an ellipsis); piped, every cell is printed in
    full. The status is never shortened: "Not yet completed but on-track" and "...off-track"
    cut to "Not yet ..." would look the same. With `by_id` it is shown by its id (a key
    follows the table), for a terminal too narrow for the labels."""
    table = Table(
        title=plain(title) if title else None,
        title_justify="left",
        box=None,
        header_style="bold",
        pad_edge=False,
        expand=shorten,
    )

    def fixed(header: str, values: list[str], justify: JustifyMethod = "left") -> None:
        width = max([len(header), *(len(escape_controls(v)) for v in values)])
        table.add_column(header, no_wrap=True, min_width=width, justify=justify)

    def flexible(header: str, ratio: int) -> None:
        table.add_column(
            header, overflow="ellipsis", no_wrap=shorten, ratio=ratio if shorten else None
        )

    fixed("Action", [row.id for row in rows])
    fixed("Pri", [str(row.priority or "") for row in rows], "right")
    flexible("Title", 4)
    flexible("Lead", 2)
    fixed("Due", [_due_cell(row).plain for row in rows])
    fixed("Status", [_status_shown(row, by_id) for row in rows])
    fixed("RAG", [row.rag or "" for row in rows])
    fixed("Overdue", [f"{row.days_overdue}d" for row in rows if row.days_overdue], "right")
    fixed("Amended", [], "right")
    for row in rows:
        style = RAG_STYLES.get(row.rag or "", "")
        due = _due_cell(row)
        table.add_row(
            plain(row.id),
            plain("" if row.priority is None else str(row.priority)),
            plain(stated(row.title)),
            plain("; ".join(row.lead_labels) or "-"),
            due,
            plain(_status_shown(row, by_id), style=style),
            plain(row.rag or "", style=style),
            plain(f"{row.days_overdue}d" if row.days_overdue else ""),
            plain(str(row.due_amendments) if row.due_amendments else ""),
        )
    return table


def _status_shown(row: StatusRow, by_id: bool) -> str:
    return (row.status or row.status_label) if by_id else row.status_label


def _due_cell(row: StatusRow) -> Text:
    due = plain(row.due_as_published or row.due or "-")  # as the paper prints it
    if row.overdue_milestones:
        due.append(escape_controls(" (" + "; ".join(row.overdue_milestones) + ")"))
    return due


def print_status(
    console: Console, rows: Sequence[StatusRow], groups: Sequence[Group] | None, summary: str
) -> None:
    shorten = console.is_terminal
    by_id = shorten and _labels_too_wide(rows, console.width)
    if groups is None:
        console.print(status_table(rows, shorten, by_id=by_id))
    else:
        for group in groups:
            label = f"{group.label} ({len(group.rows)})"
            console.print(status_table(group.rows, shorten, label, by_id))
            console.print()
    if by_id:
        key = sorted({(row.status, row.status_label) for row in rows})
        console.print(plain("Status: " + "; ".join(f"{i} = {label}" for i, label in key)))
    console.print(plain(summary, style="bold"))


# Room the title and lead need to stay readable beside the other columns.
_TEXT_ROOM = 24


def _labels_too_wide(rows: Sequence[StatusRow], width: int) -> bool:
    """Whether the full status labels would leave the title and lead too little room."""
    if not rows:
        return False
    fixed = sum(
        max(len(header), *(len(value) for value in values)) + 2
        for header, values in (
            ("Action", [row.id for row in rows]),
            ("Pri", [str(row.priority or "") for row in rows]),
            ("Due", [_due_cell(row).plain for row in rows]),
            ("Status", [row.status_label for row in rows]),
            ("RAG", [row.rag or "" for row in rows]),
            ("Overdue", [f"{row.days_overdue}d" for row in rows]),
            ("Amended", [""]),
        )
    )
    return fixed + _TEXT_ROOM > width


def print_detail(console: Console, detail: DetailView) -> None:
    heading = plain(f"{detail.kind} {detail.id}", style="bold")
    console.print(heading)
    console.print(plain(detail.title))
    console.print(plain(detail.path, style="bright_black"))
    console.print()
    width = max((len(name) for name, _ in detail.fields), default=0)
    for name, value in detail.fields:
        line = plain(f"{name:<{width}}  ", style="bold")
        line.append(escape_controls(value))
        console.print(line)
    for name, lines in detail.sections:
        console.print()
        console.print(plain(name, style="bold underline"))
        for item in lines or ["none"]:
            console.print(plain("  " + item))
