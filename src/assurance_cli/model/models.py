"""The pydantic models that check a record file, built from the declarations in `records.py`
(one model per record type, with each field's type, rules, default and file key from its
declaration). No I/O.

Used where a file is read or written: a valid model becomes the plain record of the same name
(`to_record`), which is what the rest of `assure` and the warm cache hold.
"""

from __future__ import annotations

import functools
import operator
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from assurance_cli.dates import DATE_ADVICE, DateError, PartialDate, read_date, read_due
from assurance_cli.model import records
from assurance_cli.model.fields import (
    ACTION_REF,
    ACTION_REF_PATTERN,
    DUE,
    ID,
    ID_PATTERN,
    NON_EMPTY,
    OPTIONAL,
    Default,
    FileKey,
)


def _year_as_text(value: Any) -> Any:
    """`date: 2016` reads as a number in YAML; a paper that gives only the year means the text."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


def _to_date(value: Any) -> PartialDate:
    value = _year_as_text(value)
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("bad_date", DATE_ADVICE)
    try:
        return read_date(value)
    except DateError as exc:
        raise PydanticCustomError("bad_date", str(exc)) from None


def _to_due(value: Any) -> PartialDate | str:
    value = _year_as_text(value)
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("bad_date", DATE_ADVICE)
    try:
        return read_due(value)
    except DateError as exc:
        raise PydanticCustomError("bad_date", str(exc)) from None


_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "YYYY-MM-DD, YYYY-MM, a year, or a date as the paper prints it (31 March "
    "2016, Q3 2015/16, financial year 2016/17, Autumn 2016); see docs/dates.md",
}

Date = Annotated[PartialDate, PlainValidator(_to_date), WithJsonSchema(_DATE_SCHEMA)]
Due = Annotated[
    PartialDate | str,
    PlainValidator(_to_due),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "the due date as the paper prints it: a date (see docs/dates.md), "
            "Ongoing, or words such as To be confirmed",
        }
    ),
]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
ActionRef = Annotated[str, StringConstraints(pattern=ACTION_REF_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


class RecordModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        defer_build=True,  # build validators on first use: most runs validate few kinds
        strict=True,
        frozen=True,
        arbitrary_types_allowed=True,
        populate_by_name=True,
    )


# --- the models, built from the declarations in records.py ------------------------------


def _build_models() -> dict[type[Any], type[RecordModel]]:
    """A pydantic model for every record type (and every type nested in one), by its record
    type. Each field's pydantic type, default and file key come from its declaration."""
    built: dict[type[Any], type[RecordModel]] = {}
    self_referencing: set[str] = set()
    for record_type in (*records.RECORD_KINDS.values(),):
        _model_for(record_type, built, self_referencing)
    # A self-reference (a theme holds themes) is by name: resolve it, building that model now.
    # The others are built on first use (defer_build), so checking one action builds only
    # what an action holds.
    namespace = {model.__name__: model for model in built.values()}
    for record_type, model in built.items():
        if record_type.__name__ in self_referencing:
            model.model_rebuild(_types_namespace=namespace)
    return built


def _model_for(
    record_type: type[Any],
    built: dict[type[Any], type[RecordModel]],
    self_referencing: set[str],
    lenient: bool = False,
) -> Any:
    if record_type in built:
        return built[record_type]
    built[record_type] = None  # type: ignore[assignment]  # being built: refer to it by name
    fields: dict[str, Any] = {}
    for name, hint in get_type_hints(record_type, include_extras=True).items():
        base, markers = _split(hint)
        annotation = _pydantic_type(base, markers, built, self_referencing)
        settings: dict[str, Any] = {}
        if NON_EMPTY in markers:
            settings["min_length"] = 1
        for marker in markers:
            if isinstance(marker, FileKey):
                settings["alias"] = marker.name
            elif isinstance(marker, Default):
                settings["default"] = marker.value
        if OPTIONAL in markers or (lenient and "default" not in settings):
            settings["default"] = _empty(base)
        fields[name] = (annotation, Field(**settings))
    doc = record_type.__doc__ or ""
    model = create_model(
        record_type.__name__,
        __base__=RecordModel,
        __doc__=None if doc.startswith(f"{record_type.__name__}(") else doc,
        __module__=__name__,
        **fields,
    )
    built[record_type] = model
    return model


def model_for(declared: type[Any]) -> type[RecordModel]:
    """A model for a type declared as records are but kept apart from them (a paper's
    cover file): the same rules, the same messages."""
    model: type[RecordModel] = _model_for(declared, {}, set())
    return model


def _split(hint: Any) -> tuple[Any, list[Any]]:
    """`Annotated[X, a, b]` -> (X, [a, b]); anything else -> (hint, [])."""
    if get_origin(hint) is Annotated:
        base, *markers = get_args(hint)
        return base, markers
    return hint, []


def _pydantic_type(
    hint: Any, markers: list[Any], built: dict[type[Any], Any], self_referencing: set[str]
) -> Any:
    """The pydantic type that checks a value declared as `hint` with `markers`."""
    hint, more = _split(hint)
    markers = [*markers, *more]
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        members = get_args(hint)
        if DUE in markers:
            return Due | None if type(None) in members else Due
        converted = [_pydantic_type(m, markers, built, self_referencing) for m in members]
        return functools.reduce(operator.or_, converted)
    if hint is type(None) or origin is Literal or hint in (int, float, bool):
        return hint
    if hint is PartialDate:
        return Date
    if hint is str:
        return Id if ID in markers else ActionRef if ACTION_REF in markers else Text
    if origin is tuple:
        return list[_pydantic_type(get_args(hint)[0], [], built, self_referencing)]  # type: ignore[misc]
    if origin is dict:
        key, value = get_args(hint)
        return dict[  # type: ignore[misc]
            _pydantic_type(key, [], built, self_referencing),
            _pydantic_type(value, [], built, self_referencing),
        ]
    model = _model_for(hint, built, self_referencing)
    if model is None:  # still being built: a self-reference, by name
        self_referencing.add(hint.__name__)
        return hint.__name__
    return model


def _empty(hint: Any) -> Any:
    """What a left-out OPTIONAL field holds: an empty list or mapping, or None."""
    origin = get_origin(_split(hint)[0])
    return [] if origin is tuple else {} if origin is dict else None


MODELS = _build_models()
Board = MODELS[records.Board]
Action = MODELS[records.Action]
Audit = MODELS[records.Audit]
Finding = MODELS[records.Finding]
ScheduledReport = MODELS[records.ScheduledReport]

# The model that checks each kind of record file (io/layout.py's kinds).
RECORD_TYPES: dict[str, type[RecordModel]] = {
    kind: MODELS[record_type] for kind, record_type in records.RECORD_KINDS.items()
}
RUNTIME_TYPES: dict[type[RecordModel], type[Any]] = {
    model: record_type for record_type, model in MODELS.items()
}


def field_names(model: type[RecordModel]) -> list[str]:
    """The model's fields, by the names written in files, in the documented order."""
    return [info.alias or name for name, info in model.model_fields.items()]


@functools.cache
def lenient_model(kind: str) -> type[RecordModel]:
    """The model of a kind of record with every field optional, for what is valid of a file
    that has errors: its record-level checks still run on the rest (`partial_record`)."""
    record_type = records.RECORD_KINDS[kind]
    built: dict[type[Any], type[RecordModel]] = {
        nested: model for nested, model in MODELS.items() if nested is not record_type
    }
    model: type[RecordModel] = _model_for(record_type, built, set(), lenient=True)
    return model


def partial_record(
    kind: str, data: dict[str, Any], invalid: frozenset[str]
) -> records.Record | None:
    """The record of a file with errors, as far as it is valid: the top-level fields named in
    `invalid` are left out (None or empty), and so is any field the file does not give.
    None when even that does not validate."""
    record_type = records.RECORD_KINDS[kind]
    valid = {key: value for key, value in data.items() if key not in invalid}
    try:
        model = lenient_model(kind).model_validate(valid)
    except ValidationError:
        return None
    partial: records.Record = record_type._make(
        [_plain(getattr(model, name)) for name in type(model).model_fields]
    )
    return partial


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
