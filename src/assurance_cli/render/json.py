"""JSON output, byte for byte what `json.dumps(value, indent=2, ensure_ascii=False)` writes,
but for the characters `escape.py` makes visible that the standard library leaves raw (DEL,
C1 controls, bidi controls, line separators, lone surrogates): those are written as `\\uXXXX`
escapes, the same string to any JSON reader.

Why not call that: with `indent`, the standard library falls back to its pure-Python
encoder, a generator per value; `status --format json` over ten thousand actions spent
longer encoding than loading them. This writes the same text with plain recursion and the
C string encoder. A property test holds the two outputs equal.
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring  # the C function where the accelerator exists
from typing import Any

INDENT = "  "
# Left raw by json (which escapes only C0 controls, quotes and backslashes); outside strings,
# JSON is plain ASCII, so one pass over the whole text finds them only inside strings.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(value: Any) -> str:
    """`value` (dicts with text keys, lists, tuples, text, numbers, booleans, None) as
    indented JSON, without a final newline."""
    parts: list[str] = []
    _write(value, "\n", parts)
    return _RAW_IN_JSON.sub(_unicode_escape, "".join(parts))


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _write(value: Any, newline: str, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, dict):
        _write_object(value, newline, parts)
    elif isinstance(value, list | tuple):
        _write_array(value, newline, parts)
    else:
        raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def _write_object(value: dict[Any, Any], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + INDENT
    separator = "{" + inner
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError("JSON object keys must be text")
        parts.append(separator)
        parts.append(encode_basestring(key))
        parts.append(": ")
        _write(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "}")


def _write_array(value: list[Any] | tuple[Any, ...], newline: str, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + INDENT
    separator = "[" + inner
    for item in value:
        parts.append(separator)
        _write(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "]")


def _float(value: float) -> str:
    # As the json module writes them (it allows NaN and infinities by default).
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)
