"""Learning from assurance activity (seeds 000, 001): the activities of a period, then per
theme (and sub-theme) its findings and the proposed actions of the next plan, and a themes x
activities table (`learning.md.j2`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Audit, Finding, Plan
from assurance_cli.queries.reports.common import (
    Activity,
    BoardHeading,
    Coverage,
    FindingItem,
    PeriodHeading,
    activity,
    board_heading,
    finding_item,
    period_findings,
    plan_actions,
    plan_coverage,
    undated_audits,
)
from assurance_cli.queries.status import natural_key
from assurance_cli.words import stated

NOT_THEMED = "Not themed"


@dataclass(frozen=True)
class ProposedAction:
    """An action of the next plan answering a theme."""

    priority: int | str | None
    prefix: str | None  # "Strategic Priority 2" when the priority is one of the next plan's
    title: str
    id: str


@dataclass(frozen=True)
class Subsection:
    """A sub-theme and its findings (only sub-themes with findings are listed)."""

    title: str
    findings: tuple[FindingItem, ...]


@dataclass(frozen=True)
class ThemeSection:
    """A top-level theme: its own findings, its sub-themes', and the proposed actions."""

    title: str
    findings: tuple[FindingItem, ...]
    subsections: tuple[Subsection, ...]
    actions: tuple[ProposedAction, ...]


@dataclass(frozen=True)
class MatrixRow:
    title: str  # the activity's title
    counts: tuple[int, ...]  # its findings per theme, in the order of `ThemeMatrix.themes`


@dataclass(frozen=True)
class ThemeMatrix:
    """How many findings each activity contributed to each top-level theme."""

    themes: tuple[str, ...]  # titles of the themes with at least one finding
    rows: tuple[MatrixRow, ...]  # activities with at least one finding
    activities_per_theme: tuple[int, ...]  # how many activities contributed to each theme


@dataclass(frozen=True)
class LearningContext:
    board: BoardHeading
    period: PeriodHeading
    next_plan: str | None  # the id of the plan after this period's, if any
    activities: tuple[Activity, ...]
    undated: tuple[Activity, ...]  # activities giving no date and no period: in no report's
    sections: tuple[ThemeSection, ...]
    matrix: ThemeMatrix


def learning_context(index: Index, period: str | Coverage) -> LearningContext:
    """The learning report of a plan's period (its id), or of any span of days (a coverage
    from `days_coverage`)."""
    covered = plan_coverage(index, period) if isinstance(period, str) else period
    audits = list(covered.audits)
    findings = period_findings(index, audits)
    following = covered.following
    proposed = sorted(
        plan_actions(index, following.id) if following else [],
        key=lambda a: (
            a.record.order is None,
            a.record.order or 0,
            a.record.priority or 0,
            natural_key(a.record.ref),
        ),
    )
    sections = []
    for theme_id, entry in index.themes.items():
        if entry.parent is not None:
            continue
        subthemes = [sub_id for sub_id, sub in index.themes.items() if sub.parent == theme_id]
        own = tuple(finding_item(index, f) for f in findings if theme_id in f.themes)
        subsections = tuple(
            Subsection(index.themes[sub].theme.title, found)
            for sub in subthemes
            if (found := tuple(finding_item(index, f) for f in findings if sub in f.themes))
        )
        actions = _proposed_actions(proposed, {theme_id, *subthemes}, following)
        if own or subsections or actions:
            sections.append(ThemeSection(entry.theme.title, own, subsections, actions))
    # A finding the board gave no theme (or none it defines) is never dropped: it has a
    # section of its own, last.
    unthemed = tuple(
        finding_item(index, f) for f in findings if not any(t in index.themes for t in f.themes)
    )
    if unthemed:
        sections.append(ThemeSection(NOT_THEMED, unthemed, (), ()))
    period_id = covered.plan.id if covered.plan is not None else covered.name
    return LearningContext(
        board=board_heading(index, "learning", plan=covered.name, period=period_id),
        period=covered.heading,
        next_plan=following.id if following else None,
        activities=tuple(activity(a, index) for a in audits),
        undated=tuple(activity(a, index) for a in undated_audits(index)),
        sections=tuple(sections),
        matrix=theme_matrix(index, audits, findings),
    )


def _proposed_actions(
    proposed: Sequence[LoadedAction], theme_ids: set[str], following: Plan | None
) -> tuple[ProposedAction, ...]:
    priorities = {p.number for p in following.priorities} if following else set()
    label = following.priority_label if following else "Priority"
    return tuple(
        ProposedAction(
            priority=a.record.priority,
            prefix=f"{label} {a.record.priority}" if a.record.priority in priorities else None,
            title=stated(a.record.title),
            id=a.id,
        )
        for a in proposed
        if theme_ids & set(a.record.themes)
    )


def _top_theme(index: Index, theme_id: str) -> str:
    entry = index.themes.get(theme_id)
    while entry is not None and entry.parent is not None:
        theme_id = entry.parent
        entry = index.themes.get(theme_id)
    return theme_id


def theme_matrix(index: Index, audits: Sequence[Audit], findings: Sequence[Finding]) -> ThemeMatrix:
    """How many findings each activity contributed to each (top-level) theme."""
    tops = [t for t, e in index.themes.items() if e.parent is None]
    counts: dict[tuple[str, str], int] = {}
    for finding in findings:
        for theme in {_top_theme(index, t) for t in finding.themes}:
            for audit_id in finding.audits:
                counts[audit_id, theme] = counts.get((audit_id, theme), 0) + 1
    used = [t for t in tops if any(counts.get((a.id, t)) for a in audits)]
    rows = tuple(
        MatrixRow(a.title, tuple(counts.get((a.id, t), 0) for t in used))
        for a in audits
        if any(counts.get((a.id, t)) for t in used)
    )
    return ThemeMatrix(
        themes=tuple(index.themes[t].theme.title for t in used),
        rows=rows,
        activities_per_theme=tuple(sum(1 for a in audits if counts.get((a.id, t))) for t in used),
    )
