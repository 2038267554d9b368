"""The edges of reading the past, made plain: a renamed file, a file with errors at the time,
a shallow clone, a revision with no records yet, a submodule, and the history cache that
makes a second run parse nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from assurance_cli.problems import AssureError
from assurance_cli.repo import history

from .conftest import BASE_CASE, run
from .git_helpers import GIT_ENV, edit, git, init_repo

ACTION = "data/actions/2015-16/1a.yaml"


def commit_dated(root: Path, day: date, message: str = "records", *, add: bool = True) -> str:
    stamp = f"{day.isoformat()}T12:00:00+00:00"
    if add:
        git(root, "add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", message],
        cwd=root,
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
    )
    return git(root, "rev-parse", "HEAD").strip()


def dated_base(tmp_path: Path) -> Path:
    """The small base board, first committed on 1 October 2015."""
    root = init_repo(tmp_path / "board")
    shutil.copytree(BASE_CASE / "data", root / "data")
    commit_dated(root, date(2015, 10, 1))
    return root


def test_a_renamed_file_is_the_same_action(tmp_path: Path) -> None:
    root = dated_base(tmp_path)
    git(root, "mv", ACTION, "data/actions/2015-16/1a-scrutiny.yaml")
    edit(
        root / "data/actions/2015-16/1a-scrutiny.yaml",
        "due: 2016-03-31\nreview_by: null\ndue_history: []",
        "due: 2016-06-30\nreview_by: null\ndue_history:\n  - from: 2016-03-31\n    to: 2016-06-30\n"
        "    agreed: 2016-01-10\n    reason: Panels moved to the spring",
    )
    commit_dated(root, date(2016, 1, 15))
    result = run(
        root, "report", "trend", "--from", "2015-10-01", "--to", "2016-01-31", "--every", "month"
    )
    # The renamed file no longer matches its ref: shown, and named as shown with errors.
    assert result.exit_code == 1, result.stderr
    assert "1a-scrutiny.yaml: shown, with errors (filename-mismatch)" in result.stdout
    assert (
        "- Due date moved: 2015-16/1a from 31 March 2016 to 30 June 2016 (91 days)" in result.stdout
    )
    january = next(
        line for line in result.stdout.splitlines() if line.startswith("| 31 January 2016")
    )
    assert january.endswith("| 1 | 91 | 0 | 0 |")  # moved, slipped; nothing closed, nothing new
    assert "- Closed:" not in result.stdout and "- Newly overdue:" not in result.stdout
    since = run(root, "report", "digest", "--since", "2015-12-01", "--to", "2016-01-31")
    assert since.exit_code == 1, since.stderr  # the same notice
    assert (
        "| 2015-16/1a | Subject S11 submissions to rigorous challenge | 31 March 2016 | 30 June 2016 | 91 | Panels moved to the spring |"
        in since.stdout
    )
    assert "No action closed." in since.stdout and "No audit arrived." in since.stdout
    # the rename is a problem of the record, not a reason to leave it out
    status = run(root, "--at", "2016-01-31", "status", "--format", "json")
    assert "2015-16/1a" in {row["id"] for row in json.loads(status.stdout)}
    assert "left out" not in status.stderr


def broken_in_november(tmp_path: Path) -> Path:
    root = dated_base(tmp_path)
    edit(root / ACTION, "status: on-track", "status: [on-track")
    commit_dated(root, date(2015, 11, 1))
    edit(root / ACTION, "status: [on-track", "status: on-track")
    commit_dated(root, date(2015, 12, 1))
    return root


def test_a_file_with_errors_then_is_named_never_silently_left_out(tmp_path: Path) -> None:
    root = broken_in_november(tmp_path)
    status = run(root, "--at", "2015-11-15", "status", "--format", "json")
    assert status.exit_code == 1, status.stderr  # a record left out: never a clean exit
    rows = json.loads(status.stdout)
    assert "2015-16/1a" not in {row["id"] for row in rows}
    assert rows[0]["at"]["left_out"] == [{"path": ACTION, "codes": ["yaml-syntax"]}]
    assert f"assure:   left out: {ACTION}: has errors (yaml-syntax)" in status.stderr
    short = check_commit(root, "HEAD~1")
    assert f"run `assure --at {short} check` for the problems" in status.stderr
    # check --at reports it where it stands in the file as committed then
    check = run(root, "--at", "2015-11-15", "check")
    assert check.exit_code == 1
    assert check.stdout.startswith(f"{ACTION}:13:9: error: YAML syntax error")
    # 2a's link to 1a is not "unknown": 1a is there, with errors of its own
    assert "unknown action" not in check.stdout
    trend = run(
        root, "report", "trend", "--from", "2015-10-01", "--to", "2015-12-31", "--every", "month"
    )
    assert trend.exit_code == 0, trend.stderr
    assert (
        f"- 30 November 2015 ({check_commit(root, 'HEAD~1')}): {ACTION} (yaml-syntax)"
        in trend.stdout
    )
    assert f"left out on 2015-11-30: {ACTION} (yaml-syntax)" in trend.stderr
    counts = trend.stdout.split("## By status")[0].splitlines()
    opened = [line.split("|")[4].strip() for line in counts if line.startswith("| 3")]
    assert opened == ["2", "1", "2"]  # 1a is not counted while it cannot be read, and back after


def check_commit(root: Path, revision: str) -> str:
    return git(root, "rev-parse", "--short=7", revision).strip()


def test_a_shallow_clone_says_how_much_history_is_missing(tmp_path: Path) -> None:
    root = broken_in_november(tmp_path)
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(clone))
    result = run(clone, "--at", "2015-10-15", "status")
    assert result.exit_code == 2
    assert "this is a shallow clone, holding 1 commit(s) of this branch back to" in result.stderr
    assert "of 2015-12-01; anything older is missing" in result.stderr
    assert "git fetch --unshallow" in result.stderr and "fetch-depth: 0" in result.stderr
    trend = run(
        clone, "report", "trend", "--from", "2015-10-01", "--to", "2015-12-31", "--every", "month"
    )
    assert trend.exit_code == 2 and "shallow clone" in trend.stderr
    assert run(clone, "--at", "2015-12-15", "status").exit_code == 0


def test_a_revision_with_no_records_yet(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "board")
    (root / "README.md").write_text("a board\n")
    commit_dated(root, date(2015, 6, 1))
    shutil.copytree(BASE_CASE / "data", root / "data")
    commit_dated(root, date(2015, 10, 1))
    result = run(root, "--at", "2015-07-01", "status")
    assert result.exit_code == 2 and "there is no data/ folder at" in result.stderr
    trend = run(
        root, "report", "trend", "--from", "2015-07-01", "--to", "2015-10-31", "--every", "month"
    )
    assert trend.exit_code == 0, trend.stderr
    assert trend.stdout.count("| no records committed yet |") == 3


def test_a_repository_with_no_commits(tmp_path: Path) -> None:
    root = init_repo(tmp_path / "board")
    shutil.copytree(BASE_CASE / "data", root / "data")
    result = run(root, "--at", "2016-01-01", "status")
    assert result.exit_code == 2 and "no commits yet" in result.stderr


def test_a_submodule_under_data_is_refused(tmp_path: Path) -> None:
    root = dated_base(tmp_path)
    head = git(root, "rev-parse", "HEAD").strip()
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{head},data/audits/vendor")
    commit_dated(root, date(2015, 11, 1), add=False)
    result = run(root, "--at", "HEAD", "status")
    assert result.exit_code == 2
    assert "data/audits/vendor is a git submodule" in result.stderr


def test_a_second_run_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = broken_in_november(tmp_path)
    args = ("report", "trend", "--from", "2015-10-01", "--to", "2015-12-31", "--every", "month")
    first = run(root, *args)
    assert first.exit_code == 0, first.stderr

    def no_parsing(*_: object) -> None:
        raise AssertionError("a file was parsed again")

    monkeypatch.setattr(history, "process_file", no_parsing)
    assert run(root, *args).stdout == first.stdout
    # and without the cache, it parses (the monkeypatch is real)
    with pytest.raises(AssertionError, match="parsed again"):
        run(root, "--no-cache", *args)


def test_the_history_cache_lives_outside_the_repository(tmp_path: Path) -> None:
    root = broken_in_november(tmp_path)
    assert run(root, "--at", "2015-11-15", "status").exit_code == 1  # 1a was broken then
    assert git(root, "status", "--porcelain", "--ignored") == ""
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "assure" / "history"
    assert any(folder.rglob("blobs-*.json"))


def test_meeting_day_reads_a_month_as_its_last_day() -> None:
    from assurance_cli.dates import month
    from assurance_cli.model.records import Board, Meeting

    board = Board(
        name="b",
        short_name="B",
        plans=(),
        themes=(),
        subgroups=(),
        leads=(),
        meetings=(Meeting("m", "M", month(2016, 5)),),
        statuses=(),
        responsibilities=(),
        core_business=(),
        report_titles={},
        audit_kinds=(),
        action_plan_columns=(),
        checks=None,
    )
    assert history.meeting_day(board, "m") == date(2016, 5, 31)
    with pytest.raises(AssureError, match="unknown meeting 'n'"):
        history.meeting_day(board, "n")
