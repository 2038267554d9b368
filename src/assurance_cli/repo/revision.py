"""Records as they stood at a git revision, read through `git` in a subprocess.

The files are listed with `git ls-tree` and read with `git cat-file --batch`; their bytes go
through `loader.parse_record_file`, so a revision is read by the same strict reader and
validation as the working tree. A file that does not parse at a revision is reported (as a
Problem) and left out; it never stops the rest. Anything that stops git answering (no git,
not a repository, no such revision) is an `AssureError`.

The board repository (`--root`) may be a subfolder of the git work tree: paths are mapped
so that every path in a result is relative to the board repository, as `check` prints them.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from assurance_cli.index.build import build_index
from assurance_cli.io.yaml_reader import MAX_BYTES, Positions
from assurance_cli.problems import AssureError, Problem, error, warning
from assurance_cli.queries.diff import Diff, Version, compare_indexes
from assurance_cli.repo.load import (
    BOARD_FILE,
    DATA_DIR,
    Loaded,
    RecordFile,
    Repository,
    add_record,
    load_repository,
    process_file,
)

GIT_TIMEOUT = 120  # seconds, for any one git command
_BLOB, _TREE = "blob", "tree"
_SYMLINK_MODE = "120000"
_FOLDERS = {"audits": "audit", "findings": "finding", "reporting": "reporting"}


@dataclass(frozen=True)
class GitLocation:
    """Where the board repository stands in its git work tree."""

    toplevel: Path
    prefix: str  # the board repository's folder inside the work tree: "" or "boards/x/"
    shallow: bool


@dataclass(frozen=True)
class Snapshot:
    """The records of one version: a git revision, or the working tree (`commit` None)."""

    label: str  # what the user named: "HEAD~1", "origin/main", or "working tree"
    commit: str | None
    repository: Repository
    problems: tuple[Problem, ...]  # files that could not be read or parsed; left out
    has_data: bool = True  # False when the revision has no data/ folder at all


WORKING_TREE = "working tree"


def locate(root: Path) -> GitLocation:
    """Find the git work tree holding `root`; AssureError when there is none."""
    if not root.is_dir():
        raise AssureError(f"'{root}' is not a folder")
    result = _git(root, "rev-parse", "--show-toplevel", "--show-prefix", check=False)
    if result.returncode != 0:
        raise AssureError(
            f"'{root}' is not in a git repository; `assure diff` and `check --base` compare "
            "git revisions (run `git init`, or pass --root to a board inside a git repository)"
        )
    lines = result.stdout.decode("utf-8", errors="replace").split("\n")
    if len(lines) < 2 or not lines[0]:
        raise AssureError(f"'{root}' is inside a git folder but not in a work tree")
    shallow = _git(root, "rev-parse", "--is-shallow-repository", check=False)
    return GitLocation(
        toplevel=Path(lines[0]),
        prefix=lines[1],
        shallow=shallow.stdout.strip() == b"true",
    )


def resolve_revision(location: GitLocation, revision: str) -> str:
    """The commit a revision names (a branch, tag, `HEAD~1`, a hash...)."""
    if not revision or revision.startswith("-") or "\0" in revision:
        raise AssureError(f"'{revision}' is not a git revision")
    result = _git(
        location.toplevel, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False
    )
    if result.returncode != 0:
        hint = ""
        if location.shallow:
            hint = (
                "; this is a shallow clone, so older commits may be missing: fetch them "
                "(`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
            )
        elif "/" in revision:
            hint = "; if it is a remote branch, fetch it first (`git fetch origin`)"
        raise AssureError(f"no revision '{revision}' in this git repository{hint}")
    return result.stdout.decode("ascii").strip()


def load_revision(root: Path, revision: str) -> Snapshot:
    """Load the board repository at `root` as it stood at `revision`."""
    location = locate(root)
    commit = resolve_revision(location, revision)
    entries = _list_data(location, commit)
    if not entries:
        return Snapshot(revision, commit, Repository(root=root), (), has_data=False)
    files, problems = classify(root, entries)
    sizes = {entry.object_id: entry.size for entry in entries}
    blobs = _read_blobs(location, [oid for oid, _ in files if sizes[oid] <= MAX_BYTES])
    repository = Repository(root=root)
    for object_id, record_file in files:
        repository.files_read += 1
        # A blob over the limit is never read; the reader refuses it by its length alone.
        raw = blobs.get(object_id, bytes(MAX_BYTES + 1))
        result = process_file(record_file, raw)
        problems += result.problems
        if result.record is not None:
            # Not on disk: positions at a revision are never needed (problems stand in the
            # working tree's files).
            add_record(repository, record_file, result.record, Positions())
    return Snapshot(revision, commit, repository, _left_out(problems, repository))


def load_working_tree(root: Path) -> Snapshot:
    """Load the board repository at `root` from the files on disk (uncommitted edits too)."""
    repository, problems = load_repository(root)
    return Snapshot(WORKING_TREE, None, repository, _left_out(problems, repository))


def _left_out(problems: list[Problem], repository: Repository) -> tuple[Problem, ...]:
    """The problems of files whose record is missing from the snapshot. A record that loaded
    with a warning (personal data, progress order...) is `check`'s business, not a file the
    comparison had to leave out."""
    loaded: list[Loaded[Any] | None] = [repository.board, *repository.actions]
    loaded += [*repository.audits, *repository.findings, *repository.reports]
    paths = {record.path for record in loaded if record is not None}
    return tuple(sorted({problem for problem in problems if problem.path not in paths}))


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str  # blob, tree or commit
    object_id: str
    size: int  # bytes; 0 for anything but a blob
    rel: str  # relative to the board repository, forward slashes


def classify(
    root: Path, entries: list[TreeEntry]
) -> tuple[list[tuple[str, RecordFile]], list[Problem]]:
    """Which listed files are records, by the same layout rules as `loader.find_record_files`.

    Returns (object id, RecordFile) pairs in a stable order, and the problems of the layout."""
    files: list[tuple[str, RecordFile]] = []
    problems: list[Problem] = []
    has_board = False
    for entry in sorted(entries, key=lambda e: e.rel):
        if entry.kind != _BLOB:
            continue
        parts = PurePosixPath(entry.rel).parts
        if len(parts) < 2 or parts[0] != DATA_DIR:
            continue
        record_file = _record_file(root, entry.rel, parts[1:])
        if record_file is None:
            if _is_misplaced_action(parts[1:]):
                problems.append(
                    error(
                        entry.rel,
                        1,
                        1,
                        "misplaced-file",
                        "action files live in a plan folder: data/actions/<plan>/<ref>.yaml",
                    )
                )
            elif _is_record_place(parts[1:]) and entry.rel.endswith(".yml"):
                problems.append(
                    warning(
                        entry.rel,
                        1,
                        1,
                        "wrong-extension",
                        "record files end in .yaml; rename it (it was not read)",
                    )
                )
            continue
        if entry.mode == _SYMLINK_MODE:
            problems.append(
                error(
                    entry.rel,
                    1,
                    1,
                    "symlink",
                    "symbolic links are not read; replace the link with the record file itself",
                )
            )
            continue
        has_board = has_board or record_file.kind == "board"
        files.append((entry.object_id, record_file))
    if not has_board:
        problems.append(
            error(
                f"{DATA_DIR}/{BOARD_FILE}",
                1,
                1,
                "missing-board",
                "data/board.yaml is missing; it defines plans, themes, leads and statuses",
            )
        )
    return files, problems


def _record_file(root: Path, rel: str, parts: tuple[str, ...]) -> RecordFile | None:
    name = parts[-1]
    if not name.endswith(".yaml"):
        return None
    path = root / rel  # where the file would stand; never read from disk here
    if parts == (BOARD_FILE,):
        return RecordFile(path, rel, "board")
    if len(parts) == 2 and parts[0] in _FOLDERS:
        return RecordFile(path, rel, _FOLDERS[parts[0]])
    if len(parts) == 3 and parts[0] == "actions":
        return RecordFile(path, rel, "action", parts[1])
    return None


def _is_misplaced_action(parts: tuple[str, ...]) -> bool:
    return len(parts) == 2 and parts[0] == "actions" and parts[1].endswith((".yaml", ".yml"))


def _is_record_place(parts: tuple[str, ...]) -> bool:
    return (len(parts) == 2 and parts[0] in _FOLDERS) or (len(parts) == 3 and parts[0] == "actions")


def _list_data(location: GitLocation, commit: str) -> list[TreeEntry]:
    """Every entry under the board's data/ at `commit`, with paths relative to the board."""
    data = f"{location.prefix}{DATA_DIR}"
    result = _git(location.toplevel, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", data)
    entries = []
    for line in result.stdout.split(b"\0"):
        if not line:
            continue
        meta, _, raw_path = line.partition(b"\t")
        mode, kind, object_id, size = meta.decode("ascii").split()
        full = raw_path.decode("utf-8", errors="replace")
        if not full.startswith(location.prefix):
            continue
        rel = full[len(location.prefix) :]
        entries.append(TreeEntry(mode, kind, object_id, int(size) if size.isdigit() else 0, rel))
    return entries


def _read_blobs(location: GitLocation, object_ids: list[str]) -> dict[str, bytes]:
    """Read many blobs with one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(object_ids))
    if not wanted:
        return {}
    request = "".join(f"{object_id}\n" for object_id in wanted).encode("ascii")
    output = _git(location.toplevel, "cat-file", "--batch", stdin=request).stdout
    blobs: dict[str, bytes] = {}
    at = 0
    for object_id in wanted:
        header_end = output.index(b"\n", at)
        header = output[at:header_end].decode("ascii").split(" ")
        if len(header) != 3 or header[1] != _BLOB:
            raise AssureError(f"git could not read object {object_id}")
        size = int(header[2])
        start = header_end + 1
        blobs[header[0]] = output[start : start + size]
        at = start + size + 1  # the content is followed by a newline
    return blobs


def _git(
    cwd: Path, *args: str, check: bool = True, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    # Literal pathspecs: a board folder named `x*` means that folder, not a pattern. No
    # pager, no prompts, and the user's locale cannot change what we parse.
    env = {
        **os.environ,
        "GIT_LITERAL_PATHSPECS": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PAGER": "cat",
        "LC_ALL": "C",
    }
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=env,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise AssureError("git is not installed (or not on PATH); it is needed here") from None
    except subprocess.TimeoutExpired:
        raise AssureError(f"git {args[0]} took longer than {GIT_TIMEOUT}s") from None
    if check and result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise AssureError(f"git {args[0]} failed: {message[-1] if message else 'no message'}")
    return result


def diff_versions(root: Path, base: str, head: str | None = None) -> Diff:
    """What changed for the board from git revision `base` to `head` (default: the working
    tree). AssureError when git cannot answer."""
    before = load_revision(root, base)
    after = load_working_tree(root) if head is None else load_revision(root, head)
    changes = compare_indexes(
        build_index(before.repository),
        build_index(after.repository),
        base_unreadable=frozenset(p.path for p in before.problems),
        head_unreadable=frozenset(p.path for p in after.problems),
    )
    return Diff(
        Version(before.label, before.commit),
        Version(after.label, after.commit),
        tuple(changes),
        before.problems,
        after.problems,
    )
