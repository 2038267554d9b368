"""Seed 002 rebuilt as Word and Excel files, read back, and compared field by field with the
shipped records of data/actions/2015-16 (the ground truth).

The records are an editor's work on the published plan; the reader keeps what is published.
So some fields differ by design, and the figures below say exactly how many of the 49
actions match, field by field, and why the others do not:
- ref: the paper prints `1a.)`; the record holds `1a` (`plain_ref` drops the table's
  punctuation) and renames the second `3d` to `3d2`, which the reader flags as a duplicate.
- lead: 2a and 2b print "SSCB Business Manager & Safeguarding Officer - Quality &
  Governance"; the record names two leads. The reader splits only on line breaks and `;`,
  since `&` is also inside a lead's name.
- progress: the records split some paragraphs into sentences (1e, 2c, 3d, 4d...) and date
  entries from dates inside the text ("on 11th June 2015": 2b, 3c, 4a...); the reader splits
  only lines that start with a date. 33 actions' entries match in text, 24 with their dates.
- status: 6d and 9c print "Completed"; the records hold `not-applicable` (the editor's
  reading of their progress text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from assurance_cli.importing.progress import ProgressEntry, parse_date_text
from assurance_cli.importing.rows import PublishedPlan, PublishedRow, plain_ref, read_plan
from tests.import_files import REPO, board, build_seed_docx, build_seed_xlsx, status_options

RECORDS = REPO / "data" / "actions" / "2015-16"
FIELDS = (
    "ref",
    "title",
    "desired_outcome",
    "outcome_measure",
    "due",
    "lead",
    "progress_text",
    "progress",
    "status",
    "objective",
)
# How many of the 49 actions match the shipped records exactly, field by field (see above).
EXPECTED = {
    "ref": 48,
    "title": 49,
    "desired_outcome": 49,
    "outcome_measure": 49,
    "due": 49,
    "lead": 47,
    "progress_text": 33,
    "progress": 24,
    "status": 47,
    "objective": 49,
}


def record(ref: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((RECORDS / f"{ref}.yaml").read_text())
    return loaded


def record_refs(plan: PublishedPlan) -> list[str]:
    """The shipped record for each row, in order: the second `3d` is the record `3d2`."""
    seen: set[str] = set()
    refs = []
    for row in plan.rows:
        ref = plain_ref(row.ref or "")
        refs.append(f"{ref}2" if ref in seen else ref)
        seen.add(ref)
    return refs


def _entries(entries: tuple[ProgressEntry, ...], *, dates: bool) -> list[tuple[str | None, str]]:
    return [((entry.date if dates else None), entry.text) for entry in entries]


def _record_entries(entries: list[dict[str, Any]], *, dates: bool) -> list[tuple[str | None, str]]:
    return [
        ((str(entry["date"]) if dates and entry.get("date") else None), entry["text"])
        for entry in entries
    ]


def _progress(row: PublishedRow, shipped: dict[str, Any], *, dates: bool) -> bool:
    if shipped["milestones"]:
        ours = [_entries(m.progress, dates=dates) for m in row.milestones]
        theirs = [_record_entries(m["progress"], dates=dates) for m in shipped["milestones"]]
        return ours == theirs and not shipped["progress"]
    return _entries(row.progress, dates=dates) == _record_entries(shipped["progress"], dates=dates)


def _due(row: PublishedRow, shipped: dict[str, Any]) -> bool:
    if shipped["milestones"]:
        ours = [parse_date_text(m.due or "") for m in row.milestones]
        theirs = [str(m["due"]) for m in shipped["milestones"]]
        return ours == theirs and str(shipped["due"]) == theirs[-1]
    return parse_date_text(row.due or "") == str(shipped["due"])


def _status(row: PublishedRow, shipped: dict[str, Any]) -> bool:
    if shipped["milestones"]:
        ours = [m.status.key for m in row.milestones]
        return ours == [m["status"] for m in shipped["milestones"]]
    return row.status.key == shipped["status"]


def _lead(row: PublishedRow, shipped: dict[str, Any]) -> bool:
    labels = {lead["id"]: lead["label"] for lead in board()["leads"]}
    return list(row.leads) == [labels[lead] for lead in shipped["lead"]]


COMPARE: dict[str, Callable[[PublishedRow, dict[str, Any]], bool]] = {
    "ref": lambda row, shipped: plain_ref(row.ref or "") == shipped["ref"],
    "title": lambda row, shipped: row.title == shipped["title"],
    "desired_outcome": lambda row, shipped: row.desired_outcome == shipped["desired_outcome"],
    "outcome_measure": lambda row, shipped: row.outcome_measure == shipped["outcome_measure"],
    "due": _due,
    "lead": _lead,
    "progress_text": lambda row, shipped: _progress(row, shipped, dates=False),
    "progress": lambda row, shipped: _progress(row, shipped, dates=True),
    "status": _status,
    "objective": lambda row, shipped: (
        row.objective is not None and row.objective.number == str(shipped["priority"])
    ),
}


@dataclass(frozen=True)
class Figures:
    matched: dict[str, int]
    misses: dict[str, list[str]]


def compare(plan: PublishedPlan) -> Figures:
    matched = dict.fromkeys(FIELDS, 0)
    misses: dict[str, list[str]] = {name: [] for name in FIELDS}
    for row, ref in zip(plan.rows, record_refs(plan), strict=True):
        shipped = record(ref)
        for name in FIELDS:
            if COMPARE[name](row, shipped):
                matched[name] += 1
            else:
                misses[name].append(ref)
    return Figures(matched, misses)


def report(label: str, figures: Figures) -> str:
    lines = [f"{label}: field matches of 49 actions"]
    lines += [
        f"  {name:16} {figures.matched[name]:2}/49  misses: {' '.join(figures.misses[name]) or '-'}"
        for name in FIELDS
    ]
    return "\n".join(lines)


BUILDS = {
    "docx": lambda tmp: build_seed_docx(tmp / "plan.docx"),
    "xlsx": lambda tmp: build_seed_xlsx(tmp / "plan.xlsx"),
    "docx-colour": lambda tmp: build_seed_docx(tmp / "plan.docx", colour_status=True),
    "xlsx-colour": lambda tmp: build_seed_xlsx(tmp / "plan.xlsx", colour_status=True),
}


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_seed_002_read_back_matches_the_shipped_records(build: str, tmp_path: Path) -> None:
    path = BUILDS[build](tmp_path)
    before = sorted(tmp_path.iterdir())
    plan = read_plan(path, statuses=status_options(colours=build.endswith("colour")))
    figures = compare(plan)
    print(report(build, figures))
    assert len(plan.rows) == 49
    assert figures.matched == EXPECTED
    assert figures.misses["ref"] == ["3d2"]
    assert figures.misses["lead"] == ["2a", "2b"]
    assert figures.misses["status"] == ["6d", "9c"]
    assert sorted(tmp_path.iterdir()) == before  # reading writes nothing


@pytest.mark.parametrize("build", sorted(BUILDS))
def test_seed_002_second_3d_is_flagged_not_renamed(build: str, tmp_path: Path) -> None:
    plan = read_plan(
        BUILDS[build](tmp_path), statuses=status_options(colours=build.endswith("colour"))
    )
    assert [p.code for p in plan.problems] == ["import-duplicate-ref"]
    assert [row.ref for row in plan.rows].count("3d.)") == 2
    assert plan.unmapped_statuses == ()
    assert plan.unplaced == ()


def test_seed_002_objectives_and_milestones_as_published(tmp_path: Path) -> None:
    plan = read_plan(build_seed_docx(tmp_path / "plan.docx"), statuses=status_options())
    numbers = [objective.number for objective in plan.objectives]
    assert numbers == [str(n) for n in range(1, 10)]
    plan_board = next(p for p in board()["plans"] if p["id"] == "2015-16")
    titles = [" ".join(str(p["title"]).split()) for p in plan_board["priorities"]]
    assert [objective.title for objective in plan.objectives] == titles
    one_d = plan.rows[3]
    assert one_d.ref == "1d.)"
    assert [m.due for m in one_d.milestones] == [
        "30 June 2015",
        "31 October 2015",
        "30 November 2015",
    ]
    assert [m.status.key for m in one_d.milestones] == ["completed"] * 3
    assert one_d.notes == ()
    one_a = plan.rows[0]
    assert one_a.notes == ("Note: Actions 1a and 2d cross reference each other",)
    assert one_a.progress[1] == ProgressEntry("ASC", "2015-09-22", "22.09.15")


def test_seed_002_without_a_status_mapping_lists_every_status_once(tmp_path: Path) -> None:
    plan = read_plan(build_seed_docx(tmp_path / "plan.docx"))
    assert plan.unmapped_statuses == (
        "Completed",
        "Not yet completed but on-track",
        "Not yet started",
        "Not yet completed but off-track",
    )  # in the order the plan first shows them
    assert all(row.status.key is None for row in plan.rows)
    unknown = [p for p in plan.problems if p.code == "import-unknown-status"]
    assert len(unknown) == 51  # 49 actions and 1d's two further milestones
