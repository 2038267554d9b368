"""`assure report digest` and `assure report trend`: the reports over a span of dates.

Both can read the records' git history: the digest's `--since` compares the records now with
those committed at a date, meeting or revision; the trend reads them at each meeting or month
end. The group and the plan reports are in `cli/report.py`.
"""

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from assurance_cli.cli.app import (
    day_option,
    fail,
    history_of,
    note,
    open_for_reading,
    past_point,
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
    TitleOption,
    VersionOption,
    emit,
    paper_request,
)
from assurance_cli.cli.report import report_app

if TYPE_CHECKING:
    from datetime import date

    from assurance_cli.index.build import Index
    from assurance_cli.queries.reports.since import SinceSection
    from assurance_cli.repo.workspace import Workspace


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
