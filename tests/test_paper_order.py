"""Reports follow the paper's order (`order`) rather than ids, and show parent and child
actions (`parent`) as structure: each child right under its parent."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run, write_tree

BOARD = """\
name: Northfield Safeguarding Children Board
plans:
  - id: 2019-20
    label: 2019/20
    priority_label: Objective
    priorities:
      - {number: 1, title: Neglect}
      - {number: 3, title: Exploitation}
themes:
  - {id: neglect, title: Neglect}
statuses:
  - {id: done, label: Done, closed: true}
  - {id: open, label: Ongoing, closed: false}
"""

# Objective 3 and its actions 3 (i), 3 (ii), which name no objective of their own; 1.1b
# under 1.1; the paper lists 1.2 before 1.1 (order), and 3 (ii) before 3 (i).
ACTIONS = {
    "3": "ref: '3'\npriority: 3\ntitle: Tackle exploitation\norder: 3\n",
    "3-i": "ref: 3 (i)\nparent: '3'\ntitle: Map the hot spots\norder: 5\nstatus: open\n",
    "3-ii": "ref: 3 (ii)\nparent: '3'\ntitle: Train taxi drivers\norder: 4\nstatus: done\n",
    "1-1": "ref: '1.1'\npriority: 1\ntitle: Launch the toolkit\norder: 2\nstatus: done\n",
    "1-1b": "ref: 1.1b\npriority: 1\nparent: '1.1'\ntitle: Evaluate the toolkit\nstatus: open\n",
    "1-2": "ref: '1.2'\npriority: 1\ntitle: Audit neglect cases\norder: 1\nstatus: open\n",
}


@pytest.fixture
def board(tmp_path: Path) -> Path:
    files = {"data/board.yaml": BOARD}
    files |= {f"data/actions/2019-20/{name}.yaml": text for name, text in ACTIONS.items()}
    return write_tree(tmp_path, files)


def table_rows(markdown: str) -> list[str]:
    return [line.split(" | ")[0].removeprefix("| ") for line in markdown.splitlines()
            if line.startswith("| ") and " | " in line and not line.startswith("| Ref ")]  # fmt: skip


def test_the_plan_follows_the_paper_with_children_under_their_parents(board: Path) -> None:
    result = run(board, "check", "--strict")
    assert result.exit_code == 0, result.stdout
    result = run(board, "report", "action-plan", "--plan", "2019-20")
    assert result.exit_code == 0, result.stderr
    plan = result.stdout.split("## 1. Neglect", 1)[1]
    # 1.1b (no order) under 1.1; 3 (ii) and 3 (i) in objective 3, their parent's.
    assert table_rows(plan) == ["1.2", "1.1", "↳ 1.1b", "3", "↳ 3 (ii)", "↳ 3 (i)"]
    assert "No objective given" not in result.stdout
    summary = result.stdout.split("## Summary", 1)[1].split("##", 1)[0]
    assert "| 3 | 1 | 1 | 1 | 3 |" in summary  # Done, Ongoing, Not stated, Total


def test_the_word_paper_marks_children_too(board: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    path = tmp_path / "plan.docx"
    result = run(board, "report", "action-plan", "--plan", "2019-20", "--output", str(path))
    assert result.exit_code == 0, result.stderr
    tables = docx.Document(str(path)).tables
    refs = [
        row.cells[0].text for t in tables if t.rows[0].cells[0].text == "Ref" for row in t.rows[1:]
    ]
    assert refs == ["1.2", "1.1", "↳ 1.1b", "3", "↳ 3 (ii)", "↳ 3 (i)"]


def test_a_cycle_of_parents_is_an_error_and_no_action_is_lost(board: Path) -> None:
    (board / "data/actions/2019-20/3.yaml").write_text(
        "ref: '3'\npriority: 3\nparent: 3 (i)\ntitle: Tackle exploitation\n"
    )
    result = run(board, "check")
    assert result.exit_code == 1
    assert [line.rsplit(" ", 1)[-1] for line in result.stdout.splitlines()] == [
        "[parent-cycle]", "[parent-cycle]"
    ]  # fmt: skip
    report = run(board, "report", "action-plan", "--plan", "2019-20").stdout
    for title in ("Tackle exploitation", "Map the hot spots", "Train taxi drivers"):
        assert report.count(title) == 1


FINDINGS_BOARD = """\
name: Northfield Safeguarding Children Board
plans:
  - {id: 2019-20, period: {start: 2019-04-01, end: 2020-03-31}}
themes:
  - {id: neglect, title: Neglect}
"""


def test_the_learning_and_loop_reports_follow_the_findings_order(tmp_path: Path) -> None:
    files = {
        "data/board.yaml": FINDINGS_BOARD,
        "data/audits/neglect-audit.yaml": "id: neglect-audit\ntitle: Neglect audit\ndate: 2019-06\n",
    }
    for number, (name, order) in enumerate([("a-first", 3), ("b-second", 1), ("c-third", 2)]):
        files[f"data/findings/{name}.yaml"] = (
            f"id: {name}\naudits: [neglect-audit]\nthemes: [neglect]\norder: {order}\n"
            f"text: Finding {name} printed as number {order} ({number})\n"
        )
    root = write_tree(tmp_path, files)
    for report in ("learning", "loop"):
        output = run(root, "report", report, "--period", "2019-20").stdout
        places = [output.index(f"printed as number {n}") for n in (1, 2, 3)]
        assert places == sorted(places), report
