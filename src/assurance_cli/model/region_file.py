"""A region file (`region.yaml`): the boards a region compares and the region's vocabulary,
with each board's words mapped to it (docs/region.md).

Declared as the records are, so a misspelt key, a missing id or a status written where a
mapping belongs is reported with the same codes and messages, at its line and column. A
board's word the file does not map is never guessed: the reports name it as it is.
"""

from __future__ import annotations

from typing import Annotated, Any, NamedTuple

from assurance_cli.model.fields import ID, NON_EMPTY, OPTIONAL
from assurance_cli.model.models import model_for
from assurance_cli.model.validation import FieldError, validate_record


class RegionTerm(NamedTuple):
    """One of the region's own words: a status (`red`) or a theme, with its title."""

    id: Annotated[str, ID]
    title: str


class RegionBoard(NamedTuple):
    id: Annotated[str, ID]  # the board's id in every table and report
    # Where its records are, relative to region.yaml: a board repository (the folder holding
    # data/, exported as it is on disk), a folder `assure export --format jsonl` wrote, or a git
    # repository's URL (cloned, its default branch's last commit read).
    path: Annotated[str | None, OPTIONAL]
    export: Annotated[str | None, OPTIONAL]
    git: Annotated[str | None, OPTIONAL]
    # This board's status ids and theme ids -> the region's (`off-track: red`).
    statuses: Annotated[dict[Annotated[str, ID], Annotated[str, ID]], OPTIONAL]
    themes: Annotated[dict[Annotated[str, ID], Annotated[str, ID]], OPTIONAL]


class RegionFile(NamedTuple):
    name: str
    statuses: Annotated[tuple[RegionTerm, ...], OPTIONAL]
    themes: Annotated[tuple[RegionTerm, ...], OPTIONAL]
    boards: Annotated[tuple[RegionBoard, ...], NON_EMPTY]


def validate_region(data: dict[str, Any]) -> tuple[RegionFile | None, list[FieldError]]:
    """A region file's data, or None and every field error."""
    model, errors = validate_record(model_for(RegionFile), data)
    if model is None:
        return None, errors
    return _plain(model, RegionFile), []


def _plain(model: Any, declared: Any) -> Any:
    """The validated model as the declared named tuples (lists as tuples)."""
    values = {}
    for name in declared._fields:
        value = getattr(model, name)
        if name in ("statuses", "themes") and declared is RegionFile:
            value = tuple(_plain(item, RegionTerm) for item in value)
        elif name == "boards":
            value = tuple(_plain(item, RegionBoard) for item in value)
        elif isinstance(value, dict):
            value = dict(value)
        values[name] = value
    return declared(**values)
