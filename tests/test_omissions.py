"""No silent omissions: every output that reports on the records names, in the output itself,
each record left out and each record shown despite errors, and exits 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import SHIPPED, run, run_process

OVERDUE_ON_31_MAY_2016 = ("1c", "5f", "6c", "7h", "7i")
PLAN = "data/actions/2015-16"


def scratch_copy(tmp_path: Path) -> Path:
    root = tmp_path / "board"
    shutil.copytree(SHIPPED / "data", root / "data")
    return root


def break_file(path: Path) -> None:
    """Make a record unreadable as a careless edit would: a misspelt key."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")


@pytest.fixture
def overdue_unreadable(tmp_path: Path) -> Path:
    root = scratch_copy(tmp_path)
    for ref in OVERDUE_ON_31_MAY_2016:
        break_file(root / PLAN / f"{ref}.yaml")
    return root


def test_status_exit_code_never_takes_an_unreadable_action_as_not_overdue(
    overdue_unreadable: Path,
) -> None:
    result = run_process(
        overdue_unreadable, "status", "--overdue", "--exit-code", "--as-of", "2016-05-31"
    )
    assert result.exit_code == 1
    for ref in OVERDUE_ON_31_MAY_2016:
        assert f"left out: {PLAN}/{ref}.yaml: has errors (unknown-field)" in result.stdout
    assert "Notice: 5 records left out" in result.stdout
    assert "0 actions" in result.stdout  # the list itself is honest about what it holds


def test_the_action_plan_names_every_record_left_out_in_the_paper_itself(
    overdue_unreadable: Path,
) -> None:
    result = run_process(
        overdue_unreadable, "report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31"
    )
    assert result.exit_code == 1
    head = result.stdout.split("## Summary")[0]
    assert "**Notice: 5 records left out; run \\`assure check\\` for the problems.**" in head
    for ref in OVERDUE_ON_31_MAY_2016:
        assert f"> - Left out: {PLAN}/{ref}.yaml: has errors (unknown-field)" in head


def test_a_record_shown_despite_errors_is_named_as_shown_not_as_left_out(tmp_path: Path) -> None:
    root = scratch_copy(tmp_path)
    path = root / PLAN / "7i.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: off-track", "status: of-track"),
        encoding="utf-8",
    )
    result = run_process(root, "report", "action-plan", "--plan", "2015-16")
    assert result.exit_code == 1
    assert "1 record shown despite errors" in result.stdout
    assert f"> - {PLAN}/7i.yaml: shown, with errors (unknown-status)" in result.stdout
    assert "left out" not in result.stdout.lower()
    assert "7i" in result.stdout.split("## 7.")[1]  # the row is there


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("status", "--format", "markdown"),
        ("show", "2015-16/1a"),
        ("report", "learning", "--period", "2015-16"),
        ("report", "loop", "--period", "2015-16"),
        ("report", "digest", "--from", "2016-01-01", "--to", "2016-03-31"),
    ],
)
def test_every_reading_command_carries_the_notice_and_exits_1(
    overdue_unreadable: Path, args: tuple[str, ...]
) -> None:
    result = run(overdue_unreadable, *args)
    assert result.exit_code == 1, result.stderr
    assert "5 records left out" in result.stdout
    assert "5 records left out" in result.stderr


def test_json_and_csv_carry_it_on_stderr_and_in_the_exit_code(overdue_unreadable: Path) -> None:
    for fmt in ("json", "csv"):
        result = run(overdue_unreadable, "status", "--format", fmt)
        assert result.exit_code == 1
        assert "5 records left out" in result.stderr
        if fmt == "json":
            json.loads(result.stdout)  # the contract is untouched


def test_clean_records_have_no_notice_and_exit_0(tmp_path: Path) -> None:
    root = scratch_copy(tmp_path)
    result = run(root, "report", "action-plan", "--plan", "2015-16")
    assert result.exit_code == 0
    assert "Notice" not in result.stdout and result.stderr == ""


def test_one_bad_audit_does_not_make_every_finding_that_cites_it_unknown(tmp_path: Path) -> None:
    root = scratch_copy(tmp_path)
    audit = root / "data/audits/neglect-audit-2016.yaml"
    audit.write_text(audit.read_text(encoding="utf-8") + "extra_field: x\n", encoding="utf-8")
    result = run(root, "check")
    assert result.exit_code == 1
    assert [line.rsplit("[", 1)[1] for line in result.stdout.splitlines()] == ["unknown-field]"]


def test_a_board_yaml_that_fails_to_load_gives_the_same_message_everywhere(tmp_path: Path) -> None:
    root = scratch_copy(tmp_path)
    board = root / "data/board.yaml"
    board.write_text(board.read_text(encoding="utf-8") + "extra_field: x\n", encoding="utf-8")
    message = (
        "assure: error: data/board.yaml is missing or has errors, so the board's plans are "
        "unknown; run `assure check`\n"
    )
    for args in (
        ("report", "action-plan", "--plan", "2015-16"),
        ("report", "learning", "--period", "2015-16"),
        ("report", "business-plan", "--plan", "2015-16"),
        ("status", "--plan", "2015-16"),
    ):
        result = run(root, *args)
        assert result.exit_code == 2, args
        assert result.stderr.endswith(message), (args, result.stderr)


def test_a_record_that_may_hold_personal_data_never_reaches_an_output(tmp_path: Path) -> None:
    root = scratch_copy(tmp_path)
    path = root / PLAN / "1c.yaml"
    secret = "child Jane Smith"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('title: Implement a "Walk', f'title: Met {secret}; a "Walk'), encoding="utf-8"
    )
    for args in (
        ("status",),
        ("status", "--format", "json"),
        ("show", "2015-16/1c"),
        ("report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31"),
    ):
        result = run(root, *args)
        assert secret not in result.stdout + result.stderr, args
        assert result.exit_code in (1, 2), args
    paper = run(root, "report", "action-plan", "--plan", "2015-16").stdout
    assert (
        f"> - Left out: {PLAN}/1c.yaml: withheld: may hold a child's or family member's full "
        "name" in paper
    )


def test_diff_leaves_out_a_record_that_may_hold_personal_data_and_says_so(
    tmp_path: Path,
) -> None:
    from .git_helpers import commit_all, edit, shipped_repo

    root = shipped_repo(tmp_path)
    edit(root / PLAN / "1c.yaml", "status: on-track", "status: completed")
    edit(
        root / PLAN / "1c.yaml",
        "      proforma during their respective visits.\n",
        "      proforma during their respective visits.\n"
        "  - date: 2016-05-31\n    text: Met child Jane Smith at the visit\n",
    )
    commit_all(root, "a closing note naming a child")
    for fmt in ("text", "markdown", "json"):
        result = run(root, "diff", "HEAD~1", "HEAD", "--format", fmt)
        assert result.exit_code == 1, fmt
        assert "Jane" not in result.stdout + result.stderr, fmt
        assert f"{PLAN}/1c.yaml" in result.stdout, fmt
