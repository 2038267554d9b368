"""Records written before the model was loosened for any board's papers (04dad2a) still load:
the shipped data and the second board as committed before that change, and the first records
ever committed, check clean with today's `assure`. The change only made fields optional and
widened what they take, so no migration is needed; this test keeps it so."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from .conftest import REPO, run_process

# (commit, folder of the board in that commit): the last commit before the model change, the
# commit where the second board's records were first complete, and the first records.
OLD_BOARDS = (
    ("88ae108", "."),  # the parent of 04dad2a: the shipped data as the old model wrote it
    ("88ae108", "examples/shropshire"),
    ("5b37a85", "."),  # withdrawn statuses, findings without a theme
    ("965e2fb", "."),  # the first records: board.yaml and the 2015-16 plan
)


def extract_board(commit: str, folder: str, into: Path) -> Path:
    """`git archive` of the board's data/ at `commit`, unpacked under `into`."""
    present = subprocess.run(
        ["git", "-C", str(REPO), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if present.returncode != 0:
        pytest.skip(f"commit {commit} is not in this checkout (a source archive has no history)")
    data = "data" if folder == "." else f"{folder}/data"
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, data],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / folder


@pytest.mark.parametrize(("commit", "folder"), OLD_BOARDS, ids=[f"{c}-{f}" for c, f in OLD_BOARDS])
def test_records_of_the_old_format_check_clean(commit: str, folder: str, tmp_path: Path) -> None:
    root = extract_board(commit, folder, tmp_path)
    files = list((root / "data").rglob("*.yaml"))
    assert len(files) > 10  # the archive really held the records
    result = run_process(root, "check", "--format", "text")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert " 0 errors" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_old_format_renders_every_action_of_its_plan(tmp_path: Path) -> None:
    """Not only checked: the old records render, each action of the plan in the report."""
    root = extract_board("88ae108", ".", tmp_path)
    result = run_process(
        root, "report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31"
    )
    assert result.exit_code == 0, result.stderr
    refs = sorted(path.stem for path in (root / "data/actions/2015-16").glob("*.yaml"))
    assert len(refs) > 40
    for ref in refs:
        assert f"| {ref} |" in result.stdout, ref
