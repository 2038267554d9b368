"""The one date formatter: `iso` for files and JSON, `long` as boards print dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assurance_cli.dates import ONGOING, PartialDate, iso, long, month, parse_partial_date
from assurance_cli.dates import day as make_day

DAY = make_day(date(2016, 3, 31))
MONTH = month(2016, 6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (DAY, "2016-03-31"),
        (MONTH, "2016-06"),
        (date(2016, 1, 5), "2016-01-05"),
        (ONGOING, "ongoing"),
        (None, None),
    ],
)
def test_iso(value: PartialDate | date | str | None, expected: str | None) -> None:
    assert iso(value) == expected


@pytest.mark.parametrize(
    ("value", "expected", "capitalised"),
    [
        (DAY, "31 March 2016", "31 March 2016"),
        (MONTH, "June 2016", "June 2016"),
        (date(2016, 1, 5), "5 January 2016", "5 January 2016"),
        (ONGOING, "ongoing", "Ongoing"),
        # the paper's wording is printed as published, never capitalised
        (
            "by the end of the financial year",
            "by the end of the financial year",
            "by the end of the financial year",
        ),
        ("to be confirmed", "to be confirmed", "to be confirmed"),
        (None, "", ""),
    ],
)
def test_long(value: PartialDate | date | str | None, expected: str, capitalised: str) -> None:
    assert long(value) == expected
    assert long(value, capital=True) == capitalised


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.booleans())
def test_iso_reads_back_as_the_same_date(day: date, whole_day: bool) -> None:
    value = make_day(day) if whole_day else parse_partial_date(day.isoformat()[:7])
    assert parse_partial_date(iso(value)) == value
    assert str(value) == iso(value)
    assert long(value).endswith(str(day.year))


@pytest.mark.parametrize(
    ("wording", "first", "last"),
    [
        # Seed 001 2.1.1: an academic year runs September to August, whichever way round the
        # paper prints it; the financial-year rule must not read its years first.
        ("during the 2015-2016 academic year", date(2015, 9, 1), date(2016, 8, 31)),
        ("the 2014-15 academic year", date(2014, 9, 1), date(2015, 8, 31)),
        ("academic year 2015/16", date(2015, 9, 1), date(2016, 8, 31)),
        ("during 2015-16", date(2015, 4, 1), date(2016, 3, 31)),
    ],
)
def test_academic_and_financial_years_as_published(wording: str, first: date, last: date) -> None:
    from assurance_cli.dates import read_published_date

    found = read_published_date(wording)
    assert found is not None
    assert (found.first, found.last, found.text) == (first, last, wording)
    assert long(found) == wording
