"""The data behind each rendered report: plain dicts and lists the templates only loop over.

Sorting, grouping and date arithmetic live here, in tested Python; templates only loop,
branch and escape. Pure functions of the index (and `as_of` where a report needs a date).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .dates import ONGOING, PartialDate
from .index import Index
from .loader import LoadedAction
from .models import AUDIT_KIND_LABELS, Audit, Finding, Plan, ProgressEntry
from .problems import AssureError
from .queries import natural_key, status_row

REPORTS: tuple[tuple[str, str], ...] = (
    ("action-plan", "A plan's action tables, one section per priority (seed 002)"),
    ("learning", "Learning from assurance activity, by theme, for a period (seeds 000, 001)"),
    ("loop", "Closing the loop: findings, the actions answering them, and impact"),
    ("business-plan", "Priority areas x subgroups, core business, reporting cycle (seed 004)"),
    ("digest", "Quality of practice and performance pages for a period (seed 003)"),
)


def require_plan(index: Index, plan_id: str) -> Plan:
    plan = index.plans.get(plan_id)
    if plan is None:
        from .checks import unknown

        raise AssureError(unknown("plan", plan_id, index.plans))
    return plan


def long_date(value: PartialDate | str | None) -> str:
    if isinstance(value, PartialDate):
        return value.long()
    if value == ONGOING:
        return "Ongoing"
    return ""


def progress_text(entry: ProgressEntry) -> str:
    return f"{entry.date.long()}: {entry.text}" if entry.date else entry.text


def plan_actions(index: Index, plan_id: str) -> list[LoadedAction]:
    return sorted(
        (a for a in index.actions.values() if a.plan == plan_id),
        key=lambda a: natural_key(a.record.ref),
    )


def board_context(index: Index) -> dict[str, Any]:
    board = index.board
    if board is None:
        raise AssureError("board.yaml did not load; run `assure check`")
    return {"name": board.name, "short_name": board.short_name}


# --- action plan ---------------------------------------------------------------------------


def action_plan_context(index: Index, plan_id: str, as_of: date | None) -> dict[str, Any]:
    plan = require_plan(index, plan_id)
    actions = plan_actions(index, plan_id)
    sections = []
    numbers = [p.number for p in plan.priorities]
    for priority in plan.priorities:
        rows = [_plan_row(index, a, as_of) for a in actions if a.record.priority == priority.number]
        sections.append({"number": priority.number, "title": priority.title, "rows": rows})
    unplaced = [_plan_row(index, a, as_of) for a in actions if a.record.priority not in numbers]
    if unplaced:
        sections.append(
            {"number": None, "title": f"No {plan.priority_label.lower()} given", "rows": unplaced}
        )
    return {
        "board": board_context(index),
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "priority_label": plan.priority_label,
            "start": long_date(plan.period.start),
            "end": long_date(plan.period.end),
        },
        "as_of": as_of.isoformat() if as_of else None,
        "summary": _plan_summary(index, sections, as_of is not None),
        "sections": sections,
    }


def _plan_row(index: Index, action: LoadedAction, as_of: date | None) -> dict[str, Any]:
    record = action.record
    row = status_row(action, index, as_of) if as_of else None
    due_lines: list[str] = []
    status_lines: list[str] = []
    progress_lines = [progress_text(e) for e in record.progress]
    if record.milestones:
        for number, milestone in enumerate(record.milestones, start=1):
            label = f" {milestone.title}" if milestone.title else ""
            due_lines.append(f"{number}.{label} {long_date(milestone.due)}".strip())
            status_lines.append(f"{number}. {index.status_label(milestone.status)}")
            progress_lines += [f"{number}. {progress_text(e)}" for e in milestone.progress]
    else:
        due_lines.append(long_date(record.due) or "Not given")
    if record.review_by:
        due_lines.append(f"Review by {record.review_by.long()}")
    for change in record.due_history:
        due_lines.append(
            f"Due date amended from {long_date(change.from_) or 'none'} to {long_date(change.to)}"
        )
    overall = index.status_label(record.status)
    milestone_labels = {index.status_label(m.status) for m in record.milestones}
    if not record.milestones:
        status_lines.append(overall)
    elif milestone_labels != {overall}:
        status_lines.insert(0, f"Overall: {overall}")
    if row is not None and row.overdue:
        status_lines.append(f"Overdue ({row.days_overdue} days at {as_of})")
    activity = [record.title]
    if record.related:
        activity.append("Cross-references " + ", ".join(record.related))
    return {
        "ref": record.ref,
        "activity": activity,
        "desired_outcome": record.desired_outcome or "",
        "due": due_lines,
        "lead": " & ".join(index.lead_label(lead) for lead in record.lead),
        "outcome_measure": record.outcome_measure or "",
        "progress": progress_lines,
        "status": status_lines,
        "status_id": record.status,
        "overdue": bool(row and row.overdue),
    }


def _plan_summary(
    index: Index, sections: list[dict[str, Any]], with_overdue: bool
) -> dict[str, Any]:
    statuses = list(index.statuses.values())
    rows = []
    for section in sections:
        counts = [sum(r["status_id"] == s.id for r in section["rows"]) for s in statuses]
        row = {
            "number": section["number"],
            "counts": counts,
            "total": len(section["rows"]),
            "overdue": sum(r["overdue"] for r in section["rows"]),
        }
        rows.append(row)
    totals = [sum(r["counts"][n] for r in rows) for n in range(len(statuses))]
    return {
        "statuses": [s.label for s in statuses],
        "rows": rows,
        "totals": totals,
        "total": sum(r["total"] for r in rows),
        "overdue": sum(r["overdue"] for r in rows),
        "with_overdue": with_overdue,
    }


# --- learning report ----------------------------------------------------------------------


def audit_period_date(audit: Audit) -> PartialDate | None:
    """An audit belongs to a period by when it reported, else when it ended, else began."""
    return audit.reported or audit.end or audit.date


def in_period(audit: Audit, plan: Plan) -> bool:
    """An audit's explicit `period` decides; otherwise its reported/end/start date."""
    if audit.period is not None:
        return audit.period == plan.id
    when = audit_period_date(audit)
    return when is not None and plan.period.start.first <= when.last <= plan.period.end.last


def period_audits(index: Index, plan: Plan) -> list[Audit]:
    found = [loaded.record for loaded in index.audits.values() if in_period(loaded.record, plan)]
    return sorted(found, key=lambda a: (_sort_date(a.date), a.id))


def _sort_date(value: PartialDate | None) -> date:
    return value.first if value else date.min


def period_findings(index: Index, audits: Iterable[Audit]) -> list[Finding]:
    """The findings of the period: those whose first-cited audit reported in it (a finding
    may also cite earlier activities it echoes)."""
    audit_ids = {audit.id for audit in audits}
    return sorted(
        (f.record for f in index.findings.values() if f.record.audits[0] in audit_ids),
        key=lambda f: (_source_key(f.source), f.id),
    )


def _source_key(source: str | None) -> tuple[object, ...]:
    """Findings keep the order of the paper they came from ("seed 000 2.6" before "2.10")."""
    return natural_key(source or "~")


def next_plan(index: Index, plan: Plan) -> Plan | None:
    later = [p for p in index.plans.values() if p.period.start.first > plan.period.start.first]
    return min(later, key=lambda p: (p.period.start.first, p.id), default=None)


def _audit_label(index: Index, audit_id: str) -> str:
    loaded = index.audits.get(audit_id)
    if loaded is None:
        return audit_id
    audit = loaded.record
    return f"{audit.title} ({long_date(audit.date)})" if audit.date else audit.title


def _finding_item(index: Index, finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind,
        "text": finding.text,
        "sources": [_audit_label(index, a) for a in finding.audits],
    }


def learning_context(index: Index, period_id: str) -> dict[str, Any]:
    plan = require_plan(index, period_id)
    audits = period_audits(index, plan)
    findings = period_findings(index, audits)
    following = next_plan(index, plan)
    proposed = plan_actions(index, following.id) if following else []
    priorities = {p.number: p for p in following.priorities} if following else {}
    label = following.priority_label if following else "Priority"
    sections = []
    for theme_id, entry in index.themes.items():
        if entry.parent is not None:
            continue
        subthemes = [sub_id for sub_id, sub in index.themes.items() if sub.parent == theme_id]
        own = [f for f in findings if theme_id in f.themes]
        subsections = [
            {
                "title": index.themes[sub].theme.title,
                "findings": [_finding_item(index, f) for f in findings if sub in f.themes],
            }
            for sub in subthemes
        ]
        subsections = [s for s in subsections if s["findings"]]
        theme_ids = {theme_id, *subthemes}
        actions = [
            {
                "priority": a.record.priority,
                "prefix": (
                    f"{label} {a.record.priority}" if a.record.priority in priorities else None
                ),
                "title": a.record.title,
                "id": a.id,
            }
            for a in sorted(
                proposed, key=lambda a: (a.record.priority or 0, natural_key(a.record.ref))
            )
            if theme_ids & set(a.record.themes)
        ]
        if own or subsections or actions:
            sections.append(
                {
                    "title": entry.theme.title,
                    "findings": [_finding_item(index, f) for f in own],
                    "subsections": subsections,
                    "actions": actions,
                }
            )
    return {
        "board": board_context(index),
        "period": {
            "id": plan.id,
            "start": long_date(plan.period.start),
            "end": long_date(plan.period.end),
        },
        "next_plan": following.id if following else None,
        "activities": [_activity_row(a) for a in audits],
        "sections": sections,
        "matrix": _theme_matrix(index, audits, findings),
    }


def _activity_row(audit: Audit) -> dict[str, str]:
    when = long_date(audit.date) or "Not given"
    if audit.end:
        when += f" to {long_date(audit.end)}"
    return {
        "id": audit.id,
        "date": when,
        "kind": AUDIT_KIND_LABELS.get(audit.kind, audit.kind),
        "title": audit.title,
    }


def _top_theme(index: Index, theme_id: str) -> str:
    entry = index.themes.get(theme_id)
    while entry is not None and entry.parent is not None:
        theme_id = entry.parent
        entry = index.themes.get(theme_id)
    return theme_id


def _theme_matrix(index: Index, audits: list[Audit], findings: list[Finding]) -> dict[str, Any]:
    """How many findings each activity contributed to each (top-level) theme."""
    tops = [t for t, e in index.themes.items() if e.parent is None]
    counts: dict[tuple[str, str], int] = {}
    for finding in findings:
        for theme in {_top_theme(index, t) for t in finding.themes}:
            for audit_id in finding.audits:
                counts[audit_id, theme] = counts.get((audit_id, theme), 0) + 1
    used = [t for t in tops if any(counts.get((a.id, t)) for a in audits)]
    rows = [
        {"title": a.title, "counts": [counts.get((a.id, t), 0) for t in used]}
        for a in audits
        if any(counts.get((a.id, t)) for t in used)
    ]
    recurring = [sum(1 for a in audits if counts.get((a.id, t))) for t in used]
    return {
        "themes": [index.themes[t].theme.title for t in used],
        "rows": rows,
        "activities_per_theme": recurring,
    }


# --- closing the loop ---------------------------------------------------------------------


def loop_context(index: Index, period_id: str) -> dict[str, Any]:
    plan = require_plan(index, period_id)
    audits = period_audits(index, plan)
    findings = period_findings(index, audits)
    answered: list[dict[str, Any]] = []
    unanswered: list[dict[str, Any]] = []
    for finding in findings:
        action_ids = sorted(index.actions_for_finding.get(finding.id, []), key=natural_key)
        item = _finding_item(index, finding)
        item["actions"] = [
            {
                "id": a,
                "title": index.actions[a].record.title,
                "status": index.status_label(index.actions[a].record.status),
            }
            for a in action_ids
            if a in index.actions
        ]
        (answered if item["actions"] else unanswered).append(item)
    candidates = {a.id: a for a in plan_actions(index, plan.id)}
    for finding in findings:
        for action_id in index.actions_for_finding.get(finding.id, []):
            if action_id in index.actions:
                candidates.setdefault(action_id, index.actions[action_id])
    no_impact = [
        {"id": a.id, "title": a.record.title, "status": index.status_label(a.record.status)}
        for a in sorted(candidates.values(), key=lambda a: natural_key(a.id))
        if index.is_closed(a.record.status) and not a.record.impact
    ]
    return {
        "board": board_context(index),
        "period": {
            "id": plan.id,
            "start": long_date(plan.period.start),
            "end": long_date(plan.period.end),
        },
        "answered": answered,
        "unanswered": unanswered,
        "no_impact": no_impact,
        "finding_count": len(findings),
    }
