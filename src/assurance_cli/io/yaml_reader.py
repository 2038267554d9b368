"""Read one YAML record: bytes in, plain data plus positions (or problems) out.

The only module that runs a YAML parser for reading: libyaml (PyYAML's C parser) where
installed. It walks the parser's event stream itself (`yaml_events.RecordBuilder`), so that:

- every key and value keeps its line and column, for problems at the exact place;
- the strict subset is enforced at the place it is broken: no anchors, aliases, merge keys,
  tags, directives, second documents or duplicate keys; size and depth are capped;
- scalars are resolved by our own small rules: dates stay text (so validation reports a bad
  date at its line instead of the YAML library raising), `yes`/`no` stay text, and only
  plain decimal numbers, `true`/`false` and `null` become non-strings.

It never raises for bad input: everything wrong is a `Problem`. Line and column are 1-based
and count characters; a line ends at LF, CR, CRLF, NEL, LS or PS, as in YAML 1.1
(`positions.py`).

Reviewed exceptions are comments, `# assure: allow <code> ...`; the reader collects them by
line (only real comments: a `#` inside a quoted or block scalar is text, not a comment). It
also notes where every comment stands, for the privacy check: comments are text too.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from assurance_cli.io.files import MAX_RECORD_BYTES as MAX_BYTES
from assurance_cli.io.positions import (
    LINE_BREAK,
    line_starts,
    position_at,
    position_in,
)

# Re-exported: the reader's callers take these with the `Document` it returns.
from assurance_cli.io.positions import Position as Position
from assurance_cli.io.positions import Positions as Positions
from assurance_cli.io.yaml_events import RecordBuilder
from assurance_cli.problems import Problem, error

try:  # libyaml is bundled with PyYAML's wheels; fall back to pure Python if it is not.
    from yaml import CSafeLoader as _FastLoader

    C_PARSER_AVAILABLE = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]

    C_PARSER_AVAILABLE = False

# YAML 1.1's printable characters (what libyaml accepts); anything else is refused with its place.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ALLOW_COMMENT = re.compile(r"#[ \t]*assure:[ \t]*allow\b([^\r\n\x85\u2028\u2029]*)")
_ALLOWED_CODE = re.compile(r"[a-z][a-z0-9-]*")


@dataclass
class Document:
    """A parsed record: its data, where each value stands, the decoded text and the reviewed
    exceptions (`# assure: allow ...` comments) by line."""

    data: Any
    positions: Positions
    text: str = ""
    allowances: dict[int, frozenset[str]] = field(default_factory=dict)
    # Each comment's text (after its `#`) as [start, end) offsets into `text`, in file order.
    comments: tuple[tuple[int, int], ...] = ()

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.text)

    def position_at(self, index: int) -> Position:
        """The line and column of character `index` of the text."""
        return position_in(self._line_starts, index)


def read_document(
    raw: bytes, rel_path: str, *, track: bool = True
) -> tuple[Document | None, list[Problem]]:
    """Decode and parse one record file. Returns the document, or None and its problems.

    With `track=False` the document keeps no positions (the fast path: most files have no
    problem to place); problems found while parsing still carry their line and column."""
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
    if problem is None:
        problem = _unprintable_problem(text, rel_path)
    if problem is not None:
        return None, [problem]
    # A tab is checked against where quoted text and comments stand, which needs positions.
    has_tab = "\t" in text
    builder = _parse(text, rel_path, track or has_tab, _FastLoader)
    if builder.parser_depth_limit:
        # libyaml 0.2.6 and later refuse deep flow nesting on their own, while still scanning
        # ahead, so they stop far past our limit with a syntax error. The pure-Python parser
        # has no such limit: it walks to the place where our limit is crossed and reports
        # `too-deep` there, as every parser should. Only such a file pays for the slow parse.
        builder = _parse(text, rel_path, track or has_tab, yaml.SafeLoader)
    if builder.problems:
        return None, builder.problems
    if has_tab and (tab := _layout_tab(text, builder)) is not None:
        return None, [tab]
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
    if not track:
        return Document(builder.root, builder.positions, text), []
    allowances = _allowances(text, builder.scalar_spans)
    comments = _comments(text, builder.scalar_spans)
    return Document(builder.root, builder.positions, text, allowances, comments), []


def _parse(text: str, rel_path: str, track: bool, loader: Any) -> RecordBuilder:
    builder = RecordBuilder(rel_path, track)
    try:
        builder.consume(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        builder.problems.append(_syntax_problem(exc, text, rel_path))
        builder.parser_depth_limit = "nesting depth" in (exc.problem or "")
    except yaml.YAMLError:  # pragma: no cover - characters are checked above; a last guard
        builder.problems.append(error(rel_path, 1, 1, "yaml-syntax", "YAML syntax error"))
    except RecursionError:  # pragma: no cover - the event walk is iterative
        builder.problems.append(error(rel_path, 1, 1, "too-deep", "nesting is too deep"))
    return builder


def _decode(raw: bytes, rel_path: str) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        # Everything before the bad byte is valid UTF-8, so it can be counted in characters.
        before = raw[: exc.start].decode("utf-8")
        where = position_at(before, len(before))
        return "", error(
            rel_path,
            where.line,
            where.col,
            "encoding",
            "file is not valid UTF-8; save it as UTF-8 (not Latin-1 or Windows-1252)",
        )


def _unprintable_problem(text: str, rel_path: str) -> Problem | None:
    """A control character (NUL, BEL, DEL...) stops the YAML reader with only an offset;
    find it first so the problem names its line and column."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return None
    where = position_at(text, found.start())
    code_point = ord(found.group())
    kind = "control character" if code_point < 0xA0 else "non-character"
    return error(
        rel_path,
        where.line,
        where.col,
        "control-character",
        f"a {kind} (U+{code_point:04X}) is not allowed in YAML; delete it",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, rel_path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    end = position_at(text, len(text))
    if (line, col) > (end.line, end.col):  # libyaml's end of a file with no final line break
        line, col = end.line, end.col
    what = _safe_words(exc.problem or exc.context or "invalid YAML")
    hint = "fix the YAML syntax"
    if _tab_at(text, mark.index if mark is not None else -1) or "tab" in (exc.problem or ""):
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in (exc.problem or ""):
        hint = "text holding ': ' goes in quotes"
    return error(rel_path, line, col, "yaml-syntax", f"YAML syntax error: {what}; {hint}")


def _layout_tab(text: str, builder: RecordBuilder) -> Problem | None:
    """A tab outside quoted text, a block scalar and comments. libyaml reads `title: x<TAB>#
    note` or a tab after a value, but the editor's YAML library refuses them, so a file that
    checks clean could never be edited: refuse such a tab here, at its place."""
    quoted = [_without_block_header(text, span) for span in builder.quoted_spans]
    quoted += _comments(text, builder.scalar_spans)
    quoted.sort()
    starts = [start for start, _ in quoted]
    at = text.find("\t")
    while at >= 0:
        if not _inside_scalar(at, starts, quoted):
            where = position_at(text, at)
            return error(
                builder.rel_path,
                where.line,
                where.col,
                "yaml-syntax",
                "a tab outside quoted text; use spaces (a tab may stand only inside quotes, "
                "a | or > block, or a comment)",
            )
        at = text.find("\t", at + 1)
    return None


def _tab_at(text: str, index: int) -> bool:
    """Whether the parser stopped on a tab, or on a line indented with one (libyaml's
    message for a tab at the start of a line does not mention tabs)."""
    if not 0 <= index < len(text):
        return False
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    indent = text[line_start : index + 1]
    return text[index] == "\t" or "\t" in indent[: len(indent) - len(indent.lstrip(" \t"))]


def _allowances(text: str, scalar_spans: list[tuple[int, int]]) -> dict[int, frozenset[str]]:
    """`# assure: allow <code> ...` comments by line. A comment alone on its line also
    covers the next line, so a long or block value can be excepted from just above it."""
    if "assure:" not in text:  # the common case: no marker, no scan
        return {}
    scalar_spans = [_without_block_header(text, span) for span in scalar_spans]
    starts = [start for start, _ in scalar_spans]
    lines_start = line_starts(text)
    found: dict[int, set[str]] = {}
    for marker in _ALLOW_COMMENT.finditer(text):
        if _inside_scalar(marker.start(), starts, scalar_spans):
            continue
        codes = set(_ALLOWED_CODE.findall(marker.group(1).split("#", 1)[0]))
        where = position_in(lines_start, marker.start())
        lines = [where.line]
        before = text[marker.start() - where.col + 1 : marker.start()].lstrip(" \t")
        if before == "" or before.startswith("#"):  # a comment line of its own
            lines.append(where.line + 1)
        for line in lines:
            found.setdefault(line, set()).update(codes)
    return {line: frozenset(codes) for line, codes in found.items()}


def _comments(text: str, scalar_spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Where each comment's text stands. In a file the parser accepted, a `#` outside every
    scalar (keys included) starts a comment that runs to the end of its line."""
    if "#" not in text:
        return ()
    spans = [_without_block_header(text, span) for span in scalar_spans]
    starts = [start for start, _ in spans]
    found: list[tuple[int, int]] = []
    at = text.find("#")
    while at >= 0:
        inside = bisect.bisect_right(starts, at) - 1
        if inside >= 0 and spans[inside][0] <= at < spans[inside][1]:
            at = text.find("#", spans[inside][1])  # past the scalar: each `#` is seen once
            continue
        line_end = LINE_BREAK.search(text, at)
        end = line_end.start() if line_end else len(text)
        found.append((at + 1, end))
        at = text.find("#", end)
    return tuple(found)


def _without_block_header(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A block scalar's span starts at its `|` or `>`, but a comment may follow on that line:
    its text starts on the next line."""
    start, end = span
    if start < len(text) and text[start] in "|>":
        found = LINE_BREAK.search(text, start, end)
        start = found.end() if found else end
    return start, end


def _inside_scalar(index: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether `index` falls inside a scalar's source text (so a `#` there is not a comment)."""
    at = bisect.bisect_right(starts, index) - 1
    return at >= 0 and spans[at][0] <= index < spans[at][1]


def _safe_words(message: str) -> str:
    """Keep the parser's grammar words and punctuation tokens (`','`, `']'`) but drop any
    longer text it quotes from the file."""
    return _QUOTED.sub(
        lambda m: m.group(0) if _PUNCTUATION.fullmatch(m.group(0)[1:-1]) else "a token", message
    ).strip()


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_PUNCTUATION = re.compile(r"[^\w\s]{1,3}|\\t")
