"""`assure show --format json`: one record and its links as the documented contract
(docs/json.md). Ids, typed values (lists as lists, numbers as numbers, null where the record
says nothing), ISO dates; labels in the board's words beside the ids they label; no text
shaped for a screen. `SHOW_JSON_VERSION` changes when a key changes meaning or goes away.
"""

from __future__ import annotations

from collections.abc import Sequence

from assurance_cli.dates import as_published, iso
from assurance_cli.model.records import DueChange, Figure, ProgressEntry
from assurance_cli.queries.show import (
    ActionDetail,
    AuditDetail,
    Detail,
    FindingDetail,
    LinkedAction,
    LinkedAudit,
    LinkedFinding,
)
from assurance_cli.render import json as jsonout

SHOW_JSON_VERSION = 1

Json = dict[str, object]


def show_json(detail: Detail, at: Json | None = None) -> str:
    """The document as indented JSON, with a final newline; with `at` (read with --at), it
    ends with that object."""
    document = detail_json(detail)
    if at is not None:
        document["at"] = at
    return jsonout.dumps(document) + "\n"


def detail_json(detail: Detail) -> Json:
    if isinstance(detail, ActionDetail):
        return action_json(detail)
    if isinstance(detail, AuditDetail):
        return audit_json(detail)
    return finding_json(detail)


def action_json(detail: ActionDetail) -> Json:
    record, row = detail.record, detail.row
    return {
        "version": SHOW_JSON_VERSION,
        "kind": "action",
        "id": row.id,
        "plan": row.plan,
        "ref": row.ref,
        "path": row.path,
        "as_of": iso(detail.as_of),
        "title": record.title,
        "plan_title": detail.plan_title,
        "priority": record.priority,
        "priority_label": detail.priority_label,
        "priority_title": detail.priority_title,
        "lead": list(row.lead),
        "lead_labels": list(row.lead_labels),
        "subgroup": record.subgroup,
        "due": row.due,
        "due_as_published": as_published(record.due),
        "review_by": row.review_by,
        "status": row.status,
        "status_label": row.status_label,
        "rag": row.rag,
        "closed": row.closed,
        "overdue": row.overdue,
        "days_overdue": row.days_overdue,
        "desired_outcome": record.desired_outcome,
        "outcome_measure": record.outcome_measure,
        "themes": list(record.themes),
        "theme_titles": list(detail.theme_titles),
        "impact": record.impact,
        "parent": record.parent,
        "answers": list(record.answers),
        "order": record.order,
        "due_history": [_due_change(change) for change in record.due_history],
        "progress": _progress(record.progress),
        "milestones": [
            {
                "number": item.number,
                "title": item.milestone.title,
                "due": iso(item.milestone.due),
                "due_as_published": as_published(item.milestone.due),
                "status": item.milestone.status,
                "status_label": item.status_label,
                "closed": item.closed,
                "overdue": item.days_overdue is not None,
                "days_overdue": item.days_overdue,
                "progress": _progress(item.milestone.progress),
            }
            for item in detail.milestones
        ],
        "questions": [
            {"priority": q.priority, "text": q.text, "heading": q.heading} for q in record.questions
        ],
        "links": {
            "related": _actions(detail.related),
            "related_from": _actions(detail.related_from),
            "responds_to": _findings(detail.responds_to),
            "parent": _actions([detail.parent] if detail.parent else []),
            "children": _actions(detail.children),
            "audits": _audits(detail.audits),
        },
    }


def audit_json(detail: AuditDetail) -> Json:
    audit = detail.audit
    return {
        "version": SHOW_JSON_VERSION,
        "kind": "audit",
        "id": audit.id,
        "path": detail.path,
        "title": audit.title,
        "audit_kind": audit.kind,
        "audit_kind_label": detail.kind_label,
        "date": iso(audit.date),
        "date_as_published": as_published(audit.date),
        "end": iso(audit.end),
        "end_as_published": as_published(audit.end),
        "reported": iso(audit.reported),
        "reported_as_published": as_published(audit.reported),
        "period": audit.period,
        "commissioned_by": audit.commissioned_by,
        "led_by": audit.led_by,
        "sample_size": audit.sample_size,
        "sample": audit.sample,
        "agencies": list(audit.agencies),
        "summary": audit.summary,
        "source": audit.source,
        "cadence": audit.cadence,
        "author": audit.author,
        "introduction": audit.introduction,
        "figures": _figures(audit.figures),
        "order": audit.order,
        "links": {"findings": _findings(detail.findings), "actions": _actions(detail.actions)},
    }


def finding_json(detail: FindingDetail) -> Json:
    finding = detail.finding
    return {
        "version": SHOW_JSON_VERSION,
        "kind": "finding",
        "id": finding.id,
        "path": detail.path,
        "title": finding.text,
        "finding_kind": finding.kind,
        "themes": list(finding.themes),
        "theme_titles": list(detail.theme_titles),
        "source": finding.source,
        "figures": _figures(finding.figures),
        "response": finding.response,
        "order": finding.order,
        "links": {
            "audits": _audits(detail.audits),
            "actions": _actions(detail.actions),
            "repeats": _findings(detail.repeats),
            "repeated_by": _findings(detail.repeated_by),
        },
    }


def _figures(figures: Sequence[Figure]) -> list[Json]:
    return [
        {"label": f.label, "value": f.value, "unit": f.unit, "period": f.period} for f in figures
    ]


def _progress(entries: Sequence[ProgressEntry]) -> list[Json]:
    return [{"date": iso(entry.date), "text": entry.text} for entry in entries]


def _due_change(change: DueChange) -> Json:
    return {
        "from": iso(change.from_),
        "from_as_published": as_published(change.from_),
        "to": iso(change.to),
        "to_as_published": as_published(change.to),
        "agreed": iso(change.agreed),
        "reason": change.reason,
    }


def _link(kind: str, record_id: str, exists: bool) -> Json:
    return {"kind": kind, "id": record_id, "exists": exists}


def _actions(actions: Sequence[LinkedAction]) -> list[Json]:
    return [_link("action", a.id, a.title is not None) for a in actions]


def _audits(audits: Sequence[LinkedAudit]) -> list[Json]:
    return [_link("audit", a.id, a.title is not None) for a in audits]


def _findings(findings: Sequence[LinkedFinding]) -> list[Json]:
    return [_link("finding", f.id, f.text is not None) for f in findings]
