"""Progress cells split into dated entries, by the dates that start their lines.

A progress cell often logs one update per line, each starting with its date:
`12/01/2016 - text`, `January 2016: text`, `12 Jan 16 text`, `22.09.15 - ASC`. Such a cell
becomes one entry per dated line, each with its date as published and as ISO text (a day,
`2016-01-12`, or a month, `2016-01`). Lines before the first dated line are one undated entry
(the cell's preamble); an undated line after a dated one continues that entry. A cell with no
dated line is one undated entry, its line breaks kept. A date inside a line is never used:
only the published start of a line says when an entry was made.

The rules, in order, for the start of a line (case-insensitive, day before month, a two-digit
year is 20YY below 70 and 19YY from 70):
- `DD/MM/YYYY`, `DD.MM.YY`, `DD-MM-YYYY` and mixes of `/ . -`;
- `YYYY-MM-DD`;
- `12 Jan 16`, `16th June 2015`, `1st of March 2016` (a month name or its first three
  letters, `Sept` too);
- `May 19th 2015`, `May 19, 2015`;
- `January 2016`, `Feb 2015` (a month and a four-digit year).
The date must exist, and be followed by ` - `, `: `, or a space, and then some text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name[:3].lower(): number for name, number in list(_MONTHS.items())}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4}|\d{2})(?!\d)"
_DAY = r"(?P<day>\d{1,2})(?!\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"
# Each form is tried in order; the first whose date exists wins.
_FORMS = (
    re.compile(_DAY + r"[/.\-](?P<month_number>\d{1,2})[/.\-]" + _YEAR, re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})-(?P<month_number>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(_DAY + _ORDINAL + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(_MONTH + r"\s+" + _DAY + _ORDINAL + r",?\s+(?P<year>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(_MONTH + r",?\s+(?P<year>\d{4})(?!\d)", re.IGNORECASE),
)
_SEPARATOR = re.compile(r"\s*[-–—:]\s*|\s+")
_LETTER_AFTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class ProgressEntry:
    """One progress entry. `date` is ISO (`2016-01-12` or `2016-01`) or None when undated;
    `date_text` is the date as published at the start of the line."""

    text: str
    date: str | None = None
    date_text: str | None = None


def leading_date(line: str) -> tuple[str, str, str] | None:
    """(ISO date, the date as published, the rest of the line), or None if the line does not
    start with a date followed by a separator and text."""
    for form in _FORMS:
        match = form.match(line)
        if match is None:
            continue
        iso = _iso(match.groupdict())
        if iso is None:
            continue
        end = match.end()
        if end < len(line) and _LETTER_AFTER.match(line, end):
            continue  # "Jan 2016s", "May 2016x": the date runs into a word
        separator = _SEPARATOR.match(line, end)
        if separator is None:
            continue
        rest = line[separator.end() :]
        if rest.strip():
            return iso, line[:end], rest.strip()
    return None


def parse_date_text(text: str) -> str | None:
    """ISO text for a cell that is only a date in one of the forms above, else None."""
    stripped = text.strip()
    for form in _FORMS:
        match = form.fullmatch(stripped)
        if match is not None:
            iso = _iso(match.groupdict())
            if iso is not None:
                return iso
    return None


def _iso(parts: dict[str, str | None]) -> str | None:
    year_text = parts.get("year") or ""
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 70 else 1900
    if not 1900 <= year <= 2099:
        return None
    month_name = parts.get("month")
    month = _MONTHS[month_name.lower()] if month_name else int(parts.get("month_number") or 0)
    if not 1 <= month <= 12:
        return None
    day_text = parts.get("day")
    if day_text is None:
        return f"{year:04d}-{month:02d}"
    day = int(day_text)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day).isoformat()


def split_progress(text: str) -> tuple[ProgressEntry, ...]:
    """A progress cell as entries: see the module's rules. Blank lines separate nothing."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ()
    dated = [leading_date(line) for line in lines]
    if not any(dated):
        return (ProgressEntry("\n".join(lines)),)
    entries: list[ProgressEntry] = []
    preamble: list[str] = []
    for line, found in zip(lines, dated, strict=True):
        if found is not None:
            iso, date_text, rest = found
            entries.append(ProgressEntry(rest, iso, date_text))
        elif entries:
            last = entries[-1]
            entries[-1] = ProgressEntry(f"{last.text}\n{line}", last.date, last.date_text)
        else:
            preamble.append(line)
    if preamble:
        entries.insert(0, ProgressEntry("\n".join(preamble)))
    return tuple(entries)
