"""A warm run parses nothing, so it imports neither YAML library nor pydantic (nor the
privacy detectors, which need them): docs/architecture.md promises it, and each costs time
on every run. `for_reading` imported the detectors on every status, show and report for their
table of kinds, even with nothing to withhold: warm status took 0.30 s on 1,000 records
against 0.13 s for check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import make_repo, run_process

PROBE = """
import json, sys
from assurance_cli.cli.main import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
heavy = ("yaml", "ruamel", "pydantic", "assurance_cli.checks.privacy")
print(json.dumps(sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")})))
"""


def imported_by(root: Path, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    result: list[str] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("status", "--overdue", "--as-of", "2016-05-31"),
        ("status", "--format", "json", "--as-of", "2016-05-31"),
        ("show", "2015-16/1a"),
        ("report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31"),
    ],
)
def test_a_warm_run_imports_no_parser_and_no_model(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = make_repo(tmp_path)  # no problem at all: nothing to place
    assert run_process(root, "check").exit_code == 0  # fills the cache
    assert imported_by(root, *args) == []


def test_the_probe_sees_them_on_a_cold_run(tmp_path: Path) -> None:
    root = make_repo(tmp_path)  # no problem at all: nothing to place
    assert imported_by(root, "--no-cache", "status") == [
        "assurance_cli.checks.privacy",
        "pydantic",
        "yaml",
    ]
