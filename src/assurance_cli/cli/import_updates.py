"""`assure import-updates`: apply the updates leads made in the workbooks of `assure export
--format xlsx` (edit/updates.py), all or nothing, and print the `assure diff` of them.

Exit codes: 0 applied (or nothing to apply); 1 an update would bring a problem to a record
(as the edit commands; nothing written); 2 the command cannot run or a workbook or a row is
refused (a file that cannot be read safely, a formula, a record changed since the export, an
unknown status...; nothing written).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    EXIT_CANNOT_RUN,
    EXIT_FOUND,
    EXIT_OK,
    app,
    day_option,
    fail,
    open_workspace,
    root_of,
    say,
    today,
)

if TYPE_CHECKING:
    from assurance_cli.edit.change import Change
    from assurance_cli.edit.updates import UpdatePlan
    from assurance_cli.io.git import BranchStart
    from assurance_cli.problems import Problem
    from assurance_cli.queries.diff_values import Diff
    from assurance_cli.repo.workspace import Workspace


class UpdatesFormat(str, Enum):
    text = "text"
    json = "json"


EXIT_HELP = (
    "Exit codes: 0 applied (or nothing to apply); 1 an update would bring a problem to a "
    "record (nothing is written, the problems are printed); 2 a workbook or a row is refused "
    "(a formula, a record changed since the export, an unknown status, a date assure cannot "
    "read...: nothing is written) or the command cannot run."
)


@app.command("import-updates", epilog=EXIT_HELP)
def import_updates(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE.xlsx...", help="Workbooks from `assure export --format xlsx`, returned."
        ),
    ],
    branch: Annotated[
        str | None,
        typer.Option(
            "--branch",
            metavar="NAME",
            help="Commit the updates on a new git branch NAME (checked out), for review.",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The day the updates were made, YYYY-MM-DD: the date of a progress entry "
            "with no date of entry, and the day new due dates were agreed. Default: today.",
        ),
    ] = None,
    output_format: Annotated[
        UpdatesFormat, typer.Option("--format", help="text (default) or json.")
    ] = UpdatesFormat.text,
) -> None:
    """Apply the updates leads made in their workbooks: new progress entries, status changes
    and proposed new due dates (with their reasons).

    Each update goes through the rules of `assure note`, `set-status` and `reschedule`
    (append-only; a new status needs a progress entry saying why; a new due date needs its
    reason). A row whose record changed since the workbook was exported is refused, naming
    the record; so is a formula in any cell. All the updates are written, or none. Then the
    changes are printed as `assure diff` shows them; review them with `git diff`, or give
    --branch to have them committed on a new branch. A progress entry with no date of entry
    is dated --on (default today). See docs/round-trip.md.

    Examples:

        assure import-updates qpp-chair.xlsx

        assure import-updates qpp-chair.xlsx ld-chair.xlsx --branch updates-2016-05
    """
    now = day_option(on, "--on") if on is not None else today()
    _refuse_repeated(files)
    workspace = open_workspace(ctx)
    from assurance_cli.edit.updates import plan_updates
    from assurance_cli.importing.updates import read_returned_workbook

    statuses = {status_id: s.label for status_id, s in workspace.index.statuses.items()}
    books = [read_returned_workbook(path, statuses=statuses) for path in files]
    plan = plan_updates(workspace, books, today=now)
    warnings = [p for book in books for p in book.problems if p not in plan.refused]
    names = [book.name for book in books]
    json_out = output_format is UpdatesFormat.json
    if plan.refused or plan.brings_problems:
        problems = list(plan.refused) or [p for c in plan.changes for p in c.problems]
        _report_refusal(plan, problems, warnings, names, json_out)
    for problem in warnings:
        say(str(problem), err=True)
    start = _start_branch(ctx, branch, plan.changes) if branch and plan.changes else None
    from assurance_cli.edit.updates import apply_updates

    try:
        apply_updates(plan.changes)
    except Exception:
        if start is not None:
            from assurance_cli.io.git import leave_branch

            leave_branch(start)
        raise
    commit = _commit(start, plan, names) if start is not None else None
    diff = _diff_of(workspace, plan.changes, names)
    _report(plan, diff, names, branch if start else None, commit, json_out, warnings)
    if branch and start is None:
        say(f"assure: note: no updates to apply, so no branch '{branch}' was made", err=True)
    raise typer.Exit(EXIT_OK)


def _refuse_repeated(files: list[Path]) -> None:
    seen: set[Path] = set()
    for path in files:
        key = path.resolve()
        if key in seen:
            fail(f"{path} is given twice: its updates would be applied twice")
        seen.add(key)


def _report_refusal(
    plan: UpdatePlan,
    problems: list[Problem],
    warnings: list[Problem],
    names: list[str],
    json_out: bool,
) -> None:
    code = EXIT_CANNOT_RUN if plan.refused else EXIT_FOUND
    if json_out:
        from assurance_cli.render.updates import updates_json

        sys.stdout.write(
            updates_json(
                files=names,
                rows=plan.rows,
                updated_rows=plan.updated_rows,
                applied=[],
                problems=[*problems, *warnings],
                written=False,
                branch=None,
                commit=None,
                diff=None,
            )
        )
    for problem in [*problems, *warnings]:
        say(str(problem), err=True)
    what = (
        f"{len(problems)} problem(s) in the workbook(s)"
        if plan.refused
        else "the updates would bring the problems above to the records"
    )
    say(f"assure: error: {what}; nothing was written (fix the workbook and run again)", err=True)
    raise typer.Exit(code)


def _start_branch(ctx: typer.Context, branch: str, changes: tuple[Change, ...]) -> BranchStart:
    from assurance_cli.io.git import start_branch

    return start_branch(root_of(ctx), branch, [change.rel for change in changes])


def _commit(start: BranchStart, plan: UpdatePlan, names: list[str]) -> str:
    from assurance_cli.io.git import commit_paths
    from assurance_cli.problems import AssureError

    count = len(plan.changes)
    message = (
        f"Updates from {', '.join(names)}: {count} action{'s' * (count != 1)}\n\n"
        + "\n".join(f"- {change.summary}" for change in plan.changes)
        + "\n\nApplied with `assure import-updates`.\n"
    )
    try:
        return commit_paths(start, [change.rel for change in plan.changes], message)
    except AssureError as exc:
        fail(
            f"the updates are written on the new branch '{start.name}' but not committed "
            f"({exc}); review them with `git diff` and commit them yourself"
        )


def _diff_of(workspace: Workspace, changes: tuple[Change, ...], names: list[str]) -> Diff:
    from assurance_cli.edit.updates import index_after
    from assurance_cli.queries.diff import compare_indexes
    from assurance_cli.queries.diff_values import Diff, Version

    after = index_after(workspace, changes)
    return Diff(
        Version("the records before the updates", None),
        Version(f"the records with the updates of {', '.join(names)}", None),
        tuple(compare_indexes(workspace.index, after)),
    )


def _report(
    plan: UpdatePlan,
    diff: Diff,
    names: list[str],
    branch: str | None,
    commit: str | None,
    json_out: bool,
    warnings: list[Problem],
) -> None:
    if json_out:
        from assurance_cli.render.updates import Applied, updates_json

        applied = [
            Applied(change.summary.split(":", 1)[0], change.rel, change.summary)
            for change in plan.changes
        ]
        sys.stdout.write(
            updates_json(
                files=names,
                rows=plan.rows,
                updated_rows=plan.updated_rows,
                applied=applied,
                problems=warnings,
                written=bool(plan.changes),
                branch=branch,
                commit=commit,
                diff=diff,
            )
        )
    else:
        count = len(plan.changes)
        say(
            f"{plan.updated_rows} of {plan.rows} row(s) updated in {', '.join(names)}; "
            f"{count} action{'s' * (count != 1)} changed"
        )
        for change in plan.changes:
            say(f"  {change.summary}")
        if plan.changes:
            from assurance_cli.render.diff_terminal import print_diff
            from assurance_cli.render.terminal import make_console

            say("")
            print_diff(make_console(), diff)
    for change in plan.changes:
        for note in change.notes:
            say(f"assure: note: {note}", err=True)
    if branch is not None and commit is not None:
        say(
            f"assure: committed on the new branch '{branch}' ({commit[:7]}), now checked out; "
            "push it and open a pull request for review",
            err=True,
        )
    elif plan.changes:
        say("assure: note: nothing is committed: review the changes with `git diff`", err=True)
