"""`assure init`: a new board repository, written all or nothing.

`data/board.yaml` holds only what was given (the board's name, and its short name when
given); the rest of the vocabulary comes later, by hand or from `assure import
--add-vocabulary`. Beside it: the JSON Schemas editors use, a `.gitignore`, the pre-commit
config, the GitHub workflow that runs `assure check` on pull requests, and a short README
for the board's staff. A folder that already holds a board is refused; a README,
`.gitignore` or other file already there is kept, never overwritten, and said so.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from assurance_cli.edit.init_files import GITIGNORE, PRE_COMMIT, README, WORKFLOW
from assurance_cli.io.files import write_atomic
from assurance_cli.io.layout import BOARD_FILE, DATA_DIR
from assurance_cli.io.yaml_events import UNSAFE_IN_TEXT
from assurance_cli.io.yaml_writer import Value, new_document_text
from assurance_cli.model.schema import SCHEMA_DIR, json_schemas
from assurance_cli.problems import AssureError

BOARD_MODELINE = f"# yaml-language-server: $schema=../{SCHEMA_DIR}/board.schema.json\n"
# The files init writes beside board.yaml, each kept when the folder already has one.
OPTIONAL_FILES = (
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/assure.yml",
    "README.md",
)


@dataclass(frozen=True)
class NewBoard:
    """What init will write (path relative to the root -> bytes) and what it keeps."""

    root: Path
    files: dict[str, bytes]
    kept: tuple[str, ...]


def board_text(name: str, short_name: str | None = None) -> str:
    """board.yaml with only what was given."""
    values: dict[str, Value] = {"name": _given(name, "--name")}
    if short_name is not None:
        values["short_name"] = _given(short_name, "--short-name")
    return BOARD_MODELINE + new_document_text(values)


def _given(text: str, flag: str) -> str:
    # Control and bidirectional characters would make a board.yaml that `check` refuses; a
    # line break is not part of a published name either.
    if UNSAFE_IN_TEXT.search(text) or "\n" in text or "\t" in text:
        raise AssureError(
            f"{flag} holds a control character or a line break; give the name on one line, "
            "as it is published"
        )
    cleaned = " ".join(text.split())
    if not cleaned:
        raise AssureError(f"{flag} is empty; give the board's name as it is published")
    return cleaned


def plan_init(root: Path, *, name: str, short_name: str | None = None) -> NewBoard:
    """The files of a new board in `root`; AssureError when `root` already holds a board or
    is not a folder."""
    board = root / DATA_DIR / BOARD_FILE
    if root.exists() and not root.is_dir():
        raise AssureError(f"{root} is not a folder; give a folder for the new board")
    if board.exists() or board.is_symlink():
        raise AssureError(
            f"{root} already holds a board ({DATA_DIR}/{BOARD_FILE}); nothing was written. "
            "Give an empty folder, or import into this board with `assure import`"
        )
    data = root / DATA_DIR
    if data.is_dir() and any(data.iterdir()):
        raise AssureError(
            f"{root}/{DATA_DIR} already holds files but no {BOARD_FILE}; nothing was written. "
            f"Give an empty folder, or write {DATA_DIR}/{BOARD_FILE} by hand"
        )
    files: dict[str, bytes] = {
        f"{DATA_DIR}/{BOARD_FILE}": board_text(name, short_name).encode("utf-8"),
    }
    for schema_name, content in json_schemas().items():
        files[f"{SCHEMA_DIR}/{schema_name}"] = content
    texts = {
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/assure.yml": WORKFLOW,
        "README.md": README.format(name=_given(name, "--name")),
    }
    kept: list[str] = []
    for rel, text in texts.items():
        if (root / rel).exists() or (root / rel).is_symlink():
            kept.append(rel)
        else:
            files[rel] = text.encode("utf-8")
    for rel in list(files):
        if rel.startswith(f"{SCHEMA_DIR}/") and (root / rel).exists():
            kept.append(rel)
            del files[rel]
    return NewBoard(root, files, tuple(kept))


def write_new_files(root: Path, files: dict[str, bytes]) -> None:
    """Create every file, or none: on any failure the files already created are removed."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where a folder of the path should be, a read-only disk...
        raise AssureError(
            f"cannot make the folder {root} ({exc.strerror or 'I/O error'}); nothing was written"
        ) from None
    if not stat.S_ISDIR(root.lstat().st_mode):
        raise AssureError(f"{root} is a symbolic link; give a real folder")
    folders = sorted(
        {parent for rel in files for parent in (root / rel).parents if not parent.exists()},
        key=lambda folder: -len(folder.parts),
    )
    written: list[Path] = []
    try:
        for rel, content in files.items():
            path = root / rel
            write_atomic(path, content, new=True, within=root)
            written.append(path)
    except (OSError, AssureError) as exc:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for folder in folders:  # the folders it made, deepest first
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise AssureError(
            f"cannot write the new board ({reason or 'I/O error'}); nothing was written"
        ) from None


def init_board(root: Path, *, name: str, short_name: str | None = None) -> NewBoard:
    """Plan and write a new board; returns what was written and kept."""
    new = plan_init(root, name=name, short_name=short_name)
    write_new_files(root, new.files)
    return new
