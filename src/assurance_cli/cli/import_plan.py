"""`assure import`: bring a board's published plan (Excel, Word or CSV) into its records."""

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import EXIT_FOUND, EXIT_OK, app, open_workspace, options_of, say

if TYPE_CHECKING:
    from assurance_cli.edit.imports import ImportPlan
    from assurance_cli.problems import Problem
    from assurance_cli.render.imports import ImportView


class ImportFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("import")
def import_plan(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The plan: a .xlsx, .docx or .csv file."),
    ],
    plan: Annotated[str, typer.Option("--plan", help="The plan's id, e.g. 2016-17.")],
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Excel: read only this sheet.")
    ] = None,
    table: Annotated[
        int | None, typer.Option("--table", help="Read only table (or sheet) N, from 1.")
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            metavar="HEADING=FIELD",
            help="Map a column the headings do not name: 'By when=due' (repeatable). Fields: "
            "ref, title, desired_outcome, outcome_measure, lead, due, progress, status.",
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="VALUE=ID",
            help="Map a published status, RAG letter or colour to a status id: 'G=on-track' "
            "(repeatable; G also covers Green and green cells).",
        ),
    ] = None,
    add_vocabulary: Annotated[
        bool,
        typer.Option(
            "--add-vocabulary",
            help="Add the leads and statuses board.yaml lacks (else they are listed and "
            "nothing is written).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing: show what would change.")
    ] = False,
    output_format: Annotated[
        ImportFormat, typer.Option("--format", help="text (default) or json.")
    ] = ImportFormat.text,
) -> None:
    """Bring a plan from Excel, Word or CSV into the board's records.

    Finds the action table(s), maps the columns by their headings (Ref/No., Action/What,
    Outcome, Lead/Who, Due/By when/Timescale, Progress/Update, Status/RAG...), and writes
    one action per row under data/actions/PLAN/, each field as published. The plan is
    added to board.yaml if it is not there, with only what the file gives (its heading and
    numbered objectives). Leads and statuses are met with board.yaml's; new ones are listed
    with a ready board.yaml block, or added with --add-vocabulary. Duplicate refs, empty
    rows, rows broken across pages and columns nothing maps are reported, never guessed.

    Every file is written or none, then `assure check` runs. Importing the same file again
    changes nothing; a changed file updates the records (progress only appended) and the
    changes are shown as `assure diff` shows them. Exit 0 when all is clean, 1 when a
    problem was found (rows left out, new vocabulary not added, check errors), 2 when the
    file cannot be read.

    Examples:

        assure import plan.docx --plan 2015-16 --add-vocabulary --dry-run

        assure import plan.xlsx --plan 2016-17 --sheet "Action plan" \\
            --column "By when=due" --status "G=on-track" --status "R=off-track"
    """
    from assurance_cli.edit.imports import plan_import, write_import
    from assurance_cli.importing import read_plan
    from assurance_cli.problems import Severity

    published = read_plan(
        file,
        sheet=sheet,
        table=table,
        columns=column or [],
        statuses=status or [],
        name=file.name,
    )
    workspace = open_workspace(ctx)
    planned = plan_import(workspace, published, plan=plan, add_vocabulary=add_vocabulary)
    blocked = _blocked_reason(planned)
    written = False
    if not dry_run and blocked is None and planned.changes:
        write_import(planned.changes, workspace.repository.root)
        written = True
    check: tuple[Problem, ...] | None = None
    files_checked = 0
    if written:
        from assurance_cli.repo.workspace import open_workspace as open_checked

        after = open_checked(options_of(ctx).root, use_cache=options_of(ctx).use_cache)
        check, files_checked = tuple(after.problems), after.repository.files_read
    from dataclasses import replace

    view = _view(planned, dry_run=dry_run, written=written, blocked=blocked)
    _print(replace(view, check=check, files_checked=files_checked), output_format)
    problems = (*planned.problems, *planned.proof, *(check or ()))
    failed = blocked is not None or any(p.severity is Severity.ERROR for p in problems)
    raise typer.Exit(EXIT_FOUND if failed else EXIT_OK)


def _blocked_reason(planned: "ImportPlan") -> str | None:
    from assurance_cli.edit.imports import NO_TABLE
    from assurance_cli.problems import Severity

    if any(p.code == NO_TABLE for p in planned.problems):
        return "the file gives no action rows to import (see below), so not even the plan"
    if planned.vocabulary.is_new and not planned.vocabulary_added:
        return (
            "board.yaml lacks leads or statuses the file uses (listed below): add them, or "
            "run again with --add-vocabulary"
        )
    if any(p.severity is Severity.ERROR for p in planned.proof):
        return "the records would have the errors listed below"
    return None


def _view(
    planned: "ImportPlan", *, dry_run: bool, written: bool, blocked: str | None
) -> "ImportView":
    from assurance_cli.render.imports import ImportView

    return ImportView(
        plan=planned.plan,
        source=planned.source,
        dry_run=dry_run,
        written=written,
        files=tuple(
            ("created" if c.original is None else "updated", c.rel) for c in planned.changes
        ),
        unchanged=planned.unchanged,
        plan_created=planned.plan_created,
        new_leads=tuple(planned.vocabulary.new_leads),
        new_statuses=tuple(s.entry() for s in planned.vocabulary.new_statuses),
        vocabulary_added=planned.vocabulary_added,
        board_block=planned.vocabulary.block(),
        not_in_file=planned.not_in_file,
        changes=planned.diff,
        problems=(*planned.problems, *planned.proof),
        blocked_reason=blocked,
    )


def _print(view: "ImportView", output_format: ImportFormat) -> None:
    from assurance_cli.render.imports import import_json, print_import
    from assurance_cli.render.problems import summary_line
    from assurance_cli.render.terminal import make_console

    if output_format is ImportFormat.json:
        sys.stdout.write(import_json(view))
        return
    print_import(make_console(), view)
    if view.check is not None:
        for problem in view.check:
            say(str(problem))
        say(summary_line(view.check, view.files_checked), err=True)
