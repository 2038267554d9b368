"""`assure check`: validate every record and every cross-reference."""

import os
import sys
from enum import Enum
from typing import Annotated

import typer

from assurance_cli.cli.app import (
    EXIT_FOUND,
    EXIT_OK,
    app,
    fail,
    open_workspace,
    past_json,
    past_point,
    root_of,
    say,
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    ctx: typer.Context,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            help="text (default), json, or github annotations "
            "(the default when GITHUB_ACTIONS=true).",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar="REV",
            help="Also apply the rules on change since this git revision: due dates moved "
            "only with due_history, progress and due_history append-only, closing needs a "
            "new dated progress entry.",
        ),
    ] = None,
) -> None:
    """Validate every record and every cross-reference. Never writes a file.

    Prints each problem as `path:line:col: severity: message [code]` and a count on stderr.
    Exit 0 when clean, 1 when any error (or warning, with --strict), 2 when it cannot run.
    With --base REV (a git revision), it also fails when the records were changed since REV
    in a way the board's logs forbid.

    Examples:

        assure check

        assure --root ../other-board check --format json

        assure check --strict --format github

        assure check --base origin/main   # in CI, on a pull request
    """
    from assurance_cli.problems import Severity
    from assurance_cli.render.problems import format_problems, summary_line

    fmt = (
        output_format.value
        if output_format
        else ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    )
    if base is not None and past_point(ctx) is not None:
        fail(
            "--base applies the rules on change to the working tree; to see what changed "
            "between two past revisions, run `assure diff BASE HEAD`"
        )
    workspace = open_workspace(ctx)
    problems = workspace.problems
    if base is not None:
        from assurance_cli.repo.revision import problems_since

        found, notes = problems_since(root_of(ctx), base, workspace.index)
        problems = sorted({*problems, *found})
        for note in notes:
            say(f"assure: note: {note}", err=True)
    files = workspace.repository.files_read
    sys.stdout.write(format_problems(problems, fmt, files, past_json(ctx, workspace)))
    typer.echo(summary_line(problems, files), err=True)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    failed = errors or (strict and len(errors) < len(problems))
    raise typer.Exit(EXIT_FOUND if failed else EXIT_OK)
