"""Issue 13's demonstration with files that cannot be read at all (not merely invalid): the
five actions overdue on 31 May 2016 made unreadable. `status --exit-code` must not take them
as "not overdue", and the action plan must name all five in the paper itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import copy_shipped, run
from .test_omissions import OVERDUE_ON_31_MAY_2016, PLAN


@pytest.fixture
def overdue_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """chmod 000; where that does not stop reading (run as root), the reader refuses them as
    the operating system would."""
    root = copy_shipped(tmp_path)
    paths = {root / PLAN / f"{ref}.yaml" for ref in OVERDUE_ON_31_MAY_2016}
    for path in paths:
        path.chmod(0)
    if os.access(next(iter(paths)), os.R_OK):
        from assurance_cli.repo import load

        real = load.read_record_bytes

        def refuse(path: str | Path) -> bytes:
            if Path(path) in paths:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(load, "read_record_bytes", refuse)
    yield root
    for path in paths:
        path.chmod(0o644)


def test_status_exit_code_is_not_zero(overdue_unreadable: Path) -> None:
    args = ("status", "--overdue", "--exit-code", "--as-of", "2016-05-31")
    result = run(overdue_unreadable, *args)
    assert result.exit_code != 0
    assert "Notice: 5 records left out" in result.stdout
    for ref in OVERDUE_ON_31_MAY_2016:
        assert f"left out: {PLAN}/{ref}.yaml: has errors (unreadable)" in result.stdout


def test_the_action_plan_names_all_five_in_the_output_and_exits_1(
    overdue_unreadable: Path,
) -> None:
    args = ("report", "action-plan", "--plan", "2015-16", "--as-of", "2016-05-31")
    result = run(overdue_unreadable, *args)
    assert result.exit_code == 1
    head = result.stdout.split("## Summary")[0]
    assert "**Notice: 5 records left out" in head
    for ref in OVERDUE_ON_31_MAY_2016:
        assert f"> - Left out: {PLAN}/{ref}.yaml: has errors (unreadable)" in head
