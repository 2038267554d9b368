"""Properties of the edit commands over generated input (hypothesis, a few seconds in all):

- any sequence of edits leaves a file that loads to exactly the intended data and passes check;
- an edit changes only its target lines;
- a failed write leaves the original file byte-identical.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assurance_cli.edit.actions import plan_note, plan_reschedule, plan_status_change
from assurance_cli.edit.change import Change, apply_change
from assurance_cli.io.yaml_events import UNSAFE_IN_TEXT
from assurance_cli.io.yaml_reader import read_document
from assurance_cli.problems import AssureError
from assurance_cli.repo.workspace import Workspace, open_workspace

from .conftest import make_repo

STATUSES = {"completed": True, "on-track": False, "not-started": False}  # id -> closed
TARGETS = ["2015-16/1a", "2015-16/1b", "2015-16/2a"]
DATE_WARNINGS = {"implausible-date", "due-before-plan"}
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text a lead might type, and text chosen to trip YAML up: colons, quotes, '#', leading '-'
# or '*', flow and block indicators, line breaks, unicode; long enough to be folded.
WORDS = ["the", "Board", "agreed:", "#3", "'quoted'", '"said"', "-", "*", "&", "!", "%", "@"]
WORDS += ["[x]", "{y}", "|", ">", "é", "日本", "✓", "null", "yes", "1.10", "2016-03-31", "~"]
texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80),
    st.text(" :#'\"-*&!%@`|>{}[],?abé日✓\n\t", min_size=1, max_size=60),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join),
).filter(lambda text: bool(text.strip()))

edits = st.one_of(
    st.tuples(st.just("note"), texts),
    st.tuples(st.just("status"), st.sampled_from(sorted(STATUSES)), st.none() | texts),
    st.tuples(st.just("reschedule"), st.dates(date(2016, 1, 1), date(2030, 12, 31)), texts),
)


def read_data(path: Path) -> dict[str, Any]:
    document, problems = read_document(path.read_bytes(), path.name)
    assert document is not None, problems
    data: dict[str, Any] = document.data
    return data


def plan(workspace: Workspace, target: str, edit: tuple[Any, ...], on: date) -> Change:
    if edit[0] == "note":
        return plan_note(workspace, target, edit[1], on=on)
    if edit[0] == "status":
        return plan_status_change(workspace, target, edit[1], note=edit[2], on=on)
    return plan_reschedule(workspace, target, edit[1], reason=edit[2], agreed=on)


def expect(data: dict[str, Any], edit: tuple[Any, ...], on: date) -> bool:
    """Apply `edit` to the expected data; False when the command must refuse it."""
    if edit[0] == "note":
        data.setdefault("progress", []).append({"date": on.isoformat(), "text": edit[1].strip()})
    elif edit[0] == "status":
        _, status, note = edit
        if status == data["status"] or (STATUSES[status] and note is None):
            return False
        data["status"] = status
        if note is not None:
            entry = {"date": on.isoformat(), "text": note.strip()}
            data.setdefault("progress", []).append(entry)
    else:
        _, due, reason = edit
        if due.isoformat() == data["due"] or due < on:  # the same date, or one already past
            return False
        change = {"from": data["due"], "to": due.isoformat(), "agreed": on.isoformat()}
        data.setdefault("due_history", []).append({**change, "reason": reason.strip()})
        data["due"] = due.isoformat()
    return True


def _holds_control(edit: tuple[Any, ...]) -> bool:
    return any(isinstance(part, str) and UNSAFE_IN_TEXT.search(part) for part in edit)


@FAST
@given(target=st.sampled_from(TARGETS), sequence=st.lists(edits, min_size=1, max_size=4))
def test_any_sequence_of_edits_loads_to_the_intended_data(
    target: str, sequence: list[tuple[Any, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_repo(Path(folder))
        path = root / f"data/actions/{target}.yaml"
        rel = f"data/actions/{target}.yaml"
        expected = read_data(path)
        for number, edit in enumerate(sequence):
            on = date(2026, 1, 1) + timedelta(days=number)
            before = path.read_bytes()
            wanted = dict(
                expected, **{k: list(v) for k, v in expected.items() if isinstance(v, list)}
            )
            allowed = expect(wanted, edit, on)
            try:
                change = plan(open_workspace(root), target, edit, on)
            except AssureError:
                assert not allowed, edit
                assert path.read_bytes() == before
                continue
            assert allowed, edit
            if change.problems:  # only the personal-data check may object to generated text,
                # or to a control character in it; or a random due date years from the plan
                # (a warning; refused all the same)
                assert all(
                    p.code.startswith("privacy-")
                    or p.code in DATE_WARNINGS
                    or (p.code == "control-character" and _holds_control(edit))
                    for p in change.problems
                ), change.problems
                continue
            apply_change(change)
            expected = wanted
        assert read_data(path) == expected
        assert [p for p in open_workspace(root).problems if p.path == rel] == []


@FAST
@given(text=texts, status=st.sampled_from(["completed", "not-started"]))
def test_an_edit_changes_only_its_target_lines(text: str, status: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_repo(Path(folder))
        path = root / "data/actions/2015-16/1a.yaml"
        before = path.read_text().splitlines()
        change = plan_status_change(
            open_workspace(root), "1a", status, note=text, on=date(2026, 1, 2)
        )
        if change.problems:
            return
        apply_change(change)
        after = path.read_text().splitlines()
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        hunks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        assert hunks[0][0] == "replace"
        assert before[hunks[0][1] : hunks[0][2]] == ["status: on-track"]
        assert after[hunks[0][3] : hunks[0][4]] == [f"status: {status}"]
        tag, i1, _i2, j1, j2 = hunks[1]
        assert len(hunks) == 2 and tag == "insert"
        assert before[i1 - 1] == "    text: Scrutiny panel with ASC"  # the end of the log
        assert after[j1] == "  - date: 2026-01-02"
        # The new entry's lines are indented under it; a literal block (`|-`) keeps the empty
        # lines of the note empty.
        assert all(line.startswith("    ") or not line for line in after[j1 + 1 : j2])
        assert after[j2 - 1].startswith("    ")


@FAST
@given(
    text=texts,
    failing=st.sampled_from(["fsync", "replace", "chmod", "fdopen"]),
    crlf=st.booleans(),
)
def test_a_failed_write_leaves_the_original_byte_identical(
    text: str, failing: str, crlf: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_repo(Path(folder))
        path = root / "data/actions/2015-16/1a.yaml"
        if crlf:
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        original = path.read_bytes()
        change = plan_note(open_workspace(root), "1a", text, on=date(2026, 1, 2))
        if change.problems:
            return
        with mock.patch.object(os, failing, side_effect=OSError(28, "No space left on device")):
            try:
                apply_change(change)
            except AssureError as exc:
                assert "nothing was changed" in str(exc)
            else:
                raise AssertionError("the write should have failed")
        assert path.read_bytes() == original
        assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


@FAST
@given(text=texts, days_before=st.integers(1, 4000))
def test_an_edit_that_fails_validation_leaves_the_original_byte_identical(
    text: str, days_before: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_repo(Path(folder))
        path = root / "data/actions/2015-16/1a.yaml"
        original = path.read_bytes()
        on = date(2015, 9, 22) - timedelta(days=days_before)  # before the last entry
        change = plan_note(open_workspace(root), "1a", text, on=on)
        assert not change.valid
        with contextlib.suppress(AssureError):
            apply_change(change)
        assert path.read_bytes() == original
