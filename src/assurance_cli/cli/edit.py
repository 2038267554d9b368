"""Edit commands: set-status, reschedule, note.

Thin: parse flags, read the clock once, call `edit`, print what changed, pick the exit code:
0 written (errors the record already had, which the edit did not bring, are printed on
stderr); 1 the edit would bring a problem to the record (nothing written, problems printed);
2 the command cannot run (unknown id, bad flag, a file that cannot be read as a record, the
file changed on disk...).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    EXIT_FOUND,
    EXIT_OK,
    app,
    fail,
    open_workspace,
    partial_date_option,
    say,
    today,
)

if TYPE_CHECKING:
    from assurance_cli.edit.change import Change

ID_HELP = "An action: 2015-16/1c, or 1c when only one plan has that ref."
EXIT_HELP = (
    "Exit codes: 0 written; 1 the edit would bring a problem to the record (nothing is "
    "written, the problems are printed); 2 the command cannot run (an unknown id, a bad "
    "flag, a file that cannot be read as a record: fix it first, see `assure check`). A "
    "valid record with errors the edit does not bring (an unknown lead...) is still "
    "edited, exit 0, and those errors are printed on stderr after it."
)
ON_HELP = "Date of the progress entry, YYYY-MM-DD (or YYYY-MM). Default: today."


def run_edit(plan: Callable[[], "Change"]) -> None:
    """Plan the change; write it when valid, else print its problems and exit 1."""
    from assurance_cli.edit.change import apply_change

    change = plan()
    if not change.valid:
        for problem in change.problems:
            say(str(problem), err=True)
        say(
            f"assure: error: the change would bring the problems above to {change.rel}; "
            "nothing was written",
            err=True,
        )
        raise typer.Exit(EXIT_FOUND)
    apply_change(change)
    say(change.summary)
    for note in change.notes:
        say(f"assure: note: {note}", err=True)
    _show_kept(change)
    raise typer.Exit(EXIT_OK)


def _show_kept(change: "Change") -> None:
    """Errors the record had before and still has: the edit did not bring them, so it was
    written, but they are shown with it, never hidden behind an exit 0."""
    if not change.kept:
        return
    for problem in change.kept:
        say(str(problem), err=True)
    count = len(change.kept)
    errors = "1 error" if count == 1 else f"{count} errors"
    say(
        f"assure: note: {change.rel} still has {errors}, above, which this edit did not "
        f"bring; the edit was written: fix {'the error' if count == 1 else 'them'} "
        "(see `assure check`)",
        err=True,
    )


@app.command("set-status", epilog=EXIT_HELP)
def set_status(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help=ID_HELP)],
    status: Annotated[
        str, typer.Argument(metavar="STATUS", help="A status id from board.yaml, e.g. completed.")
    ],
    note: Annotated[
        str | None,
        typer.Option("--note", help="What happened: added to the progress log. Required to close."),
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help=ON_HELP)] = None,
) -> None:
    """Change an action's status, and log a dated progress entry with --note.

    Closing an action (a status with `closed: true` in board.yaml) needs a note. Only the
    status line changes and the entry is appended; comments and layout are kept. Nothing is
    committed: review the change with `git diff`.

    Examples:

        assure set-status 2015-16/3d2 completed --note "External review reported to the Board"

        assure set-status 5f on-track --note "QPP agreed the audit tool" --on 2016-05-31
    """
    now = today()
    when = partial_date_option(on, "--on", now)
    workspace = open_workspace(ctx)
    from assurance_cli.edit.actions import plan_status_change

    run_edit(lambda: plan_status_change(workspace, record_id, status, note=note, on=when))


@app.command(epilog=EXIT_HELP)
def reschedule(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help=ID_HELP)],
    due: Annotated[
        str, typer.Argument(metavar="DATE", help="The new due date, YYYY-MM-DD or YYYY-MM.")
    ],
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why the date moved (required): kept in due_history."),
    ] = None,
    agreed: Annotated[
        str | None,
        typer.Option("--agreed", help="When the change was agreed, YYYY-MM-DD. Default: today."),
    ] = None,
) -> None:
    """Move an action's due date, recording the amendment in its due_history.

    Sets `due` and appends `{from, to, agreed, reason}` to `due_history`, which `assure
    status` counts as "Amended". A reason is required.

    Examples:

        assure reschedule 2015-16/3d2 2017-03-31 --reason "Agreed at the Chairs' Group"

        assure reschedule 5f 2016-09 --reason "Waiting for the audit tool" --agreed 2016-05-31
    """
    now = today()
    new_due = partial_date_option(due, "DATE", now)
    agreed_on = partial_date_option(agreed, "--agreed", now)
    if reason is None or not reason.strip():
        fail("--reason is required: say why the due date moved (it is kept in due_history)")
    workspace = open_workspace(ctx)
    from assurance_cli.edit.actions import plan_reschedule

    run_edit(
        lambda: plan_reschedule(workspace, record_id, new_due, reason=reason, agreed=agreed_on)
    )


@app.command(epilog=EXIT_HELP)
def note(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help=ID_HELP)],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What happened.")],
    on: Annotated[str | None, typer.Option("--on", help=ON_HELP)] = None,
) -> None:
    """Add a dated progress entry to an action.

    Examples:

        assure note 2015-16/1c "Walk the Floor dates agreed with the Chair"

        assure note 5f "Reported to the Executive" --on 2016-06-14
    """
    now = today()
    when = partial_date_option(on, "--on", now)
    workspace = open_workspace(ctx)
    from assurance_cli.edit.actions import plan_note

    run_edit(lambda: plan_note(workspace, record_id, text, on=when))
