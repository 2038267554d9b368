"""The `assure` typer app, its global options, and what every command shares: reading the
clock (once), parsing date options, opening the workspace, and the exit codes.

Command modules (check, status, show, diff, report, edit, new, schema) register on `app`;
`main.py` imports them all. Nothing here imports a command module.

Exit codes: 0 success; 1 problems found (check, an edit that would bring a problem) or a
non-empty list with --exit-code (status); 2 the command could not run (bad flags, no data/,
an internal error).
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from assurance_cli import __version__
from assurance_cli.problems import AssureError

if TYPE_CHECKING:
    from assurance_cli.dates import PartialDate
    from assurance_cli.repo.workspace import Reading, Workspace

EXIT_OK, EXIT_FOUND, EXIT_CANNOT_RUN = 0, 1, 2


class CommandGroup(TyperGroup):
    """The one place where "the command cannot run" (an AssureError) becomes exit 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AssureError as exc:
            fail(str(exc))


def command_group(**settings: Any) -> typer.Typer:
    """A typer app (the main one or a sub-command group such as `report`) whose commands'
    AssureErrors exit 2 with the message."""
    return typer.Typer(
        cls=CommandGroup, add_completion=False, rich_markup_mode="markdown", **settings
    )


app = command_group(
    name="assure",
    help=(
        "Run a safeguarding children board's assurance cycle from YAML records: actions, "
        "audits and findings under data/.\n\n"
        "Start with `assure check` (validate everything), then `assure status --overdue`."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


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


def options_of(ctx: typer.Context) -> Options:
    found: Options = ctx.find_root().obj
    return found


def root_of(ctx: typer.Context) -> Path:
    return options_of(ctx).root


def today() -> date:
    """The one place that reads the clock: every date computation takes it from here."""
    return date.today()


AS_OF_HELP = "Treat this date (YYYY-MM-DD) as today. Default: today."


def day_option(value: str, flag: str) -> date:
    """A full date given to `flag`; a bad one exits 2 naming the flag."""
    from assurance_cli.dates import DateError, parse_iso_day

    try:
        return parse_iso_day(value)
    except DateError as exc:
        fail(f"{flag}: {exc}")


def as_of_option(value: str | None) -> date:
    """`--as-of`, or today."""
    return today() if value is None else day_option(value, "--as-of")


def partial_date_option(value: str | None, flag: str, default: date) -> "PartialDate":
    """A day or a month given to `flag`; `default` (a day) when it is not given."""
    from assurance_cli.dates import DateError, PartialDate, parse_partial_date

    if value is None:
        return PartialDate(default, True)
    try:
        return parse_partial_date(value)
    except DateError as exc:
        fail(f"{flag}: {exc}")


def open_workspace(ctx: typer.Context) -> "Workspace":
    """The board repository loaded, indexed and checked: the one opener every command uses
    (it honours --no-cache)."""
    from assurance_cli.repo.workspace import open_workspace as open_checked

    options_ = options_of(ctx)
    return open_checked(options_.root, use_cache=options_.use_cache)


def open_for_reading(ctx: typer.Context) -> "Reading":
    """The records as the commands that report on them see them (records that may hold
    personal data withheld), and what they must say they left out."""
    from assurance_cli.repo.workspace import for_reading

    return for_reading(open_workspace(ctx))


def print_notice(reading: "Reading") -> None:
    """The notice on stderr (for outputs that cannot carry it, and as a note beside those
    that do)."""
    from assurance_cli.render.notices import notice_lines

    for line in notice_lines(reading.omissions):
        typer.echo(f"assure: {line}", err=True)


def reading_exit(reading: "Reading", found: bool = False) -> NoReturn:
    """Exit 1 when records were left out or shown despite errors (or `found` says the
    command found what it was asked to look for), else 0."""
    raise typer.Exit(EXIT_FOUND if found or reading.omissions else EXIT_OK)
