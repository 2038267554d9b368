"""The `assure` command line: a thin shell that parses flags, calls the library, prints and
picks the exit code.

Exit codes: 0 success; 1 problems found (check) or a non-empty list with --exit-code
(status); 2 the command could not run (bad flags, no data/, an internal error).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .problems import AssureError

app = typer.Typer(
    name="assure",
    help=(
        "Run a safeguarding children board's assurance cycle from YAML records: actions, "
        "audits and findings under data/.\n\n"
        "Start with `assure check` (validate everything), then `assure status --overdue`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)

EXIT_OK, EXIT_FOUND, EXIT_CANNOT_RUN = 0, 1, 2


@dataclass(frozen=True)
class Options:
    root: Path


def _version(value: bool) -> None:
    if value:
        typer.echo(f"assure {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def options(
    ctx: typer.Context,
    root: Annotated[
        Path,
        typer.Option("--root", help="The board repository: the folder holding data/.",
                     file_okay=False),
    ] = Path("."),
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True,
                     callback=_version),
    ] = False,
) -> None:
    ctx.obj = Options(root=root)


def fail(message: str) -> NoReturn:
    """The command cannot run: say why on stderr and exit 2."""
    typer.echo(f"assure: error: {message}", err=True)
    raise typer.Exit(EXIT_CANNOT_RUN)


def _root(ctx: typer.Context) -> Path:
    options_: Options = ctx.obj
    return options_.root


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    ctx: typer.Context,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option("--format", help="text (default), json, or github annotations "
                     "(the default when GITHUB_ACTIONS=true)."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Validate every record and every cross-reference. Never writes a file.

    Prints each problem as `path:line:col: severity: message [code]` and a count on stderr.
    Exit 0 when clean, 1 when any error (or warning, with --strict), 2 when it cannot run.

    Examples:

        assure check

        assure --root ../other-board check --format json

        assure check --strict --format github
    """
    from .problem_output import format_problems, summary_line
    from .workspace import open_workspace

    fmt = output_format.value if output_format else (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    )
    try:
        workspace = open_workspace(_root(ctx))
    except AssureError as exc:
        fail(str(exc))
    files = workspace.repository.files_read
    sys.stdout.write(format_problems(workspace.problems, fmt, files))
    typer.echo(summary_line(workspace.problems, files), err=True)
    failed = workspace.errors or (strict and workspace.warnings)
    raise typer.Exit(EXIT_FOUND if failed else EXIT_OK)


def main() -> None:
    """Entry point: run the app; an unexpected error exits 2 with a short message, no dump."""
    try:
        app(prog_name="assure")
    except KeyboardInterrupt:
        sys.stderr.write("assure: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never print record data
        sys.stderr.write(
            f"assure: internal error ({type(exc).__name__}). This is a bug in assure, not in "
            "your records; please report it with the command you ran.\n"
        )
        sys.exit(EXIT_CANNOT_RUN)
