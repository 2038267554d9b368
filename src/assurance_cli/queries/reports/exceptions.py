"""The exception report: the open actions of a plan that need the board's attention at a
date, each with its dates and latest update (`exceptions.md.j2`); `--by lead`, a chase list
per lead.

An open action is listed when any of these holds (closed actions never are):
- its status is rated red or amber in board.yaml, or is one the command names (`--status`,
  for a board whose statuses have no colours);
- it is overdue at the as-of date (its own due date, or an open milestone's);
- it was rescheduled in the period: a due_history entry agreed between the period's start
  and the as-of date, or one whose agreed date is not recorded (it cannot be placed outside).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from assurance_cli.dates import iso, long
from assurance_cli.index.build import Index, plan_days
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Action, ProgressEntry
from assurance_cli.problems import AssureError, unknown
from assurance_cli.queries.reports.common import (
    BoardHeading,
    PlanHeading,
    board_heading,
    lead_text,
    plan_actions,
    plan_heading,
    require_plan,
)
from assurance_cli.queries.status import lateness
from assurance_cli.words import stated

EXCEPTION_RAGS = ("red", "amber")
NOT_STATED = "Not stated"


@dataclass(frozen=True)
class ExceptionRow:
    """One action needing attention, with why it is listed."""

    id: str
    ref: str
    title: str
    lead: str
    status: str  # the status label
    status_id: str | None
    rag: str  # the status's RAG name in board.yaml, "" when it has none
    reasons: tuple[str, ...]  # "Red status", "Overdue", "Rescheduled (agreed March 2016)"
    original_due: str  # the first due date recorded (the first amendment's `from`)
    revised_due: str  # the due date now, "" when never rescheduled
    days_overdue: int | None
    progress_date: str  # the latest progress entry's date; "Not stated" when it has none
    progress: str  # its text; "" when the action has no progress entry


@dataclass(frozen=True)
class LeadGroup:
    """A lead's chase list: the listed actions it leads (an action with two leads is on
    both lists)."""

    lead: str  # the lead's label; "No lead given" for actions with none
    rows: tuple[ExceptionRow, ...]


@dataclass(frozen=True)
class ExceptionsContext:
    board: BoardHeading
    plan: PlanHeading
    as_of: str  # ISO
    period_start: str  # the first day rescheduling counts from, as boards print it
    period_end: str  # the as-of date, as boards print it
    statuses: tuple[str, ...]  # labels of the statuses that list an action
    by_lead: bool
    rows: tuple[ExceptionRow, ...]  # by ref
    leads: tuple[LeadGroup, ...]  # with --by lead, in board.yaml's order; else empty


def exceptions_context(
    index: Index,
    plan_id: str,
    as_of: date,
    *,
    start: date | None = None,
    statuses: Collection[str] = (),
    by_lead: bool = False,
) -> ExceptionsContext:
    """The plan's exceptions at `as_of`; rescheduling counts from `start` (default: the
    plan's first day); `statuses` adds status ids to those rated red or amber."""
    plan = require_plan(index, plan_id)
    for status in statuses:
        if status not in index.statuses:
            raise AssureError(unknown("status", status, index.statuses))
    listed = {s.id for s in index.statuses.values() if getattr(s, "rag", None) in EXCEPTION_RAGS}
    listed |= set(statuses)
    days = plan_days(plan)
    first = start if start is not None else (days[0] if days else as_of)
    if first > as_of:
        raise AssureError("--from is after --as-of")
    rows = tuple(
        row
        for action in plan_actions(index, plan_id)
        if (row := exception_row(index, action, as_of, first, listed)) is not None
    )
    return ExceptionsContext(
        board=board_heading(index, "exceptions", plan=plan.title or plan.id, period=plan.id),
        plan=plan_heading(plan),
        as_of=iso(as_of),
        period_start=long(first),
        period_end=long(as_of),
        statuses=tuple(s.label for s in index.statuses.values() if s.id in listed),
        by_lead=by_lead,
        rows=rows,
        leads=lead_groups(index, rows) if by_lead else (),
    )


def exception_row(
    index: Index, action: LoadedAction, as_of: date, start: date, listed: set[str]
) -> ExceptionRow | None:
    """The action as an exception, or None when nothing lists it."""
    record = action.record
    if index.is_closed(record.status):
        return None
    status = index.statuses.get(record.status) if record.status is not None else None
    rag = getattr(status, "rag", None) or ""
    reasons = []
    if record.status in listed:
        reasons.append(f"{rag.capitalize()} status" if rag in EXCEPTION_RAGS else "Listed status")
    days = lateness(action, index, as_of).days
    if days is not None:
        reasons.append("Overdue")
    reasons += _rescheduled(record, start, as_of)
    if not reasons:
        return None
    entry = latest_progress(record)
    return ExceptionRow(
        id=action.id,
        ref=record.ref,
        title=stated(record.title),
        lead=lead_text(index, record.lead) or "No lead given",
        status=index.status_label(record.status),
        status_id=record.status,
        rag=rag,
        reasons=tuple(reasons),
        original_due=_original_due(record),
        revised_due=long(record.due, capital=True) if record.due_history else "",
        days_overdue=days,
        progress_date=(long(entry.date) or NOT_STATED) if entry else "",
        progress=entry.text if entry else "",
    )


def _rescheduled(record: Action, start: date, as_of: date) -> list[str]:
    """`Rescheduled (agreed ...)` for the amendments agreed in the period, or with no agreed
    date recorded; one reason however many amendments."""
    agreed = []
    for change in record.due_history:
        if change.agreed is None:
            agreed.append("agreed date not recorded")
        elif start <= change.agreed.last and change.agreed.first <= as_of:
            agreed.append(f"agreed {long(change.agreed)}")
    if not agreed:
        return []
    return [f"Rescheduled ({'; '.join(dict.fromkeys(agreed))})"]


def _original_due(record: Action) -> str:
    if record.due_history:
        first = record.due_history[0].from_
        return long(first, capital=True) if first is not None else NOT_STATED
    if record.due is None and record.milestones:
        return "; ".join(
            f"{n}. {long(m.due, capital=True) or NOT_STATED}"
            for n, m in enumerate(record.milestones, start=1)
        )
    return long(record.due, capital=True) or NOT_STATED


def latest_progress(record: Action) -> ProgressEntry | None:
    """The last entry of the action's own progress log (logs are kept oldest first, and an
    undated note after a dated entry is newer than it); for an action whose own log is
    empty, the last entry of its last milestone that has one."""
    if record.progress:
        return record.progress[-1]
    for milestone in reversed(record.milestones):
        if milestone.progress:
            return milestone.progress[-1]
    return None


def lead_groups(index: Index, rows: tuple[ExceptionRow, ...]) -> tuple[LeadGroup, ...]:
    """The rows per lead, leads in board.yaml's order (unknown ones after, by id)."""
    by_lead: dict[str, list[ExceptionRow]] = {}
    for row in rows:
        leads = index.actions[row.id].record.lead or ("",)
        for lead in leads:
            by_lead.setdefault(lead, []).append(row)
    order = {lead: number for number, lead in enumerate(index.leads)}
    keys = sorted(by_lead, key=lambda lead: (lead == "", order.get(lead, len(order)), lead))
    return tuple(
        LeadGroup(index.lead_label(lead) if lead else "No lead given", tuple(by_lead[lead]))
        for lead in keys
    )
