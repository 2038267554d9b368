"""Where the warm cache lives, and the user's key that signs it (repo/cache.py: the shards).

The cache is kept in the user's own cache folder, never in the repository (a tree others
commit to): `$XDG_CACHE_HOME/assure/<digest of the repository's real path>/`, or
`~/.cache/assure/...`. A relative `XDG_CACHE_HOME` is ignored, as the XDG specification says;
a cache folder that is a symbolic link, is not the user's own, is open to other users, or lies
inside the repository is not used (no cache, never an error). Each folder is made 0700 and
each file 0600, and every file is opened relative to its folder, without following links.

The key: 32 random bytes in `cache-key` beside the repositories' folders, private to the user
(0600, never a link, refused when short or readable by others), created whole and
atomically, so that no process ever reads half a key.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

KEY_SIZE = 32
KEY_FILE = "cache-key"
_PRIVATE = 0o700
_NOT_OTHERS = 0o077  # no permission bit for group or others
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_CREATE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


def cache_home() -> Path | None:
    """`$XDG_CACHE_HOME/assure`, or `~/.cache/assure`; None when neither names an absolute
    folder (no HOME and no entry in the password database, say)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "assure"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return None
    return home / ".cache" / "assure" if home.is_absolute() else None


def repository_id(root: Path) -> str:
    """The name of a repository's cache folder: a digest of its real path."""
    return hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:32]


@contextlib.contextmanager
def _private_folder(path: Path, *, parent: int | None = None) -> Iterator[int | None]:
    """An open descriptor on `path` (a name inside the folder `parent` when given), made
    0700 if missing; None when it is a link, not a folder, not the user's own, or open to
    other users."""
    name: str | Path = path.name if parent is not None else path
    try:
        if parent is None:
            path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, _PRIVATE, dir_fd=parent)
        descriptor = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
    except OSError:  # a link (ELOOP or ENOTDIR), a file, or no permission
        yield None
        return
    try:
        info = os.fstat(descriptor)
        private = (
            stat.S_ISDIR(info.st_mode)
            and info.st_uid == os.geteuid()
            and not info.st_mode & _NOT_OTHERS
        )
        yield descriptor if private else None
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def cache_folder(root: Path) -> Iterator[tuple[int, bytes] | None]:
    """The repository's cache folder, open, and the user's key; None where no cache can be
    kept safely."""
    home = cache_home()
    if home is None or not hasattr(os, "geteuid"):
        yield None
        return
    with _private_folder(home) as home_fd:
        key = None if home_fd is None else user_key(home_fd)
        if home_fd is None or key is None or _inside(home, root):
            yield None
            return
        with _private_folder(home / repository_id(root), parent=home_fd) as folder_fd:
            yield None if folder_fd is None else (folder_fd, key)


def _inside(home: Path, root: Path) -> bool:
    """Whether the cache would lie inside the repository, where a pull request could put
    files (a CI job that sets XDG_CACHE_HOME to a folder of its checkout, say)."""
    return Path(os.path.realpath(home)).is_relative_to(os.path.realpath(root))


def user_key(home_fd: int) -> bytes | None:
    """The user's random key (made once); None when the key file is a link, not a regular
    file, not the user's own, or readable by others. A short or empty key (a first run cut
    short by a full disk, say) is replaced."""
    try:
        descriptor = os.open(KEY_FILE, READ_FLAGS, dir_fd=home_fd)
    except FileNotFoundError:
        return _new_key(home_fd, replace=False)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & _NOT_OTHERS
        ):
            return None
        key = stream.read(KEY_SIZE + 1)
    return key if len(key) == KEY_SIZE else _new_key(home_fd, replace=True)


def _new_key(home_fd: int, *, replace: bool) -> bytes | None:
    """A new key, written whole to a private temporary file and then linked (or, to replace
    a short one, renamed) into place: no process ever reads half a key."""
    key = os.urandom(KEY_SIZE)  # what secrets.token_bytes does, without its import
    temporary = write_private(home_fd, f".{KEY_FILE}", key, durable=True)
    if temporary is None:
        return None
    try:
        if replace:
            os.replace(temporary, KEY_FILE, src_dir_fd=home_fd, dst_dir_fd=home_fd)
            return key
        try:
            os.link(
                temporary, KEY_FILE, src_dir_fd=home_fd, dst_dir_fd=home_fd, follow_symlinks=False
            )
        except FileExistsError:  # another process made one first: use it
            return user_key(home_fd)
        return key
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=home_fd)


def write_private(
    folder_fd: int, prefix: str, *content: bytes, durable: bool = False
) -> str | None:
    """`content` in a new 0600 file in the folder; its name, or None on any failure. Only
    `durable` content is synced to disk: a shard lost in a crash is just rebuilt (a torn
    one fails its signature), and a sync per shard would cost more than the cache saves."""
    name = f"{prefix}.{os.urandom(8).hex()}.tmp"
    try:
        descriptor = os.open(name, _CREATE_FLAGS, 0o600, dir_fd=folder_fd)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            for part in content:
                stream.write(part)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        return name
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder_fd)
        return None
