"""Read one YAML record: bytes in, plain data plus positions (or problems) out.

The only module that parses YAML for reading. It walks the parser's event stream itself,
through libyaml (PyYAML's C parser) where installed, so that:

- every key and value keeps its line and column, for problems at the exact place;
- the strict subset is enforced at the place it is broken: no anchors, aliases, merge keys,
  tags, directives, second documents or duplicate keys; size and depth are capped;
- scalars are resolved by our own small rules: dates stay text (so validation reports a bad
  date at its line instead of the YAML library raising), `yes`/`no` stay text, and only
  plain decimal numbers, `true`/`false` and `null` become non-strings.

It never raises for bad input: everything wrong is a `Problem`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, error

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 30

try:  # libyaml is bundled with PyYAML's wheels; fall back to pure Python if it is not.
    from yaml import CSafeLoader as _FastLoader

    C_PARSER_AVAILABLE = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]

    C_PARSER_AVAILABLE = False

Path = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Positions:
    """Where each value (and each mapping key) of a record stands in its file."""

    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def of_value(self, path: Path) -> Position:
        """The position of the value at `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def of_key(self, path: Path) -> Position:
        """The position of the key naming `path` (falls back to the value's position)."""
        return self.keys.get(path) or self.of_value(path)


@dataclass
class Document:
    data: Any
    positions: Positions


def read_document(raw: bytes, rel_path: str) -> tuple[Document | None, list[Problem]]:
    """Decode and parse one record file. Returns the document, or None and its problems."""
    if len(raw) > MAX_BYTES:
        return None, [
            error(
                rel_path,
                1,
                1,
                "file-too-large",
                f"file is larger than {MAX_BYTES // 1024} KiB; split the record or trim its text",
            )
        ]
    text, problem = _decode(raw, rel_path)
    if problem is not None:
        return None, [problem]
    builder = _Builder(rel_path)
    try:
        builder.consume(yaml.parse(text, Loader=_FastLoader))
    except yaml.MarkedYAMLError as exc:
        builder.problems.append(_syntax_problem(exc, rel_path))
    except RecursionError:  # pragma: no cover - the event walk is iterative
        builder.problems.append(error(rel_path, 1, 1, "too-deep", "nesting is too deep"))
    if builder.problems:
        return None, builder.problems
    if builder.root is None:
        return None, [
            error(rel_path, 1, 1, "empty-record", "empty record: the file holds no YAML mapping")
        ]
    if not isinstance(builder.root, dict):
        pos = builder.positions.of_value(())
        return None, [
            error(
                rel_path,
                pos.line,
                pos.col,
                "not-a-mapping",
                "a record must be a YAML mapping of fields (key: value)",
            )
        ]
    return Document(builder.root, builder.positions), []


def _decode(raw: bytes, rel_path: str) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return "", error(
            rel_path,
            line,
            col,
            "encoding",
            "file is not valid UTF-8; save it as UTF-8 (not Latin-1 or Windows-1252)",
        )


def _syntax_problem(exc: yaml.MarkedYAMLError, rel_path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = _safe_words(exc.problem or exc.context or "invalid YAML")
    hint = "fix the YAML syntax"
    if "\\t" in (exc.problem or "") or "tab" in (exc.problem or ""):
        hint = "indent with spaces, not tabs"
    return error(rel_path, line, col, "yaml-syntax", f"YAML syntax error: {what}; {hint}")


def _safe_words(message: str) -> str:
    """Keep the parser's grammar words and punctuation tokens (`','`, `']'`) but drop any
    longer text it quotes from the file."""
    return _QUOTED.sub(
        lambda m: m.group(0) if _PUNCTUATION.fullmatch(m.group(0)[1:-1]) else "a token", message
    ).strip()


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_PUNCTUATION = re.compile(r"[^\w\s]{1,3}|\\t")


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

    def __init__(self, container: dict[str, Any] | list[Any], path: Path) -> None:
        self.container = container
        self.path = path
        self.pending_key: str | None = None
        self.pending_key_pos: Position | None = None


class _Builder:
    """Turns a parser event stream into plain data, positions and strict-subset problems."""

    def __init__(self, rel_path: str) -> None:
        self.rel_path = rel_path
        self.root: Any = None
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.documents = 0

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
            if tag is not None and tag != "!":
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

    def _child_path(self) -> Path | None:
        """The path of the next value, or None when the next scalar is a mapping key."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.pending_key is None:
            return None
        return (*frame.path, frame.pending_key)

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
        self._place(value, path, self._here(event))
        return True

    def _key(self, event: yaml.ScalarEvent) -> bool:
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
        frame.pending_key_pos = self._here(event)
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
        self._place(container, path, self._here(event))
        self.stack.append(_Frame(container, path))
        return True

    def _place(self, value: Any, path: Path, position: Position) -> None:
        self.positions.values[path] = position
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        assert frame.pending_key is not None and frame.pending_key_pos is not None
        frame.container[frame.pending_key] = value
        self.positions.keys[path] = frame.pending_key_pos
        frame.pending_key = None
        frame.pending_key_pos = None


_KEY_SAFE = re.compile(r"[A-Za-z0-9_\-]{1,40}")


def _safe_key(key: str) -> str:
    """Field names are safe to print; anything else is summarised."""
    return key if _KEY_SAFE.fullmatch(key) else "(a non-field key)"
