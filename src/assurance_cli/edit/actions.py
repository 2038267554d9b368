"""The edit commands on an action, as plain functions over a workspace: each returns a planned
`Change` and writes nothing (`change.apply_change` does).

Each command's rules live in one `*_edit` function (the operations on the record and the
words of its summary), so that `import-updates` (edit/updates.py) combines several of them on
one record under exactly the rules of `set-status`, `note` and `reschedule`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from assurance_cli.dates import PartialDate, is_ongoing, iso
from assurance_cli.edit.change import Change, clean_text, edit_actions, find_action
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.io.yaml_writer import AppendEntry, Operation, SetField, Value, date_value
from assurance_cli.problems import AssureError, did_you_mean
from assurance_cli.repo.workspace import Workspace


@dataclass(frozen=True)
class Edit:
    """What one command does to one action: its operations, and the summary's words (without
    the action's id)."""

    operations: tuple[Operation, ...]
    summary: str
    notes: tuple[str, ...] = ()


def plan_edits(workspace: Workspace, action: LoadedAction, edits: Sequence[Edit]) -> Change:
    """One change of `action` doing every edit of `edits`, in order."""
    return plan_many_edits(workspace, [(action, edits)])[0]


def plan_many_edits(
    workspace: Workspace, planned: Sequence[tuple[LoadedAction, Sequence[Edit]]]
) -> list[Change]:
    """`plan_edits` of several actions, proved together (edit_actions)."""
    batch = [
        (
            action,
            [operation for edit in edits for operation in edit.operations],
            f"{action.id}: " + "; ".join(edit.summary for edit in edits),
        )
        for action, edits in planned
    ]
    changes = edit_actions(workspace, batch)
    planned_notes = [tuple(note for edit in edits for note in edit.notes) for _, edits in planned]
    return [
        replace(change, notes=change.notes + notes) if notes else change
        for change, notes in zip(changes, planned_notes, strict=True)
    ]


def plan_status_change(
    workspace: Workspace,
    action_id: str,
    status_id: str,
    *,
    note: str | None,
    on: PartialDate | date,
) -> Change:
    """`set-status`: the new status, and a progress entry dated `on` when there is a note.
    Closing an action (a status with `closed: true`) needs a note."""
    action = find_action(workspace, action_id)
    return plan_edits(
        workspace, action, [status_edit(workspace.index, action, status_id, note=note, on=on)]
    )


def status_edit(
    index: Index,
    action: LoadedAction,
    status_id: str,
    *,
    note: str | None,
    on: PartialDate | date,
    note_name: str = "--note",
) -> Edit:
    """The rules of `set-status` (`note_name`: what the note is called in messages)."""
    status = index.statuses.get(status_id)
    if status is None:
        known = ", ".join(index.statuses)
        raise AssureError(
            f"unknown status '{status_id}'{did_you_mean(status_id, index.statuses)}; "
            f"board.yaml defines: {known}"
        )
    old = action.record.status
    if status_id == old:
        raise AssureError(
            f"{action.id} is already '{status.label}'; add progress with `assure note`"
        )
    note = clean_text(note, note_name) if note is not None else None
    if status.closed and note is None:
        raise AssureError(
            f"'{status.label}' closes the action: give {note_name} saying what was done "
            "(it becomes the progress entry)"
        )
    operations: list[Operation] = [SetField("status", status_id)]
    summary = f"status {index.status_label(old)} -> {status.label}"
    if note is not None:
        operations.append(AppendEntry("progress", {"date": date_value(on), "text": note}))
        summary += f"; progress entry {iso(on)} added"
    return Edit(tuple(operations), summary)


def plan_note(workspace: Workspace, action_id: str, text: str, *, on: PartialDate | date) -> Change:
    """`note`: a progress entry dated `on`."""
    action = find_action(workspace, action_id)
    return plan_edits(workspace, action, [note_edit(text, on=on)])


def note_edit(text: str, *, on: PartialDate | date, text_name: str = "the note") -> Edit:
    """The rules of `note`."""
    entry: dict[str, Value] = {"date": date_value(on), "text": clean_text(text, text_name)}
    return Edit((AppendEntry("progress", entry),), f"progress entry {iso(on)} added")


def plan_reschedule(
    workspace: Workspace,
    action_id: str,
    due: PartialDate | date,
    *,
    reason: str,
    agreed: PartialDate | date | None,
) -> Change:
    """`reschedule`: a new due date and the due_history entry recording the amendment."""
    action = find_action(workspace, action_id)
    return plan_edits(
        workspace, action, [reschedule_edit(action, due, reason=reason, agreed=agreed)]
    )


def reschedule_edit(
    action: LoadedAction,
    due: PartialDate | date,
    *,
    reason: str,
    agreed: PartialDate | date | None,
    reason_name: str = "--reason",
    agreed_name: str = "--agreed",
) -> Edit:
    """The rules of `reschedule`."""
    reason = clean_text(reason, reason_name)
    old = action.record.due
    old_value: Value = date_value(old) if isinstance(old, PartialDate) else None
    new_value = date_value(due)
    if isinstance(old, PartialDate) and iso(old) == iso(due):
        raise AssureError(f"{action.id} is already due {iso(due)}")
    if agreed is not None and _last_day(due) < _first_day(agreed):
        raise AssureError(
            f"the new due date {iso(due)} had already passed when the change was agreed "
            f"({iso(agreed)}); give a date still ahead, or the date it was really agreed "
            f"with {agreed_name}"
        )
    change: dict[str, Value] = {
        "from": old_value,
        "to": new_value,
        "agreed": date_value(agreed) if agreed is not None else None,
        "reason": reason,
    }
    shown_old = iso(old) if isinstance(old, PartialDate) else (old or "not set")
    notes: tuple[str, ...] = ()
    if is_ongoing(old):
        notes = ("the action was 'ongoing': the due_history entry's 'from' is null",)
    return Edit(
        (SetField("due", new_value), AppendEntry("due_history", change)),
        f"due {shown_old} -> {iso(due)}; due_history entry added",
        notes,
    )


def _last_day(when: PartialDate | date) -> date:
    return when if isinstance(when, date) else when.last


def _first_day(when: PartialDate | date) -> date:
    return when if isinstance(when, date) else when.first
