"""data/ -> validated records with their positions, plus the problems found on the way.

One bad file never stops the others: it is reported and left out of the repository.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from .models import (
    RECORD_TYPES,
    Action,
    Audit,
    Board,
    Finding,
    Record,
    ScheduledReport,
    validate_record,
)
from .problems import AssureError, Problem, error, warning
from .yamlio import MAX_BYTES, Document, Positions, read_document

R = TypeVar("R", bound=Record)

DATA_DIR = "data"
BOARD_FILE = "board.yaml"


@dataclass(frozen=True)
class Loaded(Generic[R]):
    """A validated record, the file it came from and where each of its values stands."""

    record: R
    path: str  # relative to the repository root, forward slashes
    positions: Positions


@dataclass(frozen=True)
class LoadedAction(Loaded[Action]):
    plan: str = ""

    @property
    def id(self) -> str:
        return f"{self.plan}/{self.record.ref}"


@dataclass(frozen=True)
class ParsedFile:
    """A file that parsed as YAML, valid record or not: checks that read every text field
    (the privacy check) see it even when its fields are wrong."""

    path: str
    document: Document


@dataclass
class Repository:
    """Everything that loaded cleanly from one board's `data/`."""

    root: Path
    board: Loaded[Board] | None = None
    actions: list[LoadedAction] = field(default_factory=list)
    audits: list[Loaded[Audit]] = field(default_factory=list)
    findings: list[Loaded[Finding]] = field(default_factory=list)
    reports: list[Loaded[ScheduledReport]] = field(default_factory=list)
    documents: list[ParsedFile] = field(default_factory=list)
    files_read: int = 0


@dataclass(frozen=True)
class RecordFile:
    """A file found under data/ and what it should hold."""

    path: Path
    rel: str
    kind: str  # a key of models.RECORD_TYPES
    plan: str = ""


def find_record_files(root: Path) -> tuple[list[RecordFile], list[Problem]]:
    """List the record files under `root/data`, in a stable order. Symlinks are refused."""
    data = root / DATA_DIR
    if data.is_symlink():
        return [], [_symlink_problem(root, data)]
    if not data.is_dir():
        raise AssureError(
            f"no '{DATA_DIR}/' folder in {root}; run assure in a board repository "
            "or pass --root DIR"
        )
    files: list[RecordFile] = []
    problems: list[Problem] = []
    board = data / BOARD_FILE
    if board.is_symlink():
        problems.append(_symlink_problem(root, board))
    elif board.is_file():
        files.append(RecordFile(board, _rel(root, board), "board"))
    else:
        problems.append(
            error(
                f"{DATA_DIR}/{BOARD_FILE}",
                1,
                1,
                "missing-board",
                "data/board.yaml is missing; it defines plans, themes, leads and statuses",
            )
        )
    for kind, folder in (("audit", "audits"), ("finding", "findings"), ("reporting", "reporting")):
        files += _yaml_files(root, data / folder, kind, "", problems)
    actions = data / "actions"
    if actions.is_symlink():
        problems.append(_symlink_problem(root, actions))
        return files, problems
    for entry in _entries(actions):
        if entry.is_symlink():
            problems.append(_symlink_problem(root, Path(entry.path)))
        elif entry.is_dir():
            files += _yaml_files(root, Path(entry.path), "action", entry.name, problems)
        elif entry.name.endswith((".yaml", ".yml")):
            problems.append(
                error(
                    _rel(root, Path(entry.path)),
                    1,
                    1,
                    "misplaced-file",
                    "action files live in a plan folder: data/actions/<plan>/<ref>.yaml",
                )
            )
    return files, problems


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    if not folder.is_dir():
        return []
    with os.scandir(folder) as scan:
        return sorted(scan, key=lambda entry: entry.name)


def _yaml_files(
    root: Path, folder: Path, kind: str, plan: str, problems: list[Problem]
) -> list[RecordFile]:
    if folder.is_symlink():  # a linked folder would bring in files from anywhere on disk
        problems.append(_symlink_problem(root, folder))
        return []
    found: list[RecordFile] = []
    for entry in _entries(folder):
        path = Path(entry.path)
        if entry.is_symlink():
            problems.append(_symlink_problem(root, path))
        elif entry.is_file() and entry.name.endswith(".yaml"):
            found.append(RecordFile(path, _rel(root, path), kind, plan))
        elif entry.is_file() and entry.name.endswith(".yml"):
            problems.append(
                warning(
                    _rel(root, path),
                    1,
                    1,
                    "wrong-extension",
                    "record files end in .yaml; rename it (it was not read)",
                )
            )
    return found


def _symlink_problem(root: Path, path: Path) -> Problem:
    return error(
        _rel(root, path),
        1,
        1,
        "symlink",
        "symbolic links are not read; replace the link with the record file itself",
    )


def _rel(root: Path, path: Path) -> str:
    """The path as problems print it. A control character in a file name (an escape sequence,
    a line break that would start a fake problem or workflow command) is shown as `?`."""
    return _UNPRINTABLE_IN_NAME.sub("?", path.relative_to(root).as_posix())


_UNPRINTABLE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def parse_record_file(
    record_file: RecordFile, raw: bytes
) -> tuple[Record | None, Positions | None, list[Problem]]:
    """Parse and validate one file's bytes. Pure: no I/O."""
    document, problems = read_document(raw, record_file.rel)
    if document is None:
        return None, None, problems
    record, problems = validate_document(RECORD_TYPES[record_file.kind], document, record_file.rel)
    return record, document.positions, problems


def validate_document(
    model: type[R], document: Document, rel: str
) -> tuple[R | None, list[Problem]]:
    record, field_errors = validate_record(model, document.data)
    problems = []
    for field_error in field_errors:
        positions = document.positions
        where = (
            positions.of_key(field_error.path)
            if field_error.at_key
            else positions.of_value(field_error.path)
        )
        problems.append(error(rel, where.line, where.col, field_error.code, field_error.message))
    return record, problems


def load_repository(root: Path) -> tuple[Repository, list[Problem]]:
    """Read, parse and validate every record under `root/data`."""
    files, problems = find_record_files(root)
    repository = Repository(root=root)
    for record_file in files:
        try:
            raw = read_record_bytes(record_file.path)
        except OSError as exc:
            problems.append(
                error(
                    record_file.rel,
                    1,
                    1,
                    "unreadable",
                    f"cannot read the file ({exc.strerror or 'I/O error'})",
                )
            )
            continue
        repository.files_read += 1
        problems += _load_file(repository, record_file, raw)
    return repository, problems


def read_record_bytes(path: Path) -> bytes:
    """A record file's bytes, refusing a symbolic link even if one replaced the file since
    the folder was listed. Reads at most one byte past the size limit: enough for the
    reader to refuse a huge file without holding it all."""
    flags = os.O_RDONLY
    for name in ("O_NOFOLLOW", "O_NONBLOCK", "O_BINARY"):  # each exists on some systems only
        flags |= getattr(os, name, 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")  # a FIFO or device: never wait
        return stream.read(MAX_BYTES + 1)


def _load_file(repository: Repository, record_file: RecordFile, raw: bytes) -> list[Problem]:
    document, problems = read_document(raw, record_file.rel)
    if document is None:
        return problems
    repository.documents.append(ParsedFile(record_file.rel, document))
    model = RECORD_TYPES[record_file.kind]
    record, problems = validate_document(model, document, record_file.rel)
    if record is not None:
        add_record(repository, record_file, record, document.positions)
    return problems


def add_record(
    repository: Repository, record_file: RecordFile, record: Record, positions: Positions
) -> None:
    if isinstance(record, Board):
        repository.board = Loaded(record, record_file.rel, positions)
    elif isinstance(record, Action):
        repository.actions.append(
            LoadedAction(record, record_file.rel, positions, record_file.plan)
        )
    elif isinstance(record, Audit):
        repository.audits.append(Loaded(record, record_file.rel, positions))
    elif isinstance(record, Finding):
        repository.findings.append(Loaded(record, record_file.rel, positions))
    elif isinstance(record, ScheduledReport):
        repository.reports.append(Loaded(record, record_file.rel, positions))
