"""Which commit a board's records were read from, for the export's `commit` column."""

from __future__ import annotations

from pathlib import Path

from assurance_cli.io.git import locate, run_git
from assurance_cli.io.layout import DATA_DIR
from assurance_cli.problems import AssureError

# The records differ from every commit: uncommitted, untracked or ignored files under data/,
# a repository with no commit yet, or a folder outside git.
WORKING_TREE = "working-tree"


def records_commit(root: Path) -> str:
    """HEAD's full id when the files under `root`/data/ are exactly as HEAD holds them (no
    change, no untracked or ignored file), else WORKING_TREE."""
    try:
        location = locate(root)
    except AssureError:
        return WORKING_TREE
    head = run_git(location.toplevel, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    if head.returncode != 0:
        return WORKING_TREE
    changed = run_git(
        location.toplevel,
        "status",
        "--porcelain",
        "--ignored",
        "--untracked-files=all",
        "--",
        f"{location.prefix}{DATA_DIR}",
        check=False,
    )
    if changed.returncode != 0 or changed.stdout.strip():
        return WORKING_TREE
    return head.stdout.decode("ascii").strip()
