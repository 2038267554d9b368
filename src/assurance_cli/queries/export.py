"""The rows of the leads' update workbook (`assure export --format xlsx`): one per action of
a plan or a lead, in the plan's order, each with the stamp of its record file's content as it
is now (importing/updates.py), so that `import-updates` can tell a record changed meanwhile.

Reads each exported record's file once, for its stamp; otherwise a pure function of the
index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assurance_cli.dates import long
from assurance_cli.importing.updates import content_stamp
from assurance_cli.index.build import Index
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Status
from assurance_cli.problems import AssureError, did_you_mean
from assurance_cli.queries.status import natural_key


@dataclass(frozen=True)
class ExportRow:
    action_id: str
    plan: str
    ref: str
    title: str | None
    due: str | None  # as published, else as boards print a date (31 March 2016)
    leads: tuple[str, ...]  # the board's labels
    status: str | None  # the status id
    status_label: str | None
    stamp: str


@dataclass(frozen=True)
class UpdateSheet:
    """What the workbook holds: the board, what was chosen, the statuses, the rows."""

    board: str
    plan: str | None
    lead: str | None
    statuses: tuple[Status, ...]
    rows: tuple[ExportRow, ...]


def update_sheet(
    index: Index,
    *,
    plan: str | None,
    lead: str | None,
    read_bytes: Callable[[LoadedAction], bytes],
) -> UpdateSheet:
    """The actions of `plan` (all plans when None) led by `lead` (any lead when None), each
    with its content stamp (`read_bytes`: the record file's bytes). AssureError for an
    unknown plan or lead."""
    if index.board is None:
        raise AssureError(
            "data/board.yaml did not load, so the statuses are unknown; run `assure check`"
        )
    if plan is not None and plan not in index.plans:
        raise AssureError(
            f"unknown plan '{plan}'{did_you_mean(plan, index.plans)}; board.yaml defines: "
            + (", ".join(index.plans) or "none")
        )
    if lead is not None and lead not in index.leads:
        raise AssureError(
            f"unknown lead '{lead}'{did_you_mean(lead, index.leads)}; see the leads of board.yaml"
        )
    plan_order = {plan_id: number for number, plan_id in enumerate(index.plans)}
    chosen = [
        action
        for action in index.actions.values()
        if (plan is None or action.plan == plan) and (lead is None or lead in action.record.lead)
    ]
    chosen.sort(
        key=lambda action: (
            plan_order.get(action.plan, len(plan_order)),
            action.plan,
            action.record.order is None,
            action.record.order or 0,
            natural_key(action.record.ref),
        )
    )
    rows = tuple(_row(index, action, content_stamp(read_bytes(action))) for action in chosen)
    return UpdateSheet(index.board.name, plan, lead, tuple(index.statuses.values()), rows)


def _row(index: Index, action: LoadedAction, stamp: str) -> ExportRow:
    record = action.record
    return ExportRow(
        action.id,
        action.plan,
        record.ref,
        record.title,
        long(record.due, capital=True) or None,
        tuple(index.lead_label(lead) for lead in record.lead),
        record.status,
        index.status_label(record.status) if record.status is not None else None,
        stamp,
    )
