"""Other boards' papers as they publish them (issue 15): one small board per pattern under
tests/fixtures/boards/<pattern>/data, written from the paper's text with nothing invented.
Each checks clean (exit 0) and renders the published wording, with "Not stated" where the
paper says nothing. The outputs are golden files in tests/golden/boards/<pattern>/; rewrite
them with `pytest tests/test_fixture_boards.py --update-golden` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import run
from .git_helpers import commit_all, edit, init_repo

BOARDS = Path(__file__).parent / "fixtures" / "boards"
GOLDEN = Path(__file__).parent / "golden" / "boards"

# Per board: golden file -> the command that writes it. `--as-of` fixes "today".
RUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "due-wording": {
        "action-plan.md": ("report", "action-plan", "--plan", "2015-17", "--as-of", "2017-01-15"),
        "show-2.json": ("show", "2015-17/2", "--as-of", "2017-01-15", "--format", "json"),
        "show-9.json": ("show", "2015-17/9", "--as-of", "2017-01-15", "--format", "json"),
        "status.md": ("status", "--as-of", "2017-01-15", "--format", "markdown"),
    },
    "refs": {
        "action-plan.md": ("report", "action-plan", "--plan", "2016-17", "--as-of", "2017-01-15"),
        "show-3-ii.json": ("show", "2016-17/3 (ii)", "--as-of", "2017-01-15", "--format", "json"),
        "show-3.json": ("show", "2016-17/3", "--as-of", "2017-01-15", "--format", "json"),
        "show-3.txt": ("show", "2016-17/3", "--as-of", "2017-01-15"),
        "show-1-1b.json": ("show", "1.1b", "--as-of", "2017-01-15", "--format", "json"),
    },
    "status-key": {
        "action-plan.md": ("report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31"),
        "show-1c.json": ("show", "2015-16/1c", "--as-of", "2016-05-31", "--format", "json"),
        "show-1c.txt": ("show", "2015-16/1c", "--as-of", "2016-05-31"),
    },
    "plan-periods": {
        "action-plan-2013-14.md": (
            *("report", "action-plan", "--plan", "2013-14", "--as-of", "2014-05-31"),
        ),
        "action-plan-cse-strategy.md": (
            *("report", "action-plan", "--plan", "cse-strategy", "--as-of", "2014-05-31"),
        ),
        "show-a2.json": ("show", "cse-strategy/A2", "--as-of", "2014-05-31", "--format", "json"),
    },
    "recommendations": {
        "status.md": ("status", "--as-of", "2019-06-30", "--format", "markdown"),
        "show-r1.json": ("show", "R1", "--as-of", "2019-06-30", "--format", "json"),
        "show-r3.json": ("show", "R3", "--as-of", "2019-06-30", "--format", "json"),
        "show-sar-mr-b.json": ("show", "sar-mr-b", "--as-of", "2019-06-30", "--format", "json"),
        "show-sar-mr-b.txt": ("show", "sar-mr-b", "--as-of", "2019-06-30"),
        "show-sar-mr-b-discharge.json": (
            *("show", "sar-mr-b-discharge", "--as-of", "2019-06-30", "--format", "json"),
        ),
    },
    "repeated-finding": {
        "learning-2016-17.md": ("report", "learning", "--period", "2016-17"),
        "show-s175-2016-governors.json": (
            *("show", "s175-2016-governors", "--as-of", "2017-03-31", "--format", "json"),
        ),
        "show-s175-2015-governors.json": (
            *("show", "s175-2015-governors", "--as-of", "2017-03-31", "--format", "json"),
        ),
    },
    "business-plan-owners": {
        "business-plan.md": ("report", "business-plan", "--plan", "2017-19"),
        "action-plan.md": ("report", "action-plan", "--plan", "2017-19"),
    },
    "audit-dates": {
        "learning-2017-18.md": ("report", "learning", "--period", "2017-18"),
        "show-s11-2017-2018.json": (
            *("show", "s11-2017-2018", "--as-of", "2018-03-31", "--format", "json"),
        ),
        "show-s175-academic.json": (
            *("show", "s175-academic", "--as-of", "2018-03-31", "--format", "json"),
        ),
        "show-front-door-q2.json": (
            *("show", "front-door-q2", "--as-of", "2018-03-31", "--format", "json"),
        ),
    },
    "mixed-finding": {
        "learning-2016-17.md": ("report", "learning", "--period", "2016-17"),
        "loop-2016-17.md": ("report", "loop", "--period", "2016-17"),
        "show-da-audit-2016-marac.json": (
            *("show", "da-audit-2016-marac", "--as-of", "2017-03-31", "--format", "json"),
        ),
    },
    # Their reports are golden in test_own_columns.py and test_reports_any_period.py.
    "own-columns": {},
    "findings-no-plan": {},
    "inspection-plan": {
        "action-plan.md": ("report", "action-plan", "--plan", "2017-18", "--as-of", "2017-10-31"),
        "loop-2017-18.md": ("report", "loop", "--period", "2017-18"),
        "show-r3.json": ("show", "2017-18/R3", "--as-of", "2017-10-31", "--format", "json"),
        "show-ofsted-2017.json": (
            "show",
            "ofsted-2017",
            "--as-of",
            "2017-10-31",
            "--format",
            "json",
        ),
    },
    "audit-figures": {
        "learning-2016-17.md": ("report", "learning", "--period", "2016-17"),
        "show-scr-child-t.json": (
            *("show", "scr-child-t", "--as-of", "2017-03-31", "--format", "json"),
        ),
    },
}

BOARD_NAMES = sorted(p.name for p in BOARDS.iterdir() if (p / "data").is_dir())
GOLDEN_RUNS = [(board, name) for board in sorted(RUNS) for name in sorted(RUNS[board])]


def test_every_fixture_board_has_its_runs() -> None:
    assert sorted(RUNS) == BOARD_NAMES


def expect_golden(path: Path, actual: str, update_golden: bool) -> None:
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("board", BOARD_NAMES)
def test_fixture_board_checks_clean(board: str, update_golden: bool) -> None:
    """Exit 0 and no error: the board needed no invented value to pass. Warnings it may
    give (a due no date can be read from) are in the golden file."""
    result = run(BOARDS / board, "check", "--format", "text")
    assert result.exit_code == 0, result.stdout
    assert " 0 errors" in result.stderr
    assert ": error:" not in result.stdout
    expect_golden(GOLDEN / board / "check.txt", result.stdout, update_golden)


@pytest.mark.parametrize(("board", "name"), GOLDEN_RUNS, ids=[f"{b}/{n}" for b, n in GOLDEN_RUNS])
def test_fixture_board_output_matches_golden_file(
    board: str, name: str, update_golden: bool
) -> None:
    result = run(BOARDS / board, *RUNS[board][name])
    assert result.exit_code == 0, result.stderr
    expect_golden(GOLDEN / board / name, result.stdout, update_golden)


# --- what each pattern must show -----------------------------------------------------------


def records(board: str, folder: str) -> list[dict[str, Any]]:
    root = BOARDS / board / "data" / folder
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*.yaml"))]


def show(board: str, record_id: str, as_of: str) -> dict[str, Any]:
    result = run(BOARDS / board, "show", record_id, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_due_wording_is_printed_as_published_in_every_form() -> None:
    dues = [str(r["due"]) for r in records("due-wording", "actions/2015-17")]
    assert len(dues) == 11
    for args in (
        ("report", "action-plan", "--plan", "2015-17"),
        ("status", "--format", "markdown"),
    ):
        result = run(BOARDS / "due-wording", *args)
        for due in dues:
            assert f"| {due} |" in result.stdout, (args, due)


def test_due_wording_derives_the_dates_that_decide_overdue() -> None:
    """Only the forms a rule reads are overdue; a quarter, a season, a range, a month with a
    condition fall due at their last day; words no date is read from never do."""
    result = run(
        BOARDS / "due-wording", "status", "--overdue", "--as-of", "2017-01-15", "--format", "json"
    )
    overdue = {row["ref"]: row["due"] for row in json.loads(result.stdout)}
    assert overdue == {
        "1": "2016-03",  # March 2016
        "2": "2015-10-01/2015-12-31",  # end of Q3 2015/16
        "4": "2016-06-01/2016-07-31",  # June/July 2016
        "5": "2016-09-01/2016-11-30",  # Autumn 2016
        "8": "2016-09",  # September 2016 (subject to funding)
    }


@pytest.mark.parametrize("output", ["json", "csv"])
def test_status_gives_each_due_as_published_beside_its_iso_form(output: str) -> None:
    result = run(BOARDS / "due-wording", "status", "--format", output)
    if output == "json":
        rows = json.loads(result.stdout)
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_ref = {row["ref"]: (row["due"], row["due_as_published"]) for row in rows}
    assert by_ref["2"] == ("2015-10-01/2015-12-31", "end of Q3 2015/16")
    assert by_ref["9"] == ("To be confirmed", "To be confirmed")


def test_due_wording_that_gives_no_date_is_a_warning_the_board_can_allow() -> None:
    result = run(BOARDS / "due-wording", "check", "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    codes = {(p["path"].rsplit("/", 1)[-1], p["code"]) for p in problems}
    assert codes == {
        ("6.yaml", "due-not-a-date"),  # by the end of the financial year
        ("7.yaml", "missing-review-date"),  # Ongoing
        ("9.yaml", "due-not-a-date"),  # To be confirmed
        ("10.yaml", "due-not-a-date"),  # In line with the workforce strategy
        ("11.yaml", "due-not-a-date"),  # Quarterly
    }


def test_refs_are_kept_verbatim_with_parent_and_children() -> None:
    plan = run(BOARDS / "refs", "report", "action-plan", "--plan", "2016-17").stdout
    for ref in ("1.1", "3", "WS2-c", "B4", "12"):
        assert f"| {ref} |" in plan, ref
    for child in ("1.1b", "3 (i)", "3 (ii)"):  # a child's ref, verbatim, marked as under its parent
        assert f"| \u21b3 {child} |" in plan, child
    assert (
        "| \u21b3 3 (ii) | Publish a practice guide on direct work with children<br>Part of 3<br>"
        in plan
    )
    child = show("refs", "2016-17/3 (ii)", "2017-01-15")
    assert child["ref"] == "3 (ii)"
    assert child["path"] == "data/actions/2016-17/3-ii.yaml"
    assert child["parent"] == "3"
    parent = show("refs", "2016-17/3", "2017-01-15")
    assert [link["id"] for link in parent["links"]["children"]] == [
        "2016-17/3 (i)",
        "2016-17/3 (ii)",
    ]
    assert parent["status"] is None and parent["due"] is None  # the objective row gives none


def test_a_status_key_of_numbers_has_no_invented_colours() -> None:
    for ref in ("1a", "1b", "1c"):
        assert show("status-key", f"2015-16/{ref}", "2015-06-01")["rag"] is None
    late = show("status-key", "2015-16/1c", "2016-05-31")
    assert (late["status"], late["status_label"]) == ("3", "Delayed")
    assert late["overdue"] and late["rag"] is None  # overdue, yet no colour the key lacks


def test_show_says_not_stated_and_invents_no_colour() -> None:
    shown = run(BOARDS / "status-key", "show", "2015-16/1c", "--as-of", "2016-05-31").stdout
    assert "Status           Delayed\n" in shown  # the key gives no colour: none is printed
    assert "Lead             Not stated\n" in shown
    assert "(None)" not in shown


def test_plans_with_a_year_label_or_no_period() -> None:
    labelled = run(BOARDS / "plan-periods", "report", "action-plan", "--plan", "2013-14").stdout
    assert "action plan for 2013/14." in labelled
    bare = run(BOARDS / "plan-periods", "report", "action-plan", "--plan", "cse-strategy").stdout
    assert "(its period is not stated)" in bare
    # every action is counted in a status column, the one with none under "Not stated"
    assert "| Not stated | 0 | 1 | 1 | 2 |" in bare
    board = yaml.safe_load((BOARDS / "plan-periods/data/board.yaml").read_text())
    assert all("period" not in plan for plan in board["plans"])


def test_recommendations_outside_any_plan_link_to_their_review() -> None:
    status = run(BOARDS / "recommendations", "status", "--format", "json").stdout
    assert {row["ref"]: row["plan"] for row in json.loads(status)} == {
        "R1": "",
        "R2": "",
        "R3": "",
    }
    review = show("recommendations", "sar-mr-b", "2019-06-30")
    assert [a["id"] for a in review["links"]["actions"]] == ["R1", "R2", "R3"]
    assert review["audit_kind_label"] == "Safeguarding adults review"
    r3 = show("recommendations", "R3", "2019-06-30")
    assert (r3["status"], r3["status_label"], r3["lead"]) == (None, "Not stated", [])


def test_a_finding_links_to_last_years() -> None:
    this_year = show("repeated-finding", "s175-2016-governors", "2017-03-31")
    assert [f["id"] for f in this_year["links"]["repeats"]] == ["s175-2015-governors"]
    last_year = show("repeated-finding", "s175-2015-governors", "2017-03-31")
    assert [f["id"] for f in last_year["links"]["repeated_by"]] == ["s175-2016-governors"]


def test_business_plan_priorities_name_their_subgroups_and_leads() -> None:
    paper = run(BOARDS / "business-plan-owners", "report", "business-plan", "--plan", "2017-19")
    assert paper.exit_code == 0
    rows = {line.split(" | ")[0]: line for line in paper.stdout.splitlines()}
    # each owning subgroup's row holds its priority's actions, though no action names it
    assert "1.1: Launch the neglect toolkit" in rows["| **Neglect Strategy Group**"]
    assert "2.1: Agree a single" in rows["| **Exploitation Subgroup**"]
    assert "2.1: Agree a single" in rows["| **Missing Children Panel**"]
    assert "Head of Early Help" in rows["| **Leads**"]
    assert "## Actions to support the plan" not in paper.stdout  # none is left without owner


def test_audit_dates_are_printed_as_published_with_their_cadence() -> None:
    for audit in records("audit-dates", "audits"):
        document = show("audit-dates", audit["id"], "2018-03-31")
        assert document["date_as_published"] == str(audit["date"])
        assert document["cadence"] == audit.get("cadence")


def test_the_learning_report_lists_each_audit_with_its_published_date_and_cadence() -> None:
    paper = run(BOARDS / "audit-dates", "report", "learning", "--period", "2017-18").stdout
    for row in (
        "| 2017 | Thematic audit (every two years) | Thematic audit of neglect |",
        "| 2017/2018 | Section 11 audit (every three years) | Section 11 audit |",
        "| academic year 2017/18 | Section 175 audit (the third annual) |",
        "| Q2 2017/18 | Appreciative inquiry | Appreciative inquiry at the front door |",
        "| October/November 2017 | Scrutiny review | Scrutiny review of return home",
    ):
        assert row in paper, row


def test_the_learning_report_says_a_finding_repeats_last_years() -> None:
    paper = run(BOARDS / "repeated-finding", "report", "learning", "--period", "2016-17").stdout
    assert "*(Repeats the finding of Section 175 audit of schools 2015 (November 2015))*" in paper


def test_a_mixed_finding_keeps_its_kind_and_response() -> None:
    paper = run(BOARDS / "mixed-finding", "report", "learning", "--period", "2016-17").stdout
    assert "  Response: The MARAC coordinator now copies" in paper
    finding = show("mixed-finding", "da-audit-2016-marac", "2017-03-31")
    assert finding["finding_kind"] == "mixed"
    assert finding["response"].startswith("The MARAC coordinator")


def test_an_improvement_plan_keeps_the_paper_order_and_what_each_row_answers() -> None:
    plan = run(BOARDS / "inspection-plan", "report", "action-plan", "--plan", "2017-18").stdout
    refs = [
        line.split(" | ")[0]
        for line in plan.splitlines()
        if line.startswith("| R") and " | Activity | " not in line
    ]
    assert refs == ["| R3", "| R1", "| R2"]  # the paper's order (`order`), not R1, R2, R3
    assert "<br>Answers Recommendation 3; Paragraph 41 |" in plan
    loop = run(BOARDS / "inspection-plan", "report", "loop", "--period", "2017-18").stdout
    assert loop.index("Ensure that return home") < loop.index("Improve the quality")
    action = show("inspection-plan", "2017-18/R3", "2017-10-31")
    assert action["answers"] == ["Recommendation 3", "Paragraph 41"]
    assert [a["id"] for a in action["links"]["audits"]] == ["ofsted-2017"]


def test_roll_up_figures_are_figures_of_the_audit() -> None:
    paper = run(BOARDS / "audit-figures", "report", "learning", "--period", "2016-17").stdout
    assert (
        "- **Serious case review - Child T**: recommendations: 12; implemented: 5; "
        "in progress: 4; not reported: 3"
    ) in paper
    audit = show("audit-figures", "scr-child-t", "2017-03-31")
    assert [(f["label"], f["value"]) for f in audit["figures"]] == [
        ("recommendations", 12),
        ("implemented", 5),
        ("in progress", 4),
        ("not reported", 3),
    ]


def test_diff_names_a_moved_due_date_as_the_paper_prints_it(tmp_path: Path) -> None:
    root = shutil.copytree(BOARDS / "due-wording", tmp_path / "board")
    init_repo(root)
    commit_all(root)
    edit(root / "data/actions/2015-17/2.yaml", "end of Q3 2015/16", "end of Q4 2015/16")
    human = run(root, "diff", "HEAD", "--format", "markdown")
    assert "end of Q3 2015/16 → end of Q4 2015/16" in human.stdout
    document = json.loads(run(root, "diff", "HEAD", "--format", "json").stdout)
    (moved,) = [c for c in document["changes"] if c["kind"] == "due-changed"]
    assert (moved["from"], moved["to"]) == ("2015-10-01/2015-12-31", "2016-01-01/2016-03-31")
    assert (moved["from_as_published"], moved["to_as_published"]) == (
        "end of Q3 2015/16",
        "end of Q4 2015/16",
    )
