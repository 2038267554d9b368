"""`assure check --base REV`: the rules on change a pull request must keep, reported at the
offending value of the current file with stable codes."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import run, run_process
from .git_helpers import base_repo, commit_all, edit, line_col, shipped_repo
from .test_diff import close_1c_and_reschedule_3d2

A1 = "data/actions/2015-16/1a.yaml"
B1 = "data/actions/2015-16/1b.yaml"
A2 = "data/actions/2015-16/2a.yaml"


def problem_lines(root: Path, *args: str) -> tuple[int, list[str]]:
    result = run(root, "check", "--base", "HEAD", *args)
    return result.exit_code, result.stdout.splitlines()


def test_issue_demonstration_on_the_shipped_data(tmp_path: Path) -> None:
    root = shipped_repo(tmp_path)
    close_1c_and_reschedule_3d2(root)
    commit_all(root, "a proper edit")
    proper = run_process(root, "check", "--base", "HEAD~1")
    assert proper.exit_code == 0, proper.stdout
    assert proper.stdout == ""

    # A due date edited by hand, without a due_history entry.
    path = root / "data/actions/2015-16/1e.yaml"
    edit(path, "due: 2016-03-31\n", "due: 2016-06-30\n")
    line, col = line_col(path, "2016-06-30")
    result = run_process(root, "check", "--base", "HEAD")
    assert result.exit_code == 1
    assert result.stdout == (
        f"data/actions/2015-16/1e.yaml:{line}:{col}: error: due changed since HEAD without a "
        "new due_history entry; add one with from, to, agreed and reason (or use `assure "
        "reschedule`) [due-without-history]\n"
    )
    files = sum(1 for _ in (root / "data").rglob("*.yaml"))
    assert result.stderr == f"checked {files} files: 1 error, 0 warnings\n"
    edit(path, "due: 2016-06-30\n", "due: 2016-03-31\n")

    # A progress entry deleted.
    path = root / "data/actions/2015-16/1c.yaml"
    edit(
        path,
        '  - date: 2016-01\n    text: >-\n      "Walk the Floor" exercise commenced in January'
        " 2016 with members completing a\n      proforma during their respective visits.\n",
        "",
    )
    line, col = line_col(path, "- date: 2016-05-20")
    result = run_process(root, "check", "--base", "HEAD")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"data/actions/2015-16/1c.yaml:{line}:{col + 2}: error: progress entry 1 of HEAD was "
        "deleted"
    )
    assert result.stdout.endswith("[history-deleted]\n")
    assert result.stdout.count("\n") == 1


def test_due_moved_without_history(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "due: 2016-03-31", "due: 2016-09-30")
    line, col = line_col(root / A1, "2016-09-30")
    code, lines = problem_lines(root)
    assert code == 1
    assert lines == [
        f"{A1}:{line}:{col}: error: due changed since HEAD without a new due_history entry; add one "
        "with from, to, agreed and reason (or use `assure reschedule`) [due-without-history]"
    ]


def test_due_moved_with_a_new_history_entry_passes(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "due: 2016-03-31", "due: 2016-09-30")
    edit(
        root / A1,
        "due_history: []",
        "due_history:\n  - from: 2016-03-31\n    to: 2016-09-30\n    agreed: 2016-03-15\n"
        "    reason: Panels rescheduled",
    )
    code, lines = problem_lines(root)
    assert (code, lines) == (0, [])


def test_due_history_entry_rewritten(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A2, "reason: Agreed at the March Chairs' Group", "reason: Agreed in March")
    code, lines = problem_lines(root)
    assert code == 1
    assert lines == [
        f"{A2}:10:13: error: due_history entry 1 was changed since HEAD (reason); the log is "
        "append-only: add a new entry instead [history-rewritten]"
    ]


def test_due_history_entry_deleted(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(
        root / A2,
        "due_history:\n  - from: 2016-04-30\n    to: 2016-10-31\n    agreed: 2016-03\n"
        "    reason: Agreed at the March Chairs' Group\n",
        "due_history: []\n",
    )
    code, lines = problem_lines(root)
    assert code == 1
    assert lines == [
        f"{A2}:6:14: error: due_history entry 1 of HEAD was deleted; the log is append-only: "
        "put it back (add a new entry to correct it) [history-deleted]"
    ]


def test_progress_entry_text_rewritten_points_at_the_text(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "text: Scrutiny panel with ASC", "text: Scrutiny panel with adult services")
    code, lines = problem_lines(root)
    assert code == 1
    assert lines == [
        f"{A1}:15:11: error: progress entry 1 was changed since HEAD (text); the log is "
        "append-only: add a new entry instead [history-rewritten]"
    ]


def test_progress_entry_put_before_earlier_ones(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(
        root / A1,
        "progress:\n  - date: 2015-09-22",
        "progress:\n  - date: 2015-09-01\n    text: Panels planned\n  - date: 2015-09-22",
    )
    code, lines = problem_lines(root)
    assert code == 1
    assert lines == [
        f"{A1}:14:5: error: progress entry 1 was put before entries that were there at HEAD; "
        "the log is append-only: add new entries at the end [history-rewritten]"
    ]


def test_progress_appended_passes(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(
        root / A1,
        "    text: Scrutiny panel with ASC\n",
        "    text: Scrutiny panel with ASC\n  - date: 2015-10-01\n    text: Panel with health\n",
    )
    assert problem_lines(root) == (0, [])


def test_milestone_progress_is_append_only_too(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(
        root / B1,
        "    progress:\n      - text: Thresholds review undertaken\n",
        "    progress: []\n",
    )
    code, lines = problem_lines(root)
    assert code == 1
    assert lines == [
        f"{B1}:10:15: error: milestone 1 progress entry 1 of HEAD was deleted; the log is "
        "append-only: put it back (add a new entry to correct it) [history-deleted]"
    ]


def test_removing_a_milestone_with_progress(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(
        root / B1,
        "  - due: 2015-06-30\n    status: completed\n    progress:\n"
        "      - text: Thresholds review undertaken\n",
        "",
    )
    code, lines = problem_lines(root)
    assert code == 1
    # The second milestone is now the first: its (empty) progress replaced the first's.
    assert [line.rsplit(" [", 1)[1] for line in lines] == ["history-deleted]"]
    assert lines[0].startswith(f"{B1}:")


def test_closing_without_a_progress_entry(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "status: on-track", "status: completed")
    code, lines = problem_lines(root)
    assert code == 1
    assert lines == [
        f"{A1}:12:9: error: action closed since HEAD without a new dated progress entry (on "
        "or after the last one) saying what was done [closed-without-progress]"
    ]


def test_closing_with_an_undated_or_earlier_entry_fails(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "status: on-track", "status: completed")
    edit(
        root / A1,
        "    text: Scrutiny panel with ASC\n",
        "    text: Scrutiny panel with ASC\n  - text: Done\n  - date: 2015-08\n    text: Done\n",
    )
    code, lines = problem_lines(root)
    assert code == 1
    codes = [line.rsplit("[", 1)[1] for line in lines]
    assert codes == ["closed-without-progress]", "progress-order]"]  # the latter a warning


def test_closing_with_a_dated_entry_passes(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "status: on-track", "status: completed")
    edit(
        root / A1,
        "    text: Scrutiny panel with ASC\n",
        "    text: Scrutiny panel with ASC\n  - date: 2015-09-22\n    text: All panels held\n",
    )
    assert problem_lines(root) == (0, [])


def test_closing_an_action_with_no_earlier_progress_needs_one_dated_entry(
    tmp_path: Path,
) -> None:
    root = base_repo(tmp_path)
    edit(root / A2, "status: not-started", "status: completed\nprogress:\n  - text: Done")
    assert problem_lines(root)[0] == 1
    edit(root / A2, "  - text: Done", "  - date: 2016-10\n    text: Done")
    assert problem_lines(root) == (0, [])


def test_new_actions_and_already_closed_ones_are_not_closings(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    (root / "data/actions/2015-16/2b.yaml").write_text(
        "ref: 2b\npriority: 2\ntitle: Done already\nlead: []\ndue: null\nstatus: completed\n"
    )
    edit(root / B1, "title: Commission external reviews", "title: Commission reviews")
    assert problem_lines(root) == (0, [])


def test_closed_is_read_from_the_board_vocabulary(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    board = root / "data/board.yaml"
    edit(
        board,
        "  - id: not-started\n",
        "  - id: dropped\n    label: No longer applicable\n    closed: true\n    rag: grey\n"
        "  - id: not-started\n",
    )
    commit_all(root)
    edit(
        root / B1, "status: completed\nmilestones", "status: dropped\nmilestones"
    )  # closed before and after
    edit(root / A2, "status: not-started", "status: dropped")  # closed now
    code, lines = problem_lines(root)
    assert code == 1
    # 1b was closed and still is (not a closing), but its status changed all the same.
    assert [(line.split(":", 1)[0], line.rsplit("[", 1)[1]) for line in lines] == [
        (B1, "status-change-without-progress]"),
        (A2, "closed-without-progress]"),
    ]


def test_every_status_change_needs_a_new_dated_progress_entry(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "status: on-track", "status: not-started")
    code, lines = problem_lines(root)
    line, col = line_col(root / A1, "not-started")
    assert code == 1
    assert lines == [
        f"{A1}:{line}:{col}: error: status changed since HEAD without a new dated progress "
        "entry (on or after the last one) saying why [status-change-without-progress]"
    ]
    edit(
        root / A1,
        "    text: Scrutiny panel with ASC\n",
        "    text: Scrutiny panel with ASC\n  - date: 2015-09-22\n    text: Panels slipped\n",
    )
    assert problem_lines(root) == (0, [])


def test_reopening_a_closed_action_needs_a_new_dated_progress_entry(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / B1, "status: completed\nmilestones", "status: on-track\nmilestones")
    code, lines = problem_lines(root)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"{B1}:")
    assert lines[0].endswith(
        "action reopened since HEAD without a new dated progress entry (on or after the last "
        "one) saying why it is open again [reopened-without-progress]"
    )


def test_a_new_due_history_entry_needs_a_reason(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "due: 2016-03-31", "due: 2016-09-30")
    edit(root / A1, "due_history: []", "due_history:\n  - from: 2016-03-31\n    to: 2016-09-30")
    code, lines = problem_lines(root)
    line, col = line_col(root / A1, "from: 2016-03-31")
    assert code == 1
    assert lines == [
        f"{A1}:{line}:{col}: error: due_history entry 1, new since HEAD, gives no reason or "
        "agreed date: say why the due date moved and when that was agreed "
        "[due-change-without-reason]"
    ]


def test_a_due_date_already_past_when_agreed_is_refused(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "due: 2016-03-31", "due: 2016-01-31")
    edit(
        root / A1,
        "due_history: []",
        "due_history:\n  - from: 2016-03-31\n    to: 2016-01-31\n    agreed: 2016-05-26\n"
        "    reason: Late paperwork",
    )
    code, lines = problem_lines(root)
    line, col = line_col(root / A1, "to: 2016-01-31")
    assert code == 1
    assert lines == [
        f"{A1}:{line}:{col + 4}: error: due_history entry 1, new since HEAD, moves the due date "
        "to a date already past when it was agreed; agree a date still ahead [due-already-past]"
    ]


def test_problems_combine_with_the_other_checks_and_formats(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "due: 2016-03-31", "due: 2016-09-30")
    edit(root / A1, "lead:\n  - qpp-chair", "lead:\n  - qpp-chiar")
    result = run(root, "check", "--base", "HEAD", "--format", "json")
    assert result.exit_code == 1
    codes = [(p["code"], p["line"], p["column"]) for p in json.loads(result.stdout)["problems"]]
    assert codes == [("unknown-lead", 8, 5), ("due-without-history", 9, 6)]
    github = run(root, "check", "--base", "HEAD", env={"GITHUB_ACTIONS": "true"})
    assert github.stdout.splitlines()[1] == (
        f"::error file={A1},line=9,col=6,title=due-without-history::due changed since HEAD "
        "without a new due_history entry; add one with from, to, agreed and reason (or use "
        "`assure reschedule`)"
    )
    assert run(root, "check").exit_code == 1  # without --base: only the unknown lead
    assert "due-without-history" not in run(root, "check").stdout


def test_base_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    result = run_process(root, "check", "--base", "origin/main")
    assert result.exit_code == 2
    assert result.stderr.startswith("assure: error: no revision 'origin/main'")
    assert result.stdout == ""


def test_base_outside_a_git_repository_exits_2(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    plain = tmp_path / "plain"
    (root / ".git").rename(tmp_path / "moved.git")
    root.rename(plain)
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = run_process(plain, "check", "--base", "HEAD", env=env)
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr
    assert run_process(plain, "check", env=env).exit_code == 0  # plain check needs no git


def test_broken_file_at_base_is_a_note_not_a_failure(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    path = root / A1
    good = path.read_text()
    path.write_text(good + "status: again\n")
    commit_all(root)
    path.write_text(good)
    result = run(root, "check", "--base", "HEAD")
    assert result.exit_code == 0
    assert "assure: note: 1 problem(s) in the records at HEAD" in result.stderr


def test_a_first_due_date_needs_no_history(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    edit(root / A1, "due: 2016-03-31", "due: null")
    commit_all(root)
    edit(root / A1, "due: null", "due: 2016-06-30")
    assert problem_lines(root) == (0, [])
    markdown = run(root, "diff", "HEAD", "--format", "markdown").stdout
    assert "| none → 2016-06-30 |  |  |" in markdown


def test_a_base_without_data_is_a_note(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    data = root / "data"
    data.rename(tmp_path / "kept")
    commit_all(root, "no records yet")
    (tmp_path / "kept").rename(data)
    result = run(root, "check", "--base", "HEAD")
    assert result.exit_code == 0
    assert "assure: note: HEAD has no data/ folder; nothing to compare with" in result.stderr


def test_an_empty_reason_is_reported_at_its_line(tmp_path: Path) -> None:
    # The issue's case: `agreed:` and `reason:` written, both empty.
    root = base_repo(tmp_path)
    edit(root / A1, "due: 2016-03-31", "due: 2016-09-30")
    edit(
        root / A1,
        "due_history: []",
        "due_history:\n  - from: 2016-03-31\n    to: 2016-09-30\n    agreed:\n    reason:",
    )
    code, lines = problem_lines(root)
    line, _col = line_col(root / A1, "    reason:")
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{A1}:{line}:")
    assert lines[0].endswith("[due-change-without-reason]")
