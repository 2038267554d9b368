"""A new record's text in the house layout, fast: what `yaml_writer.new_document_text` writes
through ruamel, written directly for the values new records hold.

ruamel's emitter costs about 5 ms a record, most of `assure import`'s time for a plan of a
thousand rows. New records are simple (a mapping of text, numbers, dates, null and lists of
those or of small mappings), so this writes them line by line, asking `yaml_writer` how each
text is styled (plain, quoted, folded, literal) exactly as ruamel would be asked. Whatever it
cannot write the same way (double-quoted text, a float, a block scalar as a list item) it
leaves to ruamel; and what it writes is read back and must hold exactly the values given,
else ruamel writes the record. A test holds the two writers' bytes equal on real records.
"""

from __future__ import annotations

from datetime import date

from assurance_cli.io.yaml_writer import (
    Value,
    plain_values,
    reads_as,
    scalar_style,
)
from assurance_cli.io.yaml_writer import (
    new_document_text as ruamel_document_text,
)


class _Unwritable(Exception):
    """A value this writer leaves to ruamel."""


def new_document_text(values: dict[str, Value]) -> str:
    """A new record's text in the house layout, every field in the order given; proved to read
    back as exactly `values`."""
    try:
        lines: list[str] = []
        for key, value in values.items():
            _pair(key, value, 0, "", lines)
        text = "\n".join(lines) + "\n"
    except _Unwritable:
        return ruamel_document_text(values)
    if not reads_as(text, plain_values(values)):
        return ruamel_document_text(values)
    return text


def _pair(key: str, value: Value, col: int, prefix: str, lines: list[str]) -> None:
    """`key: value` with the key at column `col`; `prefix` replaces the indentation of the
    first line (`  - ` for the first key of a list item)."""
    head = (prefix or " " * col) + f"{key}:"
    if isinstance(value, list):
        if not value:
            lines.append(f"{head} []")
            return
        lines.append(head)
        for item in value:
            _item(item, col + 2, lines)
    elif isinstance(value, dict):
        if not value:
            raise _Unwritable
        lines.append(head)
        for name, inner in value.items():
            _pair(name, inner, col + 2, "", lines)
    else:
        _scalar(head, value, col, key, lines)


def _item(item: Value, dash_col: int, lines: list[str]) -> None:
    prefix = " " * dash_col + "- "
    if isinstance(item, dict):
        if not item:
            raise _Unwritable
        for number, (name, inner) in enumerate(item.items()):
            _pair(name, inner, dash_col + 2, prefix if number == 0 else "", lines)
    elif isinstance(item, list):
        raise _Unwritable
    else:
        text = _inline(item, dash_col + 2, "-")
        lines.append(prefix + text)


def _scalar(head: str, value: Value, col: int, key: str, lines: list[str]) -> None:
    if isinstance(value, str):
        style, text, fold = scalar_style(value, col, key)
        if style in (">", "|"):
            lines.append(f"{head} {style}-")
            indent = " " * (col + 2)
            body = _folded_lines(text, fold) if style == ">" else text.split("\n")
            lines += [indent + line if line else "" for line in body]
            return
    lines.append(f"{head} {_inline(value, col, key)}")


def _inline(value: Value, col: int, key: str) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        style, text, _fold = scalar_style(value, col, key)
        if style == "":
            return text
        if style == "'":
            return "'" + text.replace("'", "''") + "'"
    raise _Unwritable


def _folded_lines(text: str, fold: list[int]) -> list[str]:
    """The folded scalar's lines: broken at the spaces `fold` names (each space dropped)."""
    lines = []
    start = 0
    for at in fold:
        lines.append(text[start:at])
        start = at + 1
    lines.append(text[start:])
    return lines
