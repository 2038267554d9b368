"""`assure status` and `assure show`: filters, formats, exit codes, dates."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from .conftest import SHIPPED, make_repo, run, run_process

JSON_CONTRACT = {
    "id",
    "plan",
    "ref",
    "priority",
    "title",
    "lead",
    "due",
    "status",
    "status_label",
    "rag",
    "overdue",
    "days_overdue",
    "due_amendments",
}


def status_json(root: Path, *args: str) -> list[dict[str, object]]:
    result = run(root, "status", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_seed_002_overdue_on_31_may_2016() -> None:
    # Worked out from seed 002: the rows not completed whose due date is before 31 May 2016
    # are 1c (31 March, on-track), 5f (31 March, off-track), 6c (31 March, off-track),
    # 7h (31 March, on-track) and 7i (31 March, off-track). 6d and 9c were agreed no longer
    # applicable (a closed status); 3d2, 5b, 6a, 7b, 7d, 8c and 8d fall due later.
    rows = status_json(SHIPPED, "--overdue", "--plan", "2015-16", "--as-of", "2016-05-31")
    assert sorted(str(row["ref"]) for row in rows) == ["1c", "5f", "6c", "7h", "7i"]
    assert all(row["days_overdue"] == 61 and row["rag"] == "red" for row in rows)


def test_json_contract_keys_and_types() -> None:
    rows = status_json(SHIPPED, "--plan", "2015-16", "--as-of", "2016-05-31")
    assert len(rows) == 49
    for row in rows:
        assert row.keys() >= JSON_CONTRACT
        assert isinstance(row["overdue"], bool)
        assert row["days_overdue"] is None or isinstance(row["days_overdue"], int)
        assert isinstance(row["due_amendments"], int)
        assert isinstance(row["lead"], list)
    amended = {row["ref"]: row["due_amendments"] for row in rows if row["due_amendments"]}
    assert amended == {"3d2": 1, "6a": 1, "7b": 1, "8c": 1}


@pytest.mark.parametrize(("as_of", "overdue"), [("2016-03-31", False), ("2016-04-01", True)])
def test_due_on_the_as_of_date_is_not_overdue(tmp_path: Path, as_of: str, overdue: bool) -> None:
    root = make_repo(tmp_path)  # 1a is due 2016-03-31 and on-track
    rows = status_json(root, "--overdue", "--as-of", as_of)
    assert ("2015-16/1a" in [row["id"] for row in rows]) is overdue


def test_overdue_milestone_makes_its_action_overdue(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": """\
ref: 1b
priority: 1
title: Commission external reviews
lead: [business-manager]
due: 2016-11-30
status: on-track
milestones:
  - due: 2015-06-30
    status: completed
  - due: 2016-01-31
    status: on-track
"""
        },
    )
    (row,) = [
        r
        for r in status_json(root, "--overdue", "--as-of", "2016-02-10")
        if r["id"] == "2015-16/1b"
    ]
    assert row["days_overdue"] == 10
    assert row["overdue_milestones"] == ["milestone 2 due 2016-01-31"]


def test_month_due_date_means_its_last_day(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": "ref: 1b\npriority: 1\ntitle: x\nlead: []\ndue: 2016-02\n"
            "status: on-track\n"
        },
    )
    assert not [
        r for r in status_json(root, "--overdue", "--as-of", "2016-02-29") if r["ref"] == "1b"
    ]
    assert [r for r in status_json(root, "--overdue", "--as-of", "2016-03-01") if r["ref"] == "1b"]


def test_ongoing_action_is_overdue_after_its_review_date(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": "ref: 1b\npriority: 1\ntitle: x\nlead: []\ndue: ongoing\n"
            "review_by: 2016-01-15\nstatus: on-track\n"
        },
    )
    assert [r["ref"] for r in status_json(root, "--overdue", "--as-of", "2016-01-16")] == ["1b"]
    assert status_json(root, "--overdue", "--as-of", "2016-01-15") == []


def test_closed_actions_are_never_overdue(tmp_path: Path) -> None:
    root = make_repo(tmp_path)  # 1b is completed, due 2015-11-30
    assert "2015-16/1b" not in [
        r["id"] for r in status_json(root, "--overdue", "--as-of", "2020-01-01")
    ]


def test_most_overdue_first(tmp_path: Path) -> None:
    rows = status_json(make_repo(tmp_path), "--overdue", "--as-of", "2017-01-01")
    assert [r["id"] for r in rows] == ["2015-16/1a", "2015-16/2a"]
    assert rows[0]["days_overdue"] > rows[1]["days_overdue"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--plan", "2015-16"), ["1a", "1b", "2a"]),
        (("--priority", "2"), ["2a"]),
        (("--lead", "business-manager"), ["1b", "2a"]),
        (("--theme", "practice"), ["2a"]),  # a theme includes its sub-themes
        (("--theme", "communication"), ["1a"]),
        (("--status", "completed"), ["1b"]),
        (("--status", "completed", "--status", "on-track"), ["1a", "1b"]),
        (("--due-within", "30"), ["1a"]),  # 1a due 2016-03-31; 2a 2016-10-31
        (("--due-within", "30", "--lead", "business-manager"), []),
        (("--overdue",), []),
    ],
)
def test_filters(tmp_path: Path, args: tuple[str, ...], expected: list[str]) -> None:
    rows = status_json(make_repo(tmp_path), "--as-of", "2016-03-10", *args)
    assert sorted(str(r["ref"]) for r in rows) == expected


def test_unknown_filter_value_exits_2_with_a_suggestion(tmp_path: Path) -> None:
    result = run(make_repo(tmp_path), "status", "--lead", "qpp-chiar")
    assert result.exit_code == 2
    assert "did you mean 'qpp-chair'" in result.stderr


def test_bad_as_of_exits_2(tmp_path: Path) -> None:
    result = run(make_repo(tmp_path), "status", "--as-of", "31/03/2016")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_exit_code_flag(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    assert run(root, "status", "--overdue", "--as-of", "2017-01-01", "--exit-code").exit_code == 1
    assert run(root, "status", "--overdue", "--as-of", "2015-01-01", "--exit-code").exit_code == 0
    assert run(root, "status", "--overdue", "--as-of", "2017-01-01").exit_code == 0


def test_group_by_lead_counts(tmp_path: Path) -> None:
    result = run(make_repo(tmp_path), "status", "--by", "lead", "--format", "json")
    groups = json.loads(result.stdout)
    assert [(g["label"], g["count"]) for g in groups] == [
        ("Chair of QPP Subgroup", 2),
        ("Business Manager", 2),
    ]


def test_group_by_status_in_table(tmp_path: Path) -> None:
    result = run(make_repo(tmp_path), "status", "--by", "status", "--as-of", "2016-01-01")
    assert "Completed (1)" in result.stdout
    assert "Not yet started (1)" in result.stdout


def test_summary_line(tmp_path: Path) -> None:
    result = run(make_repo(tmp_path), "status", "--as-of", "2016-05-01")
    assert result.stdout.rstrip().splitlines()[-1] == (
        "3 actions: Completed 1, Not yet completed but on-track 1, Not yet started 1; 1 overdue"
    )


HOSTILE_TITLE = '=HYPERLINK("x") | a pipe [red]not markup[/] <script>x</script> `tick`'


def hostile_repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": "ref: 1b\npriority: 1\ntitle: |-\n  "
            + HOSTILE_TITLE
            + "\n  second line\nlead: []\ndue: 2016-01-01\nstatus: on-track\n"
        },
    )


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    result = run(hostile_repo(tmp_path), "status", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    (row,) = [r for r in rows if r["ref"] == "1b"]
    assert row["title"].startswith("'=HYPERLINK")
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_markdown_table_cells_stay_cells(tmp_path: Path) -> None:
    result = run(hostile_repo(tmp_path), "status", "--format", "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    header_cells = sum(1 for t in tokens if t.type == "th_open")
    rows = [t for t in tokens if t.type == "tr_open"]
    cells_per_row: list[int] = []
    count = 0
    for token in tokens:
        if token.type == "tr_open":
            count = 0
        elif token.type in {"td_open", "th_open"}:
            count += 1
        elif token.type == "tr_close":
            cells_per_row.append(count)
    assert len(rows) == 4  # header + 3 actions
    assert cells_per_row == [header_cells] * 4
    assert "<script>" not in result.stdout


def test_table_prints_brackets_literally(tmp_path: Path) -> None:
    result = run_process(hostile_repo(tmp_path), "status")
    assert result.exit_code == 0, result.stderr
    assert "[red]not markup[/]" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_show_action_has_everything() -> None:
    result = run(SHIPPED, "show", "2015-16/1a", "--as-of", "2016-05-31")
    assert result.exit_code == 0
    out = result.stdout
    assert "Subject S11 submissions to rigorous challenge" in out
    assert "2015-09-22  ASC" in out  # the progress log
    assert "2015-16/2d" in out  # cross-reference
    assert "Chair of QPP Subgroup" in out


def test_show_amended_due_date_with_reason() -> None:
    out = run(SHIPPED, "show", "3d2").stdout
    assert "30 April 2016 -> 31 October 2016, agreed March 2016" in out


def test_show_milestones() -> None:
    out = run(SHIPPED, "show", "2015-16/1d").stdout
    assert "1. due 30 June 2015: Completed" in out
    assert "3. due 30 November 2015: Completed" in out


def test_show_bare_ref_must_be_unambiguous() -> None:
    result = run(SHIPPED, "show", "1a")  # 1a is a ref of the 2015-16 and 2016-17 plans
    assert result.exit_code == 2
    assert "2015-16/1a, 2016-17/1a" in result.stderr


def test_show_finding_and_audit_list_what_links_to_them(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    finding = run(root, "show", "cse-review-risks").stdout
    assert "cse-review-2015: CSE Assurance Review" in finding
    assert "2015-16/1a" in finding
    audit = json.loads(run(root, "show", "cse-review-2015", "--format", "json").stdout)
    assert audit["links"] == {
        "findings": [{"kind": "finding", "id": "cse-review-risks", "exists": True}],
        "actions": [{"kind": "action", "id": "2015-16/1a", "exists": True}],
    }


def test_show_unknown_id_exits_2(tmp_path: Path) -> None:
    result = run(make_repo(tmp_path), "show", "nope")
    assert result.exit_code == 2 and "no action, audit or finding" in result.stderr


def test_days_overdue_count_from_the_earliest_due_date_still_missed(tmp_path: Path) -> None:
    """The contract (docs/json.md): an open action with two open milestones both missed is
    overdue since the first of them, not the last."""
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/1b.yaml": (
                "ref: 1b\npriority: 1\ntitle: Two steps\nlead: []\ndue: 2016-06-30\n"
                "status: on-track\nmilestones:\n"
                "  - due: 2016-01-31\n    status: on-track\n"
                "  - due: 2016-03-31\n    status: on-track\n"
            )
        },
    )
    rows = json.loads(run(root, "status", "--format", "json", "--as-of", "2016-05-31").stdout)
    (row,) = [r for r in rows if r["id"] == "2015-16/1b"]
    assert row["days_overdue"] == (date(2016, 5, 31) - date(2016, 1, 31)).days == 121
