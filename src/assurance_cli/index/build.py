"""The index: records by id, the board's vocabulary by id, and every link in both directions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from assurance_cli.dates import read_published_date
from assurance_cli.index.loaded import Loaded, LoadedAction, Repository
from assurance_cli.model.records import (
    AUDIT_KINDS,
    Audit,
    Board,
    Finding,
    Lead,
    Plan,
    ScheduledReport,
    Status,
    Subgroup,
    Theme,
)
from assurance_cli.words import NOT_STATED

_T = TypeVar("_T", Plan, Status, Lead, Subgroup)


@dataclass(frozen=True)
class ThemeEntry:
    theme: Theme
    parent: str | None  # id of the parent theme for a sub-theme
    order: int  # position in the board's order (parents before their sub-themes)


@dataclass
class Index:
    board: Board | None
    plans: dict[str, Plan] = field(default_factory=dict)
    statuses: dict[str, Status] = field(default_factory=dict)
    leads: dict[str, Lead] = field(default_factory=dict)
    subgroups: dict[str, Subgroup] = field(default_factory=dict)
    themes: dict[str, ThemeEntry] = field(default_factory=dict)
    actions: dict[str, LoadedAction] = field(default_factory=dict)
    audits: dict[str, Loaded[Audit]] = field(default_factory=dict)
    findings: dict[str, Loaded[Finding]] = field(default_factory=dict)
    reports: dict[str, Loaded[ScheduledReport]] = field(default_factory=dict)
    related_from: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    actions_for_finding: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    findings_for_audit: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    audit_kinds: dict[str, str] = field(default_factory=lambda: dict(AUDIT_KINDS))

    def action_link(self, plan: str, reference: str) -> str:
        """The full id named by a `related` entry: `2d` in plan 2015-16 -> `2015-16/2d` (an
        action outside any plan names others by their ids)."""
        return reference if "/" in reference or not plan else f"{plan}/{reference}"

    def status_label(self, status_id: str | None) -> str:
        """The board's label for a status; "Not stated" for an action that gives none."""
        if status_id is None:
            return NOT_STATED
        status = self.statuses.get(status_id)
        return status.label if status else status_id

    @property
    def uses_rag(self) -> bool:
        """Whether the board gives its statuses RAG colours (a status key may not)."""
        return any(status.rag is not None for status in self.statuses.values())

    def status_rag(self, status_id: str | None) -> str | None:
        """The RAG colour the board gives a status; None where it gives none."""
        status = self.statuses.get(status_id) if status_id is not None else None
        return status.rag if status else None

    def lead_label(self, lead_id: str) -> str:
        lead = self.leads.get(lead_id)
        return lead.label if lead else lead_id

    def is_closed(self, status_id: str | None) -> bool:
        status = self.statuses.get(status_id) if status_id is not None else None
        return bool(status and status.closed)

    def is_completed(self, status_id: str | None) -> bool:
        """Closed because it was done: not withdrawn ("No longer applicable")."""
        status = self.statuses.get(status_id) if status_id is not None else None
        return bool(status and status.closed and not status.withdrawn)

    def audit_kind_label(self, kind: str | None) -> str:
        """The label of an audit kind, from board.yaml's audit_kinds or the default list."""
        if kind is None:
            return NOT_STATED
        return self.audit_kinds.get(kind, kind)

    def plan_days(self, plan: Plan) -> tuple[date, date] | None:
        """A plan's first and last day: its `period`, else read from its published `label`
        (docs/dates.md); None when the paper gives neither."""
        return plan_days(plan)


def plan_days(plan: Plan) -> tuple[date, date] | None:
    """A plan's first and last day: its `period`, else read from its published `label`
    (docs/dates.md); None when the paper gives neither."""
    if plan.period is not None:
        return plan.period.start.first, plan.period.end.last
    found = read_published_date(plan.label) if plan.label else None
    return (found.first, found.last) if found is not None else None


def build_index(repository: Repository) -> Index:
    """Index a repository. Where two records share an id, the first (in path order) wins;
    `checks` reports the duplicate."""
    board = repository.board.record if repository.board else None
    index = Index(board=board)
    if board is not None:
        index.plans = _first_by_id(board.plans)
        index.statuses = _first_by_id(board.statuses)
        index.leads = _first_by_id(board.leads)
        index.subgroups = _first_by_id(board.subgroups)
        index.themes = _flatten_themes(board.themes)
        if board.audit_kinds:
            index.audit_kinds = {kind.id: kind.label for kind in board.audit_kinds}
    for action in repository.actions:
        index.actions.setdefault(action.id, action)
    for audit in repository.audits:
        index.audits.setdefault(audit.record.id, audit)
    for finding in repository.findings:
        index.findings.setdefault(finding.record.id, finding)
    for report in repository.reports:
        index.reports.setdefault(report.record.id, report)
    for action_id, action in index.actions.items():
        for reference in action.record.related:
            index.related_from[index.action_link(action.plan, reference)].append(action_id)
        for finding_id in action.record.responds_to:
            index.actions_for_finding[finding_id].append(action_id)
    for finding_id, finding in index.findings.items():
        for audit_id in finding.record.audits:
            index.findings_for_audit[audit_id].append(finding_id)
    return index


def _first_by_id(items: Sequence[_T]) -> dict[str, _T]:
    found: dict[str, _T] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


def _flatten_themes(themes: Sequence[Theme]) -> dict[str, ThemeEntry]:
    found: dict[str, ThemeEntry] = {}
    stack: list[tuple[Theme, str | None]] = [(theme, None) for theme in reversed(themes)]
    while stack:
        theme, parent = stack.pop()
        found.setdefault(theme.id, ThemeEntry(theme, parent, len(found)))
        stack.extend((child, theme.id) for child in reversed(theme.themes))
    return found
