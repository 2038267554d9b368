"""Files read and written safely: never through a symbolic link, only regular files, and a
reader never sees half of a written file.

- `read_record_bytes`: a record's bytes, refusing a link, a FIFO or a device, bounded in size.
- `read_snapshot` and `write_atomic`: the one writer. A temporary file in the same folder,
  fsync, the mode kept, then a rename over the target. With the snapshot a file was read as,
  the comparison with what is on disk now and the rename happen under one lock, so two
  commands racing on one file cannot both win: the second is refused and told to retry.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from assurance_cli.problems import AssureError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: writes there are not locked
    fcntl = None  # type: ignore[assignment]

MAX_RECORD_BYTES = 512 * 1024  # a record file over this is refused unread

_READ_FLAGS = os.O_RDONLY
for _name in ("O_NOFOLLOW", "O_NONBLOCK", "O_BINARY"):  # each exists on some systems only
    _READ_FLAGS |= getattr(os, _name, 0)


def read_record_bytes(path: str | Path) -> bytes:
    """A record file's bytes, refusing a symbolic link even if one replaced the file since
    the folder was listed. Reads at most one byte past the size limit: enough for the
    reader to refuse a huge file without holding it all."""
    handle = os.open(path, _READ_FLAGS)
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")  # a FIFO or device: never wait
        # Ask for the size the file has (a 512 KiB buffer for every small file is slow), and
        # read on to the limit only if it has grown since.
        data = stream.read(min(info.st_size, MAX_RECORD_BYTES) + 1)
        if len(data) > info.st_size:
            data += stream.read(MAX_RECORD_BYTES + 1 - len(data))
        return data


def read_record_or_none(path: str | Path) -> bytes | None:
    """`read_record_bytes`, or None when the file cannot be read."""
    try:
        return read_record_bytes(path)
    except OSError:
        return None


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and mode as read, to write it back safely."""

    path: Path
    raw: bytes
    mode: int


def read_snapshot(path: Path) -> Snapshot:
    """The file at `path` as it is now; AssureError for a link, a non-regular file or an
    unreadable one."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise AssureError(f"{path} is a symbolic link; edit the file it points to instead")
        if not stat.S_ISREG(info.st_mode):
            raise AssureError(f"{path} is not a regular file")
        return Snapshot(path, read_whole(path), stat.S_IMODE(info.st_mode))
    except OSError as exc:
        raise AssureError(f"cannot read {path} ({exc.strerror or 'I/O error'})") from None


def read_whole(path: Path) -> bytes:
    """A regular file's bytes, never through a link."""
    handle = os.open(path, _READ_FLAGS)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read()


def write_atomic(
    path: Path,
    content: bytes,
    *,
    original: Snapshot | None = None,
    new: bool = False,
    within: Path | None = None,
) -> None:
    """Write `content` to `path` atomically.

    - `original`: the file must still hold the bytes it was read as (else it changed on disk
      meanwhile: AssureError, nothing written) and keeps its mode.
    - `new`: the file must not exist yet; it is never replaced if someone creates it
      meanwhile. Missing folders are made.
    - neither: a regular file is replaced (keeping its mode) or created.
    - `within`: the folder (a repository) whose subfolders lead to `path`; each must be a
      real folder, not a symbolic link, which would take the write elsewhere.

    A symbolic link, a FIFO or a device at `path` is refused, never followed or replaced.
    """
    folder = path.parent
    if within is not None:
        refuse_linked_folders(folder, within)
    if new:
        folder.mkdir(parents=True, exist_ok=True)
    with _folder_locked(folder):
        mode = _mode_for(path, original, new)
        temporary = _write_temporary(folder, path.name, content, mode)
        try:
            if new:
                _create_exclusive(temporary, path)
            else:
                os.replace(temporary, path)
            _fsync_folder(folder)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class PlannedWrite:
    """One file of a write of several: its new bytes, and the snapshot it was read as (None
    for a new file, which must not exist)."""

    path: Path
    content: bytes
    original: Snapshot | None = None


def write_all_or_none(writes: Sequence[PlannedWrite], within: Path) -> None:
    """Write several files atomically together: every one, or none.

    Every file's temporary is written (and synced) first; only then is each checked against
    what is on disk (as `write_atomic` checks it, under its folder's lock) and renamed into
    place, and each folder synced once. A failure before the renames leaves every file as it
    was; a failure during them puts back those already renamed (a new file removed, an edited
    one given its old bytes)."""
    staged: list[tuple[PlannedWrite, str]] = []
    done: list[PlannedWrite] = []
    mask = _umask()
    try:
        for write in writes:
            folder = write.path.parent
            refuse_linked_folders(folder, within)
            folder.mkdir(parents=True, exist_ok=True)
            mode = write.original.mode if write.original is not None else 0o666 & ~mask
            staged.append((write, _write_temporary(folder, write.path.name, write.content, mode)))
        for write, temporary in staged:
            with _folder_locked(write.path.parent):
                _mode_for(write.path, write.original, write.original is None)
                if write.original is None:
                    _create_exclusive(temporary, write.path)
                else:
                    os.replace(temporary, write.path)
            done.append(write)
        for folder in dict.fromkeys(write.path.parent for write in writes):
            _fsync_folder(folder)
    except BaseException:
        for _write, temporary in staged:
            Path(temporary).unlink(missing_ok=True)
        for write in reversed(done):
            if write.original is None:
                write.path.unlink(missing_ok=True)
            else:
                write_atomic(write.path, write.original.raw, within=within)
        raise


def refuse_linked_folders(folder: Path, within: Path) -> None:
    """AssureError unless every folder from `within` down to `folder` that exists is a real
    folder (a repository's own folders are what a pull request can replace with links)."""
    current = within
    for part in folder.relative_to(within).parts:
        current = current / part
        try:
            info = current.lstat()
        except FileNotFoundError:
            return  # made below, as a real folder
        except OSError as exc:
            raise AssureError(f"cannot reach {current} ({exc.strerror or 'I/O error'})") from None
        if stat.S_ISLNK(info.st_mode):
            raise AssureError(
                f"{current} is a symbolic link; nothing was written (assure never writes "
                "through a link)"
            )
        if not stat.S_ISDIR(info.st_mode):
            raise AssureError(f"{current} is not a folder; nothing was written")


def _mode_for(path: Path, original: Snapshot | None, new: bool) -> int:
    """The mode the written file gets, after the checks on what is at `path` now."""
    try:
        info: os.stat_result | None = path.lstat()
    except FileNotFoundError:
        info = None
    if new:
        if info is not None:
            raise AssureError(f"{path} already exists; nothing was written")
        return 0o666 & ~_umask()
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise AssureError(f"{path} is {what}; nothing was written (write to a regular file)")
    if original is not None:
        current = read_whole(path) if info is not None else None
        if current != original.raw:
            raise AssureError(
                f"{path} changed on disk since it was read; nothing was written. "
                "Run the command again"
            )
        return original.mode
    return stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()


def _write_temporary(folder: Path, name: str, content: bytes, mode: int) -> str:
    import tempfile  # here: a warm read writes nothing, and tempfile costs ~3 ms

    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


@contextlib.contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (flock on the folder itself: no lock file is left
    beside the records), so that checking the target and renaming over it are one step for
    every assure process writing in that folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - a folder that cannot be opened: no lock to take
        descriptor = -1
    if descriptor < 0 or fcntl is None:
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _create_exclusive(temporary: str, path: Path) -> None:
    """Rename into place without ever replacing a file someone created meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise AssureError(f"{path} already exists; nothing was written") from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise AssureError(f"{path} already exists; nothing was written") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open a folder
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)
