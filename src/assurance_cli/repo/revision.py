"""Records as they stood at a git revision, or in the working tree, for `assure diff` and
`check --base`.

A revision's files are listed and read through git (`io/git.py`) and classified by the same
layout rules as the working tree (`io/layout.py`); their bytes go through the same pipeline
(`load.process_file`). A file that does not parse at a revision is reported and left out; it
never stops the rest. Anything that stops git answering is an `AssureError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assurance_cli.checks.changes import check_changes
from assurance_cli.checks.place import place_problems
from assurance_cli.index.build import Index, build_index
from assurance_cli.index.loaded import Repository, add_record, add_unloaded
from assurance_cli.io.files import MAX_RECORD_BYTES, read_record_or_none
from assurance_cli.io.git import list_data_files, locate, read_blobs, resolve_revision
from assurance_cli.io.layout import classify_tree
from assurance_cli.problems import Problem
from assurance_cli.repo.load import load_repository, process_file


@dataclass(frozen=True)
class Snapshot:
    """The records of one version: a git revision, or the working tree (`commit` None)."""

    label: str  # what the user named: "HEAD~1", "origin/main", or "working tree"
    commit: str | None
    repository: Repository
    problems: tuple[Problem, ...]  # files that could not be read or parsed; left out
    has_data: bool = True  # False when the revision has no data/ folder at all


WORKING_TREE = "working tree"


def load_revision(root: Path, revision: str) -> Snapshot:
    """Load the board repository at `root` as it stood at `revision`."""
    location = locate(root)
    commit = resolve_revision(location, revision)
    entries = list_data_files(location, commit)
    if not entries:
        return Snapshot(revision, commit, Repository(root=root), (), has_data=False)
    files, problems = classify_tree(root, entries)
    sizes = {entry.object_id: entry.size for entry in entries}
    blobs = read_blobs(location, [oid for oid, _ in files if sizes[oid] <= MAX_RECORD_BYTES])
    repository = Repository(root=root)
    for object_id, record_file in files:
        repository.files_read += 1
        # A blob over the limit is never read; the reader refuses it by its length alone.
        raw = blobs.get(object_id, bytes(MAX_RECORD_BYTES + 1))
        result = process_file(record_file, raw)
        problems += result.problems
        if result.record is not None:
            # Not on disk: no file to find positions in (problems stand in the working tree).
            add_record(repository, record_file.rel, None, record_file.plan, result.record)
        else:
            add_unloaded(repository, record_file.rel, record_file.kind, record_file.plan)
    return _snapshot(revision, commit, repository, problems)


def load_working_tree(root: Path) -> Snapshot:
    """Load the board repository at `root` from the files on disk (uncommitted edits too)."""
    repository, problems = load_repository(root)
    return _snapshot(WORKING_TREE, None, repository, problems)


def _snapshot(
    label: str, commit: str | None, repository: Repository, problems: list[Problem]
) -> Snapshot:
    """A version's records without those whose file may hold personal data (their text
    must not reach a comparison a board shares), and the problems of every file left out:
    one that did not load, or one withheld. A record that loaded with another warning
    (progress order...) is `check`'s business, not a file the comparison left out."""
    withheld = {problem.path for problem in problems if problem.code.startswith("privacy-")}
    if withheld:
        repository = repository.without(withheld)
    paths = repository.paths()
    left_out = tuple(sorted({problem for problem in problems if problem.path not in paths}))
    return Snapshot(label, commit, repository, left_out)


def problems_since(root: Path, revision: str, head: Index) -> tuple[list[Problem], list[str]]:
    """Load `revision` from git and run the rules on change against `head` (the working
    tree's index). Returns the problems, placed in the working tree's files, and notes for
    stderr; AssureError if git cannot answer (not a repository, no such revision)."""
    snapshot = load_revision(root, revision)
    notes = []
    if not snapshot.has_data:
        notes.append(f"{revision} has no data/ folder; nothing to compare with")
    elif snapshot.problems:
        notes.append(
            f"{len(snapshot.problems)} problem(s) in the records at {revision}; "
            "rules on change skip the files concerned"
        )
    found = check_changes(build_index(snapshot.repository), head, revision)
    return place_problems(found, lambda rel: read_record_or_none(root / rel)), notes
