"""Shared test helpers: build a board repository from a dict, run the CLI as a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assurance_cli.cli.main import app

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO  # the shipped data lives at the repository root, under data/
CASES = Path(__file__).parent / "cases"
BASE_CASE = CASES / "_base"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden and expected files from the current output (review the diff!)",
    )


@pytest.fixture(autouse=True)
def private_cache_key(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm cache's signing key lives in the user's cache folder: keep tests' apart."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (paths relative to root) and return root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def make_repo(
    tmp_path: Path, files: dict[str, str | bytes] | None = None, remove: tuple[str, ...] = ()
) -> Path:
    """A copy of the small base board (tests/cases/_base) with `files` written over it."""
    root = tmp_path / "board"
    shutil.copytree(BASE_CASE, root)
    for rel in remove:
        (root / rel).unlink()
    return write_tree(root, files or {})


def copy_shipped(tmp_path: Path) -> Path:
    """A copy of the shipped data, to break on purpose."""
    root = tmp_path / "shipped"
    shutil.copytree(SHIPPED / "data", root / "data")
    return root


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run(root: Path | None, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run the CLI in-process (typer's runner), stdout and stderr apart."""
    runner = CliRunner()
    argv = (["--root", str(root)] if root is not None else []) + list(args)
    result = runner.invoke(app, argv, env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(
    root: Path | None,
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Run:
    """Run `python -m assurance_cli` in a real subprocess, as a user or CI job does."""
    argv = [sys.executable, "-m", "assurance_cli"]
    argv += (["--root", str(root)] if root is not None else []) + list(args)
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update({"NO_COLOR": "1", **(env or {})})
    done = subprocess.run(
        argv, capture_output=True, text=True, env=full_env, timeout=timeout, cwd=cwd
    )
    return Run(done.returncode, done.stdout, done.stderr)
