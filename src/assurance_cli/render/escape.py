"""Control and bidi characters made visible, for every output.

Record text can hold any character a YAML escape can write (`"\\e]8;;http://x\\a"`), and file
names any byte. Printed raw, ESC starts a terminal sequence (a hyperlink, the window title, a
cleared screen), CR overwrites a line, NUL and BEL upset logs, and the bidi controls
(U+202E...) make text read differently from what it says. Each becomes its Python escape,
`\\x1b` or `\\u202e`: visible, unambiguous, and inert in every format.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL and C1, the bidi marks, embeddings, overrides and
# isolates, the Unicode line and paragraph separators, and lone surrogates (a file name's
# undecodable bytes, which no UTF-8 output can carry).
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_IN_TEXT = re.compile(f"[{_CONTROLS}]")
_IN_LINE = re.compile(f"[\n{_CONTROLS}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` with every control and bidi character but tab and line feed made visible."""
    return _IN_TEXT.sub(_visible, text)


def escape_line(text: str) -> str:
    """`text` for one line of output (a problem, an annotation): line feeds made visible
    too, so no text can start a line of its own."""
    return _IN_LINE.sub(_visible, text)


def has_controls(text: str) -> bool:
    """Whether `text` holds a character `escape_controls` would change."""
    return _IN_TEXT.search(text) is not None
