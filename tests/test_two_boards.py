"""Nothing Sandwell-specific in code: every command runs over both shipped boards, and the
seed 004 business plan and the digest render as the golden files say."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, SHIPPED, run
from .test_reports import GOLDEN, table_shapes

SHROPSHIRE = REPO / "examples" / "shropshire"
BOARDS = {"sandwell": (SHIPPED, "2015-16"), "shropshire": (SHROPSHIRE, "2016-18")}


def test_shropshire_checks_clean() -> None:
    result = run(SHROPSHIRE, "check", "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


@pytest.mark.parametrize("board", sorted(BOARDS))
@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("status",),
        ("status", "--overdue", "--as-of", "2017-01-01", "--format", "json"),
        ("status", "--by", "lead", "--format", "markdown"),
        ("status", "--by", "priority", "--format", "csv"),
        ("report", "--list"),
        ("report", "action-plan", "--plan", "{plan}"),
        ("report", "learning", "--period", "{plan}"),
        ("report", "loop", "--period", "{plan}"),
        ("report", "business-plan", "--plan", "{plan}"),
        ("report", "digest", "--from", "2016-01-01", "--to", "2016-12-31"),
    ],
)
def test_every_command_runs_on_both_boards(board: str, args: tuple[str, ...]) -> None:
    root, plan = BOARDS[board]
    result = run(root, *(arg.replace("{plan}", plan) for arg in args))
    assert result.exit_code == 0, result.stderr
    assert result.stdout or args == ("check",)
    for header, rows in table_shapes(result.stdout):
        assert all(count == header for count in rows)


@pytest.mark.parametrize("board", sorted(BOARDS))
def test_show_works_on_both_boards(board: str) -> None:
    root, plan = BOARDS[board]
    first = json.loads(run(root, "status", "--plan", plan, "--format", "json").stdout)[0]
    result = run(root, "show", str(first["id"]))
    assert result.exit_code == 0 and str(first["title"])[:30] in result.stdout


GOLDEN_RUNS = {
    "business-plan-shropshire-2016-18.md": (SHROPSHIRE, "business-plan", "--plan", "2016-18"),
    "business-plan-sandwell-2015-16.md": (SHIPPED, "business-plan", "--plan", "2015-16"),
    "digest-sandwell-2016-q4.md": (SHIPPED, "digest", "--from", "2016-01-01", "--to", "2016-03-31"),
    "digest-shropshire-2016.md": (
        SHROPSHIRE,
        "digest",
        "--from",
        "2016-04-01",
        "--to",
        "2016-06-30",
    ),
}


@pytest.mark.parametrize("golden", sorted(GOLDEN_RUNS))
def test_new_reports_match_golden_files(golden: str, update_golden: bool) -> None:
    root, *args = GOLDEN_RUNS[golden]
    result = run(root, "report", *args)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / golden
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")


def test_business_plan_matrix_has_three_priority_columns_and_a_row_per_subgroup() -> None:
    text = (GOLDEN / "business-plan-shropshire-2016-18.md").read_text(encoding="utf-8")
    matrix = text.split("## Priority areas", 1)[1].split("\n\n", 2)[1]
    lines = matrix.splitlines()
    assert lines[0] == (
        "| | 1. Childhood Neglect | 2. Child Sexual Exploitation and children "
        "who go missing | 3. Domestic abuse |"
    )
    names = [line.split("|")[1].strip() for line in lines[3:]]
    assert names == [
        "**Training sub group**",
        "**CSE sub group**",
        "**QAP sub group**",
        "**L&I sub group**",
        "**P&P sub group**",
        "**Executive Group**",
    ]
    cse_row = lines[4].split(" | ")
    assert cse_row[1] == "" or cse_row[1].strip() == ""  # nothing for neglect
    assert "Pathways for recognising, referring, responding to CSE" in lines[4]
    assert "Score card developed for understanding the extent of childhood neglect" in lines[5]


def test_digest_lists_rescheduled_and_closed() -> None:
    text = (GOLDEN / "digest-sandwell-2016-q4.md").read_text(encoding="utf-8")
    assert "| 2015-16/3d2 |" in text.split("## Actions rescheduled", 1)[1]
    assert "2015-16/9c" in text.split("## Actions closed", 1)[1].split("##", 1)[0]


def test_report_titles_come_from_board_yaml(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "board"
    shutil.copytree(SHROPSHIRE / "data", root / "data")
    board = root / "data" / "board.yaml"
    board.write_text(board.read_text() + "report_titles:\n  digest: Assurance news {period}\n")
    result = run(root, "report", "digest", "--from", "2016-04-01", "--to", "2016-06-30")
    assert result.stdout.startswith("# Assurance news 2016-04-01 to 2016-06-30\n")


def test_questions_keep_the_words_they_are_listed_under(tmp_path: Path) -> None:
    """Seed 004 lists the Board's assurance questions and what "The board may want information
    about": the report says which is which; a plan whose questions have no heading keeps the
    plain assurance-questions table."""
    shown = run(SHROPSHIRE, "report", "business-plan", "--plan", "2016-18")
    assert shown.exit_code == 0, shown.stderr
    assert "## Questions and information" in shown.stdout
    assert "| Action | Priority area | Listed under | Question or item |" in shown.stdout
    assert (
        "| s1 | Domestic abuse | The board may want information about | Children exposed to DA"
        " (all levels) |" in shown.stdout
    )
    assert "## Assurance questions" not in shown.stdout

    board = tmp_path / "shropshire"
    shutil.copytree(SHROPSHIRE / "data", board / "data")
    s1 = board / "data/actions/2016-18/s1.yaml"
    lines = s1.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:  # drop each `heading:` and its folded continuation lines
        if line.startswith("    heading:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    s1.write_text("".join(kept), encoding="utf-8")
    plain = run(board, "report", "business-plan", "--plan", "2016-18")
    assert plain.exit_code == 0, plain.stderr
    assert "## Assurance questions" in plain.stdout
    assert "| Action | Priority area | Question |" in plain.stdout
    assert "Listed under" not in plain.stdout
