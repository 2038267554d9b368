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
    # Each plan's period worked out once, with the first day of the year past which a date
    # is far: this runs for every action on every check, so each date gets one quick test
    # (a date in range passes it) and only one that fails is judged in full.
    bounds: dict[str, tuple[date, date, tuple[date, date]]] = {}
    for plan_id, plan in index.plans.items():
        days = plan_days(plan)
        # A period that ends before it starts is wrong itself (bad-period): nothing is far.
        if days is not None and days[0] <= days[1]:
            bounds[plan_id] = (days[0], date(days[1].year + FAR_YEARS + 1, 1, 1), days)
    for action in repository.actions:
        found = bounds.get(action.plan)
        if found is None:
            continue
        start, too_late, days = found
        record = action.record
        due = record.due
        if due.__class__ is PartialDate:
            last = due[0]  # .last, read by index: the same field, a little quicker
            if last < start or last >= too_late:
                problem = _judged(action, ("due",), due, days, is_due=True)
                if problem is not None:
                    yield problem
        if record.milestones or record.review_by is not None or record.due_history:
            for path, when, is_due in _other_dates(record):
                if isinstance(when, PartialDate) and (when.last < start or when.last >= too_late):
                    problem = _judged(action, path, when, days, is_due=is_due)
                    if problem is not None:
                        yield problem


def _judged(
    action: LoadedAction,
    path: FieldPath,
    when: PartialDate,
    days: tuple[date, date],
    *,
    is_due: bool,
) -> FieldProblem | None:
    start, end = days
    last = when.last
    if last.year > end.year + FAR_YEARS or last.year < start.year - FAR_YEARS:
        return _far(action, path, when, days)
    if is_due and last < start:
        return warn_at_value(
            action.path,
            path,
            "due-before-plan",
            f"{_name(path)} before plan '{action.plan}' starts ({start.isoformat()}): "
            "a typo, or an action carried over from an earlier plan?",
        )
    return None


def _other_dates(record: Action) -> list[tuple[FieldPath, PartialDate | str | None, bool]]:
    """The action's planned dates besides `due`, with their field paths, and whether each is
    a due date. Progress dates are not among them: `assure note` dates an entry today, and a
    plan may be reported on for years after it ends."""
    found: list[tuple[FieldPath, PartialDate | str | None, bool]] = [
        (("milestones", number, "due"), milestone.due, True)
        for number, milestone in enumerate(record.milestones)
    ]
    found.append((("review_by",), record.review_by, False))
    found += [
        (("due_history", number, "to"), change.to, False)
        for number, change in enumerate(record.due_history)
    ]
    return found


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
