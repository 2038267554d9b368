"""The check over a record file: every text value, whole number and comment read by every
detector (after a quick pass that lets a clean file through cheaply); problems by kind and
place, never by value."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any

from assurance_cli.checks.privacy.contact import (
    find_addresses,
    find_dates_of_birth,
    find_personal_emails,
)
from assurance_cli.checks.privacy.detection import Detection, Detector
from assurance_cli.checks.privacy.names import find_child_names
from assurance_cli.checks.privacy.numbers import (
    find_nhs_numbers,
    find_ni_numbers,
    find_phone_numbers,
    find_postcodes,
    find_pupil_numbers,
    is_nhs_number,
)
from assurance_cli.io.yaml_reader import Document, Position
from assurance_cli.model.validation import dotted
from assurance_cli.problems import FieldPath, Problem, error

# --- the check --------------------------------------------------------------------------------

# In priority order: where two kinds claim the same characters, the first one is reported.
DETECTORS: tuple[Detector, ...] = (
    find_nhs_numbers,
    find_pupil_numbers,
    find_ni_numbers,
    find_dates_of_birth,
    find_personal_emails,
    find_phone_numbers,
    find_postcodes,
    find_addresses,
    find_child_names,
)

KINDS: dict[str, str] = {
    "privacy-nhs-number": "an NHS number",
    "privacy-upn": "a Unique Pupil Number",
    "privacy-date-of-birth": "a date of birth",
    "privacy-child-name": "a child's or family member's full name",
    "privacy-postcode": "a full postcode",
    "privacy-phone": "a phone number",
    "privacy-ni-number": "a National Insurance number",
    "privacy-address": "a street address",
    "privacy-email": "a personal e-mail address",
}


# Every kind but a name and a date of birth shows one of these shapes, each a necessary part
# of its detector's pattern: three and three digits not glued to a word or id (NHS number);
# eleven digits (pupil number); a phone number's start (+44, 01, 02, 07, after no word
# character); an NI number's digits and letter; a digit then a capital (postcode, house
# number) or a postcode's inward part in lower case; an `@` (e-mail). Text with none of them
# (a usual record: ids such as audit-000004, ISO dates, prose) skips those seven detectors. A
# property test holds detections to it.
_SHORTEST = 6  # "M1 1AE"
_DIGIT_SIGNS = re.compile(
    # The pattern opens with one character class, so the regex engine skips to candidates
    # without trying the branches at each character (it scans every file); each branch then
    # looks back at the character it stands on. Digits are tried only where a run of them
    # starts (every kind's digits do): dates and ids, most of a record's digits, cost little.
    r"""
    [\d+(@] (?:
        (?<=\d) (?<!\d\d) (?:
            (?<![\w-]\d) \d\d [ -]? \d{3}     # NHS: 3 and 3 digits, not glued to a word or id
          | \d{10}                           # pupil number: 11 digits
          | \d [ ]? \d\d [ ]? \d\d [ ]? [A-D]  # NI number: digits then its letter
          | \d*+ [A-Za-z]? ,? \s* [A-Z]       # postcode or house number: digits then capital
          | \d*+ [a-z]? [ ] \d [abd-hjlnp-uw-z]{2}  # a postcode in lower case: b69 3de
          )
      | (?<=\+) (?<![\w+/.-]\+) 44          # phone: +44, 01, 02 or 07, after no word character
      | (?<=\() (?<![\w+/.-]\() 0[127]
      | (?<=0) (?<![\w+/.-]0) [127]
      | (?<=@)                              # e-mail
    )
    """,
    re.VERBOSE,
)
_WITHOUT_DIGIT_SIGNS: tuple[Detector, ...] = (find_dates_of_birth, find_child_names)


def find_personal_data(text: str) -> list[Detection]:
    """Every piece of personal data in one text value, in order; overlaps resolved by
    DETECTORS order. Pure: the building block of the check, and of its tests."""
    if len(text) < _SHORTEST:
        return []
    detectors = DETECTORS if _DIGIT_SIGNS.search(text) else _WITHOUT_DIGIT_SIGNS
    kept: list[Detection] = []  # in order and never overlapping, so neighbours suffice
    for detector in detectors:
        for detection in detector(text):
            at = bisect.bisect_left(kept, detection)
            if at > 0 and kept[at - 1].end > detection.start:
                continue
            if at < len(kept) and kept[at].start < detection.end:
                continue
            kept.insert(at, detection)
    return kept


def may_hold_personal_data(data: Any, text: str = "") -> bool:
    """Whether any text value of a record, or any comment of its file `text`, might hold
    personal data: one pass of each detector over all of them at once (a separator line
    apart), so that the common clean file costs little. A match may straddle two values (or
    take in a `#` inside a value); `check_file` then looks at each value and comment alone."""
    texts: list[str] = []
    numbers: list[int] = []
    _collect_values(data, texts, numbers)
    if any(is_nhs_number(number) for number in numbers):
        return True
    if "#" in text:  # each comment as check_file reads it: its allow marker blanked out
        texts.extend(_ALLOW_MARKER.sub(_blank, found) for found in _COMMENT_LIKE.findall(text))
    # "\n|\n" rather than a blank line: whitespace alone would let a digit ending one value
    # and a capital starting the next look like a house number to the quick sign.
    return bool(find_personal_data("\n|\n".join(texts)))


# Everything from a `#` to the end of its line: every comment, and some text besides.
_COMMENT_LIKE = re.compile(r"#[^\r\n\x85\u2028\u2029]*")


def _collect_values(node: Any, texts: list[str], numbers: list[int]) -> None:
    """Every text value and whole number, without its path (the quick pass needs none).
    Recursive: the reader has already refused anything nested deeper than yamlio.MAX_DEPTH."""
    if isinstance(node, str):
        texts.append(node)
    elif isinstance(node, int):
        numbers.append(node)
    elif isinstance(node, dict):
        for child in node.values():
            _collect_values(child, texts, numbers)
    elif isinstance(node, list):
        for child in node:
            _collect_values(child, texts, numbers)


def check_file(rel: str, document: Document) -> Iterator[Problem]:
    """Personal data in one parsed file (with positions): in its text values, in numbers
    that are NHS numbers, and in its comments, less the reviewed exceptions."""
    for path, value in _values(document.data):
        if isinstance(value, int):
            if is_nhs_number(value):
                where = document.positions.of_value(path)
                if not _allowed(document, path, where, "privacy-nhs-number"):
                    message = _message(path, "privacy-nhs-number")
                    yield error(rel, where.line, where.col, "privacy-nhs-number", message)
            continue
        cursor = None
        for detection in find_personal_data(value):
            where, cursor = _locate(document, path, value, detection, cursor)
            if not _allowed(document, path, where, detection.code):
                yield error(
                    rel,
                    where.line,
                    where.col,
                    detection.code,
                    _message(path, detection.code),
                )
    yield from _check_comments(rel, document)


def _check_comments(rel: str, document: Document) -> Iterator[Problem]:
    """Comments are text too: each is read alone, a reviewed `# assure: allow` marker in it
    blanked out (its codes are not data), and a problem stands at the match itself."""
    for start, end in document.comments:
        comment = _ALLOW_MARKER.sub(_blank, document.text[start:end])
        for detection in find_personal_data(comment):
            where = document.position_at(start + detection.start)
            if detection.code not in document.allowances.get(where.line, ()):
                message = (
                    f"a comment may hold {KINDS[detection.code]} (value not shown): remove it, "
                    f"or once reviewed put `# assure: allow {detection.code}` at its end"
                )
                yield error(rel, where.line, where.col, detection.code, message)


def _message(path: FieldPath, code: str) -> str:
    fix = "write initials or 'Child A' instead" if code == "privacy-child-name" else "remove it"
    return (
        f"field '{dotted(path)}' may hold {KINDS[code]} (value not shown): {fix}, "
        f"or once reviewed put `# assure: allow {code}` on the line above the field"
    )


# The marker of a reviewed exception, to the end of its comment (its codes and any note).
_ALLOW_MARKER = re.compile(r"(?:^|#)[ \t]*assure:[ \t]*allow\b.*", re.DOTALL)


def _blank(found: re.Match[str]) -> str:
    return " " * len(found.group())


def _values(data: Any) -> Iterator[tuple[FieldPath, str | int]]:
    """Every text value and whole number with its path, in file order (iterative: no
    recursion limit)."""
    stack: list[tuple[FieldPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str | int) and not isinstance(node, bool):
            yield path, node
        elif isinstance(node, dict):
            stack.extend(((*path, key), child) for key, child in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(((*path, n), child) for n, child in reversed(list(enumerate(node))))


def _locate(
    document: Document, path: FieldPath, value: str, detection: Detection, cursor: int | None
) -> tuple[Position, int | None]:
    """Where the detected text stands in the file: found in the value's source text (across a
    folded line break too), else the start of the value. Returns the position and where the
    next search in the same value starts."""
    span = document.positions.spans.get(path)
    words = value[detection.start : detection.end].split()
    if span is None or not words:
        return document.positions.of_value(path), cursor
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found = pattern.search(document.text, cursor if cursor is not None else span[0], span[1])
    if found is None:
        return document.positions.of_value(path), cursor
    return document.position_at(found.start()), found.end()


def _allowed(document: Document, path: FieldPath, where: Position, code: str) -> bool:
    """A reviewed exception on the match's line, the value's first line or its key's line."""
    positions = document.positions
    lines = {where.line, positions.of_value(path).line, positions.of_key(path).line}
    return any(code in document.allowances.get(line, ()) for line in lines)
