"""`assure show ID`: everything about one record, and what links to it."""

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


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An action (2015-16/1c, or 1c when only one plan has it), an audit "
            "or a finding id.",
        ),
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", help="text (default) or json.")
    ] = ShowFormat.text,
) -> None:
    """Everything about one record on one screen, and what links to it.

    For an action: its fields, due-date history with reasons, progress log, milestones,
    cross-references both ways, and the findings it answers with their audits. For an
    audit or a finding: its fields and the findings and actions that follow from it.

    Examples:

        assure show 2015-16/1d

        assure show 3d2

        assure show cse-assurance-review-2015 --format json
    """
    from assurance_cli.queries.show import build_detail

    today = as_of_option(as_of)
    reading = open_for_reading(ctx)
    left_out = [item for item in reading.omissions.left_out if _names(item.path, record_id)]
    if left_out:  # say why it is not there, rather than "unknown"
        fail(f"{record_id} is left out: {left_out[0].path}: {left_out[0].why}")
    detail = build_detail(reading.index, record_id, today)
    if output_format is ShowFormat.json:
        from assurance_cli.render.show_json import show_json

        sys.stdout.write(show_json(detail))
    else:
        from assurance_cli.render.notices import notice_lines
        from assurance_cli.render.show_text import detail_view
        from assurance_cli.render.terminal import make_console, print_detail

        console = make_console()
        print_detail(console, detail_view(detail))
        for line in notice_lines(reading.omissions):
            console.print(line, markup=False, highlight=False)
    print_notice(reading)
    reading_exit(reading)


def _names(path: str, record_id: str) -> bool:
    """Whether the record file `path` would hold the record `record_id` (`2015-16/1c`, `1c`,
    or an audit's or finding's id)."""
    return path.endswith(f"/{record_id}.yaml")
