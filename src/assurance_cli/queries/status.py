"""Questions over the index that take `as_of`: what is overdue, due soon, slipping.

Pure functions: the CLI decides "today" once and passes it down as `as_of`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from assurance_cli.dates import PartialDate, as_published, is_ongoing, iso
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Action, Milestone


class StatusRow(NamedTuple):
    """One action as `assure status` shows it. `to_json` is the documented JSON contract.
    (A named tuple: quicker to make than a frozen dataclass, and status makes thousands.)"""

    id: str
    plan: str
    ref: str
    priority: int | str | None
    title: str | None  # None: the paper gives none
    lead: tuple[str, ...]
    lead_labels: tuple[str, ...]
    due: str | None  # ISO date, ISO month, or "ongoing"
    due_as_published: str | None  # the wording the paper prints; None for an ISO date
    review_by: str | None
    status: str | None  # None: the paper gives none
    status_label: str
    rag: str | None  # the board's colour for the status (red when overdue); None: none given
    closed: bool
    overdue: bool
    days_overdue: int | None
    due_amendments: int
    overdue_milestones: tuple[str, ...]
    themes: tuple[str, ...]
    path: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "plan": self.plan,
            "ref": self.ref,
            "priority": self.priority,
            "title": self.title,
            "lead": list(self.lead),
            "lead_labels": list(self.lead_labels),
            "due": self.due,
            "due_as_published": self.due_as_published,
            "review_by": self.review_by,
            "status": self.status,
            "status_label": self.status_label,
            "rag": self.rag,
            "closed": self.closed,
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "due_amendments": self.due_amendments,
            "overdue_milestones": list(self.overdue_milestones),
            "themes": list(self.themes),
            "path": self.path,
        }


@dataclass(frozen=True)
class StatusFilter:
    """Every filter of `assure status`; an empty field means "any"."""

    plans: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()
    leads: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    due_within: int | None = None


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    rows: tuple[StatusRow, ...] = field(default_factory=tuple)


def effective_due(due: PartialDate | str | None, review_by: PartialDate | None) -> date | None:
    """The date an action (or milestone) falls due: the last day of its date or period; for
    `Ongoing`, its review date; none for wording no date can be read from."""
    if is_ongoing(due):
        return review_by.last if review_by else None
    if isinstance(due, PartialDate):
        return due.last
    return None


class Lateness(NamedTuple):
    days: int | None  # the most days overdue, of the action and its milestones; None: not late
    milestones: tuple[str, ...]  # `milestone 2 due 2016-03`, for each late milestone


def lateness(action: LoadedAction, index: Index, as_of: date) -> Lateness:
    """How late an open action is on `as_of`: its own due date, or a milestone's."""
    record = action.record
    if index.is_closed(record.status):
        return Lateness(None, ())
    days_late: list[int] = []
    action_due = effective_due(record.due, record.review_by)
    if action_due is not None and action_due < as_of:
        days_late.append((as_of - action_due).days)
    late_milestones = []
    for number, milestone in enumerate(record.milestones, start=1):
        milestone_late = milestone_days_late(milestone, index, as_of)
        if milestone_late is not None:
            days_late.append(milestone_late)
            late_milestones.append(f"milestone {number} due {iso(milestone.due)}")
    return Lateness(max(days_late) if days_late else None, tuple(late_milestones))


def milestone_days_late(milestone: Milestone, index: Index, as_of: date) -> int | None:
    """How many days an open milestone is past its due date on `as_of`; None when it is not
    (an action that is closed has no late milestone: see `lateness`)."""
    due = effective_due(milestone.due, None)
    if index.is_closed(milestone.status) or due is None or due >= as_of:
        return None
    return (as_of - due).days


def status_row(
    action: LoadedAction, index: Index, as_of: date, late: Lateness | None = None
) -> StatusRow:
    record = action.record
    if late is None:
        late = lateness(action, index, as_of)
    status = index.statuses.get(record.status) if record.status is not None else None
    overdue = late.days is not None
    rag = status.rag if status else None
    if overdue and index.uses_rag:  # the board rates with colours: overdue is red
        rag = "red"
    return StatusRow(
        id=action.id,
        plan=action.plan,
        ref=record.ref,
        priority=record.priority,
        title=record.title,
        lead=tuple(record.lead),
        lead_labels=tuple(index.lead_label(lead) for lead in record.lead),
        due=iso(record.due),
        due_as_published=as_published(record.due),
        review_by=iso(record.review_by),
        status=record.status,
        status_label=index.status_label(record.status),
        rag=rag,
        closed=bool(status and status.closed),
        overdue=overdue,
        days_overdue=late.days,
        due_amendments=len(record.due_history),
        overdue_milestones=late.milestones,
        themes=tuple(record.themes),
        path=action.path,
    )


def _open_due_dates(action: Action, index: Index) -> list[date]:
    if index.is_closed(action.status):
        return []
    found = [effective_due(action.due, action.review_by)]
    found += [
        effective_due(m.due, None) for m in action.milestones if not index.is_closed(m.status)
    ]
    return [d for d in found if d is not None]


def theme_and_descendants(theme_id: str, index: Index) -> set[str]:
    """A theme filter matches the theme and its sub-themes."""
    found = {theme_id}
    changed = True
    while changed:
        changed = False
        for other_id, entry in index.themes.items():
            if entry.parent in found and other_id not in found:
                found.add(other_id)
                changed = True
    return found


def select_actions(index: Index, wanted: StatusFilter, as_of: date) -> list[StatusRow]:
    """The actions matching every filter, most overdue first, then by id."""
    theme_ids: set[str] = set()
    for theme_id in wanted.themes:
        theme_ids |= theme_and_descendants(theme_id, index)
    rows = []
    for action in index.actions.values():
        record = action.record
        if wanted.plans and action.plan not in wanted.plans:
            continue
        if wanted.priorities and record.priority not in wanted.priorities:
            continue
        if wanted.leads and not set(record.lead) & set(wanted.leads):
            continue
        if theme_ids and not set(record.themes) & theme_ids:
            continue
        if wanted.statuses and record.status not in wanted.statuses:
            continue
        late = lateness(action, index, as_of)
        if wanted.overdue and late.days is None:
            continue
        if wanted.due_within is not None and not _due_within(
            record, index, as_of, wanted.due_within
        ):
            continue
        rows.append(status_row(action, index, as_of, late))
    return sorted(rows, key=lambda row: (-(row.days_overdue or -1), natural_key(row.id)))


def _due_within(action: Action, index: Index, as_of: date, days: int) -> bool:
    horizon = as_of + timedelta(days=min(days, (date.max - as_of).days))  # at most 9999-12-31
    return any(as_of <= due <= horizon for due in _open_due_dates(action, index))


_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[object, ...]:
    """Sort `2015-16/2a` before `2015-16/10a`."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBER.split(text))


def group_rows(rows: Sequence[StatusRow], by: str, index: Index) -> list[Group]:
    """Group rows by lead, priority, theme or status, in the board's order."""
    buckets: dict[str, list[StatusRow]] = {}
    for row in rows:
        for key in _group_keys(row, by):
            buckets.setdefault(key, []).append(row)
    order = _group_order(by, index)
    keys = sorted(buckets, key=lambda key: (order.get(key, len(order)), natural_key(key)))
    return [Group(key, _group_label(key, by, index), tuple(buckets[key])) for key in keys]


NO_VALUE = "(none)"


def _group_keys(row: StatusRow, by: str) -> Iterable[str]:
    if by == "lead":
        return row.lead or (NO_VALUE,)
    if by == "theme":
        return row.themes or (NO_VALUE,)
    if by == "priority":
        return (
            f"{row.plan}/{row.priority}" if row.priority is not None else f"{row.plan}/{NO_VALUE}",
        )
    return (row.status or NO_VALUE,)


def _group_order(by: str, index: Index) -> dict[str, int]:
    if by == "lead":
        return {lead_id: n for n, lead_id in enumerate(index.leads)}
    if by == "theme":
        return {theme_id: entry.order for theme_id, entry in index.themes.items()}
    if by == "status":
        return {status_id: n for n, status_id in enumerate(index.statuses)}
    return {}


def _group_label(key: str, by: str, index: Index) -> str:
    if key == NO_VALUE:
        return "No " + by
    if by == "lead":
        return index.lead_label(key)
    if by == "theme":
        entry = index.themes.get(key)
        return entry.theme.title if entry else key
    if by == "status":
        return index.status_label(key)
    plan_id, _, number = key.partition("/")
    plan = index.plans.get(plan_id)
    label = plan.priority_label if plan else "Priority"
    if number == NO_VALUE:
        return f"{plan_id}: no {label.lower()}"
    return f"{plan_id}: {label} {number}"


def status_counts(rows: Sequence[StatusRow], index: Index) -> list[tuple[str, int]]:
    """(status label, count) in the board's order, for the summary line."""
    counts: dict[str, int] = {}
    for row in rows:
        key = row.status or NO_VALUE
        counts[key] = counts.get(key, 0) + 1
    order = list(index.statuses)
    ordered = sorted(counts, key=lambda s: order.index(s) if s in order else len(order))
    # An action with no status is counted under "Not stated", as every output says it.
    return [
        (index.status_label(None if status == NO_VALUE else status), counts[status])
        for status in ordered
    ]


def filter_errors(index: Index, wanted: StatusFilter) -> list[str]:
    """Filter values the board does not define (a typo would otherwise list nothing)."""
    from assurance_cli.problems import NO_BOARD, unknown  # the same wording as `check`

    named = wanted.plans or wanted.leads or wanted.themes or wanted.statuses or wanted.priorities
    if index.board is None and named:
        return [NO_BOARD]
    found = []
    found += [unknown("plan", p, index.plans) for p in wanted.plans if p not in index.plans]
    found += [unknown("lead", x, index.leads) for x in wanted.leads if x not in index.leads]
    found += [unknown("theme", t, index.themes) for t in wanted.themes if t not in index.themes]
    found += [
        unknown("status", s, index.statuses) for s in wanted.statuses if s not in index.statuses
    ]
    numbers = {
        p.number
        for plan in index.plans.values()
        for p in plan.priorities
        if not wanted.plans or plan.id in wanted.plans
    }
    found += [f"no plan has priority {n}" for n in wanted.priorities if n not in numbers]
    if wanted.due_within is not None and wanted.due_within < 0:
        found.append("--due-within takes a number of days, 0 or more")
    return found
