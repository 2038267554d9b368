"""The warm cache: each file's validated record and problems, kept between runs.

Where: in the user's own cache folder, never in the repository; repo/cache_folder.py finds
and opens that folder and the user's key. Shards are read relative to it, without following
links: a shard that is a link, a FIFO or a device is never read.

What: spread over SHARDS files by a hash of each record's path, so that a change to one record
rewrites one shard, not the whole cache. An entry is used only when the file's kind, plan,
size, modification time, inode and inode change time all match (a user can set a
modification time back, never a change time), and the cache was written by this very code (a
digest of the modules that decide what a file yields). A file changed within RACY_NS of the
run that cached it is also checked against a digest of its bytes, since a second write in the
same tick of the clock would leave its times as they were.

Why pickle is safe here: a shard is unpickled only when its HMAC verifies, with a 32-byte key
private to the user (0600, never a link, created atomically, refused when short), over the
repository, the shard number, the code version and the body: no bytes that this user's assure
did not write are ever unpickled. As defence in depth, the unpickler can build only the record
types, `tuple.__new__`, `date` and the problem types: no other callable, whatever the bytes.
Anything else (a stale, corrupt, foreign or tampered shard) is ignored and rebuilt, never
trusted. Cross-record checks are not cached; they run on the whole index every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import stat
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assurance_cli import __version__
from assurance_cli.io.files import read_record_or_none
from assurance_cli.io.layout import RecordFile
from assurance_cli.repo import load
from assurance_cli.repo.cache_folder import (
    READ_FLAGS,
    cache_folder,
    cache_home,
    repository_id,
    write_private,
)
from assurance_cli.repo.load import FileResult, in_workers, worth_forking

# cache_home and repository_id are asked of this module by callers that find a cache's folder.
__all__ = [
    "SHARDS",
    "RecordCache",
    "RecordUnpickler",
    "cache_folder",
    "cache_home",
    "code_version",
    "deciding_files",
    "open_cache",
    "repository_id",
    "save_cache",
    "shard_name",
    "shard_of",
]

SHARDS = 64  # a change rewrites about 1/64 of the cache; a warm run reads 64 small files
# A file whose times are this close to the start of the run that caches it could be written
# again within the same tick of a coarse clock (2 s on FAT) without its times changing.
RACY_NS = 2_000_000_000
# The code that decides what a file yields (modules and whole packages of assurance_cli);
# editing any of it empties the cache.
_DECIDING_CODE = ("problems.py", "dates.py", "model", "io", "index", "checks", "repo")
_DIGEST_SIZE = 32


def deciding_files() -> list[Path]:
    """The source files of the deciding code, subpackages included (checks/privacy/: its
    findings are cached with each file)."""
    package = Path(__file__).parent.parent
    found: list[Path] = []
    for name in _DECIDING_CODE:
        place = package / name
        found += sorted(place.rglob("*.py")) if place.is_dir() else [place]
    return found


def code_version() -> bytes:
    """This code's identity: the tool's version and a digest of the deciding code."""
    digest = hashlib.sha256(__version__.encode())
    for source in deciding_files():
        digest.update(source.read_bytes())
    return digest.digest()


# --- entries --------------------------------------------------------------------------------

Stamp = tuple[str, str, int, int, int, int]
# (stamp, result, digest of the bytes read: only for a file changed just before it was read)
Entry = tuple[Stamp, FileResult, bytes | None]


def _stamp(record_file: RecordFile) -> Stamp:
    """What must not have changed: kind, plan, size, mtime_ns, inode and ctime_ns, the fields
    of RecordFile after `path` and `rel` (a slice of the tuple: get_all takes one for every
    record)."""
    stamp: Stamp = record_file[2:]
    return stamp


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclass
class RecordCache:
    """Entries by relative path."""

    root: Path
    key: bytes
    version: bytes
    repository: str = ""  # repository_id(root): part of what each shard's signature covers
    opened_ns: int = field(default_factory=time.time_ns)  # before any file was listed
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: set[int] = field(default_factory=set)  # shards to write again
    encoded: dict[int, bytes] = field(default_factory=dict)  # dirty shards already pickled

    def get_all(self, files: list[RecordFile]) -> list[FileResult | None]:
        """Each file's cached result, or None where the file changed or is new."""
        entries = self.entries
        found: list[FileResult | None] = []
        for record_file in files:
            entry = entries.get(record_file.rel)
            if entry is None or entry[0] != _stamp(record_file):
                found.append(None)
            elif entry[2] is None:
                found.append(entry[1])
            else:
                found.append(self._verified(record_file, entry))
        return found

    def _verified(self, record_file: RecordFile, entry: Entry) -> FileResult | None:
        """A racy entry's result if the file still holds the bytes it was made from."""
        raw = read_record_or_none(record_file.path)
        if raw is None or _digest(raw) != entry[2]:
            return None
        if not self._racy(record_file):  # settled since: no need to read it again
            self.entries[record_file.rel] = (entry[0], entry[1], None)
            self._changed(shard_of(record_file.rel))
        return entry[1]

    def _racy(self, record_file: RecordFile) -> bool:
        return max(record_file.mtime_ns, record_file.ctime_ns) >= self.opened_ns - RACY_NS

    def _entry(self, record_file: RecordFile, raw: bytes, result: FileResult) -> Entry:
        digest = _digest(raw) if self._racy(record_file) else None
        return (_stamp(record_file), result, digest)

    def forget_missing(self, present: Iterator[str]) -> None:
        keep = set(present)
        for rel in [rel for rel in self.entries if rel not in keep]:
            del self.entries[rel]
            self._changed(shard_of(rel))

    def _changed(self, shard: int) -> None:
        self.dirty.add(shard)
        self.encoded.pop(shard, None)  # no longer what the shard holds

    def fill(self, files: list[RecordFile], parallel: bool = True) -> list[FileResult]:
        """Process the files the cache did not have and keep their results. Many files (a
        cold cache) are processed across forked workers, one shard per task: each worker
        returns its shard as the bytes the cache keeps, and this process reads them back,
        as a warm run would; a shard that had no other entry is written as it is, so those
        records are pickled once, in the workers."""
        if not worth_forking(len(files), parallel):
            return [self._fill_one(record_file) for record_file in files]
        by_shard: dict[int, list[RecordFile]] = {}
        for record_file in files:
            by_shard.setdefault(shard_of(record_file.rel), []).append(record_file)
        tasks = [(shard, self.opened_ns, group) for shard, group in by_shard.items()]
        results: dict[str, FileResult] = {}
        occupied = {shard_of(rel) for rel in self.entries}
        for shard, body, uncached in in_workers(_process_shard, tasks, 1):
            entries: dict[str, Entry] = pickle.loads(body)  # from our own forked worker
            self.entries.update(entries)
            self._changed(shard)
            if shard not in occupied:  # the body is the whole shard
                self.encoded[shard] = body
            results.update((rel, entry[1]) for rel, entry in entries.items())
            results.update(uncached)
        return [results[record_file.rel] for record_file in files]

    def _fill_one(self, record_file: RecordFile) -> FileResult:
        raw, result = load.read_and_process_raw(record_file)
        if raw is not None:  # a passing I/O fault is not remembered
            self.entries[record_file.rel] = self._entry(record_file, raw, result)
            self._changed(shard_of(record_file.rel))
        return result


def _process_shard(
    task: tuple[int, int, list[RecordFile]],
) -> tuple[int, bytes, dict[str, FileResult]]:
    """In a worker: one shard's files processed, and pickled as the cache keeps them; the
    results that must not be cached (a file that could not be read) come back apart."""
    shard, opened_ns, files = task
    cache = RecordCache(Path(), b"", b"", opened_ns=opened_ns)
    uncached: dict[str, FileResult] = {}
    for record_file in files:
        raw, result = load.read_and_process_raw(record_file)
        if raw is None:
            uncached[record_file.rel] = result
        else:
            cache.entries[record_file.rel] = cache._entry(record_file, raw, result)
    return shard, pickle.dumps(cache.entries, protocol=pickle.HIGHEST_PROTOCOL), uncached


def shard_of(rel: str) -> int:
    """The shard a record's path belongs to: stable across runs and machines."""
    return zlib.crc32(rel.encode("utf-8", "surrogateescape")) % SHARDS


def shard_name(shard: int) -> str:
    return f"records-{shard:02d}.pickle"


# --- reading ----------------------------------------------------------------------------------


def open_cache(root: Path) -> RecordCache | None:
    """The cache for `root`, with every valid shard loaded; None when no cache can be kept.
    A shard that is missing, stale, damaged or not a regular file is left out (and written
    again on save)."""
    opened_ns = time.time_ns()
    with cache_folder(root) as found:
        if found is None:
            return None
        folder_fd, key = found
        cache = RecordCache(root, key, code_version(), repository_id(root), opened_ns)
        for shard in range(SHARDS):
            blob = _read_shard(folder_fd, shard_name(shard))
            entries = None if blob is None else _verified_entries(cache, shard, blob)
            if entries is None:
                cache.dirty.add(shard)
            else:
                cache.entries.update(entries)
    return cache


def _read_shard(folder_fd: int, name: str) -> bytes | None:
    """A shard's bytes: a regular file only, never through a link."""
    try:
        descriptor = os.open(name, READ_FLAGS, dir_fd=folder_fd)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None  # a FIFO or a device: never read
        return stream.read()


def _signature(cache: RecordCache, shard: int) -> hmac.HMAC:
    """The HMAC a shard's body extends: it covers the repository, the shard and the code."""
    signature = hmac.new(cache.key, digestmod=hashlib.sha256)
    signature.update(f"{cache.repository}/{shard}\0".encode())
    signature.update(cache.version)
    return signature


def _verified_entries(cache: RecordCache, shard: int, blob: bytes) -> dict[str, Entry] | None:
    # Views, not slices: a large cache is not copied on its way to the unpickler.
    view = memoryview(blob)
    signature, version = view[:_DIGEST_SIZE], view[_DIGEST_SIZE : 2 * _DIGEST_SIZE]
    body = view[2 * _DIGEST_SIZE :]
    expected = _signature(cache, shard)
    expected.update(body)
    if len(signature) != _DIGEST_SIZE or not hmac.compare_digest(signature, expected.digest()):
        return None  # not written by this user's assure, for this repository: never unpickled
    if version != cache.version:
        return None  # written by other code
    try:
        entries = RecordUnpickler(io.BytesIO(body)).load()
    except Exception:  # a cache that cannot be read is rebuilt, whatever went wrong
        return None
    return entries if isinstance(entries, dict) else None


def _tuple_new_only(owner: object, name: str) -> Callable[..., Any]:
    """What the pickles of the records ask `getattr` for: `tuple.__new__`, and nothing else."""
    if owner is tuple and name == "__new__":
        return tuple.__new__
    raise pickle.UnpicklingError("the cache may only name tuple.__new__")


class RecordUnpickler(pickle.Unpickler):
    """An unpickler that can build the cache's own types and call nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        allowed = _allowed_globals()
        found = allowed.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return found


_ALLOWED: dict[tuple[str, str], Any] = {}


def _allowed_globals() -> dict[tuple[str, str], Any]:
    if not _ALLOWED:
        from datetime import date

        from assurance_cli import dates, problems
        from assurance_cli.model import records

        named_tuples = [
            value
            for value in vars(records).values()
            if isinstance(value, type)
            and issubclass(value, tuple)
            and value.__module__ == records.__name__
        ]
        allowed: list[Any] = [
            *named_tuples,
            dates.PartialDate,
            problems.Problem,
            problems.Severity,
            FileResult,
            date,
            tuple,
        ]
        _ALLOWED.update({(item.__module__, item.__qualname__): item for item in allowed})
        _ALLOWED["builtins", "getattr"] = _tuple_new_only
    return _ALLOWED


# --- writing ----------------------------------------------------------------------------------


def save_cache(cache: RecordCache) -> None:
    """Write the shards that changed, each atomically; a cache folder that cannot be kept or
    written just means no cache."""
    if not cache.dirty:
        return
    by_shard: dict[int, dict[str, Entry]] = {
        shard: {} for shard in cache.dirty if shard not in cache.encoded
    }
    for rel, entry in cache.entries.items():
        shard = shard_of(rel)
        if shard in by_shard:
            by_shard[shard][rel] = entry
    with cache_folder(cache.root) as found:
        if found is None or found[1] != cache.key:
            return
        folder_fd = found[0]
        for shard in sorted(cache.dirty):
            body = cache.encoded.get(shard)
            if body is None:
                body = pickle.dumps(by_shard[shard], protocol=pickle.HIGHEST_PROTOCOL)
            if not _write_shard(cache, folder_fd, shard, body):
                return
    cache.dirty.clear()
    cache.encoded.clear()


def _write_shard(cache: RecordCache, folder_fd: int, shard: int, body: bytes) -> bool:
    """Signature, code version, pickled entries; written to a temporary file in the folder,
    then renamed over the shard (a link or anything else there is replaced, never
    followed)."""
    signature = _signature(cache, shard)
    signature.update(body)
    temporary = write_private(
        folder_fd, f".records-{shard:02d}", signature.digest(), cache.version, body
    )
    if temporary is None:
        return False
    try:
        os.replace(temporary, shard_name(shard), src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder_fd)
        return False
