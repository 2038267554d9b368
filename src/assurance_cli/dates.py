"""Dates as boards write them: a day (`2016-03-31`) or a month (`2016-06`), and how they read.

Pure functions and one small value type; no I/O and no "today" (the CLI decides today once).
`iso` and `long` are the one formatter: every date `assure` prints goes through them.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple, TypeAlias, overload

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_LOOKS_LIKE_A_DATE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|\d{8}")

ONGOING = "ongoing"


class DateError(ValueError):
    """A date written in a way `assure` does not accept; the message says how to write it."""


class PartialDate(NamedTuple):
    """A day, or a whole month (`day_given` is False). Compares and sorts by its last day.

    A named tuple rather than a dataclass: a warm run unpickles tens of thousands of them
    from the cache, and a tuple is rebuilt in C (see records.py)."""

    last: date
    day_given: bool

    @property
    def first(self) -> date:
        return self.last if self.day_given else self.last.replace(day=1)

    def __str__(self) -> str:
        return iso(self)


# What a date field may hold: a day or a month, a plain date (an option such as --as-of), the
# word `ongoing` (the only text a due date may be), or nothing.
DateValue: TypeAlias = "PartialDate | date | str | None"


@overload
def iso(value: PartialDate | date) -> str: ...


@overload
def iso(value: DateValue) -> str | None: ...


def iso(value: DateValue) -> str | None:
    """As files and JSON write it: `2016-03-31`, a month `2016-06`, `ongoing`; None stays None."""
    if isinstance(value, PartialDate):
        day = value.last.isoformat()
        return day if value.day_given else day[:7]
    if isinstance(value, date):
        return value.isoformat()
    return value


def long(value: DateValue, *, capital: bool = False) -> str:
    """As boards print it: `31 March 2016`, `June 2016` for a month, `ongoing` (`Ongoing` with
    `capital`, where it starts a table cell); "" when there is no date."""
    if isinstance(value, PartialDate):
        day = value.last
        return f"{day.day} {day:%B %Y}" if value.day_given else f"{day:%B %Y}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if value is None:
        return ""
    return value[:1].upper() + value[1:] if capital else value


def parse_partial_date(text: str) -> PartialDate:
    """Parse `YYYY-MM-DD` or `YYYY-MM`; raise DateError with advice otherwise."""
    day = _DAY.fullmatch(text)
    if day:
        year, month, dom = (int(part) for part in day.groups())
        _check_month(month)
        last = calendar.monthrange(year, month)[1]
        if not 1 <= dom <= last:
            raise DateError(f"no such date: {calendar.month_name[month]} has {last} days that year")
        return PartialDate(date(year, month, dom), True)
    month_match = _MONTH.fullmatch(text)
    if month_match:
        year, month = (int(part) for part in month_match.groups())
        _check_month(month)
        return PartialDate(date(year, month, calendar.monthrange(year, month)[1]), False)
    if _LOOKS_LIKE_A_DATE.fullmatch(text):
        raise DateError("write dates as YYYY-MM-DD (e.g. 2016-03-31) or a month as YYYY-MM")
    raise DateError("not a date: write YYYY-MM-DD (e.g. 2016-03-31) or a month as YYYY-MM")


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise DateError("no such month: months run from 01 to 12")


def parse_iso_day(text: str) -> date:
    """Parse a full `YYYY-MM-DD` date (for flags such as --as-of, which take a day only)."""
    try:
        parsed = parse_partial_date(text)
    except DateError as exc:
        if str(exc).startswith("no such"):  # 2016-02-30: say what is wrong with it
            raise
        raise DateError("write the date as YYYY-MM-DD (e.g. 2016-05-31)") from None
    if not parsed.day_given:
        raise DateError("give a full date, YYYY-MM-DD (e.g. 2016-05-31), not a month")
    return parsed.last
