"""Checks across records: vocabulary, links, duplicates, due-date history.

Each check is a generator of Problems over the repository and its index; CHECKS lists them
in the order they run. None of them writes anything.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .dates import ONGOING
from .index import Index
from .loader import Loaded, LoadedAction, Repository
from .problems import Problem, error, warning
from .records import Action, ProgressEntry, Theme

if TYPE_CHECKING:  # positions are found (and yaml imported) only for a problem to report
    from .yamlio import Path, Positions

Check = Callable[[Repository, Index], Iterator[Problem]]


class Located(Protocol):
    """Anything loaded from a file: a record with its path and positions."""

    @property
    def path(self) -> str: ...

    @property
    def positions(self) -> Positions: ...


def at_value(loaded: Located, path: Path, code: str, message: str) -> Problem:
    where = loaded.positions.of_value(path)
    return error(loaded.path, where.line, where.col, code, message)


def warn_at_value(loaded: Located, path: Path, code: str, message: str) -> Problem:
    where = loaded.positions.of_value(path)
    return warning(loaded.path, where.line, where.col, code, message)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown(kind: str, name: str, known: Iterable[str]) -> str:
    return f"unknown {kind} '{name}'{did_you_mean(name, known)}"


# --- board.yaml ---------------------------------------------------------------------------


def check_board(repository: Repository, index: Index) -> Iterator[Problem]:
    loaded = repository.board
    if loaded is None:
        return
    board = loaded.record
    for field_name, items in (
        ("plans", board.plans),
        ("statuses", board.statuses),
        ("leads", board.leads),
        ("subgroups", board.subgroups),
        ("meetings", board.meetings),
    ):
        yield from _duplicates_in_list(loaded, field_name, [item.id for item in items])
    theme_ids = [entry_id for entry_id in _all_theme_ids(board.themes)]
    seen: set[str] = set()
    for theme_id in theme_ids:
        if theme_id in seen:
            yield at_value(
                loaded, ("themes",), "duplicate-id", f"theme id '{theme_id}' is defined twice"
            )
        seen.add(theme_id)
    for number, plan in enumerate(board.plans):
        if plan.period.end < plan.period.start:
            yield at_value(
                loaded,
                ("plans", number, "period"),
                "bad-period",
                f"plan '{plan.id}': period ends before it starts",
            )
        yield from _duplicates_in_list(
            loaded,
            f"plans[{number}].priorities",
            [str(p.number) for p in plan.priorities],
            path=("plans", number, "priorities"),
        )
    for number, lead in enumerate(board.leads):
        if lead.subgroup is not None and lead.subgroup not in index.subgroups:
            yield at_value(
                loaded,
                ("leads", number, "subgroup"),
                "unknown-subgroup",
                unknown("subgroup", lead.subgroup, index.subgroups),
            )


def _all_theme_ids(themes: Sequence[Theme]) -> Iterator[str]:
    for theme in themes:
        yield theme.id
        yield from _all_theme_ids(theme.themes)


def _duplicates_in_list(
    loaded: Located, name: str, ids: list[str], path: Path | None = None
) -> Iterator[Problem]:
    first: dict[str, int] = {}
    base = path if path is not None else (name,)
    for position, item_id in enumerate(ids):
        if item_id in first:
            yield at_value(
                loaded,
                (*base, position),
                "duplicate-id",
                f"{name}: '{item_id}' is defined twice (first at item {first[item_id] + 1})",
            )
        else:
            first[item_id] = position


# --- every record -------------------------------------------------------------------------


def check_file_names(repository: Repository, index: Index) -> Iterator[Problem]:
    for action in repository.actions:
        stem = _stem(action.path)
        if action.record.ref != stem:
            yield at_value(
                action,
                ("ref",),
                "filename-mismatch",
                f"ref '{action.record.ref}' does not match the file name '{stem}.yaml'; "
                "rename the file or fix the ref",
            )
    by_id: list[Loaded[Any]] = [*repository.audits, *repository.findings, *repository.reports]
    for record in by_id:
        stem = _stem(record.path)
        if record.record.id != stem:
            yield at_value(
                record,
                ("id",),
                "filename-mismatch",
                f"id '{record.record.id}' does not match the file name '{stem}.yaml'; "
                "rename the file or fix the id",
            )


def _stem(rel: str) -> str:
    """`data/audits/x.yaml` -> `x` (string work: this runs for every record)."""
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml")


def check_duplicate_ids(repository: Repository, index: Index) -> Iterator[Problem]:
    groups: dict[str, list[Loaded[Any]]] = defaultdict(list)
    for action in repository.actions:
        groups[f"action {action.id}"].append(action)
    for audit in repository.audits:
        groups[f"audit {audit.record.id}"].append(audit)
    for finding in repository.findings:
        groups[f"finding {finding.record.id}"].append(finding)
    for report in repository.reports:
        groups[f"reporting {report.record.id}"].append(report)
    for label, records in groups.items():
        if len(records) < 2:
            continue
        kind, record_id = label.split(" ", 1)
        field = "ref" if kind == "action" else "id"
        for record in records:
            others = ", ".join(other.path for other in records if other is not record)
            yield at_value(
                record,
                (field,),
                "duplicate-id",
                f"duplicate {kind} id '{record_id}' (also in {others}); give each a unique {field}",
            )


def check_action_vocabulary(repository: Repository, index: Index) -> Iterator[Problem]:
    if index.board is None:
        return
    priorities = {plan.id: {p.number for p in plan.priorities} for plan in index.plans.values()}
    for action in repository.actions:
        # Most actions are clean: a quick test first, the detailed search only when it fails.
        if not _uses_known_words(action.record, priorities.get(action.plan), index):
            yield from _vocabulary_problems(action, index)


def _uses_known_words(record: Action, priorities: set[int] | None, index: Index) -> bool:
    return (
        priorities is not None
        and (record.priority is None or record.priority in priorities)
        and record.status in index.statuses
        and all(milestone.status in index.statuses for milestone in record.milestones)
        and all(lead_id in index.leads for lead_id in record.lead)
        and all(theme_id in index.themes for theme_id in record.themes)
        and (record.subgroup is None or record.subgroup in index.subgroups)
        and all(q.priority is None or q.priority in priorities for q in record.questions)
    )


def _vocabulary_problems(action: LoadedAction, index: Index) -> Iterator[Problem]:
    record = action.record
    plan = index.plans.get(action.plan)
    if plan is None:
        yield at_value(
            action,
            ("ref",),
            "unknown-plan",
            f"folder '{action.plan}' is not a plan in board.yaml"
            f"{did_you_mean(action.plan, index.plans)}",
        )
    elif record.priority is not None and record.priority not in {p.number for p in plan.priorities}:
        yield at_value(
            action,
            ("priority",),
            "unknown-priority",
            f"plan '{plan.id}' has no priority {record.priority}",
        )
    yield from _status_problem(action, ("status",), record.status, index)
    for number, milestone in enumerate(record.milestones):
        yield from _status_problem(
            action, ("milestones", number, "status"), milestone.status, index
        )
    for number, lead_id in enumerate(record.lead):
        if lead_id not in index.leads:
            yield at_value(
                action, ("lead", number), "unknown-lead", unknown("lead", lead_id, index.leads)
            )
    yield from _theme_problems(action, record.themes, index)
    if record.subgroup is not None and record.subgroup not in index.subgroups:
        yield at_value(
            action,
            ("subgroup",),
            "unknown-subgroup",
            unknown("subgroup", record.subgroup, index.subgroups),
        )
    if plan is not None:
        numbers = {p.number for p in plan.priorities}
        for number, question in enumerate(record.questions):
            if question.priority is not None and question.priority not in numbers:
                yield at_value(
                    action,
                    ("questions", number, "priority"),
                    "unknown-priority",
                    f"plan '{plan.id}' has no priority {question.priority}",
                )


def check_scheduled_reports(repository: Repository, index: Index) -> Iterator[Problem]:
    meetings = {meeting.id for meeting in index.board.meetings} if index.board else set()
    for report in repository.reports:
        record = report.record
        if (
            index.board is not None
            and record.reported_to is not None
            and record.reported_to not in meetings
        ):
            yield at_value(
                report,
                ("reported_to",),
                "unknown-meeting",
                unknown("meeting", record.reported_to, meetings),
            )
        if record.action is not None and record.action not in index.actions:
            yield at_value(
                report,
                ("action",),
                "dangling-ref",
                f"unknown action '{record.action}' (write it as <plan>/<ref>)"
                f"{did_you_mean(record.action, index.actions)}",
            )


def _status_problem(
    action: LoadedAction, path: Path, status: str, index: Index
) -> Iterator[Problem]:
    if status not in index.statuses:
        yield at_value(action, path, "unknown-status", unknown("status", status, index.statuses))


def _theme_problems(loaded: Located, themes: Sequence[str], index: Index) -> Iterator[Problem]:
    if index.board is None:
        return
    for number, theme_id in enumerate(themes):
        if theme_id not in index.themes:
            yield at_value(
                loaded,
                ("themes", number),
                "unknown-theme",
                unknown("theme", theme_id, index.themes),
            )


def check_finding_links(repository: Repository, index: Index) -> Iterator[Problem]:
    for finding in repository.findings:
        for number, audit_id in enumerate(finding.record.audits):
            if audit_id not in index.audits:
                yield at_value(
                    finding,
                    ("audits", number),
                    "dangling-ref",
                    unknown("audit", audit_id, index.audits),
                )
        yield from _theme_problems(finding, finding.record.themes, index)


def check_action_links(repository: Repository, index: Index) -> Iterator[Problem]:
    for action in repository.actions:
        for number, reference in enumerate(action.record.related):
            target = index.action_link(action.plan, reference)
            if target == action.id:
                yield at_value(
                    action,
                    ("related", number),
                    "self-reference",
                    f"action {action.id} lists itself as related",
                )
            elif target not in index.actions:
                yield at_value(
                    action,
                    ("related", number),
                    "dangling-ref",
                    f"unknown action '{target}'{did_you_mean(target, index.actions)}",
                )
            elif target not in index.related_from.get(action.id, ()):
                yield warn_at_value(
                    action,
                    ("related", number),
                    "one-sided-related",
                    f"{action.id} cross-references {target} but {target} does not "
                    f"list {action.id} in its related",
                )
        for number, finding_id in enumerate(action.record.responds_to):
            if finding_id not in index.findings:
                yield at_value(
                    action,
                    ("responds_to", number),
                    "dangling-ref",
                    unknown("finding", finding_id, index.findings),
                )


def check_due_dates(repository: Repository, index: Index) -> Iterator[Problem]:
    for action in repository.actions:
        record = action.record
        if record.due == ONGOING and record.review_by is None:
            yield at_value(
                action,
                ("due",),
                "missing-review-date",
                "an 'ongoing' action needs review_by: the date it is next reviewed",
            )
        if record.due_history:
            last = record.due_history[-1]
            if record.due != last.to:
                yield at_value(
                    action,
                    ("due",),
                    "due-history-mismatch",
                    f"due does not match the last due_history entry's 'to' "
                    f"(entry {len(record.due_history)}); record the change in due_history",
                )
        yield from _progress_order(action, ("progress",), record.progress)
        for number, milestone in enumerate(record.milestones):
            yield from _progress_order(
                action, ("milestones", number, "progress"), milestone.progress
            )


def _progress_order(
    action: LoadedAction, path: Path, entries: Sequence[ProgressEntry]
) -> Iterator[Problem]:
    previous = None
    for number, entry in enumerate(entries):
        when = entry.date
        if when is None:
            continue
        if previous is not None and when.last < previous.first:
            yield warn_at_value(
                action,
                (*path, number, "date"),
                "progress-order",
                "progress entries go oldest first; this one is dated before the entry above it",
            )
        previous = when


def check_audit_dates(repository: Repository, index: Index) -> Iterator[Problem]:
    for audit in repository.audits:
        record = audit.record
        if record.date is not None and record.end is not None and record.end < record.date:
            yield at_value(audit, ("end",), "bad-period", "end is before date")
        if (
            index.board is not None
            and record.period is not None
            and record.period not in index.plans
        ):
            yield at_value(
                audit, ("period",), "unknown-plan", unknown("plan", record.period, index.plans)
            )


CHECKS: tuple[Check, ...] = (
    check_board,
    check_file_names,
    check_duplicate_ids,
    check_action_vocabulary,
    check_action_links,
    check_finding_links,
    check_due_dates,
    check_audit_dates,
    check_scheduled_reports,
)


def run_checks(repository: Repository, index: Index) -> list[Problem]:
    found: list[Problem] = []
    for check in CHECKS:
        found.extend(check(repository, index))
    return found
