"""Write records' YAML the way a careful person would: ruamel.yaml's round trip, keeping
comments, key order, quoting and every untouched line. The only module that imports ruamel.

- `edit_text`: one record's text in, new text out. Applies a few operations (set a field,
  append a log entry) and proves the new text reads (through `yaml_reader`) as exactly the
  intended data.
- `new_document_text`: a new record's text in the house layout.

A file ruamel cannot write back byte for byte gets the edit merged into its own lines
(`line_merge.py`); `record_text.py` turns a record's bytes into the text edited here and back.
`new_text.py` writes new records the way ruamel would, faster, asking `scalar_style` here.
(Over 400 lines: the one module that imports ruamel holds all that asks it.)
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from assurance_cli.dates import PartialDate, iso
from assurance_cli.io.line_merge import merge_lines
from assurance_cli.io.yaml_events import resolve_plain_scalar
from assurance_cli.io.yaml_reader import read_document
from assurance_cli.problems import AssureError

Value: TypeAlias = "str | int | float | bool | date | list[Value] | dict[str, Value] | None"

WRAP_AT = 90  # house layout: long text is a folded block wrapped near 90 columns


# --- the YAML round trip ------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Indentation as ruamel's `indent(mapping, sequence, offset)`."""

    mapping: int
    sequence: int
    offset: int


HOUSE = Layout(2, 4, 2)  # `lead:` then `  - qpp-chair`
COMPACT = Layout(2, 2, 0)  # `lead:` then `- qpp-chair`, common in hand-written YAML
LAYOUTS = (HOUSE, COMPACT)


def _yaml(layout: Layout) -> YAML:
    """A fresh round-trip YAML per use (a reused one keeps state between files)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a line
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    yaml.representer.add_representer(type(None), _represent_null)
    yaml.representer.ignore_aliases = lambda _data: True  # one date in two places: no &anchor
    return yaml


def _represent_null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _load(yaml: YAML, text: str) -> CommentedMap:
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel raises many types; the file was valid for `assure check`
        raise AssureError(f"cannot edit this file's YAML ({type(exc).__name__})") from None
    if not isinstance(data, CommentedMap):
        raise AssureError("the file is not a mapping of fields")
    return data


def _dump(yaml: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def round_trips(text: str, layout: Layout = HOUSE) -> bool:
    """Does ruamel write `text` back byte for byte (is the file in this layout)?"""
    try:
        yaml = _yaml(layout)
        return _dump(yaml, _load(yaml, text)) == text
    except AssureError:
        return False


# --- scalars as the house writes them ------------------------------------------------------


def styled_text(text: str, key_col: int, key: str) -> str:
    """How a new text value is written after `key:` at column `key_col`: plain when it fits
    and reads back as text, a folded block (`>-`) wrapped near 90 columns when it is long,
    a literal block (`|-`) when it has line breaks, quoted when it must be."""
    styled: str = text
    if not all(char.isprintable() or char == "\n" for char in text) or any(
        char in text for char in "\x85\u2028\u2029"
    ):
        styled = DoubleQuotedScalarString(text)
    elif "\n" in text:
        lines = text.split("\n")
        simple = text[0] not in " \n" and not text.endswith("\n")
        if simple and all(line == line.rstrip(" ") for line in lines):
            styled = LiteralScalarString(text)
        else:
            styled = DoubleQuotedScalarString(text)
    elif len(" " * key_col + f"{key}: {text}") > WRAP_AT and _foldable(text):
        styled = FoldedScalarString(text)
        styled.fold_pos = _fold_positions(text, WRAP_AT - key_col - 2)  # type: ignore[attr-defined]
    elif resolve_plain_scalar(text) != (text, None):
        styled = SingleQuotedScalarString(text)  # `1.10`, `null`, `true`: text, not a value
    return styled


# Text that is plain for ruamel whatever its words: a letter, then letters, digits, single
# spaces and punctuation that is no indicator in a block, not ending in a space.
_PLAIN_WORDS = re.compile(r"[A-Za-z](?:[A-Za-z0-9,.;()/&'\-]| (?! ))*(?<! )")
_WORDS = frozenset({"null", "true", "false"})  # resolved as values, not text


@functools.cache
def _analysers() -> tuple[Any, Any]:
    """ruamel's scalar analysis and implicit resolver, as its emitter uses them."""
    yaml = _yaml(HOUSE)
    emitter = Emitter(io.StringIO(), allow_unicode=yaml.allow_unicode)
    emitter.use_version = yaml.version  # type: ignore[attr-defined]  # what its dumper says
    return emitter, yaml.resolver


def scalar_style(text: str, key_col: int, key: str) -> tuple[str, str, list[int]]:
    """How ruamel writes a new text value after `key:` at column `key_col` (see
    `styled_text`): its style (`""` plain, `'`, `"`, `>` folded, `|` literal), the text, and
    for a folded one where its lines break. For `new_text.py`, which writes the same bytes."""
    styled = styled_text(text, key_col, key)
    if isinstance(styled, FoldedScalarString):
        return ">", text, list(styled.fold_pos)  # type: ignore[attr-defined]
    if isinstance(styled, LiteralScalarString):
        return "|", text, []
    if isinstance(styled, DoubleQuotedScalarString) or not text:
        return '"', text, []
    if type(styled) is str and _PLAIN_WORDS.fullmatch(text) and text.lower() not in _WORDS:
        return "", text, []  # what ruamel's analysis would say, without its cost
    emitter, resolver = _analysers()
    analysis = emitter.analyze_scalar(text)
    if isinstance(styled, SingleQuotedScalarString):
        return ("'" if analysis.allow_single_quoted else '"'), text, []
    implicit = resolver.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    if implicit and analysis.allow_block_plain:
        return "", text, []
    if analysis.allow_double_quoted and ("'" in text or "\n" in text):
        return '"', text, []
    return ("'" if analysis.allow_single_quoted else '"'), text, []


def _foldable(text: str) -> bool:
    return text == text.strip() and "  " not in text and "\t" not in text


def _fold_positions(text: str, width: int) -> list[int]:
    """Where to break (indexes of spaces) so that no line is longer than `width` if it can."""
    breaks: list[int] = []
    line_start = 0
    last_space = -1
    for index, char in enumerate(text):
        if char == " ":
            if index - line_start > width and last_space > line_start:
                breaks.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start > width and last_space > line_start:
        breaks.append(last_space)
    return breaks


def _node(value: Value, key_col: int, key: str, flow: bool = False) -> Any:
    """A Python value as a ruamel node in house style: dates stay dates (plain YYYY-MM-DD)."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for name, item in value.items():
            mapping[name] = _node(item, key_col, name, flow)
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        # New lists are written in the house layout: items two columns in, `- ` then the item.
        seq = CommentedSeq(_node(item, key_col + 4, "-", flow) for item in value)
        if not value:
            seq.fa.set_flow_style()  # `[]`
        return seq
    if isinstance(value, str):
        if flow:  # inside [...] ruamel's plain scalars can read differently: always quote
            return DoubleQuotedScalarString(value)
        return styled_text(value, key_col, key)
    return value


def _plain(value: Value) -> Any:
    """A value as `yamlio` reads it back: dates are text."""
    if isinstance(value, date):
        return iso(value)
    if isinstance(value, dict):
        return {name: _plain(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def date_value(when: PartialDate | date) -> date | str:
    """A date as a file holds it: its published wording when it has one (`Autumn 2016`), else
    a day as a date (written plain YYYY-MM-DD), a month as its text YYYY-MM."""
    if isinstance(when, date):
        return when
    if when.text is not None:
        return when.text
    return when.last if when.day_given else iso(when)


# --- operations on one record ---------------------------------------------------------------


@dataclass(frozen=True)
class SetField:
    """Set a top-level field (added in the format's order when missing)."""

    key: str
    value: Value


@dataclass(frozen=True)
class AppendEntry:
    """Append an entry (a mapping) to a top-level list such as `progress` (created when missing)."""

    key: str
    entry: dict[str, Value]


Operation: TypeAlias = SetField | AppendEntry


@dataclass(frozen=True)
class Edited:
    """A record's new text."""

    text: str
    reformatted: bool  # other lines had to be rewritten in the house layout (data unchanged)


def edit_text(text: str, operations: Sequence[Operation], field_order: Sequence[str]) -> Edited:
    """Apply `operations` to one record's YAML text (LF line endings) and return the new text.

    The file's own layout is kept when ruamel can write it back byte for byte (the house
    layout, or compact sequences); otherwise the edit is merged into the original lines, and
    only when that is impossible is the whole file rewritten in the house layout. Whatever is
    returned has been read back through `yamlio` and holds exactly the intended data."""
    expected = _expected_data(text, operations)
    layout = next((candidate for candidate in LAYOUTS if round_trips(text, candidate)), None)
    yaml = _yaml(layout or HOUSE)
    data = _load(yaml, text)
    baseline = text if layout else _dump(yaml, data)
    for operation in operations:
        _apply(data, operation, field_order, layout or HOUSE)
    edited = _dump(yaml, data)
    candidates = [Edited(edited, False)]
    if layout is None:
        merged = merge_lines(text, baseline, edited)
        candidates = [Edited(merged, False)] if merged is not None else []
        candidates.append(Edited(edited, True))
    for candidate in candidates:
        if reads_as(candidate.text, expected):
            return candidate
    raise AssureError(
        "the change cannot be written without altering other values in the file; "
        "make it by hand in an editor"
    )


def _expected_data(text: str, operations: Sequence[Operation]) -> dict[str, Any]:
    document, _problems = read_document(text.encode("utf-8"), "record")
    if document is None:
        raise AssureError("the file does not read as a record; run `assure check` and fix it first")
    data: dict[str, Any] = document.data
    for operation in operations:
        if isinstance(operation, SetField):
            data[operation.key] = _plain(operation.value)
        else:
            data.setdefault(operation.key, []).append(_plain(operation.entry))
    return data


def plain_values(values: dict[str, Value]) -> dict[str, Any]:
    """Values as the strict reader gives them back: dates as text."""
    plain: dict[str, Any] = _plain(values)
    return plain


def reads_as(text: str, expected: dict[str, Any]) -> bool:
    """Does `text` read (through the strict reader) as exactly `expected`?"""
    document, _problems = read_document(text.encode("utf-8"), "record")
    return document is not None and document.data == expected


def _apply(data: CommentedMap, operation: Operation, order: Sequence[str], layout: Layout) -> None:
    if isinstance(operation, SetField):
        node = _node(operation.value, 0, operation.key)
        if operation.key in data:
            data[operation.key] = _like(data[operation.key], node)
        else:
            _insert(data, operation.key, node, order)
        return
    item_col = layout.offset + 2  # where an item's keys start under a top-level key
    seq = data.get(operation.key)
    if not isinstance(seq, CommentedSeq):
        _insert(data, operation.key, CommentedSeq([_node(operation.entry, item_col, "")]), order)
        return
    flow = bool(seq) and bool(seq.fa.flow_style())
    if not seq:
        # An empty `progress: []` becomes a block list: every later entry is then an added
        # line, where a flow list would rewrite one ever-longer line on each edit.
        seq.fa.set_block_style()
    before = _last_leaf(data, operation.key)
    seq.append(_node(operation.entry, item_col, "", flow))
    if before is not None and not flow:
        _move_trailing_comment(before, _last_leaf(data, operation.key))


def _like(old: Any, new: Any) -> Any:
    """Keep the quote style of the value being replaced."""
    if isinstance(old, SingleQuotedScalarString | DoubleQuotedScalarString) and type(new) is str:
        return type(old)(new)
    return new


def _insert(data: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Insert a missing field after the last present field that comes before it in `order`."""
    rank = {name: number for number, name in enumerate(order)}
    keys = list(data)
    earlier = [k for k in keys if rank.get(k, -1) < rank.get(key, len(order))]
    before = _last_leaf(data, earlier[-1]) if earlier else None
    data.insert(keys.index(earlier[-1]) + 1 if earlier else 0, key, value)
    if before is not None:
        _move_trailing_comment(before, _last_leaf(data, key))


def _last_leaf(data: CommentedMap, key: str) -> tuple[CommentedMap, str] | None:
    """The mapping and key whose trailing comment holds the lines written after `data[key]`."""
    owner, name = data, key
    while True:
        value = owner[name]
        if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
            value = value[-1]
            if not isinstance(value, CommentedMap):
                return None
        if not isinstance(value, CommentedMap) or not value or value.fa.flow_style():
            return owner, name
        owner, name = value, list(value)[-1]


def _move_trailing_comment(
    source: tuple[CommentedMap, str] | None, target: tuple[CommentedMap, str] | None
) -> None:
    """Full-line comments and blank lines at the left margin after the `source` value introduce
    what follows in the file: move them below the new content (the `target` value), so that it
    goes above them. An end-of-line comment, and indented comment lines right after it, stay."""
    if source is None or target is None or source == target:
        return
    owner, key = source
    slots = owner.ca.items.get(key)
    if not slots or len(slots) < 3 or slots[2] is None:
        return
    token = slots[2]
    if _is_block(owner[key]):
        eol, lines = "", token.value.splitlines(keepends=True)
    else:
        eol, _newline, rest = token.value.partition("\n")
        lines = rest.splitlines(keepends=True)
    split = len(lines)
    for number, line in enumerate(lines):
        first_of_block = _is_block(owner[key]) and number == 0
        indent = len(line) - len(line.lstrip(" ")) + (token.column if first_of_block else 0)
        if not line.strip() or indent == 0:
            split = number
            break
    kept, moved = "".join(lines[:split]), "".join(lines[split:])
    if not moved:
        return
    if _is_block(owner[key]):
        slots[2] = CommentToken(kept, CommentMark(token.column)) if kept else None
    else:
        rest_of_line = f"{eol}\n{kept}"
        slots[2] = CommentToken(rest_of_line, CommentMark(token.column)) if eol or kept else None
    if all(slot is None for slot in slots):
        del owner.ca.items[key]
    new_owner, new_key = target
    text = moved if _is_block(new_owner[new_key]) else "\n" + moved
    new_owner.ca.items[new_key] = [None, None, CommentToken(text, CommentMark(0)), None]


def _is_block(value: Any) -> bool:
    return isinstance(value, FoldedScalarString | LiteralScalarString)


def new_document_text(values: dict[str, Value]) -> str:
    """A new record's text in the house layout, every field in the order given; proved to read
    back as exactly `values`."""
    data = CommentedMap((key, _node(value, 0, key)) for key, value in values.items())
    text = _dump(_yaml(HOUSE), data)
    if not reads_as(text, _plain(values)):
        raise AssureError("the new record cannot be written safely; check the text given")
    return text
