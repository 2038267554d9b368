"""The strict walk over a YAML parser's event stream: plain data, positions and problems.

`read_document` (yaml_reader.py) runs the parser and hands its events to a `RecordBuilder`,
which builds the record's data, notes where each key and value stands, and stops at the first
place the strict subset is broken: an anchor, alias, merge key, tag, directive, second
document, duplicate or non-text key, or nesting deeper than `MAX_DEPTH`. Scalars are resolved
by `resolve_plain_scalar`'s small rules, not the YAML library's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import yaml

from assurance_cli.io.positions import Position, Positions
from assurance_cli.problems import FieldPath, Problem, error

MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 30

# Characters YAML's escapes ("\a", "\e", "\u202e") or a paste can put into text, which then
# reach a terminal, a CSV cell or a paper: C0 and C1 controls (tab and line break are text),
# and the bidirectional controls that make text read differently from what it holds.
UNSAFE_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def unsafe_text_message(character: str) -> str:
    code_point = ord(character)
    kind = "a control character" if code_point < 0xA0 else "a bidirectional control"
    return f"{kind} (U+{code_point:04X}) in text, from an escape or a paste; delete it"


_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})


def resolve_plain_scalar(value: str) -> tuple[Any, str | None]:
    """Resolve an unquoted scalar. Returns (value, problem code or None)."""
    if value in _NULLS:
        return None, None
    if value in _TRUES:
        return True, None
    if value in _FALSES:
        return False, None
    if _INT.fullmatch(value):
        if len(value.lstrip("+-")) > MAX_NUMBER_DIGITS:
            return None, "number-too-large"
        return int(value), None
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        number = float(value)
        if math.isinf(number) or math.isnan(number):
            return None, "number-too-large"
        return number, None
    if value.lower() in {".inf", "-.inf", "+.inf", ".nan"}:
        return None, "number-too-large"
    return value, None


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("container", "path", "pending_key", "pending_key_pos")

    def __init__(self, container: dict[str, Any] | list[Any], path: FieldPath) -> None:
        self.container = container
        self.path = path
        self.pending_key: str | None = None
        self.pending_key_pos: Position | None = None


def _span(event: yaml.ScalarEvent) -> tuple[int, int]:
    """A scalar's source text as [start, end) character offsets."""
    start, end = event.start_mark, event.end_mark
    return (start.index if start else 0, end.index if end else 0)


class RecordBuilder:
    """Turns a parser event stream into plain data, positions and strict-subset problems."""

    def __init__(self, rel_path: str, track: bool = True) -> None:
        self.rel_path = rel_path
        self.track = track  # record positions and spans (not needed on the fast path)
        self.root: Any = None
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.documents = 0
        self.scalar_spans: list[tuple[int, int]] = []  # every scalar, keys too, in file order
        # Quoted and block scalars (tracked only): where a tab is text rather than layout.
        self.quoted_spans: list[tuple[int, int]] = []
        self.parser_depth_limit = False  # the parser itself refused the nesting depth

    def consume(self, events: Iterator[yaml.Event]) -> None:
        for event in events:
            if not self._handle(event):
                return

    def _problem(self, event: yaml.Event, code: str, message: str) -> None:
        where = self._here(event)
        self.problems.append(error(self.rel_path, where.line, where.col, code, message))

    def _handle(self, event: yaml.Event) -> bool:
        """Handle one event; False stops the walk (the file is rejected at this point)."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._problem(
                    event,
                    "multiple-documents",
                    "a record file holds one YAML document; remove the `---` and what follows",
                )
                return False
            if event.version is not None or event.tags:
                self._problem(
                    event,
                    "yaml-directive",
                    "YAML directives (%YAML, %TAG) are not allowed; remove the line",
                )
                return False
            return True
        if isinstance(event, yaml.AliasEvent):
            self._problem(
                event, "yaml-alias", "aliases (*name) are not allowed; write the value out in full"
            )
            return False
        if isinstance(event, yaml.NodeEvent):
            if event.anchor is not None:
                self._problem(
                    event,
                    "yaml-anchor",
                    "anchors (&name) are not allowed; write each value out in full",
                )
                return False
            tag = getattr(event, "tag", None)
            if tag is not None:  # `!` alone (a non-specific tag) is a tag too
                self._problem(
                    event,
                    "yaml-tag",
                    "explicit tags (!name, !!type) are not allowed; remove the tag",
                )
                return False
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event)
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            return self._open(event)
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
        return True

    def _here(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        return Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)

    def _child_path(self) -> FieldPath | None:
        """The path of the next value, or None when the next scalar is a mapping key.
        Untracked, every value's path is `()`: only positions need real paths."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container)) if self.track else ()
        if frame.pending_key is None:
            return None
        return (*frame.path, frame.pending_key) if self.track else ()

    def _scalar(self, event: yaml.ScalarEvent) -> bool:
        path = self._child_path()
        if path is None:
            return self._key(event)
        if not event.style and event.implicit[0]:
            value, code = resolve_plain_scalar(event.value)
            if code is not None:
                self._problem(
                    event,
                    code,
                    "number is too large or not finite; write it as text in quotes if it is an id",
                )
                return False
        else:
            value = event.value
        self._place(value, path, event)
        if self.track:
            span = _span(event)
            self.scalar_spans.append(span)
            self.positions.spans[path] = span
            if event.style:
                self.quoted_spans.append(span)
        return True

    def _key(self, event: yaml.ScalarEvent) -> bool:
        if self.track:
            self.scalar_spans.append(_span(event))
            if event.style:
                self.quoted_spans.append(_span(event))
        frame = self.stack[-1]
        assert isinstance(frame.container, dict)
        key = event.value
        if key == "<<" and not event.style:
            self._problem(
                event, "yaml-merge-key", "merge keys (<<) are not allowed; write the fields out"
            )
            return False
        if key in frame.container:
            self._problem(
                event,
                "duplicate-key",
                f"duplicate key '{_safe_key(key)}'; each field may appear once",
            )
            return False
        frame.pending_key = key
        frame.pending_key_pos = self._here(event) if self.track else None
        return True

    def _open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> bool:
        path = self._child_path()
        if path is None:
            self._problem(event, "bad-key", "a key must be plain text, not a list or mapping")
            return False
        if len(self.stack) >= MAX_DEPTH:
            self._problem(event, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
            return False
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        self._place(container, path, event)
        self.stack.append(_Frame(container, path))
        return True

    def _place(self, value: Any, path: FieldPath, event: yaml.Event) -> None:
        if self.track or not self.stack:  # the root's place is kept for `not-a-mapping`
            self.positions.values[path] = self._here(event)
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        assert frame.pending_key is not None
        frame.container[frame.pending_key] = value
        if frame.pending_key_pos is not None:
            self.positions.keys[path] = frame.pending_key_pos
        frame.pending_key = None
        frame.pending_key_pos = None


# Shaped like a field name (lowercase, as every field is): a key written in capitals, with
# spaces or starting with a digit may be record text typed in the wrong place.
_KEY_SAFE = re.compile(r"[a-z][a-z0-9_\-]{0,39}")


def _safe_key(key: str) -> str:
    """Field names are safe to print; anything else is summarised."""
    return key if _KEY_SAFE.fullmatch(key) else "(a non-field key)"
