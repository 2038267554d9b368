"""Checks of board.yaml itself: ids defined once, plan periods that make sense, the
action-plan columns a board chooses, leads' subgroups. One of the checks `across.py` runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assurance_cli.checks.action_dates import PLAN_YEARS
from assurance_cli.checks.place import Located, at_value, warn_at_value
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import Repository
from assurance_cli.model.records import PLAN_COLUMN_FIELDS, Column, Theme
from assurance_cli.problems import FieldPath, FieldProblem, did_you_mean, unknown


def check_board(repository: Repository, index: Index) -> Iterator[FieldProblem]:
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
                loaded.path, ("themes",), "duplicate-id", f"theme id '{theme_id}' is defined twice"
            )
        seen.add(theme_id)
    for number, plan in enumerate(board.plans):
        if plan.period is None:
            continue
        if plan.period.end < plan.period.start:
            yield at_value(
                loaded.path,
                ("plans", number, "period"),
                "bad-period",
                f"plan '{plan.id}': period ends before it starts",
            )
        elif plan.period.end.last.year - plan.period.start.first.year > PLAN_YEARS:
            yield warn_at_value(
                loaded.path,
                ("plans", number, "period", "end"),
                "implausible-date",
                f"plan '{plan.id}' ends {plan.period.end.last.year}, more than {PLAN_YEARS} "
                "years after it starts: a typo?",
            )
        yield from _duplicates_in_list(
            loaded,
            f"plans[{number}].priorities",
            [str(p.number) for p in plan.priorities],
            path=("plans", number, "priorities"),
        )
    yield from _plan_column_problems(loaded, board.action_plan_columns)
    for number, lead in enumerate(board.leads):
        if lead.subgroup is not None and lead.subgroup not in index.subgroups:
            yield at_value(
                loaded.path,
                ("leads", number, "subgroup"),
                "unknown-subgroup",
                unknown("subgroup", lead.subgroup, index.subgroups),
            )


def _plan_column_problems(loaded: Located, columns: Sequence[Column]) -> Iterator[FieldProblem]:
    """Each action-plan column names a field a plan's table can show, once."""
    fields = [name for name, _ in PLAN_COLUMN_FIELDS]
    for number, column in enumerate(columns):
        if column.field not in fields:
            yield at_value(
                loaded.path,
                ("action_plan_columns", number, "field"),
                "bad-value",
                f"unknown action-plan column field '{column.field}'"
                f"{did_you_mean(column.field, fields)}; one of {', '.join(fields)}",
            )
    yield from _duplicates_in_list(
        loaded, "action_plan_columns", [column.field for column in columns]
    )


def _all_theme_ids(themes: Sequence[Theme]) -> Iterator[str]:
    for theme in themes:
        yield theme.id
        yield from _all_theme_ids(theme.themes)


def _duplicates_in_list(
    loaded: Located, name: str, ids: list[str], path: FieldPath | None = None
) -> Iterator[FieldProblem]:
    first: dict[str, int] = {}
    base = path if path is not None else (name,)
    for position, item_id in enumerate(ids):
        if item_id in first:
            yield at_value(
                loaded.path,
                (*base, position),
                "duplicate-id",
                f"{name}: '{item_id}' is defined twice (first at item {first[item_id] + 1})",
            )
        else:
            first[item_id] = position
