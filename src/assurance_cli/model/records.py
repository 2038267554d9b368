"""What each record is, declared once: plain immutable named tuples, no pydantic.

`validation.py` builds a pydantic model for each from these declarations, to check a file
where it is read; a valid model becomes the record. The rest of `assure` and the warm cache
hold only these: a warm run reads ten thousand records from the cache, and a named tuple
unpickles in a fraction of a pydantic model's time.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NamedTuple, TypeAlias

from assurance_cli.dates import PartialDate
from assurance_cli.model.fields import (
    ACTION_REF,
    DUE,
    ID,
    NON_EMPTY,
    OPTIONAL,
    Default,
    FileKey,
)

AUDIT_KINDS: tuple[tuple[str, str], ...] = (
    ("case-audit", "Multi-agency case audit"),
    ("single-agency-audit", "Single-agency audit"),
    ("section-11", "Section 11 audit"),
    ("section-175", "Section 175/157 audit"),
    ("serious-case-review", "Serious case review"),
    ("management-review", "Management review"),
    ("lessons-learned-review", "Lessons-learned review"),
    ("table-top-review", "Table-top review"),
    ("external-review", "External review"),
    ("peer-review", "Peer review"),
    ("inspection", "Inspection"),
    ("workforce-survey", "Workforce survey"),
    ("walk-the-floor", "Walk the Floor"),
    ("board-member-review", "Board member review"),
    ("child-death-review", "Child death review"),
    ("performance-report", "Performance report"),
    ("conference", "Conference"),
    ("other", "Other"),
)
AUDIT_KIND_LABELS = dict(AUDIT_KINDS)
AuditKind = Literal[
    "case-audit",
    "single-agency-audit",
    "section-11",
    "section-175",
    "serious-case-review",
    "management-review",
    "lessons-learned-review",
    "table-top-review",
    "external-review",
    "peer-review",
    "inspection",
    "workforce-survey",
    "walk-the-floor",
    "board-member-review",
    "child-death-review",
    "performance-report",
    "conference",
    "other",
]
FindingKind = Literal["strength", "concern", "recommendation", "mixed"]
Rag = Literal["red", "amber", "green", "blue", "grey"]

# Each record type is declared once, here: its fields, their types and (in `Annotated`) the
# rules `fields.py` names. `validation.py` builds the pydantic models that check a file from
# these declarations, and `schema.py` the JSON Schemas. Records are only ever built from a
# validated file, so no field has a Python default: what a left-out field holds is declared
# with OPTIONAL or Default and filled in by validation.

# --- board.yaml -------------------------------------------------------------------------


class Period(NamedTuple):
    start: PartialDate
    end: PartialDate


class Priority(NamedTuple):
    number: int | str  # as published: 3, or "B", "WS2"
    title: Annotated[str | None, OPTIONAL]
    short: Annotated[str | None, OPTIONAL]
    focus: Annotated[str | None, OPTIONAL]  # what the board wants to see for it (seed 004)
    # Who owns it (a business plan's matrix): subgroups and leads of board.yaml.
    subgroups: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]
    leads: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]


class Plan(NamedTuple):
    id: Annotated[str, ID]
    title: Annotated[str | None, OPTIONAL]
    # Its period as published ("2013/14", "financial year 2017/18"): the dates are read from
    # it by docs/dates.md unless `period` gives them.
    label: Annotated[str | None, OPTIONAL]
    period: Annotated[Period | None, OPTIONAL]
    priority_label: Annotated[str, Default("Priority")]
    priorities: Annotated[tuple[Priority, ...], OPTIONAL]
    notes: Annotated[tuple[str, ...], OPTIONAL]


class Theme(NamedTuple):
    id: Annotated[str, ID]
    title: str
    themes: Annotated[tuple[Theme, ...], OPTIONAL]


class Subgroup(NamedTuple):
    id: Annotated[str, ID]
    name: str


class Lead(NamedTuple):
    id: Annotated[str, ID]
    label: str
    subgroup: Annotated[str | None, ID, OPTIONAL]


class Meeting(NamedTuple):
    id: Annotated[str, ID]
    name: str
    date: Annotated[PartialDate | None, OPTIONAL]  # when it meets: `--at-meeting`, `report trend`


class Status(NamedTuple):
    id: Annotated[str, ID]
    label: str
    closed: bool
    rag: Annotated[Rag | None, OPTIONAL]  # a status key may give no colours
    # Closed without being done ("No longer applicable"): not counted as completed, so never
    # listed as a completed action with no evidence of impact.
    withdrawn: Annotated[bool, Default(False)]


class AuditKindEntry(NamedTuple):
    id: Annotated[str, ID]
    label: str


class Column(NamedTuple):
    """A column of the board's own action-plan table: which field, under what heading."""

    field: str  # one of PLAN_COLUMN_FIELDS: an action's field name, as in its file
    heading: str


# The fields an action-plan column can show, each with seed 002's heading; the first eight
# are seed 002's table, in its order: the columns of a board that declares none.
PLAN_COLUMN_FIELDS: tuple[tuple[str, str], ...] = (
    ("ref", "Ref"),
    ("title", "Activity"),
    ("desired_outcome", "Desired Outcome"),
    ("due", "Due Date"),
    ("lead", "Lead"),
    ("outcome_measure", "Outcome Measure"),
    ("progress", "Progress"),
    ("status", "Status"),
    ("subgroup", "Subgroup"),
    ("answers", "Answers"),
    ("impact", "Impact"),
)
DEFAULT_PLAN_COLUMNS = tuple(Column(field, heading) for field, heading in PLAN_COLUMN_FIELDS[:8])


class CheckSettings(NamedTuple):
    allow: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]
    strict: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]


class Board(NamedTuple):
    name: str
    short_name: Annotated[str | None, OPTIONAL]
    plans: Annotated[tuple[Plan, ...], OPTIONAL]
    themes: Annotated[tuple[Theme, ...], OPTIONAL]
    subgroups: Annotated[tuple[Subgroup, ...], OPTIONAL]
    leads: Annotated[tuple[Lead, ...], OPTIONAL]
    meetings: Annotated[tuple[Meeting, ...], OPTIONAL]
    statuses: Annotated[tuple[Status, ...], OPTIONAL]
    responsibilities: Annotated[tuple[str, ...], OPTIONAL]
    core_business: Annotated[tuple[str, ...], OPTIONAL]
    # Report titles in the board's words, by report name (e.g. digest: Quality of Practice
    # and Performance); `{period}` in a title is replaced by the report's period.
    report_titles: Annotated[dict[Annotated[str, ID], str], OPTIONAL]
    # The kinds of assurance activity the board uses (id and label); today's list when none.
    audit_kinds: Annotated[tuple[AuditKindEntry, ...], OPTIONAL]
    # The action plan's table as the board prints it: columns in order, with headings.
    action_plan_columns: Annotated[tuple[Column, ...], OPTIONAL]
    # Problem codes the board allows (reported no more) or makes strict (a warning fails).
    checks: Annotated[CheckSettings | None, OPTIONAL]


# --- actions ----------------------------------------------------------------------------


class ProgressEntry(NamedTuple):
    date: Annotated[PartialDate | None, OPTIONAL]
    text: str


class DueChange(NamedTuple):
    # As published, like `due`: "Due date amended from Autumn 2016 to March 2017".
    from_: Annotated[PartialDate | str | None, DUE, FileKey("from")]
    to: Annotated[PartialDate | str, DUE]
    agreed: Annotated[PartialDate | None, OPTIONAL]
    reason: Annotated[str | None, OPTIONAL]


class Milestone(NamedTuple):
    title: Annotated[str | None, OPTIONAL]
    due: Annotated[PartialDate | str | None, DUE, OPTIONAL]  # as published
    status: Annotated[str | None, ID, OPTIONAL]
    progress: Annotated[tuple[ProgressEntry, ...], OPTIONAL]


class Question(NamedTuple):
    """A question or item a plan lists under an action (seed 004's score card questions)."""

    priority: Annotated[int | str | None, OPTIONAL]
    text: str
    # The words the paper lists it under, as published: "The board may want information
    # about" is not an assurance question the board raised.
    heading: Annotated[str | None, OPTIONAL]


class Action(NamedTuple):
    ref: str  # as published: "1a", "1.1b", "3 (ii)", "WS2-c"; the file name is its slug
    priority: Annotated[int | str | None, OPTIONAL]
    title: Annotated[str | None, OPTIONAL]
    # The action it belongs to, by ref in the same plan (1.1 of 1.1b).
    parent: Annotated[str | None, OPTIONAL]
    subgroup: Annotated[str | None, ID, OPTIONAL]
    desired_outcome: Annotated[str | None, OPTIONAL]
    outcome_measure: Annotated[str | None, OPTIONAL]
    lead: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]
    due: Annotated[PartialDate | str | None, DUE, OPTIONAL]  # as published
    review_by: Annotated[PartialDate | None, OPTIONAL]
    due_history: Annotated[tuple[DueChange, ...], OPTIONAL]
    status: Annotated[str | None, ID, OPTIONAL]
    progress: Annotated[tuple[ProgressEntry, ...], OPTIONAL]
    related: Annotated[tuple[str, ...], OPTIONAL]  # refs in the plan, or <plan>/<ref>
    responds_to: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]
    # The reviews or audits it comes from, directly (not only through a finding).
    audits: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]
    # The inspection paragraph or evidence reference it answers, as published.
    answers: Annotated[tuple[str, ...], OPTIONAL]
    themes: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]
    milestones: Annotated[tuple[Milestone, ...], OPTIONAL]
    questions: Annotated[tuple[Question, ...], OPTIONAL]
    impact: Annotated[str | None, OPTIONAL]
    order: Annotated[int | None, OPTIONAL]  # its place in the paper, where ids do not say


# --- audits and findings ----------------------------------------------------------------


class Audit(NamedTuple):
    id: Annotated[str, ID]
    title: str
    kind: Annotated[str | None, ID, OPTIONAL]  # from board.yaml's audit_kinds
    date: Annotated[PartialDate | None, OPTIONAL]  # as published: a day, a year, "2017/2018"
    end: Annotated[PartialDate | None, OPTIONAL]
    reported: Annotated[PartialDate | None, OPTIONAL]
    # The plan whose learning report covers it, when its dates mislead.
    period: Annotated[str | None, ID, OPTIONAL]
    commissioned_by: Annotated[str | None, OPTIONAL]
    led_by: Annotated[str | None, OPTIONAL]
    sample_size: Annotated[int | None, OPTIONAL]
    sample: Annotated[str | None, OPTIONAL]
    agencies: Annotated[tuple[str, ...], OPTIONAL]
    summary: Annotated[str | None, OPTIONAL]
    source: Annotated[str | None, OPTIONAL]
    cadence: Annotated[str | None, OPTIONAL]  # as published: "annual", "every three years"
    author: Annotated[str | None, OPTIONAL]  # the report's author
    introduction: Annotated[str | None, OPTIONAL]
    # Roll-up counts published without rows ("12 recommendations: 5 implemented...").
    figures: Annotated[tuple[Figure, ...], OPTIONAL]
    order: Annotated[int | None, OPTIONAL]


class Figure(NamedTuple):
    label: str
    value: int | float
    unit: Annotated[str | None, OPTIONAL]
    period: Annotated[str | None, OPTIONAL]


class Finding(NamedTuple):
    id: Annotated[str, ID]
    audits: Annotated[tuple[Annotated[str, ID], ...], NON_EMPTY]
    themes: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]
    # strength, concern or recommendation; both strength and concern: mixed
    kind: Annotated[FindingKind | None, OPTIONAL]
    text: str
    figures: Annotated[tuple[Figure, ...], OPTIONAL]
    source: Annotated[str | None, OPTIONAL]
    response: Annotated[str | None, OPTIONAL]  # the response recorded under it
    repeats: Annotated[tuple[Annotated[str, ID], ...], OPTIONAL]  # earlier findings it repeats
    order: Annotated[int | None, OPTIONAL]


class ScheduledReport(NamedTuple):
    """An assurance topic scheduled into the board's reporting cycle (seed 004)."""

    id: Annotated[str, ID]
    topic: str
    reported_by: Annotated[str | None, OPTIONAL]
    reported_to: Annotated[str | None, ID, OPTIONAL]  # a meeting id from board.yaml
    due: Annotated[PartialDate | None, OPTIONAL]  # when it is scheduled; null until it is
    frequency: Annotated[str | None, OPTIONAL]
    action: Annotated[str | None, ACTION_REF, OPTIONAL]  # the action that schedules it
    source: Annotated[str | None, OPTIONAL]


Record: TypeAlias = Board | Action | Audit | Finding | ScheduledReport

# The record each kind of file holds (the kinds of io/layout.py).
RECORD_KINDS: dict[str, type[Record]] = {
    "board": Board,
    "action": Action,
    "audit": Audit,
    "finding": Finding,
    "reporting": ScheduledReport,
}


def rebuilt_as_tuple(cls: type[tuple[Any, ...]]) -> None:
    """Make pickle rebuild `cls` (a named tuple) with `tuple.__new__`, a C call, instead of
    the generated Python `__new__` that takes each field by name. A warm run unpickles one
    for every record, entry and date in the repository: with the dates made named tuples
    too, unpickling 10,000 records went from about 0.13 s to 0.09 s."""

    def reduce(self: tuple[Any, ...]) -> tuple[Any, ...]:
        return (tuple.__new__, (type(self), tuple(self)))

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]


for _type in (
    PartialDate,
    Period,
    Priority,
    Plan,
    Theme,
    Subgroup,
    Lead,
    Meeting,
    Status,
    AuditKindEntry,
    Column,
    CheckSettings,
    Board,
    ProgressEntry,
    DueChange,
    Milestone,
    Question,
    Action,
    Audit,
    Figure,
    Finding,
    ScheduledReport,
):
    rebuilt_as_tuple(_type)
del _type


def file_key(name: str) -> str:
    """The key a field is written under in a file (`from_` is written `from`)."""
    return "from" if name == "from_" else name
