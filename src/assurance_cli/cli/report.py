"""`assure report ...`: the rendered Markdown documents."""

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    AS_OF_HELP,
    EXIT_FOUND,
    EXIT_OK,
    app,
    command_group,
    day_option,
    fail,
    history_of,
    note,
    open_for_reading,
    past_point,
    print_notice,
    reading_exit,
    root_of,
    say,
    today,
)
from assurance_cli.problems import AssureError

if TYPE_CHECKING:
    from datetime import date

    from assurance_cli.index.build import Index
    from assurance_cli.queries.reports import ReportContext
    from assurance_cli.queries.reports.since import SinceSection
    from assurance_cli.repo.workspace import Reading, Workspace

report_app = command_group(
    help=(
        "Render a board paper as Markdown from the records, through Jinja templates.\n\n"
        "Templates ship with assure; put a file of the same name in the board's `templates/` to "
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
    """Render a board paper as Markdown: action-plan, learning, loop, business-plan, digest,
    trend.

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


def emit(ctx: typer.Context, name: str, context: "ReportContext", output: Path | None) -> None:
    """Render report `name`, with the notice of any record left out or shown despite errors,
    and print it or write it atomically to `output`. Exit 1 when there is a notice."""
    from assurance_cli.io.files import write_atomic
    from assurance_cli.render.notices import with_notice
    from assurance_cli.render.templates import TemplateProblem, render_report

    reading: Reading = ctx.meta["reading"]
    try:
        text = with_notice(render_report(root_of(ctx), name, context), reading.omissions)
    except TemplateProblem as exc:  # the board's template is at fault: a problem found
        say(f"assure: error: {exc}", err=True)
        raise typer.Exit(EXIT_FOUND) from None
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        try:
            write_atomic(output, text.encode("utf-8"))
        except AssureError as exc:
            fail(f"{exc}; to print the paper, give `--output -` or leave --output out")
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        say(f"wrote {output}", err=True)
    print_notice(reading)
    reading_exit(reading)


def index_of(ctx: typer.Context) -> "Index":
    """The index a report reads (records that may hold personal data withheld); what it left
    out is kept for `emit` to name."""
    reading = open_for_reading(ctx)
    ctx.meta["reading"] = reading
    return reading.index


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
    from assurance_cli.queries.reports.action_plan import action_plan_context

    when = day_option(as_of, "--as-of") if as_of else None
    emit(ctx, "action-plan", action_plan_context(index_of(ctx), plan, when), output)


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
    from assurance_cli.queries.reports.learning import learning_context

    emit(ctx, "learning", learning_context(index_of(ctx), period), output)


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
    from assurance_cli.queries.reports.loop import loop_context

    emit(ctx, "loop", loop_context(index_of(ctx), period), output)


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
    from assurance_cli.queries.reports.business_plan import business_plan_context

    emit(ctx, "business-plan", business_plan_context(index_of(ctx), plan), output)


@report_app.command("digest")
def digest(
    ctx: typer.Context,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD.", show_default=False)
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Last day, YYYY-MM-DD (the as-of date). With --since: default today (or "
            "the --at date).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE|MEETING|REV",
            help="Instead of --from: what changed since the records as committed then (a "
            "date, a meeting of board.yaml, or a git revision), read from git.",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", help=OUTPUT_HELP)] = None,
) -> None:
    """What happened between two dates, for the quarterly newsletter or "since the last board
    meeting": assurance activities that reported, with their key recommendations; actions
    closed; actions that became overdue or were rescheduled; what falls due next quarter.

    An action counts as closed in the period when its status is closed and its latest dated
    progress entry falls in the period.

    With --since, the period starts at that point and the digest opens with what git
    records changed since: actions closed, due dates slipped (with the reasons recorded),
    actions that became overdue, audits and findings that arrived.

    Examples:

        assure report digest --from 2016-01-01 --to 2016-03-31

        assure report digest --since board-2016-03   # a meeting id: since the last meeting
    """
    from assurance_cli.queries.reports.digest import digest_context

    if since is None:
        if date_from is None or date_to is None:
            fail("give --from and --to, or --since")
        start, end = day_option(date_from, "--from"), day_option(date_to, "--to")
        emit(ctx, "digest", digest_context(index_of(ctx), start, end), output)
        return
    if date_from is not None:
        fail("give --from or --since, not both")
    index = index_of(ctx)
    reading: Reading = ctx.meta["reading"]
    point = past_point(ctx)
    end = day_option(date_to, "--to") if date_to else (point.day if point else today())
    section, start = since_changes(ctx, reading.workspace, since, end)
    emit(ctx, "digest", digest_context(index, start, end, section), output)


def since_changes(
    ctx: typer.Context, workspace: "Workspace", since: str, end: "date"
) -> tuple["SinceSection", "date"]:
    """The since section of the digest: the records at `since` against those of
    `workspace` (now, or at --at), and the day `since` names."""
    from assurance_cli.index.build import build_index
    from assurance_cli.queries.reports.since import Side, since_section
    from assurance_cli.repo.revision import left_out

    history = history_of(ctx)
    then = history.point_at(since, workspace.index.board)
    if then.day > end:
        fail(f"--since {since} ({then.day.isoformat()}) is after the end of the digest")
    records = history.records([then.commit])[then.commit.id]
    if not records.has_data:
        fail(f"there are no records at {then.commit.short}: no data/ folder yet")
    now_point = past_point(ctx)
    now = "the working tree" if now_point is None else now_point.describe()
    section = since_section(
        Side(build_index(records.repository), then.day, records.left_out),
        Side(workspace.index, end, left_out(workspace.problems, workspace.repository)),
        asked=since,
        commit=then.commit.short,
        committed=then.commit.day,
        now=now,
    )
    return section, then.day


class Every(str, Enum):
    meeting = "meeting"
    month = "month"


@report_app.command("trend")
def trend(
    ctx: typer.Context,
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    every: Annotated[
        Every,
        typer.Option(
            "--every",
            help="A point at each meeting of board.yaml with a date in the range (default), "
            "or at the end of each month.",
        ),
    ] = Every.meeting,
    plan: Annotated[
        list[str] | None, typer.Option("--plan", help="Only this plan's actions (repeatable).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", help=OUTPUT_HELP)] = None,
) -> None:
    """How the plan moved, read from the records' git history: at each board meeting in
    the range (or each month), the actions open, closed and overdue as committed on that
    date; counts by status and by RAG; due dates moved since the previous point and the
    days they slipped; actions closed and actions newly overdue.

    Each point reads the last commit on or before its date, on the current branch, and
    takes that date as today. A date before the first commit is shown as such.

    Examples:

        assure report trend --from 2015-04-01 --to 2016-05-31

        assure report trend --from 2015-04-01 --to 2016-03-31 --every month --plan 2015-16
    """
    from assurance_cli.problems import unknown
    from assurance_cli.queries.past import read_dates
    from assurance_cli.queries.reports.trend import trend_context, trend_days

    start, end = day_option(date_from, "--from"), day_option(date_to, "--to")
    point = past_point(ctx)
    if point is not None and end > point.day:
        fail(f"--to is after {point.day.isoformat()}, the date --at reads the records on")
    index = index_of(ctx)
    plans = tuple(plan or ())
    for plan_id in plans:
        if plan_id not in index.plans:
            fail(unknown("plan", plan_id, index.plans))
    days = trend_days(index.board, start, end, every.value)
    readings = read_dates(history_of(ctx), [(start, "start"), *days])
    context = trend_context(
        index, readings[1:], readings[0], start=start, end=end, every=every.value, plans=plans
    )
    for trend_point in context.points:
        for left in trend_point.left_out:
            note(f"left out on {trend_point.iso}: {left.path} ({left.codes})")
    emit(ctx, "trend", context, output)
