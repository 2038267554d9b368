"""`assure report ...`: the board's papers, as Markdown (from templates), HTML, Word or PDF.

The commands parse their flags and say which context, summary and exceptions a report has;
`cli/papers.py` picks the format, builds and writes the result.
"""

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    AS_OF_HELP,
    EXIT_OK,
    app,
    as_of_option,
    command_group,
    day_option,
    fail,
    history_of,
    note,
    open_for_reading,
    past_point,
    root_of,
    say,
    today,
)
from assurance_cli.cli.papers import (
    AuthorOption,
    DateOption,
    FormatOption,
    MeetingOption,
    OutputOption,
    PaperFileOption,
    PurposeOption,
    RecommendationOption,
    SinceOption,
    TitleOption,
    VersionOption,
    board_file,
    emit,
    paper_request,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from assurance_cli.index.build import Index
    from assurance_cli.queries.reports.since import SinceSection
    from assurance_cli.queries.reports.summary import PaperSummary
    from assurance_cli.repo.workspace import Workspace

report_app = command_group(
    help=(
        "Render a board paper from the records: Markdown through Jinja templates, or a "
        "paper with a cover, a summary and charts as HTML, Word (.docx) or PDF.\n\n"
        "Templates ship with assure; put a file of the same name in the board's `templates/` "
        "to use your own. `assure report --list` shows which is used."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(report_app, name="report")


@report_app.callback()
def report_options(
    ctx: typer.Context,
    list_reports: Annotated[
        bool, typer.Option("--list", help="List the reports and where each template comes from.")
    ] = False,
) -> None:
    """Render a board paper: action-plan, exceptions, learning, loop, business-plan, digest,
    trend.

    Examples:

        assure report --list

        assure report action-plan --plan 2015-16 --output action-plan.md

        assure report action-plan --plan 2015-16 --as-of 2016-05-31 --output paper.docx
    """
    if ctx.invoked_subcommand is not None:
        return
    if not list_reports:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_OK)
    from assurance_cli.queries.reports import REPORTS
    from assurance_cli.render.templates import template_source

    root = root_of(ctx)
    for name, description in REPORTS:
        source = template_source(root, name)
        say(f"{name:<14} {description}\n{'':<14} template: {source.origin}")
        word = board_file(root, f"{name}.docx")
        if word is not None:
            say(f"{'':<14} Word template: {word}")
    reference = board_file(root, "reference.docx")
    say(f"Word papers' look: {reference if reference else 'built-in'}")


def plan_summary_of(plan: str, as_of: "date | None") -> "Callable[[Index], PaperSummary]":
    """The summary of a plan's actions (overdue at `as_of` when given)."""
    from assurance_cli.queries.reports.summary import plan_summary

    return lambda index: plan_summary(index, plan, as_of)


@report_app.command("action-plan")
def action_plan(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="Plan id, e.g. 2015-16.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=AS_OF_HELP + " Marks overdue actions.")
    ] = None,
    output: OutputOption = None,
    format_: FormatOption = None,
    title: TitleOption = None,
    meeting: MeetingOption = None,
    paper_date: DateOption = None,
    author: AuthorOption = None,
    version: VersionOption = None,
    purpose: PurposeOption = None,
    recommendation: RecommendationOption = None,
    paper: PaperFileOption = None,
    since: SinceOption = None,
) -> None:
    """A plan's action tables: one section per priority with Ref, Activity, Desired Outcome,
    Due Date, Lead, Outcome Measure, Progress and Status, and a summary of actions per
    status per priority. As a paper (html, docx, pdf): a cover, the summary with its chart,
    the exceptions at --as-of, then the plan's tables.

    Examples:

        assure report action-plan --plan 2015-16 --as-of 2016-05-31 --output plan.md

        assure report action-plan --plan 2015-16 --as-of 2016-05-31 --output paper.docx
    """
    from assurance_cli.queries.reports.action_plan import action_plan_context
    from assurance_cli.queries.reports.exceptions import exceptions_context

    request = paper_request(locals())
    when = day_option(as_of, "--as-of") if as_of else None
    emit(
        ctx,
        "action-plan",
        lambda index: action_plan_context(index, plan, when),
        request,
        summary_of=plan_summary_of(plan, when),
        as_of=when,
        exceptions_of=(lambda index: exceptions_context(index, plan, when)) if when else None,
    )


@report_app.command("exceptions")
def exceptions(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="Plan id, e.g. 2015-16.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    date_from: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Rescheduling counts from this day (YYYY-MM-DD). Default: the plan's start.",
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Also list actions with this status id (repeatable): for statuses with no "
            "red or amber rating.",
        ),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="`lead`: a chase list per lead.")] = None,
    output: OutputOption = None,
    format_: FormatOption = None,
    title: TitleOption = None,
    meeting: MeetingOption = None,
    paper_date: DateOption = None,
    author: AuthorOption = None,
    version: VersionOption = None,
    purpose: PurposeOption = None,
    recommendation: RecommendationOption = None,
    paper: PaperFileOption = None,
    since: SinceOption = None,
) -> None:
    """The exception report: the plan's open actions whose status is rated red or amber,
    that are overdue, or that were rescheduled in the period, each with its lead, original
    and revised due date, days overdue and latest progress entry. `--by lead` gives a chase
    list per lead (an action with two leads is on both).

    Examples:

        assure report exceptions --plan 2015-16 --as-of 2016-05-31

        assure report exceptions --plan 2015-16 --as-of 2016-05-31 --by lead --output chase.docx
    """
    from assurance_cli.cli.app import fail
    from assurance_cli.queries.reports.exceptions import exceptions_context

    request = paper_request(locals())
    if by not in (None, "lead"):
        fail(f"--by {by}: the exception report is grouped by lead only (--by lead)")
    when = as_of_option(as_of)
    start = day_option(date_from, "--from") if date_from else None
    statuses = tuple(status or ())
    emit(
        ctx,
        "exceptions",
        lambda index: exceptions_context(
            index, plan, when, start=start, statuses=statuses, by_lead=by == "lead"
        ),
        request,
        summary_of=plan_summary_of(plan, when),
        as_of=when,
    )


@report_app.command("learning")
def learning(
    ctx: typer.Context,
    period: Annotated[str, typer.Option("--period", help="The plan whose period to report.")],
    output: OutputOption = None,
    format_: FormatOption = None,
    title: TitleOption = None,
    meeting: MeetingOption = None,
    paper_date: DateOption = None,
    author: AuthorOption = None,
    version: VersionOption = None,
    purpose: PurposeOption = None,
    recommendation: RecommendationOption = None,
    paper: PaperFileOption = None,
    since: SinceOption = None,
) -> None:
    """Learning from assurance activity for a period: the activities, then per theme (and
    sub-theme) its findings with their sources and the proposed actions for the next plan,
    and a themes x activities table.

    Example:

        assure report learning --period 2015-16 --output learning-2015-16.md
    """
    from assurance_cli.queries.reports.learning import learning_context

    request = paper_request(locals())
    emit(
        ctx,
        "learning",
        lambda index: learning_context(index, period),
        request,
        summary_of=plan_summary_of(period, None),
    )


@report_app.command("loop")
def loop(
    ctx: typer.Context,
    period: Annotated[str, typer.Option("--period", help="The plan whose period to report.")],
    output: OutputOption = None,
    format_: FormatOption = None,
    title: TitleOption = None,
    meeting: MeetingOption = None,
    paper_date: DateOption = None,
    author: AuthorOption = None,
    version: VersionOption = None,
    purpose: PurposeOption = None,
    recommendation: RecommendationOption = None,
    paper: PaperFileOption = None,
    since: SinceOption = None,
) -> None:
    """Closing the loop: each finding of the period with the actions answering it and their
    status, the findings no action answers, and completed actions with no impact recorded.

    Example:

        assure report loop --period 2016-17
    """
    from assurance_cli.queries.reports.loop import loop_context

    request = paper_request(locals())
    emit(
        ctx,
        "loop",
        lambda index: loop_context(index, period),
        request,
        summary_of=plan_summary_of(period, None),
    )


@report_app.command("business-plan")
def business_plan(
    ctx: typer.Context,
    plan: Annotated[str, typer.Option("--plan", help="Plan id, e.g. 2016-18.")],
    output: OutputOption = None,
    format_: FormatOption = None,
    title: TitleOption = None,
    meeting: MeetingOption = None,
    paper_date: DateOption = None,
    author: AuthorOption = None,
    version: VersionOption = None,
    purpose: PurposeOption = None,
    recommendation: RecommendationOption = None,
    paper: PaperFileOption = None,
    since: SinceOption = None,
) -> None:
    """The business plan matrix: priority areas as columns, subgroups as rows, each cell the
    actions of that subgroup for that area with their status; then the actions with no
    subgroup, assurance questions, core business and the assurance reporting cycle.

    A subgroup's actions are those naming it in `subgroup`, or whose leads belong to it.

    Example:

        assure --root examples/shropshire report business-plan --plan 2016-18
    """
    from assurance_cli.queries.reports.business_plan import business_plan_context

    request = paper_request(locals())
    emit(
        ctx,
        "business-plan",
        lambda index: business_plan_context(index, plan),
        request,
        summary_of=plan_summary_of(plan, None),
    )


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
            "date, a meeting of board.yaml, or a git revision), read from git. A paper's "
            "summary lists the changes since then too.",
        ),
    ] = None,
    output: OutputOption = None,
    format_: FormatOption = None,
    title: TitleOption = None,
    meeting: MeetingOption = None,
    paper_date: DateOption = None,
    author: AuthorOption = None,
    version: VersionOption = None,
    purpose: PurposeOption = None,
    recommendation: RecommendationOption = None,
    paper: PaperFileOption = None,
) -> None:
    """What happened between two dates, for the quarterly newsletter or "since the last board
    meeting": assurance activities that reported, with their key recommendations; actions
    closed; actions that became overdue or were rescheduled; what falls due next quarter.

    An action counts as closed in the period when its status is closed and its latest dated
    progress entry falls in the period. A paper's summary counts the actions of every plan
    whose period overlaps the digest's.

    With --since, the period starts at that point and the digest opens with what git
    records changed since: actions closed, due dates slipped (with the reasons recorded),
    actions that became overdue, audits and findings that arrived.

    Examples:

        assure report digest --from 2016-01-01 --to 2016-03-31

        assure report digest --since board-2016-03   # a meeting id: since the last meeting
    """
    from assurance_cli.queries.reports.digest import digest_context
    from assurance_cli.queries.reports.summary import period_summary

    params = dict(locals())
    params.pop("since")  # the digest's own --since, not only a paper summary's
    request = paper_request(params)
    if since is None:
        if date_from is None or date_to is None:
            fail("give --from and --to, or --since")
        start, end = day_option(date_from, "--from"), day_option(date_to, "--to")
        emit(
            ctx,
            "digest",
            lambda index: digest_context(index, start, end),
            request,
            summary_of=lambda index: period_summary(index, start, end),
            as_of=end,
        )
        return
    if date_from is not None:
        fail("give --from or --since, not both")
    point = past_point(ctx)
    end = day_option(date_to, "--to") if date_to else (point.day if point else today())
    reading = open_for_reading(ctx)
    section, start, commit = since_changes(ctx, reading.workspace, since, end)
    if request.format not in (None, "md") or (
        request.output is not None and not str(request.output).endswith((".md", ".markdown"))
    ):
        request = dataclasses.replace(request, since=commit)  # the summary's changes too
    emit(
        ctx,
        "digest",
        lambda index: digest_context(index, start, end, section),
        request,
        summary_of=lambda index: period_summary(index, start, end),
        as_of=end,
    )


def since_changes(
    ctx: typer.Context, workspace: "Workspace", since: str, end: "date"
) -> tuple["SinceSection", "date", str]:
    """The since section of the digest: the records at `since` against those of
    `workspace` (now, or at --at), the day `since` names, and the commit read."""
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
    return section, then.day, then.commit.id


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
    output: OutputOption = None,
    format_: FormatOption = None,
    title: TitleOption = None,
    meeting: MeetingOption = None,
    paper_date: DateOption = None,
    author: AuthorOption = None,
    version: VersionOption = None,
    purpose: PurposeOption = None,
    recommendation: RecommendationOption = None,
    paper: PaperFileOption = None,
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
    from assurance_cli.queries.reports.summary import period_summary
    from assurance_cli.queries.reports.trend import TrendContext, trend_context, trend_days

    request = paper_request(locals())
    start, end = day_option(date_from, "--from"), day_option(date_to, "--to")
    point = past_point(ctx)
    if point is not None and end > point.day:
        fail(f"--to is after {point.day.isoformat()}, the date --at reads the records on")
    plans = tuple(plan or ())

    def context_of(index: "Index") -> TrendContext:
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
        return context

    emit(
        ctx,
        "trend",
        context_of,
        request,
        summary_of=lambda index: period_summary(index, start, end),
        as_of=end,
    )
