"""What changed since an earlier version of the records, for a paper's summary: the actions
closed, those whose due date slipped, and those newly overdue. Read from git.

`--since` names a git revision (`HEAD~3`, a tag such as `board-2016-03`, a hash) or a day
(`2016-03-31`: the last commit made on or before it). The records at that revision are
compared with the working tree's by `queries/diff.compare_indexes`, the comparison
`assure diff` prints:
- closed: an action whose status now counts as closed and did not then (`action-closed`);
- slipped: an action (or a milestone) whose due date moved later (`due-changed`);
- newly overdue: overdue at the paper's as-of date and not overdue then, "then" being the
  day named (or the day the revision was committed), or the as-of date if that is earlier.
  Not worked out without an as-of date.
Only the actions the paper covers are listed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assurance_cli.dates import DateError, iso, last_day, long, parse_iso_day, parse_partial_date
from assurance_cli.index.build import Index, build_index
from assurance_cli.io.git import commit_day, commit_on_or_before, locate, resolve_revision
from assurance_cli.problems import AssureError
from assurance_cli.queries.diff import compare_indexes
from assurance_cli.queries.diff_values import DueChanged, StatusChanged
from assurance_cli.queries.reports.common import lead_text
from assurance_cli.queries.status import lateness, natural_key
from assurance_cli.repo.revision import load_revision
from assurance_cli.words import stated


@dataclass(frozen=True)
class ChangedAction:
    """An action as the summary's change lists show it."""

    id: str
    title: str
    lead: str
    detail: str  # "Due 30 April 2016, now 31 October 2016", "61 days overdue"


@dataclass(frozen=True)
class ChangesSince:
    since: str  # as the user gave it
    commit: str  # the commit compared with (12 hex digits)
    day: str  # ISO: the day of that version ("then")
    closed: tuple[ChangedAction, ...]
    slipped: tuple[ChangedAction, ...]
    newly_overdue: tuple[ChangedAction, ...] | None  # None: no as-of date to say
    left_out: int  # files at that revision that could not be read (their records unseen)


def changes_since(
    root: Path, since: str, head: Index, action_ids: Collection[str], as_of: date | None
) -> ChangesSince:
    """The changes to `action_ids` from revision or day `since` to the working tree (`head`).
    AssureError when git cannot answer."""
    revision, then = _resolve(root, since)
    snapshot = load_revision(root, revision)
    base = build_index(snapshot.repository)
    wanted = set(action_ids)
    changes = compare_indexes(
        base, head, base_unreadable=frozenset(p.path for p in snapshot.problems)
    )
    closed, slipped = [], []
    for change in changes:
        if change.subject.id not in wanted:
            continue
        if isinstance(change, StatusChanged) and change.kind == "action-closed":
            closed.append(_item(head, change.subject.id, f"Now {change.after_label}"))
        elif isinstance(change, DueChanged) and _later(change.before, change.after):
            slipped.append(_item(head, change.subject.id, _slip_detail(change)))
    newly_overdue = None
    if as_of is not None:
        newly_overdue = _newly_overdue(base, head, wanted, min(then, as_of), as_of)
    return ChangesSince(
        since=since,
        commit=(snapshot.commit or "")[:12],
        day=then.isoformat(),
        closed=tuple(closed),
        slipped=tuple(slipped),
        newly_overdue=newly_overdue,
        left_out=len(snapshot.problems),
    )


def _resolve(root: Path, since: str) -> tuple[str, date]:
    """The revision to load and the day it stands for."""
    location = locate(root)
    try:
        day = parse_iso_day(since)
    except DateError:
        day = None
    if day is not None:
        commit = commit_on_or_before(location, day)
        if commit is None:
            raise AssureError(
                f"--since {since}: no commit on or before that day; the records' history "
                "starts later (`git log --reverse` shows its first commit)"
            )
        return commit, day
    commit = resolve_revision(location, since)
    return commit, commit_day(location, commit)


def _item(index: Index, action_id: str, detail: str) -> ChangedAction:
    record = index.actions[action_id].record
    return ChangedAction(action_id, stated(record.title), lead_text(index, record.lead), detail)


def _later(before: str | None, after: str | None) -> bool:
    """A due date moved later (both dates; `ongoing`, wording and no date compare as
    neither)."""
    then, now = last_day(before), last_day(after)
    return then is not None and now is not None and now > then


def _slip_detail(change: DueChanged) -> str:
    before = long(parse_partial_date(change.before or ""))
    after = long(parse_partial_date(change.after or ""))
    which = f"Milestone {change.milestone} due" if change.milestone else "Due"
    return f"{which} {before}, now {after}"


def _newly_overdue(
    base: Index, head: Index, wanted: set[str], then: date, as_of: date
) -> tuple[ChangedAction, ...]:
    found = []
    for action_id in sorted(wanted, key=natural_key):
        action = head.actions.get(action_id)
        if action is None:
            continue
        now = lateness(action, head, as_of).days
        if now is None:
            continue
        before = base.actions.get(action_id)
        if before is not None and lateness(before, base, then).days is not None:
            continue
        found.append(_item(head, action_id, f"{now} days overdue at {iso(as_of)}"))
    return tuple(found)
