"""`assure report ...`: the rendered Markdown documents."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from assurance_cli.cli.app import (
    AS_OF_HELP,
    EXIT_FOUND,
    EXIT_OK,
    app,
    command_group,
    day_option,
    fail,
    open_for_reading,
    root_of,
    say,
)
from assurance_cli.problems import AssureError

report_app = command_group(
    help=(
        "Render a board paper as Markdown from the records, through Jinja templates.\n\n"
        "Templates ship with assure; put a file of the same name in <root>/templates/ to "
        "use your own. `assure report --list` shows which is used."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(report_app, name="report")

OUTPUT_HELP = (
    "Write to FILE (atomically, a regular file only: never a link, device or FIFO) instead "
    "of printing; `-` prints."
)


@report_app.callback()
def report_options(
    ctx: typer.Context,
    list_reports: Annotated[
        bool, typer.Option("--list", help="List the reports and where each template comes from.")
    ] = False,
) -> None:
    """Render a board paper as Markdown: action-plan, learning, loop, business-plan, digest.

    Examples:

        assure report --list

        assure report action-plan --plan 2015-16 --output action-plan.md
    """
    if ctx.invoked_subcommand is not None:
        return
    if not list_reports:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_OK)
    from assurance_cli.queries.reports import REPORTS
    from assurance_cli.render.templates import template_source

    for name, description in REPORTS:
        source = template_source(root_of(ctx), name)
        say(f"{name:<14} {description}\n{'':<14} template: {source.origin}")


def emit(ctx: typer.Context, name: str, context: dict[str, Any], output: Path | None) -> None:
    """Render report `name` and print it or write it atomically to `output`."""
    from assurance_cli.io.files import write_atomic
    from assurance_cli.render.templates import TemplateProblem, render_report

    try:
        text = render_report(root_of(ctx), name, context)
    except TemplateProblem as exc:  # the board's template is at fault: a problem found
        say(f"assure: error: {exc}", err=True)
        raise typer.Exit(EXIT_FOUND) from None
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except AssureError as exc:
        fail(f"{exc}; to print the paper, give `--output -` or leave --output out")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    say(f"wrote {output}", err=True)


def build(ctx: typer.Context, builder: Any, *args: Any) -> dict[str, Any]:
    workspace = open_for_reading(ctx)
    context: dict[str, Any] = builder(workspace.index, *args)
    return context


@report_app.command("action-plan")
def action_plan(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="Plan id, e.g. 2015-16.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=AS_OF_HELP + " Marks overdue actions.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", help=OUTPUT_HELP)] = None,
) -> None:
    """A plan's action tables: one section per priority with Ref, Activity, Desired Outcome,
    Due Date, Lead, Outcome Measure, Progress and Status, and a summary of actions per
    status per priority.

    Example:

        assure report action-plan --plan 2015-16 --as-of 2016-05-31 --output plan.md
    """
    from assurance_cli.queries.reports import action_plan_context

    when = day_option(as_of, "--as-of") if as_of else None
    emit(ctx, "action-plan", build(ctx, action_plan_context, plan, when), output)


@report_app.command("learning")
def learning(
    ctx: typer.Context,
    period: Annotated[str, typer.Option("--period", help="The plan whose period to report.")],
    output: Annotated[Path | None, typer.Option("--output", help=OUTPUT_HELP)] = None,
) -> None:
    """Learning from assurance activity for a period: the activities, then per theme (and
    sub-theme) its findings with their sources and the proposed actions for the next plan,
    and a themes x activities table.

    Example:

        assure report learning --period 2015-16 --output learning-2015-16.md
    """
    from assurance_cli.queries.reports import learning_context

    emit(ctx, "learning", build(ctx, learning_context, period), output)


@report_app.command("loop")
def loop(
    ctx: typer.Context,
    period: Annotated[str, typer.Option("--period", help="The plan whose period to report.")],
    output: Annotated[Path | None, typer.Option("--output", help=OUTPUT_HELP)] = None,
) -> None:
    """Closing the loop: each finding of the period with the actions answering it and their
    status, the findings no action answers, and completed actions with no impact recorded.

    Example:

        assure report loop --period 2016-17
    """
    from assurance_cli.queries.reports import loop_context

    emit(ctx, "loop", build(ctx, loop_context, period), output)


@report_app.command("business-plan")
def business_plan(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="Plan id, e.g. 2016-18.")],
    output: Annotated[Path | None, typer.Option("--output", help=OUTPUT_HELP)] = None,
) -> None:
    """The business plan matrix: priority areas as columns, subgroups as rows, each cell the
    actions of that subgroup for that area with their status; then the actions with no
    subgroup, assurance questions, core business and the assurance reporting cycle.

    A subgroup's actions are those naming it in `subgroup`, or whose leads belong to it.

    Example:

        assure --root examples/shropshire report business-plan --plan 2016-18
    """
    from assurance_cli.queries.reports import business_plan_context

    emit(ctx, "business-plan", build(ctx, business_plan_context, plan), output)


@report_app.command("digest")
def digest(
    ctx: typer.Context,
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (the as-of date).")],
    output: Annotated[Path | None, typer.Option("--output", help=OUTPUT_HELP)] = None,
) -> None:
    """What happened between two dates, for the quarterly newsletter or "since the last board
    meeting": assurance activities that reported, with their key recommendations; actions
    closed; actions that became overdue or were rescheduled; what falls due next quarter.

    An action counts as closed in the period when its status is closed and its latest dated
    progress entry falls in the period.

    Example:

        assure report digest --from 2016-01-01 --to 2016-03-31
    """
    from assurance_cli.queries.reports import digest_context

    start, end = day_option(date_from, "--from"), day_option(date_to, "--to")
    emit(ctx, "digest", build(ctx, digest_context, start, end), output)
