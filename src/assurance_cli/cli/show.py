"""`assure show ID`: everything about one record, and what links to it."""

import sys
from enum import Enum
from typing import Annotated

import typer

from assurance_cli.cli.app import AS_OF_HELP, app, as_of_option, open_for_reading, past_json


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

    today = as_of_option(as_of, ctx)
    workspace = open_for_reading(ctx)
    detail = build_detail(workspace.index, record_id, today)
    if output_format is ShowFormat.json:
        from assurance_cli.render.show_json import show_json

        sys.stdout.write(show_json(detail, past_json(ctx, workspace)))
    else:
        from assurance_cli.render.show_text import detail_view
        from assurance_cli.render.terminal import make_console, print_detail

        print_detail(make_console(), detail_view(detail))
