"""The values `assure diff` reports: one frozen type per kind of change, each with its JSON
(the documented contract), in the order `CHANGE_KINDS` gives; and a whole `Diff`.

`diff.py` compares two versions of the records and builds these; `render/diff.py` prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assurance_cli.problems import Problem
from assurance_cli.queries.status import natural_key

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
    before: str | None  # None: no status was given
    before_label: str
    after: str | None
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
    # The dates as the paper prints them ("end of Q3 2015/16"); None for an ISO date.
    before_as_published: str | None = None
    after_as_published: str | None = None

    kind = "due-changed"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.subject.to_json(),
            "milestone": self.milestone,
            "from": self.before,
            "to": self.after,
            "amendments": [amendment.to_json() for amendment in self.amendments],
            "from_as_published": self.before_as_published,
            "to_as_published": self.after_as_published,
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
