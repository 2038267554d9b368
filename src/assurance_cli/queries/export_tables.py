"""The export schema (docs/export-schema.md) and the tables of one board built from its index.

The export is a contract with whatever reads it (DuckDB, a warehouse, a spreadsheet): one
flat table per kind of thing, every column typed, every row carrying the board's id and the
commit its records were read from. `SCHEMA_VERSION` goes up whenever a table or a column is
added, removed, renamed or retyped; tests/test_export_tables.py holds a fingerprint of
`SCHEMA` and fails when it changes under the same version.

Every date a record holds as published becomes three columns: `<name>` (the day it falls
due: the last day of a month, quarter or year, as `assure status` compares them),
`<name>_first` (its first day) and `<name>_published` (the wording as the record holds it:
the paper's words, or the ISO form where the record writes ISO). Wording no date can be read
from ("To be confirmed") keeps both dates null and its words in `_published`.

Lists (an action's leads, themes, related actions, the findings it answers...) are rows of
the `links` table, so that every table is flat and a CSV file can hold it. A pure function
of the index: no I/O, no today.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple, TypeAlias

from assurance_cli.dates import PartialDate, iso
from assurance_cli.index.build import Index, plan_days
from assurance_cli.index.loaded import LoadedAction
from assurance_cli.model.records import Figure, ProgressEntry
from assurance_cli.queries.status import effective_due

SCHEMA_VERSION = 1
# What `commit` holds when the records were read from files that differ from every commit
# (uncommitted changes under data/, or a folder outside git).
WORKING_TREE = "working-tree"

Value: TypeAlias = "str | int | float | bool | date | None"
Row: TypeAlias = tuple[Value, ...]


class Column(NamedTuple):
    name: str
    type: str  # a SQL type DuckDB and warehouses share: VARCHAR, INTEGER, DOUBLE, BOOLEAN, DATE


class Table(NamedTuple):
    name: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _columns(spec: str) -> tuple[Column, ...]:
    """`"a VARCHAR, b DATE"` -> columns; `board` and `commit` lead every table. A name ending
    in `@` is a published date: its three columns."""
    found = [Column("board", "VARCHAR"), Column("commit", "VARCHAR")]
    for part in spec.split(","):
        name, _, kind = part.strip().partition(" ")
        if name.endswith("@"):
            stem = name[:-1]
            found += [Column(stem, "DATE"), Column(f"{stem}_first", "DATE")]
            found.append(Column(f"{stem}_published", "VARCHAR"))
        else:
            found.append(Column(name, kind))
    return tuple(found)


SCHEMA: tuple[Table, ...] = (
    Table("boards", _columns("name VARCHAR, short_name VARCHAR, schema_version INTEGER")),
    Table(
        "plans",
        _columns(
            "plan VARCHAR, title VARCHAR, label VARCHAR, starts DATE, ends DATE, "
            "starts_published VARCHAR, ends_published VARCHAR, priority_label VARCHAR, "
            "position INTEGER"
        ),
    ),
    Table(
        "priorities",
        _columns(
            "plan VARCHAR, number VARCHAR, title VARCHAR, short VARCHAR, focus VARCHAR, "
            "position INTEGER"
        ),
    ),
    Table(
        "statuses",
        _columns(
            "status VARCHAR, label VARCHAR, closed BOOLEAN, withdrawn BOOLEAN, rag VARCHAR, "
            "position INTEGER"
        ),
    ),
    Table("leads", _columns("lead VARCHAR, label VARCHAR, subgroup VARCHAR, position INTEGER")),
    Table("subgroups", _columns("subgroup VARCHAR, name VARCHAR, position INTEGER")),
    Table("meetings", _columns("meeting VARCHAR, name VARCHAR, date@, position INTEGER")),
    Table(
        "actions",
        _columns(
            "action VARCHAR, plan VARCHAR, ref VARCHAR, priority VARCHAR, title VARCHAR, "
            "parent VARCHAR, subgroup VARCHAR, desired_outcome VARCHAR, "
            "outcome_measure VARCHAR, due@, review_by@, falls_due DATE, status VARCHAR, "
            "impact VARCHAR, paper_order INTEGER, path VARCHAR"
        ),
    ),
    Table(
        "milestones",
        _columns(
            "action VARCHAR, milestone INTEGER, title VARCHAR, due@, falls_due DATE, status VARCHAR"
        ),
    ),
    Table(
        "progress",
        _columns("action VARCHAR, milestone INTEGER, entry INTEGER, date@, text VARCHAR"),
    ),
    Table(
        "due_changes",
        _columns("action VARCHAR, change INTEGER, due_from@, due_to@, agreed@, reason VARCHAR"),
    ),
    Table(
        "questions", _columns("action VARCHAR, question INTEGER, priority VARCHAR, text VARCHAR")
    ),
    Table(
        "audits",
        _columns(
            "audit VARCHAR, title VARCHAR, kind VARCHAR, kind_label VARCHAR, date@, ended@, "
            "reported@, period VARCHAR, commissioned_by VARCHAR, led_by VARCHAR, "
            "sample_size INTEGER, sample VARCHAR, summary VARCHAR, source VARCHAR, "
            "cadence VARCHAR, author VARCHAR, introduction VARCHAR, paper_order INTEGER, "
            "path VARCHAR"
        ),
    ),
    Table(
        "findings",
        _columns(
            "finding VARCHAR, kind VARCHAR, text VARCHAR, source VARCHAR, response VARCHAR, "
            "paper_order INTEGER, path VARCHAR"
        ),
    ),
    Table(
        "figures",
        _columns(
            "record_table VARCHAR, record VARCHAR, figure INTEGER, label VARCHAR, "
            "value DOUBLE, unit VARCHAR, period VARCHAR"
        ),
    ),
    Table("themes", _columns("theme VARCHAR, title VARCHAR, parent VARCHAR, position INTEGER")),
    Table(
        "reporting",
        _columns(
            "report VARCHAR, topic VARCHAR, reported_by VARCHAR, reported_to VARCHAR, due@, "
            "frequency VARCHAR, action VARCHAR, source VARCHAR, path VARCHAR"
        ),
    ),
    Table(
        "links",
        _columns(
            "from_table VARCHAR, from_id VARCHAR, relation VARCHAR, to_table VARCHAR, "
            "to_id VARCHAR, position INTEGER"
        ),
    ),
)
TABLES: dict[str, Table] = {table.name: table for table in SCHEMA}


def _published(value: PartialDate | str | None) -> tuple[date | None, date | None, str | None]:
    """A published date's three columns: its last day, its first day, its wording."""
    if isinstance(value, PartialDate):
        return value.last, value.first, value.text if value.text is not None else iso(value)
    return None, None, value


def _text(value: int | str | None) -> str | None:
    return None if value is None else str(value)


class _Builder:
    """Rows of every table, with the board's id and commit put in front of each."""

    def __init__(self, board_id: str, commit: str) -> None:
        self.lead = (board_id, commit)
        self.rows: dict[str, list[Row]] = {table.name: [] for table in SCHEMA}

    def add(self, table: str, *values: Value) -> None:
        self.rows[table].append((*self.lead, *values))

    def link(
        self, source: tuple[str, str], relation: str, target: str | None, ids: Iterable[str]
    ) -> None:
        for position, target_id in enumerate(ids, start=1):
            self.add("links", *source, relation, target, target_id, position)

    def figures(self, table: str, record: str, figures: tuple[Figure, ...]) -> None:
        for number, figure in enumerate(figures, start=1):
            value = figure.value
            self.add(
                "figures", table, record, number, figure.label, value, figure.unit, figure.period
            )

    def progress(
        self, action: str, milestone: int | None, entries: tuple[ProgressEntry, ...]
    ) -> None:
        for number, entry in enumerate(entries, start=1):
            self.add("progress", action, milestone, number, *_published(entry.date), entry.text)


def export_tables(index: Index, *, board_id: str, commit: str) -> dict[str, list[Row]]:
    """Every table of the export schema for one board, rows in the board's order, each row
    a tuple in its table's column order. `commit` is the commit read, or WORKING_TREE."""
    out = _Builder(board_id, commit)
    board = index.board
    out.add(
        "boards", board.name if board else None, board.short_name if board else None, SCHEMA_VERSION
    )
    _vocabulary(index, out)
    for action in index.actions.values():
        _action(action, index, out)
    for loaded_audit in index.audits.values():
        audit = loaded_audit.record
        kind_label = index.audit_kind_label(audit.kind) if audit.kind is not None else None
        out.add(
            "audits",
            audit.id,
            audit.title,
            audit.kind,
            kind_label,
            *_published(audit.date),
            *_published(audit.end),
            *_published(audit.reported),
            audit.period,
            audit.commissioned_by,
            audit.led_by,
            audit.sample_size,
            audit.sample,
            audit.summary,
            audit.source,
            audit.cadence,
            audit.author,
            audit.introduction,
            audit.order,
            loaded_audit.path,
        )
        out.link(("audits", audit.id), "agency", None, audit.agencies)
        out.figures("audits", audit.id, audit.figures)
    for loaded_finding in index.findings.values():
        finding = loaded_finding.record
        out.add(
            "findings",
            finding.id,
            finding.kind,
            finding.text,
            finding.source,
            finding.response,
            finding.order,
            loaded_finding.path,
        )
        source = ("findings", finding.id)
        out.link(source, "audit", "audits", finding.audits)
        out.link(source, "theme", "themes", finding.themes)
        out.link(source, "repeats", "findings", finding.repeats)
        out.figures("findings", finding.id, finding.figures)
    for loaded_report in index.reports.values():
        report = loaded_report.record
        out.add(
            "reporting",
            report.id,
            report.topic,
            report.reported_by,
            report.reported_to,
            *_published(report.due),
            report.frequency,
            report.action,
            report.source,
            loaded_report.path,
        )
    return out.rows


def _vocabulary(index: Index, out: _Builder) -> None:
    board = index.board
    if board is None:
        return
    for position, plan in enumerate(board.plans, start=1):
        days = plan_days(plan)
        start_text = end_text = None
        if plan.period is not None:
            start_text = _published(plan.period.start)[2]
            end_text = _published(plan.period.end)[2]
        out.add(
            "plans",
            plan.id,
            plan.title,
            plan.label,
            days[0] if days else None,
            days[1] if days else None,
            start_text,
            end_text,
            plan.priority_label,
            position,
        )
        for number, priority in enumerate(plan.priorities, start=1):
            out.add(
                "priorities",
                plan.id,
                _text(priority.number),
                priority.title,
                priority.short,
                priority.focus,
                number,
            )
            source = ("priorities", f"{plan.id}/{priority.number}")
            out.link(source, "subgroup", "subgroups", priority.subgroups)
            out.link(source, "lead", "leads", priority.leads)
    for position, status in enumerate(board.statuses, start=1):
        out.add(
            "statuses",
            status.id,
            status.label,
            status.closed,
            status.withdrawn,
            status.rag,
            position,
        )
    for position, lead in enumerate(board.leads, start=1):
        out.add("leads", lead.id, lead.label, lead.subgroup, position)
    for position, subgroup in enumerate(board.subgroups, start=1):
        out.add("subgroups", subgroup.id, subgroup.name, position)
    for position, meeting in enumerate(board.meetings, start=1):
        out.add("meetings", meeting.id, meeting.name, *_published(meeting.date), position)
    for theme_id, entry in index.themes.items():
        out.add("themes", theme_id, entry.theme.title, entry.parent, entry.order + 1)


def _action(action: LoadedAction, index: Index, out: _Builder) -> None:
    record = action.record
    action_id = action.id
    out.add(
        "actions",
        action_id,
        action.plan or None,
        record.ref,
        _text(record.priority),
        record.title,
        record.parent,
        record.subgroup,
        record.desired_outcome,
        record.outcome_measure,
        *_published(record.due),
        *_published(record.review_by),
        effective_due(record.due, record.review_by),
        record.status,
        record.impact,
        record.order,
        action.path,
    )
    source = ("actions", action_id)
    out.link(source, "lead", "leads", record.lead)
    related = (index.action_link(action.plan, reference) for reference in record.related)
    out.link(source, "related", "actions", related)
    out.link(source, "responds_to", "findings", record.responds_to)
    out.link(source, "audit", "audits", record.audits)
    out.link(source, "answers", None, record.answers)
    out.link(source, "theme", "themes", record.themes)
    out.progress(action_id, None, record.progress)
    for number, milestone in enumerate(record.milestones, start=1):
        out.add(
            "milestones",
            action_id,
            number,
            milestone.title,
            *_published(milestone.due),
            effective_due(milestone.due, None),
            milestone.status,
        )
        out.progress(action_id, number, milestone.progress)
    for number, change in enumerate(record.due_history, start=1):
        out.add(
            "due_changes",
            action_id,
            number,
            *_published(change.from_),
            *_published(change.to),
            *_published(change.agreed),
            change.reason,
        )
    for number, question in enumerate(record.questions, start=1):
        out.add("questions", action_id, number, _text(question.priority), question.text)


def schema_fingerprint() -> str:
    """A digest of every table's name and columns (names and types), in order."""
    import hashlib

    text = "\n".join(
        f"{table.name}: " + ", ".join(f"{c.name} {c.type}" for c in table.columns)
        for table in SCHEMA
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
