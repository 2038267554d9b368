"""The action plan's table as the board prints it: board.yaml's `action_plan_columns` (seed
002's eight when it gives none), without the columns no action of the plan fills, which the
report names instead of printing them empty."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assurance_cli.index.build import Index
from assurance_cli.model.records import DEFAULT_PLAN_COLUMNS, Action


@dataclass(frozen=True)
class PlanColumn:
    """A column of the plan's table: the action field it shows, under the board's heading."""

    field: str  # ref, title, desired_outcome, due, lead, outcome_measure, progress, status...
    heading: str


# Whether an action gives anything a column would show. A column none of the plan's actions
# fills is left out (and named), never printed empty.
_FILLS: dict[str, Callable[[Action], bool]] = {
    "ref": lambda a: True,
    "title": lambda a: bool(a.title or a.related),
    "desired_outcome": lambda a: bool(a.desired_outcome),
    "due": lambda a: bool(
        a.due is not None or a.review_by or a.due_history or any(m.due for m in a.milestones)
    ),
    "lead": lambda a: bool(a.lead),
    "outcome_measure": lambda a: bool(a.outcome_measure),
    "progress": lambda a: bool(a.progress or any(m.progress for m in a.milestones)),
    "status": lambda a: a.status is not None or any(m.status for m in a.milestones),
    "subgroup": lambda a: a.subgroup is not None,
    "answers": lambda a: bool(a.answers),
    "impact": lambda a: bool(a.impact),
}


def board_columns(index: Index) -> tuple[PlanColumn, ...]:
    """The board's columns in its order, with its headings; seed 002's when it gives none.
    A column naming no field a plan can show is left out here (`check` reports it)."""
    declared = index.board.action_plan_columns if index.board is not None else ()
    return tuple(
        PlanColumn(column.field, column.heading)
        for column in declared or DEFAULT_PLAN_COLUMNS
        if column.field in _FILLS
    )


def used_columns(
    columns: Sequence[PlanColumn], actions: Sequence[Action], *, overdue: bool = False
) -> tuple[tuple[PlanColumn, ...], tuple[str, ...]]:
    """The columns some action fills, and the headings of those none does. A plan with no
    actions keeps them all. `overdue`: some action is overdue, which its status cell says."""
    if not actions:
        return tuple(columns), ()
    kept: list[PlanColumn] = []
    left_out: list[PlanColumn] = []
    for column in columns:
        fills = _FILLS[column.field]
        used = any(fills(action) for action in actions) or (column.field == "status" and overdue)
        (kept if used else left_out).append(column)
    if not kept:  # never a table with no column: the ref at least
        return tuple(columns[:1]), tuple(c.heading for c in columns[1:])
    return tuple(kept), tuple(column.heading for column in left_out)
