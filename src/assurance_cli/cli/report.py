"""`assure report ...`: the board's papers, as Markdown (from templates), HTML, Word or PDF.

The commands parse their flags and say which context, summary and exceptions a report has;
`cli/papers.py` picks the format, builds and writes the result. This module holds the group
(`report_app`, with `--list`) and the reports of a plan or a period's learning;
`cli/report_periods.py` the reports over a span of dates, read partly from git (digest,
trend).
"""

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
    root_of,
    say,
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
    from assurance_cli.queries.reports.common import Coverage
    from assurance_cli.queries.reports.summary import PaperSummary

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


PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="The plan whose period to report (or give --from and --to)."),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Instead of --period: the first day, YYYY-MM-DD (with --to). Needs no plan.",
        show_default=False,
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option("--to", help="The last day, YYYY-MM-DD (with --from).", show_default=False),
]


def period_of(
    period: str | None, date_from: str | None, date_to: str | None
) -> "tuple[Callable[[Index], Coverage], Callable[[Index], PaperSummary]]":
    """What a report over a period covers, and its paper's summary: a plan's period
    (--period), or the days from --from to --to (the actions of every plan overlapping them)."""
    from assurance_cli.queries.reports.common import days_coverage, plan_coverage
    from assurance_cli.queries.reports.summary import period_summary

    if period is not None:
        if date_from is not None or date_to is not None:
            fail("give --period, or --from and --to, not both")
        return (lambda index: plan_coverage(index, period)), plan_summary_of(period, None)
    if date_from is None or date_to is None:
        fail("give --period (a plan id), or --from and --to (YYYY-MM-DD)")
    start, end = day_option(date_from, "--from"), day_option(date_to, "--to")
    if end < start:
        fail(f"--to {date_to} is before --from {date_from}")
    return (
        lambda index: days_coverage(index, start, end),
        lambda index: period_summary(index, start, end, overdue=False),
    )


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
    Due Date, Lead, Outcome Measure, Progress and Status (or board.yaml's
    action_plan_columns), and a summary of actions per status per priority. A column no
    action fills is named, not printed. As a paper (html, docx, pdf): a cover, the summary
    with its chart, the exceptions at --as-of, then the plan's tables.

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
    period: PeriodOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
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
    coverage_of, summary_of = period_of(period, date_from, date_to)
    emit(
        ctx,
        "learning",
        lambda index: learning_context(index, coverage_of(index)),
        request,
        summary_of=summary_of,
    )


@report_app.command("loop")
def loop(
    ctx: typer.Context,
    period: PeriodOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
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
    coverage_of, summary_of = period_of(period, date_from, date_to)
    emit(
        ctx,
        "loop",
        lambda index: loop_context(index, coverage_of(index)),
        request,
        summary_of=summary_of,
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
