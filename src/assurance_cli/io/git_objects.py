"""Old versions of the records, read through one `git cat-file --batch` process.

A command that reads the records at several revisions (`--at`, `report trend`, `digest
--since`) starts one `git cat-file --batch` and asks it for every object it needs, level by
level: the revisions' trees down to the record folders, then the record files' blobs, each
level in one batch. A tree shared by many revisions is read once. Nothing here runs git once
per file or once per revision.

The files listed are those `io/layout.classify_tree` looks at: `data/*`, `data/<folder>/*`
and `data/actions/<plan>/*` (deeper files are never records), with paths relative to the
board repository, as `git.list_data_files` lists them.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Sequence
from typing import IO, NamedTuple

from assurance_cli.io.git import GIT_TIMEOUT, Commit, GitLocation, git_env
from assurance_cli.io.layout import ACTIONS, DATA_DIR, FOLDER_KINDS, TreeFile
from assurance_cli.problems import AssureError

TREE_MODE = "40000"
GITLINK_MODE = "160000"  # a submodule: another repository's commit, its files not in this one
SYMLINK_MODE = "120000"
_FOLDERS = frozenset({*FOLDER_KINDS, ACTIONS})  # the folders of data/ that hold records
_ACTIONS_REL = f"{DATA_DIR}/{ACTIONS}"
_SKIP_CHUNK = 1 << 20
NO_GIT = "git is not installed (or not on PATH); it is needed here"


class GitObject(NamedTuple):
    kind: str  # blob, tree, commit
    size: int
    data: bytes | None  # None when larger than the limit of the read: never held in memory


class TreeEntry(NamedTuple):
    mode: str
    name: str
    object_id: str


class FolderFiles(NamedTuple):
    """The files directly in one folder of data/ (or in data/ itself), and what they
    depend on: the folder's tree and path. Every revision with that tree has those files."""

    key: tuple[str, str]  # (tree id, path)
    files: tuple[TreeFile, ...]


class ObjectReader:
    """One `git cat-file --batch` process for a whole command, and the trees it has read."""

    def __init__(self, location: GitLocation) -> None:
        self.location = location
        self._process: subprocess.Popen[bytes] | None = None
        self._trees: dict[str, tuple[TreeEntry, ...]] = {}
        self._files: dict[str, list[FolderFiles]] = {}

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.close()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        process.stdout.close()

    def read(self, object_ids: Iterable[str], limit: int | None = None) -> dict[str, GitObject]:
        """Each object, by id; an object larger than `limit` bytes comes without its data."""
        wanted = list(dict.fromkeys(object_ids))
        if not wanted:
            return {}
        process = self._started()
        assert process.stdin is not None and process.stdout is not None
        request = "".join(f"{object_id}\n" for object_id in wanted).encode("ascii")
        # git answers while it reads: the request is written from a thread, so that neither
        # side waits on a full pipe. The watchdog stops a git that stops answering.
        writer = threading.Thread(target=_write, args=(process.stdin, request), daemon=True)
        watchdog = threading.Timer(GIT_TIMEOUT, process.kill)
        writer.start()
        watchdog.start()
        try:
            return {oid: _answer(process.stdout, oid, limit) for oid in wanted}
        except BaseException:
            # Answers may still be on their way: this process no longer knows where one
            # starts, so it is stopped; a later read starts a fresh one.
            process.kill()
            self.close()
            raise
        finally:
            watchdog.cancel()
            writer.join()

    def trees(self, tree_ids: Iterable[str]) -> dict[str, tuple[TreeEntry, ...]]:
        """Each tree's entries; a tree already read is not asked for again."""
        wanted = list(dict.fromkeys(tree_ids))
        for object_id, found in self.read(t for t in wanted if t not in self._trees).items():
            if found.kind != "tree" or found.data is None:
                raise AssureError(f"git object {object_id[:7]} is not a folder (a tree)")
            self._trees[object_id] = parse_tree(found.data, len(object_id) // 2)
        return {tree_id: self._trees[tree_id] for tree_id in wanted}

    def blobs(self, object_ids: Iterable[str], limit: int) -> dict[str, bytes | None]:
        """Each file's bytes; None for a file over `limit` bytes (never read into memory)."""
        found = self.read(object_ids, limit)
        return {object_id: one.data for object_id, one in found.items()}

    def data_trees(self, commits: Sequence[Commit]) -> dict[str, str | None]:
        """The tree of the board's data/ folder at each commit, by commit id (None where the
        commit has no such folder)."""
        path = [part for part in self.location.prefix.split("/") if part] + [DATA_DIR]
        current: dict[str, str | None] = {commit.id: commit.tree for commit in commits}
        for name in path:
            listings = self.trees(tree for tree in current.values() if tree is not None)
            following: dict[str, str | None] = {}
            for commit_id, tree in current.items():
                entry = None if tree is None else _named(listings[tree], name)
                if entry is not None and entry.mode == GITLINK_MODE and name == DATA_DIR:
                    raise _submodule_error(DATA_DIR)
                is_tree = entry is not None and entry.mode == TREE_MODE
                following[commit_id] = entry.object_id if entry and is_tree else None
            current = following
        return current

    def data_files(self, data_trees: Iterable[str]) -> dict[str, list[FolderFiles]]:
        """The files under each data/ tree that may be records, folder by folder, by tree
        id: three batches (data/, its record folders, the plan folders) for any number of
        trees."""
        wanted = list(dict.fromkeys(data_trees))
        tops = self.trees(t for t in wanted if t not in self._files)
        folders = self.trees(
            e.object_id for entries in tops.values() for e in entries if _is_record_folder(e)
        )
        self.trees(
            plan.object_id
            for entries in tops.values()
            for e in entries
            if e.name == ACTIONS and e.mode == TREE_MODE
            for plan in folders[e.object_id]
            if plan.mode == TREE_MODE
        )
        for tree_id in tops:
            self._files[tree_id] = self._listed(tree_id, DATA_DIR, depth=0)
        return {tree_id: self._files[tree_id] for tree_id in wanted}

    def _listed(self, tree_id: str, rel: str, depth: int) -> list[FolderFiles]:
        files: list[TreeFile] = []
        folders: list[FolderFiles] = []
        for entry in self._trees[tree_id]:
            entry_rel = f"{rel}/{entry.name}"
            if entry.mode == GITLINK_MODE:
                raise _submodule_error(entry_rel)
            if entry.mode != TREE_MODE:
                files.append(TreeFile(entry_rel, entry.object_id, 0, entry.mode == SYMLINK_MODE))
            elif (depth == 0 and entry.name in _FOLDERS) or (depth == 1 and rel == _ACTIONS_REL):
                folders += self._listed(entry.object_id, entry_rel, depth + 1)
        return [FolderFiles((tree_id, rel), tuple(files)), *folders]

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.location.toplevel,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=git_env(),
                )
            except FileNotFoundError:
                raise AssureError(NO_GIT) from None
        return self._process


def _is_record_folder(entry: TreeEntry) -> bool:
    return entry.mode == TREE_MODE and entry.name in _FOLDERS


def _named(entries: tuple[TreeEntry, ...], name: str) -> TreeEntry | None:
    for entry in entries:
        if entry.name == name:
            return entry
    return None


def _write(stream: IO[bytes], request: bytes) -> None:
    try:
        stream.write(request)
        stream.flush()
    except (BrokenPipeError, ValueError):  # git stopped (killed by the watchdog): said below
        pass


_STOPPED = "git cat-file stopped answering (it took longer than {}s, or failed)"


def _answer(stream: IO[bytes], object_id: str, limit: int | None) -> GitObject:
    """Read one object's answer: `<id> <kind> <size>\\n<data>\\n`, or `<id> missing\\n`."""
    header = stream.readline()
    if not header.endswith(b"\n"):
        raise AssureError(_STOPPED.format(GIT_TIMEOUT))
    parts = header.split()
    if len(parts) == 2 and parts[1] == b"missing":
        raise AssureError(
            f"git has no object {object_id[:7]}: this clone lacks part of its history "
            "(fetch it: `git fetch --unshallow`, or `--refetch` for a partial clone)"
        )
    if len(parts) != 3 or not parts[2].isdigit():
        raise AssureError(f"git cat-file gave an answer assure cannot read for {object_id[:7]}")
    kind, size = parts[1].decode("ascii", errors="replace"), int(parts[2])
    if limit is not None and size > limit:
        _skip(stream, size + 1)
        return GitObject(kind, size, None)
    data = stream.read(size)
    if len(data) != size or stream.read(1) != b"\n":
        raise AssureError(_STOPPED.format(GIT_TIMEOUT))
    return GitObject(kind, size, data)


def _skip(stream: IO[bytes], count: int) -> None:
    while count > 0:
        chunk = stream.read(min(count, _SKIP_CHUNK))
        if not chunk:
            raise AssureError(_STOPPED.format(GIT_TIMEOUT))
        count -= len(chunk)


def parse_tree(raw: bytes, hash_size: int) -> tuple[TreeEntry, ...]:
    """A tree object's entries: `<mode> <name>\\0<hash>` one after another."""
    entries = []
    at, end = 0, len(raw)
    try:
        while at < end:
            space = raw.index(b" ", at)
            nul = raw.index(b"\0", space)
            following = nul + 1 + hash_size
            if following > end:
                raise ValueError("a tree entry is cut short")
            entries.append(
                TreeEntry(
                    raw[at:space].decode("ascii"),
                    raw[space + 1 : nul].decode("utf-8", errors="replace"),
                    raw[nul + 1 : following].hex(),
                )
            )
            at = following
    except ValueError:
        raise AssureError("git gave a folder (tree) assure cannot read") from None
    return tuple(entries)


def _submodule_error(rel: str) -> AssureError:
    """A submodule holds another repository's files, which this one does not have: read as
    nothing, its records would look deleted, so the revision is refused."""
    shown = "".join(c if c.isprintable() else "?" for c in rel)
    return AssureError(
        f"{shown} is a git submodule in the history read: the records must be committed in "
        "this repository itself for assure to read them at a past revision"
    )
