"""The `assure` typer app, its global options, and what every command shares: reading the
clock (once), parsing date options, opening the workspace, and the exit codes.

Command modules (check, status, show, diff, report, edit, new, schema) register on `app`;
`main.py` imports them all. Nothing here imports a command module.

Exit codes: 0 success; 1 problems found (check, an edit that would bring a problem) or a
non-empty list with --exit-code (status); 2 the command could not run (bad flags, no data/,
an internal error).
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from assurance_cli import __version__
from assurance_cli.problems import AssureError

if TYPE_CHECKING:
    from assurance_cli.dates import PartialDate
    from assurance_cli.repo.history import History, Point
    from assurance_cli.repo.workspace import Reading, Workspace

EXIT_OK, EXIT_FOUND, EXIT_CANNOT_RUN = 0, 1, 2


class CommandGroup(TyperGroup):
    """The one place where "the command cannot run" (an AssureError) becomes exit 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AssureError as exc:
            problem = getattr(exc, "problem", None)
            if problem is not None:  # a refusal that is a placed problem: its line as it is
                from assurance_cli.render.escape import escape_line

                typer.echo(escape_line(str(problem)), err=True)
                raise typer.Exit(EXIT_CANNOT_RUN) from None
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


@dataclass
class _Past:
    """What --at or --at-meeting named, found once per command (git is asked once)."""

    history: "History | None" = None
    point: "Point | None" = None


@dataclass(frozen=True)
class Options:
    root: Path
    use_cache: bool = True
    at: str | None = None
    at_meeting: str | None = None
    past: _Past = field(default_factory=_Past, compare=False)


# Commands that write: they change the records as they are now, never as they were.
WRITING_COMMANDS = frozenset(
    {"set-status", "reschedule", "note", "new", "schema", "init", "import", "import-updates"}
)


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
            help="Read and check every file afresh; neither use nor write the warm cache "
            "(nor the history cache).",
        ),
    ] = False,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="DATE|REV",
            help="Read the records as committed on DATE (YYYY-MM-DD: the last commit on or "
            "before it, on the current branch) or at a git revision. Today becomes that "
            "date unless --as-of says otherwise. Edits refuse it.",
        ),
    ] = None,
    at_meeting: Annotated[
        str | None,
        typer.Option(
            "--at-meeting",
            metavar="ID",
            help="As --at, on the date of this meeting of board.yaml.",
        ),
    ] = None,
) -> None:
    if at is not None and at_meeting is not None:
        fail("give --at or --at-meeting, not both")
    if (at is not None or at_meeting is not None) and ctx.invoked_subcommand in WRITING_COMMANDS:
        flag = "--at" if at is not None else "--at-meeting"
        fail(
            f"{ctx.invoked_subcommand} changes the records as they are now; {flag} only reads "
            f"them as they were (run it without {flag})"
        )
    ctx.obj = Options(root=root, use_cache=not no_cache, at=at, at_meeting=at_meeting)


def say(message: str, *, err: bool = False) -> None:
    """Print a message of one or more lines. It may quote an id or a label read from a
    record: control characters are made visible, so a line only ever says what it says."""
    from assurance_cli.render.escape import escape_controls

    typer.echo(escape_controls(message), err=err)


def fail(message: str) -> NoReturn:
    """The command cannot run: say why on stderr (on one line) and exit 2."""
    from assurance_cli.render.escape import escape_line

    typer.echo(f"assure: error: {escape_line(message)}", err=True)
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
NO_SUCH_YEAR = "no such date: years run from 0001 to 9999"


def day_option(value: str, flag: str) -> date:
    """A full date given to `flag`; a bad one exits 2 naming the flag."""
    from assurance_cli.dates import DateError, parse_iso_day

    try:
        return parse_iso_day(value)
    except DateError as exc:
        fail(f"{flag}: {exc}")
    except ValueError:  # a year the calendar does not have (0000)
        fail(f"{flag}: {NO_SUCH_YEAR}")


def as_of_option(value: str | None, ctx: typer.Context | None = None) -> date:
    """`--as-of`; else the day --at or --at-meeting names (given the command's context);
    else today."""
    if value is not None:
        return day_option(value, "--as-of")
    point = past_point(ctx) if ctx is not None else None
    return point.day if point is not None else today()


def partial_date_option(value: str | None, flag: str, default: date) -> "PartialDate":
    """A day or a month given to `flag`; `default` (a day) when it is not given."""
    from assurance_cli.dates import DateError, day, parse_partial_date

    if value is None:
        return day(default)
    try:
        return parse_partial_date(value)
    except DateError as exc:
        fail(f"{flag}: {exc}")
    except ValueError:  # a year the calendar does not have (0000)
        fail(f"{flag}: {NO_SUCH_YEAR}")


def open_workspace(ctx: typer.Context) -> "Workspace":
    """The board repository loaded, indexed and checked: the one opener every command uses
    (it honours --no-cache, and --at or --at-meeting: then the records are read from git as
    committed then, and a note on stderr says which commit)."""
    options_ = options_of(ctx)
    point = past_point(ctx)
    if point is None:
        from assurance_cli.repo.workspace import open_workspace as open_checked

        return open_checked(options_.root, use_cache=options_.use_cache)
    workspace = history_of(ctx).workspace(point)[0]
    note(f"records as committed at {point.describe()}")
    return workspace


def open_for_reading(ctx: typer.Context) -> "Reading":
    """The records as the commands that report on them see them (records that may hold
    personal data withheld), and what they must say they left out."""
    from assurance_cli.repo.workspace import for_reading

    workspace = open_workspace(ctx)
    point = past_point(ctx)
    command = "assure check" if point is None else f"assure --at {point.commit.short} check"
    return for_reading(workspace, command)


def print_notice(reading: "Reading") -> None:
    """The notice on stderr (for outputs that cannot carry it, and as a note beside those
    that do)."""
    from assurance_cli.render.notices import notice_lines

    for line in notice_lines(reading.omissions):
        say(f"assure: {line}", err=True)


def reading_exit(reading: "Reading", found: bool = False) -> NoReturn:
    """Exit 1 when records were left out or shown despite errors (or `found` says the
    command found what it was asked to look for), else 0."""
    raise typer.Exit(EXIT_FOUND if found or reading.omissions else EXIT_OK)


def left_out_files(workspace: "Workspace") -> dict[str, list[str]]:
    """The files whose record could not be loaded, each with its problems' codes."""
    from assurance_cli.repo.revision import left_out

    found: dict[str, list[str]] = {}
    for problem in left_out(workspace.problems, workspace.repository):
        codes = found.setdefault(problem.path, [])
        if problem.code not in codes:
            codes.append(problem.code)
    return found


def note(message: str) -> None:
    say(f"assure: note: {message}", err=True)


# --- reading the past: --at and --at-meeting -------------------------------------------------


def history_of(ctx: typer.Context) -> "History":
    """The board's git history, opened once per command and closed (its cache saved) when
    the command ends."""
    options_ = options_of(ctx)
    if options_.past.history is None:
        from assurance_cli.repo.history import History

        history = History(options_.root, use_cache=options_.use_cache)
        ctx.find_root().call_on_close(history.close)
        options_.past.history = history
    return options_.past.history


def past_point(ctx: typer.Context) -> "Point | None":
    """The moment --at or --at-meeting names, or None when neither is given."""
    options_ = options_of(ctx)
    if options_.at is None and options_.at_meeting is None:
        return None
    if options_.past.point is None:
        history = history_of(ctx)
        if options_.at_meeting is not None:
            from assurance_cli.repo.history import working_tree_board

            board = working_tree_board(options_.root)
            options_.past.point = history.point_at_meeting(board, options_.at_meeting)
        else:
            assert options_.at is not None
            options_.past.point = history.point_at(options_.at)
    return options_.past.point


def past_json(ctx: typer.Context, workspace: "Workspace") -> dict[str, object] | None:
    """The `at` object of a JSON output read with --at (docs/json.md); None without."""
    point = past_point(ctx)
    if point is None:
        return None
    left = [{"path": path, "codes": codes} for path, codes in left_out_files(workspace).items()]
    return {**point.to_json(), "left_out": left}
