"""docs/dates.md is the rule book of dates as published: every example in its tables derives
as the page says (the first and last day), and every wording it says gives no date is kept as
published with the warning code it names, when `assure check` reads it as a due date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assurance_cli.dates import read_due, read_published_date

from .conftest import REPO, make_repo, run

PAGE = REPO / "docs" / "dates.md"


def table_after(heading: str) -> list[list[str]]:
    """The rows of the first table under `heading`, each a list of cells with backquotes
    taken off."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append([cell.strip().strip("`") for cell in line.strip("|").split(" | ")])
        elif rows:
            break
    assert len(rows) > 2, f"no table under {heading}"
    return rows[2:]  # past the header and its rule


DERIVED = table_after("## The forms a date is read from")
NO_DATE = table_after("## What no date is read from")


@pytest.mark.parametrize(("wording", "rule", "first", "last"), DERIVED, ids=[r[0] for r in DERIVED])
def test_each_published_form_derives_as_the_page_says(
    wording: str, rule: str, first: str, last: str
) -> None:
    found = read_published_date(wording)
    assert found is not None, f"{wording!r} ({rule}) derives no date"
    assert (found.first, found.last) == (date.fromisoformat(first), date.fromisoformat(last))
    due = read_due(wording)  # as a due date: the same days, the wording kept
    assert not isinstance(due, str) and (due.first, due.last) == (found.first, found.last)
    assert due.text in (None, wording)


@pytest.mark.parametrize(("wording", "why", "code"), NO_DATE, ids=[r[0] for r in NO_DATE])
def test_wording_with_no_date_is_kept_as_published(wording: str, why: str, code: str) -> None:
    assert read_published_date(wording) is None, why
    assert read_due(wording) == wording


def test_check_warns_of_each_due_with_no_date_with_the_code_the_page_gives(
    tmp_path: Path,
) -> None:
    files = {
        f"data/actions/2015-16/x{number}.yaml": f'ref: x{number}\ndue: "{wording}"\n'
        for number, (wording, _, _) in enumerate(NO_DATE)
    }
    result = run(make_repo(tmp_path, files), "check", "--format", "text")
    assert result.exit_code == 0, result.stdout
    for number, (wording, _, code) in enumerate(NO_DATE):
        found = [line for line in result.stdout.splitlines() if f"/x{number}.yaml:" in line]
        assert len(found) == 1 and found[0].endswith(f"[{code}]"), (wording, found)
        assert ": warning:" in found[0]


def test_the_page_covers_every_form_the_issue_lists() -> None:
    """Issue 15's due wordings, each in one table or the other."""
    listed = {row[0] for row in DERIVED} | {row[0] for row in NO_DATE}
    for wording in (
        "March 2016",
        "end of Q3 2015/16",
        "financial year 2016/17",
        "June/July 2016",
        "Autumn 2016",
        "by the end of the financial year",
        "Ongoing",
        "September 2016 (subject to funding)",
        "To be confirmed",
        "In line with the workforce strategy",
        "Quarterly",
    ):
        assert wording in listed, wording
