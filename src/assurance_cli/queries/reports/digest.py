"""The quarterly digest (seed 003's "Quality of Practice and Performance" pages): what
reported, closed, slipped and was rescheduled between two dates, and what falls due in the
next quarter (`digest.md.j2`)."""

from __future__ import annotations

import calendar
import operator
from dataclasses import dataclass
from datetime import date, timedelta

from assurance_cli.dates import iso, long
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Audit
from assurance_cli.problems import AssureError
from assurance_cli.queries.reports.common import (
    Activity,
    BoardHeading,
    activity,
    audit_period_date,
    board_heading,
    finding_order,
    lead_text,
    sort_date,
)
from assurance_cli.queries.reports.since import SinceSection
from assurance_cli.queries.status import effective_due, natural_key, status_row
from assurance_cli.words import stated


@dataclass(frozen=True)
class DigestActivity(Activity):
    """An activity that reported in the period, with its key recommendations (its findings
    when it has no recommendation)."""

    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class DigestAction:
    id: str
    title: str
    lead: str
    status: str


@dataclass(frozen=True)
class DueAction(DigestAction):
    due: str


@dataclass(frozen=True)
class Rescheduled(DigestAction):
    """A due date amended in the period. Templates read the old date as `from` (a Python
    keyword, so the field is `from_`)."""

    from_: str
    to: str
    reason: str


# `a.from` in a template (the name board templates already use) reads `from_`.
setattr(Rescheduled, "from", property(operator.attrgetter("from_")))


@dataclass(frozen=True)
class DigestContext:
    board: BoardHeading
    start: str
    end: str
    horizon: str  # the end of the next quarter: three months after `end`
    activities: tuple[DigestActivity, ...]
    closed: tuple[DigestAction, ...]
    overdue: tuple[DueAction, ...]  # became overdue in the period
    rescheduled: tuple[Rescheduled, ...]
    due_next: tuple[DueAction, ...]
    since: SinceSection | None = None  # `--since`: the changes git records from that point


def digest_context(
    index: Index, start: date, end: date, since: SinceSection | None = None
) -> DigestContext:
    """What reported, closed, slipped and falls due: for a newsletter or "since the last
    board meeting". `end` is also the as-of date for what is overdue."""
    if end < start:
        raise AssureError("--to is before --from")
    closed: list[DigestAction] = []
    slipped: list[DueAction] = []
    rescheduled: list[Rescheduled] = []
    due_next: list[DueAction] = []
    horizon = _add_months(end, 3)
    for action in sorted(index.actions.values(), key=lambda a: natural_key(a.id)):
        record = action.record
        item = DigestAction(
            action.id,
            stated(record.title),
            lead_text(index, record.lead),
            index.status_label(record.status),
        )
        if index.is_closed(record.status):
            if _in(_last_progress_date(action), start, end):
                closed.append(item)
            continue
        row = status_row(action, index, end)
        due = effective_due(record.due, record.review_by)
        shown_due = long(record.due, capital=True)
        if row.overdue and _in(due, start, end - timedelta(days=1)):
            slipped.append(DueAction(*_fields(item), due=shown_due))
        for change in record.due_history:
            if change.agreed is not None and _in(change.agreed.last, start, end):
                rescheduled.append(
                    Rescheduled(
                        *_fields(item),
                        from_=long(change.from_),
                        to=long(change.to),
                        reason=change.reason or "",
                    )
                )
        if due is not None and end < due <= horizon:
            due_next.append(DueAction(*_fields(item), due=shown_due))
    return DigestContext(
        board=board_heading(index, "digest", period=f"{iso(start)} to {iso(end)}"),
        start=long(start),
        end=long(end),
        horizon=long(horizon),
        activities=_activities(index, start, end),
        closed=tuple(closed),
        overdue=tuple(slipped),
        rescheduled=tuple(rescheduled),
        due_next=tuple(due_next),
        since=since,
    )


def _fields(item: DigestAction) -> tuple[str, str, str, str]:
    return (item.id, item.title, item.lead, item.status)


def _activities(index: Index, start: date, end: date) -> tuple[DigestActivity, ...]:
    found = []
    for audit in sorted(
        (a.record for a in index.audits.values()),
        key=lambda a: (sort_date(audit_period_date(a)), a.id),
    ):
        when = audit_period_date(audit)
        if when is None or (not _in(when.last, start, end) and not _in(when.first, start, end)):
            continue
        found.append(_digest_activity(index, audit))
    return tuple(found)


def _digest_activity(index: Index, audit: Audit) -> DigestActivity:
    findings = sorted(
        (
            index.findings[f].record
            for f in index.findings_for_audit.get(audit.id, [])
            if f in index.findings
        ),
        key=finding_order,
    )
    key = [f for f in findings if f.kind == "recommendation"] or findings
    row = activity(audit, index)
    return DigestActivity(
        row.id, row.date, row.kind, row.title, row.cadence, row.figures, tuple(f.text for f in key)
    )


def _in(when: date | None, start: date, end: date) -> bool:
    return when is not None and start <= when <= end


def _last_progress_date(action: LoadedAction) -> date | None:
    dated = [e.date.last for e in action.record.progress if e.date is not None]
    return max(dated, default=None)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > date.max.year:  # the calendar ends on 9999-12-31
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
