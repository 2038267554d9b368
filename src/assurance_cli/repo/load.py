"""Record files -> validated records and the problems of each file, one bad file never
stopping the others: it is reported and left out of the repository.

`process_file` is the whole pipeline for one file's bytes (strict read, validation, the
checks on the record alone, personal data), pure and cached per file by `repo.cache`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from assurance_cli.index.loaded import Repository, add_record, add_unloaded
from assurance_cli.io.files import read_record_bytes
from assurance_cli.io.layout import RecordFile, find_record_files
from assurance_cli.model.records import Record, rebuilt_as_tuple
from assurance_cli.problems import Problem, error

# Parsing and validation (yaml, pydantic) are imported where a file is read: a warm run
# takes every record from the cache and needs neither.
if TYPE_CHECKING:
    from assurance_cli.io.yaml_reader import Document
    from assurance_cli.model.validation import FieldError

T = TypeVar("T")
U = TypeVar("U")


class FileResult(NamedTuple):
    """What one file contributes: its record (None when it is not valid) and its problems
    (reading, YAML, fields, the record's own checks, personal data), each at its line and
    column. What the cache keeps for each file (a named tuple: quick to unpickle)."""

    record: Record | None
    problems: tuple[Problem, ...] = ()

    def unreadable(self) -> bool:
        """The file could not be read: a passing I/O fault, not something the file says."""
        return any(p.code == "unreadable" for p in self.problems)


rebuilt_as_tuple(FileResult)


def process_file(record_file: RecordFile, raw: bytes) -> FileResult:
    """Parse, validate and check one file's bytes on its own. Pure: no I/O.

    The fast path keeps no positions. Only a file with something to report is parsed a
    second time with them, so every problem stands at its exact line and column."""
    from assurance_cli.checks.place import place_in
    from assurance_cli.checks.privacy import check_file, may_hold_personal_data
    from assurance_cli.checks.record import check_record, unsafe_text
    from assurance_cli.io.yaml_reader import read_document
    from assurance_cli.model.models import RECORD_TYPES, partial_record, to_record
    from assurance_cli.model.validation import validate_record

    rel = record_file.rel
    document, problems = read_document(raw, rel, track=False)
    if document is None:
        return FileResult(None, tuple(problems))  # parser problems carry their positions
    model, field_errors = validate_record(RECORD_TYPES[record_file.kind], document.data)
    record = to_record(model) if model is not None else None
    if record is not None:
        own = list(check_record(rel, record))
    else:  # still check what is valid of it, so one bad field hides no other problem
        invalid = frozenset(str(error.path[0]) for error in field_errors if error.path)
        partial = partial_record(record_file.kind, document.data, invalid)
        own = list(check_record(rel, partial, invalid)) if partial is not None else []
    own += unsafe_text(rel, document.data, document.text)
    if not field_errors and not own and not may_hold_personal_data(document.data, document.text):
        return FileResult(record)
    located = read_document(raw, rel)[0]  # parsed again, with positions
    assert located is not None  # it parsed once already
    problems = [
        *located_problems(field_errors, located, rel),
        *place_in(own, located),
        *check_file(rel, located),
    ]
    return FileResult(record, tuple(problems))


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


def read_checked_file(
    path: Path,
    rel: str,
    missing: str,
    validate: Callable[[dict[str, Any]], tuple[T | None, list[FieldError]]],
) -> tuple[T | None, Document | None, list[Problem]]:
    """A file beside the records (a paper's cover, a region file), read as a record is and
    validated: its value and document, or None and every problem placed at its line.
    AssureError(`missing`) when there is no such file."""
    from assurance_cli.io.yaml_reader import read_document
    from assurance_cli.problems import AssureError

    try:
        raw = read_record_bytes(path)
    except FileNotFoundError:
        raise AssureError(missing) from None
    except OSError as exc:
        reason = exc.strerror or "I/O error"
        return None, None, [error(rel, 1, 1, "unreadable", f"cannot read the file ({reason})")]
    document, problems = read_document(raw, rel)
    if document is None:
        return None, None, problems
    value, field_errors = validate(document.data)
    if value is None:
        return None, document, sorted(located_problems(field_errors, document, rel))
    return value, document, []


def read_and_process(record_file: RecordFile) -> FileResult:
    """Read one file and process it; an unreadable file is a problem, not an exception."""
    return read_and_process_raw(record_file)[1]


def read_and_process_raw(record_file: RecordFile) -> tuple[bytes | None, FileResult]:
    """`read_and_process`, with the bytes it read (None when the file cannot be read)."""
    try:
        raw = read_record_bytes(record_file.path)
    except OSError as exc:
        reason = exc.strerror or "I/O error"
        problem = error(record_file.rel, 1, 1, "unreadable", f"cannot read the file ({reason})")
        return None, FileResult(None, (problem,))
    return raw, process_file(record_file, raw)


# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 1500


def process_files(files: list[RecordFile], *, parallel: bool = True) -> list[FileResult]:
    """Process files in order, across the machine's cores when there are enough of them."""
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
    import assurance_cli.checks.privacy
    import assurance_cli.checks.record
    import assurance_cli.io.yaml_reader
    import assurance_cli.model.models
    import assurance_cli.model.validation  # noqa: F401

    with concurrent.futures.ProcessPoolExecutor(
        max_workers=_workers(), mp_context=multiprocessing.get_context("fork")
    ) as pool:
        return list(pool.map(function, items, chunksize=chunksize))


def _workers() -> int:
    return min(os.cpu_count() or 1, 8)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


class ResultCache(Protocol):
    """What loading asks of a cache of file results (`cache.RecordCache`)."""

    def get_all(self, files: list[RecordFile]) -> list[FileResult | None]: ...
    def fill(self, files: list[RecordFile], parallel: bool = True) -> list[FileResult]: ...
    def forget_missing(self, present: Iterator[str]) -> None: ...


def load_repository(
    root: Path, *, cache: ResultCache | None = None, parallel: bool = True
) -> tuple[Repository, list[Problem]]:
    """Read, parse and validate every record under `root/data`. With a cache, a file that is
    unchanged (the cache decides what that means) is taken from it without being parsed."""
    files, problems = find_record_files(root)
    repository = Repository(root=root)
    results: list[FileResult | None] = (
        cache.get_all(files) if cache is not None else [None] * len(files)
    )
    stale = [n for n, result in enumerate(results) if result is None]
    stale_files = [files[n] for n in stale]
    if cache is not None:
        fresh = cache.fill(stale_files, parallel)  # processed and kept
    else:
        fresh = process_files(stale_files, parallel=parallel)
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
            add_record(
                repository, record_file.rel, record_file.path, record_file.plan, found.record
            )
        else:
            add_unloaded(repository, record_file.rel, record_file.kind, record_file.plan)
    repository.files_read = len(files) - unreadable
    return repository, problems
