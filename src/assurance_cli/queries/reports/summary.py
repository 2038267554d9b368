"""A paper's summary: how many actions have each status and each RAG rating, overall and per
priority (per plan for the digest), with percentages that add up, and how many are overdue.

Percentages are whole numbers made to add up to 100 in every row by the largest remainder
method: each share is rounded down, then the points still missing go, one each, to the
shares with the largest remainders (the earlier in the board's order on a tie). So a row of
1, 1 and 1 reads 34%, 33%, 33%, never 33%, 33%, 33%. The overdue share is not part of that
split (an overdue action also has a status): it is rounded half up on its own.

RAG ratings are the board's (`rag` of each status in board.yaml). A status with no rating,
or an action whose status board.yaml does not define, counts under "no RAG rating"; an action
with no status under "Not stated". Pure: takes the index and `as_of`.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from assurance_cli.dates import iso
from assurance_cli.index.build import Index, plan_days
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Rag
from assurance_cli.queries.reports.common import plan_actions, require_plan
from assurance_cli.queries.reports.structure import effective_priority
from assurance_cli.queries.status import lateness
from assurance_cli.words import stated

RAG_NAMES: tuple[str, ...] = typing.get_args(Rag)  # red, amber, green, blue, grey
NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Share:
    """A count and its whole percentage of the row (None when the row has no actions)."""

    count: int
    percent: int | None


@dataclass(frozen=True)
class StatusKey:
    """A column of the status table: a board status (or one the records use that board.yaml
    does not define, or `Not stated`), with its RAG name (None: no rating)."""

    id: str
    label: str
    rag: str | None


@dataclass(frozen=True)
class SummaryLine:
    """One row: a priority (or plan), or the total."""

    label: str  # "Objective 1", "Total"
    key: str  # short, for a chart's axis: the priority's number ("1"), the plan's id
    title: str  # the priority's title; "" for the total
    by_status: tuple[Share, ...]  # in the order of PaperSummary.statuses
    by_rag: tuple[Share, ...]  # in the order of PaperSummary.rags
    total: int
    overdue: Share | None  # None when made without an as-of date


class Group(NamedTuple):
    """Actions counted in one row."""

    label: str
    key: str
    title: str
    actions: Sequence[LoadedAction]


@dataclass(frozen=True)
class PaperSummary:
    scope: str  # what is counted: the plan's title, or "Actions of 3 plans"
    plans: tuple[str, ...]  # the ids of the plans whose actions are counted
    group_label: str  # the rows' word: "Objective", "Plan"
    statuses: tuple[StatusKey, ...]
    rags: tuple[str | None, ...]  # RAG names in RAG_NAMES order, None last for "no rating"
    rows: tuple[SummaryLine, ...]
    total: SummaryLine
    as_of: str | None  # ISO; the overdue counts are at this date


def plan_summary(index: Index, plan_id: str, as_of: date | None) -> PaperSummary:
    """A plan's actions by status and RAG rating, per priority (those with no priority, or
    an unknown one, in a last row)."""
    plan = require_plan(index, plan_id)
    actions = plan_actions(index, plan_id)
    numbers = {p.number for p in plan.priorities}
    # A child naming no priority counts in its parent's, as the plan's tables show it.
    priority = {a.id: effective_priority(index, a) for a in actions}
    groups = [
        Group(
            f"{plan.priority_label} {p.number}",
            str(p.number),
            p.short or stated(p.title),
            [a for a in actions if priority[a.id] == p.number],
        )
        for p in plan.priorities
    ]
    unplaced = [a for a in actions if priority[a.id] not in numbers]
    if unplaced:
        none = f"No {plan.priority_label.lower()}"
        groups.append(Group(none, none, "", unplaced))
    return summarise(
        index,
        groups,
        as_of,
        scope=plan.title or plan.id,
        plans=(plan.id,),
        group_label=plan.priority_label,
    )


def period_summary(index: Index, start: date, end: date, *, overdue: bool = True) -> PaperSummary:
    """The actions of every plan whose period overlaps `start`..`end`, a row per plan, with
    what is overdue at `end` (the digest's summary) unless `overdue` is false."""
    plan_ids = [
        plan.id
        for plan in index.plans.values()
        if (days := plan_days(plan)) is not None and days[0] <= end and start <= days[1]
    ]
    return plans_summary(index, plan_ids, end if overdue else None)


def plans_summary(index: Index, plan_ids: Sequence[str], as_of: date | None) -> PaperSummary:
    """The actions of several plans by status and RAG rating, a row per plan."""
    groups = []
    for plan_id in plan_ids:
        plan = require_plan(index, plan_id)
        title = plan.title or plan.id
        groups.append(Group(title, plan.id, title, plan_actions(index, plan_id)))
    if not groups:
        scope = "No plan covers this period"
    elif len(groups) == 1:
        scope = groups[0].title
    else:
        scope = f"Actions of the {len(groups)} plans covering the period"
    return summarise(index, groups, as_of, scope=scope, plans=tuple(plan_ids), group_label="Plan")


def summarise(
    index: Index,
    groups: Sequence[Group],
    as_of: date | None,
    *,
    scope: str,
    plans: tuple[str, ...],
    group_label: str,
) -> PaperSummary:
    """Counts per group, then over all groups."""
    everything = [action for group in groups for action in group.actions]
    statuses = _status_keys(index, everything)
    rags = _rag_names(statuses)
    late = (
        {a.id for a in everything if lateness(a, index, as_of).days is not None}
        if as_of is not None
        else None
    )
    rows = tuple(_line(group, statuses, rags, late) for group in groups)
    total = _line(Group("Total", "Total", "", everything), statuses, rags, late)
    return PaperSummary(scope, plans, group_label, statuses, rags, rows, total, iso(as_of))


def _status_keys(index: Index, actions: Sequence[LoadedAction]) -> tuple[StatusKey, ...]:
    keys = [StatusKey(s.id, s.label, _rag_of(s)) for s in index.statuses.values()]
    known = {key.id for key in keys}
    for action in actions:
        status = _status_id(action)
        if status not in known:
            known.add(status)
            label = index.status_label(status) if status else NOT_STATED
            keys.append(StatusKey(status, label, None))
    return tuple(keys)


def _rag_of(status: object) -> str | None:
    """A status's RAG name; None when it has none (board.yaml may leave it out)."""
    rag = getattr(status, "rag", None)
    return rag if isinstance(rag, str) and rag in RAG_NAMES else None


def _status_id(action: LoadedAction) -> str:
    status = action.record.status
    return status if isinstance(status, str) else ""


def _rag_names(statuses: Sequence[StatusKey]) -> tuple[str | None, ...]:
    used = {key.rag for key in statuses}
    names: list[str | None] = [name for name in RAG_NAMES if name in used]
    if None in used:
        names.append(None)
    return tuple(names)


def _line(
    group: Group,
    statuses: Sequence[StatusKey],
    rags: Sequence[str | None],
    late: set[str] | None,
) -> SummaryLine:
    by_id = {key.id: key for key in statuses}
    status_counts = [0] * len(statuses)
    order = {key.id: number for number, key in enumerate(statuses)}
    rag_counts = [0] * len(rags)
    rag_order = {rag: number for number, rag in enumerate(rags)}
    actions = group.actions
    for action in actions:
        status = _status_id(action)
        status_counts[order[status]] += 1
        rag_counts[rag_order[by_id[status].rag]] += 1
    total = len(actions)
    overdue = None
    if late is not None:
        count = sum(action.id in late for action in actions)
        overdue = Share(count, _half_up(count, total))
    return SummaryLine(
        label=group.label,
        key=group.key,
        title=group.title,
        by_status=_shares(status_counts),
        by_rag=_shares(rag_counts),
        total=total,
        overdue=overdue,
    )


def _shares(counts: Sequence[int]) -> tuple[Share, ...]:
    percents = whole_percentages(counts)
    return tuple(Share(count, percent) for count, percent in zip(counts, percents, strict=True))


def whole_percentages(counts: Sequence[int]) -> list[int | None]:
    """Whole percentages of `counts` adding up to exactly 100 (largest remainder method;
    ties go to the earlier count); all None when the counts add up to 0."""
    total = sum(counts)
    if total == 0:
        return [None] * len(counts)
    floors = [100 * count // total for count in counts]
    remainders = [100 * count % total for count in counts]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda n: (-remainders[n], n))
    for number in by_remainder[:missing]:
        floors[number] += 1
    return list(floors)


def _half_up(count: int, total: int) -> int | None:
    return None if total == 0 else (200 * count + total) // (2 * total)


@dataclass(frozen=True)
class TrendPoint:
    """Open and overdue actions at one date (a board meeting), for the chart over time.
    Built from the records' git history (issue 18's `report trend`); a paper given none
    draws no such chart."""

    day: date
    open: int
    overdue: int
