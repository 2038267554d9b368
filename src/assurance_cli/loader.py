"""data/ -> validated records and the problems found on the way (positions found on demand).

One bad file never stops the others: it is reported and left out of the repository.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from .problems import AssureError, Problem, error, warning
from .records import (
    Action,
    Audit,
    Board,
    Finding,
    Record,
    ScheduledReport,
    rebuilt_as_tuple,
)

# Parsing and validation (yaml, pydantic) are imported where a file is read: a warm run
# takes every record from the cache and needs neither.
if TYPE_CHECKING:
    from .cache import RecordCache
    from .models import FieldError
    from .yamlio import Document, Positions

R = TypeVar("R", bound=Record)
T = TypeVar("T")
U = TypeVar("U")

DATA_DIR = "data"
BOARD_FILE = "board.yaml"


@dataclass(eq=False)
class Loaded(Generic[R]):
    """A validated record and the file it came from. Read-only by convention (not frozen:
    ten thousand are made on every command, and a frozen dataclass is slow to make).

    Where each of its values stands (`positions`) is found only when a problem needs it:
    the file is parsed again then, so the fast path and the warm cache keep no positions."""

    record: R
    path: str  # relative to the repository root, forward slashes
    file: str | Path | None = None  # where to find the positions again (None: not on disk)
    located: Positions | None = None  # positions already known, if any

    @cached_property
    def positions(self) -> Positions:
        from .yamlio import Positions

        if self.located is not None:
            return self.located
        if self.file is None:
            return Positions()
        try:
            raw = read_record_bytes(self.file)
        except OSError:
            return Positions()
        return _Reading(self.path, raw).positions


@dataclass(eq=False)
class LoadedAction(Loaded[Action]):
    plan: str = ""

    @property
    def id(self) -> str:
        return f"{self.plan}/{self.record.ref}"


@dataclass
class Repository:
    """Everything that loaded cleanly from one board's `data/`."""

    root: Path
    board: Loaded[Board] | None = None
    actions: list[LoadedAction] = field(default_factory=list)
    audits: list[Loaded[Audit]] = field(default_factory=list)
    findings: list[Loaded[Finding]] = field(default_factory=list)
    reports: list[Loaded[ScheduledReport]] = field(default_factory=list)
    files_read: int = 0


class RecordFile(NamedTuple):
    """A file found under data/ and what it should hold. A named tuple: one is made for every
    file on every command, and it is cheaper to make than a frozen dataclass."""

    path: str | Path  # where to read it (a string when listed: cheaper than a Path)
    rel: str
    kind: str  # board, action, audit, finding or reporting (a key of models.RECORD_TYPES)
    plan: str = ""
    size: int = 0  # with mtime_ns, what the cache compares to know the file is unchanged
    mtime_ns: int = 0


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
        info = board.stat()
        files.append(
            RecordFile(board, _rel(root, board), "board", "", info.st_size, info.st_mtime_ns)
        )
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
        return sorted(scan, key=_BY_NAME)


_BY_NAME = attrgetter("name")


def _yaml_files(
    root: Path, folder: Path, kind: str, plan: str, problems: list[Problem]
) -> list[RecordFile]:
    if folder.is_symlink():  # a linked folder would bring in files from anywhere on disk
        problems.append(_symlink_problem(root, folder))
        return []
    # Plain strings, not Path objects: this runs once per file on every command.
    folder_rel = _rel(root, folder)
    entries = _entries(folder)
    # One test for the whole folder: names are almost always plain, printable ASCII.
    plain = _is_plain("".join(entry.name for entry in entries))
    found: list[RecordFile] = []
    for entry in entries:
        name = entry.name
        if entry.is_symlink():
            problems.append(_symlink_problem(root, Path(entry.path)))
        elif name.endswith(".yaml") and entry.is_file():
            info = entry.stat(follow_symlinks=False)
            rel = f"{folder_rel}/{name if plain else _printable(name)}"
            found.append(RecordFile(entry.path, rel, kind, plan, info.st_size, info.st_mtime_ns))
        elif name.endswith(".yml") and entry.is_file():
            problems.append(
                warning(
                    f"{folder_rel}/{_printable(name)}",
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
    return _printable(path.relative_to(root).as_posix())


def _printable(name: str) -> str:
    if _is_plain(name):  # the usual case, checked without the regex
        return name
    return _UNPRINTABLE_IN_NAME.sub("?", name)


def _is_plain(text: str) -> bool:
    return text.isascii() and text.isprintable()


_UNPRINTABLE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class FileResult(NamedTuple):
    """What one file contributes: its record (None when it is not valid) and its problems
    (reading, YAML, fields, personal data), each at its line and column. What the cache
    keeps for each file (a named tuple: quick to unpickle)."""

    record: Record | None
    problems: tuple[Problem, ...] = ()

    def unreadable(self) -> bool:
        """The file could not be read: a passing I/O fault, not something the file says."""
        return any(p.code == "unreadable" for p in self.problems)


rebuilt_as_tuple(FileResult)


def process_file(record_file: RecordFile, raw: bytes) -> FileResult:
    """Parse, validate and check one file's bytes on its own. Pure: no I/O.

    The fast path keeps no positions. Only a file with something to report is parsed a
    second time with them, so every problem stands at its exact line and column. The checks
    on the record alone (checks.check_record) run here, so the cache keeps their result."""
    from .checks import check_record
    from .models import RECORD_TYPES, to_record, validate_record
    from .privacy import check_file, may_hold_personal_data
    from .yamlio import read_document

    rel = record_file.rel
    document, problems = read_document(raw, rel, track=False)
    if document is None:
        return FileResult(None, tuple(problems))  # parser problems carry their positions
    model, field_errors = validate_record(RECORD_TYPES[record_file.kind], document.data)
    record = to_record(model) if model is not None else None
    reading = _Reading(rel, raw)
    own = list(check_record(reading, record)) if record is not None else []
    if not field_errors and not own and not may_hold_personal_data(document.data, document.text):
        return FileResult(record)
    located = reading.document
    assert located is not None  # it parsed once already
    problems = [*located_problems(field_errors, located, rel), *own, *check_file(rel, located)]
    return FileResult(record, tuple(problems))


@dataclass
class _Reading:
    """A file being processed, for the checks on its record: parsed again with positions
    only when a check has a problem to place."""

    path: str
    raw: bytes

    @cached_property
    def document(self) -> Document | None:
        from .yamlio import read_document

        return read_document(self.raw, self.path)[0]

    @property
    def positions(self) -> Positions:
        from .yamlio import Positions

        return self.document.positions if self.document is not None else Positions()


def located_problems(field_errors: list[FieldError], document: Document, rel: str) -> list[Problem]:
    """Field errors placed at the key or value they concern."""
    problems = []
    for field_error in field_errors:
        positions = document.positions
        where = (
            positions.of_key(field_error.path)
            if field_error.at_key
            else positions.of_value(field_error.path)
        )
        problems.append(error(rel, where.line, where.col, field_error.code, field_error.message))
    return problems


def read_record_bytes(path: str | Path) -> bytes:
    """A record file's bytes, refusing a symbolic link even if one replaced the file since
    the folder was listed. Reads at most one byte past the size limit: enough for the
    reader to refuse a huge file without holding it all."""
    from .yamlio import MAX_BYTES

    flags = os.O_RDONLY
    for name in ("O_NOFOLLOW", "O_NONBLOCK", "O_BINARY"):  # each exists on some systems only
        flags |= getattr(os, name, 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")  # a FIFO or device: never wait
        # Ask for the size the file has (a 512 KiB buffer for every small file is slow), and
        # read on to the limit only if it has grown since.
        data = stream.read(min(info.st_size, MAX_BYTES) + 1)
        if len(data) > info.st_size:
            data += stream.read(MAX_BYTES + 1 - len(data))
        return data


def read_and_process(record_file: RecordFile) -> FileResult:
    """Read one file and process it; an unreadable file is a problem, not an exception."""
    try:
        raw = read_record_bytes(record_file.path)
    except OSError as exc:
        reason = exc.strerror or "I/O error"
        return FileResult(
            None, (error(record_file.rel, 1, 1, "unreadable", f"cannot read the file ({reason})"),)
        )
    return process_file(record_file, raw)


# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 1500


def process_files(files: list[RecordFile], *, parallel: bool = True) -> list[FileResult]:
    """Process files in order, across the machine's cores when there are enough of them."""
    with collector_paused():
        if not worth_forking(len(files), parallel):
            return [read_and_process(record_file) for record_file in files]
        chunk = max(100, len(files) // (_workers() * 4))
        return in_workers(read_and_process, files, chunk)


def worth_forking(count: int, parallel: bool = True) -> bool:
    return parallel and count >= PARALLEL_FROM and _workers() > 1 and _can_fork()


def in_workers(function: Callable[[T], U], items: list[T], chunksize: int) -> list[U]:
    """`map` across forked worker processes, in order (the caller checked worth_forking)."""
    import concurrent.futures
    import multiprocessing

    # Imported once here, not once in each worker: forked workers share them.
    from . import checks, models, privacy, yamlio  # noqa: F401

    with concurrent.futures.ProcessPoolExecutor(
        max_workers=_workers(), mp_context=multiprocessing.get_context("fork")
    ) as pool:
        return list(pool.map(function, items, chunksize=chunksize))


def _workers() -> int:
    return min(os.cpu_count() or 1, 8)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Processing makes hundreds of thousands of objects that live on, and almost no cycles:
    the cycle collector would walk all of them again and again (about a fifth of the time).
    Forked workers inherit the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def load_repository(
    root: Path, *, cache: RecordCache | None = None, parallel: bool = True
) -> tuple[Repository, list[Problem]]:
    """Read, parse and validate every record under `root/data`. With a cache, a file whose
    size and modification time are unchanged is taken from it without being read."""
    files, problems = find_record_files(root)
    repository = Repository(root=root)
    results: list[FileResult | None] = (
        cache.get_all(files) if cache is not None else [None] * len(files)
    )
    stale = [n for n, result in enumerate(results) if result is None]
    stale_files = [files[n] for n in stale]
    if cache is not None and len(stale) == len(files) and worth_forking(len(files), parallel):
        fresh = cache.fill(stale_files)  # a cold cache: filled a shard at a time, in workers
    else:
        fresh = process_files(stale_files, parallel=parallel)
        if cache is not None:
            for record_file, result in zip(stale_files, fresh, strict=True):
                cache.put(record_file, result)
    for n, result in zip(stale, fresh, strict=True):
        results[n] = result
    if cache is not None:
        cache.forget_missing(f.rel for f in files)
    unreadable = 0
    for record_file, found in zip(files, results, strict=True):
        assert found is not None  # every stale file was processed above
        if found.problems:
            problems += found.problems
            unreadable += found.unreadable()
        if found.record is not None:
            add_record(repository, record_file, found.record)
    repository.files_read = len(files) - unreadable
    return repository, problems


def add_record(
    repository: Repository,
    record_file: RecordFile,
    record: Record,
    located: Positions | None = None,
) -> None:
    """File a validated record in the repository; its positions are found on demand from
    the file, unless `located` already knows them."""
    rel, path = record_file.rel, record_file.path
    if isinstance(record, Action):  # the most common first
        repository.actions.append(LoadedAction(record, rel, path, located, record_file.plan))
    elif isinstance(record, Board):
        repository.board = Loaded(record, rel, path, located)
    elif isinstance(record, Audit):
        repository.audits.append(Loaded(record, rel, path, located))
    elif isinstance(record, Finding):
        repository.findings.append(Loaded(record, rel, path, located))
    elif isinstance(record, ScheduledReport):
        repository.reports.append(Loaded(record, rel, path, located))
