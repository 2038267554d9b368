"""Two real `assure` processes editing one file at the same moment, many times: each either
applies its change or exits non-zero telling the user to run it again, and no change that
was reported as made is ever lost."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from .conftest import make_repo

ROUNDS = 30
TARGET = "data/actions/2015-16/1a.yaml"


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.Popen(
        [sys.executable, "-m", "assurance_cli", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def race(root: Path, first: list[str], second: list[str]) -> list[tuple[int, str]]:
    """Start both commands together; their exit codes and stderr."""
    processes = [start(root, *first), start(root, *second)]
    outcomes = []
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        outcomes.append((process.returncode, stderr))
    return outcomes


def assert_applied_or_told_to_retry(code: int, stderr: str, applied: bool) -> None:
    if code == 0:
        assert applied, "the command said it wrote its change, and the change is not there"
    else:
        assert code == 2, stderr
        assert "Run the command again" in stderr, stderr
        assert "bug in assure" not in stderr


def test_set_status_and_reschedule_racing_never_lose_a_change(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = root / TARGET
    start_day = date(2016, 4, 1)
    wins = 0
    for n in range(ROUNDS):
        on = (start_day + timedelta(days=n)).isoformat()
        due = (start_day + timedelta(days=400 + n)).isoformat()
        status = "not-started" if "status: on-track" in target.read_text() else "on-track"
        note, reason = f"status round {n}", f"reason round {n}"
        outcomes = race(
            root,
            ["set-status", "2015-16/1a", status, "--note", note, "--on", on],
            ["reschedule", "2015-16/1a", due, "--reason", reason, "--agreed", on],
        )
        text = target.read_text()
        assert_applied_or_told_to_retry(*outcomes[0], applied=note in text)
        assert_applied_or_told_to_retry(*outcomes[1], applied=f"due: {due}" in text)
        if outcomes[0][0] == 0:
            assert f"status: {status}" in text or f"due: {due}" in text  # not undone
        assert any(code == 0 for code, _ in outcomes)  # one of them always wins
        wins += sum(code == 0 for code, _ in outcomes)
    assert wins >= ROUNDS


def test_two_notes_racing_never_lose_an_entry(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    target = root / TARGET
    written: list[str] = []
    for n in range(ROUNDS):
        on = (date(2016, 4, 1) + timedelta(days=n)).isoformat()
        notes = [f"round {n} first", f"round {n} second"]
        outcomes = race(
            root,
            ["note", "2015-16/1a", notes[0], "--on", on],
            ["note", "2015-16/1a", notes[1], "--on", on],
        )
        text = target.read_text()
        for note, (code, stderr) in zip(notes, outcomes, strict=True):
            assert_applied_or_told_to_retry(code, stderr, applied=note in text)
            if code == 0:
                written.append(note)
    text = target.read_text()
    assert all(note in text for note in written)  # every reported entry is still there
    assert len(written) >= ROUNDS
