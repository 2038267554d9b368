"""`assure diff` on the terminal, through rich (consoles come from `terminal.make_console`).

Record text is always passed as `Text`, never as markup, so a note holding `[red]` prints
literally. On a terminal the text columns wrap; piped, every cell is printed in full.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assurance_cli.queries.diff_values import Diff
from assurance_cli.render.diff import (
    Section,
    diff_sections,
    heading_text,
    summary_text,
    unreadable_lines,
)

# Columns holding record text share the width left by the ids, dates and labels.
_TEXT_COLUMNS = frozenset({"Title", "Progress note", "Progress", "Reason", "Text"})


def section_table(section: Section, wrap: bool) -> Table:
    table = Table(
        box=None,
        header_style="bold",
        pad_edge=False,
        expand=wrap,
    )
    for column in section.columns:
        if column in _TEXT_COLUMNS:
            table.add_column(column, overflow="fold", ratio=2 if wrap else None)
        else:
            table.add_column(column, no_wrap=not wrap, overflow="fold")
    for row in section.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def print_diff(console: Console, diff: Diff) -> None:
    console.print(Text(heading_text(diff), style="bold"))
    console.print(Text(summary_text(diff.changes)))
    for section in diff_sections(diff):
        console.print()
        console.print(Text(f"{section.title} ({len(section.rows)})", style="bold"))
        console.print(section_table(section, console.is_terminal))
    problems = unreadable_lines(diff)
    if problems:
        console.print()
        console.print(
            Text("Files left out (with errors, or withheld: may hold personal data)", style="bold")
        )
        for line in problems:
            console.print(Text("  " + line))
