"""An edit on a record that already has errors, for each edit command.

- A file that cannot be read as a record (a YAML error, an invalid field) cannot be edited:
  exit 2, nothing written.
- A valid record with errors the edit does not bring (an unknown lead, a status the board no
  longer has, an `ongoing` due without `review_by`) is edited: the edit is proved to bring
  no problem, written, exit 0; the errors it still has are printed on stderr after it, at
  their lines in the new file, so they are seen, never hidden.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO, make_repo, run

ACTION = "data/actions/2015-16/1a.yaml"

# Each edit command, as a lead runs it on 2015-16/1a, and a line it adds to the file.
EDITS = {
    "note": (("note", "2015-16/1a", "Panel held with Health", "--on", "2016-01-12"), "Health"),
    "set-status": (
        (
            "set-status",
            "2015-16/1a",
            "completed",
            "--note",
            "All panels held",
            "--on",
            "2016-03-30",
        ),
        "status: completed",
    ),
    "reschedule": (
        ("reschedule", "2015-16/1a", "2016-06-30", "--reason", "Panels", "--agreed", "2016-03-01"),
        "due: 2016-06-30",
    ),
}


def base_with(tmp_path: Path, old: str, new: str) -> Path:
    """The base board with 2015-16/1a broken on purpose."""
    return replace_in(make_repo(tmp_path), old, new)


def replace_in(root: Path, old: str, new: str) -> Path:
    path = root / ACTION
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return root


@pytest.mark.parametrize("command", EDITS)
def test_an_invalid_file_cannot_be_edited(tmp_path: Path, command: str) -> None:
    root = base_with(tmp_path, "due: 2016-03-31", "due: 2016-02-30")
    before = (root / ACTION).read_bytes()
    args, _added = EDITS[command]
    result = run(root, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{ACTION} has errors, so it cannot be edited" in result.stderr
    assert "assure check" in result.stderr
    assert (root / ACTION).read_bytes() == before


@pytest.mark.parametrize("command", EDITS)
def test_a_valid_record_with_a_cross_record_error_is_edited_and_its_error_shown(
    tmp_path: Path, command: str
) -> None:
    root = base_with(tmp_path, "  - qpp-chair\n", "  - qpp-chiar\n")
    assert run(root, "check").exit_code == 1
    args, added = EDITS[command]
    result = run(root, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2015-16/1a: ")
    assert added in (root / ACTION).read_text()
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{ACTION}:8:5: error: unknown lead 'qpp-chiar' (did you mean 'qpp-chair'?) [unknown-lead]"
    )
    assert lines[1] == (
        f"assure: note: {ACTION} still has 1 error, above, which this edit did not bring; "
        "the edit was written: fix the error (see `assure check`)"
    )
    # What check says after the edit: the same error, and nothing the edit brought.
    after = run(root, "check")
    assert after.exit_code == 1
    assert after.stdout.splitlines() == [lines[0]]


def test_a_record_with_its_own_errors_is_edited_and_they_are_shown_at_their_new_lines(
    tmp_path: Path,
) -> None:
    # due against its history: an error of the record alone, not of a field.
    history = "due_history:\n  - from: 2016-01-31\n    to: 2016-02-29\n    reason: Moved"
    root = base_with(tmp_path, "due_history: []", history)
    replace_in(root, "  - qpp-chair\n", "  - qpp-chiar\n")
    result = run(root, "note", "2015-16/1a", "Chased", "--on", "2016-01-12")
    assert result.exit_code == 0, result.stderr
    shown = [line for line in result.stderr.splitlines() if not line.startswith("assure:")]
    assert sorted(shown) == sorted(run(root, "check").stdout.splitlines())
    assert [line.rsplit(" ", 1)[-1] for line in sorted(shown)] == [
        "[unknown-lead]",
        "[due-history-mismatch]",
    ]
    assert "still has 2 errors, above" in result.stderr
    # A reschedule records the move, which clears the record's own error; the lead stays.
    agreed = ("--reason", "Fixed", "--agreed", "2016-03-01")
    result = run(root, "reschedule", "2015-16/1a", "2016-06-30", *agreed)
    assert result.exit_code == 0, result.stderr
    assert "[due-history-mismatch]" not in result.stderr
    assert "[unknown-lead]" in result.stderr
    assert "still has 1 error, above" in result.stderr


def test_errors_are_counted_in_the_note(tmp_path: Path) -> None:
    root = base_with(tmp_path, "  - qpp-chair\n", "  - qpp-chiar\n  - nobody\n")
    result = run(root, "note", "2015-16/1a", "Chased", "--on", "2016-01-12")
    assert result.exit_code == 0, result.stderr
    assert [line.rsplit(" ", 1)[-1] for line in result.stderr.splitlines()[:2]] == [
        "[unknown-lead]",
        "[unknown-lead]",
    ]
    assert f"{ACTION} still has 2 errors, above, which this edit did not bring" in result.stderr


def test_a_clean_record_prints_no_note(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    result = run(root, "note", "2015-16/1a", "Chased", "--on", "2016-01-12")
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("command", EDITS)
def test_help_and_the_commands_page_say_the_same(command: str) -> None:
    help_text = " ".join(run(None, command, "--help").stdout.split())
    assert "a file that cannot be read as a record" in help_text
    assert "is still edited, exit 0, and those errors are printed on stderr" in help_text
    readme = " ".join((REPO / "docs" / "commands.md").read_text().split())
    assert "a file that cannot be read as a record (a YAML error, an invalid field" in readme
    assert "is still edited, exit **0**: those errors are printed on stderr after it" in readme
    assert "a file that already has errors exits" not in readme


NEW = {
    "new action": ["new", "action", "--plan", "2015-16", "--priority", "1", "--title", "x"],
    "new audit": [
        *("new", "audit", "--id", "a-2017", "--title", "x"),
        *("--kind", "case-audit", "--date", "2017-06"),
    ],
    "new finding": [
        *("new", "finding", "--audit", "cse-review-2015", "--id", "f-2017"),
        *("--kind", "concern", "--text", "x"),
    ],
}


@pytest.mark.parametrize("args", [*(list(a) for a, _ in EDITS.values()), *NEW.values()])
def test_no_edit_when_board_yaml_did_not_load(tmp_path: Path, args: list[str]) -> None:
    # Without the board's vocabulary no edit can be proved: the same message as every command.
    root = make_repo(tmp_path)
    board = root / "data/board.yaml"
    board.write_text(board.read_text().replace("name:", "nme:", 1))
    before = {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}
    result = run(root, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "data/board.yaml is missing or has errors" in result.stderr
    assert "run `assure check`" in result.stderr
    assert {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")} == before
