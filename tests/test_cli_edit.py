"""The edit commands as a lead runs them: what changes on disk, what is printed, exit codes."""

from __future__ import annotations

import difflib
import json
from datetime import date
from pathlib import Path

import pytest

from .conftest import REPO, copy_shipped, make_repo, run, run_process
from .git_helpers import git, init_repo


def diff_lines(before: str, after: str) -> list[str]:
    """Only the changed lines, `-` and `+` prefixed."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "-+" and not line.startswith(("---", "+++"))
    ]


def overdue_ids(root: Path, as_of: str) -> list[str]:
    result = run(root, "status", "--overdue", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


# --- what the issue asks to show, on a scratch copy of the shipped data -----------------


def test_set_status_keeps_comments_and_changes_only_status_and_progress(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    path = root / "data/actions/2015-16/3d2.yaml"
    before = path.read_text()
    assert "# Seed 002 labels this row 3d as well" in before
    result = run(
        root,
        "set-status",
        "3d2",
        "completed",
        "--note",
        "External review reported: thresholds well understood",
        "--on",
        "2016-11-30",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "2015-16/3d2: status Not yet started -> Completed; progress entry 2016-11-30 added\n"
    )
    assert diff_lines(before, path.read_text()) == [
        "-status: not-started",
        "+status: completed",
        "+  - date: 2016-11-30",
        "+    text: 'External review reported: thresholds well understood'",
    ]
    assert run(root, "check").exit_code == 0


def test_set_status_keeps_an_end_of_line_comment_on_the_status_line(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    path = root / "data/actions/2015-16/9c.yaml"
    before = path.read_text()
    result = run(
        root, "set-status", "2015-16/9c", "completed", "--note", "Closed", "--on", "2016-05"
    )
    assert result.exit_code == 0, result.stderr
    changed = diff_lines(before, path.read_text())
    assert changed[:2] == [
        '-status: not-applicable  # seed 002\'s Status column reads "Completed"',
        '+status: completed       # seed 002\'s Status column reads "Completed"',
    ]
    assert changed[2:] == ["+  - date: 2016-05", "+    text: Closed"]


def test_reschedule_moves_the_action_out_of_overdue_and_records_the_amendment(
    tmp_path: Path,
) -> None:
    root = copy_shipped(tmp_path)
    assert "2015-16/1c" in overdue_ids(root, "2016-05-31")
    result = run(
        root,
        "reschedule",
        "2015-16/1c",
        "2016-09-30",
        "--reason",
        "Visits resume after the summer",
        "--agreed",
        "2016-03",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2015-16/1c: due 2016-03-31 -> 2016-09-30; due_history entry added\n"
    assert "2015-16/1c" not in overdue_ids(root, "2016-05-31")
    rows = json.loads(run(root, "status", "--plan", "2015-16", "--format", "json").stdout)
    row = next(r for r in rows if r["id"] == "2015-16/1c")
    assert row["due"] == "2016-09-30" and row["due_amendments"] == 1
    shown = run(root, "show", "2015-16/1c").stdout
    assert (
        "31 March 2016 -> 30 September 2016, agreed March 2016: Visits resume after the summer"
        in shown
    )
    assert run(root, "check").exit_code == 0


def test_reschedule_without_a_reason_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    before = path.read_bytes()
    for extra in ([], ["--reason", "  "]):
        result = run(root, "reschedule", "1a", "2016-09-30", *extra)
        assert result.exit_code == 2
        assert "--reason is required" in result.stderr
    assert path.read_bytes() == before


def test_reschedule_to_a_date_already_past_when_agreed_is_refused(tmp_path: Path) -> None:
    """The issue's example: `reschedule 7h 2016-01-31 --agreed 2016-05-26` exited 0."""
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    before = path.read_bytes()
    result = run(
        root, "reschedule", "1a", "2016-01-31", "--agreed", "2016-05-26", "--reason", "Late"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "assure: error: the new due date 2016-01-31 had already passed when the change was "
        "agreed (2016-05-26); give a date still ahead, or the date it was really agreed with "
        "--agreed\n"
    )
    assert path.read_bytes() == before
    # A month still running on the day it was agreed is not past.
    result = run(root, "reschedule", "1a", "2016-05", "--agreed", "2016-05-26", "--reason", "Late")
    assert result.exit_code == 0, result.stderr


# --- the other commands and their output --------------------------------------------------


def test_note_appends_a_dated_entry_today_by_default(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    before = path.read_text()
    result = run(root, "note", "2015-16/1a", "Panel with Health: 'good' # progress")
    assert result.exit_code == 0, result.stderr
    today = date.today().isoformat()
    assert result.stdout == f"2015-16/1a: progress entry {today} added\n"
    assert diff_lines(before, path.read_text()) == [
        f"+  - date: {today}",
        "+    text: \"Panel with Health: 'good' # progress\"",
    ]


def test_note_text_starting_with_a_dash_after_double_dash(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    result = run(root, "note", "1a", "--on", "2016-01-31", "--", "- chased the CCG")
    assert result.exit_code == 0, result.stderr
    text = (root / "data/actions/2015-16/1a.yaml").read_text()
    assert "    text: '- chased the CCG'\n" in text


def test_set_status_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    before = path.read_bytes()
    cases = [
        (["set-status", "1a", "complete", "--note", "x"], "did you mean 'completed'"),
        (["set-status", "1a", "completed"], "give --note"),
        (["set-status", "1a", "on-track", "--note", "x"], "already"),
        (["set-status", "9z", "completed", "--note", "x"], "no action, audit or finding"),
        (["set-status", "1a", "completed", "--note", "x", "--on", "31/03/2016"], "--on: write"),
        (["note", "cse-review-2015", "x"], "not an action"),
    ]
    for args, message in cases:
        result = run(root, *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert result.stderr.startswith("assure: error: ")
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_ambiguous_bare_ref_exits_2(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    result = run(root, "note", "1c", "x")
    assert result.exit_code == 2
    assert "2015-16/1c, 2016-17/1c" in result.stderr


def test_an_edit_that_would_make_the_record_invalid_exits_1(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "data/actions/2015-16/1a.yaml"
    before = path.read_bytes()
    result = run(root, "note", "1a", "back-dated", "--on", "2015-01-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("data/actions/2015-16/1a.yaml:")
    assert "[progress-order]" in result.stderr
    assert "nothing was written" in result.stderr
    assert "problems above" in result.stderr
    assert path.read_bytes() == before


def test_a_file_with_errors_cannot_be_edited(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "data/actions/2015-16/3a.yaml": "ref: 3a\npriority: 1\ntitle: x\nlead: []\ndue: 2016-02-30\n"
        },
    )
    result = run(root, "note", "2015-16/3a", "x")
    assert result.exit_code == 2
    assert "data/actions/2015-16/3a.yaml has errors" in result.stderr
    assert "assure check" in result.stderr


def test_new_action_takes_the_next_free_ref(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path)
    result = run(
        root,
        "new",
        "action",
        "--plan",
        "2015-16",
        "--priority",
        "5",
        "--title",
        "Audit the impact of training",
        "--lead",
        "qpp-chair",
        "--due",
        "2016-12-31",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created data/actions/2015-16/5i.yaml (action 2015-16/5i)\n"
    text = (root / "data/actions/2015-16/5i.yaml").read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schemas/action.schema.json\nref: 5i\n"
    )
    assert "due: 2016-12-31\n" in text and "progress: []\n" in text
    result = run(root, "new", "action", "--plan", "2015-16", "--priority", "3", "--title", "x")
    assert result.stdout == "created data/actions/2015-16/3e.yaml (action 2015-16/3e)\n"
    assert run(root, "check").exit_code == 0


def test_new_audit_and_finding_from_the_command_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    result = run(
        root,
        "new",
        "audit",
        "--id",
        "neglect-2017",
        "--title",
        "Neglect multi-agency case audit",
        "--kind",
        "case-audit",
        "--date",
        "2017-06",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created data/audits/neglect-2017.yaml (audit neglect-2017)\n"
    result = run(
        root,
        "new",
        "finding",
        "--audit",
        "neglect-2017",
        "--id",
        "neglect-2017-voice",
        "--kind",
        "concern",
        "--text",
        "The child's voice was not recorded",
        "--theme",
        "practice",
    )
    assert result.exit_code == 0, result.stderr
    assert (root / "data/findings/neglect-2017-voice.yaml").is_file()
    again = run(
        root,
        "new",
        "audit",
        "--id",
        "neglect-2017",
        "--title",
        "x",
        "--kind",
        "case-audit",
        "--date",
        "2017-06",
    )
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    bad_kind = run(
        root, "new", "audit", "--id", "a", "--title", "x", "--kind", "case-audt", "--date", "2017"
    )
    assert bad_kind.exit_code == 2
    assert run(root, "check").exit_code == 0


def test_edits_in_a_real_process(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    result = run_process(root, "set-status", "2015-16/2a", "on-track", "--on", "2016-05-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "2015-16/2a: status Not yet started -> Not yet completed but on-track\n"
    )
    failed = run_process(root, "set-status", "2015-16/2a", "finished", "--note", "x")
    assert failed.exit_code == 2
    assert "Traceback" not in failed.stderr


@pytest.mark.parametrize("command", ["set-status", "reschedule", "note", "new", "schema"])
def test_every_edit_command_has_help(command: str) -> None:
    result = run(None, command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_nothing_is_committed(tmp_path: Path) -> None:
    root = init_repo(make_repo(tmp_path))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "records")
    assert run(root, "note", "1a", "x", "--on", "2016-01-31").exit_code == 0
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(root, "status", "--porcelain").strip() == "M data/actions/2015-16/1a.yaml"


def test_new_subcommands_are_documented() -> None:
    from assurance_cli.cli.new import new_app

    commands = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "### `assure new action|audit|finding`" in commands
    names = sorted(command.name or "" for command in new_app.registered_commands)
    assert names == ["action", "audit", "finding"]
    for command in new_app.registered_commands:
        assert command.callback is not None and command.callback.__doc__
        assert f"assure new {command.name}" in commands
