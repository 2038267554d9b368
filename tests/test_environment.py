"""What the machine, not the records, gets wrong: each is a located problem or a clear exit 2,
never "a bug in assure". And what used to be accepted in silence: a record folder that is a
file, a FIFO where a record should be, a git submodule where the records should be."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assurance_cli.io import layout

from .conftest import make_repo, run, run_process
from .git_helpers import base_repo, commit_all, git


def assert_clear_exit_2(result: object, *phrases: str) -> None:
    exit_code, stderr = result.exit_code, result.stderr
    assert exit_code == 2, stderr
    assert "bug in assure" not in stderr
    assert stderr.startswith("assure: error: ")
    for phrase in phrases:
        assert phrase in stderr, stderr


# --- folders and files that cannot be read ---------------------------------------------


def test_an_unreadable_folder_is_a_located_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`chmod 000 data/findings` (simulated: the tests may run as root, whom no mode stops)."""
    root = make_repo(tmp_path)
    real_scandir = os.scandir
    locked = root / "data" / "findings"

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(layout.os, "scandir", scandir)
    result = run(root, "--no-cache", "check")
    assert result.exit_code == 1
    assert "data/findings:1:1: error: cannot list the folder (Permission denied) [unreadable]" in (
        result.stdout
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="a mode does not stop root")
def test_an_unreadable_folder_for_real(tmp_path: Path) -> None:  # pragma: no cover - not root
    root = make_repo(tmp_path)
    (root / "data" / "findings").chmod(0)
    try:
        result = run_process(root, "check")
    finally:
        (root / "data" / "findings").chmod(0o755)
    assert result.exit_code == 1 and "[unreadable]" in result.stdout


def test_a_file_that_vanishes_after_the_listing_is_a_located_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path)
    gone = root / "data" / "audits" / "cse-review-2015.yaml"
    real_entries = layout._entries

    def entries_then_delete(
        folder: Path, rel: str, problems: list[layout.Problem]
    ) -> list[os.DirEntry[str]]:
        found = real_entries(folder, rel, problems)
        if gone.exists() and folder == gone.parent:
            gone.unlink()  # between the listing and the stat
        return found

    monkeypatch.setattr(layout, "_entries", entries_then_delete)
    result = run(root, "--no-cache", "check")
    assert "bug in assure" not in result.stderr
    assert "data/audits/cse-review-2015.yaml:1:1: error: the file vanished" in result.stdout


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_board_that_is_not_a_regular_file_is_named_as_such(tmp_path: Path, kind: str) -> None:
    root = make_repo(tmp_path)
    board = root / "data" / "board.yaml"
    board.unlink()
    if kind == "fifo":
        os.mkfifo(board)
    else:
        board.mkdir()
    result = run_process(root, "check", timeout=60)
    assert result.exit_code == 1
    what = "a FIFO" if kind == "fifo" else "a folder"
    assert f"data/board.yaml:1:1: error: {what}, not a regular file" in result.stdout
    assert "[wrong-file-type]" in result.stdout
    assert "missing-board" not in result.stdout


def test_a_fifo_named_as_a_record_is_reported_not_skipped(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    os.mkfifo(root / "data" / "audits" / "waiting.yaml")
    result = run_process(root, "check", timeout=60)
    assert result.exit_code == 1
    assert "data/audits/waiting.yaml:1:1: error: a FIFO, not a regular file" in result.stdout


@pytest.mark.parametrize("folder", ["actions", "audits", "findings", "reporting"])
def test_a_record_folder_that_is_a_file_is_a_problem_not_no_records(
    tmp_path: Path, folder: str
) -> None:
    root = make_repo(tmp_path)
    path = root / "data" / folder
    if path.exists():
        shutil.rmtree(path)
    path.write_text("not a folder\n")
    result = run(root, "--no-cache", "check")
    assert result.exit_code == 1
    assert f"data/{folder}:1:1: error: a file where the folder data/{folder}/ belongs" in (
        result.stdout
    )
    assert "[wrong-file-type]" in result.stdout


def test_a_plan_that_is_a_file_is_reported(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    shutil.rmtree(root / "data" / "actions" / "2015-16")
    (root / "data" / "actions" / "2015-16").write_text("x\n")
    (root / "data" / "actions" / ".gitkeep").write_text("")
    result = run(root, "--no-cache", "check")
    assert "data/actions/2015-16:1:1: error: a file where a plan folder belongs" in result.stdout
    assert ".gitkeep" not in result.stdout


def test_a_record_folder_that_is_a_file_at_a_revision_is_a_problem(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    shutil.rmtree(root / "data" / "findings")
    (root / "data" / "findings").write_text("not a folder\n")
    commit_all(root, "findings as a file")
    result = run(root, "check", "--base", "HEAD")
    assert "data/findings" in result.stderr + result.stdout  # noted, not ignored
    shown = run(root, "diff", "HEAD~1", "HEAD", "--format", "json").stdout
    assert '"wrong-file-type"' in shown


def test_a_file_name_that_is_not_utf8_prints_and_never_crashes(tmp_path: Path) -> None:
    root = base_repo(tmp_path)
    name = os.fsencode(root / "data" / "audits") + b"/bad-\xff\xfe.yaml"
    with open(name, "wb") as stream:
        stream.write(b"id: x\n")
    env = {"PYTHONIOENCODING": "utf-8"}
    for args in (
        ("check",),
        ("check", "--format", "json"),
        ("check", "--format", "github"),
        ("diff", "HEAD"),
        ("diff", "HEAD", "--format", "json"),
        ("status", "--format", "json"),
    ):
        argv = [sys.executable, "-m", "assurance_cli", "--root", str(root), *args]
        done = subprocess.run(
            argv, capture_output=True, env={**os.environ, **env}, timeout=120, check=False
        )
        stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # strictly
        assert done.returncode in (0, 1), (args, stderr)
        assert "bug in assure" not in stderr
        if args[0] == "check":
            assert "data/audits/bad-??.yaml" in stdout


# --- dates at the edge of the calendar ----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--due-within", "99999999"),
        ("status", "--as-of", "9999-12-31", "--due-within", "1"),
        ("status", "--as-of", "0001-01-01", "--due-within", "0"),
        ("report", "digest", "--from", "9999-10-01", "--to", "9999-12-31"),
        ("report", "digest", "--from", "0001-01-01", "--to", "0001-01-01"),
    ],
)
def test_dates_at_the_end_of_the_calendar_work(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(make_repo(tmp_path), *args)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("note", "2015-16/1a", "x", "--on", "0000-01-01"),
        ("note", "2015-16/1a", "x", "--on", "0000-01"),
        ("reschedule", "2015-16/1a", "0000-06-30", "--reason", "x"),
        ("status", "--as-of", "0000-12-31"),
        ("report", "digest", "--from", "0000-01-01", "--to", "2016-01-01"),
    ],
)
def test_year_zero_is_a_clear_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = make_repo(tmp_path)
    before = (root / "data/actions/2015-16/1a.yaml").read_bytes()
    assert_clear_exit_2(run(root, *args), "years run from 0001 to 9999")
    assert (root / "data/actions/2015-16/1a.yaml").read_bytes() == before


# --- a submodule where the records should be ----------------------------------------------


def with_submodule(tmp_path: Path, where: str) -> tuple[Path, str, str]:
    """A board repository whose commit C2 makes `where` a git submodule (a gitlink)."""
    root = base_repo(tmp_path)
    first = git(root, "rev-parse", "HEAD").strip()
    other = base_repo(tmp_path, "other")
    linked = git(other, "rev-parse", "HEAD").strip()
    git(root, "rm", "-r", "-q", "--cached", where)
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{linked},{where}")
    git(root, "commit", "-q", "-m", f"{where} as a submodule")
    second = git(root, "rev-parse", "HEAD").strip()
    return root, first, second


@pytest.mark.parametrize("where", ["data", "data/actions/2015-16", "data/findings"])
def test_a_submodule_where_records_belong_is_refused_by_diff(tmp_path: Path, where: str) -> None:
    root, first, second = with_submodule(tmp_path, where)
    result = run(root, "diff", first, second)
    assert_clear_exit_2(result, "submodule", where)
    assert "added" not in result.stdout


@pytest.mark.parametrize("where", ["data", "data/actions/2015-16"])
def test_a_submodule_at_the_base_does_not_turn_off_the_rules_on_change(
    tmp_path: Path, where: str
) -> None:
    root, _first, second = with_submodule(tmp_path, where)
    result = run(root, "check", "--base", second)
    assert_clear_exit_2(result, "submodule", where)
