"""A planned edit of one record: its new bytes, what it does, and the problems it would bring,
proved by reading the new bytes back through the same pipeline as `assure check`. Written
only when it brings none, atomically, and only if the file still holds what was read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assurance_cli.checks.across import run_checks
from assurance_cli.checks.place import place_problems
from assurance_cli.checks.settings import settle
from assurance_cli.index.build import build_index
from assurance_cli.index.loaded import LoadedAction, add_record
from assurance_cli.io.files import Snapshot, read_snapshot, write_atomic
from assurance_cli.io.layout import DATA_DIR, RecordFile
from assurance_cli.io.record_text import decode, encode
from assurance_cli.io.yaml_writer import Operation, edit_text
from assurance_cli.model.models import Action, field_names
from assurance_cli.problems import NO_BOARD, AssureError, FieldProblem, Problem, Severity
from assurance_cli.queries.show import resolve_id
from assurance_cli.repo.load import process_file
from assurance_cli.repo.workspace import Workspace


@dataclass(frozen=True)
class Change:
    """One record's new content, ready to write, and what it does."""

    path: Path
    rel: str  # as problems name it: relative to the root, forward slashes
    content: bytes
    original: Snapshot | None  # None: a new file
    summary: str
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # what the new content would break; do not write
    # Errors the record had before the change and still has, at their lines in the new
    # content: they do not stop the change (it brings none), but they are shown with it.
    kept: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


def apply_change(change: Change) -> None:
    """Write a valid change to disk, atomically. Never commits."""
    if not change.valid:
        raise AssureError(f"{change.rel}: the change is not valid; nothing was written")
    # The repository's root: as many folders up from the file as its relative path has parts.
    root = change.path.parents[len(PurePosixPath(change.rel).parts) - 1]
    try:
        write_atomic(
            change.path,
            change.content,
            original=change.original,
            new=change.original is None,
            within=root,
        )
    except OSError as exc:
        raise AssureError(
            f"cannot write {change.rel} ({exc.strerror or 'I/O error'}); nothing was changed"
        ) from None


def require_board(workspace: Workspace) -> None:
    """No edit without the board's vocabulary: it could not be proved against it."""
    if workspace.index.board is None:
        raise AssureError(NO_BOARD)


def find_action(workspace: Workspace, wanted: str) -> LoadedAction:
    """The action `wanted` names (`2015-16/1c`, or `1c` when only one plan has it)."""
    require_board(workspace)
    index = workspace.index
    try:
        kind, found = resolve_id(index, wanted)
    except AssureError:
        broken = _broken_action_files(workspace, wanted)
        if broken and not any(a == wanted or a.endswith(f"/{wanted}") for a in index.actions):
            raise AssureError(
                f"{broken[0]} has errors, so it cannot be edited; run `assure check` and "
                "fix them first"
            ) from None
        raise
    if kind != "action":
        raise AssureError(f"'{wanted}' is {kind} {found}, not an action; give an action id")
    return index.actions[found]


def _broken_action_files(workspace: Workspace, wanted: str) -> list[str]:
    plan, _slash, ref = wanted.rpartition("/")
    pattern = re.compile(
        rf"{DATA_DIR}/actions/{re.escape(plan) if plan else '[^/]+'}/{re.escape(ref)}\.yaml"
    )
    return sorted({p.path for p in workspace.errors if pattern.fullmatch(p.path)})


def edit_action(
    workspace: Workspace, action: LoadedAction, operations: Sequence[Operation], summary: str
) -> Change:
    return edit_actions(workspace, [(action, operations, summary)])[0]


def edit_actions(
    workspace: Workspace,
    edits: Sequence[tuple[LoadedAction, Sequence[Operation], str]],
) -> list[Change]:
    """Each action's operations as a change, proved together: the records with every change
    made go through the cross-record checks once (not once per change: on a board of 10,000
    actions a pass takes a third of a second)."""
    drafts = [_draft(workspace, action, operations) for action, operations, _ in edits]
    split = problems_split_many(
        workspace, [(record_file, content) for record_file, content, *_ in drafts]
    )
    changes = []
    for (action, _operations, summary), draft in zip(edits, drafts, strict=True):
        record_file, content, snapshot, notes = draft
        added, kept = split[record_file.rel]
        errors = tuple(p for p in kept if p.severity is Severity.ERROR)
        changes.append(
            Change(snapshot.path, action.path, content, snapshot, summary, notes, added, errors)
        )
    return changes


def _draft(
    workspace: Workspace, action: LoadedAction, operations: Sequence[Operation]
) -> tuple[RecordFile, bytes, Snapshot, tuple[str, ...]]:
    root = workspace.repository.root
    path = root / action.path
    snapshot = read_snapshot(path)
    source = decode(snapshot.raw)
    try:
        edited = edit_text(source.text, operations, field_names(Action))
    except AssureError as exc:
        raise AssureError(f"{action.path}: {exc}") from None
    content = encode(source, edited.text)
    notes: list[str] = []
    if source.crlf:
        notes.append(f"{action.path}: line endings normalised from CRLF to LF")
    if edited.reformatted:
        notes.append(
            f"{action.path} was not in the house layout; other lines were rewritten in it "
            "(the data is unchanged)"
        )
    record_file = RecordFile(path, action.path, "action", action.plan)
    return record_file, content, snapshot, tuple(notes)


def clean_text(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise AssureError(f"{what} is empty; write what happened")
    return cleaned


def problems_after(workspace: Workspace, record_file: RecordFile, content: bytes) -> list[Problem]:
    """What `content`, as the new text of `record_file`, would add to `assure check`: the read
    path, the model, then the cross-record checks on that record. Problems the record
    already had are not counted again."""
    return list(problems_split(workspace, record_file, content)[0])


def problems_split(
    workspace: Workspace, record_file: RecordFile, content: bytes
) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    """The problems of `content` as the new text of `record_file`, split in two: those it
    would add to `assure check`, and those the record already had (placed in `content`)."""
    return problems_split_many(workspace, [(record_file, content)])[record_file.rel]


def problems_split_many(
    workspace: Workspace, files: Sequence[tuple[RecordFile, bytes]]
) -> dict[str, tuple[tuple[Problem, ...], tuple[Problem, ...]]]:
    """`problems_split` of several files' new contents at once, each with the others'."""
    results = {
        record_file.rel: process_file(record_file, content) for record_file, content in files
    }
    contents = {record_file.rel: content for record_file, content in files}
    repository = workspace.repository.without(set(results))
    for record_file, _content in files:
        record = results[record_file.rel].record
        if record is not None:
            add_record(repository, record_file.rel, record_file.path, record_file.plan, record)
    across: dict[str, list[FieldProblem]] = {}
    if any(result.record is not None for result in results.values()):
        for problem in run_checks(repository, build_index(repository)):
            if problem.path in results:
                across.setdefault(problem.path, []).append(problem)
    split: dict[str, tuple[tuple[Problem, ...], tuple[Problem, ...]]] = {}
    for rel, result in results.items():
        if result.record is None:
            split[rel] = (tuple(result.problems), ())
            continue
        placed = place_problems(across.get(rel, []), _reader(contents[rel]))
        split[rel] = _split(
            workspace, rel, settle([*result.problems, *placed], workspace.index.board)
        )
    return split


def _reader(content: bytes) -> Callable[[str], bytes]:
    return lambda _rel: content


def _split(
    workspace: Workspace, rel: str, after: list[Problem]
) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    before = Counter((p.code, p.message) for p in workspace.problems if p.path == rel)
    added: list[Problem] = []
    kept: list[Problem] = []
    for problem in after:
        key = (problem.code, problem.message)
        if before[key]:
            before[key] -= 1
            kept.append(problem)
        else:
            added.append(problem)
    return tuple(added), tuple(kept)
