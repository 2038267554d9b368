"""The board's own action-plan table: board.yaml's `action_plan_columns` decide the columns,
their order and headings in every format; a column no action fills is named, not printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run, run_process, write_tree

FIXTURE = Path(__file__).parent / "fixtures" / "boards" / "own-columns"
GOLDEN = Path(__file__).parent / "golden"
OWN = ["Ref", "What we will do", "Who", "By when", "Update", "RAG"]


def test_the_fixture_board_checks_clean() -> None:
    result = run_process(FIXTURE, "check", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("plan", ["2019-20", "2020-21"])
def test_the_report_matches_its_golden_file(plan: str, update_golden: bool) -> None:
    result = run(FIXTURE, "--no-cache", "report", "action-plan", "--plan", plan)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"action-plan-own-columns-{plan}.md"
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_the_board_gets_its_own_table_back() -> None:
    result = run_process(FIXTURE, "--no-cache", "report", "action-plan", "--plan", "2019-20")
    assert result.exit_code == 0, result.stderr
    assert "| " + " | ".join(OWN) + " |" in result.stdout.splitlines()
    assert "| 1.2 | Audit the use of the toolkit in early help assessments |" in result.stdout
    assert "Not printed" not in result.stdout
    assert "Desired Outcome" not in result.stdout


def test_a_column_no_action_fills_is_named_not_printed_empty() -> None:
    result = run_process(FIXTURE, "--no-cache", "report", "action-plan", "--plan", "2020-21")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Not printed, as no action of the plan fills them: Update, RAG." in lines
    assert "| Ref | What we will do | Who | By when |" in lines


def test_the_word_paper_has_the_boards_columns(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    path = tmp_path / "plan.docx"
    result = run(FIXTURE, "--no-cache", "report", "action-plan", "--plan", "2020-21",
                 "--output", str(path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(path))
    headers = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert OWN[:4] in headers
    assert not any("Update" in header for header in headers)
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Not printed, as no action of the plan fills them: Update, RAG." in texts


def test_the_html_paper_has_the_boards_columns(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    result = run(FIXTURE, "--no-cache", "report", "action-plan", "--plan", "2019-20",
                 "--format", "html", "--output", str(path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    html = path.read_text(encoding="utf-8")
    headings = [f'<th scope="col">{heading}</th>' for heading in OWN]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Desired Outcome" not in html


BOARD = """\
name: Test Board
plans:
  - id: p
    priorities: [{number: 1}]
action_plan_columns:
  - {field: ref, heading: Ref}
  - {field: titel, heading: What}
  - {field: ref, heading: Number}
"""


def test_an_unknown_or_repeated_column_field_is_a_check_error(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"data/board.yaml": BOARD, "data/actions/p/1.yaml": "ref: '1'\n"})
    result = run(root, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("data/board.yaml:7:13: error: unknown action-plan column field 'titel' "
                        "(did you mean 'title'?)") and line.endswith("[bad-value]")
        for line in lines
    ), lines  # fmt: skip
    assert any(line.startswith("data/board.yaml:8:") and "[duplicate-id]" in line for line in lines)


def test_without_columns_the_default_is_seed_002s_eight(tmp_path: Path) -> None:
    board = "name: Test Board\nplans:\n  - id: p\n"
    action = (
        "ref: '1'\ntitle: Do it\ndesired_outcome: Done\ndue: 2020-01-31\nlead: []\n"
        "outcome_measure: Seen\nprogress: [{text: Going}]\n"
    )
    root = write_tree(tmp_path, {"data/board.yaml": board, "data/actions/p/1.yaml": action})
    result = run(root, "report", "action-plan", "--plan", "p")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "| Ref | Activity | Desired Outcome | Due Date | Outcome Measure | Progress |" in lines
    assert "Not printed, as no action of the plan fills them: Lead, Status." in lines
