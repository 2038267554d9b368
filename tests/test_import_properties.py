"""Property tests for the two open-ended parsers of the import: the progress-line date
splitter and the heading normaliser."""

from __future__ import annotations

import re
import string
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from assurance_cli.importing.columns import SYNONYMS, field_for_heading, normalise_heading
from assurance_cli.importing.progress import (
    ProgressEntry,
    leading_date,
    parse_date_text,
    split_progress,
)

DAY_FORMATS = (
    "%d/%m/%Y",
    "%d.%m.%y",
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %y",
    "{ordinal} %B %Y",
    "%B {day}, %Y",
)
MONTH_FORMATS = ("%B %Y", "%b %Y")
SEPARATORS = (" - ", ": ", " ", " – ", " -", ":")
dates = st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31))
# Entry text: starts with a letter (a digit could continue the date), no line breaks.
entry_text = st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.()'/&-]{0,40}", fullmatch=True).map(str.strip)


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def write(day: date, form: str) -> str:
    return day.strftime(form.format(ordinal=ordinal(day.day), day=day.day))


@given(dates, st.sampled_from(DAY_FORMATS), st.sampled_from(SEPARATORS), entry_text)
def test_a_line_starting_with_a_day_gives_that_day(
    day: date, form: str, separator: str, text: str
) -> None:
    written = write(day, form)
    found = leading_date(f"{written}{separator}{text}")
    assert found == (day.isoformat(), written, text)


@given(dates, st.sampled_from(MONTH_FORMATS), st.sampled_from(SEPARATORS), entry_text)
def test_a_line_starting_with_a_month_gives_that_month(
    day: date, form: str, separator: str, text: str
) -> None:
    written = day.strftime(form)
    assert leading_date(f"{written}{separator}{text}") == (day.isoformat()[:7], written, text)
    assert parse_date_text(written) == day.isoformat()[:7]


@given(
    st.lists(st.tuples(dates, st.sampled_from(DAY_FORMATS), entry_text), min_size=1, max_size=6),
    st.one_of(st.none(), entry_text),
)
def test_a_cell_of_dated_lines_splits_into_one_entry_per_line(
    lines: list[tuple[date, str, str]], preamble: str | None
) -> None:
    cell = "\n".join(f"{write(day, form)} - {text}" for day, form, text in lines)
    if preamble:
        cell = f"{preamble}\n{cell}"
    entries = split_progress(cell)
    dated = entries[1:] if preamble else entries
    assert [(e.date, e.text) for e in dated] == [(d.isoformat(), t) for d, _, t in lines]
    if preamble:
        assert (entries[0].date, entries[0].text) == (None, preamble)


def _content(text: str) -> str:
    return re.sub(r"[\s\-–—:]", "", text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_splitting_never_raises_and_loses_no_text(cell: str) -> None:
    entries = split_progress(cell)
    assert all(entry.text for entry in entries)
    rebuilt = "".join((entry.date_text or "") + entry.text for entry in entries)
    assert _content(rebuilt) == _content("".join(line.strip() for line in cell.split("\n")))


@given(st.text(alphabet=string.ascii_letters + string.digits + " \n", max_size=200))
def test_a_cell_with_no_dated_line_is_one_undated_entry(cell: str) -> None:
    lines = [line.strip() for line in cell.split("\n") if line.strip()]
    if any(leading_date(line) for line in lines):
        return
    expected = (ProgressEntry("\n".join(lines)),) if lines else ()
    assert split_progress(cell) == expected


@given(st.text(max_size=80))
def test_normalised_headings_are_words_and_spaces(heading: str) -> None:
    normal = normalise_heading(heading)
    assert normal == normalise_heading(normal)
    assert normal == normal.strip() and "  " not in normal
    assert re.fullmatch(r"[^\W_]*( [^\W_]+)*", normal)


@given(
    st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ", max_size=60)
)
def test_normalising_ignores_case(heading: str) -> None:
    assert normalise_heading(heading.upper()) == normalise_heading(heading.lower())


punctuation = st.text(alphabet=" .:?!()/-_*#", max_size=3)


@given(
    st.sampled_from([(s, f) for f, synonyms in SYNONYMS.items() for s in synonyms]),
    punctuation,
    punctuation,
    st.booleans(),
)
def test_every_synonym_maps_whatever_its_case_and_punctuation(
    synonym_field: tuple[str, str], before: str, after: str, upper: bool
) -> None:
    synonym, field = synonym_field
    decorated = before + synonym.replace(" ", " / " if "/" in before else " ") + after
    heading = decorated.upper() if upper else decorated.title()
    assert field_for_heading(heading) == field
