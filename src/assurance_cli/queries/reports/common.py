"""What the report contexts share: the board's heading, a plan's heading and period, the audits
and findings of a period, and the rows more than one report shows.

Every context is a frozen dataclass of text, numbers, flags and tuples: the templates only
loop, branch and escape. docs/report-contexts.md documents every field for board templates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from assurance_cli.dates import PartialDate, long
from assurance_cli.index.build import Index, plan_days
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Audit, Figure, Finding, Plan, ProgressEntry
from assurance_cli.problems import NO_BOARD, AssureError, unknown
from assurance_cli.queries.status import natural_key
from assurance_cli.words import NOT_STATED

DEFAULT_TITLES = {
    "action-plan": "{plan}",
    "learning": "Learning from {short_name} Assurance Activities ({period})",
    "loop": "Closing the loop: {short_name} {period}",
    "business-plan": "{plan}",
    "digest": "Quality of Practice and Performance: {period}",
    "trend": "{short_name} action plan: the trend, {period}",
    "exceptions": "Exceptions: {plan}",
}


@dataclass(frozen=True)
class BoardHeading:
    """The board's names and this report's title in the board's words."""

    name: str
    short_name: str
    title: str


@dataclass(frozen=True)
class PlanHeading:
    """A plan as a report's heading shows it; dates as boards print them."""

    id: str
    title: str  # its title; its id where the paper gives none
    priority_label: str  # the plan's word for a priority: "Objective", "Priority area"
    start: str  # "" where the paper gives no period
    end: str
    notes: tuple[str, ...]
    period: str  # as published ("2013/14"), else "1 April 2015 to 31 March 2016", else "Not stated"


@dataclass(frozen=True)
class PeriodHeading:
    """The period of a plan whose assurance activity a report covers."""

    id: str
    start: str  # "" where the plan gives no period
    end: str
    span: str  # "between 1 April 2015 and 31 March 2016", "in 2013/14", or "in a period not stated"


@dataclass(frozen=True)
class Activity:
    """An assurance activity (audit) as a row: when, what kind, what."""

    id: str
    date: str  # "September 2015 to November 2015", or "Not stated"
    kind: str  # the kind's label: "External review"
    title: str
    cadence: str  # how often it is repeated, as published ("annual"); "" when not given
    figures: tuple[str, ...]  # its roll-up figures: "recommendations: 12", "in Q4: 62%"


@dataclass(frozen=True)
class FindingItem:
    """A finding with the activities it came from, each "title (date)"."""

    id: str
    kind: str  # strength, concern, recommendation or mixed; "Not stated"
    text: str
    sources: tuple[str, ...]
    response: str  # the response recorded under it; "" when none
    repeats: tuple[str, ...]  # the earlier findings it repeats, each by its first source


def require_plan(index: Index, plan_id: str) -> Plan:
    if index.board is None:
        raise AssureError(NO_BOARD)
    plan = index.plans.get(plan_id)
    if plan is None:
        raise AssureError(unknown("plan", plan_id, index.plans))
    return plan


def board_heading(index: Index, report: str, **fields: str) -> BoardHeading:
    """The board's names and this report's title in the board's words (board.yaml's
    `report_titles`, else a default); `{plan}`, `{period}`, `{short_name}` are filled in."""
    board = index.board
    if board is None:
        raise AssureError(NO_BOARD)
    pattern = board.report_titles.get(report, DEFAULT_TITLES[report])
    short_name = board.short_name or board.name
    values = {
        "short_name": short_name,
        "name": board.name,
        "plan": "",
        "period": "",
        **fields,
    }
    title = pattern
    for key, value in values.items():
        title = title.replace("{" + key + "}", value)
    return BoardHeading(board.name, short_name, title)


def plan_heading(plan: Plan) -> PlanHeading:
    start, end = _period_ends(plan)
    published = plan.label or (f"{start} to {end}" if start else NOT_STATED)
    return PlanHeading(
        id=plan.id,
        title=plan.title or plan.id,
        priority_label=plan.priority_label,
        start=start,
        end=end,
        notes=tuple(plan.notes),
        period=published,
    )


def period_heading(plan: Plan) -> PeriodHeading:
    start, end = _period_ends(plan)
    if plan.label:
        span = f"in {plan.label}"
    else:
        span = f"between {start} and {end}" if start else "in a period not stated"
    return PeriodHeading(plan.id, start, end, span)


def _period_ends(plan: Plan) -> tuple[str, str]:
    """A plan's first and last day as boards print them; ("", "") for no period."""
    days = plan_days(plan)
    return (long(days[0]), long(days[1])) if days else ("", "")


def progress_text(entry: ProgressEntry) -> str:
    return f"{long(entry.date)}: {entry.text}" if entry.date else entry.text


def lead_text(index: Index, leads: Sequence[str]) -> str:
    """An action's leads in the board's words: `Chair of QPP Subgroup & Business Manager`."""
    return " & ".join(index.lead_label(lead) for lead in leads)


def plan_actions(index: Index, plan_id: str) -> list[LoadedAction]:
    return sorted((a for a in index.actions.values() if a.plan == plan_id), key=action_order)


# Reports follow the paper's order: `order` where a record gives its place in the paper (those
# that give none after those that do), else refs in number order (`3d2` before `3d10`).


def action_order(action: LoadedAction) -> tuple[object, ...]:
    """Actions by plan, then by their place in the paper, then by ref."""
    record = action.record
    return (
        natural_key(action.plan),
        record.order is None,
        record.order or 0,
        natural_key(record.ref),
    )


def finding_order(finding: Finding) -> tuple[object, ...]:
    """Findings by the paper they came from ("seed 000 2.6" before "2.10"), then by their
    place in it, then by id."""
    return (source_key(finding.source), finding.order is None, finding.order or 0, finding.id)


def audit_period_date(audit: Audit) -> PartialDate | None:
    """An audit belongs to a period by when it reported, else when it ended, else began."""
    return audit.reported or audit.end or audit.date


def in_period(audit: Audit, plan: Plan) -> bool:
    """An audit's explicit `period` decides; otherwise its reported/end/start date."""
    if audit.period is not None:
        return audit.period == plan.id
    when = audit_period_date(audit)
    days = plan_days(plan)
    return when is not None and days is not None and days[0] <= when.last <= days[1]


def period_audits(index: Index, plan: Plan) -> list[Audit]:
    found = [loaded.record for loaded in index.audits.values() if in_period(loaded.record, plan)]
    return sorted(found, key=audit_order)


def audit_order(audit: Audit) -> tuple[object, ...]:
    """Activities by their place in the paper, else by when they took place (when they
    ended or reported, for one giving only that)."""
    return (
        audit.order is None,
        audit.order or 0,
        sort_date(audit.date or audit.end or audit.reported),
        audit.id,
    )


def in_days(index: Index, audit: Audit, start: date, end: date) -> bool:
    """An audit that names the plan whose report covers it (`period`) is in a span of days
    by that plan's last day, as a plan's report takes it; others by when they reported,
    else ended, else began."""
    plan = index.plans.get(audit.period) if audit.period is not None else None
    days = plan_days(plan) if plan is not None else None
    if days is not None:
        return start <= days[1] <= end
    when = audit_period_date(audit)
    return when is not None and start <= when.last <= end


@dataclass(frozen=True)
class Coverage:
    """What a report over a period covers: a plan's period (`--period`), or any span of days
    (`--from`/`--to`), which needs no plan."""

    heading: PeriodHeading
    name: str  # the period in a title: the plan's title, or "1 April 2015 to 31 March 2016"
    audits: tuple[Audit, ...]  # the activities that reported in it, by date
    following: Plan | None  # the plan starting next, whose actions are proposed
    plan: Plan | None  # the plan, for a plan's period


def plan_coverage(index: Index, plan_id: str) -> Coverage:
    if index.board is not None and plan_id not in index.plans:
        raise AssureError(
            unknown("plan", plan_id, index.plans) + "; for any span of days, with or without "
            "a plan, give --from and --to instead of --period"
        )
    plan = require_plan(index, plan_id)
    return Coverage(
        heading=period_heading(plan),
        name=plan.title or plan.id,
        audits=tuple(period_audits(index, plan)),
        following=next_plan(index, plan),
        plan=plan,
    )


def days_coverage(index: Index, start: date, end: date) -> Coverage:
    """The days from `start` to `end`, whatever plans the board has (or none)."""
    if index.board is None:
        raise AssureError(NO_BOARD)
    first, last = long(start), long(end)
    found = [a.record for a in index.audits.values() if in_days(index, a.record, start, end)]
    return Coverage(
        heading=PeriodHeading("", first, last, f"between {first} and {last}"),
        name=f"{first} to {last}",
        audits=tuple(sorted(found, key=audit_order)),
        following=plan_after(index, start),
        plan=None,
    )


def undated_audits(index: Index) -> tuple[Audit, ...]:
    """Activities that give no date and name no plan's period: no period report covers them,
    so each names them rather than leave them out silently."""
    return tuple(
        sorted(
            (
                a.record
                for a in index.audits.values()
                if audit_period_date(a.record) is None and a.record.period is None
            ),
            key=audit_order,
        )
    )


def sort_date(value: PartialDate | None) -> date:
    return value.first if value else date.min


def period_findings(index: Index, audits: Iterable[Audit]) -> list[Finding]:
    """The findings of the period: those whose first-cited audit reported in it (a finding
    may also cite earlier activities it echoes)."""
    audit_ids = {audit.id for audit in audits}
    return sorted(
        (f.record for f in index.findings.values() if f.record.audits[0] in audit_ids),
        key=finding_order,
    )


def source_key(source: str | None) -> tuple[object, ...]:
    """Findings keep the order of the paper they came from ("seed 000 2.6" before "2.10")."""
    return natural_key(source or "~")


def next_plan(index: Index, plan: Plan) -> Plan | None:
    """The plan starting next after `plan` (plans with no period have no next)."""
    days = plan_days(plan)
    return plan_after(index, days[0]) if days is not None else None


def plan_after(index: Index, day: date) -> Plan | None:
    """The plan starting first after `day` (plans with no period start never)."""
    starts = {p.id: d[0] for p in index.plans.values() if (d := plan_days(p)) is not None}
    later = [p for p in index.plans.values() if starts.get(p.id, date.min) > day]
    return min(later, key=lambda p: (starts[p.id], p.id), default=None)


def _audit_label(index: Index, audit_id: str) -> str:
    loaded = index.audits.get(audit_id)
    if loaded is None:
        return audit_id
    audit = loaded.record
    return f"{audit.title} ({long(audit.date)})" if audit.date else audit.title


def finding_item(index: Index, finding: Finding) -> FindingItem:
    return FindingItem(
        id=finding.id,
        kind=finding.kind or NOT_STATED,
        text=finding.text,
        sources=tuple(_audit_label(index, a) for a in finding.audits),
        response=finding.response or "",
        repeats=tuple(_finding_source(index, f) for f in finding.repeats),
    )


def _finding_source(index: Index, finding_id: str) -> str:
    """An earlier finding as a report names it: the activity it came from, "title (date)"."""
    loaded = index.findings.get(finding_id)
    if loaded is None or not loaded.record.audits:
        return finding_id
    return _audit_label(index, loaded.record.audits[0])


def figure_text(figure: Figure) -> str:
    """`recommendations: 12`, `return interviews within 72 hours: 62% (Q4 2016-17)`."""
    unit = figure.unit or ""
    value = f"{figure.value:g}" + (unit if unit == "%" else f" {unit}" if unit else "")
    return f"{figure.label}: {value}" + (f" ({figure.period})" if figure.period else "")


def activity(audit: Audit, index: Index) -> Activity:
    if audit.date is not None:
        when = long(audit.date) + (f" to {long(audit.end)}" if audit.end else "")
    elif audit.end is not None:
        when = f"Ended {long(audit.end)}"
    elif audit.reported is not None:
        when = f"Reported {long(audit.reported)}"
    else:
        when = NOT_STATED
    return Activity(
        id=audit.id,
        date=when,
        kind=index.audit_kind_label(audit.kind),
        title=audit.title,
        cadence=audit.cadence or "",
        figures=tuple(figure_text(f) for f in audit.figures),
    )
