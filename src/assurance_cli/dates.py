"""Dates as boards print them, and the typed dates `assure` derives from them.

A board paper's "Due Date" column holds a day (`31 March 2016`), a month, a quarter
(`end of Q3 2015/16`), a financial or academic year, a season (`Autumn 2016`), a range
(`June/July 2016`), `Ongoing`, or words no date can be read from (`To be confirmed`). A record
keeps the wording as published; `read_published_date` derives a `PartialDate` (a range of
days, due at its last) where a documented rule allows (docs/dates.md), and nothing where none
does. ISO days (`2016-03-31`) and months (`2016-03`) are the canonical way to write a date.

Pure functions and one small value type; no I/O and no "today" (the CLI decides today once).
`iso` and `long` are the one formatter: every date `assure` prints goes through them.
(Over 400 lines: reading published dates and printing them are one vocabulary, kept whole.)
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta
from typing import NamedTuple, TypeAlias, overload

ONGOING = "ongoing"


class DateError(ValueError):
    """A date written in a way `assure` does not accept; the message says how to write it."""


class PartialDate(NamedTuple):
    """A date as a range of days: a day (first == last), a month, or a longer period such as
    a quarter, a financial year or a season, with the wording it was published as (`text`,
    None for an ISO date). Due at, compared and sorted by its last day.

    A named tuple rather than a dataclass: a warm run unpickles tens of thousands of them
    from the cache, and a tuple is rebuilt in C (see model/records.py)."""

    last: date
    first: date
    text: str | None = None

    @property
    def day_given(self) -> bool:
        return self.first == self.last

    @property
    def whole_month(self) -> bool:
        return (
            self.first.day == 1
            and self.first.replace(day=_month_end(self.first.year, self.first.month)) == self.last
        )

    def __str__(self) -> str:
        return iso(self)

    # Ordered by the days alone (last, then first): the wording never decides an order, and
    # comparing a None wording with a text one would fail.
    def __lt__(self, other: tuple[object, ...]) -> bool:
        return _days(self) < _days(other)

    def __le__(self, other: tuple[object, ...]) -> bool:
        return _days(self) <= _days(other)

    def __gt__(self, other: tuple[object, ...]) -> bool:
        return _days(self) > _days(other)

    def __ge__(self, other: tuple[object, ...]) -> bool:
        return _days(self) >= _days(other)

    def same_days(self, other: PartialDate | str | None) -> bool:
        """The same range of days, however each was worded."""
        return isinstance(other, PartialDate) and _days(self) == _days(other)


def _days(value: tuple[object, ...]) -> tuple[object, ...]:
    return value[:2]


def day(when: date) -> PartialDate:
    return PartialDate(when, when)


def month(year: int, number: int) -> PartialDate:
    return PartialDate(date(year, number, _month_end(year, number)), date(year, number, 1))


def is_ongoing(value: object) -> bool:
    """`Ongoing`, however it is capitalised."""
    return isinstance(value, str) and value.strip().lower() == ONGOING


# --- ISO, for flags and canonical records -------------------------------------------------

# [0-9], never \d: `\d` also matches Arabic-Indic and full-width digits.
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


DATE_ADVICE = (
    "write dates as YYYY-MM-DD (e.g. 2016-03-31), a month as YYYY-MM, or as the paper prints "
    "them (31 March 2016, Q3 2015/16, Autumn 2016)"
)


def parse_partial_date(text: str) -> PartialDate:
    """An ISO day (`YYYY-MM-DD`) or month (`YYYY-MM`), for flags (`--on`, `--due`): a flag is
    typed, not published, so it takes the one unambiguous form. DateError with advice."""
    found = _parse_iso(text)
    if found is None:
        raise DateError("write dates as YYYY-MM-DD (e.g. 2016-03-31) or a month as YYYY-MM")
    return found


def read_date(text: str) -> PartialDate:
    """A date field of a record: ISO, or wording a rule of `read_published_date` reads (a day,
    a month, a quarter, a year...). DateError with advice otherwise; an ISO-shaped date that
    does not exist (2016-02-30) is an error, never wording."""
    found = _parse_iso(text)
    if found is not None:
        return found
    published = read_published_date(text)
    if published is None:
        raise DateError(DATE_ADVICE)
    return published


def read_due(text: str) -> PartialDate | str:
    """A due date as published: the date a rule reads from it, else the wording itself
    (`Ongoing`, `To be confirmed`), kept as printed. Only an ISO-shaped date that does not
    exist is an error."""
    found = _parse_iso(text)
    if found is not None:
        return found
    if is_ongoing(text):
        return text
    return read_published_date(text) or text


def _parse_iso(text: str) -> PartialDate | None:
    found = _ISO_DAY.fullmatch(text)
    if found:
        year, number, dom = (int(part) for part in found.groups())
        _check_month(year, number)
        last = _month_end(year, number)
        if not 1 <= dom <= last:
            name = calendar.month_name[number]
            raise DateError(f"no such date: {name} has {last} days that year")
        return day(date(year, number, dom))
    found = _ISO_MONTH.fullmatch(text)
    if found:
        year, number = (int(part) for part in found.groups())
        _check_month(year, number)
        return month(year, number)
    return None


def _check_month(year: int, number: int) -> None:
    if year < 1:  # Python's dates start at year 1; 0000-01-01 is no date a paper prints
        raise DateError("no such date: years run from 0001 to 9999")
    if not 1 <= number <= 12:
        raise DateError("no such month: months run from 01 to 12")


def _month_end(year: int, number: int) -> int:
    return calendar.monthrange(year, number)[1]


def parse_iso_day(text: str) -> date:
    """Parse a full `YYYY-MM-DD` date (for flags such as --as-of, which take a day only)."""
    found = _parse_iso(text)  # DateError for a day that does not exist (2016-02-30)
    if found is None:
        raise DateError("write the date as YYYY-MM-DD (e.g. 2016-05-31)")
    if not found.day_given:
        raise DateError("give a full date, YYYY-MM-DD (e.g. 2016-05-31), not a month")
    return found.last


def last_day(text: str | None) -> date | None:
    """The day a date written as `iso` writes it (a day, a month, an interval) or as a board
    prints it falls due; None for no date or wording no date can be read from."""
    if text is None:
        return None
    if "/" in text and _ISO_DAY.fullmatch(text.rsplit("/", 1)[-1]):
        return date.fromisoformat(text.rsplit("/", 1)[-1])
    try:
        found = read_due(text)
    except DateError:
        return None
    return found.last if isinstance(found, PartialDate) else None


# --- dates as published -------------------------------------------------------------------

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"([0-9]{4}|'?[0-9]{2})"
_ORDINAL = r"([0-9]{1,2})(?:st|nd|rd|th)?"
# What may stand before a date without changing it: "by", "end of", "during"...
# One lead-in word at a time (a loop, not a repeated group: linear on any text).
_LEAD_IN = r"(?:by|before|due|during|in|on|from|until|the|end|start|beginning|of|w/c|wc)\b\.?\s*"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


@functools.cache
def _rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The rules of docs/dates.md in order, compiled on first use: a warm run reads no
    published wording (dates come from the cache) and so pays nothing for them."""
    return (
        ("iso-day", re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")),
        ("iso-month", re.compile(r"([0-9]{4})-([0-9]{2})")),
        ("day-month-year", re.compile(rf"{_ORDINAL}\s+({_MONTH_NAME})\.?,?\s+{_YEAR}", re.I)),
        ("month-day-year", re.compile(rf"({_MONTH_NAME})\.?\s+{_ORDINAL},?\s+{_YEAR}", re.I)),
        ("numeric-day", re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})")),
        (
            "month-range",
            re.compile(
                rf"({_MONTH_NAME})\.?\s*(?:/|-|–|to|and|&)\s*({_MONTH_NAME})\.?\s+{_YEAR}", re.I
            ),
        ),
        (
            "month-year-range",
            re.compile(
                rf"({_MONTH_NAME})\.?\s+{_YEAR}\s*(?:/|-|–|to)\s*({_MONTH_NAME})\.?\s+{_YEAR}", re.I
            ),
        ),
        ("month-year", re.compile(rf"({_MONTH_NAME})\.?[\s\-,]+{_YEAR}", re.I)),
        (
            "quarter",
            re.compile(
                r"q([1-4])\s*(?:of\s+)?(?:fy\s*)?([0-9]{4})(?:\s*[/\-]\s*([0-9]{2,4}))?", re.I
            ),
        ),
        ("academic-year", re.compile(r"academic\s+year\s+([0-9]{4})\s*[/\-]\s*([0-9]{2,4})", re.I)),
        # "the 2015-2016 academic year": before financial-year, which would read its years.
        (
            "year-academic",
            re.compile(r"([0-9]{4})\s*[/\-]\s*([0-9]{2,4})\s+academic\s+year", re.I),
        ),
        (
            "financial-year",
            re.compile(r"(?:financial\s+year\s+|fy\s*)?([0-9]{4})\s*[/\-]\s*([0-9]{2,4})", re.I),
        ),
        ("winter", re.compile(r"winter\s+([0-9]{4})(?:\s*[/\-]\s*([0-9]{2,4}))?", re.I)),
        ("season", re.compile(r"(spring|summer|autumn|fall)(?:\s+term)?\s+([0-9]{4})", re.I)),
        ("year", re.compile(r"([0-9]{4})")),
    )


def read_published_date(text: str) -> PartialDate | None:
    """The date a board's wording names, by the first rule of docs/dates.md that reads its
    opening words ("September 2016 (subject to funding)" is September 2016); None when no
    rule does ("To be confirmed", "Quarterly", "Ongoing"). The wording is kept as `text`,
    except for an ISO date, which is its own wording. Never raises."""
    wording = " ".join(text.split())
    body = _without_lead_in(wording)
    for rule, pattern in _rules():
        found = pattern.match(body)
        if found is None or not _ends_cleanly(body, found.end()):
            continue
        try:
            derived = _derive(rule, found.groups())
        except (ValueError, OverflowError):  # no such day or month: not this rule
            continue
        if derived is None:
            continue
        first, last = derived
        if rule.startswith("iso-") and body == wording and found.end() == len(body):
            return PartialDate(last, first)
        rest = body[found.end() :].lstrip()
        joined = _RANGE_JOIN.match(rest)
        if joined is not None:
            # "31 March 2016 to 30 June 2016", "Q3 2016 - Q1 2017": a range of two dates is
            # due at the end of the second; one ending before it starts gives no date.
            second = read_published_date(rest[joined.end() :])
            if second is not None:
                return PartialDate(second.last, first, wording) if second.last >= first else None
        return PartialDate(last, first, wording)
    return None


# What joins the two dates of a range; after it, a date makes a range, anything else is a
# qualifier ("March 2016 - subject to funding").
# (It starts with the joining word itself, spaces stripped first: no search can backtrack.)
_RANGE_JOIN = re.compile(r"(?:to|until|till|and|&)\s+|[-–—]\s*", re.IGNORECASE)


def _without_lead_in(wording: str) -> str:
    """`by the end of March 2016` -> `March 2016`: the words before a date that do not change
    it, dropped one at a time from the start."""
    at = 0
    lead_in = re.compile(_LEAD_IN, re.IGNORECASE)  # re's own cache keeps it compiled
    while found := lead_in.match(wording, at):
        at = found.end()
    return wording[at:]


def _ends_cleanly(body: str, end: int) -> bool:
    """The match is a whole date: what follows is nothing, or a qualifier after a break."""
    return end == len(body) or not (body[end].isalnum() or body[end] in "/-.")


def _derive(rule: str, parts: tuple[str | None, ...]) -> tuple[date, date] | None:
    if rule in ("iso-day", "iso-month"):
        year, number = int(parts[0] or 0), int(parts[1] or 0)
        if rule == "iso-month":
            return date(year, number, 1), date(year, number, _month_end(year, number))
        when = date(year, number, int(parts[2] or 0))
        return when, when
    if rule in ("day-month-year", "month-day-year"):
        dom, name, year_text = parts if rule == "day-month-year" else (parts[1], parts[0], parts[2])
        when = date(_full_year(year_text), _MONTHS[(name or "").lower()], int(dom or 0))
        return when, when
    if rule == "numeric-day":  # day first, as UK papers print it
        when = date(_full_year(parts[2]), int(parts[1] or 0), int(parts[0] or 0))
        return when, when
    if rule == "month-range":  # the year printed is the last month's: December/January 2017
        end_year = _full_year(parts[2])
        start, end = _MONTHS[(parts[0] or "").lower()], _MONTHS[(parts[1] or "").lower()]
        start_year = end_year if start <= end else end_year - 1
        return date(start_year, start, 1), date(end_year, end, _month_end(end_year, end))
    if rule == "month-year-range":
        start, start_year = _MONTHS[(parts[0] or "").lower()], _full_year(parts[1])
        end, end_year = _MONTHS[(parts[2] or "").lower()], _full_year(parts[3])
        first = date(start_year, start, 1)
        last = date(end_year, end, _month_end(end_year, end))
        return (first, last) if first <= last else None
    if rule == "month-year":
        year, number = _full_year(parts[1]), _MONTHS[(parts[0] or "").lower()]
        return date(year, number, 1), date(year, number, _month_end(year, number))
    if rule == "quarter":
        return _quarter(int(parts[0] or 0), int(parts[1] or 0), parts[2])
    if rule in ("academic-year", "year-academic"):
        start = int(parts[0] or 0)
        if not _next_year(start, parts[1]):
            return None
        return date(start, 9, 1), date(start + 1, 8, 31)
    if rule == "financial-year":
        start = int(parts[0] or 0)
        if not _next_year(start, parts[1]):
            return None
        return date(start, 4, 1), date(start + 1, 3, 31)
    if rule == "winter":
        start = int(parts[0] or 0)
        if parts[1] is not None and not _next_year(start, parts[1]):
            return None
        return date(start, 12, 1), date(start + 1, 3, 1) - timedelta(days=1)
    if rule == "season":
        first_month, last_month = _SEASONS[(parts[0] or "").lower()]
        year = int(parts[1] or 0)
        return date(year, first_month, 1), date(year, last_month, _month_end(year, last_month))
    year = int(parts[0] or 0)  # "year"
    return date(year, 1, 1), date(year, 12, 31)


def _quarter(number: int, year: int, second: str | None) -> tuple[date, date] | None:
    """`Q3 2015/16` is the third quarter of that financial year (October to December 2015);
    `Q3 2016` the third quarter of the calendar year."""
    if second is not None:
        if not _next_year(year, second):
            return None
        start_month, start_year = (4 + 3 * (number - 1)), year
        if start_month > 12:
            start_month, start_year = start_month - 12, year + 1
    else:
        start_month, start_year = 1 + 3 * (number - 1), year
    end_month = start_month + 2
    return (
        date(start_year, start_month, 1),
        date(start_year, end_month, _month_end(start_year, end_month)),
    )


def _next_year(year: int, second: str | None) -> bool:
    """`2016/17` and `2016/2017` name consecutive years; `2016/19` does not."""
    if second is None:
        return False
    following = int(second)
    return following == year + 1 if len(second) == 4 else following == (year + 1) % 100


def _full_year(text: str | None) -> int:
    digits = (text or "").lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


# --- one formatter ------------------------------------------------------------------------

# What a date field may hold: a date as published (a day, a month, a quarter...), a plain date
# (an option such as --as-of), wording no date could be read from (`Ongoing`, `To be
# confirmed`), or nothing.
DateValue: TypeAlias = "PartialDate | date | str | None"


@overload
def iso(value: PartialDate | date | str) -> str: ...


@overload
def iso(value: DateValue) -> str | None: ...


def iso(value: DateValue) -> str | None:
    """As files and JSON write it: a day `2016-03-31`, a month `2016-06`, a longer period as
    an ISO 8601 interval `2015-10-01/2015-12-31`; wording as it is; None stays None."""
    if isinstance(value, PartialDate):
        if value.day_given:
            return value.last.isoformat()
        if value.whole_month:
            return value.last.isoformat()[:7]
        return f"{value.first.isoformat()}/{value.last.isoformat()}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_published(value: PartialDate | str | None) -> str | None:
    """A date's wording as the paper prints it ("end of Q3 2015/16", "To be confirmed"), for
    JSON and CSV beside the ISO form; None for an ISO date (its own wording) or no date."""
    if isinstance(value, PartialDate):
        return value.text
    return value


def long(value: DateValue, *, capital: bool = False) -> str:
    """As boards print it: the published wording when there is one, else `31 March 2016`,
    `June 2016` for a month, `1 October 2015 to 31 December 2015` for a longer period;
    wording as it is, the keyword `ongoing` as `Ongoing` with `capital` (where it starts a
    table cell: the paper's own wording, "by the end of the financial year", is never
    changed); "" when there is no date."""
    if isinstance(value, PartialDate):
        if value.text is not None:
            return value.text
        first, last = value.first, value.last
        if value.day_given:
            return f"{last.day} {last:%B %Y}"
        if value.whole_month:
            return f"{last:%B %Y}"
        return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if value is None:
        return ""
    return value[:1].upper() + value[1:] if capital and value == ONGOING else value
