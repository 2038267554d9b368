"""`assure status`: list actions with their due date, status, RAG and days overdue."""

import sys
from enum import Enum
from typing import Annotated

import typer

from assurance_cli.cli.app import (
    AS_OF_HELP,
    app,
    as_of_option,
    fail,
    open_for_reading,
    print_notice,
    reading_exit,
)


class StatusFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class GroupBy(str, Enum):
    lead = "lead"
    priority = "priority"
    theme = "theme"
    status = "status"


@app.command()
def status(
    ctx: typer.Context,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue",
            help="Only actions past their due date (or an open milestone's, or an "
            "ongoing action's review date) and not closed.",
        ),
    ] = False,
    due_within: Annotated[
        int | None,
        typer.Option(
            "--due-within", metavar="DAYS", help="Only open actions due in the next DAYS days."
        ),
    ] = None,
    plan: Annotated[list[str] | None, typer.Option("--plan", help="Plan id, e.g. 2015-16.")] = None,
    priority: Annotated[
        list[int] | None, typer.Option("--priority", help="Priority number.")
    ] = None,
    lead: Annotated[
        list[str] | None, typer.Option("--lead", help="Lead id from board.yaml.")
    ] = None,
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="Theme id (includes its sub-themes).")
    ] = None,
    status_id: Annotated[
        list[str] | None,
        typer.Option("--status", help="Status id from board.yaml, e.g. off-track."),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    by: Annotated[
        GroupBy | None,
        typer.Option(
            "--by", help="Group the rows by lead, priority, theme or status, with a count each."
        ),
    ] = None,
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="table (default), json, csv or markdown.")
    ] = StatusFormat.table,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit 1 when the list is not empty (for CI), like git diff."
        ),
    ] = False,
) -> None:
    """List actions with their due date, status, RAG and days overdue. Filters combine.

    Most overdue first. RAG comes from the board's status colours, red when overdue.

    Examples:

        assure status --overdue

        assure status --overdue --by lead

        assure status --plan 2015-16 --status off-track --format csv > off-track.csv

        assure status --due-within 30 --format markdown >> "$GITHUB_STEP_SUMMARY"

        assure status --overdue --exit-code   # fails a CI job when anything is overdue
    """
    from assurance_cli.queries.status import (
        StatusFilter,
        filter_errors,
        group_rows,
        select_actions,
        status_counts,
    )
    from assurance_cli.render.status import (
        groups_json,
        groups_markdown,
        rows_csv,
        rows_json,
        rows_markdown,
        summary_text,
    )

    today = as_of_option(as_of)
    reading = open_for_reading(ctx)
    index = reading.index
    wanted = StatusFilter(
        plans=tuple(plan or ()),
        priorities=tuple(priority or ()),
        leads=tuple(lead or ()),
        themes=tuple(theme or ()),
        statuses=tuple(status_id or ()),
        overdue=overdue,
        due_within=due_within,
    )
    problems = filter_errors(index, wanted)
    if problems:
        fail("; ".join(problems))
    rows = select_actions(index, wanted, today)
    groups = group_rows(rows, by.value, index) if by else None
    summary = summary_text(status_counts(rows, index), len(rows), sum(row.overdue for row in rows))
    if output_format is StatusFormat.json:
        sys.stdout.write(
            groups_json(groups, by.value) if groups is not None and by else rows_json(rows)
        )
    elif output_format is StatusFormat.csv:
        sys.stdout.write(rows_csv(rows, by.value if by else None, groups or ()))
    elif output_format is StatusFormat.markdown:
        from assurance_cli.render.notices import notice_markdown

        table = (
            groups_markdown(groups, summary) if groups is not None else rows_markdown(rows, summary)
        )
        notice = notice_markdown(reading.omissions)
        sys.stdout.write(table + (f"\n{notice}" if notice else ""))
    else:
        from assurance_cli.render.notices import notice_lines
        from assurance_cli.render.terminal import make_console, print_status

        console = make_console()
        print_status(console, rows, groups, summary)
        for line in notice_lines(reading.omissions):
            console.print(line, markup=False, highlight=False)
    print_notice(reading)
    # An action that could not be read may be overdue: the list is never trusted as complete.
    reading_exit(reading, found=exit_code and bool(rows))
