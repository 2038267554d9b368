"""The board's vocabulary for an imported plan: its leads and statuses, and the plan itself.

A lead cell's text meets a lead of board.yaml by its label or id (case, spacing and
punctuation aside). A status meets a status of board.yaml through `--status VALUE=KEY`, else
by its label or id. A value nothing meets is new: it is given an id made from its words (`Chair
of QPP Subgroup` -> `chair-of-qpp-subgroup`; a RAG letter or colour-only cell -> `green`) and
listed, with a ready board.yaml block, or added with `--add-vocabulary`.

A new status needs `closed`: it is `true` only for words that say the action is over
(`Completed`, `Closed`, `Done`; `No longer applicable` is also `withdrawn`), `false` for any
other, and the result says to check it. Its `rag` is the colour the file gives (a RAG letter
or a cell's fill), and absent when it gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assurance_cli.importing import PublishedPlan, StatusValue
from assurance_cli.importing.columns import normalise_heading
from assurance_cli.index.build import Index
from assurance_cli.io.yaml_writer import AppendEntry, Value, new_document_text

_RAG_NAMES = {"R": "red", "A": "amber", "G": "green", "B": "blue"}
_CLOSED_WORDS = frozenset({"complete", "completed", "closed", "done", "achieved", "finished"})
_WITHDRAWN_WORDS = frozenset(
    {"no longer applicable", "not applicable", "n a", "withdrawn", "no longer required"}
)
_NOT_ID = re.compile(r"[^a-z0-9]+")
_LONGEST_ID = 60


def make_id(text: str) -> str:
    """`Chair of QPP Subgroup` -> `chair-of-qpp-subgroup`; empty when no letter or digit."""
    made = _NOT_ID.sub("-", normalise_heading(text)).strip("-")
    if len(made) > _LONGEST_ID:  # cut at a word's end
        made = made[: _LONGEST_ID + 1].rsplit("-", 1)[0]
    return made


@dataclass(frozen=True)
class NewStatus:
    id: str
    label: str
    closed: bool
    withdrawn: bool
    rag: str | None

    def entry(self) -> dict[str, Value]:
        entry: dict[str, Value] = {"id": self.id, "label": self.label, "closed": self.closed}
        if self.rag is not None:
            entry["rag"] = self.rag
        if self.withdrawn:
            entry["withdrawn"] = True
        return entry


@dataclass
class Vocabulary:
    """Published leads and statuses met with the board's ids, and those that are new."""

    leads: dict[str, str] = field(default_factory=dict)  # normalised label or id -> id
    statuses: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)  # ids in use (board's and new)
    new_leads: list[tuple[str, str]] = field(default_factory=list)  # (id, label)
    new_statuses: list[NewStatus] = field(default_factory=list)
    unplaceable: list[str] = field(default_factory=list)  # statuses no id can be made for

    def lead_id(self, label: str) -> str:
        key = normalise_heading(label)
        found = self.leads.get(key)
        if found is None:
            found = self._free_id(make_id(label) or "lead")
            self.leads[key] = found
            self.new_leads.append((found, " ".join(label.split())))
        return found

    def status_id(self, value: StatusValue) -> str | None:
        """The board's status id for a published status; None when the file states none."""
        if not value.stated:
            return None
        if value.key is not None:
            return self._mapped(value)
        label = _status_label(value)
        if label is None:
            if value.published() not in self.unplaceable:
                self.unplaceable.append(value.published())
            return None
        key = normalise_heading(label)
        found = self.statuses.get(key)
        if found is None:
            found = self._free_id(make_id(label) or "status")
            self.statuses[key] = found
            self._add_status(found, label, value)
        return found

    def _mapped(self, value: StatusValue) -> str:
        """A `--status VALUE=KEY` mapping: the key, new if the board has no such status."""
        assert value.key is not None
        known = self.statuses.get(normalise_heading(value.key))
        if known is not None:
            return known
        self.statuses[normalise_heading(value.key)] = value.key
        self.taken.add(value.key)
        self._add_status(value.key, _status_label(value) or value.key, value)
        return value.key

    def _add_status(self, status_id: str, label: str, value: StatusValue) -> None:
        words = normalise_heading(label)
        withdrawn = words in _WITHDRAWN_WORDS
        closed = withdrawn or words in _CLOSED_WORDS
        rag = _RAG_NAMES.get(value.rag) if value.rag else None
        self.new_statuses.append(NewStatus(status_id, label, closed, withdrawn, rag))

    def _free_id(self, wanted: str) -> str:
        found, number = wanted, 1
        while found in self.taken:
            number += 1
            found = f"{wanted}-{number}"
        self.taken.add(found)
        return found

    @property
    def is_new(self) -> bool:
        return bool(self.new_leads or self.new_statuses)

    def operations(self) -> list[AppendEntry]:
        """The board.yaml edits that add the new leads and statuses."""
        ops = [AppendEntry("leads", {"id": i, "label": label}) for i, label in self.new_leads]
        ops += [AppendEntry("statuses", status.entry()) for status in self.new_statuses]
        return ops

    def block(self) -> str:
        """The new leads and statuses as board.yaml text, ready to paste."""
        values: dict[str, Value] = {}
        if self.new_leads:
            values["leads"] = [{"id": i, "label": label} for i, label in self.new_leads]
        if self.new_statuses:
            values["statuses"] = [status.entry() for status in self.new_statuses]
        return new_document_text(values) if values else ""


def _status_label(value: StatusValue) -> str | None:
    """What a new status is called: its words, else its RAG colour's name."""
    if value.text and not (value.rag and len(value.text.strip()) == 1):
        return " ".join(value.text.split())
    if value.rag:
        return _RAG_NAMES[value.rag].capitalize()
    return None


def board_vocabulary(index: Index) -> Vocabulary:
    vocabulary = Vocabulary()
    for lead in index.leads.values():
        vocabulary.leads.setdefault(normalise_heading(lead.label), lead.id)
        vocabulary.leads.setdefault(normalise_heading(lead.id), lead.id)
        vocabulary.taken.add(lead.id)
    for status in index.statuses.values():
        vocabulary.statuses.setdefault(normalise_heading(status.label), status.id)
        vocabulary.statuses.setdefault(normalise_heading(status.id), status.id)
        vocabulary.taken.add(status.id)
    return vocabulary


def priority_number(number: str) -> int | str:
    """An objective's number as board.yaml holds a priority's: `3` -> 3, `1.2` stays text."""
    return int(number) if number.isdigit() else number


def plan_entry(plan_id: str, published: PublishedPlan) -> dict[str, Value]:
    """A new plan for board.yaml with only what the file gives: its title (from the
    document's heading) and its priorities (from the numbered objective rows). No period."""
    entry: dict[str, Value] = {"id": plan_id}
    if published.title:
        entry["title"] = published.title
    priorities: list[Value] = []
    seen: set[str] = set()
    for objective in published.objectives:
        if objective.number is None or objective.number in seen:
            continue
        seen.add(objective.number)
        priority: dict[str, Value] = {"number": priority_number(objective.number)}
        if objective.title:
            priority["title"] = " ".join(objective.title.split())
        priorities.append(priority)
    if priorities:
        entry["priorities"] = priorities
    return entry
