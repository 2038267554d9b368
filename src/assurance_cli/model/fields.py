"""What a field of a record accepts beyond its Python type, as plain markers inside
`Annotated[...]` in `records.py` (so the records, the validation built from them and the JSON
Schema all come from one declaration, and a warm run that never validates imports nothing
heavier than this).

    ref: Annotated[str, ID]                         lowercase letters, digits and '-'
    due: Annotated[PartialDate | str | None, DUE]   a date, a month or "ongoing"
    notes: Annotated[tuple[str, ...], OPTIONAL]     may be left out: () when it is
    priority_label: Annotated[str, Default("Priority")]
    from_: Annotated[PartialDate | None, FileKey("from")]

Text fields (`str`) hold non-empty text unless marked otherwise. A field with neither
OPTIONAL nor Default must be given (it may still be `null` where its type allows None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ACTION_REF_PATTERN = r"^(?:[a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*$"


@dataclass(frozen=True)
class Marker:
    """A rule a field's value follows, by name."""

    name: str


ID = Marker("id")  # an id: lowercase letters, digits and '-'
ACTION_REF = Marker("action-ref")  # an action: `<ref>` in its own plan, or `<plan>/<ref>`
DUE = Marker("due")  # a date, a month, or "ongoing"
NON_EMPTY = Marker("non-empty")  # a list with at least one item
OPTIONAL = Marker("optional")  # may be left out: None, () or {} when it is


@dataclass(frozen=True)
class Default:
    """May be left out: this value when it is."""

    value: Any


@dataclass(frozen=True)
class FileKey:
    """The key the field is written under in a file, where it differs from its name (`from`
    is a Python keyword)."""

    name: str
