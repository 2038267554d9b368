"""Markdown escaping: record text placed in a table cell or a paragraph can never add or
split a cell, open an HTML element, or turn into links, code or emphasis. Control and bidi
characters are made visible first (`escape.py`)."""

from __future__ import annotations

import re

from assurance_cli.render.escape import escape_controls

# Characters that start inline markup or break a table; escaped with a backslash. `<`, `>`
# and `&` become entities instead, so no HTML element or autolink can open.
_MARKUP = re.compile(r"([\\`*_\[\]|~])")
# Text at the start of a line that Markdown would read as a heading, list, quote or rule.
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# What GitHub turns into a link or a mention without any markup: `https://...`, `www....`,
# `mailto:`, e-mail addresses and `@name`. A backslash before the `:`, the `.` after `www` or
# the `@` keeps the text as it reads and leaves nothing to link.
_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9]):(?=//)|(?i:(?<=mailto)|(?<=xmpp)):|(?i:(?<=www))\.|@")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def escape_inline(text: str) -> str:
    """Escape text for use inside a Markdown line (no line breaks allowed in the result)."""
    return " ".join(_escape_line(line) for line in _LINE_BREAKS.split(text))


def _escape_line(line: str) -> str:
    # `<` and `>` become entities, and `&` where it would start one (`&copy;`); a lone `&`,
    # as in "Quality & Governance", stays readable.
    escaped = escape_controls(line)
    escaped = _ENTITY_LIKE.sub("&amp;", escaped).replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKUP.sub(r"\\\1", escaped)
    return _AUTOLINK.sub(r"\\\g<0>", escaped)


def escape_paragraph(text: str) -> str:
    """Escape text for a line of its own (a paragraph or list item's text)."""
    return _BLOCK_START.sub(_escape_block_marker, escape_inline(text))


def _escape_block_marker(match: re.Match[str]) -> str:
    marker = match.group(2)  # `1.` becomes `1\.`; `#` becomes `\#`
    return match.group(1) + marker[:-1] + "\\" + marker[-1]


def escape_cell(text: str | None) -> str:
    """Escape text for one table cell: lines joined with <br>, pipes and markup escaped."""
    if not text:
        return ""
    lines = [escape_inline(line.strip()) for line in _LINE_BREAKS.split(text)]
    return "<br>".join(line for line in lines if line)


def join_cell_lines(lines: list[str]) -> str:
    """Join already-escaped pieces into one cell."""
    return "<br>".join(line for line in lines if line)


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table from already-escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
