"""The records at past dates, ready for the reports that compare them (`report trend`,
`digest --since`): each date's commit read through `repo/history.History` (all of them in one
batch) and indexed once per distinct version of the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assurance_cli.index.build import Index, build_index
from assurance_cli.io.git import Commit
from assurance_cli.problems import Problem
from assurance_cli.repo.history import History, RevisionRecords


@dataclass(frozen=True)
class Reading:
    """The records at one date, as history read them."""

    day: date  # the date: "today" there
    label: str  # what the date is: a meeting's name, a month
    commit: Commit | None  # None: no records were committed yet on that date
    index: Index | None  # None likewise
    left_out: tuple[Problem, ...] = ()  # files that did not load then


def read_dates(history: History, dates: Sequence[tuple[date, str]]) -> list[Reading]:
    """The records as committed on each date (the last commit on or before it)."""
    commits = {day: history.commit_on(day) for day, _ in dates}
    found = history.records(list({c.id: c for c in commits.values() if c is not None}.values()))
    indexes: dict[int, Index] = {}
    readings = []
    for day, label in dates:
        commit = commits[day]
        if commit is None:
            readings.append(Reading(day, label, None, None))
            continue
        records = found[commit.id]
        if not records.has_data:  # a commit from before the board kept records here
            readings.append(Reading(day, label, None, None))
            continue
        readings.append(Reading(day, label, commit, _index(records, indexes), records.left_out))
    return readings


def _index(records: RevisionRecords, indexes: dict[int, Index]) -> Index:
    """One index for every commit that shares a version of the records."""
    key = id(records.repository)
    if key not in indexes:
        indexes[key] = build_index(records.repository)
    return indexes[key]
