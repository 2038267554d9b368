"""Where records live in a board repository, and the files found there (on disk or in a git
tree), by one copy of the layout rules:

    data/board.yaml                       the board
    data/audits/<id>.yaml                 an audit         (findings/, reporting/ likewise)
    data/actions/<plan>/<ref>.yaml        an action of a plan

Symbolic links are never read; a `.yml` file in a record folder and a record file directly in
`data/actions/` are reported, not read. Names shown in problems have control characters
replaced with `?`, so a crafted file name cannot inject a line into the output.
"""

from __future__ import annotations

import os
import re
import stat
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from assurance_cli.problems import AssureError, Problem, error, warning

DATA_DIR = "data"
BOARD_FILE = "board.yaml"
ACTIONS = "actions"
FOLDER_KINDS = {"audits": "audit", "findings": "finding", "reporting": "reporting"}
KINDS = ("board", "action", "audit", "finding", "reporting")


class RecordFile(NamedTuple):
    """A file found under data/ and what it should hold. A named tuple: one is made for every
    file on every command, and it is cheaper to make than a frozen dataclass."""

    path: str | Path  # where to read it (a string when listed: cheaper than a Path)
    rel: str  # as problems name it: relative to the repository root, forward slashes
    kind: str  # one of KINDS
    plan: str = ""
    # What the cache compares to know the file is unchanged (0 where not from a disk). The
    # inode's change time cannot be set back by a user, as a modification time can.
    size: int = 0
    mtime_ns: int = 0
    inode: int = 0
    ctime_ns: int = 0


def on_disk(path: str | Path, rel: str, kind: str, plan: str, info: os.stat_result) -> RecordFile:
    """A RecordFile with the stamp of its `lstat`."""
    return RecordFile(
        path, rel, kind, plan, info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns
    )


def ref_file_stem(ref: str) -> str:
    """The file name (without `.yaml`) of an action whose ref is published as `ref`:
    lowercase letters and digits kept, every run of anything else one `-`, none at the ends.
    `1a` -> `1a`, `1.1b` -> `1-1b`, `3 (ii)` -> `3-ii`, `WS2-c` -> `ws2-c`."""
    return _NOT_ALNUM.sub("-", ref.lower()).strip("-")


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


# --- the rules ------------------------------------------------------------------------------


def folder_kind(folder: tuple[str, ...]) -> tuple[str, str] | None:
    """The record kind and plan of the files in `folder` (its parts below data/), or None
    when it is not a record folder."""
    if len(folder) == 1 and folder[0] in FOLDER_KINDS:
        return FOLDER_KINDS[folder[0]], ""
    if folder == (ACTIONS,):  # actions outside any plan (a review's recommendations)
        return "action", ""
    if len(folder) == 2 and folder[0] == ACTIONS:
        return "action", folder[1]
    return None


def is_record_name(name: str) -> bool:
    return name.endswith(".yaml")


def name_problem(rel: str, name: str) -> Problem | None:
    """The problem of a file in a record folder that is not read for its name."""
    if name.endswith(".yml"):
        return warning(
            rel, 1, 1, "wrong-extension", "record files end in .yaml; rename it (it was not read)"
        )
    return None


def symlink_problem(rel: str) -> Problem:
    return error(
        rel,
        1,
        1,
        "symlink",
        "symbolic links are not read; replace the link with the record file itself",
    )


def missing_board_problem() -> Problem:
    return error(
        f"{DATA_DIR}/{BOARD_FILE}",
        1,
        1,
        "missing-board",
        "data/board.yaml is missing; it defines plans, themes, leads and statuses",
    )


def printable(name: str) -> str:
    """`name` as problems print it: control and bidi characters, and bytes that are not
    UTF-8, shown as `?`."""
    if is_plain(name):  # the usual case, checked without the regex
        return name
    return _UNPRINTABLE_IN_NAME.sub("?", name)


def is_plain(text: str) -> bool:
    return text.isascii() and text.isprintable()


# Control and bidi characters (as render/escape.py makes visible in text), and the lone
# surrogates that stand for a name's bytes that are not UTF-8 (no output can print them).
_UNPRINTABLE_IN_NAME = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


# --- on disk --------------------------------------------------------------------------------


def find_record_files(root: Path) -> tuple[list[RecordFile], list[Problem]]:
    """List the record files under `root/data`, in a stable order. Symlinks are refused; a
    folder that cannot be listed, a file that vanishes while it is listed, and anything but
    a regular file where a record should be (or a file where a folder should be) are
    problems, never a silent gap."""
    data = root / DATA_DIR
    if data.is_symlink():
        return [], [symlink_problem(DATA_DIR)]
    if not data.is_dir():
        what = f"'{DATA_DIR}' is not a folder" if data.exists() else f"no '{DATA_DIR}/' folder"
        raise AssureError(f"{what} in {root}; run assure in a board repository or pass --root DIR")
    files: list[RecordFile] = []
    problems: list[Problem] = []
    board_rel = f"{DATA_DIR}/{BOARD_FILE}"
    board = _record_file(data / BOARD_FILE, board_rel, "board", "", problems)
    if board is not None:
        files.append(board)
    elif not problems:  # not there at all (else its problem says what is there)
        problems.append(missing_board_problem())
    for folder in FOLDER_KINDS:
        files += _files_in(root, (folder,), problems)
    actions = data / ACTIONS
    actions_rel = f"{DATA_DIR}/{ACTIONS}"
    if actions.is_symlink():
        problems.append(symlink_problem(actions_rel))
        return files, problems
    for entry in _entries(actions, actions_rel, problems):
        rel = f"{actions_rel}/{printable(entry.name)}"
        if entry.is_symlink():
            problems.append(symlink_problem(rel))
        elif entry.is_dir():
            files += _files_in(root, (ACTIONS, entry.name), problems)
        elif is_record_name(entry.name):  # an action outside any plan
            found = _record_file(Path(entry.path), rel, "action", "", problems)
            if found is not None:
                files.append(found)
        elif (problem := name_problem(rel, entry.name)) is not None:
            problems.append(problem)
        elif not entry.name.startswith("."):  # .gitkeep, .DS_Store...
            problems.append(wrong_file_type_problem(rel, "a file where a plan folder belongs"))
    return files, problems


def _record_file(
    path: Path, rel: str, kind: str, plan: str, problems: list[Problem]
) -> RecordFile | None:
    """The record file at `path`, or None with the problem (None alone when it is missing)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.append(unreadable_problem(rel, f"cannot read the file ({exc.strerror})"))
        return None
    if stat.S_ISREG(info.st_mode):
        return on_disk(path, rel, kind, plan, info)
    if stat.S_ISLNK(info.st_mode):
        problems.append(symlink_problem(rel))
    else:
        problems.append(not_regular_problem(rel, info.st_mode))
    return None


def _entries(folder: Path, rel: str, problems: list[Problem]) -> list[os.DirEntry[str]]:
    """The entries of a record folder, by name; none, with a problem, when it is a file or
    cannot be listed; none when it does not exist."""
    try:
        with os.scandir(folder) as scan:
            return sorted(scan, key=_BY_NAME)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        problems.append(wrong_file_type_problem(rel, f"a file where the folder {rel}/ belongs"))
    except OSError as exc:
        reason = exc.strerror or "I/O error"
        problems.append(unreadable_problem(rel, f"cannot list the folder ({reason})"))
    return []


_BY_NAME = attrgetter("name")


def _files_in(root: Path, folder: tuple[str, ...], problems: list[Problem]) -> list[RecordFile]:
    kind_and_plan = folder_kind(folder)
    assert kind_and_plan is not None  # only record folders are listed
    kind, plan = kind_and_plan
    path = root.joinpath(DATA_DIR, *folder)
    folder_rel = "/".join((DATA_DIR, *(printable(part) for part in folder)))
    if path.is_symlink():  # a linked folder would bring in files from anywhere on disk
        problems.append(symlink_problem(folder_rel))
        return []
    entries = _entries(path, folder_rel, problems)
    # One test for the whole folder: names are almost always plain, printable ASCII.
    plain = is_plain("".join(entry.name for entry in entries))
    found: list[RecordFile] = []
    for entry in entries:
        name = entry.name
        rel = f"{folder_rel}/{name if plain else printable(name)}"
        if entry.is_symlink():
            problems.append(symlink_problem(rel))
        elif is_record_name(name) and entry.is_file():
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:  # gone since the folder was listed (or replaced by then)
                problems.append(unreadable_problem(rel, _VANISHED))
                continue
            # RecordFile made here, not through on_disk: one call fewer per file, every run.
            found.append(
                RecordFile(
                    entry.path,
                    rel,
                    kind,
                    plan,
                    info.st_size,
                    info.st_mtime_ns,
                    info.st_ino,
                    info.st_ctime_ns,
                )
            )
        elif entry.is_file():
            problem = name_problem(rel, name)
            if problem is not None:
                problems.append(problem)
        elif is_record_name(name):  # a folder, a FIFO, a socket or a device
            problems.append(_not_a_file(entry, rel))
    return found


_VANISHED = "the file vanished while assure read its folder; run the command again"


def _not_a_file(entry: os.DirEntry[str], rel: str) -> Problem:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return unreadable_problem(rel, _VANISHED)
    return not_regular_problem(rel, mode)


def unreadable_problem(rel: str, message: str) -> Problem:
    return error(rel, 1, 1, "unreadable", message)


def wrong_file_type_problem(rel: str, what: str) -> Problem:
    return error(rel, 1, 1, "wrong-file-type", what)


def not_regular_problem(rel: str, mode: int) -> Problem:
    """A record's place holds a FIFO, a folder, a socket or a device."""
    what = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    return wrong_file_type_problem(rel, f"{what}, not a regular file; a record is a file")


# --- in a git tree --------------------------------------------------------------------------


class TreeFile(NamedTuple):
    """A file of a git tree under the board's folder."""

    rel: str  # relative to the board repository, forward slashes
    object_id: str
    size: int
    symlink: bool


def classify_tree(
    root: Path, entries: list[TreeFile]
) -> tuple[list[tuple[str, RecordFile]], list[Problem]]:
    """Which files of a git tree are records, by the same rules as `find_record_files`.
    Returns (object id, RecordFile) pairs in a stable order, and the problems of the layout."""
    files: list[tuple[str, RecordFile]] = []
    problems: list[Problem] = []
    has_board = False
    for entry in sorted(entries, key=_BY_REL):
        parts = tuple(entry.rel.split("/"))
        if len(parts) < 2 or parts[0] != DATA_DIR:
            continue
        rel = "/".join(printable(part) for part in parts)
        folder, name = parts[1:-1], parts[-1]
        if folder == () and (name in FOLDER_KINDS or name == ACTIONS):
            problems.append(wrong_file_type_problem(rel, f"a file where the folder {rel}/ belongs"))
            continue
        if folder == (ACTIONS,) and not name.endswith((".yaml", ".yml")):
            if not name.startswith("."):
                problems.append(wrong_file_type_problem(rel, "a file where a plan folder belongs"))
            continue
        if folder == () and name == BOARD_FILE:
            record_file = RecordFile(root / entry.rel, rel, "board")
        else:
            kind_and_plan = folder_kind(folder)
            if kind_and_plan is None:
                continue
            if entry.symlink:
                problems.append(symlink_problem(rel))
                continue
            if not is_record_name(name):
                problem = name_problem(rel, name)
                if problem is not None:
                    problems.append(problem)
                continue
            record_file = RecordFile(root / entry.rel, rel, *kind_and_plan)
        has_board = has_board or record_file.kind == "board"
        if entry.symlink:
            problems.append(symlink_problem(rel))
            continue
        files.append((entry.object_id, record_file))
    if not has_board:
        problems.append(missing_board_problem())
    return files, problems


_BY_REL = attrgetter("rel")
