"""A paper's summary: counts and whole percentages that add up, by status and by RAG rating,
overall and per priority; a status with no RAG rating; and what changed since a git revision
or a day (closed, slipped, newly overdue)."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assurance_cli.queries.reports.summary import (
    PaperSummary,
    Share,
    StatusKey,
    SummaryLine,
    plan_summary,
    whole_percentages,
)
from assurance_cli.render.papers.document import Chart, Cover, Paper, StackedBar, Table
from assurance_cli.render.report_papers.common import (
    PaperParts,
    Statuses,
    status_chart,
    summary_blocks,
)
from assurance_cli.repo.workspace import open_workspace

from .conftest import SHIPPED, make_repo, run
from .git_helpers import base_repo, commit_all, edit

# --- percentages --------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_whole_percentages_add_up_to_100_and_stay_within_one_point(counts: list[int]) -> None:
    percents = whole_percentages(counts)
    total = sum(counts)
    if total == 0:
        assert percents == [None] * len(counts)
        return
    assert sum(p for p in percents if p is not None) == 100
    for count, percent in zip(counts, percents, strict=True):
        assert percent is not None
        assert abs(Fraction(100 * count, total) - percent) < 1
        if count == 0:
            assert percent == 0
    ordered = sorted(zip(counts, percents, strict=True))
    assert [p for _, p in ordered] == sorted(p for p in percents if p is not None)


def test_three_thirds_read_34_33_33() -> None:
    assert whole_percentages([1, 1, 1]) == [34, 33, 33]
    assert whole_percentages([35, 7, 3, 2, 2]) == [72, 14, 6, 4, 4]


# --- the shipped plan ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def summary() -> PaperSummary:
    return plan_summary(open_workspace(SHIPPED).index, "2015-16", date(2016, 5, 31))


def test_the_plan_is_counted_by_status_and_rag_overall_and_per_priority(
    summary: PaperSummary,
) -> None:
    assert [key.label for key in summary.statuses] == [
        "Completed",
        "Not yet completed but on-track",
        "Not yet completed but off-track",
        "Not yet started",
        "No longer applicable",
    ]
    assert summary.rags == ("red", "amber", "green", "blue", "grey")
    total = summary.total
    assert [s.count for s in total.by_status] == [35, 7, 3, 2, 2]
    assert [s.count for s in total.by_rag] == [3, 2, 7, 35, 2]
    assert total.total == 49 and total.overdue == Share(5, 10)
    assert [line.label for line in summary.rows] == [f"Objective {n}" for n in range(1, 10)]
    assert sum(line.total for line in summary.rows) == 49
    for line in summary.rows:
        assert sum(s.count for s in line.by_status) == line.total
        assert sum(s.percent or 0 for s in line.by_status) == 100
        assert sum(s.percent or 0 for s in line.by_rag) == 100


def test_the_chart_is_status_by_priority_in_the_board_rag_shades(summary: PaperSummary) -> None:
    chart = status_chart(summary)
    assert isinstance(chart.spec, StackedBar)
    assert chart.spec.categories == tuple(str(n) for n in range(1, 10))
    colours = {series.name: series.colour for series in chart.spec.series}
    assert colours["Completed"] == "#1D70B8"
    assert colours["Not yet completed but off-track"] == "#D4351C"
    assert colours["Not yet started"] == "#FFBF47"


# --- a status with no RAG rating ----------------------------------------------------------


def no_rag_summary() -> PaperSummary:
    keys = (StatusKey("open", "Open", None), StatusKey("done", "Done", "blue"))
    line = SummaryLine(
        "Priority 1", "1", "", (Share(2, 67), Share(1, 33)), (Share(1, 33), Share(2, 67)), 3, None
    )
    total = SummaryLine("Total", "Total", "", line.by_status, (Share(1, 33), Share(2, 67)), 3, None)
    return PaperSummary("A plan", ("p",), "Priority", keys, ("blue", None), (line,), total, None)


def test_a_status_with_no_rag_is_printed_with_its_word_and_no_shade() -> None:
    summary = no_rag_summary()
    statuses = Statuses.of(summary)
    cell = statuses.cell(("Open",), status_id="open")
    assert cell.rag is None and cell.lines == ("Open",)
    shaded = statuses.cell(("Done",), status_id="done")
    assert shaded.rag is not None and shaded.rag.colour == "#1D70B8"
    assert statuses.cell((), status_id=None).lines == ("Not stated",)
    blocks = summary_blocks(PaperParts(cover=_cover(), summary=summary))
    rag_table = [b for b in blocks if isinstance(b, Table) and b.caption == "Actions by RAG rating"]
    assert [c.heading for c in rag_table[0].columns] == [
        "Priority",
        "Blue",
        "No RAG rating",
        "Total",
    ]
    chart = next(b for b in blocks if isinstance(b, Chart))
    assert {s.name: s.colour for s in chart.spec.series}["Open"] == "#F3F2F1"


def _cover():  # type: ignore[no-untyped-def]
    from assurance_cli.model.paper_file import PaperCover

    return PaperCover(None, None, None, None, None, None, ())


def test_an_unknown_status_is_counted_under_its_own_name_unshaded(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    edit(root / "data/actions/2015-16/2a.yaml", "status: not-started", "status: paused")
    result = run(root, "report", "action-plan", "--plan", "2015-16", "--format", "html")
    assert result.exit_code == 1  # shown despite an error: the paper says so, first
    notice = result.stdout.split('<aside class="notice" role="note">\n', 1)[1]
    assert notice.startswith(
        "<p><strong>Notice: 1 record shown despite errors; run `assure check` for the "
        "problems.</strong></p>\n<p>data/actions/2015-16/2a.yaml: shown, with errors "
        "(unknown-status)</p>"
    )
    assert result.stdout.index('<aside class="notice"') < result.stdout.index("<h2>Summary</h2>")
    assert '<th scope="col">paused</th>' in result.stdout
    assert "<td>paused</td>" in result.stdout  # the status cell: its word, no shade
    assert '<th scope="col">No RAG rating</th>' in result.stdout


# --- changes since ------------------------------------------------------------------------


def section(html: str, title: str) -> str:
    return html.split(f">{title}</h4>", 1)[1].split("<h", 1)[0]


def test_closed_slipped_and_newly_overdue_since_a_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2016-03-01T12:00:00")
    root = base_repo(tmp_path)
    (root / "data/actions/2015-16/1c.yaml").write_text(
        "ref: 1c\npriority: 1\ntitle: Walk the floor\nlead: [qpp-chair]\ndue: 2016-04-30\n"
        "status: on-track\n"
    )
    commit_all(root, "before the meeting")
    path = root / "data/actions/2015-16/2a.yaml"
    edit(path, "due: 2016-10-31", "due: 2016-12-31")
    edit(path, "reason: Agreed at the March Chairs' Group", "reason: Agreed in March\n"
         "  - {from: 2016-10-31, to: 2016-12-31, agreed: 2016-05-01, reason: Later}")  # fmt: skip
    edit(root / "data/actions/2015-16/1a.yaml", "status: on-track", "status: completed")
    result = run(
        root, "report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31",
        "--format", "html", "--since", "HEAD",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert re.search(r"<h3>Changes since HEAD</h3>\n<p>Compared with the records at HEAD \(commit"
                     r" [0-9a-f]{12}, 1 March 2016\)\.</p>", html)  # fmt: skip
    assert "<td>2015-16/1a</td>" in section(html, "Closed")
    assert "Now Completed" in section(html, "Closed")
    slipped = section(html, "Due date slipped")
    assert (
        "<td>2015-16/2a</td>" in slipped and "Due 31 October 2016, now 31 December 2016" in slipped
    )
    overdue = section(html, "Newly overdue")
    assert "<td>2015-16/1c</td>" in overdue and "31 days overdue at 2016-05-31" in overdue
    assert "2015-16/1a" not in overdue


def test_since_a_day_takes_the_last_commit_on_or_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2016-03-01T12:00:00")
    root = base_repo(tmp_path)
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2016-05-01T12:00:00")
    edit(root / "data/actions/2015-16/1a.yaml", "status: on-track", "status: completed")
    commit_all(root, "closed")
    args = ("report", "loop", "--period", "2015-16", "--format", "html")
    march = run(root, *args, "--since", "2016-03-31").stdout
    assert "2015-16/1a" in section(march, "Closed")
    may = run(root, *args, "--since", "2016-05-01").stdout
    assert "No action was closed." in section(may, "Closed")
    assert "Not worked out: the paper has no as-of date" in section(may, "Newly overdue")
    early = run(root, *args, "--since", "2016-01-01")
    assert early.exit_code == 2
    assert "--since 2016-01-01: no commit on or before that day" in early.stderr


def test_without_since_the_summary_says_it_was_not_asked_for() -> None:
    result = run(SHIPPED, "report", "loop", "--period", "2016-17", "--format", "html")
    assert "Changes since an earlier version were not asked for" in result.stdout


def test_since_outside_git_or_an_unknown_revision_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    args = ("report", "loop", "--period", "2015-16", "--format", "html")
    assert "not in a git repository" in run(root, *args, "--since", "HEAD").stderr
    repo = base_repo(tmp_path, "git-board")
    unknown = run(repo, *args, "--since", "no-such-tag")
    assert unknown.exit_code == 2 and "no revision 'no-such-tag'" in unknown.stderr


# --- the chart over time: the seam for `report trend` ---------------------------------------


def test_the_chart_over_time_is_drawn_from_points_and_left_out_without_them(
    summary: PaperSummary,
) -> None:
    from assurance_cli.queries.reports.summary import TrendPoint
    from assurance_cli.render.papers.document import LineChart
    from assurance_cli.render.papers.html import render_html
    from assurance_cli.render.report_papers.common import trend_chart

    assert trend_chart([]) == []
    points = (
        TrendPoint(date(2016, 1, 14), 20, 2),
        TrendPoint(date(2016, 3, 10), 16, 4),
        TrendPoint(date(2016, 5, 12), 14, 5),
    )
    [chart] = trend_chart(points)
    assert isinstance(chart, Chart) and isinstance(chart.spec, LineChart)
    assert [s.values for s in chart.spec.series] == [(20, 16, 14), (2, 4, 5)]
    blocks = summary_blocks(PaperParts(cover=_cover(), summary=summary, trend=points))
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert len(charts) == 2
    html = render_html(Paper(Cover(title="Trend"), tuple(blocks)))
    assert (
        "Line chart: Open and overdue actions over time. 14 Jan 2016: 20 Open, 2 Overdue." in html
    )


def test_a_digest_outside_every_plan_says_there_is_nothing_to_count() -> None:
    result = run(
        SHIPPED,
        "report",
        "digest",
        "--from",
        "2030-01-01",
        "--to",
        "2030-03-31",
        "--format",
        "html",
    )
    assert result.exit_code == 0, result.stderr
    assert "<p>No plan covers this period: no actions to count.</p>" in result.stdout
    assert "Actions by status" not in result.stdout
