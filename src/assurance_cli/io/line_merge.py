"""A three-way merge by lines, for edits to a file ruamel cannot write back byte for byte.

ruamel rewrites such a file in the house layout (the baseline). The edit is the change from
that baseline to the edited text; `merge_lines` applies it to the file's own lines, so only
the edited lines change, unless an edit touches a line the rewrite also changed.
"""

from __future__ import annotations

import difflib


def merge_lines(original: str, baseline: str, edited: str) -> str | None:
    """Three-way merge by lines: `baseline` is ruamel's rewrite of `original`; apply the
    baseline->edited changes to `original`. None when an edit touches a rewritten line."""
    base = baseline.splitlines(keepends=True)
    ours = original.splitlines(keepends=True)
    theirs = edited.splitlines(keepends=True)
    layout_changes = _changes(base, ours)
    edits = _changes(base, theirs)
    if any(_overlap(edit[:2], change[:2]) for edit in edits for change in layout_changes):
        return None
    out: list[str] = []
    position = 0
    for start, end, lines in sorted(layout_changes + edits, key=lambda change: change[:2]):
        out += base[position:start] + lines
        position = end
    return "".join(out + base[position:])


def _overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Do two changed line ranges of the baseline clash? Lines added at the edge of a
    rewritten range clash with it (which side would they go?); two ranges that only meet
    do not."""
    (start, end), (other_start, other_end) = one, other
    if start == end:
        return other_start <= start <= other_end
    if other_start == other_end:
        return start <= other_start <= end
    return start < other_end and other_start < end


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]
