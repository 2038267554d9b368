"""Closing the loop (seed 000 3.14, seed 004): the findings of a period with the actions that
answer them, the findings no action answers, and closed actions with no impact recorded
(`loop.md.j2`)."""

from __future__ import annotations

from dataclasses import dataclass

from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.queries.reports.common import (
    Activity,
    BoardHeading,
    Coverage,
    FindingItem,
    PeriodHeading,
    action_order,
    activity,
    board_heading,
    finding_item,
    period_findings,
    plan_actions,
    plan_coverage,
    undated_audits,
)
from assurance_cli.words import stated


@dataclass(frozen=True)
class ActionStatus:
    """An action with its status label."""

    id: str
    title: str
    status: str


@dataclass(frozen=True)
class LoopFinding(FindingItem):
    """A finding with the actions recorded against it (none for an unanswered finding)."""

    actions: tuple[ActionStatus, ...]


@dataclass(frozen=True)
class LoopContext:
    board: BoardHeading
    period: PeriodHeading
    answered: tuple[LoopFinding, ...]
    unanswered: tuple[LoopFinding, ...]
    no_impact: tuple[ActionStatus, ...]  # completed (closed, not withdrawn) with no `impact`
    finding_count: int
    undated: tuple[Activity, ...]  # activities with findings that give no date: in no period


def loop_context(index: Index, period: str | Coverage) -> LoopContext:
    """Closing the loop over a plan's period (its id), or any span of days (a coverage from
    `days_coverage`): there, the completed actions are those answering its findings."""
    covered = plan_coverage(index, period) if isinstance(period, str) else period
    findings = period_findings(index, covered.audits)
    answered: list[LoopFinding] = []
    unanswered: list[LoopFinding] = []
    for finding in findings:
        answering = [
            index.actions[a]
            for a in index.actions_for_finding.get(finding.id, [])
            if a in index.actions
        ]
        actions = tuple(_action_status(index, a) for a in sorted(answering, key=action_order))
        found = finding_item(index, finding)
        item = LoopFinding(
            found.id, found.kind, found.text, found.sources, found.response, found.repeats, actions
        )
        (answered if actions else unanswered).append(item)
    plan = covered.plan
    candidates = {a.id: a for a in plan_actions(index, plan.id)} if plan is not None else {}
    for finding in findings:
        for action_id in index.actions_for_finding.get(finding.id, []):
            if action_id in index.actions:
                candidates.setdefault(action_id, index.actions[action_id])
    no_impact = tuple(
        _action_status(index, a)
        for a in sorted(candidates.values(), key=action_order)
        if index.is_completed(a.record.status) and not a.record.impact
    )
    return LoopContext(
        board=board_heading(
            index, "loop", plan=covered.name, period=plan.id if plan else covered.name
        ),
        period=covered.heading,
        answered=tuple(answered),
        unanswered=tuple(unanswered),
        no_impact=no_impact,
        finding_count=len(findings),
        undated=tuple(
            activity(a, index) for a in undated_audits(index) if index.findings_for_audit.get(a.id)
        ),
    )


def _action_status(index: Index, action: LoadedAction) -> ActionStatus:
    record = action.record
    return ActionStatus(action.id, stated(record.title), index.status_label(record.status))
