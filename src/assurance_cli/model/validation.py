"""Validation of one record's data against its model, and pydantic's errors turned into field
errors that name fields, never values (a value is record text). No I/O.

Models are strict (`42` is not text, `"yes"` is not a boolean) and forbid unknown keys, so a
misspelt field is reported at its own line. A model checks one record on its own; anything
that needs two records is a check in `checks/`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from assurance_cli.model.models import RecordModel

# --- validation: pydantic errors become field errors that name fields, never values ------


@dataclass(frozen=True)
class FieldError:
    """One validation error: where (a path into the record's data), a code and a message."""

    path: tuple[str | int, ...]
    code: str
    message: str
    at_key: bool  # report at the key (unknown/missing field) rather than the value


M = TypeVar("M", bound=RecordModel)


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
    where = f" in {dotted(path[:-1])}" if path[:-1] else ""
    # Only a misspelt field is echoed: any other key may be record text typed in the wrong
    # place, a name or a date of birth (`child-jane-smith-dob-2015-01-02: x`).
    if close and FIELD_LIKE.fullmatch(name):
        return f"unknown field '{name}'{where} (did you mean '{close[0]}'?)"
    return f"unknown field{where}: a key that is no field of this record (not shown)"


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
