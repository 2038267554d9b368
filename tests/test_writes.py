"""Every writer writes only the regular file it is meant to write: never through a symbolic
link (the file's or a folder's inside the repository), never onto a device or a FIFO; `-`
is standard output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import make_repo, run, run_process

REPORT = ("report", "action-plan", "--plan", "2015-16")


def test_report_output_dash_is_standard_output(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    printed = run(root, *REPORT)
    dashed = run(root, *REPORT, "--output", "-")
    assert dashed.exit_code == 0
    assert dashed.stdout == printed.stdout and dashed.stdout.startswith("# ")
    assert not (root / "-").exists() and not Path("-").exists()


@pytest.mark.parametrize("target", ["/dev/null", "/dev/zero"])
def test_report_output_onto_a_device_is_refused(tmp_path: Path, target: str) -> None:
    root = make_repo(tmp_path)
    before = os.stat(target)
    # --format: a name with no extension is refused before anything else (format unknown)
    result = run(root, *REPORT, "--output", target, "--format", "md")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr and "nothing was written" in result.stderr
    after = os.stat(target)
    assert (after.st_mode, after.st_rdev, after.st_ino) == (
        before.st_mode,
        before.st_rdev,
        before.st_ino,
    )


def test_report_output_onto_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = run_process(root, *REPORT, "--output", str(fifo), "--format", "md", timeout=60)
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert fifo.is_fifo()


def test_report_output_onto_a_symlink_replaces_neither(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    link = tmp_path / "paper.md"
    link.symlink_to(target)
    result = run(root, *REPORT, "--output", str(link))
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr
    assert link.is_symlink() and target.read_text() == "keep me\n"


def test_report_output_to_dev_stdout_on_a_pipe_is_a_clear_refusal(tmp_path: Path) -> None:
    """/dev/stdout is a link (to /proc/self/fd/1): refused like any link, with a hint."""
    root = make_repo(tmp_path)
    argv = [sys.executable, "-m", "assurance_cli", "--root", str(root), *REPORT]
    done = subprocess.run(
        [*argv, "--output", "/dev/stdout"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "bug in assure" not in done.stderr
    assert "--output -" in done.stderr


def test_report_output_to_a_regular_file_is_written(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    out = tmp_path / "paper.md"
    result = run(root, *REPORT, "--output", str(out))
    assert result.exit_code == 0
    assert out.read_text() == run(root, *REPORT).stdout


def test_schema_into_a_linked_folder_of_the_repository_is_refused(tmp_path: Path) -> None:
    """A pull request can commit `schemas -> /somewhere`: `assure schema` writes nothing."""
    root = make_repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "schemas").symlink_to(elsewhere)
    result = run(root, "schema")
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_schema_onto_a_linked_schema_file_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    (root / "schemas").mkdir()
    (root / "schemas" / "board.schema.json").symlink_to(target)
    result = run(root, "schema")
    assert result.exit_code == 2
    assert target.read_text() == "keep me\n"


@pytest.mark.parametrize(
    ("linked", "args"),
    [
        (
            "data/actions/2015-16",
            ("new", "action", "--plan", "2015-16", "--priority", "1", "--title", "Do it"),
        ),
        (
            "data/audits",
            (
                "new",
                "audit",
                "--id",
                "x-2016",
                "--kind",
                "other",
                "--date",
                "2016-01",
                "--title",
                "X",
            ),
        ),
    ],
)
def test_a_new_record_is_never_written_through_a_linked_folder(
    tmp_path: Path, linked: str, args: tuple[str, ...]
) -> None:
    root = make_repo(tmp_path)
    folder = root / linked
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    result = run(root, *args)
    assert result.exit_code == 2, result.stdout
    assert "symbolic link" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == before
