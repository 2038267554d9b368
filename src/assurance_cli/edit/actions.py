"""The edit commands on an action, as plain functions over a workspace: each returns a planned
`Change` and writes nothing (`change.apply_change` does)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from assurance_cli.dates import PartialDate, is_ongoing, iso
from assurance_cli.edit.change import Change, clean_text, edit_action, find_action
from assurance_cli.io.yaml_writer import AppendEntry, Operation, SetField, Value, date_value
from assurance_cli.problems import AssureError, did_you_mean
from assurance_cli.repo.workspace import Workspace


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
    index = workspace.index
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
    note = clean_text(note, "--note") if note is not None else None
    if status.closed and note is None:
        raise AssureError(
            f"'{status.label}' closes the action: give --note saying what was done "
            "(it becomes the progress entry)"
        )
    operations: list[Operation] = [SetField("status", status_id)]
    summary = f"{action.id}: status {index.status_label(old)} -> {status.label}"
    if note is not None:
        operations.append(AppendEntry("progress", {"date": date_value(on), "text": note}))
        summary += f"; progress entry {iso(on)} added"
    return edit_action(workspace, action, operations, summary)


def plan_note(workspace: Workspace, action_id: str, text: str, *, on: PartialDate | date) -> Change:
    """`note`: a progress entry dated `on`."""
    action = find_action(workspace, action_id)
    entry: dict[str, Value] = {"date": date_value(on), "text": clean_text(text, "the note")}
    return edit_action(
        workspace,
        action,
        [AppendEntry("progress", entry)],
        f"{action.id}: progress entry {iso(on)} added",
    )


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
    reason = clean_text(reason, "--reason")
    old = action.record.due
    old_value: Value = date_value(old) if isinstance(old, PartialDate) else None
    new_value = date_value(due)
    if isinstance(old, PartialDate) and iso(old) == iso(due):
        raise AssureError(f"{action.id} is already due {iso(due)}")
    if agreed is not None and _last_day(due) < _first_day(agreed):
        raise AssureError(
            f"the new due date {iso(due)} had already passed when the change was agreed "
            f"({iso(agreed)}); give a date still ahead, or the date it was really agreed "
            "with --agreed"
        )
    change: dict[str, Value] = {
        "from": old_value,
        "to": new_value,
        "agreed": date_value(agreed) if agreed is not None else None,
        "reason": reason,
    }
    shown_old = iso(old) if isinstance(old, PartialDate) else (old or "not set")
    summary = f"{action.id}: due {shown_old} -> {iso(due)}; due_history entry added"
    notes: tuple[str, ...] = ()
    if is_ongoing(old):
        notes = ("the action was 'ongoing': the due_history entry's 'from' is null",)
    result = edit_action(
        workspace, action, [SetField("due", new_value), AppendEntry("due_history", change)], summary
    )
    return replace(result, notes=result.notes + notes)


def _last_day(when: PartialDate | date) -> date:
    return when if isinstance(when, date) else when.last


def _first_day(when: PartialDate | date) -> date:
    return when if isinstance(when, date) else when.first
