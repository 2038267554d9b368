"""The business plan (seed 004): priority areas as columns, subgroups as rows, each cell the
actions of that subgroup for that area; then the actions outside the matrix, the assurance
questions, the board's core business and the assurance reporting cycle
(`business-plan.md.j2`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assurance_cli.dates import long
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Plan
from assurance_cli.queries.reports.common import (
    BoardHeading,
    PlanHeading,
    board_heading,
    lead_text,
    plan_actions,
    plan_heading,
    require_plan,
)
from assurance_cli.words import stated

SHORT_TITLE = 360  # long enough for seed 004's cells; cuts only run-on titles


@dataclass(frozen=True)
class PriorityColumn:
    number: int | str
    title: str  # the priority's `short` title, else its title
    focus: str  # the board's focus for it, "" when not given
    leads: str  # the leads that own it, in the board's words; "" when it names none


@dataclass(frozen=True)
class SubgroupRow:
    """A subgroup's row: for each priority (in column order), its actions as lines of one
    cell, each "ref: title (status)"."""

    name: str
    cells: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class OtherAction:
    """An action no subgroup holds."""

    ref: str
    title: str
    priority: str  # the number as text, "" when none
    lead: str
    status: str


@dataclass(frozen=True)
class QuestionRow:
    """A question or item an action lists (an assurance question, information wanted)."""

    action: str  # the action's ref
    area: str  # the title of the priority it concerns, "" when none
    text: str
    heading: str  # the words the paper lists it under, "" when none


@dataclass(frozen=True)
class ReportingRow:
    """An assurance report scheduled into the reporting cycle."""

    topic: str
    reported_by: str
    reported_to: str  # the meeting's name
    when: str  # "31 March 2017", or "Not yet scheduled"
    frequency: str
    action: str  # the id of the action it reports on, "" when none


@dataclass(frozen=True)
class BusinessPlanContext:
    board: BoardHeading
    plan: PlanHeading
    priorities: tuple[PriorityColumn, ...]
    has_focus: bool  # some priority has a focus (so the focus row is shown)
    has_leads: bool  # some priority names its leads (so the leads row is shown)
    rows: tuple[SubgroupRow, ...]
    others: tuple[OtherAction, ...]
    questions: tuple[QuestionRow, ...]
    questions_headed: bool  # some question is listed under a heading (so it is shown)
    responsibilities: tuple[str, ...]
    core_business: tuple[str, ...]
    reporting: tuple[ReportingRow, ...]


def short_title(text: str, limit: int = SHORT_TITLE) -> str:
    """The title cut at a word boundary near `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def action_subgroups(index: Index, action: LoadedAction, plan: Plan) -> list[str]:
    """Who does it, as subgroups: the action's own `subgroup`, else its leads' subgroups,
    else the subgroups that own its priority (the priority's `subgroups`, and its `leads`'
    subgroups): a business plan that names owners only per priority still fills its matrix."""
    if action.record.subgroup is not None:
        return [action.record.subgroup]
    found = _lead_subgroups(index, action.record.lead)
    if found:
        return found
    for priority in plan.priorities:
        if action.record.priority is not None and priority.number == action.record.priority:
            owners = list(priority.subgroups)
            owners += [s for s in _lead_subgroups(index, priority.leads) if s not in owners]
            return owners
    return []


def _lead_subgroups(index: Index, lead_ids: Sequence[str]) -> list[str]:
    found: list[str] = []
    for lead_id in lead_ids:
        lead = index.leads.get(lead_id)
        if lead is not None and lead.subgroup is not None and lead.subgroup not in found:
            found.append(lead.subgroup)
    return found


def business_plan_context(index: Index, plan_id: str) -> BusinessPlanContext:
    plan = require_plan(index, plan_id)
    header = board_heading(index, "business-plan", plan=plan.title or plan.id, period=plan.id)
    board = index.board
    assert board is not None  # board_heading raised otherwise
    actions = plan_actions(index, plan_id)
    return BusinessPlanContext(
        board=header,
        plan=plan_heading(plan),
        priorities=tuple(
            PriorityColumn(
                p.number, p.short or stated(p.title), p.focus or "", lead_text(index, p.leads)
            )
            for p in plan.priorities
        ),
        has_focus=any(p.focus for p in plan.priorities),
        has_leads=any(p.leads for p in plan.priorities),
        rows=_subgroup_rows(index, plan, actions),
        others=tuple(
            OtherAction(
                ref=a.record.ref,
                title=stated(a.record.title),
                priority="" if a.record.priority is None else str(a.record.priority),
                lead=lead_text(index, a.record.lead),
                status=index.status_label(a.record.status),
            )
            for a in actions
            if not action_subgroups(index, a, plan)
        ),
        questions=(questions := _questions(plan, actions)),
        questions_headed=any(q.heading for q in questions),
        responsibilities=tuple(board.responsibilities),
        core_business=tuple(board.core_business),
        reporting=_reporting(index, plan_id),
    )


def _subgroup_rows(
    index: Index, plan: Plan, actions: list[LoadedAction]
) -> tuple[SubgroupRow, ...]:
    numbers = [p.number for p in plan.priorities]
    rows = []
    for subgroup in index.subgroups.values():
        mine = [a for a in actions if subgroup.id in action_subgroups(index, a, plan)]
        cells = tuple(
            tuple(
                _matrix_entry(index, a, a.record.priority is None)
                for a in mine
                if a.record.priority in (number, None)
            )
            for number in numbers
        )
        rows.append(SubgroupRow(subgroup.name, cells))
    return tuple(rows)


def _matrix_entry(index: Index, action: LoadedAction, spans: bool) -> str:
    text = f"{action.record.ref}: {short_title(stated(action.record.title))}"
    text += f" ({index.status_label(action.record.status)})"
    return text + (" (all priority areas)" if spans else "")


def _questions(plan: Plan, actions: list[LoadedAction]) -> tuple[QuestionRow, ...]:
    titles = {p.number: p.title for p in plan.priorities}
    return tuple(
        QuestionRow(
            action=a.record.ref,
            area=(titles.get(q.priority) or "") if q.priority is not None else "",
            text=q.text,
            heading=q.heading or "",
        )
        for a in actions
        for q in a.record.questions
    )


def _reporting(index: Index, plan_id: str) -> tuple[ReportingRow, ...]:
    board = index.board
    meetings = {m.id: m.name for m in board.meetings} if board else {}
    return tuple(
        ReportingRow(
            topic=r.record.topic,
            reported_by=r.record.reported_by or "",
            reported_to=meetings.get(r.record.reported_to or "", r.record.reported_to or ""),
            when=long(r.record.due) or "Not yet scheduled",
            frequency=r.record.frequency or "",
            action=r.record.action or "",
        )
        for r in sorted(index.reports.values(), key=lambda r: r.path)
        if r.record.action is None or r.record.action.startswith(plan_id + "/")
    )
