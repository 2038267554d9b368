"""The data behind each rendered report: one module per report, each building a frozen
dataclass context that its template (`templates/<name>.md.j2`) only loops over.

Sorting, grouping and date arithmetic live here, in tested Python; templates only loop,
branch and escape. Pure functions of the index (and `as_of` where a report needs a date).
docs/report-contexts.md documents every field, for boards writing their own templates.
"""

from __future__ import annotations

from typing import TypeAlias

from assurance_cli.queries.reports.action_plan import ActionPlanContext
from assurance_cli.queries.reports.business_plan import BusinessPlanContext
from assurance_cli.queries.reports.digest import DigestContext
from assurance_cli.queries.reports.exceptions import ExceptionsContext
from assurance_cli.queries.reports.learning import LearningContext
from assurance_cli.queries.reports.loop import LoopContext
from assurance_cli.queries.reports.trend import TrendContext

REPORTS: tuple[tuple[str, str], ...] = (
    ("action-plan", "A plan's action tables, one section per priority (seed 002)"),
    ("learning", "Learning from assurance activity, by theme, for a period (seeds 000, 001)"),
    ("loop", "Closing the loop: findings, the actions answering them, and impact"),
    ("business-plan", "Priority areas x subgroups, core business, reporting cycle (seed 004)"),
    ("digest", "Quality of practice and performance pages for a period (seed 003)"),
    ("trend", "Open, closed and overdue actions at each meeting or month, from git history"),
    ("exceptions", "Red and amber, overdue and rescheduled actions, with their latest update"),
)

ReportContext: TypeAlias = (
    ActionPlanContext
    | LearningContext
    | LoopContext
    | BusinessPlanContext
    | DigestContext
    | TrendContext
    | ExceptionsContext
)

# Each report's context type, by report name (docs/report-contexts.md documents them).
CONTEXTS: dict[str, type[ReportContext]] = {
    "action-plan": ActionPlanContext,
    "learning": LearningContext,
    "loop": LoopContext,
    "business-plan": BusinessPlanContext,
    "digest": DigestContext,
    "trend": TrendContext,
    "exceptions": ExceptionsContext,
}
