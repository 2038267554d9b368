"""One folder per check scenario: tests/cases/<name>/ holds files laid over the base board
(tests/cases/_base) and `expected.txt`, the exact output of `assure check`.

A case may also hold `remove.txt` (paths to delete from the base) and `args.txt` (extra
arguments, e.g. --strict). The expected exit code is the first line of expected.txt:
`exit: N`. Rewrite the expectations with `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import BASE_CASE, CASES, run

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def build_case(case: Path, tmp_path: Path) -> Path:
    root = tmp_path / "board"
    shutil.copytree(BASE_CASE, root)
    removals = case / "remove.txt"
    if removals.exists():
        for rel in removals.read_text().split():
            (root / rel).unlink()
    overlay = case / "data"
    if overlay.exists():
        shutil.copytree(overlay, root / "data", dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_check_case(case: Path, tmp_path: Path, update_golden: bool) -> None:
    root = build_case(case, tmp_path)
    args_file = case / "args.txt"
    extra = args_file.read_text().split() if args_file.exists() else []
    result = run(root, "check", "--format", "text", *extra)
    actual = f"exit: {result.exit_code}\n{result.stdout}"
    expected_file = case / "expected.txt"
    if update_golden:
        expected_file.write_text(actual)
    assert expected_file.exists(), f"{expected_file} missing: run pytest --update-golden"
    assert actual == expected_file.read_text()
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("checked ")
