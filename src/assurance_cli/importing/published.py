"""A plan as published: the frozen rows, milestones, objectives and unplaced rows that
rows.py reads out of mapped tables, and how one row's cells become a `PublishedRow`.

Text is kept as published: a field is None where the paper says nothing. An action cell's
lines from the first one starting `Note:` are its notes, apart from the title; a lead cell is
split on line breaks and `;` only (never on `and` or `&`, which appear inside names such as
"Quality & Governance"); progress cells are split into dated entries by progress.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assurance_cli.importing.progress import ProgressEntry, split_progress
from assurance_cli.importing.status import StatusValue
from assurance_cli.importing.tables import Cell, Place
from assurance_cli.problems import Problem

_NOTE = re.compile(r"note\s*:", re.IGNORECASE)
_LEAD_SPLIT = re.compile(r"[\n;]")
# An objective heading: `1.) Ensure that...`, `Objective 3: ...`, `Strategic priority 2 - ...`.
OBJECTIVE = re.compile(
    r"(?:(?:strategic\s+)?(?:objective|priority|outcome|aim|theme|area)\s*)?(?:no\.?\s*)?"
    r"(?P<number>\d{1,3}(?:\.\d{1,3})*)(?:\s*[.):\-–]+\s*|\s+|$)(?P<title>.*)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Objective:
    """An objective (priority) heading as published, with its number split off when it has
    one: `1.) Ensure that...` -> number `1`, title `Ensure that...`."""

    heading: str
    number: str | None
    title: str
    place: Place


@dataclass(frozen=True)
class Milestone:
    due: str | None
    progress: tuple[ProgressEntry, ...]
    status: StatusValue
    place: Place


@dataclass(frozen=True)
class PublishedRow:
    """One action as published. Text fields are None where the paper says nothing."""

    ref: str | None
    title: str | None
    notes: tuple[str, ...]
    desired_outcome: str | None
    outcome_measure: str | None
    lead_text: str | None
    leads: tuple[str, ...]
    due: str | None
    due_format: str | None  # an Excel date's number format, when the due cell is a date
    progress: tuple[ProgressEntry, ...]
    status: StatusValue
    continuations: tuple[Milestone, ...]
    objective: Objective | None
    other: tuple[tuple[str, str], ...]  # (heading, text) of columns no field takes
    place: Place

    @property
    def milestones(self) -> tuple[Milestone, ...]:
        """None for a one-row action; else the action's own row then each continuation."""
        if not self.continuations:
            return ()
        own = Milestone(self.due, self.progress, self.status, self.place)
        return (own, *self.continuations)


@dataclass(frozen=True)
class Unplaced:
    """A row that could not be placed: its cells, by heading, for the reader to place."""

    place: Place
    code: str
    cells: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PublishedPlan:
    path: str
    rows: tuple[PublishedRow, ...]
    objectives: tuple[Objective, ...]
    unplaced: tuple[Unplaced, ...]
    unmapped_statuses: tuple[str, ...]  # each published status value nothing maps, once
    problems: tuple[Problem, ...]
    title: str | None = None  # the document's heading, as published


def plain_ref(ref: str) -> str:
    """A ref without the trailing punctuation a table adds: `1a.)` -> `1a`, `1.1.` -> `1.1`;
    `3 (ii)` keeps its parentheses, which match."""
    text = ref.strip()
    while text:
        if text.endswith("."):
            text = text[:-1].rstrip()
        elif text.endswith(")") and text.count(")") > text.count("("):
            text = text[:-1].rstrip()
        else:
            break
    return text or ref.strip()


def parse_objective(heading: str, place: Place) -> Objective:
    text = heading.strip()
    match = OBJECTIVE.fullmatch(text)
    if match is None:
        return Objective(text, None, text, place)
    return Objective(text, match.group("number"), match.group("title").strip(), place)


@dataclass
class RowBuilder:
    """An action being read: its first row's cells, and the milestones rows below add."""

    ref: str | None
    fields: dict[str, Cell]
    other: tuple[tuple[str, str], ...]
    objective: Objective | None
    place: Place
    status: StatusValue
    continuations: list[Milestone] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        cell = self.fields.get(name)
        return cell_text(cell)

    def freeze(self) -> PublishedRow:
        title, notes = _split_notes(self.text("title"))
        lead_text = self.text("lead")
        due_cell = self.fields.get("due")
        return PublishedRow(
            ref=self.ref,
            title=title,
            notes=notes,
            desired_outcome=self.text("desired_outcome"),
            outcome_measure=self.text("outcome_measure"),
            lead_text=lead_text,
            leads=split_leads(lead_text),
            due=self.text("due"),
            due_format=due_cell.number_format if due_cell and due_cell.kind == "date" else None,
            progress=split_progress(self.text("progress") or ""),
            status=self.status,
            continuations=tuple(self.continuations),
            objective=self.objective,
            other=self.other,
            place=self.place,
        )


def split_leads(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(part.strip() for part in _LEAD_SPLIT.split(text) if part.strip())


def _split_notes(text: str | None) -> tuple[str | None, tuple[str, ...]]:
    if text is None:
        return None, ()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _NOTE.match(line.strip()):
            title = "\n".join(lines[:index]).strip() or None
            notes = tuple(note.strip() for note in lines[index:] if note.strip())
            return title, notes
    return text, ()


def cell_text(cell: Cell | None) -> str | None:
    """A cell's text, stripped; None for no cell or an empty one."""
    if cell is None:
        return None
    return cell.text.strip() or None
