"""The warm cache: each file's validated record and problems, kept between runs.

Kept in `<root>/.assure-cache/` (git-ignored), spread over SHARDS files by a hash of each
record's path, so that a change to one record rewrites one shard, not the whole cache. An
entry is used only when the file's path, size and modification time match and the cache was
written by this very code (a digest of the modules that decide what a file yields). Anything
else (a stale, corrupt, foreign or tampered cache) is ignored and rebuilt, never trusted: the
file is signed with a key kept in the user's own cache folder, so a cache committed to the
repository by someone else is never unpickled. Cross-record checks are not cached; they run
on the whole index every time."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assurance_cli import __version__
from assurance_cli.io.layout import RecordFile
from assurance_cli.repo.load import FileResult, in_workers, read_and_process

CACHE_DIR = ".assure-cache"
SHARDS = 64  # a change rewrites about 1/64 of the cache; a warm run reads 64 small files
# The code that decides what a file yields (modules and whole packages of assurance_cli);
# editing any of it empties the cache.
_DECIDING_CODE = ("problems.py", "dates.py", "model", "io", "index", "checks", "repo")
_DIGEST_SIZE = 32


def code_version() -> bytes:
    """This code's identity: the tool's version and a digest of the deciding code."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent.parent
    for name in _DECIDING_CODE:
        place = package / name
        for source in sorted(place.glob("*.py")) if place.is_dir() else [place]:
            digest.update(source.read_bytes())
    return digest.digest()


def user_key() -> bytes | None:
    """A random key private to this user (created once); None where it cannot be kept."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assure"
    key_file = base / "cache-key"
    try:
        return key_file.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = os.urandom(32)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
        return key
    except FileExistsError:  # another process made it first
        return key_file.read_bytes()
    except OSError:
        return None


Entry = tuple[tuple[str, str, int, int], FileResult]


@dataclass
class RecordCache:
    """Entries by relative path: (kind, plan, size, mtime_ns) -> the file's result."""

    root: Path
    key: bytes
    version: bytes
    entries: dict[str, Entry] = field(default_factory=dict)
    dirty: set[int] = field(default_factory=set)  # shards to write again
    encoded: dict[int, bytes] = field(default_factory=dict)  # dirty shards already pickled

    def get_all(self, files: list[RecordFile]) -> list[FileResult | None]:
        """Each file's cached result, or None where the file changed or is new."""
        entries = self.entries
        found: list[FileResult | None] = []
        for record_file in files:
            entry = entries.get(record_file.rel)
            if entry is not None and entry[0] == _stamp(record_file):
                found.append(entry[1])
            else:
                found.append(None)
        return found

    def put(self, record_file: RecordFile, result: FileResult) -> None:
        if not result.unreadable():  # a passing I/O fault is not remembered
            self.entries[record_file.rel] = (_stamp(record_file), result)
            self._changed(shard_of(record_file.rel))

    def forget_missing(self, present: Iterator[str]) -> None:
        keep = set(present)
        for rel in [rel for rel in self.entries if rel not in keep]:
            del self.entries[rel]
            self._changed(shard_of(rel))

    def _changed(self, shard: int) -> None:
        self.dirty.add(shard)
        self.encoded.pop(shard, None)  # no longer what the shard holds

    def fill(self, files: list[RecordFile]) -> list[FileResult]:
        """Process every file (a cold cache), across forked workers, one shard per task.
        Each worker returns its shard as the bytes the cache keeps; this process reads them
        back, as a warm run would, and writes them as they are: the records are pickled once,
        in the workers, instead of once there and again here."""
        by_shard: dict[int, list[RecordFile]] = {}
        for record_file in files:
            by_shard.setdefault(shard_of(record_file.rel), []).append(record_file)
        results: dict[str, FileResult] = {}
        for shard, body, uncached in in_workers(_process_shard, list(by_shard.items()), 1):
            entries = pickle.loads(body)
            self.entries.update(entries)
            self._changed(shard)
            self.encoded[shard] = body
            results.update((rel, result) for rel, (_, result) in entries.items())
            results.update(uncached)
        return [results[record_file.rel] for record_file in files]


def _process_shard(
    task: tuple[int, list[RecordFile]],
) -> tuple[int, bytes, dict[str, FileResult]]:
    """In a worker: one shard's files processed, and pickled as the cache keeps them; the
    results that must not be cached come back apart."""
    shard, files = task
    entries: dict[str, Entry] = {}
    uncached: dict[str, FileResult] = {}
    for record_file in files:
        result = read_and_process(record_file)
        if not result.unreadable():  # a passing I/O fault is not remembered
            entries[record_file.rel] = (_stamp(record_file), result)
        else:
            uncached[record_file.rel] = result
    return shard, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL), uncached


def shard_of(rel: str) -> int:
    """The shard a record's path belongs to: stable across runs and machines."""
    return zlib.crc32(rel.encode("utf-8", "surrogateescape")) % SHARDS


def shard_file(root: Path, shard: int) -> Path:
    return root / CACHE_DIR / f"records-{shard:02d}.pickle"


def _stamp(record_file: RecordFile) -> tuple[str, str, int, int]:
    """What must not have changed: kind, plan, size and mtime_ns, the fields of RecordFile
    after `path` and `rel` (a slice of the tuple: get_all takes one for every record)."""
    stamp: tuple[str, str, int, int] = record_file[2:]
    return stamp


def open_cache(root: Path) -> RecordCache | None:
    """The cache for `root`, with every valid shard loaded; None when no key can be kept.
    A shard that is missing, stale or damaged is left out (and written again on save)."""
    key = user_key()
    if key is None:
        return None
    cache = RecordCache(root, key, code_version())
    for shard in range(SHARDS):
        try:
            blob = shard_file(root, shard).read_bytes()
        except OSError:
            continue
        entries = _verified_entries(blob, key, cache.version)
        if entries is None:
            cache.dirty.add(shard)
        else:
            cache.entries.update(entries)
    return cache


def _verified_entries(blob: bytes, key: bytes, version: bytes) -> dict[str, Entry] | None:
    # Views, not slices: a large cache is not copied on its way to the unpickler.
    view = memoryview(blob)
    signature, body = view[:_DIGEST_SIZE], view[_DIGEST_SIZE:]
    expected = hmac.new(key, body, hashlib.sha256).digest()
    if len(signature) != _DIGEST_SIZE or not hmac.compare_digest(signature, expected):
        return None  # not written by this user's assure: never unpickled
    if body[: len(version)] != version:
        return None  # written by other code
    try:
        entries = pickle.loads(body[len(version) :])
    except Exception:  # a cache that cannot be read is rebuilt, whatever went wrong
        return None
    return entries if isinstance(entries, dict) else None


def save_cache(cache: RecordCache) -> None:
    """Write the shards that changed, each atomically; a folder that cannot be written just
    means no cache."""
    if not cache.dirty:
        return
    folder = cache.root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n")
    except OSError:
        return
    by_shard: dict[int, dict[str, Entry]] = {
        shard: {} for shard in cache.dirty if shard not in cache.encoded
    }
    for rel, entry in cache.entries.items():
        shard = shard_of(rel)
        if shard in by_shard:
            by_shard[shard][rel] = entry
    for shard in sorted(cache.dirty):
        body = cache.encoded.get(shard)
        if body is None:
            body = pickle.dumps(by_shard[shard], protocol=pickle.HIGHEST_PROTOCOL)
        if not _write_shard(cache, shard_file(cache.root, shard), body):
            return
    cache.dirty.clear()
    cache.encoded.clear()


def _write_shard(cache: RecordCache, path: Path, body: bytes) -> bool:
    """Signature, code version, pickled entries; written to a temporary file, then renamed."""
    import tempfile  # only a run that writes needs it

    signature = hmac.new(cache.key, cache.version, hashlib.sha256)
    signature.update(body)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".records.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(signature.digest())
            stream.write(cache.version)
            stream.write(body)
        os.replace(temporary, path)
        return True
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False
