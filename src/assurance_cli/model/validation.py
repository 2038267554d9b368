"""The record schemas: Board, Action, Audit, Finding. Pydantic, no I/O.

Used where a file is read or written: a valid model becomes the plain record of the same name
in `records.py` (`to_record`), which is what the rest of `assure` and the warm cache hold.

A model checks one record on its own; anything that needs two records (does this lead
exist? does the related action point back?) is a check in `checks.py`.

Models are strict (`42` is not text, `"yes"` is not a boolean) and forbid unknown keys, so a
misspelt field is reported at its own line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from assurance_cli.dates import ONGOING, DateError, PartialDate, parse_partial_date
from assurance_cli.model import records
from assurance_cli.model.records import (
    ACTION_REF_PATTERN,
    DATE_PATTERN,
    ID_PATTERN,
    AuditKind,
    FindingKind,
    Rag,
)


def _to_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "bad_date", "write dates as YYYY-MM-DD (e.g. 2016-03-31) or a month as YYYY-MM"
        )
    try:
        return parse_partial_date(value)
    except DateError as exc:
        raise PydanticCustomError("bad_date", str(exc)) from None


def _to_due(value: Any) -> PartialDate | str:
    if value == ONGOING:
        return ONGOING
    return _to_partial_date(value)


_DATE_SCHEMA = {
    "type": "string",
    "pattern": DATE_PATTERN,
    "description": "YYYY-MM-DD, or YYYY-MM for a whole month",
}

Date = Annotated[PartialDate, PlainValidator(_to_partial_date), WithJsonSchema(_DATE_SCHEMA)]
Due = Annotated[
    PartialDate | str,
    PlainValidator(_to_due),
    WithJsonSchema({"anyOf": [_DATE_SCHEMA, {"const": ONGOING}]}),
]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
ActionRef = Annotated[str, StringConstraints(pattern=ACTION_REF_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


class RecordModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        defer_build=True,  # build validators on first use: a warm run validates nothing
        strict=True,
        frozen=True,
        arbitrary_types_allowed=True,
        populate_by_name=True,
    )


# --- board.yaml -------------------------------------------------------------------------


class Period(RecordModel):
    start: Date
    end: Date


class Priority(RecordModel):
    number: int
    title: Text
    short: Text | None = None
    focus: Text | None = None  # what the board wants to see for this priority (seed 004)


class Plan(RecordModel):
    id: Id
    title: Text
    period: Period
    priority_label: Text = "Priority"
    priorities: list[Priority] = []
    notes: list[Text] = []


class Theme(RecordModel):
    id: Id
    title: Text
    themes: list[Theme] = []


class Subgroup(RecordModel):
    id: Id
    name: Text


class Lead(RecordModel):
    id: Id
    label: Text
    subgroup: Id | None = None


class Meeting(RecordModel):
    id: Id
    name: Text


class Status(RecordModel):
    id: Id
    label: Text
    closed: bool
    rag: Rag


class Board(RecordModel):
    name: Text
    short_name: Text
    plans: list[Plan]
    themes: list[Theme] = []
    subgroups: list[Subgroup] = []
    leads: list[Lead] = []
    meetings: list[Meeting] = []
    statuses: list[Status] = Field(min_length=1)
    responsibilities: list[Text] = []
    core_business: list[Text] = []
    # Report titles in the board's words, by report name (e.g. digest: Quality of Practice
    # and Performance); `{period}` in a title is replaced by the report's period.
    report_titles: dict[Id, Text] = {}


# --- actions ----------------------------------------------------------------------------


class ProgressEntry(RecordModel):
    date: Date | None = None
    text: Text


class DueChange(RecordModel):
    from_: Date | None = Field(alias="from")
    to: Date
    agreed: Date | None = None
    reason: Text | None = None


class Milestone(RecordModel):
    title: Text | None = None
    due: Due | None
    status: Id
    progress: list[ProgressEntry] = []


class Question(RecordModel):
    priority: int | None = None
    text: Text


class Action(RecordModel):
    ref: Id
    priority: int | None
    title: Text
    subgroup: Id | None = None
    desired_outcome: Text | None = None
    outcome_measure: Text | None = None
    lead: list[Id]
    due: Due | None
    review_by: Date | None = None
    due_history: list[DueChange] = []
    status: Id
    progress: list[ProgressEntry] = []
    related: list[ActionRef] = []
    responds_to: list[Id] = []
    themes: list[Id] = []
    milestones: list[Milestone] = []
    questions: list[Question] = []
    impact: Text | None = None


# --- audits and findings ----------------------------------------------------------------


class Audit(RecordModel):
    id: Id
    title: Text
    kind: AuditKind
    date: Date | None
    end: Date | None = None
    reported: Date | None = None
    period: Id | None = None  # the plan whose learning report covers it, when dates mislead
    commissioned_by: Text | None = None
    led_by: Text | None = None
    sample_size: int | None = None
    sample: Text | None = None
    agencies: list[Text] = []
    summary: Text | None = None
    source: Text | None = None


class Figure(RecordModel):
    label: Text
    value: int | float
    unit: Text | None = None
    period: Text | None = None


class Finding(RecordModel):
    id: Id
    audits: list[Id] = Field(min_length=1)
    themes: list[Id]
    kind: FindingKind
    text: Text
    figures: list[Figure] = []
    source: Text | None = None


M = TypeVar("M", bound=RecordModel)


class ScheduledReport(RecordModel):
    """An assurance topic scheduled into the board's reporting cycle (seed 004)."""

    id: Id
    topic: Text
    reported_by: Text | None = None
    reported_to: Id | None = None  # a meeting id from board.yaml
    due: Date | None = None  # when it is scheduled; null until it is
    frequency: Text | None = None
    action: ActionRef | None = None  # the action that schedules it, as <plan>/<ref>
    source: Text | None = None


RECORD_TYPES: dict[str, type[RecordModel]] = {
    "board": Board,
    "action": Action,
    "audit": Audit,
    "finding": Finding,
    "reporting": ScheduledReport,
}


def field_names(model: type[RecordModel]) -> list[str]:
    """The model's fields, by the names written in files, in the documented order."""
    return [info.alias or name for name, info in model.model_fields.items()]


# --- valid models become plain records -------------------------------------------------


def _runtime_types() -> dict[type[RecordModel], Any]:
    """Each model and its twin in records.py (same name, same fields): a named tuple class."""
    found: dict[type[RecordModel], Any] = {}
    pending = list(RecordModel.__subclasses__())
    while pending:
        model = pending.pop()
        found[model] = getattr(records, model.__name__)
        pending += model.__subclasses__()
    return found


RUNTIME_TYPES = _runtime_types()


def to_record(model: RecordModel) -> records.Record:
    """The plain record for a validated model."""
    record: records.Record = _plain(model)
    return record


def _plain(value: Any) -> Any:
    if isinstance(value, RecordModel):
        runtime = RUNTIME_TYPES[type(value)]
        return runtime._make([_plain(getattr(value, name)) for name in type(value).model_fields])
    if isinstance(value, list):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


# --- validation: pydantic errors become field errors that name fields, never values ------


@dataclass(frozen=True)
class FieldError:
    """One validation error: where (a path into the record's data), a code and a message."""

    path: tuple[str | int, ...]
    code: str
    message: str
    at_key: bool  # report at the key (unknown/missing field) rather than the value


def validate_record(model: type[M], data: dict[str, Any]) -> tuple[M | None, list[FieldError]]:
    """Validate one record's data. Returns the model, or None and every field error."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False, include_context=True)
        seen: set[tuple[tuple[str | int, ...], str]] = set()
        found: list[FieldError] = []
        for raw_error in errors:
            field_error = _field_error(model, data, raw_error)
            key = (field_error.path, field_error.code)
            if key not in seen:
                seen.add(key)
                found.append(field_error)
        return None, found


def _navigable_prefix(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The longest prefix of `loc` that exists in the raw data (drops pydantic's union tags)."""
    node = data
    for depth, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return loc[:depth]
    return loc


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for part in path:
        node = node[part]  # only called with a navigable path
    return node


def dotted(path: tuple[str | int, ...]) -> str:
    """`('progress', 2, 'date')` -> `progress[2].date`. A key that does not look like a field
    name (a board's own mapping keys, a stray value typed as a key) is shown as `?`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        shown = part if FIELD_LIKE.fullmatch(part) else "?"
        text += f".{shown}" if text else shown
    return text or "(record)"


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}


def _field_error(model: type[RecordModel], data: dict[str, Any], err: Any) -> FieldError:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind: str = err["type"]
    if kind == "missing":
        return FieldError(loc, "missing-field", f"missing field '{dotted(loc)}'", at_key=False)
    path = _navigable_prefix(data, loc)
    where = f"field '{dotted(path)}'"
    if kind == "extra_forbidden":
        return FieldError(path, "unknown-field", _unknown_field_message(model, path), at_key=True)
    if kind == "bad_date":
        return FieldError(path, "bad-date", f"{where}: {err['msg']}", at_key=False)
    if kind == "string_pattern_mismatch":
        return FieldError(
            path,
            "bad-id",
            f"{where}: ids use lowercase letters, digits and '-' (e.g. 'cse-review-2015')",
            at_key=False,
        )
    if kind in _TYPE_WORDS:
        value = _value_at(data, path)
        found = _describe_type(value)
        hint = ""
        if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
            hint = "; put it in quotes, e.g. ref: '1.10'"
        elif kind == "string_type" and isinstance(value, bool):
            hint = "; quote it, e.g. 'yes'"
        return FieldError(
            path,
            "wrong-type",
            f"{where}: expected {_TYPE_WORDS[kind]}, found {found}{hint}",
            at_key=False,
        )
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return FieldError(path, "bad-value", f"{where}: must be one of {expected}", at_key=False)
    if kind in {"too_short", "string_too_short"}:
        return FieldError(path, "empty-value", f"{where}: must not be empty", at_key=False)
    # Pydantic's own wording only where it states a limit from the schema; some of its
    # messages quote the input (a union tag, an enum member), and input is record text.
    detail = err["msg"] if kind in _LIMIT_KINDS else "not a valid value for this field"
    return FieldError(path, "invalid-field", f"{where}: {detail}", at_key=False)


_LIMIT_KINDS = frozenset(
    {
        "too_long",
        "string_too_long",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "multiple_of",
        "finite_number",
    }
)


def _describe_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _unknown_field_message(model: type[RecordModel], path: tuple[str | int, ...]) -> str:
    name = str(path[-1]) if path else ""
    known = _fields_at(model, path[:-1])
    close = difflib.get_close_matches(name, known, n=1)
    shown = name if FIELD_LIKE.fullmatch(name) else "(a non-field key)"
    suggestion = f" (did you mean '{close[0]}'?)" if close else ""
    where = f" in {dotted(path[:-1])}" if path[:-1] else ""
    return f"unknown field '{shown}'{where}{suggestion}"


# Shaped like a field name (every field is lowercase): only such a key is echoed in a message;
# one in capitals, with spaces or starting with a digit may be record text in the wrong place.
FIELD_LIKE = re.compile(r"[a-z][a-z0-9_\-]{0,39}")


def _fields_at(model: type[RecordModel], path: tuple[str | int, ...]) -> list[str]:
    """The field names (by alias) of the sub-model at `path`, for did-you-mean."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
        if current is None:
            return []
    if not hasattr(current, "model_fields"):
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _inner_model(annotation: Any) -> Any:
    """`list[ProgressEntry] | None` -> ProgressEntry."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
