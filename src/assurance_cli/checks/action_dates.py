"""An action's dates against its plan's period: a due date before the plan starts, and any
planned date years away from it (a due date, a milestone's, a review or amended date), which
is most likely a typo. Warnings: a board can allow them or make them strict
(board.yaml's `checks`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from assurance_cli.checks.place import warn_at_value
from assurance_cli.dates import PartialDate
from assurance_cli.index.build import Index, plan_days
from assurance_cli.index.loaded import LoadedAction, Repository
from assurance_cli.model.records import Action
from assurance_cli.problems import FieldPath, FieldProblem

# A plan longer than this, or a date this far from its plan, is most likely a typo.
PLAN_YEARS = 10
FAR_YEARS = 5


def check_action_dates(repository: Repository, index: Index) -> Iterator[FieldProblem]:
    """Dates against the plan's period: due before it starts, or years away from it."""
    # Each plan's period worked out once, not once per action: this runs on every check.
    periods: dict[str, tuple[date, date] | None] = {}
    for plan_id, plan in index.plans.items():
        days = plan_days(plan)
        # A period that ends before it starts is wrong itself (bad-period): nothing is far.
        periods[plan_id] = days if days is not None and days[0] <= days[1] else None
    for action in repository.actions:
        days = periods.get(action.plan)
        if days is None:
            continue
        start, end = days
        earliest, latest = start.year - FAR_YEARS, end.year + FAR_YEARS
        for path, when, is_due in _dates(action.record):
            last = when.last
            if last.year > latest or last.year < earliest:
                yield _far(action, path, when, days)
            elif is_due and last < start:
                yield warn_at_value(
                    action.path,
                    path,
                    "due-before-plan",
                    f"{_name(path)} before plan '{action.plan}' starts ({start.isoformat()}): "
                    "a typo, or an action carried over from an earlier plan?",
                )


def _dates(record: Action) -> Iterator[tuple[FieldPath, PartialDate, bool]]:
    """The action's planned dates with their field paths, and whether each is a due date.
    Progress dates are not among them: `assure note` dates an entry today, and a plan may be
    reported on for years after it ends."""
    if isinstance(record.due, PartialDate):
        yield ("due",), record.due, True
    for number, milestone in enumerate(record.milestones):
        if isinstance(milestone.due, PartialDate):
            yield ("milestones", number, "due"), milestone.due, True
    if record.review_by is not None:
        yield ("review_by",), record.review_by, False
    for number, change in enumerate(record.due_history):
        if isinstance(change.to, PartialDate):
            yield ("due_history", number, "to"), change.to, False


def _far(
    action: LoadedAction, path: FieldPath, when: PartialDate, days: tuple[date, date]
) -> FieldProblem:
    start, end = days
    return warn_at_value(
        action.path,
        path,
        "implausible-date",
        f"{_name(path)} {when.last.year} is more than {FAR_YEARS} years from plan "
        f"'{action.plan}' ({start.year} to {end.year}): a typo?",
    )


def _name(path: FieldPath) -> str:
    """`due`, `milestone 2's due`, `due_history entry 1's 'to'`, `review_by`."""
    if path[0] == "milestones":
        return f"milestone {int(path[1]) + 1}'s due"
    if path[0] == "due_history":
        return f"due_history entry {int(path[1]) + 1}'s 'to'"
    return str(path[0])
