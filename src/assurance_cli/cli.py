"""The `assure` command line: a thin shell that parses flags, calls the library, prints and
picks the exit code.

Exit codes: 0 success; 1 problems found (check) or a non-empty list with --exit-code
(status); 2 the command could not run (bad flags, no data/, an internal error).
"""

import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .problems import AssureError

if TYPE_CHECKING:
    from .workspace import Workspace

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
    use_cache: bool = True


def _version(value: bool) -> None:
    if value:
        typer.echo(f"assure {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def options(
    ctx: typer.Context,
    root: Annotated[
        Path,
        typer.Option(
            "--root", help="The board repository: the folder holding data/.", file_okay=False
        ),
    ] = Path("."),
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read and check every file afresh; neither use nor write .assure-cache/.",
        ),
    ] = False,
) -> None:
    ctx.obj = Options(root=root, use_cache=not no_cache)


def fail(message: str) -> NoReturn:
    """The command cannot run: say why on stderr and exit 2."""
    typer.echo(f"assure: error: {message}", err=True)
    raise typer.Exit(EXIT_CANNOT_RUN)


def _root(ctx: typer.Context) -> Path:
    options_: Options = ctx.obj
    return options_.root


def _use_cache(ctx: typer.Context) -> bool:
    options_: Options = ctx.obj
    return options_.use_cache


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
    from .problem_output import format_problems, summary_line
    from .problems import Severity
    from .workspace import open_workspace

    fmt = (
        output_format.value
        if output_format
        else ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    )
    try:
        workspace = open_workspace(_root(ctx), use_cache=_use_cache(ctx))
    except AssureError as exc:
        fail(str(exc))
    problems = workspace.problems
    if base is not None:
        from .change_checks import problems_since

        try:
            found, notes = problems_since(_root(ctx), base, workspace.index)
        except AssureError as exc:
            fail(str(exc))
        problems = sorted({*problems, *found})
        for note in notes:
            typer.echo(f"assure: note: {note}", err=True)
    files = workspace.repository.files_read
    sys.stdout.write(format_problems(problems, fmt, files))
    typer.echo(summary_line(problems, files), err=True)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    failed = errors or (strict and len(errors) < len(problems))
    raise typer.Exit(EXIT_FOUND if failed else EXIT_OK)


def _as_of(value: str | None) -> date:
    """The one place that reads the clock: every date computation takes `as_of` from here."""
    if value is None:
        return date.today()
    from .dates import DateError, parse_iso_day

    try:
        return parse_iso_day(value)
    except DateError as exc:
        fail(f"--as-of: {exc}")


def _open(ctx: typer.Context) -> "Workspace":
    from .workspace import open_workspace

    try:
        workspace = open_workspace(_root(ctx), use_cache=_use_cache(ctx))
    except AssureError as exc:
        fail(str(exc))
    if workspace.errors:
        typer.echo(
            f"assure: note: {len(workspace.errors)} error(s) in the records; those files "
            "are left out (run `assure check`)",
            err=True,
        )
    return workspace


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


AS_OF_HELP = "Treat this date (YYYY-MM-DD) as today. Default: today."


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
    from .queries import (
        StatusFilter,
        filter_errors,
        group_rows,
        select_actions,
        status_counts,
    )
    from .status_output import (
        groups_json,
        groups_markdown,
        rows_csv,
        rows_json,
        rows_markdown,
        summary_text,
    )

    today = _as_of(as_of)
    workspace = _open(ctx)
    wanted = StatusFilter(
        plans=tuple(plan or ()),
        priorities=tuple(priority or ()),
        leads=tuple(lead or ()),
        themes=tuple(theme or ()),
        statuses=tuple(status_id or ()),
        overdue=overdue,
        due_within=due_within,
    )
    problems = filter_errors(workspace.index, wanted)
    if problems:
        fail("; ".join(problems))
    rows = select_actions(workspace.index, wanted, today)
    groups = group_rows(rows, by.value, workspace.index) if by else None
    summary = summary_text(
        status_counts(rows, workspace.index), len(rows), sum(row.overdue for row in rows)
    )
    if output_format is StatusFormat.json:
        sys.stdout.write(
            groups_json(groups, by.value) if groups is not None and by else rows_json(rows)
        )
    elif output_format is StatusFormat.csv:
        sys.stdout.write(rows_csv(rows, by.value if by else None, groups or ()))
    elif output_format is StatusFormat.markdown:
        sys.stdout.write(
            groups_markdown(groups, summary) if groups is not None else rows_markdown(rows, summary)
        )
    else:
        from .terminal import make_console, print_status

        print_status(make_console(), rows, groups, summary)
    raise typer.Exit(EXIT_FOUND if exit_code and rows else EXIT_OK)


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
    from . import jsonout
    from .details import build_detail

    today = _as_of(as_of)
    workspace = _open(ctx)
    try:
        detail = build_detail(workspace.index, record_id, today)
    except AssureError as exc:
        fail(str(exc))
    if output_format is ShowFormat.json:
        sys.stdout.write(jsonout.dumps(detail.to_json()) + "\n")
    else:
        from .terminal import make_console, print_detail

        print_detail(make_console(), detail)


# Commands that live in their own modules register themselves on `app` when imported.
from . import cli_edit, cli_history, cli_report  # noqa: E402, F401


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
