"""Checks across records: vocabulary, links, duplicates, due-date history.

Each check is a generator of Problems over the repository and its index; CHECKS lists them
in the order they run. None of them writes anything.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from assurance_cli.dates import ONGOING
from assurance_cli.index.build import Index
from assurance_cli.model.records import (
    Action,
    Audit,
    Finding,
    ProgressEntry,
    Record,
    ScheduledReport,
    Theme,
)
from assurance_cli.problems import Problem, error, warning
from assurance_cli.repo.load import Loaded, LoadedAction, Repository

if TYPE_CHECKING:  # positions are found (and yaml imported) only for a problem to report
    from assurance_cli.io.yaml_reader import Path, Positions

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


# --- one record on its own ---------------------------------------------------------------


def check_record(loaded: Located, record: Record) -> Iterator[Problem]:
    """What a record says against itself, whatever the other records say. Run when its file
    is read (loader.process_file) and cached with it; the checks below, across records, run
    on every command."""
    if isinstance(record, Action):
        yield from _file_name_problem(loaded, "ref", record.ref)
        yield from _due_date_problems(loaded, record)
    elif isinstance(record, Audit):
        yield from _file_name_problem(loaded, "id", record.id)
        if record.date is not None and record.end is not None and record.end < record.date:
            yield at_value(loaded, ("end",), "bad-period", "end is before date")
    elif isinstance(record, Finding | ScheduledReport):
        yield from _file_name_problem(loaded, "id", record.id)


def _file_name_problem(loaded: Located, field: str, record_id: str) -> Iterator[Problem]:
    stem = _stem(loaded.path)
    if record_id != stem:
        yield at_value(
            loaded,
            (field,),
            "filename-mismatch",
            f"{field} '{record_id}' does not match the file name '{stem}.yaml'; "
            f"rename the file or fix the {field}",
        )


def _due_date_problems(loaded: Located, record: Action) -> Iterator[Problem]:
    if record.due == ONGOING and record.review_by is None:
        yield at_value(
            loaded,
            ("due",),
            "missing-review-date",
            "an 'ongoing' action needs review_by: the date it is next reviewed",
        )
    if record.due_history:
        last = record.due_history[-1]
        if record.due != last.to:
            yield at_value(
                loaded,
                ("due",),
                "due-history-mismatch",
                f"due does not match the last due_history entry's 'to' "
                f"(entry {len(record.due_history)}); record the change in due_history",
            )
    yield from _progress_order(loaded, ("progress",), record.progress)
    for number, milestone in enumerate(record.milestones):
        yield from _progress_order(loaded, ("milestones", number, "progress"), milestone.progress)


def _progress_order(
    loaded: Located, path: Path, entries: Sequence[ProgressEntry]
) -> Iterator[Problem]:
    previous = None
    for number, entry in enumerate(entries):
        when = entry.date
        if when is None:
            continue
        if previous is not None and when.last < previous.first:
            yield warn_at_value(
                loaded,
                (*path, number, "date"),
                "progress-order",
                "progress entries go oldest first; this one is dated before the entry above it",
            )
        previous = when


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


def _stem(rel: str) -> str:
    """`data/audits/x.yaml` -> `x` (string work: this runs for every record)."""
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml")


def check_duplicate_ids(repository: Repository, index: Index) -> Iterator[Problem]:
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
                    record,
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
        priorities = self.priorities.get(plan)
        return (
            priorities is not None
            and (record.priority is None or record.priority in priorities)
            and record.status in self.statuses
            and self.leads.issuperset(record.lead)
            and self.themes.issuperset(record.themes)
            and (record.subgroup is None or record.subgroup in self.subgroups)
            and (
                not record.milestones
                or self.statuses.issuperset(m.status for m in record.milestones)
            )
            and (
                not record.questions
                or priorities.issuperset(
                    q.priority for q in record.questions if q.priority is not None
                )
            )
        )


def check_action_vocabulary(repository: Repository, index: Index) -> Iterator[Problem]:
    if index.board is None:
        return
    vocabulary = _Vocabulary(index)
    for action in repository.actions:
        # Most actions are clean: a quick test first, the detailed search only when it fails.
        if not vocabulary.knows_every_word_of(action.record, action.plan):
            yield from _vocabulary_problems(action, index)


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


def check_audit_periods(repository: Repository, index: Index) -> Iterator[Problem]:
    if index.board is None:
        return
    for audit in repository.audits:
        period = audit.record.period
        if period is not None and period not in index.plans:
            yield at_value(audit, ("period",), "unknown-plan", unknown("plan", period, index.plans))


CHECKS: tuple[Check, ...] = (
    check_board,
    check_duplicate_ids,
    check_action_vocabulary,
    check_action_links,
    check_finding_links,
    check_audit_periods,
    check_scheduled_reports,
)


def run_checks(repository: Repository, index: Index) -> list[Problem]:
    found: list[Problem] = []
    for check in CHECKS:
        found.extend(check(repository, index))
    return found
