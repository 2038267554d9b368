"""Rendered reports: golden files on the shipped data, Markdown that stays well-formed
whatever the record text, templates that fail loudly, overrides from <root>/templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from .conftest import REPO, SHIPPED, make_repo, run

GOLDEN = Path(__file__).parent / "golden"

REPORT_RUNS = {
    "action-plan-2015-16.md": ("action-plan", "--plan", "2015-16", "--as-of", "2016-05-31"),
    "action-plan-2016-17.md": ("action-plan", "--plan", "2016-17"),
    "learning-2015-16.md": ("learning", "--period", "2015-16"),
    "learning-2016-17.md": ("learning", "--period", "2016-17"),
    "loop-2016-17.md": ("loop", "--period", "2016-17"),
}


@pytest.mark.parametrize("golden", sorted(REPORT_RUNS))
def test_report_matches_golden_file(golden: str, update_golden: bool) -> None:
    result = run(SHIPPED, "report", *REPORT_RUNS[golden])
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / golden
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")


def test_output_is_deterministic() -> None:
    first = run(SHIPPED, "report", "learning", "--period", "2016-17").stdout
    assert run(SHIPPED, "report", "learning", "--period", "2016-17").stdout == first


def table_shapes(markdown: str) -> list[tuple[int, list[int]]]:
    """For each table: the header's cell count and every body row's cell count."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    shapes: list[tuple[int, list[int]]] = []
    header, rows, count, in_head = 0, [], 0, False
    for token in tokens:
        if token.type == "table_open":
            header, rows = 0, []
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            count = 0
        elif token.type in {"th_open", "td_open"}:
            count += 1
        elif token.type == "tr_close":
            if in_head:
                header = count
            else:
                rows.append(count)
        elif token.type == "table_close":
            shapes.append((header, rows))
    return shapes


def pipe_count(markdown: str) -> int:
    """How many table-looking lines the text has (each must belong to a parsed table)."""
    return sum(1 for line in markdown.splitlines() if line.startswith("|"))


HOSTILE = "pipe | back\\slash <script>alert(1)</script> `tick` [link](x) *em* _u_ ~s~ &copy; # h"


def block(indent: int) -> str:
    """HOSTILE and two more hostile lines as a literal block for a key at `indent` spaces."""
    pad = " " * (indent + 2)
    return f"|-\n{pad}{HOSTILE}\n{pad}| second | line |\n{pad}- third"


def hostile_repo(tmp_path: Path) -> Path:
    text = block(0)
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": f"""\
ref: 1b
priority: 1
title: {text}
desired_outcome: {text}
outcome_measure: "a|b"
lead: [business-manager]
due: 2015-11-30
due_history:
  - from: 2015-10-31
    to: 2015-11-30
    reason: {block(4)}
status: completed
progress:
  - date: 2015-09-01
    text: {block(4)}
related: [2a]
responds_to: [cse-review-risks]
milestones:
  - title: {block(4)}
    due: 2015-06-30
    status: completed
    progress:
      - text: {block(8)}
""",
            "data/actions/2015-16/2a.yaml": """\
ref: 2a
priority: 2
title: Report the themes
lead: [qpp-chair]
due: 2016-10-31
status: not-started
related: [1a, 1b]
themes: [cse-and-missing]
""",
            "data/findings/cse-review-risks.yaml": f"""\
id: cse-review-risks
audits: [cse-review-2015]
themes: [cse-and-missing, communication]
kind: concern
text: {text}
""",
            "data/audits/cse-review-2015.yaml": f"""\
id: cse-review-2015
title: {text}
kind: external-review
date: 2015-09
""",
        },
    )
    # Every record of it must be read: a hostile text that does not even load proves nothing.
    assert run(root, "check").stdout.count("error") == 0, run(root, "check").stdout
    return root


@pytest.mark.parametrize(
    "args",
    [
        ("action-plan", "--plan", "2015-16", "--as-of", "2016-05-31"),
        ("learning", "--period", "2015-16"),
        ("loop", "--period", "2015-16"),
    ],
)
def test_tables_keep_their_shape_whatever_the_text(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(hostile_repo(tmp_path), "report", *args)
    assert result.exit_code == 0, result.stderr
    shapes = table_shapes(result.stdout)
    assert shapes, "no table rendered"
    for header, rows in shapes:
        assert rows and all(count == header for count in rows), (header, rows)
    lines_in_tables = sum(1 + 1 + len(rows) for _, rows in shapes)  # header, rule, rows
    assert pipe_count(result.stdout) == lines_in_tables
    assert "<script>" not in result.stdout
    rendered = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<script>" not in rendered and "<a href" not in rendered and "<em>em" not in rendered


@pytest.mark.parametrize("golden", sorted(REPORT_RUNS))
def test_shipped_reports_tables_are_well_formed(golden: str) -> None:
    text = (GOLDEN / golden).read_text(encoding="utf-8")
    for header, rows in table_shapes(text):
        assert all(count == header for count in rows)


def test_action_plan_shows_seed_002_details() -> None:
    text = (GOLDEN / "action-plan-2015-16.md").read_text(encoding="utf-8")
    assert "Due date amended from 30 April 2016 to 31 October 2016" in text  # 3d2
    assert "Cross-references 2d" in text  # 1a
    assert "1. 30 June 2015<br>2. 31 October 2015<br>3. 30 November 2015" in text  # 1d
    assert "Overdue (61 days at 2016-05-31)" in text
    assert "| 1 | 4 | 1 | 0 | 0 | 0 | 5 | 1 |" in text  # summary: objective 1


def test_learning_report_cites_sources_and_priorities() -> None:
    text = (GOLDEN / "learning-2015-16.md").read_text(encoding="utf-8")
    assert "**Proposed key actions for the 2016-17 action plan**" in text
    assert "**Strategic Priority 3:** Repeat the external audit of the understanding" in text
    assert "*(Source: CSE Assurance Review (September 2015))*" in text
    sub = (GOLDEN / "learning-2016-17.md").read_text(encoding="utf-8")
    assert (
        "### 2.1 Multi-agency response to Child Sexual Exploitation (CSE) & Missing Children" in sub
    )


def test_report_output_file_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("old")
    out.chmod(0o640)
    result = run(SHIPPED, "report", "action-plan", "--plan", "2015-16", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("# SSCB Action Plan 2015-16")
    assert out.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_unknown_plan_exits_2(tmp_path: Path) -> None:
    result = run(make_repo(tmp_path), "report", "action-plan", "--plan", "2051-16")
    assert result.exit_code == 2 and "unknown plan" in result.stderr


def test_board_template_overrides_the_built_in(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/loop.md.j2": "Loop for {{ period.id }}\n"})
    assert run(root, "report", "loop", "--period", "2015-16").stdout == "Loop for 2015-16\n"
    listing = run(root, "report", "--list").stdout
    assert str(root / "templates" / "loop.md.j2") in listing
    assert "built-in" in listing


def test_mistyped_variable_fails_with_template_and_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/loop.md.j2": "line one\n{{ perod.id }}\n"})
    result = run(root, "report", "loop", "--period", "2015-16")
    assert result.exit_code == 1  # the board's template is at fault: a problem found
    assert "loop.md.j2, line 2" in result.stderr and "perod" in result.stderr


def test_template_syntax_error_names_the_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/loop.md.j2": "ok\n{% for x in %}\n"})
    result = run(root, "report", "loop", "--period", "2015-16")
    assert result.exit_code == 1 and "line 2" in result.stderr


def test_sandbox_refuses_huge_repeats_and_unsafe_access(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"templates/loop.md.j2": "{{ 'x' * 1000000000 }}\n"})
    assert run(root, "report", "loop", "--period", "2015-16").exit_code == 1
    root2 = make_repo(tmp_path / "b", {"templates/loop.md.j2": "{{ period.__class__.__mro__ }}\n"})
    assert run(root2, "report", "loop", "--period", "2015-16").exit_code == 1


def test_templates_folder_documents_overrides() -> None:
    assert (REPO / "templates" / "README.md").exists()


def test_a_finding_with_no_theme_is_listed_not_dropped(tmp_path: Path) -> None:
    """It was dropped, and the report then said no findings were recorded for the period."""
    root = make_repo(
        tmp_path,
        {
            "data/findings/cse-review-unthemed.yaml": (
                "id: cse-review-unthemed\naudits: [cse-review-2015]\nthemes: []\n"
                "kind: concern\ntext: Return interviews were not always offered\n"
            )
        },
    )
    paper = run(root, "report", "learning", "--period", "2015-16").stdout
    section = paper.split("## 3. Not themed\n", 1)[1].split("\n## ", 1)[0]
    assert "- Return interviews were not always offered" in section
    assert "No findings are recorded" not in paper


def test_a_withdrawn_action_is_not_a_completed_one_with_no_impact() -> None:
    """6d and 9c are "No longer applicable" (board.yaml: withdrawn): they were listed as
    completed actions with no evidence of impact."""
    paper = run(SHIPPED, "report", "loop", "--period", "2015-16").stdout
    section = paper.split("## Completed actions with no evidence of impact recorded", 1)[1]
    assert "2015-16/6d" not in section and "2015-16/9c" not in section
    assert "No longer applicable" not in section
    assert "| 2015-16/1a |" in section  # completed, with no impact recorded


def _board_with(tmp_path: Path, plan_lines: str, extra: dict[str, str] | None = None) -> Path:
    """The base board with its plan's label and priorities replaced by `plan_lines`."""
    root = make_repo(tmp_path, extra or {})
    board = root / "data/board.yaml"
    text = board.read_text()
    start = text.index("    priority_label: Objective\n")
    end = text.index("themes:\n")
    board.write_text(text[:start] + plan_lines + text[end:])
    return root


def test_labels_and_counts_read_as_english(tmp_path: Path) -> None:
    """`Prioritys`, `1 days` and `(1 findings)` were printed."""
    root = _board_with(
        tmp_path,
        "    priority_label: Priority\n    priorities:\n      - number: 1\n        title: One\n",
    )
    assert "\n## Priorities\n" in run(root, "report", "business-plan", "--plan", "2015-16").stdout
    plan = run(root, "report", "action-plan", "--plan", "2015-16", "--as-of", "2016-04-01")
    assert "Overdue (1 day at 2016-04-01)" in plan.stdout
    loop = run(root, "report", "loop", "--period", "2015-16").stdout
    assert "(1 finding)" in loop


def test_a_plan_without_priorities_prints_no_empty_table_and_no_none(tmp_path: Path) -> None:
    root = _board_with(tmp_path, "    priority_label: Priority\n")
    business = run(root, "report", "business-plan", "--plan", "2015-16").stdout
    assert "| |" not in business
    assert "The plan states no priorities." in business
    plan = run(root, "report", "action-plan", "--plan", "2015-16").stdout
    assert "None" not in plan
    assert "| Not stated |" in plan


def test_a_period_with_no_findings_does_not_claim_every_finding_has_an_action(
    tmp_path: Path,
) -> None:
    root = make_repo(tmp_path)
    (root / "data/findings/cse-review-risks.yaml").unlink()
    (root / "data/actions/2015-16/1a.yaml").write_text(
        (root / "data/actions/2015-16/1a.yaml")
        .read_text()
        .replace("responds_to: [cse-review-risks]", "responds_to: []")
    )
    loop = run(root, "report", "loop", "--period", "2015-16").stdout
    assert "Every finding of the period has an action." not in loop
    assert "No findings are recorded for this period." in loop
