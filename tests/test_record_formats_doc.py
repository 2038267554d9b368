"""docs/record-formats.md lists every field of every record, whether it is required and why:
held to the declarations in model/records.py, so a field added to the model without a line on
the page, or made required (or optional) without the page saying so, fails here."""

from __future__ import annotations

import typing
from typing import Any

import pytest

from assurance_cli.model import records
from assurance_cli.model.fields import OPTIONAL, Default
from assurance_cli.model.records import RECORD_KINDS, file_key

from .conftest import REPO

PAGE = REPO / "docs" / "record-formats.md"


def record_types() -> list[type[Any]]:
    """Every record type and every type nested in one, as the model declares them."""
    found: list[type[Any]] = []
    pending: list[type[Any]] = list(RECORD_KINDS.values())
    while pending:
        cls = pending.pop(0)
        if cls in found:
            continue
        found.append(cls)
        for hint in typing.get_type_hints(cls, globalns=vars(records)).values():
            pending += [t for t in _named_tuples_in(hint) if t not in found]
    return found


def _named_tuples_in(hint: Any) -> list[type[Any]]:
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        return [hint] if hint.__module__ == records.__name__ else []
    return [t for arg in typing.get_args(hint) for t in _named_tuples_in(arg)]


def model_fields(cls: type[Any]) -> dict[str, bool]:
    """Each field's key in a file, and whether a file must give it."""
    hints = typing.get_type_hints(cls, include_extras=True, globalns=vars(records))
    fields = {}
    for name, hint in hints.items():
        meta = getattr(hint, "__metadata__", ())
        optional = any(m is OPTIONAL or isinstance(m, Default) for m in meta)
        fields[file_key(name)] = not optional
    return fields


def documented_fields() -> dict[str, dict[str, tuple[bool, str]]]:
    """Per `### \\`Type\\`` section of the page: field -> (required, why)."""
    sections: dict[str, dict[str, tuple[bool, str]]] = {}
    current: dict[str, tuple[bool, str]] | None = None
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("### `") and line.endswith("`"):
            current = sections.setdefault(line[5:-1], {})
        elif line.startswith("## "):
            current = None
        elif current is not None and line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            required = cells[1]
            assert required.startswith(("yes", "no")), line
            current[cells[0].strip("`")] = (required.startswith("yes"), cells[3])
    return sections


TYPES = record_types()
DOCUMENTED = documented_fields()


def test_every_record_type_is_found() -> None:
    names = {cls.__name__ for cls in TYPES}
    assert {"Board", "Plan", "Action", "DueChange", "Audit", "Figure", "Finding"} <= names
    assert len(names) >= 20


@pytest.mark.parametrize("cls", TYPES, ids=[cls.__name__ for cls in TYPES])
def test_the_page_lists_every_field_with_its_required_ness(cls: type[Any]) -> None:
    assert cls.__name__ in DOCUMENTED, f"docs/record-formats.md has no ### `{cls.__name__}`"
    documented = DOCUMENTED[cls.__name__]
    declared = model_fields(cls)
    assert list(documented) == list(declared), "fields missing, extra or out of order"
    for field, required in declared.items():
        assert documented[field][0] == required, f"{cls.__name__}.{field}: required={required}"


@pytest.mark.parametrize("cls", TYPES, ids=[cls.__name__ for cls in TYPES])
def test_every_required_field_says_why(cls: type[Any]) -> None:
    for field, required in model_fields(cls).items():
        if required:
            assert len(DOCUMENTED[cls.__name__][field][1]) > 10, f"{cls.__name__}.{field}"


def test_the_page_lists_no_type_the_model_does_not_have() -> None:
    assert set(DOCUMENTED) == {cls.__name__ for cls in TYPES}
