"""The history cache: each record file's result (record and problems) by the git blob it was
read from, so that reading the records at many revisions parses each version of a file once,
ever.

Content-addressed: an entry is keyed by the blob's id, the kind of record the file holds and
its path (its problems name the path, and the file name is checked against the id), so it
is shared by every revision with the same file and never goes stale. It is emptied when the
code that decides what a file yields changes (`repo.cache.code_version`, the one helper
reused from the warm cache).

Where: in the user's own cache folder, never in the repository:
`$XDG_CACHE_HOME/assure/history/<digest of the repository's real path>/` (or
`~/.cache/assure/...`). A folder that is a link, is not the user's own, is open to other
users or lies inside the repository is not used (no cache, never an error).

What: data only. Records are written as JSON (named tuples as their type's name and fields,
dates as day numbers) and read back into the record types alone: a damaged or crafted file
can at worst hold wrong entries in the user's own folder, never run code. A shard that does
not read back whole is ignored and written again. Spread over SHARDS files by the blob id.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from assurance_cli.dates import PartialDate
from assurance_cli.io.layout import RecordFile
from assurance_cli.model import records
from assurance_cli.problems import Problem, Severity
from assurance_cli.repo.load import FileResult

SHARDS = 16
FORMAT = 1  # of the encoding below; a new one empties the cache
_NOT_OTHERS = 0o077
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def blob_key(object_id: str, record_file: RecordFile) -> str:
    """What a file's result depends on: its bytes (the blob), its kind and its path."""
    return f"{object_id} {record_file.kind} {record_file.rel}"


class BlobCache:
    """Results by blob key; `folder` None keeps them for this run only."""

    def __init__(self, folder: Path | None, version: str) -> None:
        self.folder = folder
        self.version = version
        self.entries: dict[str, FileResult] = {}
        self.dirty: set[int] = set()

    def get(self, key: str) -> FileResult | None:
        return self.entries.get(key)

    def put(self, key: str, result: FileResult) -> None:
        self.entries[key] = result
        self.dirty.add(_shard_of(key))

    def load(self) -> None:
        """Every shard that reads back whole."""
        if self.folder is None:
            return
        for shard in range(SHARDS):
            found = _read_shard(self.folder / _shard_name(shard), self.version)
            if found is not None:
                self.entries.update(found)

    def save(self) -> None:
        """Write the shards that gained entries, each atomically; a folder that cannot be
        written just means no cache."""
        if self.folder is None or not self.dirty:
            return
        by_shard: dict[int, dict[str, Any]] = {shard: {} for shard in self.dirty}
        for key, result in self.entries.items():
            shard = _shard_of(key)
            if shard in by_shard:
                by_shard[shard][key] = encode(result)
        for shard, entries in sorted(by_shard.items()):
            document = {"format": FORMAT, "code": self.version, "entries": entries}
            text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
            if not _write(self.folder, _shard_name(shard), text.encode("ascii")):
                return
        self.dirty.clear()


def open_blob_cache(toplevel: Path, prefix: str, *, use_cache: bool = True) -> BlobCache:
    """The history cache of the board at `prefix` in the git work tree `toplevel`, loaded;
    one kept in memory only when `use_cache` is off or no private folder can be had."""
    from assurance_cli.repo.cache import code_version

    version = code_version().hex()
    folder = _private_folder(toplevel, prefix) if use_cache else None
    cache = BlobCache(folder, version)
    cache.load()
    return cache


# --- where ------------------------------------------------------------------------------------


def _cache_home() -> Path | None:
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "assure"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return None
    return home / ".cache" / "assure" if home.is_absolute() else None


def _private_folder(toplevel: Path, prefix: str) -> Path | None:
    home = _cache_home()
    if home is None or not hasattr(os, "geteuid"):
        return None
    real = os.path.realpath(toplevel)
    digest = hashlib.sha256(os.fsencode(real) + b"\0" + prefix.encode("utf-8")).hexdigest()
    folder = home / "history" / digest[:32]
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(folder)
    except OSError:
        return None
    private = (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and not info.st_mode & _NOT_OTHERS
    )
    inside = Path(os.path.realpath(folder)).is_relative_to(real)
    return folder if private and not inside else None


def _shard_of(key: str) -> int:
    first = key[:1]
    return int(first, 16) % SHARDS if first and first in "0123456789abcdef" else 0


def _shard_name(shard: int) -> str:
    return f"blobs-{shard:02d}.json"


def _read_shard(path: Path, version: str) -> dict[str, FileResult] | None:
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None  # a FIFO or a device: never read
        raw = stream.read()
    try:
        document = json.loads(raw, object_hook=_decoded)
        if document.get("format") != FORMAT or document.get("code") != version:
            return None
        entries = document["entries"]
        if not isinstance(entries, dict) or not all(
            isinstance(result, FileResult) for result in entries.values()
        ):
            return None
        return entries
    except Exception:  # a shard that does not read back whole is rebuilt, whatever went wrong
        return None


def _write(folder: Path, name: str, body: bytes) -> bool:
    temporary = None
    try:
        import tempfile  # here: a warm read writes nothing, and tempfile costs ~3 ms

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".blobs.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(body)
        os.replace(temporary, folder / name)
        return True
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False


# --- the encoding -----------------------------------------------------------------------------

# The only types an entry can be built of: the record types (named tuples), dates, problems.
_TYPES: dict[str, type[Any]] = {
    name: value
    for name, value in vars(records).items()
    if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
}
_TYPES["FileResult"] = FileResult


def encode(value: object) -> object:
    """A value of an entry as plain JSON data."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return value
    if isinstance(value, PartialDate):
        return {"p": [value.last.toordinal(), value.first.toordinal(), value.text]}
    if isinstance(value, date):
        return {"d": value.toordinal()}
    if isinstance(value, Severity):
        return {"s": value.value}
    if isinstance(value, Problem):
        fields = (value.path, value.line, value.col, value.code, value.message, value.severity)
        return {"t": "Problem", "f": [encode(field) for field in fields]}
    if isinstance(value, tuple) and kind.__name__ in _TYPES:
        return {"t": kind.__name__, "f": [encode(field) for field in value]}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"m": [[key, encode(item)] for key, item in value.items()]}
    raise TypeError(f"the history cache cannot keep a {kind.__name__}")


def _tuples(value: object) -> object:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _problem(fields: list[Any]) -> Problem:
    if len(fields) != 6 or not isinstance(fields[5], Severity):
        raise ValueError("not a problem")
    return Problem(*fields)


_TAGGED: dict[str, Callable[[Any], object]] = {
    "p": lambda v: PartialDate(date.fromordinal(v[0]), date.fromordinal(v[1]), v[2]),
    "d": date.fromordinal,
    "s": Severity,
    "m": lambda pairs: {str(key): _tuples(item) for key, item in pairs},
}


def _decoded(found: dict[str, Any]) -> object:
    """json's object hook: each encoded value back as what it was; anything else as is."""
    if len(found) == 1:
        tag, payload = next(iter(found.items()))
        build = _TAGGED.get(tag)
        return found if build is None else build(payload)
    if len(found) == 2 and "t" in found and "f" in found:
        fields = [_tuples(field) for field in found["f"]]
        if found["t"] == "Problem":
            return _problem(fields)
        cls = _TYPES[found["t"]]  # a name not in the table: KeyError, the shard is ignored
        if len(fields) != len(cls._fields):
            raise ValueError(f"{found['t']} with {len(fields)} fields")
        return tuple.__new__(cls, fields)
    return found
