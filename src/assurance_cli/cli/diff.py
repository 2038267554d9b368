"""`assure diff`: what changed for the board between two versions of the records."""

import sys
from enum import Enum
from typing import Annotated

import typer

from assurance_cli.cli.app import EXIT_FOUND, EXIT_OK, app, root_of


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    ctx: typer.Context,
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE",
            help="The older version: a git revision (a branch, tag, commit, HEAD~1...).",
        ),
    ],
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD",
            help="The newer version, a git revision. Default: the working tree, "
            "uncommitted edits included.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", help="text (default), json, or markdown."),
    ] = DiffFormat.text,
) -> None:
    """What changed for the board between two versions of the records, in its words.

    Actions added or removed, actions closed, status changes (with the progress note added
    with them), due dates amended (with the reason), progress added, and audits and
    findings added or removed. BASE and HEAD are git revisions; HEAD defaults to the
    working tree. Files that do not load in a version, or may hold personal data, are listed
    and left out. Exit 0 (changes or not), 1 when files were left out, 2 when it cannot run
    (not a git repository, no such revision).

    Examples:

        assure diff HEAD~1

        assure diff board-2016-05 --format markdown > changes-since-last-meeting.md

        assure diff origin/main HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"

        assure diff v1.0 v1.1 --format json
    """
    from assurance_cli.queries.diff import diff_versions

    changes = diff_versions(root_of(ctx), base, head)
    if output_format is DiffFormat.json:
        from assurance_cli.render.diff import diff_json

        sys.stdout.write(diff_json(changes))
    elif output_format is DiffFormat.markdown:
        from assurance_cli.render.diff import diff_markdown

        sys.stdout.write(diff_markdown(changes))
    else:
        from assurance_cli.render.diff_terminal import print_diff
        from assurance_cli.render.terminal import make_console

        print_diff(make_console(), changes)
    # Files left out on either side: the comparison is not the whole story (exit 1).
    left_out = len(changes.base_problems) + len(changes.head_problems)
    if left_out:
        typer.echo(
            f"assure: note: {left_out} problem(s) left files out of the comparison", err=True
        )
    raise typer.Exit(EXIT_FOUND if left_out else EXIT_OK)
