"""The data behind each rendered report: plain dicts and lists the templates only loop over.

Sorting, grouping and date arithmetic live here, in tested Python; templates only loop,
branch and escape. Pure functions of the index (and `as_of` where a report needs a date).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from assurance_cli.dates import ONGOING, PartialDate
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import AUDIT_KIND_LABELS, Audit, Finding, Plan, ProgressEntry
from assurance_cli.problems import AssureError
from assurance_cli.queries.status import effective_due, natural_key, status_row

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
        from assurance_cli.problems import unknown

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


DEFAULT_TITLES = {
    "action-plan": "{plan}",
    "learning": "Learning from {short_name} Assurance Activities ({period})",
    "loop": "Closing the loop: {short_name} {period}",
    "business-plan": "{plan}",
    "digest": "Quality of Practice and Performance: {period}",
}


def board_context(index: Index, report: str, **fields: str) -> dict[str, Any]:
    """The board's names and this report's title in the board's words (board.yaml's
    `report_titles`, else a default); `{plan}`, `{period}`, `{short_name}` are filled in."""
    board = index.board
    if board is None:
        raise AssureError("board.yaml did not load; run `assure check`")
    pattern = board.report_titles.get(report, DEFAULT_TITLES[report])
    values = {
        "short_name": board.short_name,
        "name": board.name,
        "plan": "",
        "period": "",
        **fields,
    }
    title = pattern
    for key, value in values.items():
        title = title.replace("{" + key + "}", value)
    return {"name": board.name, "short_name": board.short_name, "title": title}


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
        "board": board_context(index, "action-plan", plan=plan.title, period=plan.id),
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
        "board": board_context(index, "learning", plan=plan.title, period=plan.id),
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
        "board": board_context(index, "loop", plan=plan.title, period=plan.id),
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


# --- business plan (seed 004) ---------------------------------------------------------------

SHORT_TITLE = 360  # long enough for seed 004's cells; cuts only run-on titles


def short_title(text: str, limit: int = SHORT_TITLE) -> str:
    """The title cut at a word boundary near `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def action_subgroups(index: Index, action: LoadedAction) -> list[str]:
    """Who does it, as subgroups: the action's own `subgroup`, else its leads' subgroups."""
    if action.record.subgroup is not None:
        return [action.record.subgroup]
    found: list[str] = []
    for lead_id in action.record.lead:
        lead = index.leads.get(lead_id)
        if lead is not None and lead.subgroup is not None and lead.subgroup not in found:
            found.append(lead.subgroup)
    return found


def _matrix_entry(index: Index, action: LoadedAction, spans: bool) -> str:
    text = f"{action.record.ref}: {short_title(action.record.title)}"
    text += f" ({index.status_label(action.record.status)})"
    return text + (" (all priority areas)" if spans else "")


def business_plan_context(index: Index, plan_id: str) -> dict[str, Any]:
    plan = require_plan(index, plan_id)
    header = board_context(index, "business-plan", plan=plan.title, period=plan.id)
    board = index.board
    assert board is not None  # board_context raised otherwise
    actions = plan_actions(index, plan_id)
    numbers = [p.number for p in plan.priorities]
    rows = []
    for subgroup in index.subgroups.values():
        mine = [a for a in actions if subgroup.id in action_subgroups(index, a)]
        cells = [
            [
                _matrix_entry(index, a, a.record.priority is None)
                for a in mine
                if a.record.priority in (number, None)
            ]
            for number in numbers
        ]
        rows.append({"name": subgroup.name, "cells": cells})
    others = [
        {
            "ref": a.record.ref,
            "title": a.record.title,
            "priority": "" if a.record.priority is None else str(a.record.priority),
            "lead": " & ".join(index.lead_label(lead) for lead in a.record.lead),
            "status": index.status_label(a.record.status),
        }
        for a in actions
        if not action_subgroups(index, a)
    ]
    titles = {p.number: p.title for p in plan.priorities}
    questions = [
        {
            "action": a.record.ref,
            "area": titles.get(q.priority, "") if q.priority is not None else "",
            "text": q.text,
        }
        for a in actions
        for q in a.record.questions
    ]
    meetings = {m.id: m.name for m in board.meetings}
    reporting = [
        {
            "topic": r.record.topic,
            "reported_by": r.record.reported_by or "",
            "reported_to": meetings.get(r.record.reported_to or "", r.record.reported_to or ""),
            "when": long_date(r.record.due) or "Not yet scheduled",
            "frequency": r.record.frequency or "",
            "action": r.record.action or "",
        }
        for r in sorted(index.reports.values(), key=lambda r: r.path)
        if r.record.action is None or r.record.action.startswith(plan_id + "/")
    ]
    return {
        "board": header,
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "priority_label": plan.priority_label,
            "start": long_date(plan.period.start),
            "end": long_date(plan.period.end),
            "notes": list(plan.notes),
        },
        "priorities": [
            {"number": p.number, "title": p.short or p.title, "focus": p.focus or ""}
            for p in plan.priorities
        ],
        "has_focus": any(p.focus for p in plan.priorities),
        "rows": rows,
        "others": others,
        "questions": questions,
        "responsibilities": list(board.responsibilities),
        "core_business": list(board.core_business),
        "reporting": reporting,
    }


# --- quarterly digest (seed 003) ----------------------------------------------------------


def _in(when: date | None, start: date, end: date) -> bool:
    return when is not None and start <= when <= end


def _last_progress_date(action: LoadedAction) -> date | None:
    dated = [e.date.last for e in action.record.progress if e.date is not None]
    return max(dated, default=None)


def digest_context(index: Index, start: date, end: date) -> dict[str, Any]:
    """What reported, closed, slipped and falls due: for a newsletter or "since the last
    board meeting". `end` is also the as-of date for what is overdue."""
    if end < start:
        raise AssureError("--to is before --from")
    activities = []
    for audit in sorted(
        (a.record for a in index.audits.values()),
        key=lambda a: (_sort_date(audit_period_date(a)), a.id),
    ):
        when = audit_period_date(audit)
        if when is None or (not _in(when.last, start, end) and not _in(when.first, start, end)):
            continue
        findings = sorted(
            (
                index.findings[f].record
                for f in index.findings_for_audit.get(audit.id, [])
                if f in index.findings
            ),
            key=lambda f: (_source_key(f.source), f.id),
        )
        key = [f for f in findings if f.kind == "recommendation"] or findings
        activities.append({**_activity_row(audit), "recommendations": [f.text for f in key]})
    closed, slipped, rescheduled, due_next = [], [], [], []
    horizon = _add_months(end, 3)
    for action in sorted(index.actions.values(), key=lambda a: natural_key(a.id)):
        record = action.record
        item = {
            "id": action.id,
            "title": record.title,
            "lead": " & ".join(index.lead_label(lead) for lead in record.lead),
            "status": index.status_label(record.status),
        }
        if index.is_closed(record.status):
            if _in(_last_progress_date(action), start, end):
                closed.append(item)
            continue
        row = status_row(action, index, end)
        due = effective_due(record.due, record.review_by)
        if row.overdue and _in(due, start, end - timedelta(days=1)):
            slipped.append({**item, "due": long_date(record.due)})
        for change in record.due_history:
            if change.agreed is not None and _in(change.agreed.last, start, end):
                rescheduled.append(
                    {
                        **item,
                        "from": long_date(change.from_),
                        "to": long_date(change.to),
                        "reason": change.reason or "",
                    }
                )
        if due is not None and end < due <= horizon:
            due_next.append({**item, "due": long_date(record.due)})
    return {
        "board": board_context(index, "digest", period=f"{start.isoformat()} to {end.isoformat()}"),
        "start": _long(start),
        "end": _long(end),
        "horizon": _long(horizon),
        "activities": activities,
        "closed": closed,
        "overdue": slipped,
        "rescheduled": rescheduled,
        "due_next": due_next,
    }


def _long(day: date) -> str:
    return PartialDate(day, True).long()


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > date.max.year:  # the calendar ends on 9999-12-31
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
