"""How the plan moved across meetings (`report trend`, `trend.md.j2`): at each board meeting
in a range (or at each month's end), the actions open, closed and overdue as the records were
committed then; counts by status and by RAG; the due dates moved since the previous point and
the days they slipped; the actions closed and those newly overdue.

Pure: it takes the records at each point (`queries/past.Reading`, read from git by
`repo/history.py`) and decides nothing about git. Each point's "today" is its own date. An
action is the same action at every point by its id (`<plan>/<ref>`), whatever its file is
called.

`chart_points` is the seam for the board papers' line chart: (date, open, overdue) at each
point that has records.
"""

from __future__ import annotations

import calendar
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from assurance_cli.dates import PartialDate, iso, long
from assurance_cli.index.build import Index
from assurance_cli.model.records import Board
from assurance_cli.problems import AssureError, Problem
from assurance_cli.queries.past import Reading
from assurance_cli.queries.reports.common import BoardHeading, board_heading
from assurance_cli.queries.status import effective_due, lateness, natural_key

EVERY = ("meeting", "month")
RAGS = ("red", "amber", "green", "blue", "grey")


@dataclass(frozen=True)
class TrendMove:
    """A due date moved since the previous point."""

    id: str
    from_: str
    to: str
    days: int | None  # later (+) or earlier (-); none when either side is not a date


# `m.from` in a template reads `from_` (as the digest's `rescheduled[].from`).
setattr(TrendMove, "from", property(operator.attrgetter("from_")))


@dataclass(frozen=True)
class LeftOut:
    path: str
    codes: str  # the problems' codes, comma-separated


@dataclass(frozen=True)
class TrendPoint:
    date: str
    iso: str
    label: str
    recorded: bool  # False: no records committed on or before this date yet
    commit: str  # the commit read, short; "" when none
    committed: str  # its date; "" when none
    open: int
    closed: int
    overdue: int
    by_status: tuple[int, ...]  # in the order of `statuses`
    by_rag: tuple[int, ...]  # in the order of `rags`
    moved: int
    days_slipped: int
    closed_since: tuple[str, ...]
    newly_overdue: tuple[str, ...]
    moves: tuple[TrendMove, ...]
    left_out: tuple[LeftOut, ...]


@dataclass(frozen=True)
class TrendContext:
    board: BoardHeading
    start: str
    end: str
    every: str  # meeting or month
    scope: str  # "all plans", or the plans chosen
    statuses: tuple[str, ...]  # status labels, the columns of `by_status`
    rags: tuple[str, ...]
    points: tuple[TrendPoint, ...]


class ChartPoint(NamedTuple):
    """One point of the open and overdue lines."""

    date: date
    open: int
    overdue: int


def chart_points(context: TrendContext) -> tuple[ChartPoint, ...]:
    """(date, open, overdue) at each point with records, one per date, in order: what the
    board papers' line chart (`render/papers`, LineChart) plots."""
    found: dict[date, ChartPoint] = {}
    for point in context.points:
        day = date.fromisoformat(point.iso)
        if point.recorded and day not in found:
            found[day] = ChartPoint(day, point.open, point.overdue)
    return tuple(sorted(found.values()))


def trend_days(board: Board | None, start: date, end: date, every: str) -> list[tuple[date, str]]:
    """The points of the trend: each meeting of board.yaml dated in the range, or each
    month's last day in it (and `end` when it is not one)."""
    if end < start:
        raise AssureError("--to is before --from")
    if every == "month":
        return _month_ends(start, end)
    meetings = sorted(
        (meeting.date.last, meeting.id, meeting.name)
        for meeting in (board.meetings if board else ())
        if isinstance(meeting.date, PartialDate) and start <= meeting.date.last <= end
    )
    if not meetings:
        raise AssureError(
            f"no meeting in board.yaml has a date from {iso(start)} to {iso(end)}; give the "
            "meetings a `date` (YYYY-MM-DD), or use --every month"
        )
    return [(day, name) for day, _, name in meetings]


def _month_ends(start: date, end: date) -> list[tuple[date, str]]:
    found = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = date(year, month, calendar.monthrange(year, month)[1])
        day = min(last, end)
        if day >= start:
            found.append((day, f"{day:%B %Y}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


class _State(NamedTuple):
    status: str | None
    closed: bool
    overdue: bool
    due: object  # the record's `due`, to compare
    due_day: date | None


def _states(reading: Reading, plans: tuple[str, ...]) -> dict[str, _State]:
    index = reading.index
    if index is None:
        return {}
    found = {}
    for action_id, action in index.actions.items():
        if plans and action.plan not in plans:
            continue
        record = action.record
        found[action_id] = _State(
            record.status,
            index.is_closed(record.status),
            lateness(action, index, reading.day).days is not None,
            record.due,
            effective_due(record.due, record.review_by),
        )
    return found


def trend_context(
    index: Index,
    readings: Sequence[Reading],
    baseline: Reading,
    *,
    start: date,
    end: date,
    every: str,
    plans: tuple[str, ...] = (),
) -> TrendContext:
    """The trend at `readings`, each compared with the one before (the first with
    `baseline`, the records at `start`). `index` (the records now) names the statuses."""
    status_ids = list(index.statuses)
    previous = _states(baseline, plans)
    points = []
    for reading in readings:
        states = _states(reading, plans)
        for state in states.values():
            if state.status is not None and state.status not in status_ids:
                status_ids.append(state.status)
        points.append((reading, states, previous))
        previous = states
    built = tuple(_point(r, now, before, status_ids) for r, now, before in points)
    return TrendContext(
        board=board_heading(index, "trend", period=f"{iso(start)} to {iso(end)}"),
        start=long(start),
        end=long(end),
        every=every,
        scope=", ".join(plans) if plans else "all plans",
        statuses=tuple(_label(index, readings, status) for status in status_ids),
        rags=tuple(rag.capitalize() for rag in RAGS),
        points=built,
    )


def _label(index: Index, readings: Iterable[Reading], status: str) -> str:
    if status in index.statuses:
        return index.status_label(status)
    for reading in readings:  # a status the board no longer has: its label then
        if reading.index is not None and status in reading.index.statuses:
            return reading.index.status_label(status)
    return status


def _point(
    reading: Reading,
    now: dict[str, _State],
    before: dict[str, _State],
    status_ids: list[str],
) -> TrendPoint:
    index = reading.index
    by_status = dict.fromkeys(status_ids, 0)
    by_rag = dict.fromkeys(RAGS, 0)
    for state in now.values():
        if state.status in by_status:
            by_status[state.status] += 1
        found = index.statuses.get(state.status or "") if index is not None else None
        rag = "red" if state.overdue else (found.rag if found else None)
        if rag is not None:
            by_rag[rag] += 1
    moved = [a for a, state in now.items() if a in before and before[a].due != state.due]
    moves = tuple(_move(a, before[a], now[a]) for a in sorted(moved, key=natural_key))
    return TrendPoint(
        date=long(reading.day),
        iso=iso(reading.day),
        label=reading.label,
        recorded=reading.commit is not None,
        commit=reading.commit.short if reading.commit else "",
        committed=long(reading.commit.day) if reading.commit else "",
        open=sum(not state.closed for state in now.values()),
        closed=sum(state.closed for state in now.values()),
        overdue=sum(state.overdue for state in now.values()),
        by_status=tuple(by_status.values()),
        by_rag=tuple(by_rag.values()),
        moved=len(moves),
        days_slipped=sum(move.days for move in moves if move.days and move.days > 0),
        closed_since=_ids(a for a, s in now.items() if s.closed and not _was(before, a, "closed")),
        newly_overdue=_ids(
            a for a, s in now.items() if s.overdue and not _was(before, a, "overdue")
        ),
        moves=moves,
        left_out=_left_out(reading.left_out),
    )


def _move(action_id: str, before: _State, now: _State) -> TrendMove:
    days = None
    if before.due_day is not None and now.due_day is not None:
        days = (now.due_day - before.due_day).days
    return TrendMove(action_id, _due_text(before.due), _due_text(now.due), days)


def _due_text(due: object) -> str:
    if isinstance(due, PartialDate | str):
        return long(due, capital=True)
    return "not stated"


def _was(states: dict[str, _State], action_id: str, flag: str) -> bool:
    state = states.get(action_id)
    return state is not None and bool(getattr(state, flag))


def _ids(action_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(action_ids, key=natural_key))


def _left_out(problems: tuple[Problem, ...]) -> tuple[LeftOut, ...]:
    codes: dict[str, list[str]] = {}
    for problem in problems:
        found = codes.setdefault(problem.path, [])
        if problem.code not in found:
            found.append(problem.code)
    return tuple(LeftOut(path, ", ".join(found)) for path, found in sorted(codes.items()))
