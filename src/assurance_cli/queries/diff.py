"""What changed for the board between two versions of its records (`assure diff`).

Pure: compares two indexes (see `repo/revision.py` for loading a git revision) and returns the
change values of `diff_values.py` in a stable order. Records are matched by id: an action by
`<plan>/<ref>`, an audit or a finding by its id. Milestones are matched by their place in the
list.

The append-only logs (`progress`, `due_history`) are compared as sequences: entries added
at the end are new; an earlier entry that differs, is gone, or has a new entry put before it
is a history edit (which `assure check --base` refuses, see `checks/changes.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assurance_cli.checks.logs import (
    LogComparison,
    compare_due_history,
    compare_progress,
    is_closed_before,
)
from assurance_cli.dates import as_published, iso
from assurance_cli.index.build import Index, build_index
from assurance_cli.index.loaded import Loaded, LoadedAction
from assurance_cli.model.records import (
    Audit,
    DueChange,
    Finding,
    Milestone,
    ProgressEntry,
    file_key,
)
from assurance_cli.queries.diff_values import (
    Amendment,
    Change,
    Diff,
    DueChanged,
    FieldsChanged,
    HistoryEdited,
    Note,
    ProgressAdded,
    RecordAdded,
    StatusChanged,
    Subject,
    Version,
    change_sort_key,
)
from assurance_cli.repo.revision import load_revision, load_working_tree
from assurance_cli.words import stated

# Action fields shown by their own kind of change; the rest are "fields-changed".
_SHOWN_APART = frozenset({"ref", "status", "due", "due_history", "progress", "milestones"})


def compare_indexes(
    base: Index,
    head: Index,
    *,
    base_unreadable: frozenset[str] = frozenset(),
    head_unreadable: frozenset[str] = frozenset(),
) -> list[Change]:
    """Every change from `base` to `head`, in the order `CHANGE_KINDS` gives.

    A record missing on one side whose file could not be read there (`*_unreadable`: paths)
    is not reported as added or removed: the file is there, only broken."""
    changes: list[Change] = []
    for action_id, action in head.actions.items():
        before = base.actions.get(action_id)
        if before is None:
            if action.path not in base_unreadable:
                changes.append(_action_added(action, head))
        else:
            changes += _action_changes(before, action, base, head)
    for action_id, action in base.actions.items():
        if action_id not in head.actions and action.path not in head_unreadable:
            changes.append(_action_added(action, base, removed=True))
    changes += _record_changes(
        "audit", base.audits, head.audits, base_unreadable, head_unreadable, _audit_added
    )
    changes += _record_changes(
        "finding", base.findings, head.findings, base_unreadable, head_unreadable, _finding_added
    )
    return sorted(changes, key=change_sort_key)


def _note(entry: ProgressEntry) -> Note:
    return Note(iso(entry.date), entry.text)


def _action_subject(action: LoadedAction) -> Subject:
    return Subject("action", action.id, stated(action.record.title), action.path)


def _action_added(action: LoadedAction, index: Index, removed: bool = False) -> RecordAdded:
    record = action.record
    return RecordAdded(
        _action_subject(action),
        removed=removed,
        status=record.status,
        status_label=index.status_label(record.status),
        due=iso(record.due),
        lead_labels=tuple(index.lead_label(lead) for lead in record.lead),
    )


def _action_changes(
    before: LoadedAction, after: LoadedAction, base: Index, head: Index
) -> Iterator[Change]:
    subject = _action_subject(after)
    old, new = before.record, after.record
    progress = compare_progress(old.progress, new.progress)
    notes = tuple(_note(new.progress[number]) for number in progress.added)
    if old.status != new.status:
        yield _status_changed(subject, None, old.status, new.status, notes, base, head)
    history = compare_due_history(old.due_history, new.due_history)
    if old.due != new.due:
        amendments = tuple(_amendment(new.due_history[number]) for number in history.added)
        yield DueChanged(
            subject,
            None,
            iso(old.due),
            iso(new.due),
            amendments,
            as_published(old.due),
            as_published(new.due),
        )
    yield from _log_changes(subject, None, "due_history", history, ())
    yield from _log_changes(subject, None, "progress", progress, notes)
    for number, (old_milestone, new_milestone) in enumerate(
        zip(old.milestones, new.milestones, strict=False), start=1
    ):
        yield from _milestone_changes(subject, number, old_milestone, new_milestone, base, head)
    for number, removed in enumerate(old.milestones[len(new.milestones) :], len(new.milestones)):
        for entry in range(len(removed.progress)):
            yield HistoryEdited(subject, "progress", number + 1, entry + 1, "deleted")
    for number, added in enumerate(new.milestones[len(old.milestones) :], len(old.milestones)):
        for progress_entry in added.progress:
            yield ProgressAdded(subject, number + 1, _note(progress_entry))
    fields = _changed_fields(old, new, _SHOWN_APART)
    if len(old.milestones) != len(new.milestones) or any(
        a.title != b.title for a, b in zip(old.milestones, new.milestones, strict=False)
    ):
        fields = tuple(sorted((*fields, "milestones")))
    if fields:
        yield FieldsChanged(subject, fields)


def _milestone_changes(
    subject: Subject, number: int, old: Milestone, new: Milestone, base: Index, head: Index
) -> Iterator[Change]:
    progress = compare_progress(old.progress, new.progress)
    notes = tuple(_note(new.progress[entry]) for entry in progress.added)
    if old.status != new.status:
        yield _status_changed(subject, number, old.status, new.status, notes, base, head)
    if old.due != new.due:
        yield DueChanged(
            subject,
            number,
            iso(old.due),
            iso(new.due),
            (),
            as_published(old.due),
            as_published(new.due),
        )
    yield from _log_changes(subject, number, "progress", progress, notes)


def _status_changed(
    subject: Subject,
    milestone: int | None,
    before: str | None,
    after: str | None,
    notes: tuple[Note, ...],
    base: Index,
    head: Index,
) -> StatusChanged:
    label_before = (
        base.status_label(before)
        if before is not None and before in base.statuses
        else head.status_label(before)
    )
    return StatusChanged(
        subject,
        milestone,
        before,
        label_before,
        after,
        head.status_label(after),
        closed=head.is_closed(after) and not is_closed_before(before, base, head),
        notes=notes,
    )


def _log_changes(
    subject: Subject,
    milestone: int | None,
    log: str,
    comparison: LogComparison,
    notes: tuple[Note, ...],
) -> Iterator[Change]:
    for note in notes:
        yield ProgressAdded(subject, milestone, note)
    for edit in comparison.edits:
        entry = edit.base_entry if edit.base_entry is not None else edit.head_entry
        assert entry is not None
        yield HistoryEdited(subject, log, milestone, entry + 1, edit.how)


def _amendment(entry: DueChange) -> Amendment:
    return Amendment(iso(entry.from_), iso(entry.to), iso(entry.agreed), entry.reason)


def _changed_fields(old: Any, new: Any, skip: frozenset[str]) -> tuple[str, ...]:
    found = []
    for name in type(new)._fields:
        if name not in skip and getattr(old, name) != getattr(new, name):
            found.append(file_key(name))
    return tuple(found)


def _audit_added(audit: Loaded[Audit], removed: bool) -> RecordAdded:
    record = audit.record
    return RecordAdded(
        Subject("audit", record.id, record.title, audit.path),
        removed=removed,
        audit_kind=record.kind,
        date=iso(record.date),
    )


def _finding_added(finding: Loaded[Finding], removed: bool) -> RecordAdded:
    record = finding.record
    return RecordAdded(
        Subject("finding", record.id, record.text, finding.path),
        removed=removed,
        finding_kind=record.kind,
        audits=tuple(record.audits),
    )


def _record_changes(
    record: str,
    base: dict[str, Any],
    head: dict[str, Any],
    base_unreadable: frozenset[str],
    head_unreadable: frozenset[str],
    describe: Callable[[Any, bool], RecordAdded],
) -> Iterator[Change]:
    for record_id, loaded in head.items():
        before = base.get(record_id)
        if before is None:
            if loaded.path not in base_unreadable:
                yield describe(loaded, False)
            continue
        fields = _changed_fields(before.record, loaded.record, frozenset({"id"}))
        if fields:
            title = loaded.record.title if record == "audit" else loaded.record.text
            yield FieldsChanged(Subject(record, record_id, title, loaded.path), fields)
    for record_id, loaded in base.items():
        if record_id not in head and loaded.path not in head_unreadable:
            yield describe(loaded, True)


def diff_versions(root: Path, base: str, head: str | None = None) -> Diff:
    """What changed for the board from git revision `base` to `head` (default: the working
    tree). AssureError when git cannot answer."""
    before = load_revision(root, base)
    after = load_working_tree(root) if head is None else load_revision(root, head)
    changes = compare_indexes(
        build_index(before.repository),
        build_index(after.repository),
        base_unreadable=frozenset(p.path for p in before.problems),
        head_unreadable=frozenset(p.path for p in after.problems),
    )
    return Diff(
        Version(before.label, before.commit),
        Version(after.label, after.commit),
        tuple(changes),
        before.problems,
        after.problems,
    )
