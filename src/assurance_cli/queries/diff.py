"""What changed for the board between two versions of its records (`assure diff`).

Pure: compares two indexes (see `repo/revision.py` for loading a git revision) and returns change
values in a stable order. Records are matched by id: an action by `<plan>/<ref>`, an audit
or a finding by its id. Milestones are matched by their place in the list.

The append-only logs (`progress`, `due_history`) are compared as sequences: entries added
at the end are new; an earlier entry that differs, is gone, or has a new entry put before it
is a history edit (which `assure check --base` refuses, see `checks/changes.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assurance_cli.checks.logs import (
    LogComparison,
    compare_due_history,
    compare_progress,
    is_closed_before,
)
from assurance_cli.dates import iso
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
from assurance_cli.problems import Problem
from assurance_cli.queries.status import natural_key
from assurance_cli.repo.revision import load_revision, load_working_tree

# --- change values ----------------------------------------------------------------------

# In the order `assure diff` shows them.
CHANGE_KINDS: tuple[str, ...] = (
    "action-added",
    "action-removed",
    "action-closed",
    "status-changed",
    "due-changed",
    "progress-added",
    "history-edited",
    "fields-changed",
    "audit-added",
    "audit-removed",
    "finding-added",
    "finding-removed",
)


@dataclass(frozen=True)
class Subject:
    """The record a change is about."""

    record: str  # action, audit or finding
    id: str
    title: str  # an action's or audit's title; a finding's text
    path: str  # its file in the newer version (the older one for a removed record)

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "id": self.id, "title": self.title, "path": self.path}


@dataclass(frozen=True)
class Note:
    """A progress entry as a change shows it."""

    date: str | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "text": self.text}


@dataclass(frozen=True)
class Amendment:
    """A due_history entry as a change shows it."""

    from_: str | None
    to: str
    agreed: str | None
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_, "to": self.to, "agreed": self.agreed, "reason": self.reason}


@dataclass(frozen=True)
class RecordAdded:
    """An action, audit or finding that is new (`removed` for one that is gone)."""

    subject: Subject
    removed: bool = False
    status: str | None = None  # actions
    status_label: str | None = None
    due: str | None = None
    lead_labels: tuple[str, ...] = ()
    audit_kind: str | None = None  # audits
    date: str | None = None
    finding_kind: str | None = None  # findings
    audits: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return f"{self.subject.record}-{'removed' if self.removed else 'added'}"

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"kind": self.kind, **self.subject.to_json()}
        if self.subject.record == "action":
            found |= {
                "status": self.status,
                "status_label": self.status_label,
                "due": self.due,
                "lead_labels": list(self.lead_labels),
            }
        elif self.subject.record == "audit":
            found |= {"audit_kind": self.audit_kind, "date": self.date}
        else:
            found |= {"finding_kind": self.finding_kind, "audits": list(self.audits)}
        return found


@dataclass(frozen=True)
class StatusChanged:
    """An action's (or a milestone's) status moved; `closed` when it now counts as closed
    and did not before."""

    subject: Subject
    milestone: int | None  # 1-based; None for the action itself
    before: str
    before_label: str
    after: str
    after_label: str
    closed: bool
    notes: tuple[Note, ...]  # the progress entries added with it

    @property
    def kind(self) -> str:
        return "action-closed" if self.closed and self.milestone is None else "status-changed"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.subject.to_json(),
            "milestone": self.milestone,
            "from": self.before,
            "from_label": self.before_label,
            "to": self.after,
            "to_label": self.after_label,
            "closed": self.closed,
            "notes": [note.to_json() for note in self.notes],
        }


@dataclass(frozen=True)
class DueChanged:
    """An action's (or a milestone's) due date moved, with the due_history entries added."""

    subject: Subject
    milestone: int | None
    before: str | None
    after: str | None
    amendments: tuple[Amendment, ...]  # empty: the change was not recorded in due_history

    kind = "due-changed"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.subject.to_json(),
            "milestone": self.milestone,
            "from": self.before,
            "to": self.after,
            "amendments": [amendment.to_json() for amendment in self.amendments],
        }


@dataclass(frozen=True)
class ProgressAdded:
    subject: Subject
    milestone: int | None
    note: Note

    kind = "progress-added"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.subject.to_json(),
            "milestone": self.milestone,
            **self.note.to_json(),
        }


@dataclass(frozen=True)
class HistoryEdited:
    """An earlier entry of an append-only log was changed or deleted, or a new entry was put
    before earlier ones. `entry` is 1-based: in the older log, or the newer one if inserted."""

    subject: Subject
    log: str  # progress or due_history
    milestone: int | None
    entry: int
    how: str  # changed, deleted or inserted

    kind = "history-edited"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.subject.to_json(),
            "log": self.log,
            "milestone": self.milestone,
            "entry": self.entry,
            "how": self.how,
        }


@dataclass(frozen=True)
class FieldsChanged:
    """Other fields of a record that changed (their names only)."""

    subject: Subject
    fields: tuple[str, ...]

    kind = "fields-changed"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, **self.subject.to_json(), "fields": list(self.fields)}


Change = RecordAdded | StatusChanged | DueChanged | ProgressAdded | HistoryEdited | FieldsChanged


def change_sort_key(change: Change) -> tuple[Any, ...]:
    milestone = getattr(change, "milestone", None) or 0
    entry = getattr(change, "entry", 0)
    log = getattr(change, "log", "")
    return (
        CHANGE_KINDS.index(change.kind),
        natural_key(change.subject.id),
        milestone,
        log,
        entry,
    )


# --- comparing two versions -------------------------------------------------------------

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
    return Subject("action", action.id, action.record.title, action.path)


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
        yield DueChanged(subject, None, iso(old.due), iso(new.due), amendments)
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
        yield DueChanged(subject, number, iso(old.due), iso(new.due), ())
    yield from _log_changes(subject, number, "progress", progress, notes)


def _status_changed(
    subject: Subject,
    milestone: int | None,
    before: str,
    after: str,
    notes: tuple[Note, ...],
    base: Index,
    head: Index,
) -> StatusChanged:
    label_before = (
        base.status_label(before) if before in base.statuses else head.status_label(before)
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


@dataclass(frozen=True)
class Version:
    """One side of a comparison: a git revision as the user named it, or the working tree."""

    label: str
    commit: str | None  # None for the working tree

    def to_json(self) -> dict[str, Any]:
        return {"revision": None if self.commit is None else self.label, "commit": self.commit}


@dataclass(frozen=True)
class Diff:
    """What changed from `base` to `head`, and the files either side could not read."""

    base: Version
    head: Version
    changes: tuple[Change, ...]
    base_problems: tuple[Problem, ...] = ()
    head_problems: tuple[Problem, ...] = ()


def count_changes(changes: Sequence[Change]) -> dict[str, int]:
    """How many changes of each kind, every kind present (0 when none)."""
    counts = dict.fromkeys(CHANGE_KINDS, 0)
    for change in changes:
        counts[change.kind] += 1
    return counts


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
