"""`assure import`: a published plan (read by `importing/`) planned as changes to the board's
records, proved together, then written all or nothing.

1. Each row with a ref becomes an action of the plan (`import_records.py`); a row whose ref
   an earlier row already used (or that has no ref) is left out and reported, never renamed.
2. Leads and statuses are met with the board's (`import_vocabulary.py`); new ones are added
   to board.yaml only with `add_vocabulary`, otherwise nothing is written and the ready
   block is shown. A plan board.yaml does not have is added with only what the file gives.
3. Every new or edited file is read back through the same pipeline as `assure check`, the
   board and records together (`prove`); the import is written only when it brings no error.
4. `write_import` writes every file or none: a failure part way restores those written.

The changes are also compared as `assure diff` compares two versions (`queries/diff.py`), so
the result reads as the diff a reviewer will see.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assurance_cli.checks.across import run_checks
from assurance_cli.checks.place import place_problems
from assurance_cli.edit.change import Change, require_board
from assurance_cli.edit.import_records import (
    ImportedRow,
    action_rel,
    new_action_change,
    related_refs,
    row_values,
    unplaced_notes,
    updated_action_change,
)
from assurance_cli.edit.import_vocabulary import Vocabulary, board_vocabulary, plan_entry
from assurance_cli.importing import PublishedPlan, PublishedRow, plain_ref
from assurance_cli.index.build import build_index
from assurance_cli.index.loaded import Repository, add_record
from assurance_cli.io.files import PlannedWrite, read_snapshot, write_all_or_none
from assurance_cli.io.layout import BOARD_FILE, DATA_DIR, RecordFile, ref_file_stem
from assurance_cli.io.record_text import decode, encode
from assurance_cli.io.yaml_writer import AppendEntry, Operation, edit_text
from assurance_cli.model.fields import ID_PATTERN
from assurance_cli.model.models import Board, field_names
from assurance_cli.problems import AssureError, Problem, Severity, error
from assurance_cli.queries.diff import compare_indexes
from assurance_cli.queries.diff_values import Change as DiffChange
from assurance_cli.repo.load import process_file
from assurance_cli.repo.workspace import Workspace

BOARD_REL = f"{DATA_DIR}/{BOARD_FILE}"
NO_TABLE = "import-no-table"  # nothing to import: nothing is written, not even the plan


@dataclass(frozen=True)
class ImportPlan:
    """What an import would write, why it may not, and what it changes for the board."""

    plan: str
    source: str
    changes: tuple[Change, ...]  # board.yaml first, then the actions in paper order
    unchanged: int  # rows whose record already holds what the row states
    plan_created: bool
    vocabulary: Vocabulary
    vocabulary_added: bool
    problems: tuple[Problem, ...]  # the file's and the import's
    proof: tuple[Problem, ...]  # what the written files would have in `assure check`
    diff: tuple[DiffChange, ...]
    not_in_file: tuple[str, ...] = field(default=())  # the plan's records the file lacks

    @property
    def blocked(self) -> bool:
        """Nothing may be written: no action table or row found, new vocabulary not added,
        or the proof found errors."""
        return (
            any(p.code == NO_TABLE for p in self.problems)
            or (self.vocabulary.is_new and not self.vocabulary_added)
            or any(p.severity is Severity.ERROR for p in self.proof)
        )

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in (*self.problems, *self.proof) if p.severity is Severity.ERROR)


def plan_import(
    workspace: Workspace,
    published: PublishedPlan,
    *,
    plan: str,
    add_vocabulary: bool = False,
) -> ImportPlan:
    """Plan the import of `published` into plan `plan`; writes nothing."""
    require_board(workspace)
    if not re.fullmatch(ID_PATTERN, plan):
        raise AssureError(
            f"'{plan}' is not a valid plan id: use lowercase letters, digits and '-' (e.g. 2016-17)"
        )
    root = workspace.repository.root
    index = workspace.index
    vocabulary = board_vocabulary(index)
    # Statuses are met with the board's here, and a duplicate ref is left out, not kept: the
    # reader's words for those are replaced by the import's own.
    replaced = ("import-unknown-status", "import-duplicate-ref")
    problems = [p for p in published.problems if p.code not in replaced]
    rows, left_out = _rows(published, plan, vocabulary)
    problems += left_out
    if not rows and not left_out and not any(p.code == NO_TABLE for p in problems):
        # A table with headings and no row: a plan made from it would hold nothing the file gives.
        problems.append(
            error(published.path, 1, 1, NO_TABLE, "no action rows found under the table's headings")
        )
    changes: list[Change] = []
    unchanged = 0
    refs = _refs(rows)
    for imported in rows:
        problems += unplaced_notes(imported.row, imported.ref, refs, published.path)
        if (root / imported.rel).exists() or (root / imported.rel).is_symlink():
            change, kept = updated_action_change(root, plan, imported, published.path)
            problems += kept
            if change is None:
                unchanged += 1
                continue
        else:
            change = new_action_change(root, plan, imported)
        changes.append(change)
    problems += _unplaceable_statuses(vocabulary, published.path)
    plan_created = plan not in index.plans
    board_change = _board_change(workspace, published, plan, plan_created, vocabulary)
    if board_change is not None:
        changes.insert(0, board_change)
    repository, proof = prove(workspace, changes, plan)
    diff = compare_indexes(index, build_index(repository))
    file_refs = {imported.rel for imported in rows}
    not_in_file = tuple(
        action.id
        for action in workspace.repository.actions
        if action.plan == plan and action.path not in file_refs
    )
    return ImportPlan(
        plan,
        published.path,
        tuple(changes),
        unchanged,
        plan_created,
        vocabulary,
        add_vocabulary,
        tuple(problems),
        tuple(proof),
        tuple(diff),
        not_in_file,
    )


def _refs(rows: Sequence[ImportedRow]) -> dict[str, str]:
    return {row.ref.casefold(): row.ref for row in rows}


def _rows(
    published: PublishedPlan, plan: str, vocabulary: Vocabulary
) -> tuple[list[ImportedRow], list[Problem]]:
    """The rows to write, in paper order, and a problem for each row left out."""
    problems: list[Problem] = []
    kept: list[tuple[PublishedRow, str]] = []
    by_stem: dict[str, str] = {}
    for row in published.rows:
        ref = plain_ref(row.ref) if row.ref else ""
        stem = ref_file_stem(ref)
        if stem and stem not in by_stem:
            by_stem[stem] = ref
            kept.append((row, ref))
            continue
        code = "import-row-left-out"
        if not stem:
            why = (
                "a row with no ref is not imported (a record's file is named by its ref): "
                "give the table a Ref column, or map one with --column"
            )
        else:
            first = next(r for r, kept_ref in kept if ref_file_stem(kept_ref) == stem)
            if by_stem[stem].casefold() == ref.casefold():
                code = "import-duplicate-ref"
            why = (
                f"ref {ref} is already used at {first.place.table_name()}, row "
                f"{first.place.row} (file {stem}.yaml): this row is not imported, and nothing "
                "is renamed; give it its own ref in the file and import again"
            )
        problems.append(
            error(published.path, row.place.row, 1, code, f"{row.place.describe()}: {why}")
        )
    refs = {ref.casefold(): ref for _row, ref in kept}
    rows = [
        ImportedRow(
            ref,
            action_rel(plan, ref),
            row_values(row, ref, vocabulary, related_refs(row, ref, refs)),
            row,
        )
        for row, ref in kept
    ]
    return rows, problems


def _unplaceable_statuses(vocabulary: Vocabulary, source: str) -> list[Problem]:
    return [
        error(
            source,
            1,
            1,
            "import-unknown-status",
            f"status {value!r} is neither words nor a RAG colour: map it with --status "
            "VALUE=KEY; the rows that show it are imported without a status",
        )
        for value in vocabulary.unplaceable
    ]


def _board_change(
    workspace: Workspace,
    published: PublishedPlan,
    plan: str,
    plan_created: bool,
    vocabulary: Vocabulary,
) -> Change | None:
    """board.yaml with the new plan and the new vocabulary (the latter always, for the
    proof; it is written only when `add_vocabulary` allows)."""
    operations: list[Operation] = []
    if plan_created:
        operations.append(AppendEntry("plans", plan_entry(plan, published)))
    operations += vocabulary.operations()
    if not operations:
        return None
    root = workspace.repository.root
    path = root / BOARD_REL
    snapshot = read_snapshot(path)
    source = decode(snapshot.raw)
    try:
        edited = edit_text(source.text, operations, field_names(Board))
    except AssureError as exc:
        raise AssureError(f"{BOARD_REL}: {exc}") from None
    added = []
    if plan_created:
        added.append(f"plan {plan}")
    if vocabulary.new_leads:
        added.append(f"{len(vocabulary.new_leads)} lead(s)")
    if vocabulary.new_statuses:
        added.append(f"{len(vocabulary.new_statuses)} status(es)")
    summary = f"updated {BOARD_REL} ({', '.join(added)} added)"
    return Change(path, BOARD_REL, encode(source, edited.text), snapshot, summary)


def prove(
    workspace: Workspace, changes: Sequence[Change], plan: str
) -> tuple[Repository, list[Problem]]:
    """The repository as it would be after `changes`, and the problems the changed files
    would have in it: each read through the `assure check` pipeline, then the checks across
    records, placed at their lines."""
    contents = {change.rel: change.content for change in changes}
    repository = workspace.repository.without(set(contents))
    problems: list[Problem] = []
    for change in changes:
        kind = "board" if change.rel == BOARD_REL else "action"
        record_file = RecordFile(change.path, change.rel, kind, "" if kind == "board" else plan)
        result = process_file(record_file, change.content)
        problems += result.problems
        if result.record is not None:
            add_record(repository, change.rel, change.path, record_file.plan, result.record)
    across = [p for p in run_checks(repository, build_index(repository)) if p.path in contents]
    problems += place_problems(across, lambda rel: contents[rel])
    return repository, sorted(problems)


def write_import(changes: Sequence[Change], root: Path) -> None:
    """Write every change or none (`io/files.write_all_or_none`)."""
    writes = [PlannedWrite(c.path, c.content, c.original) for c in changes]
    try:
        write_all_or_none(writes, root)
    except (OSError, AssureError) as exc:
        _remove_empty_folders(changes, root)
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise AssureError(
            f"cannot write the import ({reason or 'I/O error'}); nothing was written"
        ) from None


def _remove_empty_folders(changes: Sequence[Change], root: Path) -> None:
    for change in changes:
        folder = change.path.parent
        while folder != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
