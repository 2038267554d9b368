"""Everything about one action, audit or finding, and what links to it (`assure show`).

Builds plain data (labelled fields and sections of lines); `terminal.py` prints it and the
CLI can dump it as JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assurance_cli.dates import iso, long
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import AUDIT_KIND_LABELS, Audit, Figure, Finding, ProgressEntry
from assurance_cli.problems import AssureError
from assurance_cli.queries.status import natural_key, status_row


@dataclass
class Detail:
    kind: str  # action, audit or finding
    id: str
    title: str
    path: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    links: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "fields": dict(self.fields),
            "sections": {name: lines for name, lines in self.sections},
            "links": self.links,
        }


def resolve_id(index: Index, wanted: str) -> tuple[str, str]:
    """Find what `wanted` names: ('action'|'audit'|'finding', full id). A bare action ref is
    accepted when only one plan has it."""
    if wanted in index.actions:
        return "action", wanted
    if wanted in index.audits:
        return "audit", wanted
    if wanted in index.findings:
        return "finding", wanted
    matches = sorted((a for a in index.actions if a.split("/", 1)[1] == wanted), key=natural_key)
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


def build_detail(index: Index, wanted: str, as_of: date) -> Detail:
    kind, record_id = resolve_id(index, wanted)
    if kind == "action":
        return action_detail(index, index.actions[record_id], as_of)
    if kind == "audit":
        return audit_detail(index, index.audits[record_id].record, index.audits[record_id].path)
    loaded = index.findings[record_id]
    return finding_detail(index, loaded.record, loaded.path)


def progress_lines(entries: Sequence[ProgressEntry]) -> list[str]:
    return [f"{iso(entry.date) or 'undated':<10}  {entry.text}" for entry in entries]


def action_detail(index: Index, action: LoadedAction, as_of: date) -> Detail:
    record = action.record
    row = status_row(action, index, as_of)
    plan = index.plans.get(action.plan)
    priority = "not given"
    if record.priority is not None and plan is not None:
        titles = {p.number: p.title for p in plan.priorities}
        priority = f"{plan.priority_label} {record.priority}: {titles.get(record.priority, '?')}"
    overdue = f"yes, {row.days_overdue} days (as of {iso(as_of)})" if row.overdue else "no"
    detail = Detail("action", action.id, record.title, action.path)
    detail.fields = [
        ("Plan", plan.title if plan else action.plan),
        ("Priority", priority),
        ("Lead", "; ".join(row.lead_labels) or "not given"),
        (
            "Due",
            (long(record.due) or "not given")
            + (f" (review by {long(record.review_by)})" if record.review_by else ""),
        ),
        ("Status", f"{row.status_label} ({row.rag})"),
        (
            "Overdue",
            overdue + ("; " + "; ".join(row.overdue_milestones) if row.overdue_milestones else ""),
        ),
        ("Desired outcome", record.desired_outcome or "not given"),
        ("Outcome measure", record.outcome_measure or "not given"),
        ("Themes", ", ".join(_theme_title(index, t) for t in record.themes) or "none"),
        ("Impact", record.impact or "none recorded"),
    ]
    history = [
        f"{(long(change.from_) or 'not given')} -> {(long(change.to) or 'not given')}"
        + (f", agreed {(long(change.agreed) or 'not given')}" if change.agreed else "")
        + (f": {change.reason}" if change.reason else "")
        for change in record.due_history
    ]
    detail.sections.append(("Due-date history", history))
    detail.sections.append(("Progress", progress_lines(record.progress)))
    milestones = []
    for number, milestone in enumerate(record.milestones, start=1):
        label = f" {milestone.title}" if milestone.title else ""
        milestones.append(
            f"{number}.{label} due {(long(milestone.due) or 'not given')}: "
            f"{index.status_label(milestone.status)}"
        )
        milestones += ["    " + line for line in progress_lines(milestone.progress)]
    detail.sections.append(("Milestones", milestones))
    outgoing = [index.action_link(action.plan, r) for r in record.related]
    incoming = [a for a in index.related_from.get(action.id, []) if a not in outgoing]
    detail.sections.append(
        (
            "Cross-references",
            [
                *(_action_line(index, target, "") for target in outgoing),
                *(_action_line(index, source, " (refers to this one)") for source in incoming),
            ],
        )
    )
    findings = []
    for finding_id in record.responds_to:
        loaded = index.findings.get(finding_id)
        if loaded is None:
            findings.append(f"{finding_id} (missing)")
            continue
        findings.append(f"{finding_id} ({loaded.record.kind}): {loaded.record.text}")
        findings += ["    from " + _audit_line(index, a) for a in loaded.record.audits]
    detail.sections.append(("Responds to findings", findings))
    detail.links = {
        "related": outgoing,
        "related_from": incoming,
        "responds_to": list(record.responds_to),
    }
    return detail


def _theme_title(index: Index, theme_id: str) -> str:
    entry = index.themes.get(theme_id)
    return entry.theme.title if entry else theme_id


def _action_line(index: Index, action_id: str, suffix: str) -> str:
    target = index.actions.get(action_id)
    if target is None:
        return f"{action_id} (missing){suffix}"
    return (
        f"{action_id}{suffix}: {target.record.title} [{index.status_label(target.record.status)}]"
    )


def _audit_line(index: Index, audit_id: str) -> str:
    loaded = index.audits.get(audit_id)
    if loaded is None:
        return f"{audit_id} (missing)"
    audit = loaded.record
    return f"{audit_id}: {audit.title} ({(long(audit.date) or 'not given')})"


def audit_detail(index: Index, audit: Audit, path: str) -> Detail:
    detail = Detail("audit", audit.id, audit.title, path)
    period = (long(audit.date) or "not given") + (
        f" to {(long(audit.end) or 'not given')}" if audit.end else ""
    )
    detail.fields = [
        ("Kind", AUDIT_KIND_LABELS.get(audit.kind, audit.kind)),
        ("When", period),
        ("Reported", long(audit.reported) or "not given"),
        ("Commissioned by", audit.commissioned_by or "not given"),
        ("Led by", audit.led_by or "not given"),
        (
            "Sample",
            " ".join(
                filter(
                    None,
                    [
                        str(audit.sample_size) if audit.sample_size is not None else None,
                        audit.sample,
                    ],
                )
            )
            or "not given",
        ),
        ("Agencies", "; ".join(audit.agencies) or "not given"),
        ("Summary", audit.summary or "none"),
        ("Source", audit.source or "not given"),
    ]
    finding_ids = sorted(index.findings_for_audit.get(audit.id, []))
    lines = []
    action_ids: list[str] = []
    for finding_id in finding_ids:
        finding = index.findings[finding_id].record
        lines.append(f"{finding_id} ({finding.kind}): {finding.text}")
        action_ids += [
            a for a in index.actions_for_finding.get(finding_id, []) if a not in action_ids
        ]
    detail.sections.append(("Findings", lines))
    detail.sections.append(
        (
            "Actions answering its findings",
            [_action_line(index, a, "") for a in sorted(action_ids, key=natural_key)],
        )
    )
    detail.links = {"findings": finding_ids, "actions": action_ids}
    return detail


def figure_text(figure: Figure) -> str:
    """`62%`, `15 cases`, `1915`, with its period: `62% (Q4 2016-17)`."""
    unit = figure.unit or ""
    value = f"{figure.value:g}" + (unit if unit == "%" else f" {unit}" if unit else "")
    return value + (f" ({figure.period})" if figure.period else "")


def finding_detail(index: Index, finding: Finding, path: str) -> Detail:
    detail = Detail("finding", finding.id, finding.text, path)
    detail.fields = [
        ("Kind", finding.kind),
        ("Themes", ", ".join(_theme_title(index, t) for t in finding.themes) or "none"),
        ("Source", finding.source or "not given"),
    ]
    figures = [f"{figure.label}: {figure_text(figure)}" for figure in finding.figures]
    detail.sections.append(("Figures", figures))
    detail.sections.append(("From audits", [_audit_line(index, a) for a in finding.audits]))
    actions = sorted(index.actions_for_finding.get(finding.id, []), key=natural_key)
    detail.sections.append(("Actions answering it", [_action_line(index, a, "") for a in actions]))
    detail.links = {"audits": list(finding.audits), "actions": actions}
    return detail
