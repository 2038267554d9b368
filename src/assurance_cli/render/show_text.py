"""`assure show` as text: labelled fields and sections of lines, for `terminal.print_detail`.

Where the record says nothing the view says so ("Not stated", as every output does; "none"
for an empty list); dates read as boards print them, progress entries keep their ISO date in
a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assurance_cli.dates import iso, long
from assurance_cli.model.records import Figure, ProgressEntry
from assurance_cli.queries.show import (
    ActionDetail,
    AuditDetail,
    Detail,
    FindingDetail,
    LinkedAction,
    LinkedAudit,
    LinkedFinding,
)
from assurance_cli.words import NOT_STATED, count, stated

NOT_GIVEN = NOT_STATED


@dataclass(frozen=True)
class DetailView:
    kind: str  # action, audit or finding
    id: str
    title: str
    path: str
    fields: tuple[tuple[str, str], ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]


def detail_view(detail: Detail) -> DetailView:
    if isinstance(detail, ActionDetail):
        return action_view(detail)
    if isinstance(detail, AuditDetail):
        return audit_view(detail)
    return finding_view(detail)


def action_view(detail: ActionDetail) -> DetailView:
    record, row = detail.record, detail.row
    priority = NOT_GIVEN
    if record.priority is not None and detail.priority_label is not None:
        title = detail.priority_title if detail.priority_title is not None else "?"
        priority = f"{detail.priority_label} {record.priority}: {title}"
    late = count(row.days_overdue or 0, "day")
    overdue = f"yes, {late} (as of {iso(detail.as_of)})" if row.overdue else "no"
    if row.overdue_milestones:
        overdue += "; " + "; ".join(row.overdue_milestones)
    review = f" (review by {long(record.review_by)})" if record.review_by else ""
    fields = (
        ("Plan", detail.plan_title or detail.action.plan),
        ("Priority", priority),
        ("Lead", "; ".join(row.lead_labels) or NOT_GIVEN),
        ("Due", (long(record.due) or NOT_GIVEN) + review),
        ("Status", row.status_label + (f" ({row.rag})" if row.rag else "")),
        ("Overdue", overdue),
        ("Desired outcome", record.desired_outcome or NOT_GIVEN),
        ("Outcome measure", record.outcome_measure or NOT_GIVEN),
        ("Themes", ", ".join(detail.theme_titles) or "none"),
        ("Impact", record.impact or "none recorded"),
        # Fields few papers print: shown where the record gives them.
        *((("Part of", action_line(detail.parent)),) if detail.parent else ()),
        *((("Answers", "; ".join(record.answers)),) if record.answers else ()),
    )
    history = tuple(
        f"{long(change.from_) or NOT_GIVEN} -> {long(change.to) or NOT_GIVEN}"
        + (f", agreed {long(change.agreed) or NOT_GIVEN}" if change.agreed else "")
        + (f": {change.reason}" if change.reason else "")
        for change in record.due_history
    )
    milestones: list[str] = []
    for item in detail.milestones:
        label = f" {item.milestone.title}" if item.milestone.title else ""
        milestones.append(
            f"{item.number}.{label} due {long(item.milestone.due) or NOT_GIVEN}: "
            f"{item.status_label}"
        )
        milestones += ["    " + line for line in progress_lines(item.milestone.progress)]
    findings: list[str] = []
    for finding in detail.responds_to:
        findings.append(finding_line(finding))
        findings += ["    from " + audit_line(audit) for audit in finding.audits]
    cross_references = (
        *(action_line(target) for target in detail.related),
        *(action_line(source, " (refers to this one)") for source in detail.related_from),
    )
    return DetailView(
        "action",
        detail.action.id,
        stated(record.title),
        detail.action.path,
        fields,
        (
            ("Due-date history", history),
            ("Progress", progress_lines(record.progress)),
            ("Milestones", tuple(milestones)),
            ("Cross-references", cross_references),
            ("Responds to findings", tuple(findings)),
            *(
                (("Its actions", tuple(action_line(a) for a in detail.children)),)
                if detail.children
                else ()
            ),
            *(
                (("Comes from", tuple(audit_line(a) for a in detail.audits)),)
                if detail.audits
                else ()
            ),
        ),
    )


def audit_view(detail: AuditDetail) -> DetailView:
    audit = detail.audit
    sample_size = str(audit.sample_size) if audit.sample_size is not None else None
    fields = (
        ("Kind", detail.kind_label),
        (
            "When",
            (long(audit.date) or NOT_GIVEN)
            + (f" to {long(audit.end) or NOT_GIVEN}" if audit.end else ""),
        ),
        ("Reported", long(audit.reported) or NOT_GIVEN),
        ("Commissioned by", audit.commissioned_by or NOT_GIVEN),
        ("Led by", audit.led_by or NOT_GIVEN),
        ("Sample", " ".join(filter(None, [sample_size, audit.sample])) or NOT_GIVEN),
        ("Agencies", "; ".join(audit.agencies) or NOT_GIVEN),
        ("Summary", audit.summary or "none"),
        ("Source", audit.source or NOT_GIVEN),
        # Fields few papers print: shown where the record gives them.
        *((("Cadence", audit.cadence),) if audit.cadence else ()),
        *((("Author", audit.author),) if audit.author else ()),
        *((("Introduction", audit.introduction),) if audit.introduction else ()),
    )
    return DetailView(
        "audit",
        audit.id,
        audit.title,
        detail.path,
        fields,
        (
            *((("Figures", figure_lines(audit.figures)),) if audit.figures else ()),
            ("Findings", tuple(finding_line(f) for f in detail.findings)),
            ("Actions answering its findings", tuple(action_line(a) for a in detail.actions)),
        ),
    )


def finding_view(detail: FindingDetail) -> DetailView:
    finding = detail.finding
    fields = (
        ("Kind", stated(finding.kind)),
        ("Themes", ", ".join(detail.theme_titles) or "none"),
        ("Source", finding.source or NOT_GIVEN),
        *((("Response", finding.response),) if finding.response else ()),
    )
    return DetailView(
        "finding",
        finding.id,
        finding.text,
        detail.path,
        fields,
        (
            ("Figures", figure_lines(finding.figures)),
            ("From audits", tuple(audit_line(a) for a in detail.audits)),
            ("Actions answering it", tuple(action_line(a) for a in detail.actions)),
            *(
                (("Repeats", tuple(finding_line(f) for f in detail.repeats)),)
                if detail.repeats
                else ()
            ),
            *(
                (("Repeated by", tuple(finding_line(f) for f in detail.repeated_by)),)
                if detail.repeated_by
                else ()
            ),
        ),
    )


def progress_lines(entries: Sequence[ProgressEntry]) -> tuple[str, ...]:
    return tuple(f"{iso(entry.date) or 'undated':<10}  {entry.text}" for entry in entries)


def action_line(action: LinkedAction, suffix: str = "") -> str:
    if action.title is None:
        return f"{action.id} (missing){suffix}"
    return f"{action.id}{suffix}: {action.title} [{action.status_label}]"


def audit_line(audit: LinkedAudit) -> str:
    if audit.title is None:
        return f"{audit.id} (missing)"
    return f"{audit.id}: {audit.title} ({long(audit.date) or NOT_GIVEN})"


def finding_line(finding: LinkedFinding) -> str:
    if finding.text is None:
        return f"{finding.id} (missing)"
    return f"{finding.id} ({stated(finding.kind)}): {finding.text}"


def figure_lines(figures: Sequence[Figure]) -> tuple[str, ...]:
    return tuple(f"{f.label}: {figure_text(f)}" for f in figures)


def figure_text(figure: Figure) -> str:
    """`62%`, `15 cases`, `1915`, with its period: `62% (Q4 2016-17)`."""
    unit = figure.unit or ""
    value = f"{figure.value:g}" + (unit if unit == "%" else f" {unit}" if unit else "")
    return value + (f" ({figure.period})" if figure.period else "")
