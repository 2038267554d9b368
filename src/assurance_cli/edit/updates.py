"""Updates returned in leads' workbooks (`assure import-updates`) as edits of the actions,
planned under the rules of `set-status`, `note` and `reschedule` (edit/actions.py), and
written all together or not at all.

A row is taken only if its record file still holds what was exported: the stamp in the
workbook (importing/updates.py) must equal the file's stamp now, else the row is refused
naming the record. Rows of several workbooks that update one action become one change of it;
two rows asking for different statuses or due dates for one action are refused. A status
change needs a new progress entry in its row, as `assure check --base` asks of any status
change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assurance_cli.dates import day, iso
from assurance_cli.edit.actions import (
    Edit,
    note_edit,
    plan_many_edits,
    reschedule_edit,
    status_edit,
)
from assurance_cli.edit.change import Change, apply_change, require_board
from assurance_cli.importing.updates import ReturnedRow, ReturnedWorkbook, content_stamp
from assurance_cli.index.build import Index, build_index
from assurance_cli.index.loaded import LoadedAction, add_record
from assurance_cli.io.files import Snapshot, read_snapshot, write_atomic
from assurance_cli.io.layout import RecordFile
from assurance_cli.problems import AssureError, Problem, Severity, error
from assurance_cli.repo.load import process_file
from assurance_cli.repo.workspace import Workspace

_STATUS = "Status"
_PROGRESS = "New progress entry"


@dataclass(frozen=True)
class UpdatePlan:
    """The changes the returned rows make, and the rows that cannot be taken."""

    changes: tuple[Change, ...]
    refused: tuple[Problem, ...]  # at the workbook's cells; nothing may be written
    rows: int  # rows read
    updated_rows: int  # rows with an update

    @property
    def brings_problems(self) -> bool:
        return any(not change.valid for change in self.changes)


def plan_updates(
    workspace: Workspace, workbooks: Sequence[ReturnedWorkbook], *, today: date
) -> UpdatePlan:
    """Every returned row's update as a planned change (one per action). Writes nothing."""
    require_board(workspace)
    refused = [p for book in workbooks for p in book.problems if p.severity is Severity.ERROR]
    foreign = _other_boards(workspace, workbooks)
    if foreign:  # another board's workbook: one clear refusal, not one per row
        rows_read = sum(len(book.rows) for book in workbooks)
        return UpdatePlan((), tuple(sorted([*refused, *foreign])), rows_read, 0)
    by_action: dict[str, list[ReturnedRow]] = {}
    rows = updated = 0
    for book in workbooks:
        for row in book.rows:
            rows += 1
            if row.changed:
                updated += 1
                by_action.setdefault(row.action_id, []).append(row)
    planned: list[tuple[LoadedAction, list[Edit]]] = []
    read: dict[str, tuple[LoadedAction, bytes, list[ReturnedRow]]] = {}
    for action_id, action_rows in by_action.items():
        found = _plan_action(workspace, action_id, action_rows, today)
        if isinstance(found, list):
            refused += found
            continue
        action, edits, raw = found
        planned.append((action, edits))
        read[action.path] = (action, raw, action_rows)
    changes: list[Change] = []
    if planned and not refused:
        for change in plan_many_edits(workspace, planned):
            # The file as the edit read it must still be the file whose stamp matched.
            action, raw, action_rows = read[change.rel]
            if change.original is None or change.original.raw != raw:
                refused += [_stale(row, action) for row in action_rows]
            else:
                changes.append(change)
    return UpdatePlan(tuple(changes), tuple(sorted(refused)), rows, updated)


def _other_boards(workspace: Workspace, workbooks: Sequence[ReturnedWorkbook]) -> list[Problem]:
    board = workspace.index.board
    return [
        error(
            book.name,
            1,
            1,
            "update-stale",
            f"this workbook was exported from the board '{book.board}', not from "
            f"'{board.name}': apply it in that board's repository",
        )
        for book in workbooks
        if board is not None and book.board is not None and book.board != board.name
    ]


def _plan_action(
    workspace: Workspace, action_id: str, rows: list[ReturnedRow], today: date
) -> tuple[LoadedAction, list[Edit], bytes] | list[Problem]:
    """The action's edits and its file's bytes as they matched the stamp, or the problems
    that refuse its rows."""
    action = workspace.index.actions.get(action_id)
    if action is None:
        return [
            _at(
                row,
                "ref",
                "update-stale",
                f"there is no action {action_id} in the records now (removed or renamed since "
                "the export, or its file has errors: see `assure check`): the row is refused",
            )
            for row in rows
        ]
    current = read_snapshot(workspace.repository.root / action.path)
    stale = [row for row in rows if row.stamp != content_stamp(current.raw)]
    if stale:
        return [_stale(row, action) for row in stale]
    edits, problems = _edits(workspace.index, action, rows, today)
    if problems:
        return problems
    return action, edits, current.raw


def _stale(row: ReturnedRow, action: LoadedAction) -> Problem:
    return _at(
        row,
        "ref",
        "update-stale",
        f"{action.id} ({action.path}) changed since this workbook was exported: the row is "
        "refused; export a new workbook for it and give the update again",
    )


def _edits(
    index: Index, action: LoadedAction, rows: list[ReturnedRow], today: date
) -> tuple[list[Edit], list[Problem]]:
    """The edits the rows ask for, status first (with its row's progress entry), then the
    other progress entries, then the new due date; or the problems that refuse them."""
    problems: list[Problem] = []
    status_rows = [row for row in rows if row.status_changed]
    due_rows = [row for row in rows if row.new_due is not None or row.reason]
    if len({row.status for row in status_rows}) > 1:
        problems += [
            _at(
                row,
                "status",
                "update-invalid",
                f"rows ask for different statuses of {action.id}: keep one",
            )
            for row in status_rows
        ]
    if len({(row.new_due, row.reason) for row in due_rows}) > 1:
        problems += [
            _at(
                row,
                "new_due",
                "update-invalid",
                f"rows propose different due dates for {action.id}: keep one",
            )
            for row in due_rows
        ]
    for row in rows:
        problems += _row_problems(index, action, row, today)
    if problems:
        return [], problems
    edits: list[Edit] = []
    status_row = status_rows[0] if status_rows else None
    try:
        if status_row is not None and status_row.status is not None:
            edits.append(
                status_edit(
                    index,
                    action,
                    status_row.status,
                    note=status_row.progress,
                    on=status_row.progress_date or day(today),
                    note_name=f"'{_PROGRESS}'",
                )
            )
        # The same entry from two rows (a row copied, a workbook given twice) is added once.
        entries = {(status_row.progress, status_row.progress_date)} if status_row else set()
        for row in rows:
            entry = (row.progress, row.progress_date)
            if row.progress and row is not status_row and entry not in entries:
                entries.add(entry)
                on = row.progress_date or day(today)
                edits.append(note_edit(row.progress, on=on, text_name=f"'{_PROGRESS}'"))
        new_due = due_rows[0].new_due if due_rows else None
        if new_due is not None:
            edits.append(
                reschedule_edit(
                    action,
                    new_due,
                    reason=due_rows[0].reason or "",
                    agreed=day(today),
                    reason_name="'Reason for the new date'",
                )
            )
    except AssureError as exc:
        return [], [_at(rows[0], "ref", "update-invalid", str(exc))]
    return edits, []


def _row_problems(
    index: Index, action: LoadedAction, row: ReturnedRow, today: date
) -> list[Problem]:
    problems: list[Problem] = []
    if row.progress_date is not None and not row.progress:
        problems.append(
            _at(row, "progress_date", "update-invalid", f"a date of entry with no '{_PROGRESS}'")
        )
    if row.progress_date is not None and row.progress_date.first > today:
        problems.append(
            _at(
                row,
                "progress_date",
                "update-invalid",
                f"the date of entry {iso(row.progress_date)} is after today ({today.isoformat()})",
            )
        )
    if row.new_due is not None and not row.reason:
        problems.append(
            _at(row, "reason", "update-invalid", "a proposed new due date needs its reason")
        )
    if row.new_due is None and row.reason and "new_due" not in row.unreadable:
        problems.append(
            _at(row, "new_due", "update-invalid", "a reason with no proposed new due date")
        )
    if row.new_due is not None and row.new_due.last < today:
        problems.append(
            _at(
                row,
                "new_due",
                "update-invalid",
                f"the proposed new due date {iso(row.new_due)} has already passed: propose a "
                "date still ahead",
            )
        )
    if row.status_changed:
        problems += _status_problems(index, action, row, today)
    return problems


def _status_problems(
    index: Index, action: LoadedAction, row: ReturnedRow, today: date
) -> list[Problem]:
    if row.status is None:
        return [
            _at(
                row,
                "status",
                "update-invalid",
                "the status was cleared: choose one of the board's statuses",
            )
        ]
    status = index.statuses.get(row.status)
    if status is None:
        labels = "; ".join(s.label for s in index.statuses.values())
        return [_at(row, "status", "update-invalid", f"not one of the board's statuses ({labels})")]
    if not row.progress:
        why = "saying what was done" if status.closed else "saying why"
        return [
            _at(
                row,
                "status",
                "update-invalid",
                f"a new status needs a '{_PROGRESS}' in the same row {why}",
            )
        ]
    last = max((e.date for e in action.record.progress if e.date is not None), default=None)
    when = row.progress_date or day(today)
    if last is not None and when.last < last.first:
        return [
            _at(
                row,
                "progress_date",
                "update-invalid",
                f"the progress entry of a new status must be dated on or after the last "
                f"one ({iso(last)})",
            )
        ]
    return []


def _at(row: ReturnedRow, key: str, code: str, message: str) -> Problem:
    where = row.at(key)
    return error(where.file, where.row, where.column, code, f"{where.describe()}: {message}")


# --- writing all or nothing ----------------------------------------------------------------


def apply_updates(changes: Sequence[Change]) -> None:
    """Write every change, or none: when one cannot be written (its file changed on disk
    meanwhile...), the ones already written are put back as they were."""
    written: list[Change] = []
    try:
        for change in changes:
            apply_change(change)
            written.append(change)
    except AssureError as exc:
        _put_back(written)
        raise AssureError(f"{exc}; no update was written") from None


def _put_back(written: list[Change]) -> None:
    for change in reversed(written):
        if change.original is None:
            continue
        now = Snapshot(change.path, change.content, change.original.mode)
        try:
            write_atomic(change.path, change.original.raw, original=now)
        except (AssureError, OSError):
            continue  # changed again meanwhile: left as it is now


def index_after(workspace: Workspace, changes: Sequence[Change]) -> Index:
    """The index as it is with the changes written: the records before, the changed ones
    read from their new bytes (for the diff of what was applied)."""
    repository = workspace.repository.without({change.rel for change in changes})
    kinds = {action.path: action for action in workspace.repository.actions}
    for change in changes:
        action = kinds[change.rel]
        record_file = RecordFile(change.path, change.rel, "action", action.plan)
        result = process_file(record_file, change.content)
        if result.record is not None:
            add_record(repository, change.rel, change.path, action.plan, result.record)
    return build_index(repository)
