"""One board's export, read from its repository: the tables, the commit they were read
from, and what stops or qualifies the export (personal data; files that did not load).

Library first: `assure export --format jsonl` and `assure region` (for boards given by path) both
call `board_export`; the CLI only prints and picks the exit code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assurance_cli.index.build import Index
from assurance_cli.problems import Problem
from assurance_cli.queries.export_tables import Row, export_tables
from assurance_cli.repo.workspace import Workspace

MANIFEST = "manifest.json"  # the file an export folder is named by, written last


@dataclass(frozen=True)
class BoardExport:
    board_id: str
    commit: str
    tables: dict[str, list[Row]]
    personal_data: tuple[Problem, ...]  # privacy errors: the export is refused unless allowed
    left_out: tuple[Problem, ...]  # errors of files whose record did not load


def default_board_id(index: Index, root: Path) -> str:
    """The board's name in lower case with hyphens (`sandwell-safeguarding-children-board`);
    the folder's name when there is no board.yaml."""
    name = index.board.name if index.board is not None else root.resolve().name
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "board"


def personal_data_problems(problems: list[Problem]) -> tuple[Problem, ...]:
    """The privacy errors among a workspace's problems, as `check` reports them."""
    from assurance_cli.checks.privacy import KINDS
    from assurance_cli.problems import Severity

    return tuple(p for p in problems if p.code in KINDS and p.severity is Severity.ERROR)


def board_export(
    workspace: Workspace, root: Path, *, commit: str, board_id: str | None = None
) -> BoardExport:
    """The export of an opened workspace. The tables are built even when personal data was
    found: the caller refuses to write them unless told to."""
    from assurance_cli.repo.revision import left_out

    found_id = board_id or default_board_id(workspace.index, root)
    return BoardExport(
        board_id=found_id,
        commit=commit,
        tables=export_tables(workspace.index, board_id=found_id, commit=commit),
        personal_data=personal_data_problems(workspace.problems),
        left_out=tuple(left_out(workspace.problems, workspace.repository)),
    )


def read_board(root: Path, *, board_id: str | None = None, use_cache: bool = True) -> BoardExport:
    """Open the board repository at `root` as it is on disk and build its export."""
    from assurance_cli.repo.provenance import records_commit
    from assurance_cli.repo.workspace import open_workspace

    workspace = open_workspace(root, use_cache=use_cache)
    return board_export(workspace, root, commit=records_commit(root), board_id=board_id)
