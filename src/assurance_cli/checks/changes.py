"""Rules on change, for `assure check --base REV`: what a pull request may not do to records.

Each rule is a generator of problems over the older version's index and the current one's,
at the offending value in the CURRENT file; CHANGE_RULES lists them in order. Like the checks
across records (`across.py`), none of them reads or writes a file, and messages name ids,
fields and entry numbers, never record text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from assurance_cli.checks.logs import (
    LogComparison,
    LogEdit,
    compare_due_history,
    compare_progress,
    due_change_key,
    is_closed_before,
    progress_key,
)
from assurance_cli.checks.place import at_value
from assurance_cli.dates import PartialDate
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import ProgressEntry
from assurance_cli.problems import FieldPath, FieldProblem

ChangeRule = Callable[[Index, Index, str], Iterator[FieldProblem]]  # base, head, base's name


def _pairs(base: Index, head: Index) -> Iterator[tuple[LoadedAction, LoadedAction]]:
    """Each action in both versions: (as it was, as it is now)."""
    for action_id, action in head.actions.items():
        before = base.actions.get(action_id)
        if before is not None:
            yield before, action


def rule_due_needs_history(base: Index, head: Index, revision: str) -> Iterator[FieldProblem]:
    for before, action in _pairs(base, head):
        # Giving a first due date to an action that had none is not moving it.
        if before.record.due is None or before.record.due == action.record.due:
            continue
        history = compare_due_history(before.record.due_history, action.record.due_history)
        if not history.added:
            yield at_value(
                action.path,
                ("due",),
                "due-without-history",
                f"due changed since {revision} without a new due_history entry; add one "
                "with from, to, agreed and reason (or use `assure reschedule`)",
            )


def rule_logs_append_only(base: Index, head: Index, revision: str) -> Iterator[FieldProblem]:
    for before, action in _pairs(base, head):
        old, new = before.record, action.record
        yield from _log_problems(
            action,
            ("due_history",),
            compare_due_history(old.due_history, new.due_history),
            [due_change_key(e) for e in old.due_history],
            [due_change_key(e) for e in new.due_history],
            _DUE_FIELDS,
            revision,
        )
        yield from _progress_problems(action, ("progress",), old.progress, new.progress, revision)
        for number, (was, now) in enumerate(
            zip(old.milestones, new.milestones, strict=False), start=0
        ):
            yield from _progress_problems(
                action, ("milestones", number, "progress"), was.progress, now.progress, revision
            )
        for number in range(len(new.milestones), len(old.milestones)):
            if old.milestones[number].progress:
                yield at_value(
                    action.path,
                    ("milestones",),
                    "history-deleted",
                    f"milestone {number + 1} was removed since {revision} with its progress "
                    "entries; progress is append-only",
                )


def rule_due_change_explained(base: Index, head: Index, revision: str) -> Iterator[FieldProblem]:
    """Each new due_history entry says why the date moved, and moves it to a date that had
    not passed when the change was agreed (as `assure reschedule` insists)."""
    for before, action in _pairs(base, head):
        old, new = before.record, action.record
        for number in compare_due_history(old.due_history, new.due_history).added:
            entry = new.due_history[number]
            where = ("due_history", number)
            if entry.reason is None:
                missing = "reason" if entry.agreed is not None else "reason or agreed date"
                yield at_value(  # at `reason:` when the entry has the key, else the entry
                    action.path,
                    (*where, "reason"),
                    "due-change-without-reason",
                    f"due_history entry {number + 1}, new since {revision}, gives no {missing}: "
                    "say why the due date moved and when that was agreed",
                )
            moved_to = entry.to if isinstance(entry.to, PartialDate) else None
            if entry.agreed is not None and moved_to and moved_to.last < entry.agreed.first:
                yield at_value(
                    action.path,
                    (*where, "to"),
                    "due-already-past",
                    f"due_history entry {number + 1}, new since {revision}, moves the due date "
                    "to a date already past when it was agreed; agree a date still ahead",
                )


def rule_status_change_needs_progress(
    base: Index, head: Index, revision: str
) -> Iterator[FieldProblem]:
    """A status that changed comes with a new dated progress entry saying why: closing,
    reopening, or moving between open statuses (on-track to off-track)."""
    for before, action in _pairs(base, head):
        old, new = before.record, action.record
        if old.status == new.status or _has_new_dated_entry(old.progress, new.progress):
            continue
        if old.status is None:  # a first status given is not a change of status
            continue
        was_closed, is_closed = is_closed_before(old.status, base, head), head.is_closed(new.status)
        if is_closed and not was_closed:
            code, what = "closed-without-progress", "action closed"
            why = "saying what was done"
        elif was_closed and not is_closed:
            code, what = "reopened-without-progress", "action reopened"
            why = "saying why it is open again"
        else:
            code, what = "status-change-without-progress", "status changed"
            why = "saying why"
        yield at_value(
            action.path,
            ("status",),
            code,
            f"{what} since {revision} without a new dated progress entry (on or after the "
            f"last one) {why}",
        )


def _has_new_dated_entry(old: Sequence[ProgressEntry], new: Sequence[ProgressEntry]) -> bool:
    """A progress entry added since, dated on or after the last dated entry before it."""
    previous = next((e.date for e in reversed(old) if e.date is not None), None)
    for number in compare_progress(old, new).added:
        when = new[number].date
        if when is not None and (previous is None or when.last >= previous.first):
            return True
    return False


CHANGE_RULES: tuple[ChangeRule, ...] = (
    rule_due_needs_history,
    rule_due_change_explained,
    rule_logs_append_only,
    rule_status_change_needs_progress,
)


def check_changes(base: Index, head: Index, revision: str) -> list[FieldProblem]:
    """Every rule on change, from the version named `revision` to now."""
    found: list[FieldProblem] = []
    for rule in CHANGE_RULES:
        found.extend(rule(base, head, revision))
    return found


# --- log entries ------------------------------------------------------------------------

_PROGRESS_FIELDS = ("date", "text")
_DUE_FIELDS = ("from", "to", "agreed", "reason")


def _progress_problems(
    action: LoadedAction,
    path: FieldPath,
    old: Sequence[ProgressEntry],
    new: Sequence[ProgressEntry],
    revision: str,
) -> Iterator[FieldProblem]:
    yield from _log_problems(
        action,
        path,
        compare_progress(old, new),
        [progress_key(e) for e in old],
        [progress_key(e) for e in new],
        _PROGRESS_FIELDS,
        revision,
    )


def _log_problems(
    action: LoadedAction,
    path: FieldPath,
    comparison: LogComparison,
    old_keys: Sequence[tuple[str | None, ...]],
    new_keys: Sequence[tuple[str | None, ...]],
    fields: tuple[str, ...],
    revision: str,
) -> Iterator[FieldProblem]:
    name = _log_name(path)
    for edit in comparison.edits:
        if edit.how == "changed":
            assert edit.base_entry is not None and edit.head_entry is not None
            field = _first_difference(old_keys[edit.base_entry], new_keys[edit.head_entry], fields)
            yield at_value(
                action.path,
                (*path, edit.head_entry, field),
                "history-rewritten",
                f"{name} entry {edit.base_entry + 1} was changed since {revision} ({field}); "
                "the log is append-only: add a new entry instead",
            )
        elif edit.how == "inserted":
            assert edit.head_entry is not None
            yield at_value(
                action.path,
                (*path, edit.head_entry),
                "history-rewritten",
                f"{name} entry {edit.head_entry + 1} was put before entries that were there "
                f"at {revision}; the log is append-only: add new entries at the end",
            )
        else:
            yield _deleted(action, path, edit, name, revision)


def _deleted(
    action: LoadedAction, path: FieldPath, edit: LogEdit, name: str, revision: str
) -> FieldProblem:
    assert edit.base_entry is not None
    where: FieldPath = (*path, edit.head_entry) if edit.head_entry is not None else path
    return at_value(
        action.path,
        where,
        "history-deleted",
        f"{name} entry {edit.base_entry + 1} of {revision} was deleted; the log is "
        "append-only: put it back (add a new entry to correct it)",
    )


def _first_difference(
    old: Sequence[str | None], new: Sequence[str | None], fields: tuple[str, ...]
) -> str:
    for field, was, now in zip(fields, old, new, strict=True):
        if was != now:
            return field
    return fields[-1]  # pragma: no cover - a changed entry differs somewhere


def _log_name(path: FieldPath) -> str:
    if path[0] == "milestones":
        return f"milestone {int(path[1]) + 1} progress"
    return str(path[0])
