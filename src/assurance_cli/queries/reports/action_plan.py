"""The action plan (seed 002): a summary of actions per status per priority, then one section
per priority with the plan's columns, one row per action (`action-plan.md.j2`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from assurance_cli.dates import iso, long
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.queries.reports.common import (
    BoardHeading,
    PlanHeading,
    board_heading,
    lead_text,
    plan_actions,
    plan_heading,
    progress_text,
    require_plan,
)
from assurance_cli.queries.reports.plan_columns import PlanColumn, board_columns, used_columns
from assurance_cli.queries.reports.structure import effective_priority, nested
from assurance_cli.queries.status import status_row
from assurance_cli.words import NOT_STATED, count, stated


@dataclass(frozen=True)
class PlanRow:
    """One action as a row of the plan; a cell of several lines is a tuple of lines."""

    ref: str
    activity: tuple[str, ...]  # the title, then "Cross-references 2d, 6b" when it has any
    desired_outcome: str
    due: tuple[str, ...]  # due dates (one per milestone), review date, amendments
    lead: str
    outcome_measure: str
    progress: tuple[str, ...]  # "31 March 2016: text", milestones' entries numbered
    status: tuple[str, ...]  # the status label(s), and "Overdue (61 days at ...)" with --as-of
    status_id: str | None  # None: the paper gives no status
    overdue: bool
    subgroup: str  # the subgroup's name
    answers: tuple[str, ...]  # the inspection paragraphs or evidence references it answers
    impact: str
    cells: tuple[tuple[str, ...], ...]  # the lines of each of the context's `columns`
    parent: str | None  # the ref of the action it belongs to (`parent`), when it names one
    depth: int  # 0; 1 for a child shown under its parent, 2 under that child...


@dataclass(frozen=True)
class PlanSection:
    """A priority of the plan and its actions; `number` None for actions with no priority."""

    number: int | str | None
    title: str
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True)
class SummaryRow:
    number: int | str | None
    counts: tuple[int, ...]  # actions per status, in the order of `PlanSummary.statuses`
    total: int
    overdue: int


@dataclass(frozen=True)
class PlanSummary:
    # The board's status labels, in board.yaml's order; then "Not stated" when an action of
    # the plan gives no status.
    statuses: tuple[str, ...]
    rows: tuple[SummaryRow, ...]  # one per section
    totals: tuple[int, ...]  # actions per status over all sections
    total: int
    overdue: int
    with_overdue: bool  # the report was made with --as-of (so overdue counts mean something)


@dataclass(frozen=True)
class ActionPlanContext:
    board: BoardHeading
    plan: PlanHeading
    as_of: str | None  # ISO date given with --as-of
    summary: PlanSummary
    columns: tuple[PlanColumn, ...]  # the table's columns: the board's, less those unused
    left_out: tuple[str, ...]  # headings of the board's columns no action of the plan fills
    sections: tuple[PlanSection, ...]


def action_plan_context(index: Index, plan_id: str, as_of: date | None) -> ActionPlanContext:
    plan = require_plan(index, plan_id)
    actions = plan_actions(index, plan_id)
    rows = {a.id: plan_row(index, a, as_of) for a in actions}
    columns, left_out = used_columns(
        board_columns(index),
        [a.record for a in actions],
        overdue=any(row.overdue for row in rows.values()),
    )
    priority = {a.id: effective_priority(index, a) for a in actions}

    def section_rows(members: list[LoadedAction]) -> tuple[PlanRow, ...]:
        """The section's rows, each child under its parent, its cells in the columns."""
        return tuple(
            replace(rows[a.id], depth=depth, cells=row_cells(rows[a.id], columns, depth))
            for a, depth in nested(index, members)
        )

    sections = []
    numbers = [p.number for p in plan.priorities]
    for entry in plan.priorities:
        placed = section_rows([a for a in actions if priority[a.id] == entry.number])
        sections.append(PlanSection(entry.number, stated(entry.title), placed))
    unplaced = section_rows([a for a in actions if priority[a.id] not in numbers])
    if unplaced:
        sections.append(PlanSection(None, f"No {plan.priority_label.lower()} given", unplaced))
    return ActionPlanContext(
        board=board_heading(index, "action-plan", plan=plan.title or plan.id, period=plan.id),
        plan=plan_heading(plan),
        as_of=iso(as_of),
        summary=plan_summary(index, sections, with_overdue=as_of is not None),
        columns=columns,
        left_out=left_out,
        sections=tuple(sections),
    )


def child_mark(depth: int) -> str:
    """What the first cell of a child's row starts with: `↳ ` under its parent."""
    return "\u21b3" * depth + " " if depth else ""


def row_cells(
    row: PlanRow, columns: Sequence[PlanColumn], depth: int = 0
) -> tuple[tuple[str, ...], ...]:
    """A row's cells in the table's columns, each a tuple of lines; a child's first cell
    marked as under its parent."""
    cells = {
        "ref": (row.ref,),
        "title": row.activity,
        "desired_outcome": (row.desired_outcome,),
        "due": row.due,
        "lead": (row.lead,),
        "outcome_measure": (row.outcome_measure,),
        "progress": row.progress,
        "status": row.status,
        "subgroup": (row.subgroup,),
        "answers": row.answers,
        "impact": (row.impact,),
    }
    found = [cells[column.field] for column in columns]
    if depth and found:
        first = found[0] or ("",)
        found[0] = (child_mark(depth) + first[0], *first[1:])
    return tuple(found)


def plan_row(index: Index, action: LoadedAction, as_of: date | None) -> PlanRow:
    record = action.record
    row = status_row(action, index, as_of) if as_of else None
    due_lines: list[str] = []
    status_lines: list[str] = []
    progress_lines = [progress_text(e) for e in record.progress]
    if record.milestones:
        for number, milestone in enumerate(record.milestones, start=1):
            label = f" {milestone.title}" if milestone.title else ""
            due_lines.append(f"{number}.{label} {long(milestone.due, capital=True)}".strip())
            status_lines.append(f"{number}. {index.status_label(milestone.status)}")
            progress_lines += [f"{number}. {progress_text(e)}" for e in milestone.progress]
    else:
        due_lines.append(long(record.due, capital=True) or NOT_STATED)
    if record.review_by:
        due_lines.append(f"Review by {long(record.review_by)}")
    for change in record.due_history:
        due_lines.append(
            f"Due date amended from {long(change.from_) or 'none'} to {long(change.to)}"
        )
    overall = index.status_label(record.status)
    milestone_labels = {index.status_label(m.status) for m in record.milestones}
    if not record.milestones:
        status_lines.append(overall)
    elif milestone_labels != {overall}:
        status_lines.insert(0, f"Overall: {overall}")
    if row is not None and row.overdue:
        status_lines.append(f"Overdue ({count(row.days_overdue or 0, 'day')} at {iso(as_of)})")
    activity = [stated(record.title)]
    if record.parent is not None:
        activity.append(f"Part of {record.parent}")
    if record.answers:
        activity.append("Answers " + "; ".join(record.answers))
    if record.related:
        activity.append("Cross-references " + ", ".join(record.related))
    return PlanRow(
        ref=record.ref,
        activity=tuple(activity),
        desired_outcome=record.desired_outcome or "",
        due=tuple(due_lines),
        lead=lead_text(index, record.lead),
        outcome_measure=record.outcome_measure or "",
        progress=tuple(progress_lines),
        status=tuple(status_lines),
        status_id=record.status,
        overdue=bool(row and row.overdue),
        subgroup=index.subgroups[record.subgroup].name
        if record.subgroup in index.subgroups
        else record.subgroup or "",
        answers=tuple(record.answers),
        impact=record.impact or "",
        cells=(),
        parent=record.parent,
        depth=0,
    )


def plan_summary(
    index: Index, sections: Sequence[PlanSection], *, with_overdue: bool
) -> PlanSummary:
    # The board's statuses, then "Not stated" when an action gives none: every action is
    # counted in a column, so the columns add up to the total.
    columns: list[tuple[str | None, str]] = [(s.id, s.label) for s in index.statuses.values()]
    if any(r.status_id is None for section in sections for r in section.rows):
        columns.append((None, NOT_STATED))
    rows = tuple(
        SummaryRow(
            number=section.number,
            counts=tuple(sum(r.status_id == key for r in section.rows) for key, _ in columns),
            total=len(section.rows),
            overdue=sum(r.overdue for r in section.rows),
        )
        for section in sections
    )
    return PlanSummary(
        statuses=tuple(label for _, label in columns),
        rows=rows,
        totals=tuple(sum(r.counts[n] for r in rows) for n in range(len(columns))),
        total=sum(r.total for r in rows),
        overdue=sum(r.overdue for r in rows),
        with_overdue=with_overdue,
    )
