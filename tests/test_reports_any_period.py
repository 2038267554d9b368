"""Reports over any period: `report learning` and `report loop` take `--from DATE --to DATE`
as well as a plan's `--period`, so a board with findings but no plan has its reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SHIPPED, run, run_process

NO_PLAN = Path(__file__).parent / "fixtures" / "boards" / "findings-no-plan"
GOLDEN = Path(__file__).parent / "golden"
FY_2018 = ("--from", "2018-04-01", "--to", "2019-03-31")


def test_the_fixture_board_checks_clean() -> None:
    result = run_process(NO_PLAN, "check", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr


@pytest.mark.parametrize("report", ["learning", "loop"])
def test_a_board_with_no_plan_has_its_report(report: str, update_golden: bool) -> None:
    result = run_process(NO_PLAN, "--no-cache", "report", report, *FY_2018)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{report}-no-plan-2018-19.md"
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_the_learning_report_takes_the_activities_that_reported_in_the_days() -> None:
    result = run(NO_PLAN, "--no-cache", "report", "learning", *FY_2018)
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "# Learning from Eastmoor Safeguarding Children Board Assurance Activities "
        "(1 April 2018 to 31 March 2019)"
    )
    assert "| June 2018 | Multi-agency case audit | Thematic audit of neglect |" in lines
    assert (
        "| Reported November 2018 | Serious case review | Serious case review, Child M |" in lines
    )
    assert "Review of the front door" not in result.stdout  # 2019/2020: a later period
    # No date: in no period, and said so rather than left out.
    assert "In no period, as they give no date: Learning event with practitioners." in lines


@pytest.mark.parametrize(
    ("report", "plan", "days"),
    [
        ("learning", "2015-16", ("2015-04-01", "2016-03-31")),
        ("learning", "2016-17", ("2016-04-01", "2017-03-31")),
        ("loop", "2016-17", ("2016-04-01", "2017-03-31")),
    ],
)
def test_a_plans_days_give_the_plans_report_but_for_the_title(
    report: str, plan: str, days: tuple[str, str]
) -> None:
    by_plan = run(SHIPPED, "report", report, "--period", plan)
    by_days = run(SHIPPED, "report", report, "--from", days[0], "--to", days[1])
    assert by_plan.exit_code == by_days.exit_code == 0, by_days.stderr
    assert by_plan.stdout.splitlines()[1:] == by_days.stdout.splitlines()[1:]
    assert "1 April" in by_days.stdout.splitlines()[0]


def test_the_loop_names_the_activities_in_no_period() -> None:
    result = run(NO_PLAN, "--no-cache", "report", "loop", *FY_2018)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        "In no period, as they give no date, the findings of: Learning event with practitioners."
        in lines
    )


def test_a_paper_over_days_with_no_plan(tmp_path: Path) -> None:
    path = tmp_path / "learning.html"
    result = run(NO_PLAN, "--no-cache", "report", "learning", *FY_2018, "--output", str(path))
    assert result.exit_code == 0, result.stderr
    html = path.read_text(encoding="utf-8")
    assert "Thematic audit of neglect" in html
    assert "In no period, as they give no date: Learning event with practitioners." in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give --period (a plan id), or --from and --to"),
        (("--from", "2018-04-01"), "give --period (a plan id), or --from and --to"),
        (("--period", "2015-16", "--to", "2016-03-31"), "give --period, or --from and --to, not"),
        (("--from", "2019-04-01", "--to", "2018-04-01"), "--to 2018-04-01 is before --from"),
        (("--from", "2018-13-01", "--to", "2019-03-31"), "--from:"),
        (("--period", "2014-15"), "unknown plan '2014-15' (did you mean '2014-17'?); for any "),
    ],
)
@pytest.mark.parametrize("report", ["learning", "loop"])
def test_a_period_given_wrongly_is_a_usage_error(
    report: str, args: tuple[str, ...], message: str
) -> None:
    result = run(SHIPPED, "report", report, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_an_activity_giving_only_when_it_ended_says_so(tmp_path: Path) -> None:
    from .conftest import write_tree

    root = write_tree(
        tmp_path,
        {
            "data/board.yaml": "name: Test Board\n",
            "data/audits/s11.yaml": "id: s11\ntitle: Section 11 audit\nend: 2018-09\n",
        },
    )
    result = run(root, "report", "learning", *FY_2018)
    assert result.exit_code == 0, result.stderr
    assert "| Ended September 2018 | Not stated | Section 11 audit |" in result.stdout.splitlines()
