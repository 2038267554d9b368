"""The append-only logs of an action (`progress`, `due_history`) compared between two
versions: entries added at the end are new; an earlier entry that differs, is gone, or has a
new entry put before it is a history edit. Used by the rules on change (`changes.py`) and by
`assure diff`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from assurance_cli.dates import iso
from assurance_cli.index.build import Index
from assurance_cli.model.records import DueChange, ProgressEntry


@dataclass(frozen=True)
class LogEdit:
    """An earlier entry of a log that was changed, deleted, or had a new entry put before it.

    Numbers are 0-based. `head_entry` is where the edit stands in the new log: the changed or
    inserted entry, or the entry now in a deleted one's place (None when none is)."""

    how: str  # "changed", "deleted" or "inserted"
    base_entry: int | None  # None for an inserted entry
    head_entry: int | None


@dataclass(frozen=True)
class LogComparison:
    added: tuple[int, ...]  # 0-based places in the new log of every new entry
    edits: tuple[LogEdit, ...]


LogKey = tuple[str | None, ...]


def compare_log(base: Sequence[LogKey], head: Sequence[LogKey]) -> LogComparison:
    """Compare an old and a new version of an append-only log (each entry as a tuple of its
    fields, text last). Where entries differ, an old and a new entry alike enough (a field
    kept, or the text mostly kept) count as one entry changed; otherwise the old entry was
    deleted and the new one added."""
    added: list[int] = []
    edits: list[LogEdit] = []
    matcher = difflib.SequenceMatcher(None, list(base), list(head), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        j = j1
        for i in range(i1, i2):
            if j < j2 and _alike(base[i], head[j]):
                edits.append(LogEdit("changed", i, j))
                j += 1
            else:
                edits.append(LogEdit("deleted", i, j if j < len(head) else None))
        for number in range(j, j2):
            added.append(number)
            if i2 < len(base):  # put before entries that were already there
                edits.append(LogEdit("inserted", None, number))
    return LogComparison(tuple(added), tuple(edits))


def _alike(old: LogKey, new: LogKey) -> bool:
    if any(a is not None and a == b for a, b in zip(old, new, strict=True)):
        return True
    text_before, text_after = old[-1] or "", new[-1] or ""
    return difflib.SequenceMatcher(None, text_before, text_after).ratio() >= 0.6


def progress_key(entry: ProgressEntry) -> tuple[str | None, str]:
    return (iso(entry.date), entry.text)


def due_change_key(entry: DueChange) -> tuple[str | None, str, str | None, str | None]:
    return (iso(entry.from_), iso(entry.to), iso(entry.agreed), entry.reason)


def compare_progress(base: Sequence[ProgressEntry], head: Sequence[ProgressEntry]) -> LogComparison:
    return compare_log([progress_key(e) for e in base], [progress_key(e) for e in head])


def compare_due_history(base: Sequence[DueChange], head: Sequence[DueChange]) -> LogComparison:
    return compare_log([due_change_key(e) for e in base], [due_change_key(e) for e in head])


def is_closed_before(status: str | None, base: Index, head: Index) -> bool:
    """Whether a status counted as closed in the older version (by its board.yaml; by the
    newer one's when the older board does not define the status)."""
    known = status is not None and status in base.statuses
    return base.is_closed(status) if known else head.is_closed(status)
