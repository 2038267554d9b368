"""Checks on one record alone: what a record says against itself and its file name, whatever
the other records say. They run when the file is read (`repo.load.process_file`) and are
cached with it; the checks across records (`across.py`) run on every command.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from assurance_cli.checks.place import at_value, warn_at_value
from assurance_cli.dates import PartialDate, is_ongoing
from assurance_cli.io.layout import ref_file_stem
from assurance_cli.io.yaml_events import UNSAFE_IN_TEXT, unsafe_text_message
from assurance_cli.model.records import (
    Action,
    Audit,
    Finding,
    ProgressEntry,
    Record,
    ScheduledReport,
)
from assurance_cli.problems import FieldPath, FieldProblem


def check_record(
    rel: str, record: Record, invalid: frozenset[str] = frozenset()
) -> Iterator[FieldProblem]:
    """What `record`, read from the file `rel`, says against itself. For a file with errors,
    `record` holds what is valid of it and `invalid` names the fields left out: no check
    speaks of a field whose value could not be read."""
    if isinstance(record, Action):
        yield from _file_name_problem(rel, "ref", record.ref)
        yield from _due_date_problems(rel, record, invalid)
        yield from _duplicate_leads(rel, record)
    elif isinstance(record, Audit):
        yield from _file_name_problem(rel, "id", record.id)
        if record.date is not None and record.end is not None and record.end < record.date:
            yield at_value(rel, ("end",), "bad-period", "end is before date")
    elif isinstance(record, Finding):
        yield from _file_name_problem(rel, "id", record.id)
        if not record.themes and "themes" not in invalid:
            yield warn_at_value(
                rel,
                ("themes",),
                "finding-without-theme",
                "the finding has no theme, so the learning report lists it under 'Not themed'; "
                "give it a theme from board.yaml if the paper does",
            )
    elif isinstance(record, ScheduledReport):
        yield from _file_name_problem(rel, "id", record.id)


def unsafe_text(rel: str, data: Any, text: str) -> Iterator[FieldProblem]:
    """Control and bidirectional characters in text values, put there by a YAML escape
    (`"\\e[2J"`, `"\\u202e"`) or pasted in: each value that holds one is an error at its
    place. The record is still read; every output escapes them (render/escape.py)."""
    # Raw control characters are refused by the reader; only an escape (a backslash) or a
    # raw bidirectional control can bring one, so a clean file costs one search.
    if "\\" not in text and UNSAFE_IN_TEXT.search(text) is None:
        return
    yield from _unsafe_values(rel, data, ())


def _unsafe_values(rel: str, node: Any, path: FieldPath) -> Iterator[FieldProblem]:
    if isinstance(node, str):
        found = UNSAFE_IN_TEXT.search(node)
        if found is not None:
            yield at_value(rel, path, "control-character", unsafe_text_message(found.group()))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _unsafe_values(rel, value, (*path, key))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from _unsafe_values(rel, value, (*path, number))


def _file_name_problem(rel: str, field: str, record_id: str | None) -> Iterator[FieldProblem]:
    """An id is its file's name; a ref (as published, any text) is named by its slug."""
    stem = _stem(rel)
    if record_id is None:
        return
    if field == "ref":
        if ref_file_stem(record_id) != stem:
            # The ref is not echoed: as published, it is record text.
            yield at_value(
                rel,
                (field,),
                "filename-mismatch",
                f"the ref does not match the file name '{stem}.yaml'; rename the file to its "
                "ref in lowercase letters, digits and '-' (docs/record-formats.md) or fix the ref",
            )
    elif record_id != stem:
        yield at_value(
            rel,
            (field,),
            "filename-mismatch",
            f"{field} '{record_id}' does not match the file name '{stem}.yaml'; "
            f"rename the file or fix the {field}",
        )


def _due_date_problems(rel: str, record: Action, invalid: frozenset[str]) -> Iterator[FieldProblem]:
    if is_ongoing(record.due) and record.review_by is None and "review_by" not in invalid:
        yield warn_at_value(
            rel,
            ("due",),
            "missing-review-date",
            "an 'ongoing' action with no review_by is never overdue; give review_by, the date "
            "it is next reviewed, if the paper does",
        )
    yield from _undated(rel, ("due",), record.due)
    for number, milestone in enumerate(record.milestones):
        yield from _undated(rel, ("milestones", number, "due"), milestone.due)
    if record.due_history and "due" not in invalid:
        last = record.due_history[-1]
        if not _same_due(record.due, last.to):
            yield at_value(
                rel,
                ("due",),
                "due-history-mismatch",
                f"due does not match the last due_history entry's 'to' "
                f"(entry {len(record.due_history)}); record the change in due_history",
            )
    yield from _progress_order(rel, ("progress",), record.progress)
    for number, milestone in enumerate(record.milestones):
        yield from _progress_order(rel, ("milestones", number, "progress"), milestone.progress)


def _progress_order(
    rel: str, path: FieldPath, entries: Sequence[ProgressEntry]
) -> Iterator[FieldProblem]:
    previous = None
    for number, entry in enumerate(entries):
        when = entry.date
        if when is None:
            continue
        if previous is not None and when.last < previous.first:
            yield warn_at_value(
                rel,
                (*path, number, "date"),
                "progress-order",
                "progress entries go oldest first; this one is dated before the entry above it",
            )
        previous = when


def _stem(rel: str) -> str:
    """`data/audits/x.yaml` -> `x` (string work: this runs for every record)."""
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml")


def _duplicate_leads(rel: str, record: Action) -> Iterator[FieldProblem]:
    seen: set[str] = set()
    for number, lead in enumerate(record.lead or ()):
        if lead in seen:
            yield warn_at_value(
                rel,
                ("lead", number),
                "duplicate-lead",
                f"lead '{lead}' is named twice; name each lead once",
            )
        seen.add(lead)


def _undated(rel: str, field: FieldPath, due: PartialDate | str | None) -> Iterator[FieldProblem]:
    """Wording no date can be read from ("To be confirmed", "Quarterly") is kept as published,
    but gives no date for overdue: say so, once, where it stands."""
    if isinstance(due, str) and not is_ongoing(due):
        yield warn_at_value(
            rel,
            field,
            "due-not-a-date",
            "no date can be read from this due wording (docs/dates.md), so the action is "
            "never overdue; if that is right, allow it: # assure: allow due-not-a-date",
        )


def _same_due(due: PartialDate | str | None, to: PartialDate | str | None) -> bool:
    """The same date however each is worded (`31 October 2016` is `2016-10-31`), or the same
    words where neither is a date."""
    if isinstance(due, PartialDate):
        return due.same_days(to)
    return due == to
