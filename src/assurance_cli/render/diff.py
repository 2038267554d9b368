"""`assure diff` as JSON, as Markdown, and as plain sections the terminal view prints.

`diff_sections` turns the change values into titled tables of plain text, once; Markdown
escapes every cell (record text can never break the table) and the terminal prints each cell
as rich Text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assurance_cli.model.records import AUDIT_KIND_LABELS
from assurance_cli.problems import Problem
from assurance_cli.queries.diff_values import (
    CHANGE_KINDS,
    Change,
    Diff,
    DueChanged,
    FieldsChanged,
    HistoryEdited,
    Note,
    ProgressAdded,
    RecordAdded,
    StatusChanged,
    Version,
    count_changes,
)
from assurance_cli.render import json as jsonout
from assurance_cli.render.markdown import escape_cell, escape_inline, table
from assurance_cli.render.problems import problem_json

ARROW = "→"

# Per kind: (section title, one, many) as the summary line counts them.
_WORDS: dict[str, tuple[str, str, str]] = {
    "action-added": ("Actions added", "action added", "actions added"),
    "action-removed": ("Actions removed", "action removed", "actions removed"),
    "action-closed": ("Actions closed", "action closed", "actions closed"),
    "status-changed": ("Status changes", "status change", "status changes"),
    "due-changed": ("Due dates amended", "due date amended", "due dates amended"),
    "progress-added": ("Progress added", "progress entry added", "progress entries added"),
    "history-edited": (
        "Earlier log entries edited",
        "earlier log entry edited",
        "earlier log entries edited",
    ),
    "fields-changed": (
        "Other fields changed",
        "record with other fields changed",
        "records with other fields changed",
    ),
    "audit-added": ("Audits added", "audit added", "audits added"),
    "audit-removed": ("Audits removed", "audit removed", "audits removed"),
    "finding-added": ("Findings added", "finding added", "findings added"),
    "finding-removed": ("Findings removed", "finding removed", "findings removed"),
}


@dataclass(frozen=True)
class Section:
    """One kind of change as a table of plain text (a cell may hold several lines)."""

    kind: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


# --- JSON -------------------------------------------------------------------------------


# Changes when a key changes meaning or goes away (docs/json.md); new keys may be added.
DIFF_JSON_VERSION = 1


def diff_json(diff: Diff) -> str:
    document = {
        "version": DIFF_JSON_VERSION,
        "base": diff.base.to_json(),
        "head": diff.head.to_json(),
        "counts": count_changes(diff.changes),
        "changes": [change.to_json() for change in diff.changes],
        "unreadable": [
            *(_problem_json("base", p) for p in diff.base_problems),
            *(_problem_json("head", p) for p in diff.head_problems),
        ],
    }
    return jsonout.dumps(document) + "\n"


def _problem_json(side: str, problem: Problem) -> dict[str, Any]:
    return {"side": side, **problem_json(problem)}


# --- plain sections ---------------------------------------------------------------------


def version_text(version: Version) -> str:
    if version.commit is None:  # the working tree, or a version only in memory (its label)
        return "the working tree" if version.label == "working tree" else version.label
    return f"{version.label} ({version.commit[:7]})"


def heading_text(diff: Diff) -> str:
    return f"Changes from {version_text(diff.base)} to {version_text(diff.head)}"


def summary_text(changes: Sequence[Change]) -> str:
    """`3 changes: 1 action closed, 1 due date amended, 1 progress entry added`."""
    counts = count_changes(changes)
    parts = [
        f"{count} {_WORDS[kind][1] if count == 1 else _WORDS[kind][2]}"
        for kind, count in counts.items()
        if count
    ]
    if not parts:
        return "No changes to actions, audits or findings."
    total = len(changes)
    return f"{total} change{'s' * (total != 1)}: " + ", ".join(parts)


def unreadable_lines(diff: Diff) -> list[str]:
    """One line per file either side could not read (left out of the comparison)."""
    lines = [f"at {version_text(diff.base)}: {p}" for p in diff.base_problems]
    lines += [f"in {version_text(diff.head)}: {p}" for p in diff.head_problems]
    return lines


def diff_sections(diff: Diff) -> list[Section]:
    """The changes as titled tables, in the order of CHANGE_KINDS; empty kinds left out."""
    # A status change shows the progress added with it; Progress added shows the rest.
    with_status = {
        (c.subject.id, c.milestone) for c in diff.changes if isinstance(c, StatusChanged)
    }
    sections = []
    for kind in CHANGE_KINDS:
        changes = [c for c in diff.changes if c.kind == kind]
        if kind == "progress-added":
            changes = [
                c
                for c in changes
                if isinstance(c, ProgressAdded) and (c.subject.id, c.milestone) not in with_status
            ]
        if changes:
            columns, rows = _table(kind, changes)
            sections.append(Section(kind, _WORDS[kind][0], columns, tuple(rows)))
    return sections


def _where(change: StatusChanged | DueChanged | ProgressAdded | HistoryEdited) -> str:
    if change.milestone is None:
        return change.subject.id
    return f"{change.subject.id} milestone {change.milestone}"


def _note_text(notes: Sequence[Note]) -> str:
    return "\n".join(f"{note.date}: {note.text}" if note.date else note.text for note in notes)


def _table(kind: str, changes: Sequence[Change]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    if kind in {"action-closed", "status-changed"}:
        status = [c for c in changes if isinstance(c, StatusChanged)]
        return ("Action", "Title", "Status", "Progress note"), [
            (
                _where(c),
                c.subject.title,
                f"{c.before_label} {ARROW} {c.after_label}",
                _note_text(c.notes),
            )
            for c in status
        ]
    if kind == "due-changed":
        return ("Action", "Title", "Due", "Agreed", "Reason"), [
            _due_row(c) for c in changes if isinstance(c, DueChanged)
        ]
    if kind == "progress-added":
        return ("Action", "Title", "Progress"), [
            (_where(c), c.subject.title, _note_text([c.note]))
            for c in changes
            if isinstance(c, ProgressAdded)
        ]
    if kind == "history-edited":
        return ("Action", "Title", "Entry"), [
            (_where(c), c.subject.title, f"{c.log} entry {c.entry} {c.how}")
            for c in changes
            if isinstance(c, HistoryEdited)
        ]
    if kind == "fields-changed":
        return ("Record", "Title", "Fields"), [
            (f"{c.subject.record} {c.subject.id}", c.subject.title, ", ".join(c.fields))
            for c in changes
            if isinstance(c, FieldsChanged)
        ]
    added = [c for c in changes if isinstance(c, RecordAdded)]
    if kind.startswith("action-"):
        return ("Action", "Title", "Lead", "Due", "Status"), [
            (
                c.subject.id,
                c.subject.title,
                "; ".join(c.lead_labels),
                c.due or "",
                c.status_label or "",
            )
            for c in added
        ]
    if kind.startswith("audit-"):
        return ("Audit", "Title", "Kind", "Date"), [
            (
                c.subject.id,
                c.subject.title,
                AUDIT_KIND_LABELS.get(c.audit_kind or "", c.audit_kind or ""),
                c.date or "",
            )
            for c in added
        ]
    return ("Finding", "Kind", "Audits", "Text"), [
        (c.subject.id, c.finding_kind or "", ", ".join(c.audits), c.subject.title) for c in added
    ]


def _due_row(change: DueChanged) -> tuple[str, ...]:
    before = change.before_as_published or change.before or "none"  # as the paper prints it
    due = f"{before} {ARROW} {change.after_as_published or change.after or 'none'}"
    if not change.amendments:
        recorded = change.milestone is not None or change.before is None
        reason = "" if recorded else "(no due_history entry)"
        return (_where(change), change.subject.title, due, "", reason)
    agreed = "\n".join(a.agreed or "" for a in change.amendments)
    reasons = "\n".join(a.reason or "(no reason given)" for a in change.amendments)
    return (_where(change), change.subject.title, due, agreed, reasons)


# --- Markdown ---------------------------------------------------------------------------


def diff_markdown(diff: Diff) -> str:
    """For a pull-request comment, `$GITHUB_STEP_SUMMARY` or "changes since the last board
    meeting". Every piece of record text goes through the Markdown escaping."""
    parts = [f"## {escape_inline(heading_text(diff))}\n\n", summary_text(diff.changes) + "\n"]
    for section in diff_sections(diff):
        parts.append(f"\n### {section.title} ({len(section.rows)})\n\n")
        rows = [[escape_cell(cell) for cell in row] for row in section.rows]
        parts.append(table([escape_cell(c) for c in section.columns], rows))
    problems = unreadable_lines(diff)
    if problems:
        parts.append("\n### Files left out (with errors, or withheld: may hold personal data)\n\n")
        parts.append("".join(f"- {escape_inline(line)}\n" for line in problems))
    return "".join(parts)
