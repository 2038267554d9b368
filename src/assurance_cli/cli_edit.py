"""Edit commands (set-status, reschedule, note, new) and `assure schema`.

Thin: parse flags, read the clock once, call `edit`, print what changed, pick the exit code:
0 written; 1 the edit would make the record invalid (nothing written, problems printed);
2 the command cannot run (unknown id, bad flag, the file changed on disk...).
"""

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import EXIT_FOUND, EXIT_OK, _root, app, fail
from .dates import DateError, PartialDate, parse_partial_date
from .problems import AssureError

if TYPE_CHECKING:
    from .edit import Change
    from .workspace import Workspace

ID_HELP = "An action: 2015-16/1c, or 1c when only one plan has that ref."
ON_HELP = "Date of the progress entry, YYYY-MM-DD (or YYYY-MM). Default: today."


def _date(value: str | None, flag: str, today: date) -> PartialDate:
    """A date flag; `today` (read once by the command) when it is not given."""
    if value is None:
        return PartialDate(today, True)
    try:
        return parse_partial_date(value)
    except DateError as exc:
        fail(f"{flag}: {exc}")


def _workspace(ctx: typer.Context) -> "Workspace":
    from .workspace import open_workspace

    try:
        return open_workspace(_root(ctx))
    except AssureError as exc:
        fail(str(exc))


def _run(plan: Callable[[], "Change"]) -> None:
    """Plan the change; write it when valid, else print its problems and exit 1."""
    from .edit import apply_change

    try:
        change = plan()
        if not change.valid:
            for problem in change.problems:
                typer.echo(str(problem), err=True)
            typer.echo(
                f"assure: error: the change would bring the problems above to {change.rel}; "
                "nothing was written",
                err=True,
            )
            raise typer.Exit(EXIT_FOUND)
        apply_change(change)
    except AssureError as exc:
        fail(str(exc))
    typer.echo(change.summary)
    for note in change.notes:
        typer.echo(f"assure: note: {note}", err=True)
    raise typer.Exit(EXIT_OK)


@app.command("set-status")
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
    today = date.today()
    when = _date(on, "--on", today)
    workspace = _workspace(ctx)
    from .edit import plan_status_change

    _run(lambda: plan_status_change(workspace, record_id, status, note=note, on=when))


@app.command()
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
    today = date.today()
    new_due = _date(due, "DATE", today)
    agreed_on = _date(agreed, "--agreed", today)
    if reason is None or not reason.strip():
        fail("--reason is required: say why the due date moved (it is kept in due_history)")
    workspace = _workspace(ctx)
    from .edit import plan_reschedule

    _run(lambda: plan_reschedule(workspace, record_id, new_due, reason=reason, agreed=agreed_on))


@app.command()
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
    today = date.today()
    when = _date(on, "--on", today)
    workspace = _workspace(ctx)
    from .edit import plan_note

    _run(lambda: plan_note(workspace, record_id, text, on=when))


new_app = typer.Typer(
    name="new",
    help="Create a new action, audit or finding with every field in place.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(new_app)


@new_app.command("action")
def new_action(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="Plan id, e.g. 2015-16.")],
    priority: Annotated[int, typer.Option("--priority", help="Priority number in the plan.")],
    title: Annotated[str, typer.Option("--title", help="The action (the Activity column).")],
    lead: Annotated[
        list[str] | None, typer.Option("--lead", help="Lead id from board.yaml (repeatable).")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="Due date, YYYY-MM-DD or YYYY-MM.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="Status id. Default: not-started, or the first open one."),
    ] = None,
) -> None:
    """Create an action with the next free ref in its priority (after 5h comes 5i).

    Writes data/actions/<plan>/<ref>.yaml with the schema modeline and every field in place;
    fill in the rest in an editor.

    Example:

        assure new action --plan 2015-16 --priority 5 --lead qpp-chair --due 2016-12-31 \\
            --title "Audit the impact of training on practice"
    """
    today = date.today()
    due_date = _date(due, "--due", today) if due is not None else None
    workspace = _workspace(ctx)
    from .edit import plan_new_action

    _run(
        lambda: plan_new_action(
            workspace,
            plan=plan,
            priority=priority,
            title=title,
            lead=lead or [],
            due=due_date,
            status=status,
        )
    )


@new_app.command("audit")
def new_audit(
    ctx: typer.Context,
    audit_id: Annotated[str, typer.Option("--id", help="Audit id, e.g. neglect-audit-2017.")],
    title: Annotated[str, typer.Option("--title", help="Its name.")],
    kind: Annotated[str, typer.Option("--kind", help="e.g. case-audit, section-11, inspection.")],
    when: Annotated[str, typer.Option("--date", help="When it took place, YYYY-MM-DD or YYYY-MM.")],
) -> None:
    """Create an audit (an assurance activity) with every field in place.

    Example:

        assure new audit --id neglect-audit-2017 --kind case-audit --date 2017-06 \\
            --title "Neglect multi-agency case audit"
    """
    today = date.today()
    held = _date(when, "--date", today)
    workspace = _workspace(ctx)
    from .edit import plan_new_audit

    _run(lambda: plan_new_audit(workspace, audit_id=audit_id, title=title, kind=kind, when=held))


@new_app.command("finding")
def new_finding(
    ctx: typer.Context,
    audit: Annotated[
        list[str], typer.Option("--audit", help="The audit it comes from (repeatable).")
    ],
    finding_id: Annotated[str, typer.Option("--id", help="Finding id.")],
    kind: Annotated[str, typer.Option("--kind", help="strength, concern or recommendation.")],
    text: Annotated[str, typer.Option("--text", help="The learning point.")],
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="Theme id from board.yaml (repeatable).")
    ] = None,
) -> None:
    """Create a finding (a learning point) citing its audit, with every field in place.

    Example:

        assure new finding --audit neglect-audit-2017 --id neglect-2017-voice \\
            --kind concern --theme safeguarding-practice --text "The child's voice was not recorded"
    """
    workspace = _workspace(ctx)
    from .edit import plan_new_finding

    _run(
        lambda: plan_new_finding(
            workspace,
            finding_id=finding_id,
            audits=audit,
            kind=kind,
            text=text,
            themes=theme or [],
        )
    )


@app.command()
def schema(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Folder to write into. Default: schemas/ in the repository."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 when a schema is missing or stale."),
    ] = False,
) -> None:
    """Write a JSON Schema for each record type, for editors to validate and complete fields.

    Writes board, action, audit, finding and reporting .schema.json (draft-07), generated
    from assure's own record formats. Records point at them with their first line, e.g.
    `# yaml-language-server: $schema=../../../schemas/action.schema.json`.

    Examples:

        assure schema

        assure schema --check   # in CI: fail when the committed schemas are stale
    """
    from .edit import SCHEMA_DIR, stale_schemas, write_schemas

    folder = output if output is not None else _root(ctx) / SCHEMA_DIR
    if check:
        stale = stale_schemas(folder)
        for name in stale:
            typer.echo(f"{folder / name}: missing or stale; run `assure schema`", err=True)
        raise typer.Exit(EXIT_FOUND if stale else EXIT_OK)
    try:
        written = write_schemas(folder)
    except AssureError as exc:
        fail(str(exc))
    for name in written:
        sys.stdout.write(f"wrote {folder / name}\n")
    if not written:
        sys.stdout.write(f"{folder}: schemas are up to date\n")
