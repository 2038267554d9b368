"""Published rows as action records: the values a row gives, and the new file or the edit of
an existing file that holds them.

A row gives only what it states: an empty cell leaves the record's field as it is (`null` in
a new file). The ref is kept as published without the table's punctuation (`1a.)` -> `1a`);
the due wording as published (`31 March 2016`; an Excel date cell as its day), its typed date
derived when the record is read; progress as dated entries (`importing/progress.py`). An
action with continuation rows gets one milestone per row, and the action's due and status are
its last milestone's. A `Note:` line naming other refs of the file becomes `related`; a note
naming none has nowhere to go in a record and is reported. "Due date amended from X to Y" in
the progress, Y being the due, is also a `due_history` entry (its reason is not guessed).

On a second import, a field that differs is set (comments and layout of the file kept, by
`io/yaml_writer.py`'s round trip); a new due date adds a `due_history` entry; progress is
append-only: entries the file adds after the record's own are appended, and a file whose
earlier entries differ from the record's leaves the progress as it is, reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from assurance_cli.dates import DateError, PartialDate, read_due
from assurance_cli.edit.change import Change
from assurance_cli.edit.import_vocabulary import Vocabulary, priority_number
from assurance_cli.edit.new import new_record_text, schema_ref
from assurance_cli.importing import PublishedRow, plain_ref
from assurance_cli.importing.progress import ProgressEntry, parse_date_text
from assurance_cli.io.files import read_snapshot
from assurance_cli.io.layout import DATA_DIR, ref_file_stem
from assurance_cli.io.record_text import decode, encode
from assurance_cli.io.yaml_reader import read_document
from assurance_cli.io.yaml_writer import AppendEntry, Operation, SetField, Value, edit_text
from assurance_cli.model.models import RECORD_TYPES, Action, field_names
from assurance_cli.problems import AssureError, Problem, warning

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# On a line with its spaces made single: no repetition next to another, so no backtracking.
_AMENDED = re.compile(r"\b(?:due )?date (?:was )?amended from ", re.IGNORECASE)
_AMENDMENT_END = re.compile(r"[;,]|\.(?= |$)")
_REF_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-()]*")


@dataclass(frozen=True)
class ImportedRow:
    """A row to write: its ref, file and values (only the fields the row states)."""

    ref: str
    rel: str
    values: dict[str, Value]
    row: PublishedRow


def yaml_date(text: str) -> Value:
    """An ISO day as a date (written plain), anything else as the text it is."""
    if _ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _progress(entries: tuple[ProgressEntry, ...]) -> list[Value]:
    out: list[Value] = []
    for entry in entries:
        item: dict[str, Value] = {}
        if entry.date is not None:
            item["date"] = yaml_date(entry.date)
        item["text"] = entry.text
        out.append(item)
    return out


def row_values(
    row: PublishedRow,
    ref: str,
    vocabulary: Vocabulary,
    related: list[str],
) -> dict[str, Value]:
    """The record fields a row states."""
    values: dict[str, Value] = {"ref": ref}
    if row.objective is not None and row.objective.number is not None:
        values["priority"] = priority_number(row.objective.number)
    for name in ("title", "desired_outcome", "outcome_measure"):
        text = getattr(row, name)
        if text:
            values[name] = text
    if row.leads:
        values["lead"] = [vocabulary.lead_id(lead) for lead in row.leads]
    milestones = row.milestones
    if milestones:
        values["milestones"] = [
            {
                "title": None,
                "due": yaml_date(m.due) if m.due else None,
                "status": vocabulary.status_id(m.status),
                "progress": _progress(m.progress),
            }
            for m in milestones
        ]
        last = milestones[-1]
        due, status = last.due, vocabulary.status_id(last.status)
    else:
        due, status = row.due, vocabulary.status_id(row.status)
        if row.progress:
            values["progress"] = _progress(row.progress)
    if due:
        values["due"] = yaml_date(due)
        history = amendments(row.progress, values["due"]) if not milestones else []
        if history:
            values["due_history"] = history
    if status is not None:
        values["status"] = status
    if related:
        values["related"] = list(related)
    return values


def amendments(entries: tuple[ProgressEntry, ...], due: Value) -> list[Value]:
    """`Due date amended from 31.03.16 to 30.09.16` in the progress, as due_history entries:
    those whose new date is the row's due (an older one would contradict it). When and why
    the change was agreed are not read (`agreed` and `reason` null: add them by hand)."""
    found: list[Value] = []
    for entry in entries:
        for line in entry.text.split("\n"):
            words = " ".join(line.split())
            for match in _AMENDED.finditer(words):
                rest = words[match.end() :]
                end = _AMENDMENT_END.search(rest)
                before, sep, after = rest[: end.start() if end else len(rest)].partition(" to ")
                if not sep or not before or not after:
                    continue
                old, new = _amended_date(before), _amended_date(after)
                if same_due(plain(new), plain(due)):
                    found.append({"from": old, "to": new, "agreed": None, "reason": None})
    return found[-1:]  # the last amendment: an earlier one's `to` would not be the due


def _amended_date(text: str) -> Value:
    wording = " ".join(text.split())
    iso = parse_date_text(wording)
    return yaml_date(iso) if iso is not None else wording


def related_refs(row: PublishedRow, own: str, refs: dict[str, str]) -> list[str]:
    """Refs of the file (`refs`: folded -> as written) that the row's notes name."""
    found: list[str] = []
    for note in row.notes:
        found += [ref for ref in _note_refs(note, own, refs) if ref not in found]
    return found


def _note_refs(note: str, own: str, refs: dict[str, str]) -> list[str]:
    named = (refs.get(plain_ref(word).casefold()) for word in _REF_WORD.findall(note))
    return [ref for ref in named if ref is not None and ref != own]


def unplaced_notes(row: PublishedRow, own: str, refs: dict[str, str], source: str) -> list[Problem]:
    """A note naming no other ref of the file: reported, since no field holds it."""
    return [
        warning(
            source,
            row.place.row,
            1,
            "import-note-not-placed",
            f"{row.place.describe()}: ref {own}: a 'Note:' line naming no other ref of the file "
            "has no field to go in; it was not written: add it to the record by hand if it "
            "matters",
        )
        for note in row.notes
        if not _note_refs(note, own, refs)
    ]


def action_rel(plan: str, ref: str) -> str:
    return f"{DATA_DIR}/actions/{plan}/{ref_file_stem(ref)}.yaml"


def new_action_change(root: Path, plan: str, imported: ImportedRow) -> Change:
    path = root / imported.rel
    model = RECORD_TYPES["action"]
    text = new_record_text(model, imported.values, schema_ref(root, path, "action"))
    return Change(
        path,
        imported.rel,
        text.encode("utf-8"),
        None,
        f"created {imported.rel} (action {plan}/{imported.ref})",
    )


def updated_action_change(
    root: Path, plan: str, imported: ImportedRow, source: str
) -> tuple[Change | None, list[Problem]]:
    """The edit that brings an existing record to what the row states, or None when it
    already does; and what could not be brought (progress the file rewrote)."""
    path = root / imported.rel
    snapshot = read_snapshot(path)
    text = decode(snapshot.raw)
    document, _problems = read_document(snapshot.raw, imported.rel, track=False)
    if document is None or not isinstance(document.data, dict):
        raise AssureError(
            f"{imported.rel} does not read as a record, so the import cannot update it; run "
            "`assure check` and fix it first"
        )
    current: dict[str, Any] = document.data
    operations, problems, changed = _operations(current, imported, source)
    if not operations:
        return None, problems
    try:
        edited = edit_text(text.text, operations, field_names(Action))
    except AssureError as exc:
        raise AssureError(f"{imported.rel}: {exc}") from None
    summary = f"updated {imported.rel} (action {plan}/{imported.ref}: {', '.join(changed)})"
    change = Change(path, imported.rel, encode(text, edited.text), snapshot, summary)
    return change, problems


def _operations(
    current: dict[str, Any], imported: ImportedRow, source: str
) -> tuple[list[Operation], list[Problem], list[str]]:
    operations: list[Operation] = []
    problems: list[Problem] = []
    changed: list[str] = []
    for key, value in imported.values.items():
        if key == "ref":
            continue
        old = current.get(key)
        new = plain(value)
        if old == new or (key == "due" and same_due(old, new)):
            continue
        if key == "progress":
            extra = _appended(old or [], new)
            if extra is None:
                problems.append(_rewritten(imported, source, "progress"))
                continue
            if not extra:
                continue
            assert isinstance(value, list)
            added = value[len(value) - len(extra) :]  # as written: days as dates, not text
            operations += [
                AppendEntry("progress", entry) for entry in added if isinstance(entry, dict)
            ]
        elif key == "milestones":
            merged = _milestones(old or [], value)
            if merged is None:
                problems.append(_rewritten(imported, source, "milestones' progress"))
                continue
            if plain(merged) == old:
                continue
            operations.append(SetField("milestones", merged))
        elif key == "related":
            missing = [ref for ref in new if ref not in (old or [])]
            if not missing:
                continue
            operations.append(SetField("related", [*(old or []), *missing]))
        elif key == "due":
            operations.append(SetField("due", value))
            stated = imported.values.get("due_history")
            if not stated:  # the file states no amendment to this due: record the change
                entry: dict[str, Value] = {
                    "from": yaml_date(old) if isinstance(old, str) else old,
                    "to": value,
                    "agreed": None,
                    "reason": None,
                }
                operations.append(AppendEntry("due_history", entry))
        elif key == "due_history":
            assert isinstance(value, list)
            missing = [
                entry
                for entry in value
                if isinstance(entry, dict) and not _has_amendment(old or [], entry)
            ]
            if not missing:
                continue
            operations += [AppendEntry("due_history", entry) for entry in missing]
        else:
            operations.append(SetField(key, value))
        changed.append(key)
    return operations, problems, changed


def _has_amendment(history: list[Any], entry: dict[str, Value]) -> bool:
    """Does the record's due_history already hold this amendment (the same dates)?"""
    return any(
        isinstance(held, dict)
        and same_due(held.get("from"), plain(entry["from"]))
        and same_due(held.get("to"), plain(entry["to"]))
        for held in history
    )


def _appended(old: list[Any], new: list[Any]) -> list[dict[str, Value]] | None:
    """The entries `new` adds after `old`; [] when `old` already holds them all (entries
    added with `assure note` after the file's); None when the two disagree before that."""
    shared = min(len(old), len(new))
    if old[:shared] != new[:shared]:
        return None
    return [dict(entry) for entry in new[shared:]]


def _milestones(old: list[Any], new: Value) -> list[Value] | None:
    """The file's milestones, each keeping progress the record added after the file's."""
    assert isinstance(new, list)
    merged: list[Value] = []
    for number, milestone in enumerate(new):
        assert isinstance(milestone, dict)
        before = old[number] if number < len(old) and isinstance(old[number], dict) else {}
        progress = milestone.get("progress") or []
        assert isinstance(progress, list)
        old_progress = before.get("progress") or []
        extra = _appended(old_progress, plain(progress))
        if extra is None:
            return None
        if same_due(before.get("due"), plain(milestone.get("due"))):
            milestone = {**milestone, "due": _as_written(before.get("due"))}
        if len(old_progress) > len(progress):
            milestone = {**milestone, "progress": [_as_written(e) for e in old_progress]}
        merged.append(milestone)
    return merged


def _rewritten(imported: ImportedRow, source: str, what: str) -> Problem:
    return warning(
        source,
        imported.row.place.row,
        1,
        "import-progress-differs",
        f"{imported.row.place.describe()}: ref {imported.ref}: the file's {what} differs from "
        f"the record's earlier entries, which are append-only: {imported.rel} keeps its own; "
        "add new entries with `assure note`",
    )


def _as_written(value: Any) -> Any:
    """A value read back (dates as text) as it is written again: ISO days as dates."""
    if isinstance(value, str):
        return yaml_date(value)
    if isinstance(value, dict):
        return {
            key: _as_written(item) if key in ("date", "due") else item
            for key, item in value.items()
        }
    return value


def same_due(old: Any, new: Any) -> bool:
    """Do two due values name the same days (`2016-03-31` and `31 March 2016` do)?"""
    if not isinstance(old, str) or not isinstance(new, str):
        return bool(old == new)
    try:
        before, after = read_due(old), read_due(new)
    except DateError:
        return old == new
    if isinstance(before, PartialDate) and isinstance(after, PartialDate):
        return (before.first, before.last) == (after.first, after.last)
    return before == after


def plain(value: Any) -> Any:
    """A value as the strict reader gives it back: dates as ISO text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
