"""Checks across records: vocabulary, links, duplicates.

Each check is a generator of problems over the repository and its index; CHECKS lists them
in the order they run. None of them reads or writes a file: they name field paths, and
`place.place_problems` finds the lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from assurance_cli.checks.action_dates import check_action_dates
from assurance_cli.checks.board import check_board
from assurance_cli.checks.parents import check_action_parents
from assurance_cli.checks.place import Located, at_value, warn_at_value
from assurance_cli.checks.settings import check_board_settings
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import Loaded, LoadedAction, Repository
from assurance_cli.model.records import Action
from assurance_cli.problems import FieldPath, FieldProblem, did_you_mean, unknown

Check = Callable[[Repository, Index], Iterator[FieldProblem]]


# --- every record -------------------------------------------------------------------------


def check_duplicate_ids(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    kinds: tuple[tuple[str, str, Sequence[Loaded[Any]], dict[str, Any]], ...] = (
        ("action", "ref", repository.actions, index.actions),
        ("audit", "id", repository.audits, index.audits),
        ("finding", "id", repository.findings, index.findings),
        ("reporting", "id", repository.reports, index.reports),
    )
    for kind, field, records, by_id in kinds:
        if len(by_id) == len(records):
            continue  # the index keeps one record per id: as many ids as records, no duplicate
        groups: dict[str, list[Loaded[Any]]] = defaultdict(list)
        for record in records:
            groups[_id_of(record)].append(record)
        for record_id, same in groups.items():
            for record in same if len(same) > 1 else ():
                others = ", ".join(other.path for other in same if other is not record)
                yield at_value(
                    record.path,
                    (field,),
                    "duplicate-id",
                    f"duplicate {kind} id '{record_id}' (also in {others}); "
                    f"give each a unique {field}",
                )


def _id_of(loaded: Loaded[Any]) -> str:
    return loaded.id if isinstance(loaded, LoadedAction) else str(loaded.record.id)


class _Vocabulary:
    """The board's ids as sets, for the quick test that most actions pass."""

    def __init__(self, index: Index) -> None:
        self.priorities = {
            plan.id: frozenset(p.number for p in plan.priorities) for plan in index.plans.values()
        }
        self.statuses = frozenset(index.statuses)
        self.leads = frozenset(index.leads)
        self.themes = frozenset(index.themes)
        self.subgroups = frozenset(index.subgroups)

    def knows_every_word_of(self, record: Action, plan: str) -> bool:
        priorities = self.priorities.get(plan) if plan else frozenset()
        return (
            priorities is not None
            and (record.priority is None or record.priority in priorities)
            and (record.status is None or record.status in self.statuses)
            and self.leads.issuperset(record.lead)
            and self.themes.issuperset(record.themes)
            and (record.subgroup is None or record.subgroup in self.subgroups)
            and (
                not record.milestones
                or self.statuses.issuperset(m.status for m in record.milestones if m.status)
            )
            and (
                not record.questions
                or priorities.issuperset(
                    q.priority for q in record.questions if q.priority is not None
                )
            )
        )


def check_action_vocabulary(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    if index.board is None:
        return
    vocabulary = _Vocabulary(index)
    for action in repository.actions:
        # Most actions are clean: a quick test first, the detailed search only when it fails.
        if not vocabulary.knows_every_word_of(action.record, action.plan):
            yield from _vocabulary_problems(action, index)


def _vocabulary_problems(action: LoadedAction, index: Index) -> Iterator[FieldProblem]:
    record = action.record
    plan = index.plans.get(action.plan)
    if plan is None and action.plan:
        yield at_value(
            action.path,
            ("ref",),
            "unknown-plan",
            f"folder '{action.plan}' is not a plan in board.yaml"
            f"{did_you_mean(action.plan, index.plans)}",
        )
    elif (
        plan is not None
        and record.priority is not None
        and record.priority not in {p.number for p in plan.priorities}
    ):
        yield at_value(
            action.path,
            ("priority",),
            "unknown-priority",
            f"plan '{plan.id}' has no priority {record.priority}",
        )
    if record.status is not None:
        yield from _status_problem(action, ("status",), record.status, index)
    for number, milestone in enumerate(record.milestones):
        if milestone.status is not None:
            yield from _status_problem(
                action, ("milestones", number, "status"), milestone.status, index
            )
    for number, lead_id in enumerate(record.lead):
        if lead_id not in index.leads:
            yield at_value(
                action.path, ("lead", number), "unknown-lead", unknown("lead", lead_id, index.leads)
            )
    yield from _theme_problems(action, record.themes, index)
    if record.subgroup is not None and record.subgroup not in index.subgroups:
        yield at_value(
            action.path,
            ("subgroup",),
            "unknown-subgroup",
            unknown("subgroup", record.subgroup, index.subgroups),
        )
    if plan is not None:
        numbers = {p.number for p in plan.priorities}
        for number, question in enumerate(record.questions):
            if question.priority is not None and question.priority not in numbers:
                yield at_value(
                    action.path,
                    ("questions", number, "priority"),
                    "unknown-priority",
                    f"plan '{plan.id}' has no priority {question.priority}",
                )


def check_scheduled_reports(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    meetings = {meeting.id for meeting in index.board.meetings} if index.board else set()
    for report in repository.reports:
        record = report.record
        if (
            index.board is not None
            and record.reported_to is not None
            and record.reported_to not in meetings
        ):
            yield at_value(
                report.path,
                ("reported_to",),
                "unknown-meeting",
                unknown("meeting", record.reported_to, meetings),
            )
        if record.action is not None and _unknown(
            record.action, "action", index.actions, repository
        ):
            yield at_value(
                report.path,
                ("action",),
                "dangling-ref",
                f"unknown action '{record.action}' (write it as <plan>/<ref>)"
                f"{did_you_mean(record.action, index.actions)}",
            )


def _status_problem(
    action: LoadedAction, path: FieldPath, status: str, index: Index
) -> Iterator[FieldProblem]:
    if status not in index.statuses:
        yield at_value(
            action.path, path, "unknown-status", unknown("status", status, index.statuses)
        )


def _theme_problems(loaded: Located, themes: Sequence[str], index: Index) -> Iterator[FieldProblem]:
    if index.board is None:
        return
    for number, theme_id in enumerate(themes):
        if theme_id not in index.themes:
            yield at_value(
                loaded.path,
                ("themes", number),
                "unknown-theme",
                unknown("theme", theme_id, index.themes),
            )


def check_finding_links(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    audits, themes = index.audits, index.themes
    for finding in repository.findings:
        record = finding.record
        # The common case, every link known, tested inline: this runs for every finding.
        for number, audit_id in enumerate(record.audits):
            if audit_id not in audits and _unknown(audit_id, "audit", audits, repository):
                yield at_value(
                    finding.path,
                    ("audits", number),
                    "dangling-ref",
                    unknown("audit", audit_id, audits),
                )
        for number, earlier in enumerate(record.repeats):
            if earlier not in index.findings and _unknown(
                earlier, "finding", index.findings, repository
            ):
                yield at_value(
                    finding.path,
                    ("repeats", number),
                    "dangling-ref",
                    unknown("finding", earlier, index.findings),
                )
        if not themes.keys() >= set(record.themes):
            yield from _theme_problems(finding, record.themes, index)


def check_action_links(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    for action in repository.actions:
        for number, reference in enumerate(action.record.related):
            target = index.action_link(action.plan, reference)
            if target == action.id:
                yield at_value(
                    action.path,
                    ("related", number),
                    "self-reference",
                    f"action {action.id} lists itself as related",
                )
            elif _unknown(target, "action", index.actions, repository):
                yield at_value(
                    action.path,
                    ("related", number),
                    "dangling-ref",
                    f"unknown action '{target}'{did_you_mean(target, index.actions)}",
                )
            # An action whose file has errors cannot say what it lists: no warning about it.
            elif target in index.actions and target not in index.related_from.get(action.id, ()):
                yield warn_at_value(
                    action.path,
                    ("related", number),
                    "one-sided-related",
                    f"{action.id} cross-references {target} but {target} does not "
                    f"list {action.id} in its related",
                )
        for number, finding_id in enumerate(action.record.responds_to):
            if _unknown(finding_id, "finding", index.findings, repository):
                yield at_value(
                    action.path,
                    ("responds_to", number),
                    "dangling-ref",
                    unknown("finding", finding_id, index.findings),
                )
        for number, audit_id in enumerate(action.record.audits):
            if _unknown(audit_id, "audit", index.audits, repository):
                yield at_value(
                    action.path,
                    ("audits", number),
                    "dangling-ref",
                    unknown("audit", audit_id, index.audits),
                )
        parent = action.record.parent
        if parent is not None:
            target = index.action_link(action.plan, parent)
            if _unknown(target, "action", index.actions, repository):
                yield at_value(
                    action.path,
                    ("parent",),
                    "dangling-ref",
                    f"unknown action '{target}'"
                    + did_you_mean(target, [a for a in index.actions if a != action.id]),
                )


def _unknown(record_id: str, kind: str, known: dict[str, Any], repository: Repository) -> bool:
    """Neither loaded nor a file that is there with errors of its own: a link to a record
    whose file has errors is not reported again at every record that names it."""
    return record_id not in known and record_id not in repository.unloaded.get(kind, ())


def check_audit_kinds(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    """An audit's kind is one of board.yaml's audit_kinds (today's list when it has none)."""
    for audit in repository.audits:
        kind = audit.record.kind
        if kind is not None and kind not in index.audit_kinds:
            yield at_value(
                audit.path,
                ("kind",),
                "unknown-audit-kind",
                unknown("audit kind", kind, index.audit_kinds)
                + "; add it to audit_kinds in board.yaml if the board uses it",
            )


def check_audit_periods(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    if index.board is None:
        return
    for audit in repository.audits:
        period = audit.record.period
        if period is not None and period not in index.plans:
            yield at_value(
                audit.path, ("period",), "unknown-plan", unknown("plan", period, index.plans)
            )


CHECKS: tuple[Check, ...] = (
    check_board,
    check_action_dates,
    check_duplicate_ids,
    check_action_vocabulary,
    check_action_links,
    check_action_parents,
    check_board_settings,
    check_finding_links,
    check_audit_kinds,
    check_audit_periods,
    check_scheduled_reports,
)


def run_checks(repository: Repository, index: Index) -> list[FieldProblem]:
    """Every problem across records, unplaced."""
    found: list[FieldProblem] = []
    for check in CHECKS:
        found.extend(check(repository, index))
    return found
