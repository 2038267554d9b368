""" "Since the last meeting" (`report digest --since`): what changed between the records as
committed at a past point and the records now (or at --at), read from git rather than from
the dates the records give: the actions that closed, those whose due date slipped (with the
reasons their amendments record), those that became overdue, and the audits and findings
that arrived.

Pure: two indexes and their dates in, a `SinceSection` of the digest's context out. An
action is the same action on both sides by its id (`<plan>/<ref>`).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from assurance_cli.dates import PartialDate, long
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import Loaded, LoadedAction
from assurance_cli.model.records import Record
from assurance_cli.problems import Problem
from assurance_cli.queries.reports.common import activity, lead_text
from assurance_cli.queries.status import effective_due, lateness, natural_key
from assurance_cli.words import stated

NOT_STATED = "not stated"
R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class SinceAction:
    id: str
    title: str
    lead: str
    status: str  # its status label now


@dataclass(frozen=True)
class SinceClosed(SinceAction):
    was: str  # its status label then; "not recorded then" for an action new since


@dataclass(frozen=True)
class SinceSlipped(SinceAction):
    from_: str
    to: str
    days: int | None  # how many days later; none when either due date is not a date
    reasons: tuple[str, ...]  # of the amendments recorded since, "not stated" where none


setattr(SinceSlipped, "from", property(operator.attrgetter("from_")))


@dataclass(frozen=True)
class SinceOverdue(SinceAction):
    due: str
    days_overdue: int


@dataclass(frozen=True)
class SinceAudit:
    id: str
    title: str
    kind: str
    date: str


@dataclass(frozen=True)
class SinceFinding:
    id: str
    kind: str
    text: str
    audits: tuple[str, ...]


@dataclass(frozen=True)
class SinceSection:
    asked: str  # the point as the user named it: a date, a meeting, a revision
    date: str  # that point's date
    commit: str  # the commit read for it, short
    committed: str  # that commit's date
    now: str  # what it is compared with: "the working tree", or a commit and its date
    closed: tuple[SinceClosed, ...]
    slipped: tuple[SinceSlipped, ...]
    overdue: tuple[SinceOverdue, ...]
    audits: tuple[SinceAudit, ...]
    findings: tuple[SinceFinding, ...]
    left_out_then: tuple[str, ...]  # files that did not load at the point: `path (codes)`
    left_out_now: tuple[str, ...]  # files that do not load now


@dataclass(frozen=True)
class Side:
    """One version of the records compared."""

    index: Index
    day: date  # "today" on that side
    left_out: tuple[Problem, ...] = ()


def since_section(
    before: Side, after: Side, *, asked: str, commit: str, committed: date, now: str
) -> SinceSection:
    """What changed from `before` to `after`, each side judged on its own day."""
    closed: list[SinceClosed] = []
    slipped: list[SinceSlipped] = []
    overdue: list[SinceOverdue] = []
    for action_id in sorted(after.index.actions, key=natural_key):
        action = after.index.actions[action_id]
        old = before.index.actions.get(action_id)
        found = _closed(action, old, before, after)
        if found is not None:
            closed.append(found)
        moved = _slipped(action, old, after.index) if old is not None else None
        if moved is not None:
            slipped.append(moved)
        late = lateness(action, after.index, after.day).days
        was_late = old is not None and lateness(old, before.index, before.day).days is not None
        if late is not None and not was_late:
            due = _due_text(action.record.due)
            overdue.append(SinceOverdue(*_fields(action, after.index), due=due, days_overdue=late))
    unread = {problem.path for problem in before.left_out}
    return SinceSection(
        asked=asked,
        date=long(before.day),
        commit=commit,
        committed=long(committed),
        now=now,
        closed=tuple(closed),
        slipped=tuple(slipped),
        overdue=tuple(overdue),
        audits=tuple(
            SinceAudit(row.id, row.title, row.kind, row.date)
            for row in (
                activity(audit, after.index)
                for audit in _arrived(before.index.audits, after.index.audits, unread)
            )
        ),
        findings=tuple(
            SinceFinding(f.id, stated(f.kind), f.text, tuple(f.audits))
            for f in _arrived(before.index.findings, after.index.findings, unread)
        ),
        left_out_then=_left_out(before.left_out),
        left_out_now=_left_out(after.left_out),
    )


def _fields(action: LoadedAction, index: Index) -> tuple[str, str, str, str]:
    record = action.record
    status = index.status_label(record.status)
    return (action.id, stated(record.title), lead_text(index, record.lead), status)


def _closed(
    action: LoadedAction, old: LoadedAction | None, before: Side, after: Side
) -> SinceClosed | None:
    if not after.index.is_closed(action.record.status):
        return None
    if old is not None and before.index.is_closed(old.record.status):
        return None
    was = before.index.status_label(old.record.status) if old else "not recorded then"
    return SinceClosed(*_fields(action, after.index), was=was)


def _slipped(action: LoadedAction, old: LoadedAction, index: Index) -> SinceSlipped | None:
    new_due, old_due = action.record.due, old.record.due
    if new_due == old_due:
        return None
    to = effective_due(new_due, action.record.review_by)
    was = effective_due(old_due, old.record.review_by)
    days = (to - was).days if to is not None and was is not None else None
    if days is not None and days <= 0:
        return None  # brought forward: not a slip
    added = action.record.due_history[len(old.record.due_history) :]
    reasons = tuple(entry.reason or NOT_STATED for entry in added) or (NOT_STATED,)
    return SinceSlipped(
        *_fields(action, index),
        from_=_due_text(old_due),
        to=_due_text(new_due),
        days=days,
        reasons=reasons,
    )


def _due_text(due: PartialDate | str | None) -> str:
    return long(due, capital=True) or NOT_STATED


def _arrived(
    before: Mapping[str, Loaded[R]], after: Mapping[str, Loaded[R]], unread: set[str]
) -> Iterator[R]:
    """Records there now and not before, except those whose file could not be read then."""
    for record_id in sorted(after, key=natural_key):
        loaded = after[record_id]
        if record_id not in before and loaded.path not in unread:
            yield loaded.record


def _left_out(problems: Iterable[Problem]) -> tuple[str, ...]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        codes = found.setdefault(problem.path, [])
        if problem.code not in codes:
            codes.append(problem.code)
    return tuple(f"{path} ({', '.join(codes)})" for path, codes in sorted(found.items()))
