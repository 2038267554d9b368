"""Everything about one action, audit or finding, and what links to it (`assure show`).

Builds typed values: the record as read, what the index knows about it (labels, titles,
lateness) and each linked record. `render/show_text.py` writes them for the terminal and
`render/show_json.py` as the documented JSON (docs/json.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from assurance_cli.dates import PartialDate
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.io.layout import ref_file_stem
from assurance_cli.model.records import Action, Audit, Finding, Milestone
from assurance_cli.problems import AssureError
from assurance_cli.queries.status import StatusRow, milestone_days_late, natural_key, status_row


@dataclass(frozen=True)
class LinkedAction:
    id: str
    title: str | None  # None: no such action (a dangling reference)
    status_label: str | None


@dataclass(frozen=True)
class LinkedAudit:
    id: str
    title: str | None  # None: no such audit
    date: PartialDate | None


@dataclass(frozen=True)
class LinkedFinding:
    id: str
    kind: str | None  # None: no such finding
    text: str | None
    audits: tuple[LinkedAudit, ...]  # the audits it cites


@dataclass(frozen=True)
class MilestoneDetail:
    number: int  # 1-based
    milestone: Milestone
    status_label: str
    closed: bool
    days_overdue: int | None  # None: not overdue


@dataclass(frozen=True)
class ActionDetail:
    action: LoadedAction
    row: StatusRow  # status, RAG and lateness as `assure status` works them out
    as_of: date
    plan_title: str | None  # None: the plan is not in board.yaml
    priority_label: str | None  # the plan's word for a priority; None as plan_title
    priority_title: str | None  # None: no priority, or not one of the plan's
    theme_titles: tuple[str, ...]  # in the order of record.themes (the id when unknown)
    milestones: tuple[MilestoneDetail, ...]
    related: tuple[LinkedAction, ...]  # the actions it cross-references
    related_from: tuple[LinkedAction, ...]  # other actions cross-referencing it
    responds_to: tuple[LinkedFinding, ...]
    parent: LinkedAction | None  # the action it belongs to (1.1 of 1.1b); None: none given
    children: tuple[LinkedAction, ...]  # the actions naming it as their parent
    audits: tuple[LinkedAudit, ...]  # the reviews or audits it comes from, directly

    @property
    def record(self) -> Action:
        return self.action.record


@dataclass(frozen=True)
class AuditDetail:
    audit: Audit
    path: str
    kind_label: str
    findings: tuple[LinkedFinding, ...]  # the findings citing it, by id
    # the actions answering those findings, or naming the audit in their `audits`, by id
    actions: tuple[LinkedAction, ...]


@dataclass(frozen=True)
class FindingDetail:
    finding: Finding
    path: str
    theme_titles: tuple[str, ...]
    audits: tuple[LinkedAudit, ...]  # the audits it cites
    actions: tuple[LinkedAction, ...]  # the actions answering it, by id
    repeats: tuple[LinkedFinding, ...]  # the earlier findings it repeats
    repeated_by: tuple[LinkedFinding, ...]  # later findings repeating it, by id


Detail: TypeAlias = ActionDetail | AuditDetail | FindingDetail


def resolve_id(index: Index, wanted: str) -> tuple[str, str]:
    """Find what `wanted` names: ('action'|'audit'|'finding', full id). A bare action ref is
    accepted when only one plan has it."""
    if wanted in index.actions:
        return "action", wanted
    if wanted in index.audits:
        return "audit", wanted
    if wanted in index.findings:
        return "finding", wanted
    matches = sorted(
        (action.id for action in index.actions.values() if _names_action(wanted, action)),
        key=natural_key,
    )
    if len(matches) == 1:
        return "action", matches[0]
    if matches:
        raise AssureError(
            f"'{wanted}' is a ref in several plans: {', '.join(matches)}; "
            "give the full id, e.g. " + matches[0]
        )
    raise AssureError(
        f"no action, audit or finding with id '{wanted}'; list actions with `assure status`"
    )


def _names_action(wanted: str, action: LoadedAction) -> bool:
    """`wanted` names the action by its ref (as published, or as its file is named), with
    or without its plan."""
    ref = action.record.ref
    plan, _, bare = wanted.rpartition("/")
    if plan and plan != action.plan:
        return False
    return bare in (ref, ref_file_stem(ref)) or wanted in (ref, ref_file_stem(ref))


def build_detail(index: Index, wanted: str, as_of: date) -> Detail:
    kind, record_id = resolve_id(index, wanted)
    if kind == "action":
        return action_detail(index, index.actions[record_id], as_of)
    if kind == "audit":
        return audit_detail(index, index.audits[record_id].record, index.audits[record_id].path)
    loaded = index.findings[record_id]
    return finding_detail(index, loaded.record, loaded.path)


def action_detail(index: Index, action: LoadedAction, as_of: date) -> ActionDetail:
    record = action.record
    row = status_row(action, index, as_of)
    plan = index.plans.get(action.plan)
    titles = {p.number: p.title for p in plan.priorities} if plan else {}
    outgoing = [index.action_link(action.plan, r) for r in record.related]
    incoming = [a for a in index.related_from.get(action.id, []) if a not in outgoing]
    return ActionDetail(
        action=action,
        row=row,
        as_of=as_of,
        plan_title=plan.title if plan else None,
        priority_label=plan.priority_label if plan else None,
        priority_title=titles.get(record.priority) if record.priority is not None else None,
        theme_titles=tuple(_theme_title(index, t) for t in record.themes),
        milestones=tuple(
            MilestoneDetail(
                number,
                milestone,
                index.status_label(milestone.status),
                index.is_closed(milestone.status),
                None if row.closed else milestone_days_late(milestone, index, as_of),
            )
            for number, milestone in enumerate(record.milestones, start=1)
        ),
        related=tuple(linked_action(index, a) for a in outgoing),
        related_from=tuple(linked_action(index, a) for a in incoming),
        responds_to=tuple(linked_finding(index, f) for f in record.responds_to),
        parent=(
            linked_action(index, index.action_link(action.plan, record.parent))
            if record.parent is not None
            else None
        ),
        children=tuple(
            linked_action(index, a)
            for a in sorted(
                (
                    other.id
                    for other in index.actions.values()
                    if other.plan == action.plan
                    and other.record.parent is not None
                    and index.action_link(other.plan, other.record.parent) == action.id
                ),
                key=natural_key,
            )
        ),
        audits=tuple(linked_audit(index, a) for a in record.audits),
    )


def audit_detail(index: Index, audit: Audit, path: str) -> AuditDetail:
    finding_ids = sorted(index.findings_for_audit.get(audit.id, []))
    action_ids: list[str] = []
    for finding_id in finding_ids:
        action_ids += [
            a for a in index.actions_for_finding.get(finding_id, []) if a not in action_ids
        ]
    action_ids += [
        a.id
        for a in index.actions.values()
        if audit.id in a.record.audits and a.id not in action_ids
    ]
    return AuditDetail(
        audit=audit,
        path=path,
        kind_label=index.audit_kind_label(audit.kind),
        findings=tuple(linked_finding(index, f, with_audits=False) for f in finding_ids),
        actions=tuple(linked_action(index, a) for a in sorted(action_ids, key=natural_key)),
    )


def finding_detail(index: Index, finding: Finding, path: str) -> FindingDetail:
    actions = sorted(index.actions_for_finding.get(finding.id, []), key=natural_key)
    return FindingDetail(
        finding=finding,
        path=path,
        theme_titles=tuple(_theme_title(index, t) for t in finding.themes),
        audits=tuple(linked_audit(index, a) for a in finding.audits),
        actions=tuple(linked_action(index, a) for a in actions),
        repeats=tuple(linked_finding(index, f, with_audits=True) for f in finding.repeats),
        repeated_by=tuple(
            linked_finding(index, f.record.id)
            for f in sorted(index.findings.values(), key=lambda f: f.record.id)
            if finding.id in f.record.repeats
        ),
    )


def linked_action(index: Index, action_id: str) -> LinkedAction:
    target = index.actions.get(action_id)
    if target is None:
        return LinkedAction(action_id, None, None)
    return LinkedAction(action_id, target.record.title, index.status_label(target.record.status))


def linked_audit(index: Index, audit_id: str) -> LinkedAudit:
    loaded = index.audits.get(audit_id)
    if loaded is None:
        return LinkedAudit(audit_id, None, None)
    return LinkedAudit(audit_id, loaded.record.title, loaded.record.date)


def linked_finding(index: Index, finding_id: str, *, with_audits: bool = True) -> LinkedFinding:
    loaded = index.findings.get(finding_id)
    if loaded is None:
        return LinkedFinding(finding_id, None, None, ())
    record = loaded.record
    audits = tuple(linked_audit(index, a) for a in record.audits) if with_audits else ()
    return LinkedFinding(finding_id, record.kind, record.text, audits)


def _theme_title(index: Index, theme_id: str) -> str:
    entry = index.themes.get(theme_id)
    return entry.theme.title if entry else theme_id
