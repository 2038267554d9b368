"""The records as they were committed at past moments: `--at`, `--at-meeting`, `report trend`
and `digest --since`.

One `History` serves a whole command: the branch's own line of commits (first parents, one
`git log`), one `git cat-file --batch` process for every tree and file read
(`io/git_objects.py`), and the history cache (`repo/blobcache.py`), so that each version of a
file is parsed once, ever, however many revisions share it. Each file's bytes go through the
same pipeline as the working tree's (`load.process_file`). A file that does not load at a
revision is named in `left_out`, never silently dropped.

A moment is named by a day (the last commit on or before it), a revision, or a meeting of
board.yaml (its `date`). Anything that stops an answer (no such revision, a day before the
first commit, history a shallow clone does not have) is an `AssureError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assurance_cli.checks.across import run_checks
from assurance_cli.checks.place import place_problems
from assurance_cli.checks.settings import settle
from assurance_cli.dates import DateError, iso, parse_iso_day
from assurance_cli.index.build import build_index
from assurance_cli.index.loaded import Repository, add_record, add_unloaded
from assurance_cli.io.files import MAX_RECORD_BYTES
from assurance_cli.io.git import Commit, commit_of, first_parent_log, locate, resolve_revision
from assurance_cli.io.git_objects import FolderFiles, ObjectReader
from assurance_cli.io.layout import DATA_DIR, RecordFile, classify_tree, missing_board_problem
from assurance_cli.model.records import Board
from assurance_cli.problems import AssureError, Problem, unknown
from assurance_cli.repo.blobcache import BlobCache, blob_key, open_blob_cache
from assurance_cli.repo.load import FileResult, in_workers, process_file, worth_forking
from assurance_cli.repo.revision import left_out
from assurance_cli.repo.workspace import Workspace

_MISSING_BOARD = missing_board_problem().code
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date, not a revision (a branch may not look so)


@dataclass(frozen=True)
class Point:
    """A past moment the user named, and the commit holding the records then."""

    commit: Commit
    day: date  # "today" there: the day named, the meeting's date, or the commit's own day
    asked: str  # as the user named it: `2015-11-01`, `HEAD~3`, a meeting id
    meeting: str | None = None  # the meeting's id, for --at-meeting

    def describe(self) -> str:
        """What was read, for a note: `1a2b3c4 of 2015-10-28, the last commit on or before
        2015-11-01`."""
        read = f"{self.commit.short} of {iso(self.commit.day)}"
        if self.meeting is not None:
            return f"{read}, the last commit on or before meeting {self.meeting} ({iso(self.day)})"
        if self.asked == iso(self.day) and self.asked != iso(self.commit.day):
            return f"{read}, the last commit on or before {self.asked}"
        if self.asked in (iso(self.day), self.commit.id):
            return read
        return f"{read} ({self.asked})"

    def to_json(self) -> dict[str, object]:
        """The `at` object of the JSON outputs (docs/json.md)."""
        return {
            "commit": self.commit.id,
            "committed": iso(self.commit.day),
            "asked": self.asked,
            "meeting": self.meeting,
            "as_of": iso(self.day),
        }


@dataclass(frozen=True)
class RevisionRecords:
    """The records of one commit, as `load_revision` gives them, with every problem the files
    have on their own and a way back to each file's bytes."""

    commit: Commit
    repository: Repository
    problems: tuple[Problem, ...]  # the layout's and each file's (reading, YAML, fields...)
    left_out: tuple[Problem, ...]  # those of the files whose record is missing
    blobs: Mapping[str, str]  # path -> blob id
    has_data: bool = True


@dataclass(frozen=True)
class _TreeRecords:
    """What a data/ tree holds: shared by every commit with that tree."""

    repository: Repository
    problems: tuple[Problem, ...]
    left_out: tuple[Problem, ...]
    blobs: Mapping[str, str]


class History:
    """The board's history for one command. Use it as a context manager: leaving it stops
    git and saves the history cache."""

    def __init__(self, root: Path, *, use_cache: bool = True) -> None:
        self.root = root
        self.location = locate(root)
        self.use_cache = use_cache
        self._log: list[Commit] | None = None
        self._reader: ObjectReader | None = None
        self._cache: BlobCache | None = None
        self._trees: dict[str, _TreeRecords] = {}
        self._paths: dict[tuple[str, bool], tuple[RecordFile | None, tuple[Problem, ...]]] = {}

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        if self._cache is not None:
            self._cache.save()

    # --- moments -----------------------------------------------------------------------

    def log(self) -> list[Commit]:
        """The current branch's commits, newest first."""
        if self._log is None:
            self._log = first_parent_log(self.location)
        return self._log

    def commit_on(self, day: date) -> Commit | None:
        """The last commit on or before `day` (by its committer's date); None before the
        first. AssureError when a shallow clone lacks the history to say."""
        for commit in self.log():
            if commit.day <= day:
                return commit
        if self.location.shallow:
            raise AssureError(f"no commit on or before {iso(day)} here: {self.shallow_note()}")
        return None

    def point_on(self, day: date, asked: str, meeting: str | None = None) -> Point:
        commit = self.commit_on(day)
        if commit is None:
            first = self.log()[-1]
            raise AssureError(
                f"{iso(day)} is before the first commit: the history of this branch starts "
                f"at {first.short} of {iso(first.day)}"
            )
        return Point(commit, day, asked, meeting)

    def point_at(self, value: str, board: Board | None = None) -> Point:
        """`--at`: a day (YYYY-MM-DD) or a revision; with `board` (`--since`), also a
        meeting of board.yaml (a day first, then a meeting, then a revision)."""
        if not _DAY.fullmatch(value):
            if board is not None and any(meeting.id == value for meeting in board.meetings):
                return self.point_at_meeting(board, value)
            return self.point_at_revision(value)
        try:
            day = parse_iso_day(value)
        except DateError as exc:
            raise AssureError(f"'{value}' is not a date: {exc}") from None
        except ValueError:  # a year the calendar does not have (0000)
            raise AssureError(f"'{value}' is not a date: years run from 0001 to 9999") from None
        return self.point_on(day, value)

    def point_at_revision(self, revision: str) -> Point:
        commit_id = resolve_revision(self.location, revision)
        commit = next((c for c in self.log() if c.id == commit_id), None)
        if commit is None:  # not on this branch's own line: read it all the same
            commit = commit_of(self.location, commit_id)
        return Point(commit, commit.day, revision)

    def point_at_meeting(self, board: Board | None, meeting_id: str) -> Point:
        return self.point_on(meeting_day(board, meeting_id), meeting_id, meeting_id)

    def shallow_note(self) -> str:
        """How much history a shallow clone lacks, and how to fetch it."""
        oldest = self.log()[-1]
        return (
            f"this is a shallow clone, holding {len(self.log())} commit(s) of this branch back "
            f"to {oldest.short} of {iso(oldest.day)}; anything older is missing. Fetch the "
            "whole history with `git fetch --unshallow` (in GitHub Actions, `fetch-depth: 0` "
            "in actions/checkout)"
        )

    # --- records -----------------------------------------------------------------------

    def records(self, commits: Sequence[Commit]) -> dict[str, RevisionRecords]:
        """The records of each commit, by commit id: the trees of all of them, then every
        file no cache holds, each in one batch."""
        reader = self._reader_started()
        data_trees = reader.data_trees(commits)
        new = [t for t in dict.fromkeys(data_trees.values()) if t and t not in self._trees]
        listed = reader.data_files(new)
        classified = {tree: self._classified(listed[tree]) for tree in new}
        cache = self._cache_opened()
        self._parse_missing(
            [pair for files, _ in classified.values() for pair in files], reader, cache
        )
        for new_tree, (files, problems) in classified.items():
            self._trees[new_tree] = _assemble(self.root, files, problems, cache)
        found = {}
        for commit in commits:
            tree = data_trees[commit.id]
            if tree is None:
                found[commit.id] = RevisionRecords(
                    commit, Repository(root=self.root), (), (), {}, has_data=False
                )
            else:
                held = self._trees[tree]
                found[commit.id] = RevisionRecords(
                    commit, held.repository, held.problems, held.left_out, held.blobs
                )
        return found

    def _classified(
        self, folders: list[FolderFiles]
    ) -> tuple[list[tuple[str, RecordFile]], list[Problem]]:
        """Which files of a data/ tree are records (`layout.classify_tree`): each path is
        classified once, however many revisions have a file there."""
        files: list[tuple[str, RecordFile]] = []
        problems: list[Problem] = []
        known = self._paths
        for folder in folders:
            for entry in folder.files:
                found = known.get((entry.rel, entry.symlink))
                if found is None:
                    pairs, layout = classify_tree(self.root, [entry])
                    # Whether data/ has a board is a question for the whole tree, asked below.
                    kept = tuple(p for p in layout if p.code != _MISSING_BOARD)
                    found = known[(entry.rel, entry.symlink)] = (
                        pairs[0][1] if pairs else None,
                        kept,
                    )
                if found[0] is not None:
                    files.append((entry.object_id, found[0]))
                problems += found[1]
        if not any(record_file.kind == "board" for _, record_file in files):
            problems.append(missing_board_problem())
        files.sort(key=lambda pair: pair[1].rel)
        return files, problems

    def file_bytes(self, records: RevisionRecords, rel: str) -> bytes | None:
        """A file's bytes at a revision (to place problems at their line and column)."""
        object_id = records.blobs.get(rel)
        if object_id is None:
            return None
        return self._reader_started().blobs([object_id], MAX_RECORD_BYTES)[object_id]

    def workspace(self, point: Point) -> tuple[Workspace, RevisionRecords]:
        """The records at `point` loaded, indexed and checked, as `open_workspace` does for
        the working tree."""
        found = self.records([point.commit])[point.commit.id]
        if not found.has_data:
            raise AssureError(
                f"there is no {DATA_DIR}/ folder at {point.commit.short} of "
                f"{iso(point.commit.day)}: no records were committed yet"
            )
        repository = found.repository
        index = build_index(repository)
        across = place_problems(
            run_checks(repository, index), lambda rel: self.file_bytes(found, rel)
        )
        problems = settle(sorted({*found.problems, *across}), index.board)
        return Workspace(repository, index, problems), found

    def _parse_missing(
        self, files: list[tuple[str, RecordFile]], reader: ObjectReader, cache: BlobCache
    ) -> None:
        missing: dict[str, tuple[str, RecordFile]] = {}
        for object_id, record_file in files:
            key = blob_key(object_id, record_file)
            if cache.get(key) is None:
                missing[key] = (object_id, record_file)
        if not missing:
            return
        raw = reader.blobs((object_id for object_id, _ in missing.values()), MAX_RECORD_BYTES)
        # A blob over the limit is never read; the reader refuses it by its length alone.
        too_large = bytes(MAX_RECORD_BYTES + 1)
        work = [(record_file, raw[oid] or too_large) for oid, record_file in missing.values()]
        if worth_forking(len(work)):
            results = in_workers(_process_pair, work, max(50, len(work) // 32))
        else:
            results = [_process_pair(pair) for pair in work]
        for key, result in zip(missing, results, strict=True):
            cache.put(key, result)

    def _reader_started(self) -> ObjectReader:
        if self._reader is None:
            self._reader = ObjectReader(self.location)
        return self._reader

    def _cache_opened(self) -> BlobCache:
        if self._cache is None:
            self._cache = open_blob_cache(
                self.location.toplevel, self.location.prefix, use_cache=self.use_cache
            )
        return self._cache


def _process_pair(pair: tuple[RecordFile, bytes]) -> FileResult:
    return process_file(*pair)


def _assemble(
    root: Path, files: list[tuple[str, RecordFile]], problems: list[Problem], cache: BlobCache
) -> _TreeRecords:
    repository = Repository(root=root)
    found = list(problems)
    for object_id, record_file in files:
        result = cache.get(blob_key(object_id, record_file))
        assert result is not None  # every missing file was parsed first
        repository.files_read += 1
        found += result.problems
        if result.record is not None:
            add_record(repository, record_file.rel, None, record_file.plan, result.record)
        else:
            add_unloaded(repository, record_file.rel, record_file.kind, record_file.plan)
    blobs = {record_file.rel: object_id for object_id, record_file in files}
    return _TreeRecords(repository, tuple(found), left_out(found, repository), blobs)


def meeting_day(board: Board | None, meeting_id: str) -> date:
    """The day a meeting of board.yaml meets (a month reads as its last day)."""
    if board is None:
        raise AssureError(
            "board.yaml did not load, so its meetings cannot be read; run `assure check`"
        )
    meetings = {meeting.id: meeting for meeting in board.meetings}
    meeting = meetings.get(meeting_id)
    if meeting is None:
        raise AssureError(unknown("meeting", meeting_id, meetings) + " in board.yaml")
    if meeting.date is None:
        raise AssureError(
            f"meeting '{meeting_id}' has no date in board.yaml; give it one "
            "(`date: YYYY-MM-DD` under its id)"
        )
    return meeting.date.last


def working_tree_board(root: Path) -> Board | None:
    """board.yaml as it is on disk (for its meetings), None when it does not load."""
    from assurance_cli.io.layout import BOARD_FILE
    from assurance_cli.repo.load import read_and_process

    rel = f"{DATA_DIR}/{BOARD_FILE}"
    record = read_and_process(RecordFile(root / rel, rel, "board")).record
    return record if isinstance(record, Board) else None
