"""A paper file (`papers/<name>.yaml`): what a board paper's cover says about it.

Every field is optional and printed as written; a field left out is not printed (nothing is
invented for a cover). Declared as the records are, so a misspelt key, a number where text
belongs or an empty value is reported with the same codes and messages as in a record.
"""

from __future__ import annotations

from typing import Annotated, Any, NamedTuple

from assurance_cli.model.fields import OPTIONAL
from assurance_cli.model.models import model_for
from assurance_cli.model.validation import FieldError, validate_record


class PaperCover(NamedTuple):
    title: Annotated[str | None, OPTIONAL]  # the paper's title; default: the report's
    meeting: Annotated[str | None, OPTIONAL]  # the meeting it goes to, in the board's words
    date: Annotated[str | None, OPTIONAL]  # the paper's date: 2016-06-07 or as printed
    author: Annotated[str | None, OPTIONAL]
    version: Annotated[str | None, OPTIONAL]
    purpose: Annotated[str | None, OPTIONAL]
    recommendations: Annotated[tuple[str, ...], OPTIONAL]  # to the board, in order


PAPER_FIELDS = PaperCover._fields


def validate_paper(data: dict[str, Any]) -> tuple[PaperCover | None, list[FieldError]]:
    """A paper file's data as a cover, or None and every field error."""
    model, errors = validate_record(model_for(PaperCover), data)
    if model is None:
        return None, errors
    values = {name: getattr(model, name) for name in PAPER_FIELDS}
    values["recommendations"] = tuple(values["recommendations"])
    return PaperCover(**values), []
