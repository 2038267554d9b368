"""Scratch git repositories for `assure diff` and `check --base`, and edits made the way a
lead makes them: by changing the YAML text."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import BASE_CASE, SHIPPED

# No user config can change what these tests see (signing, hooks, default branch...).
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_SYSTEM": "/dev/null",
    "GIT_AUTHOR_NAME": "Business Unit",
    "GIT_AUTHOR_EMAIL": "business-unit@example.org",
    "GIT_COMMITTER_NAME": "Business Unit",
    "GIT_COMMITTER_EMAIL": "business-unit@example.org",
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        timeout=60,
        check=True,
    )
    return done.stdout


def init_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def commit_all(root: Path, message: str = "records") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def shipped_repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the shipped data, committed once."""
    root = init_repo(tmp_path / "sandwell")
    shutil.copytree(SHIPPED / "data", root / "data")
    commit_all(root, "the shipped records")
    return root


def base_repo(tmp_path: Path, name: str = "board") -> Path:
    """A git repository holding the small base board of tests/cases/_base, committed once."""
    root = init_repo(tmp_path / name)
    shutil.copytree(BASE_CASE / "data", root / "data")
    commit_all(root, "the base board")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_col(path: Path, needle: str, nth: int = 1) -> tuple[int, int]:
    """Where the `nth` occurrence of `needle` starts in a file (1-based line and column)."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")
