"""Where things stand in a record's text: 1-based lines and columns, counted in characters,
a line ending at LF, CR, CRLF, NEL, LS or PS, as in YAML 1.1 (so the places agree with the
YAML parser's). No YAML here: plain text geometry, shared by the reader, its event walk and
the checks that place a finding inside a value.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from assurance_cli.problems import FieldPath

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Positions:
    """Where each value (and each mapping key) of a record stands in its file.

    `spans` holds each scalar value's source text as [start, end) character offsets into the
    decoded file, so a finding inside a value can be placed at its own line and column.
    """

    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    spans: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: FieldPath) -> Position:
        """The position of the value at `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def of_key(self, path: FieldPath) -> Position:
        """The position of the key naming `path` (falls back to the value's position)."""
        return self.keys.get(path) or self.of_value(path)


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts, for `position_in`."""
    return [0, *(brk.end() for brk in LINE_BREAK.finditer(text))]


def position_in(starts: list[int], index: int) -> Position:
    """The line and column of character `index`, given the text's line starts (a bisect: cheap
    however many places a hostile file makes us look up)."""
    line = bisect.bisect_right(starts, index)
    return Position(line, index - starts[line - 1] + 1)


def position_at(text: str, index: int) -> Position:
    """The 1-based line and column of character `index` in `text`, counting line breaks as
    the YAML parser does (so it agrees with the positions of values)."""
    return position_in(line_starts(text), index)
